//! Exact top-k search by a full scan (brute force), for Euclidean distance and cosine similarity.
//!
//! The index shares the matrix it searches (an `Arc`, usually the embedder's own item matrix) and
//! keeps only the row norms beside it: a cosine score is `dot(row, q̂) / ‖row‖`, one dot product
//! and one multiply per row. A normalised copy would be faster by that multiply but doubles the
//! memory, which at 1M × 64 is the difference between fitting the 2.5× budget or not.
//! Results are sorted best first with ties broken by lower row index, so output is stable.
//! Rows that are zero vectors have no direction and are left out of cosine results. Rows marked
//! "no data" ([`FlatIndex::with_no_data`]: nothing measured behind the vector) are left out of
//! both metrics' results.

use std::sync::Arc;

use multiversion::multiversion;
use ndarray::{Array2, ArrayView1, ArrayView2, Axis};
use rayon::prelude::*;

use super::QueryError;
use super::metric::{Metric, ZERO_NORM, dot, squared_euclidean};

/// One neighbour: row index and its distance (Euclidean) or similarity (cosine).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    /// Row in the indexed matrix.
    pub row: u32,
    /// Euclidean distance, or cosine similarity.
    pub value: f32,
}

/// An exact index over the rows of a matrix.
#[derive(Debug, Clone)]
pub struct FlatIndex {
    data: Arc<Array2<f32>>,
    /// 1 / ‖row‖, or 0 for a zero row (left out of cosine results).
    inv_norms: Vec<f32>,
    /// Rows with no data behind them (left out of every result); empty = none.
    no_data: Vec<bool>,
}

impl FlatIndex {
    /// Index the rows of `data`.
    #[must_use]
    pub fn build(data: Array2<f32>) -> Self {
        Self::shared(Arc::new(data))
    }

    /// Index the rows of a shared matrix (no copy: only the row norms are computed).
    #[must_use]
    pub fn shared(data: Arc<Array2<f32>>) -> Self {
        let inv_norms = data
            .axis_iter(Axis(0))
            .map(|r| {
                let n = r.dot(&r).sqrt();
                if n > ZERO_NORM { 1.0 / n } else { 0.0 }
            })
            .collect();
        Self {
            data,
            inv_norms,
            no_data: Vec::new(),
        }
    }

    /// Mark rows as having no data behind them (`mask[row]`): they are left out of every
    /// result, under both metrics.
    #[must_use]
    pub fn with_no_data(mut self, mask: Vec<bool>) -> Self {
        self.no_data = if mask.iter().any(|m| *m) {
            mask
        } else {
            Vec::new()
        };
        self
    }

    /// Whether `row` has no data behind it.
    #[must_use]
    pub fn is_no_data(&self, row: usize) -> bool {
        self.no_data.get(row).copied().unwrap_or(false)
    }

    /// How many rows `accept` admits that have no data (the rows a result left out for that).
    #[must_use]
    pub fn no_data_count(&self, accept: impl Fn(usize) -> bool) -> usize {
        self.no_data
            .iter()
            .enumerate()
            .filter(|(r, m)| **m && accept(*r))
            .count()
    }

    /// The shared matrix itself.
    #[must_use]
    pub fn matrix(&self) -> &Arc<Array2<f32>> {
        &self.data
    }

    /// Number of rows.
    #[must_use]
    pub fn len(&self) -> usize {
        self.data.nrows()
    }

    /// True when empty.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.data.nrows() == 0
    }

    /// Vector dimension.
    #[must_use]
    pub fn dim(&self) -> usize {
        self.data.ncols()
    }

    /// All stored rows.
    #[must_use]
    pub fn data(&self) -> ArrayView2<'_, f32> {
        self.data.view()
    }

    /// A stored row.
    #[must_use]
    pub fn row(&self, row: usize) -> ArrayView1<'_, f32> {
        self.data.row(row)
    }

    /// The L2 norm of a stored row.
    #[must_use]
    pub fn norm(&self, row: usize) -> f32 {
        match self.inv_norms.get(row) {
            Some(&inv) if inv > 0.0 => 1.0 / inv,
            _ => 0.0,
        }
    }

    /// The `k` best rows for `query` among those `accept` admits (k larger than the data
    /// returns everything admitted).
    ///
    /// # Errors
    /// Wrong dimension; a zero query under cosine.
    pub fn search(
        &self,
        query: &[f32],
        k: usize,
        metric: Metric,
        accept: impl Fn(usize) -> bool + Sync,
    ) -> Result<Vec<Hit>, QueryError> {
        if query.len() != self.dim() {
            return Err(QueryError::DimensionMismatch {
                expected: self.dim(),
                found: query.len(),
            });
        }
        let k = k.min(self.len());
        let accept = |r: usize| accept(r) && !self.is_no_data(r);
        // Score so that smaller is better: squared distance, or negated similarity.
        let mut scored = match metric {
            Metric::Euclidean => self.scan(k, &accept, |_, row: &[f32]| {
                Some(squared_euclidean(row, query))
            }),
            Metric::Cosine => {
                let qn = query.iter().map(|v| v * v).sum::<f32>().sqrt();
                if qn <= ZERO_NORM {
                    return Err(QueryError::ZeroVector);
                }
                let q: Vec<f32> = query.iter().map(|v| v / qn).collect();
                self.scan(k, &accept, |r, row: &[f32]| {
                    let inv = self.inv_norms[r];
                    (inv > 0.0).then(|| -dot(row, &q) * inv)
                })
            }
        };
        keep_best(&mut scored, k);
        scored.sort_unstable_by(by_score);
        Ok(scored
            .into_iter()
            .map(|(s, row)| Hit {
                row,
                value: if metric == Metric::Euclidean {
                    s.max(0.0).sqrt()
                } else {
                    (-s).clamp(-1.0, 1.0)
                },
            })
            .collect())
    }
}

impl FlatIndex {
    /// The `k` smallest `score(row, values)` among the rows `accept` admits (`None` = left
    /// out). Rows are read as slices of the contiguous matrix; chunks of rows run on all cores
    /// once the matrix is large enough for that to pay (the click path on 100k+ rows), each
    /// keeping only its best k.
    fn scan(
        &self,
        k: usize,
        accept: &(impl Fn(usize) -> bool + Sync),
        score: impl Fn(usize, &[f32]) -> Option<f32> + Sync,
    ) -> Vec<(f32, u32)> {
        let dim = self.dim();
        if k == 0 || dim == 0 {
            return Vec::new();
        }
        let matrix = self.data.as_standard_layout();
        let Some(values) = matrix.as_slice() else {
            return Vec::new();
        };
        let best_of =
            |rows: std::ops::Range<usize>| scan_rows(values, dim, rows, k, accept, &score);
        let n = self.len();
        if n >= 2 * SCAN_CHUNK {
            (0..n.div_ceil(SCAN_CHUNK))
                .into_par_iter()
                .map(|c| best_of(c * SCAN_CHUNK..((c + 1) * SCAN_CHUNK).min(n)))
                .reduce(Vec::new, |mut a, b| {
                    a.extend(b);
                    keep_best(&mut a, k);
                    a
                })
        } else {
            best_of(0..n)
        }
    }
}

/// The `k` smallest scores among `rows` of the row-major `values` (`dim` columns), as
/// [`FlatIndex::scan`] describes. Compiled twice, for the x86-64 baseline and for AVX2 + FMA,
/// and picked at run time (`multiversion`, see `index::metric`): `score` and the metric kernels
/// it calls are inlined into each copy.
#[multiversion(targets("x86_64+avx2+fma"))]
fn scan_rows(
    values: &[f32],
    dim: usize,
    rows: std::ops::Range<usize>,
    k: usize,
    accept: &(impl Fn(usize) -> bool + Sync),
    score: &(impl Fn(usize, &[f32]) -> Option<f32> + Sync),
) -> Vec<(f32, u32)> {
    let first = rows.start;
    // A bounded list that rejects most rows with one comparison (no per-row push).
    let mut best = super::knn::Best::new(k);
    let block = &values[first * dim..rows.end * dim];
    for (i, row) in block.chunks_exact(dim).enumerate() {
        // Start loading the row PREFETCH_ROWS ahead, a cache line at a time (a hint).
        super::prefetch::prefetch_row(block, (i + PREFETCH_ROWS) * dim, dim);
        let r = first + i;
        if accept(r)
            && let Some(s) = score(r, row)
        {
            best.push((s, r as u32));
        }
    }
    best.items
}

/// How far ahead of the scored row the scan asks for rows.
const PREFETCH_ROWS: usize = 8;

/// Rows per scan chunk (one parallel task).
const SCAN_CHUNK: usize = 16_384;

/// Smaller score first, then lower row.
#[expect(
    clippy::trivially_copy_pass_by_ref,
    reason = "the signature sort_by and select_nth_unstable_by expect"
)]
fn by_score(a: &(f32, u32), b: &(f32, u32)) -> std::cmp::Ordering {
    a.0.total_cmp(&b.0).then(a.1.cmp(&b.1))
}

/// Keep the `k` best entries of `v` (in no particular order).
fn keep_best(v: &mut Vec<(f32, u32)>, k: usize) {
    if k == 0 {
        v.clear();
    } else if k < v.len() {
        v.select_nth_unstable_by(k - 1, by_score);
        v.truncate(k);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    fn five() -> FlatIndex {
        // A 5-point set with hand-checkable answers.
        FlatIndex::build(array![
            [0.0, 0.0],
            [1.0, 0.0],
            [0.0, 2.0],
            [3.0, 3.0],
            [-1.0, 0.0]
        ])
    }

    #[test]
    #[expect(
        clippy::float_cmp,
        reason = "hand-checked values that are exact in binary floating point"
    )]
    fn euclidean_neighbours_of_origin() {
        let hits = five()
            .search(&[0.0, 0.0], 3, Metric::Euclidean, |_| true)
            .unwrap();
        // rows 1 and 4 tie at distance 1: lower row first.
        assert_eq!(hits.iter().map(|h| h.row).collect::<Vec<_>>(), [0, 1, 4]);
        assert_eq!(hits[1].value, 1.0);
    }

    #[test]
    fn cosine_skips_zero_rows_and_ranks_by_angle() {
        let hits = five()
            .search(&[2.0, 2.0], 10, Metric::Cosine, |_| true)
            .unwrap();
        assert_eq!(hits.iter().map(|h| h.row).collect::<Vec<_>>(), [3, 1, 2, 4]);
        assert!((hits[0].value - 1.0).abs() < 1e-6);
        assert!((hits[1].value - std::f32::consts::FRAC_1_SQRT_2).abs() < 1e-6);
        assert!((hits[3].value + std::f32::consts::FRAC_1_SQRT_2).abs() < 1e-6);
    }

    #[test]
    fn zero_query_under_cosine_is_an_error_not_nan() {
        assert_eq!(
            five().search(&[0.0, 0.0], 3, Metric::Cosine, |_| true),
            Err(QueryError::ZeroVector)
        );
    }

    #[test]
    fn k_larger_than_data_and_filters() {
        let idx = five();
        assert_eq!(
            idx.search(&[0.0, 0.0], 50, Metric::Euclidean, |_| true)
                .unwrap()
                .len(),
            5
        );
        let odd = idx
            .search(&[0.0, 0.0], 50, Metric::Euclidean, |r| r % 2 == 1)
            .unwrap();
        assert_eq!(odd.iter().map(|h| h.row).collect::<Vec<_>>(), [1, 3]);
        assert!(idx.search(&[0.0], 1, Metric::Euclidean, |_| true).is_err());
    }

    #[test]
    fn rows_without_data_are_left_out_of_both_metrics_and_counted() {
        // Row 3 ([3, 3]) has no data: gone from both lists; the filter decides what is counted.
        let idx = five().with_no_data(vec![false, false, false, true, false]);
        let rows = |m| {
            idx.search(&[2.0, 2.0], 10, m, |_| true)
                .unwrap()
                .iter()
                .map(|h| h.row)
                .collect::<Vec<_>>()
        };
        assert_eq!(rows(Metric::Cosine), [1, 2, 4]);
        assert_eq!(rows(Metric::Euclidean), [2, 1, 0, 4]);
        assert!(idx.is_no_data(3) && !idx.is_no_data(0) && !idx.is_no_data(99));
        assert_eq!(idx.no_data_count(|_| true), 1);
        assert_eq!(idx.no_data_count(|r| r != 3), 0);
        // An all-false mask marks nothing.
        assert_eq!(
            five().with_no_data(vec![false; 5]).no_data_count(|_| true),
            0
        );
    }
}
