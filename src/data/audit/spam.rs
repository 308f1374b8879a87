//! Spam-like activity: users with a burst of interactions (at least N inside a window of M
//! minutes — a person does not rate hundreds of films in ten minutes), and interaction texts
//! (reviews, comments) repeated word for word across many interactions and users.
//!
//! Bursts are found with a sliding window over each user's sorted timestamps (two pointers,
//! O(n log n) for the sort). Repeated texts are grouped by their normalised form; short texts
//! ("great!") are ignored, since many people really do write them.

use std::collections::{BTreeSet, HashMap};

use super::normalise::normalise;
use super::{AffectedRow, AuditParams, Finding, FindingKind, RowRefs, Table};
use crate::data::Dataset;

/// Users whose interactions contain a burst of `spam_min_count` within `spam_window_minutes`.
pub(super) fn spam_users(data: &Dataset, params: &AuditParams, rows: &RowRefs) -> Option<Finding> {
    let mut times: Vec<Vec<i64>> = vec![Vec::new(); data.users.len()];
    for it in &data.interactions {
        if let Some(t) = it.timestamp {
            times[it.user as usize].push(t);
        }
    }
    let window = i64::from(params.spam_window_minutes) * 60;
    let mut affected: Vec<AffectedRow> = Vec::new();
    let mut dropped_interactions = 0;
    for (user, t) in times.iter_mut().enumerate() {
        t.sort_unstable();
        let Some((count, start, end)) = burst(t, window) else {
            continue;
        };
        if count < params.spam_min_count {
            continue;
        }
        dropped_interactions += data
            .interactions
            .iter()
            .filter(|i| i.user as usize == user)
            .count();
        let minutes = (end - start) as f64 / 60.0;
        let note = format!(
            "{count} interactions within {minutes:.1} min from {} ({} in total)",
            utc(start),
            t.len()
        );
        affected.push(rows.row(Table::Users, user, note));
    }
    (!affected.is_empty()).then(|| {
        let msg = format!(
            "{} user(s) made at least {} interactions within {} minutes (spam-like bursts); excluding them drops their {dropped_interactions} interactions too",
            affected.len(),
            params.spam_min_count,
            params.spam_window_minutes
        );
        Finding::new(FindingKind::SpamUsers, msg, affected)
    })
}

/// The densest window of sorted times `t`: (count, first time, last time) with last − first ≤
/// `window` seconds; ties go to the earliest window.
fn burst(t: &[i64], window: i64) -> Option<(usize, i64, i64)> {
    let mut best: Option<(usize, i64, i64)> = None;
    let mut i = 0;
    for j in 0..t.len() {
        while t[j] - t[i] > window {
            i += 1;
        }
        let count = j - i + 1;
        if best.is_none_or(|(c, _, _)| count > c) {
            best = Some((count, t[i], t[j]));
        }
    }
    best
}

/// Interactions whose text column repeats the same (normalised) text at least
/// `repeated_text_min` times, by at least two users.
pub(super) fn repeated_texts(
    data: &Dataset,
    params: &AuditParams,
    rows: &RowRefs,
) -> Option<Finding> {
    let mut affected = Vec::new();
    let mut groups = 0u32;
    for c in &data.interaction_metadata {
        if c.values
            .iter()
            .all(|v| v.is_empty() || v.parse::<f64>().is_ok())
        {
            continue;
        }
        let mut by_text: HashMap<String, Vec<usize>> = HashMap::new();
        for (r, v) in c.values.iter().enumerate() {
            let k = normalise(v);
            if k.chars().count() >= params.repeated_text_min_chars {
                by_text.entry(k).or_default().push(r);
            }
        }
        let mut repeated: Vec<Vec<usize>> = by_text
            .into_values()
            .filter(|g| g.len() >= params.repeated_text_min)
            .filter(|g| {
                let users: BTreeSet<u32> = g.iter().map(|&r| data.interactions[r].user).collect();
                users.len() >= 2
            })
            .collect();
        repeated.sort_unstable_by_key(|g| g[0]);
        for g in repeated {
            let users: BTreeSet<u32> = g.iter().map(|&r| data.interactions[r].user).collect();
            let text: String = c.values[g[0]].chars().take(40).collect();
            for &r in &g {
                let note = format!(
                    "{}: \"{text}\" repeated in {} interactions by {} users",
                    c.name,
                    g.len(),
                    users.len()
                );
                let mut row = rows.row(Table::Interactions, r, note);
                row.group = Some(groups);
                affected.push(row);
            }
            groups += 1;
        }
    }
    affected.sort_by_key(|r| r.row);
    (!affected.is_empty()).then(|| {
        let msg = format!(
            "{} interaction(s) share a text repeated word for word at least {} times by several users ({groups} text(s))",
            affected.len(),
            params.repeated_text_min
        );
        Finding::new(FindingKind::RepeatedTexts, msg, affected)
    })
}

/// "2026-03-14 09:05 UTC" for Unix seconds (proleptic Gregorian; Hinnant's civil-from-days).
fn utc(t: i64) -> String {
    let (days, secs) = (t.div_euclid(86_400), t.rem_euclid(86_400));
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02} UTC",
        secs / 3600,
        secs % 3600 / 60
    )
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{interaction, toy, with_interaction_lines};
    use super::*;
    use crate::data::MetaColumn;

    #[test]
    fn dates_by_hand() {
        assert_eq!(utc(0), "1970-01-01 00:00 UTC");
        assert_eq!(utc(1_767_225_600), "2026-01-01 00:00 UTC");
        assert_eq!(utc(951_782_400 + 3_600 + 120), "2000-02-29 01:02 UTC");
    }

    #[test]
    fn densest_window() {
        let t = [0, 100, 200, 250, 1000, 1001, 1002, 1003];
        assert_eq!(burst(&t, 200), Some((4, 1000, 1003)));
        assert_eq!(burst(&t, 250), Some((4, 0, 250)), "ties: earliest");
        assert_eq!(burst(&[], 10), None);
    }

    #[test]
    fn a_known_burst_is_spam_and_a_steady_user_is_not() {
        // User 0: 120 interactions 5 s apart (10 minutes); user 1: 300 spread one per hour.
        let mut d = toy(300, 2);
        d.interactions = (0..120)
            .map(|k| interaction(0, k, 1_000_000 + 5 * i64::from(k)))
            .chain((0..300).map(|k| interaction(1, k, 1_000_000 + 3600 * i64::from(k))))
            .collect();
        let p = AuditParams::default();
        let f = spam_users(&d, &p, &RowRefs { data: &d }).unwrap();
        assert_eq!(f.count, 1);
        assert_eq!(f.rows[0].user.as_deref(), Some("u1"));
        assert_eq!(f.rows[0].line, Some(2));
        // 10 minutes hold 121 stamps 5 s apart, but the user only has 120.
        assert_eq!(
            f.rows[0].note,
            "120 interactions within 9.9 min from 1970-01-12 13:46 UTC (120 in total)"
        );
        assert!(
            f.message.contains("drops their 120 interactions"),
            "{}",
            f.message
        );
        let strict = AuditParams {
            spam_min_count: 121,
            ..AuditParams::default()
        };
        assert!(spam_users(&d, &strict, &RowRefs { data: &d }).is_none());
    }

    #[test]
    fn repeated_review_text_by_several_users() {
        let mut d = toy(8, 4);
        d.interactions = (0..8).map(|k| interaction(k % 4, k, 10)).collect();
        let spam = "Best deals at cheap-films.example!!";
        let mut reviews: Vec<String> = vec![spam.into(); 5];
        reviews[2] = "BEST deals at cheap films example".into(); // same once normalised
        reviews.extend(["great!".into(), "great!".into(), String::new()]);
        d.interaction_metadata.push(MetaColumn {
            name: "review".into(),
            values: reviews,
        });
        with_interaction_lines(&mut d);
        let f = repeated_texts(&d, &AuditParams::default(), &RowRefs { data: &d }).unwrap();
        let got: Vec<(u32, Option<u64>)> = f.rows.iter().map(|r| (r.row, r.line)).collect();
        assert_eq!(
            got,
            [
                (0, Some(2)),
                (1, Some(3)),
                (2, Some(4)),
                (3, Some(5)),
                (4, Some(6))
            ]
        );
        assert_eq!(f.count, 5);
        assert!(
            f.rows[0]
                .note
                .contains("repeated in 5 interactions by 4 users")
        );
        let six = AuditParams {
            repeated_text_min: 6,
            ..AuditParams::default()
        };
        assert!(repeated_texts(&d, &six, &RowRefs { data: &d }).is_none());
    }
}
