//! UMAP's fuzzy simplicial set (McInnes, Healy & Melville 2018, §3.1; umap-learn's
//! `smooth_knn_dist`, `compute_membership_strengths` and `fuzzy_simplicial_set`): each point's
//! k-NN distances become memberships exp(−(d − ρ) / σ), with ρ the distance to its nearest
//! (non-identical) neighbour and σ found by binary search so that the memberships sum to
//! log2(n_neighbors); the directed graph P is then symmetrised by the fuzzy union
//! P + Pᵀ − P∘Pᵀ.
//!
//! umap-learn's neighbour lists include the point itself (distance 0, membership 0) as the
//! first of `n_neighbors`; here the graph excludes it, so a row has `n_neighbors − 1` others and
//! their memberships sum to log2(n_neighbors), exactly as umap-learn's sum over columns 1…k − 1.

use multiversion::multiversion;

use crate::project::knn_graph::KnnGraph;

/// Binary-search steps for σ (umap-learn: 64).
const SEARCH_STEPS: usize = 64;
/// Stop when the membership sum is this close to the target (umap-learn: 1e-5).
const TOLERANCE: f64 = 1e-5;
/// σ is at least this share of the mean neighbour distance (umap-learn's `MIN_K_DIST_SCALE`).
const MIN_K_DIST_SCALE: f64 = 1e-3;

/// ρ and σ of one point.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Smooth {
    /// Distance to the nearest neighbour at a non-zero distance (0 when there is none).
    pub rho: f32,
    /// Bandwidth of the memberships.
    pub sigma: f32,
}

/// ρ and σ for a row of distances to its neighbours (self excluded, nearest first), so that
/// Σ exp(−max(0, d − ρ) / σ) = `target`; `mean_all` is the mean distance over all rows (the
/// floor of σ for a point whose neighbours all sit at distance 0).
///
/// Compiled for the baseline and for AVX2 + FMA, picked at run time, for its calls of libm's
/// `exp` (see `index::metric`); the same operations in both copies.
#[must_use]
#[multiversion(targets("x86_64+avx2+fma"))]
pub fn smooth_knn(distances: &[f32], target: f64, mean_all: f64) -> Smooth {
    let rho = distances.iter().copied().find(|&d| d > 0.0).unwrap_or(0.0);
    let (mut lo, mut hi, mut mid) = (0.0_f64, f64::INFINITY, 1.0_f64);
    for _ in 0..SEARCH_STEPS {
        let sum: f64 = distances
            .iter()
            .map(|&d| {
                let d = f64::from(d - rho);
                if d > 0.0 { (-d / mid).exp() } else { 1.0 }
            })
            .sum();
        if (sum - target).abs() < TOLERANCE {
            break;
        }
        if sum > target {
            hi = mid;
            mid = f64::midpoint(lo, hi);
        } else {
            lo = mid;
            mid = if hi.is_finite() {
                f64::midpoint(lo, hi)
            } else {
                mid * 2.0
            };
        }
    }
    // umap-learn's mean includes the point itself at distance 0.
    let mean_own =
        distances.iter().map(|&d| f64::from(d)).sum::<f64>() / (distances.len() + 1) as f64;
    let floor = MIN_K_DIST_SCALE * if rho > 0.0 { mean_own } else { mean_all };
    Smooth {
        rho,
        sigma: mid.max(floor) as f32,
    }
}

/// Membership of a neighbour at distance `d`.
#[must_use]
pub fn membership(d: f32, s: Smooth) -> f32 {
    if d - s.rho <= 0.0 || s.sigma <= 0.0 {
        1.0
    } else {
        (-(d - s.rho) / s.sigma).exp()
    }
}

/// The symmetric fuzzy graph as directed edges (both directions of every pair), sorted by
/// (head, tail).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Edges {
    /// Source point of each edge.
    pub head: Vec<u32>,
    /// Target point of each edge.
    pub tail: Vec<u32>,
    /// Fuzzy-union weight in (0, 1].
    pub weight: Vec<f32>,
}

/// The fuzzy simplicial set of a k-NN graph (`knn` rows self excluded, nearest first,
/// Euclidean distances), `n_neighbors` counting the point itself as umap-learn does.
#[must_use]
pub fn fuzzy_graph(knn: &KnnGraph, n_neighbors: usize) -> Edges {
    let target = (n_neighbors as f64).log2();
    let others = n_neighbors.saturating_sub(1);
    let count: usize = knn.rows() * knn.k().min(others);
    let mean_all = knn
        .iter()
        .flat_map(|r| r.iter().take(others))
        .map(|h| f64::from(h.value))
        .sum::<f64>()
        / count.max(1) as f64;
    // Directed memberships keyed by the unordered pair: (low, high, low→high, high→low).
    let mut pairs: Vec<(u32, u32, f32, f32)> = Vec::with_capacity(count);
    for (i, row) in knn.iter().enumerate() {
        let row = &row[..row.len().min(others)];
        let distances: Vec<f32> = row.iter().map(|h| h.value).collect();
        let s = smooth_knn(&distances, target, mean_all);
        let i = i as u32;
        for h in row.iter().filter(|h| h.row != i) {
            let w = membership(h.value, s);
            if w <= 0.0 {
                continue;
            }
            pairs.push(if i < h.row {
                (i, h.row, w, 0.0)
            } else {
                (h.row, i, 0.0, w)
            });
        }
    }
    pairs.sort_unstable_by_key(|p| (p.0, p.1));
    let mut merged: Vec<(u32, u32, f32)> = Vec::with_capacity(pairs.len());
    let mut it = pairs.into_iter().peekable();
    while let Some((lo, hi, mut up, mut down)) = it.next() {
        while let Some(next) = it.next_if(|p| (p.0, p.1) == (lo, hi)) {
            up = up.max(next.2);
            down = down.max(next.3);
        }
        // Fuzzy union (probabilistic t-conorm): P + Pᵀ − P∘Pᵀ.
        let w = up + down - up * down;
        if w > 0.0 {
            merged.push((lo, hi, w));
        }
    }
    let mut directed: Vec<(u32, u32, f32)> = merged
        .iter()
        .flat_map(|&(lo, hi, w)| [(lo, hi, w), (hi, lo, w)])
        .collect();
    drop(merged);
    directed.sort_unstable_by_key(|e| (e.0, e.1));
    let mut edges = Edges {
        head: Vec::with_capacity(directed.len()),
        tail: Vec::with_capacity(directed.len()),
        weight: Vec::with_capacity(directed.len()),
    };
    for (h, t, w) in directed {
        edges.head.push(h);
        edges.tail.push(t);
        edges.weight.push(w);
    }
    edges
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::Hit;

    fn hit(row: u32, value: f32) -> Hit {
        Hit { row, value }
    }

    #[test]
    fn memberships_sum_to_log2_k() {
        // Distances of 14 neighbours (n_neighbors = 15, the point itself excluded).
        let rows: [Vec<f32>; 3] = [
            (1..=14).map(|i| i as f32 * 0.37).collect(),
            (1..=14).map(|i| 2.0 + (i as f32).sqrt()).collect(),
            vec![
                0.0, 0.0, 0.5, 0.9, 1.0, 1.1, 1.4, 1.5, 2.0, 2.2, 2.3, 3.0, 4.5, 8.0,
            ],
        ];
        for d in &rows {
            let s = smooth_knn(d, 15_f64.log2(), 1.0);
            let sum: f32 = d.iter().map(|&x| membership(x, s)).sum();
            assert!((sum - 15_f32.log2()).abs() < 1e-3, "sum {sum} for {d:?}");
            assert!(s.rho > 0.0 && s.sigma > 0.0);
        }
        // ρ skips the zero distances (identical neighbours) as umap-learn does.
        assert!((smooth_knn(&rows[2], 15_f64.log2(), 1.0).rho - 0.5).abs() < 1e-6);
        // umap-learn 0.5.12 `smooth_knn_dist` on the same rows with the point itself first
        // (k = 15): σ = 1.2770996, ρ = 0.37 and σ = 0.35144043, ρ = 0.5.
        let s = smooth_knn(&rows[0], 15_f64.log2(), 1.0);
        assert!((s.rho - 0.37).abs() < 1e-6);
        assert!((s.sigma - 1.277_099_6).abs() < 1e-4, "sigma {}", s.sigma);
        let s = smooth_knn(&rows[2], 15_f64.log2(), 1.0);
        assert!((s.sigma - 0.351_440_43).abs() < 1e-4, "sigma {}", s.sigma);
    }

    #[test]
    fn fuzzy_union_of_a_three_point_graph() {
        // Each point's one neighbour (n_neighbors = 2): 0→1 (d 1), 1→0 (d 1), 2→1 (d 2).
        // With one neighbour, ρ = d and every membership is 1; 2→1 has no reverse edge.
        let knn = vec![vec![hit(1, 1.0)], vec![hit(0, 1.0)], vec![hit(1, 2.0)]];
        let e = fuzzy_graph(&KnnGraph::from_rows(&knn, 1).unwrap(), 2);
        assert_eq!(e.head, vec![0, 1, 1, 2]);
        assert_eq!(e.tail, vec![1, 0, 2, 1]);
        assert!(e.weight.iter().all(|w| (w - 1.0).abs() < 1e-6));
        // Two neighbours each (n_neighbors = 3): asymmetric memberships combine as
        // a + b − ab.
        let knn = vec![
            vec![hit(1, 1.0), hit(2, 3.0)],
            vec![hit(0, 1.0), hit(2, 1.5)],
            vec![hit(1, 1.5), hit(0, 3.0)],
        ];
        let e = fuzzy_graph(&KnnGraph::from_rows(&knn, 2).unwrap(), 3);
        let target = 3_f64.log2();
        let s: Vec<Smooth> = knn
            .iter()
            .map(|r| smooth_knn(&[r[0].value, r[1].value], target, 1.0))
            .collect();
        let p02 = membership(3.0, s[0]);
        let p20 = membership(3.0, s[2]);
        assert!(p02 < 1.0 && p20 < 1.0);
        let w02 = p02 + p20 - p02 * p20;
        let at = |h: u32, t: u32| {
            (0..e.head.len())
                .find(|&i| e.head[i] == h && e.tail[i] == t)
                .map(|i| e.weight[i])
        };
        assert!((at(0, 2).unwrap() - w02).abs() < 1e-6);
        assert!((at(2, 0).unwrap() - w02).abs() < 1e-6);
        assert!((at(0, 1).unwrap() - 1.0).abs() < 1e-6);
        assert_eq!(e.head.len(), 6);
    }
}
