//! How much a 2D map lies: trustworthiness and k-NN preservation, overall and per point.
//!
//! - **Trustworthiness** (Venna & Kaski 2001; scikit-learn's `trustworthiness`): points that
//!   look like neighbours on the map but are far apart in the data are penalised by how far
//!   down the data's neighbour ranking they sit. 1 = no false neighbours. Computed within a
//!   sample of at most `sample` points (all points when there are fewer), exactly like
//!   `shared/bench/peers.py quality`.
//! - **k-NN preservation**: for each sampled point, the share of its k nearest neighbours in
//!   the data (among *all* points) that are also among its k nearest on the map. The per-point
//!   value is the colouring "where is this projection untrustworthy".

use ndarray::{Array2, ArrayView2};
use rayon::prelude::*;

use crate::error::{ComputeError, Result};
use crate::index::knn::{KnnMetric, batch_knn};
use crate::progress::Progress;
use crate::rng::Gen;

/// The scores of one map.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Quality {
    /// Neighbours per point.
    pub k: usize,
    /// Points scored (the sample).
    pub sample: usize,
    /// Trustworthiness within the sample, 0–1.
    pub trustworthiness: f64,
    /// Mean share of data neighbours kept on the map, 0–1.
    pub knn_preservation: f64,
    /// Per point: its share of data neighbours kept (`None` when not in the sample).
    #[serde(skip)]
    pub per_point: Vec<Option<f32>>,
}

/// Sorted sample of `min(n, size)` distinct rows (all rows when `n ≤ size`).
#[must_use]
pub fn sample_rows(n: usize, size: usize, seed: u64) -> Vec<usize> {
    if n <= size {
        return (0..n).collect();
    }
    let mut rows: Vec<usize> = (0..n).collect();
    Gen::new(seed).shuffle(&mut rows);
    rows.truncate(size);
    rows.sort_unstable();
    rows
}

/// Score `map` (n × 2) against `data` (n × d) with `k` neighbours on a sample of at most
/// `sample` points.
///
/// # Errors
/// Row counts differ, fewer than k + 2 points, `Cancelled`.
pub fn quality(
    data: ArrayView2<'_, f32>,
    map: ArrayView2<'_, f32>,
    k: usize,
    sample: usize,
    seed: u64,
    progress: &Progress,
) -> Result<Quality> {
    let n = data.nrows();
    if map.nrows() != n {
        return Err(ComputeError::InvalidParams(format!(
            "the map has {} rows, the data {n}",
            map.nrows()
        )));
    }
    if k == 0 || n < k + 2 {
        return Err(ComputeError::InvalidParams(format!(
            "projection quality needs k ≥ 1 and more than k + 1 points (k = {k}, {n} points)"
        )));
    }
    let rows = sample_rows(n, sample, seed);
    let pick = |m: ArrayView2<'_, f32>| -> Array2<f32> { m.select(ndarray::Axis(0), &rows) };
    let (qd, qm) = (pick(data), pick(map));
    // k-NN preservation against all points; the query row is excluded by its own index.
    let exclude = |lists: Vec<Vec<crate::index::Hit>>| -> Vec<Vec<u32>> {
        lists
            .into_iter()
            .zip(&rows)
            .map(|(l, &i)| {
                l.into_iter()
                    .map(|h| h.row)
                    .filter(|&r| r as usize != i)
                    .take(k)
                    .collect()
            })
            .collect()
    };
    let high = exclude(batch_knn(
        data,
        qd.view(),
        k + 1,
        KnnMetric::Euclidean,
        false,
        progress,
    )?);
    let low = exclude(batch_knn(
        map,
        qm.view(),
        k + 1,
        KnnMetric::Euclidean,
        false,
        progress,
    )?);
    let mut per_point = vec![None; n];
    let mut total = 0.0_f64;
    for ((h, l), &i) in high.iter().zip(&low).zip(&rows) {
        let kept = h.iter().filter(|r| l.contains(r)).count() as f32 / k as f32;
        per_point[i] = Some(kept);
        total += f64::from(kept);
    }
    Ok(Quality {
        k,
        sample: rows.len(),
        trustworthiness: trustworthiness(qd.view(), qm.view(), k),
        knn_preservation: total / rows.len() as f64,
        per_point,
    })
}

/// scikit-learn's `trustworthiness(X, Y, n_neighbors=k)` (Euclidean), exact, O(n² d).
#[must_use]
pub fn trustworthiness(x: ArrayView2<'_, f32>, y: ArrayView2<'_, f32>, k: usize) -> f64 {
    let n = x.nrows();
    if n < k + 2 {
        return 1.0;
    }
    let sq = |m: ArrayView2<'_, f32>, i: usize, j: usize| -> f32 {
        m.row(i)
            .iter()
            .zip(m.row(j))
            .map(|(a, b)| (a - b) * (a - b))
            .sum()
    };
    let penalty: f64 = (0..n)
        .into_par_iter()
        .map(|i| {
            // Rank (1-based) of every other point by data distance.
            let mut order: Vec<(f32, usize)> = (0..n)
                .filter(|&j| j != i)
                .map(|j| (sq(x, i, j), j))
                .collect();
            order.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            let mut rank = vec![0usize; n];
            for (r, &(_, j)) in order.iter().enumerate() {
                rank[j] = r + 1;
            }
            let mut map_order: Vec<(f32, usize)> = (0..n)
                .filter(|&j| j != i)
                .map(|j| (sq(y, i, j), j))
                .collect();
            map_order.select_nth_unstable_by(k - 1, |a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            map_order[..k]
                .iter()
                .map(|&(_, j)| rank[j].saturating_sub(k) as f64)
                .sum::<f64>()
        })
        .sum();
    let (n, k) = (n as f64, k as f64);
    1.0 - penalty * 2.0 / (n * k * (2.0 * n - 3.0 * k - 1.0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn a_faithful_map_scores_one_and_a_scrambled_one_less() {
        // Points on a line, mapped to the same line: every neighbour kept.
        let x = Array2::from_shape_fn((12, 3), |(i, j)| if j == 0 { i as f32 } else { 0.0 });
        let y = Array2::from_shape_fn((12, 2), |(i, j)| if j == 0 { i as f32 } else { 0.0 });
        let q = quality(x.view(), y.view(), 2, 100, 0, &Progress::silent()).unwrap();
        assert!((q.trustworthiness - 1.0).abs() < 1e-12);
        assert!((q.knn_preservation - 1.0).abs() < 1e-12);
        assert_eq!(q.per_point.iter().flatten().count(), 12);
        // Swap the two ends of the map: their neighbours become false.
        let mut z = y.clone();
        z[[0, 0]] = 11.0;
        z[[11, 0]] = 0.0;
        let q = quality(x.view(), z.view(), 2, 100, 0, &Progress::silent()).unwrap();
        assert!(q.trustworthiness < 1.0 && q.knn_preservation < 1.0);
        assert!(q.per_point[0].unwrap() < 0.1);
        assert!((q.per_point[5].unwrap() - 1.0).abs() < 1e-6);
    }

    #[test]
    fn trustworthiness_matches_a_hand_computed_case() {
        // Data on a line at 0, 1, 3, 7, 12 (no tied distances); the map swaps the two ends.
        // k = 1: each point's map neighbour and its rank among the data neighbours (penalty =
        // rank − 1): point 0 (map 12) → 3, rank 3, penalty 2; point 1 → 4 (map 0), rank 4, 3;
        // point 2 → 1, rank 1, 0; point 3 → 2, rank 1, 0; point 4 (map 0) → 1, rank 3, 2.
        // T = 1 − 7·2 / (5·1·(2·5 − 3·1 − 1)) = 1 − 14/30.
        let x = array![[0.0_f32], [1.0], [3.0], [7.0], [12.0]];
        let y = array![[12.0_f32], [1.0], [3.0], [7.0], [0.0]];
        assert!((trustworthiness(x.view(), y.view(), 1) - (1.0 - 14.0 / 30.0)).abs() < 1e-12);
        assert!((trustworthiness(x.view(), x.view(), 1) - 1.0).abs() < 1e-12);
    }

    #[test]
    fn bad_shapes_are_refused_and_samples_are_sorted_and_distinct() {
        let x = Array2::<f32>::zeros((3, 2));
        let y = Array2::<f32>::zeros((4, 2));
        assert!(quality(x.view(), y.view(), 1, 10, 0, &Progress::silent()).is_err());
        assert!(quality(x.view(), x.view(), 5, 10, 0, &Progress::silent()).is_err());
        let s = sample_rows(100, 10, 7);
        assert_eq!(s.len(), 10);
        assert!(s.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(sample_rows(5, 10, 7), [0, 1, 2, 3, 4]);
    }
}
