//! Wall-clock time for the workspace: milliseconds since the Unix epoch, and their UTC calendar
//! form for display and for the names of set-aside files.
//!
//! The calendar conversion is Howard Hinnant's `civil_from_days` (public domain,
//! <https://howardhinnant.github.io/date_algorithms.html>): a dozen lines, so no date crate.

use std::time::{SystemTime, UNIX_EPOCH};

/// Milliseconds since 1970-01-01T00:00:00Z (0 if the clock is before 1970).
#[must_use]
pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
}

/// `(year, month, day, hour, minute, second)` in UTC.
fn civil(ms: i64) -> (i64, u32, u32, u32, u32, u32) {
    let secs = ms.div_euclid(1000);
    let days = secs.div_euclid(86_400);
    let sod = secs.rem_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (
        year,
        month,
        day,
        (sod / 3600) as u32,
        (sod / 60 % 60) as u32,
        (sod % 60) as u32,
    )
}

/// ISO 8601 UTC, e.g. `2024-03-01T12:30:05Z`.
#[must_use]
pub fn iso_utc(ms: i64) -> String {
    let (y, mo, d, h, mi, s) = civil(ms);
    format!("{y:04}-{mo:02}-{d:02}T{h:02}:{mi:02}:{s:02}Z")
}

/// A calendar date (UTC) as people write it: `2024年3月1日` in Japanese, `1 Mar 2024` in English.
#[must_use]
pub fn local_date(ms: i64, ja: bool) -> String {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let (y, mo, d, ..) = civil(ms);
    if ja {
        format!("{y}年{mo}月{d}日")
    } else {
        let name = MONTHS.get(mo as usize - 1).copied().unwrap_or("");
        format!("{d} {name} {y}")
    }
}

/// [`local_date`] with the time of day (UTC): `2024年3月1日 12:30` / `1 Mar 2024, 12:30`.
#[must_use]
pub fn local_date_time(ms: i64, ja: bool) -> String {
    let (_, _, _, h, mi, _) = civil(ms);
    let date = local_date(ms, ja);
    if ja {
        format!("{date} {h:02}:{mi:02}")
    } else {
        format!("{date}, {h:02}:{mi:02}")
    }
}

/// A stamp for file names (no colons, sorts by time), e.g. `20240301-123005`.
#[must_use]
pub fn file_stamp(ms: i64) -> String {
    let (y, mo, d, h, mi, s) = civil(ms);
    format!("{y:04}{mo:02}{d:02}-{h:02}{mi:02}{s:02}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_instants() {
        assert_eq!(iso_utc(0), "1970-01-01T00:00:00Z");
        // 2000-02-29 (a leap day in a century year divisible by 400), 23:59:59.999.
        assert_eq!(iso_utc(951_868_799_999), "2000-02-29T23:59:59Z");
        // `date -u -d @1709296205` → Fri Mar  1 12:30:05 UTC 2024.
        assert_eq!(iso_utc(1_709_296_205_000), "2024-03-01T12:30:05Z");
        assert_eq!(file_stamp(1_709_296_205_000), "20240301-123005");
        assert_eq!(iso_utc(-1000), "1969-12-31T23:59:59Z");
        assert_eq!(local_date(1_709_296_205_000, true), "2024年3月1日");
        assert_eq!(local_date(1_709_296_205_000, false), "1 Mar 2024");
        assert_eq!(
            local_date_time(1_709_296_205_000, true),
            "2024年3月1日 12:30"
        );
        assert_eq!(
            local_date_time(951_868_799_999, false),
            "29 Feb 2000, 23:59"
        );
    }
}
