//! Neighbour lists as CSV: `query_id,metric,rank,neighbour_id,score` — for each query point its
//! `k` nearest under Euclidean distance (score = distance, smallest first) and under cosine
//! similarity (score = similarity, largest first). A zero vector has no cosine list; points with
//! no data behind them ([`crate::pipeline::no_data`]) are in no list and have no cosine list.
//!
//! Ids are the table ids; items and users can share an id, so exports that mix kinds should
//! filter ([`KindFilter::Items`] is what `embedscope export --format neighbours` uses).

use super::{csv_text, float, point_info};
use crate::error::ReportError;
use crate::pipeline::RunOutput;
use crate::pipeline::query::{KindFilter, Neighbour, compare};

/// The header row.
pub const HEADER: [&str; 5] = ["query_id", "metric", "rank", "neighbour_id", "score"];

/// The neighbour lists of map points `queries` (k per metric, neighbours passing `filter`).
///
/// # Errors
/// [`ReportError::NotInRun`] when a query is not a map point of `run`.
pub fn neighbours_csv(
    run: &RunOutput,
    queries: &[usize],
    k: usize,
    filter: KindFilter,
) -> Result<String, ReportError> {
    let mut rows = Vec::new();
    for &q in queries {
        let cmp = compare(run, q, k, filter)
            .map_err(|e| ReportError::NotInRun(format!("map point {q}: {e}")))?;
        let query_id = point_info(run, q).id;
        let mut push = |metric: &str, list: &[Neighbour]| {
            for (rank, n) in list.iter().enumerate() {
                rows.push(vec![
                    query_id.to_owned(),
                    metric.to_owned(),
                    (rank + 1).to_string(),
                    point_info(run, n.point).id.to_owned(),
                    float(n.value),
                ]);
            }
        };
        push("euclidean", &cmp.euclidean);
        if let Ok(cos) = &cmp.cosine {
            push("cosine", cos);
        }
    }
    Ok(csv_text(&HEADER, rows))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::tests::small_run;

    #[test]
    fn both_metrics_ranked_from_one() {
        let (_dir, run) = small_run();
        let text = neighbours_csv(&run, &[0, 2], 2, KindFilter::Items).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "query_id,metric,rank,neighbour_id,score");
        // 2 queries × 2 metrics × 2 neighbours.
        assert_eq!(lines.len(), 9);
        let first: Vec<&str> = lines[1].split(',').collect();
        assert_eq!(&first[..3], ["a", "euclidean", "1"]);
        let cmp = compare(&run, 0, 2, KindFilter::Items).unwrap();
        assert_eq!(first[3], point_info(&run, cmp.euclidean[0].point).id);
        assert_eq!(
            first[4].parse::<f32>().unwrap().to_bits(),
            cmp.euclidean[0].value.to_bits()
        );
        assert!(lines[3].starts_with("a,cosine,1,"));
        assert!(lines[8].starts_with("c,cosine,2,"));
        assert!(neighbours_csv(&run, &[99], 2, KindFilter::All).is_err());
    }
}
