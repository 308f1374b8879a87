//! Exact k-nearest neighbours for many queries at once: the batch path behind t-SNE's
//! neighbour graph, the projection-quality scores and `embedscope knn --index exact`.
//!
//! Queries and data are cut into tiles; each tile's scores are one matrix product (`ndarray`'s
//! `dot`, i.e. `matrixmultiply`'s SIMD kernels), so the work is GEMM-bound rather than a scalar
//! loop per pair. Query tiles run in parallel (rayon); each query keeps its best `k` in a
//! bounded list. Euclidean uses ‖q‖² + ‖x‖² − 2·q·x, cosine pre-normalises both sides, dot
//! ranks by the raw product. Ties go to the lower row.

use multiversion::multiversion;
use ndarray::{ArrayView2, Axis, s};
use rayon::prelude::*;

use super::flat::Hit;
use super::metric::ZERO_NORM;
use crate::error::{ComputeError, Result};
use crate::progress::{Progress, Stage};

/// How batch search scores a pair.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum KnnMetric {
    /// Smallest Euclidean distance first (`Hit::value` = the distance).
    Euclidean,
    /// Largest cosine similarity first (`Hit::value` = the similarity); zero vectors match nothing.
    Cosine,
    /// Largest dot product first (`Hit::value` = the product).
    Dot,
}

impl KnnMetric {
    /// Stable lower-case name.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Euclidean => "euclidean",
            Self::Cosine => "cosine",
            Self::Dot => "dot",
        }
    }
}

/// Query rows per tile (one parallel task).
const QUERY_TILE: usize = 128;
/// Data rows per tile (the score block is `QUERY_TILE × DATA_TILE` floats = 2 MiB).
const DATA_TILE: usize = 4096;

/// The `k` best data rows for every query row. With `exclude_self`, query row `i` is data row
/// `i` and is left out of its own list (a kNN graph).
///
/// # Errors
/// Dimension mismatch; `Cancelled` through `progress`.
pub fn batch_knn(
    data: ArrayView2<'_, f32>,
    queries: ArrayView2<'_, f32>,
    k: usize,
    metric: KnnMetric,
    exclude_self: bool,
    progress: &Progress,
) -> Result<Vec<Vec<Hit>>> {
    if data.ncols() != queries.ncols() {
        return Err(ComputeError::InvalidParams(format!(
            "the queries have {} dimensions, the data {}",
            queries.ncols(),
            data.ncols()
        )));
    }
    // No copies of the data: cosine scales each product by both inverse norms instead of
    // normalising the matrices (a copy of 1M × 64 would double the memory of the run).
    let sq_norms: Vec<f32> = data.rows().into_iter().map(|r| r.dot(&r)).collect();
    let inv = |sq: f32| {
        let n = sq.sqrt();
        if n > ZERO_NORM { 1.0 / n } else { 0.0 }
    };
    let inv_norms: Vec<f32> = sq_norms.iter().map(|&s| inv(s)).collect();
    let n = data.nrows();
    let k = k.min(n.saturating_sub(usize::from(exclude_self)));
    let tiles = queries.nrows().div_ceil(QUERY_TILE);
    let done = std::sync::atomic::AtomicU64::new(0);
    let results: Vec<Result<Vec<Vec<Hit>>>> = (0..tiles)
        .into_par_iter()
        .map(|t| {
            let q0 = t * QUERY_TILE;
            let q = queries.slice(s![q0..(q0 + QUERY_TILE).min(queries.nrows()), ..]);
            let mut best: Vec<Best> = (0..q.nrows()).map(|_| Best::new(k)).collect();
            let q_inv: Vec<f32> = q.rows().into_iter().map(|r| inv(r.dot(&r))).collect();
            for d0 in (0..n).step_by(DATA_TILE) {
                let d1 = (d0 + DATA_TILE).min(n);
                let block = q.dot(&data.slice(s![d0..d1, ..]).t());
                let tile = Tile {
                    first: d0,
                    sq_norms: &sq_norms[d0..d1],
                    inv_norms: &inv_norms[d0..d1],
                };
                for (qi, row) in block.axis_iter(Axis(0)).enumerate() {
                    let skip = (exclude_self && (d0..d1).contains(&(q0 + qi))).then(|| q0 + qi);
                    let owned;
                    let products = if let Some(s) = row.as_slice() {
                        s
                    } else {
                        owned = row.to_vec();
                        &owned
                    };
                    tile.select(products, metric, q_inv[qi], skip, &mut best[qi]);
                }
            }
            let finished = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
            progress.step(Stage::Index, finished, tiles as u64)?;
            Ok(best
                .into_iter()
                .enumerate()
                .map(|(qi, best)| {
                    let mut list = best.items;
                    list.sort_unstable_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
                    let qn = q.row(qi).dot(&q.row(qi));
                    list.into_iter()
                        .map(|(s, row)| Hit {
                            row,
                            value: match metric {
                                KnnMetric::Euclidean => (s + qn).max(0.0).sqrt(),
                                KnnMetric::Cosine => (-s).clamp(-1.0, 1.0),
                                KnnMetric::Dot => -s,
                            },
                        })
                        .collect()
                })
                .collect())
        })
        .collect();
    let mut out = Vec::with_capacity(queries.nrows());
    for r in results {
        out.extend(r?);
    }
    Ok(out)
}

/// One data tile's rows, for turning a query's products with them into scores.
struct Tile<'a> {
    /// Row number of the tile's first row.
    first: usize,
    sq_norms: &'a [f32],
    inv_norms: &'a [f32],
}

impl Tile<'_> {
    /// Offer every row of the tile to `best`, scored from the query's dot products with them
    /// (smaller is better); `skip` is a row to leave out (the query itself in a kNN graph).
    ///
    /// One loop per metric, and a row reaches [`Best::push`] only when its score is within the
    /// list's current bound: after the first few thousand rows nearly every row is rejected by
    /// that one comparison (this selection, not the matrix product, was two thirds of the time).
    #[inline]
    fn select(
        &self,
        products: &[f32],
        metric: KnnMetric,
        q_inv: f32,
        skip: Option<usize>,
        best: &mut Best,
    ) {
        select_scores(self, products, metric, q_inv, skip, best);
    }
}

/// The body of [`Tile::select`], compiled for the x86-64 baseline and for AVX2 + FMA and picked
/// at run time (`multiversion`, see `index::metric`).
#[multiversion(targets("x86_64+avx2+fma"))]
fn select_scores(
    tile: &Tile<'_>,
    products: &[f32],
    metric: KnnMetric,
    q_inv: f32,
    skip: Option<usize>,
    best: &mut Best,
) {
    let mut offer = |j: usize, score: f32| {
        if score <= best.bound && skip != Some(tile.first + j) {
            best.push((score, (tile.first + j) as u32));
        }
    };
    match metric {
        KnnMetric::Euclidean => {
            for (j, (&p, &n)) in products.iter().zip(tile.sq_norms).enumerate() {
                offer(j, n - 2.0 * p);
            }
        }
        KnnMetric::Cosine => {
            if q_inv == 0.0 {
                return;
            }
            for (j, (&p, &inv)) in products.iter().zip(tile.inv_norms).enumerate() {
                if inv != 0.0 {
                    offer(j, -p * inv * q_inv);
                }
            }
        }
        KnnMetric::Dot => {
            for (j, &p) in products.iter().enumerate() {
                offer(j, -p);
            }
        }
    }
}

/// The `k` smallest `(score, row)` pairs seen so far (ties to the lower row), with the current
/// worst cached so that most candidates are rejected by one comparison.
pub(super) struct Best {
    k: usize,
    pub(super) items: Vec<(f32, u32)>,
    worst: usize,
    /// The worst kept score once the list is full (a candidate above it cannot enter); +∞
    /// before.
    pub(super) bound: f32,
}

impl Best {
    pub(super) fn new(k: usize) -> Self {
        Self {
            k,
            items: Vec::with_capacity(k),
            worst: 0,
            bound: f32::INFINITY,
        }
    }

    #[inline]
    fn worse(a: (f32, u32), b: (f32, u32)) -> bool {
        a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)).is_gt()
    }

    #[inline]
    pub(super) fn push(&mut self, item: (f32, u32)) {
        if self.k == 0 || item.0.is_nan() {
            return;
        }
        if self.items.len() < self.k {
            self.items.push(item);
            if self.items.len() == self.k {
                self.find_worst();
            }
            return;
        }
        if Self::worse(self.items[self.worst], item) {
            self.items[self.worst] = item;
            self.find_worst();
        }
    }

    fn find_worst(&mut self) {
        let mut w = 0;
        for i in 1..self.items.len() {
            if Self::worse(self.items[i], self.items[w]) {
                w = i;
            }
        }
        self.worst = w;
        self.bound = self.items[w].0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::Array2;
    use ndarray::array;

    #[test]
    fn matches_a_brute_force_scan_for_all_metrics() {
        let x = array![
            [0.0_f32, 0.0],
            [1.0, 0.0],
            [0.0, 2.0],
            [3.0, 3.0],
            [-1.0, -1.0],
            [0.0, 0.0]
        ];
        let p = Progress::silent();
        let g = batch_knn(x.view(), x.view(), 2, KnnMetric::Euclidean, true, &p).unwrap();
        // Row 0's nearest is row 5 (same point), then row 1 (distance 1).
        assert_eq!(g[0].iter().map(|h| h.row).collect::<Vec<_>>(), [5, 1]);
        assert!((g[0][1].value - 1.0).abs() < 1e-6);
        assert!((g[4][1].value - 2.0_f32.sqrt()).abs() < 1e-6, "{:?}", g[4]);
        // Cosine: zero rows match nothing; row 3 points the way of (1, 1).
        let q = array![[1.0_f32, 1.0]];
        let c = batch_knn(x.view(), q.view(), 3, KnnMetric::Cosine, false, &p).unwrap();
        assert_eq!(c[0][0].row, 3);
        assert!((c[0][0].value - 1.0).abs() < 1e-6);
        assert!(c[0].iter().all(|h| h.row != 0 && h.row != 5));
        // Dot: the longest vector in the query's direction wins.
        let d = batch_knn(x.view(), q.view(), 1, KnnMetric::Dot, false, &p).unwrap();
        assert_eq!((d[0][0].row, d[0][0].value), (3, 6.0));
        // k larger than the data: everything else, once.
        let all = batch_knn(x.view(), x.view(), 50, KnnMetric::Euclidean, true, &p).unwrap();
        assert!(all.iter().all(|l| l.len() == 5));
        let bad = array![[1.0_f32, 2.0, 3.0]];
        assert!(batch_knn(x.view(), bad.view(), 1, KnnMetric::Dot, false, &p).is_err());
    }

    #[test]
    fn tiles_give_the_same_answer_as_one_scan() {
        // More rows than one data tile and one query tile.
        let mut g = crate::rng::Gen::new(3);
        let n = DATA_TILE + 300;
        let x = Array2::from_shape_fn((n, 8), |_| g.normal() as f32);
        let q = x.slice(s![..QUERY_TILE + 5, ..]).to_owned();
        let p = Progress::silent();
        let got = batch_knn(x.view(), q.view(), 4, KnnMetric::Euclidean, true, &p).unwrap();
        for (qi, hits) in got.iter().enumerate() {
            let mut all: Vec<(f32, u32)> = (0..n)
                .filter(|&r| r != qi)
                .map(|r| {
                    let d = &x.row(r) - &x.row(qi);
                    (d.dot(&d), r as u32)
                })
                .collect();
            all.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
            let want: Vec<u32> = all[..4].iter().map(|p| p.1).collect();
            assert_eq!(hits.iter().map(|h| h.row).collect::<Vec<_>>(), want);
        }
    }

    #[test]
    fn cosine_and_dot_over_several_tiles_match_a_brute_force_scan() {
        let mut g = crate::rng::Gen::new(9);
        let n = DATA_TILE + 200;
        let mut x = Array2::from_shape_fn((n, 6), |_| g.normal() as f32);
        x.row_mut(DATA_TILE + 7).fill(0.0); // a zero row: no cosine, never a match
        let q = x.slice(s![..20, ..]).to_owned();
        let p = Progress::silent();
        for metric in [KnnMetric::Cosine, KnnMetric::Dot] {
            let got = batch_knn(x.view(), q.view(), 5, metric, true, &p).unwrap();
            for (qi, hits) in got.iter().enumerate() {
                let score = |r: usize| {
                    let d = x.row(r).dot(&x.row(qi));
                    match metric {
                        KnnMetric::Cosine => {
                            d / (x.row(r).dot(&x.row(r)).sqrt() * x.row(qi).dot(&x.row(qi)).sqrt())
                        }
                        _ => d,
                    }
                };
                let mut all: Vec<(f32, u32)> = (0..n)
                    .filter(|&r| r != qi && !(metric == KnnMetric::Cosine && r == DATA_TILE + 7))
                    .map(|r| (-score(r), r as u32))
                    .collect();
                all.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
                let want: Vec<u32> = all[..5].iter().map(|p| p.1).collect();
                assert_eq!(
                    hits.iter().map(|h| h.row).collect::<Vec<_>>(),
                    want,
                    "{metric:?}"
                );
                assert!((hits[0].value + all[0].0).abs() < 1e-4, "{metric:?}");
            }
        }
    }
}
