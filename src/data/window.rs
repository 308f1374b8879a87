//! Calendar dates and time windows over the interactions' timestamps (Unix seconds, UTC):
//! `2026-01-01..2026-03-31` (both days included), the week boundaries of the freshness study,
//! and a dataset restricted to one window.
//!
//! The calendar conversions are Howard Hinnant's `days_from_civil` / `civil_from_days` (public
//! domain, <https://howardhinnant.github.io/date_algorithms.html>): a dozen lines, so no date
//! crate.

use crate::error::WindowError;

use super::Dataset;

/// Seconds in a day.
pub const DAY_SECS: i64 = 86_400;

/// Days since 1970-01-01 of a proleptic Gregorian date.
#[must_use]
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// `(year, month, day)` of a day number (days since 1970-01-01).
#[must_use]
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(month <= 2), month, day)
}

/// The UTC day of a timestamp as `YYYY-MM-DD`.
#[must_use]
pub fn date_of(timestamp: i64) -> String {
    format_day(timestamp.div_euclid(DAY_SECS))
}

/// A day number as `YYYY-MM-DD`.
#[must_use]
pub fn format_day(days: i64) -> String {
    let (y, m, d) = civil_from_days(days);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Parse `YYYY-MM-DD` to a day number; `None` when it is not a real date.
#[must_use]
pub fn parse_day(text: &str) -> Option<i64> {
    let mut parts = text.trim().split('-');
    let year: i64 = parts.next()?.parse().ok()?;
    let month: u32 = parts.next()?.parse().ok()?;
    let day: u32 = parts.next()?.parse().ok()?;
    if parts.next().is_some() || !(1..=12).contains(&month) || day == 0 {
        return None;
    }
    let days = days_from_civil(year, month, day);
    // 2026-02-30 would roll over into March: not a date.
    (civil_from_days(days) == (year, month, day)).then_some(days)
}

/// A span of whole UTC days, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct TimeWindow {
    /// First day (days since 1970-01-01).
    pub first_day: i64,
    /// Last day, included.
    pub last_day: i64,
}

impl TimeWindow {
    /// Parse `FROM..TO` (`2026-01-01..2026-03-31`, both days included).
    ///
    /// # Errors
    /// Not two dates around `..`, a date that does not exist, or an end before the start.
    pub fn parse(text: &str) -> Result<Self, WindowError> {
        let bad = || WindowError::BadWindow {
            text: text.to_owned(),
        };
        let (from, to) = text.split_once("..").ok_or_else(bad)?;
        let (first_day, last_day) = (
            parse_day(from).ok_or_else(bad)?,
            parse_day(to).ok_or_else(bad)?,
        );
        if last_day < first_day {
            return Err(WindowError::EndsBeforeStart {
                text: text.to_owned(),
            });
        }
        Ok(Self {
            first_day,
            last_day,
        })
    }

    /// The calendar quarter (Jan–Mar, Apr–Jun…) holding day `days`.
    #[must_use]
    pub fn quarter_of(days: i64) -> Self {
        let (y, m, _) = civil_from_days(days);
        let first_month = (m - 1) / 3 * 3 + 1;
        let (ny, nm) = if first_month == 10 {
            (y + 1, 1)
        } else {
            (y, first_month + 3)
        };
        Self {
            first_day: days_from_civil(y, first_month, 1),
            last_day: days_from_civil(ny, nm, 1) - 1,
        }
    }

    /// The quarter after this window's last day.
    #[must_use]
    pub fn next_quarter(self) -> Self {
        Self::quarter_of(self.last_day + 1)
    }

    /// Two windows to compare by default over interactions from `first` to `last` (Unix
    /// seconds): the first and the last whole calendar quarter, or, when the span holds fewer
    /// than two whole quarters, its first and second half.
    #[must_use]
    pub fn default_pair(first: i64, last: i64) -> (Self, Self) {
        let (d0, d1) = (first.div_euclid(DAY_SECS), last.div_euclid(DAY_SECS));
        let mut a = Self::quarter_of(d0);
        if a.first_day < d0 {
            a = a.next_quarter();
        }
        let mut b = Self::quarter_of(d1);
        if b.last_day > d1 {
            b = Self::quarter_of(b.first_day - 1);
        }
        if a.last_day < b.first_day {
            return (a, b);
        }
        let middle = d0 + (d1 - d0) / 2;
        (
            Self {
                first_day: d0,
                last_day: middle,
            },
            Self {
                first_day: (middle + 1).min(d1),
                last_day: d1,
            },
        )
    }

    /// Whether a timestamp (Unix seconds) falls on one of the window's days.
    #[must_use]
    pub fn contains(self, timestamp: i64) -> bool {
        (self.first_day..=self.last_day).contains(&timestamp.div_euclid(DAY_SECS))
    }

    /// Number of days.
    #[must_use]
    pub fn days(self) -> i64 {
        self.last_day - self.first_day + 1
    }
}

impl std::fmt::Display for TimeWindow {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}..{}",
            format_day(self.first_day),
            format_day(self.last_day)
        )
    }
}

impl std::str::FromStr for TimeWindow {
    type Err = WindowError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

/// First and last timestamp of the interactions, when every interaction has one.
///
/// # Errors
/// [`WindowError::NoTimestamps`] when any interaction (or all) lacks a timestamp, or there are
/// none.
pub fn time_span(data: &Dataset) -> Result<(i64, i64), WindowError> {
    let mut span: Option<(i64, i64)> = None;
    for it in &data.interactions {
        let Some(t) = it.timestamp else {
            return Err(WindowError::NoTimestamps {
                dataset: data.name.clone(),
            });
        };
        span = Some(span.map_or((t, t), |(lo, hi)| (lo.min(t), hi.max(t))));
    }
    span.ok_or_else(|| WindowError::NoTimestamps {
        dataset: data.name.clone(),
    })
}

/// The dataset with only the interactions inside `window` (items and users unchanged).
///
/// # Errors
/// No timestamps ([`time_span`]); fewer than `min_interactions` in the window.
pub fn restrict(
    data: &Dataset,
    window: TimeWindow,
    min_interactions: usize,
) -> Result<Dataset, WindowError> {
    time_span(data)?;
    let kept: Vec<_> = data
        .interactions
        .iter()
        .filter(|it| it.timestamp.is_some_and(|t| window.contains(t)))
        .copied()
        .collect();
    if kept.len() < min_interactions {
        return Err(WindowError::TooFew {
            window: window.to_string(),
            interactions: kept.len(),
            needed: min_interactions,
        });
    }
    let mut out = data.clone();
    out.interactions = kept;
    // Per-interaction extras no longer line up with the rows: drop them.
    out.interaction_metadata.clear();
    out.sources.interactions = super::SourceLines::default();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip_and_match_known_days() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        // 2026-01-01T00:00:00Z = 1 767 225 600 s (the streaming sample's start).
        assert_eq!(days_from_civil(2026, 1, 1) * DAY_SECS, 1_767_225_600);
        assert_eq!(civil_from_days(days_from_civil(2024, 2, 29)), (2024, 2, 29));
        assert_eq!(date_of(1_767_225_600 + DAY_SECS - 1), "2026-01-01");
        assert_eq!(date_of(1_767_225_600 + DAY_SECS), "2026-01-02");
        assert_eq!(parse_day("2026-02-30"), None);
        assert_eq!(parse_day("2026-13-01"), None);
        assert_eq!(parse_day("26-1-1"), Some(days_from_civil(26, 1, 1)));
    }

    #[test]
    fn a_window_includes_both_days() {
        let w = TimeWindow::parse("2026-01-01..2026-03-31").unwrap();
        assert_eq!(w.days(), 31 + 28 + 31);
        assert_eq!(w.to_string(), "2026-01-01..2026-03-31");
        let start = 1_767_225_600;
        assert!(w.contains(start));
        assert!(!w.contains(start - 1));
        let last = start + 89 * DAY_SECS + DAY_SECS - 1; // 2026-03-31T23:59:59Z
        assert!(w.contains(last));
        assert!(!w.contains(last + 1));
        assert_eq!(w.next_quarter().to_string(), "2026-04-01..2026-06-30");
        assert_eq!(
            TimeWindow::quarter_of(days_from_civil(2025, 11, 5)).to_string(),
            "2025-10-01..2025-12-31"
        );
    }

    #[test]
    fn default_windows_are_whole_quarters_else_halves() {
        let day = |y, m, d| days_from_civil(y, m, d) * DAY_SECS;
        // The streaming sample: 1 January to 27 October → Q1 and Q3.
        let (a, b) = TimeWindow::default_pair(day(2026, 1, 1) + 60, day(2026, 10, 27) + 60);
        assert_eq!(a.to_string(), "2026-01-01..2026-03-31");
        assert_eq!(b.to_string(), "2026-07-01..2026-09-30");
        // From 2 January: Q1 is not whole.
        let (a, _) = TimeWindow::default_pair(day(2026, 1, 2), day(2026, 10, 27));
        assert_eq!(a.to_string(), "2026-04-01..2026-06-30");
        // Ten days: halves.
        let (a, b) = TimeWindow::default_pair(day(2026, 5, 1), day(2026, 5, 10));
        assert_eq!(a.to_string(), "2026-05-01..2026-05-05");
        assert_eq!(b.to_string(), "2026-05-06..2026-05-10");
    }

    #[test]
    fn bad_windows_say_why() {
        assert!(matches!(
            TimeWindow::parse("2026-01-01"),
            Err(WindowError::BadWindow { .. })
        ));
        assert!(matches!(
            TimeWindow::parse("2026-01-01..2026-02-30"),
            Err(WindowError::BadWindow { .. })
        ));
        assert!(matches!(
            TimeWindow::parse("2026-03-01..2026-01-01"),
            Err(WindowError::EndsBeforeStart { .. })
        ));
    }
}
