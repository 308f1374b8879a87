//! Recommendations as CSV: `user_id,rank,item_id,score,reason` — each user's top `n` items under
//! one score metric (items they already have are excluded), with the reason in words:
//! `because of Alpha (62%) and Beta (38%)` — the past items that explain it most.

use super::{csv_text, float};
use crate::pipeline::RunOutput;
use crate::pipeline::recommend_query::recommend_for_user;
use crate::recommend::ScoreMetric;

/// The header row.
pub const HEADER: [&str; 5] = ["user_id", "rank", "item_id", "score", "reason"];

/// Recommendations for user rows `users` (users without a vector get no rows).
#[must_use]
pub fn recommendations_csv(
    run: &RunOutput,
    users: &[u32],
    n: usize,
    metric: ScoreMetric,
) -> String {
    let items = &run.data.items;
    let mut rows = Vec::new();
    for &u in users {
        let Some(user_id) = run.data.users.ids.get(u as usize) else {
            continue;
        };
        for (rank, r) in recommend_for_user(run, u, n, metric).iter().enumerate() {
            let because: Vec<String> = r
                .because
                .iter()
                .map(|b| {
                    format!(
                        "{} ({:.0}%)",
                        items.name(b.item as usize, false),
                        b.share * 100.0
                    )
                })
                .collect();
            let reason = if because.is_empty() {
                String::new()
            } else {
                format!("because of {}", because.join(" and "))
            };
            rows.push(vec![
                user_id.to_owned(),
                (rank + 1).to_string(),
                items.ids[r.item as usize].to_owned(),
                float(r.score),
                reason,
            ]);
        }
    }
    csv_text(&HEADER, rows)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::tests::small_run;

    #[test]
    fn top_items_with_reasons_excluding_seen() {
        let (_dir, run) = small_run();
        let text = recommendations_csv(&run, &[0, 1], 2, ScoreMetric::Cosine);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "user_id,rank,item_id,score,reason");
        assert_eq!(lines.len(), 5, "{text}");
        // u1 has a and b: only c and d are left; u2 has c.
        let u1: Vec<&str> = lines[1..3]
            .iter()
            .map(|l| l.split(',').nth(2).unwrap())
            .collect();
        assert!(u1.iter().all(|i| ["c", "d"].contains(i)), "{u1:?}");
        assert!(lines[1].starts_with("u1,1,"));
        assert!(lines[3].starts_with("u2,1,"));
        let expected = recommend_for_user(&run, 0, 2, ScoreMetric::Cosine);
        assert_eq!(u1[0], &run.data.items.ids[expected[0].item as usize]);
        assert!(lines[3].contains("because of Gamma (100%)"), "{}", lines[3]);
    }
}
