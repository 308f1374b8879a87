//! Approximate nearest neighbours: a Hierarchical Navigable Small World graph (Malkov &
//! Yashunin, "Efficient and robust approximate nearest neighbor search using HNSW graphs",
//! TPAMI 2018), built and searched by [usearch](https://github.com/unum-cloud/USearch).
//!
//! Why usearch and not a Rust crate or our own: on 100k × 64 clustered vectors it built in
//! 3.9 s and answered 15k queries/s at recall@10 0.995 on this machine, at or above hnswlib
//! (the reference the issue names), while `hnsw_rs` 0.3.5 took 48 s to build. It is maintained,
//! its SIMD kernels (NumKong) are chosen at run time, and it reports its own memory use.
//!
//! The graph answers the same three questions as the exact index ([`super::knn`]):
//! Euclidean (usearch `L2sq`, square-rooted here), cosine (rows normalised on insert, inner
//! product; zero rows are not inserted, so they never match) and dot product (inner product;
//! HNSW on a non-metric score is a heuristic, so its recall is measured like the others).
//! Every answer is approximate: [`HnswIndex::measure_recall`] compares a sample of queries with
//! the exact answer, and the GUI and CLI print that recall next to approximate results.

use ndarray::ArrayView2;
use rayon::prelude::*;
use usearch::{Index, IndexOptions, MetricKind, ScalarKind};

use super::flat::Hit;
use super::knn::{KnnMetric, batch_knn};
use super::metric::ZERO_NORM;
use crate::error::{PipelineError, Result};
use crate::pipeline::progress::{Progress, Stage};

/// How the graph is built and searched (hnswlib's names in brackets).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct HnswParams {
    /// Links per node (`M`).
    pub connectivity: usize,
    /// Candidate list while inserting (`ef_construction`).
    pub ef_construction: usize,
    /// Candidate list while searching (`ef`); raised to `k` when smaller.
    pub ef_search: usize,
    /// Store vectors as 16-bit floats (half the memory; distances lose ~3 digits).
    pub half_precision: bool,
}

impl Default for HnswParams {
    fn default() -> Self {
        Self {
            connectivity: 16,
            ef_construction: 200,
            ef_search: 64,
            half_precision: false,
        }
    }
}

/// An HNSW graph over the rows of a matrix.
pub struct HnswIndex {
    inner: Index,
    metric: KnnMetric,
    dim: usize,
    rows: usize,
    params: HnswParams,
}

impl std::fmt::Debug for HnswIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HnswIndex")
            .field("metric", &self.metric)
            .field("dim", &self.dim)
            .field("rows", &self.rows)
            .field("params", &self.params)
            .finish_non_exhaustive()
    }
}

fn usearch_error(what: &str, e: &impl std::fmt::Display) -> PipelineError {
    PipelineError::Numerical {
        stage: "index",
        reason: format!("HNSW ({what}): {e}"),
    }
}

/// Rows per progress step while inserting.
const CHUNK: usize = 1024;

/// `row` scaled to unit length in `buf`; `None` for a zero (or non-finite) row.
fn unit_into<'a>(row: &[f32], buf: &'a mut Vec<f32>) -> Option<&'a [f32]> {
    let n = row.iter().map(|v| v * v).sum::<f32>().sqrt();
    if !(n > ZERO_NORM && n.is_finite()) {
        return None;
    }
    buf.clear();
    buf.extend(row.iter().map(|v| v / n));
    Some(buf)
}

impl HnswIndex {
    /// Build the graph over every row of `data` (inserted in parallel, one rayon task per chunk).
    ///
    /// # Errors
    /// Empty data or zero dimension, a usearch failure (out of memory), or `Cancelled`.
    pub fn build(
        data: ArrayView2<'_, f32>,
        metric: KnnMetric,
        params: HnswParams,
        progress: &Progress,
    ) -> Result<Self> {
        if data.nrows() == 0 || data.ncols() == 0 {
            return Err(PipelineError::InvalidParams(
                "an HNSW index needs at least one row and one dimension".into(),
            ));
        }
        let options = IndexOptions {
            dimensions: data.ncols(),
            metric: match metric {
                KnnMetric::Euclidean => MetricKind::L2sq,
                KnnMetric::Cosine | KnnMetric::Dot => MetricKind::IP,
            },
            quantization: if params.half_precision {
                ScalarKind::F16
            } else {
                ScalarKind::F32
            },
            connectivity: params.connectivity.max(2),
            expansion_add: params.ef_construction.max(1),
            expansion_search: params.ef_search.max(1),
            multi: false,
        };
        let inner = Index::new(&options).map_err(|e| usearch_error("create", &e))?;
        let threads = rayon::current_num_threads().max(1);
        inner
            .reserve_capacity_and_threads(data.nrows(), threads)
            .map_err(|e| usearch_error("reserve", &e))?;
        let rows = data.nrows();
        let done = std::sync::atomic::AtomicU64::new(0);
        let chunks: Vec<usize> = (0..rows).step_by(CHUNK).collect();
        chunks.par_iter().try_for_each(|&start| -> Result<()> {
            let mut buf = Vec::with_capacity(data.ncols());
            for r in start..(start + CHUNK).min(rows) {
                let row = data.row(r);
                let owned;
                let slice = if let Some(s) = row.as_slice() {
                    s
                } else {
                    owned = row.to_vec();
                    &owned
                };
                let vector = match metric {
                    KnnMetric::Cosine => match unit_into(slice, &mut buf) {
                        Some(v) => v,
                        None => continue,
                    },
                    KnnMetric::Euclidean | KnnMetric::Dot => slice,
                };
                inner
                    .add(r as u64, vector)
                    .map_err(|e| usearch_error("insert", &e))?;
            }
            let n = done.fetch_add(
                (CHUNK.min(rows - start)) as u64,
                std::sync::atomic::Ordering::Relaxed,
            );
            progress.step(Stage::Index, n, rows as u64)
        })?;
        Ok(Self {
            inner,
            metric,
            dim: data.ncols(),
            rows,
            params,
        })
    }

    /// The metric the graph was built for.
    #[must_use]
    pub fn metric(&self) -> KnnMetric {
        self.metric
    }

    /// Build and search parameters.
    #[must_use]
    pub fn params(&self) -> HnswParams {
        self.params
    }

    /// Rows indexed (zero rows are skipped under cosine, so this can be below the data's rows).
    #[must_use]
    pub fn len(&self) -> usize {
        self.inner.size()
    }

    /// True when nothing is indexed.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Bytes the graph and its vector copy occupy (usearch's own accounting).
    #[must_use]
    pub fn memory_bytes(&self) -> usize {
        self.inner.memory_usage()
    }

    /// Bytes of the graph and its vector copy as usearch would save them (no allocator slack):
    /// what the index itself holds, which grows with rows × dimension. [`Self::memory_bytes`]
    /// also counts the arenas' unused reserve (usearch grows them from 4 MiB, doubling).
    #[must_use]
    pub fn stored_bytes(&self) -> usize {
        self.inner.serialized_length()
    }

    /// Change the search candidate list (`ef`).
    pub fn set_ef_search(&mut self, ef: usize) {
        self.params.ef_search = ef.max(1);
        self.inner.change_expansion_search(self.params.ef_search);
    }

    /// The (about) `k` best rows for one query, best first, ties by lower row.
    ///
    /// # Errors
    /// Dimension mismatch or a usearch failure.
    pub fn search(&self, query: &[f32], k: usize) -> Result<Vec<Hit>> {
        if query.len() != self.dim {
            return Err(PipelineError::InvalidParams(format!(
                "the query has {} dimensions, the index {}",
                query.len(),
                self.dim
            )));
        }
        if k == 0 || self.is_empty() {
            return Ok(Vec::new());
        }
        let mut buf = Vec::new();
        let query = match self.metric {
            KnnMetric::Cosine => match unit_into(query, &mut buf) {
                Some(q) => q,
                None => return Ok(Vec::new()),
            },
            KnnMetric::Euclidean | KnnMetric::Dot => query,
        };
        let found = self
            .inner
            .search(query, k.min(self.len()))
            .map_err(|e| usearch_error("search", &e))?;
        let mut hits: Vec<Hit> = found
            .keys
            .iter()
            .zip(&found.distances)
            .map(|(&key, &d)| Hit {
                row: key as u32,
                value: match self.metric {
                    KnnMetric::Euclidean => d.max(0.0).sqrt(),
                    KnnMetric::Cosine | KnnMetric::Dot => 1.0 - d,
                },
            })
            .collect();
        let larger_is_better = !matches!(self.metric, KnnMetric::Euclidean);
        hits.sort_by(|a, b| {
            let order = a.value.total_cmp(&b.value);
            let order = if larger_is_better {
                order.reverse()
            } else {
                order
            };
            order.then(a.row.cmp(&b.row))
        });
        Ok(hits)
    }

    /// [`Self::search`] for every row of `queries`, in parallel.
    ///
    /// # Errors
    /// Dimension mismatch, a usearch failure or `Cancelled`.
    pub fn search_batch(
        &self,
        queries: ArrayView2<'_, f32>,
        k: usize,
        progress: &Progress,
    ) -> Result<Vec<Vec<Hit>>> {
        let total = queries.nrows() as u64;
        (0..queries.nrows())
            .into_par_iter()
            .map(|i| {
                if i % 1024 == 0 {
                    progress.step(Stage::Index, i as u64, total)?;
                }
                let row = queries.row(i).to_vec();
                self.search(&row, k)
            })
            .collect()
    }

    /// Recall@k of this graph against exact search, over at most `sample` rows of `data`
    /// (evenly spaced) used as queries: the share of the exact top-k the graph also returns.
    ///
    /// # Errors
    /// As [`Self::search_batch`] and [`batch_knn`].
    pub fn measure_recall(
        &self,
        data: ArrayView2<'_, f32>,
        queries: ArrayView2<'_, f32>,
        k: usize,
        progress: &Progress,
    ) -> Result<f64> {
        let approx = self.search_batch(queries, k, progress)?;
        let exact = batch_knn(data, queries, k, self.metric, false, progress)?;
        Ok(recall(&exact, &approx))
    }
}

/// Share of the exact lists' rows that the approximate lists also contain (1.0 when the exact
/// lists are all empty).
#[must_use]
pub fn recall(exact: &[Vec<Hit>], approx: &[Vec<Hit>]) -> f64 {
    let mut found = 0usize;
    let mut total = 0usize;
    for (e, a) in exact.iter().zip(approx) {
        total += e.len();
        found += e
            .iter()
            .filter(|h| a.iter().any(|x| x.row == h.row))
            .count();
    }
    if total == 0 {
        1.0
    } else {
        found as f64 / total as f64
    }
}

/// Up to `n` evenly spaced row numbers of a `rows`-row matrix (the recall sample).
#[must_use]
pub fn sample_rows(rows: usize, n: usize) -> Vec<usize> {
    if rows <= n {
        return (0..rows).collect();
    }
    (0..n).map(|i| i * rows / n).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::Array2;

    fn grid() -> Array2<f32> {
        // 400 points on a 20 × 20 grid with spacing 1, in 3-D (z = 0).
        Array2::from_shape_fn((400, 3), |(i, j)| match j {
            0 => (i % 20) as f32,
            1 => (i / 20) as f32,
            _ => 0.0,
        })
    }

    #[test]
    fn euclidean_neighbours_on_a_grid_are_the_four_adjacent_points() {
        let data = grid();
        let index = HnswIndex::build(
            data.view(),
            KnnMetric::Euclidean,
            HnswParams::default(),
            &Progress::silent(),
        )
        .unwrap();
        assert_eq!(index.len(), 400);
        // Point (5, 5) = row 105: itself at 0, then rows 85, 104, 106, 125 at distance 1.
        let hits = index.search(&[5.0, 5.0, 0.0], 5).unwrap();
        assert_eq!(hits[0].row, 105);
        assert!(hits[0].value.abs() < 1e-6);
        let mut next: Vec<u32> = hits[1..].iter().map(|h| h.row).collect();
        next.sort_unstable();
        assert_eq!(next, vec![85, 104, 106, 125]);
        assert!(hits[1..].iter().all(|h| (h.value - 1.0).abs() < 1e-5));
    }

    #[test]
    fn cosine_skips_zero_rows_and_scores_similarity() {
        let data = ndarray::array![[1.0f32, 0.0], [0.0, 0.0], [2.0, 2.0], [0.0, 3.0]];
        let index = HnswIndex::build(
            data.view(),
            KnnMetric::Cosine,
            HnswParams::default(),
            &Progress::silent(),
        )
        .unwrap();
        assert_eq!(
            index.len(),
            3,
            "the zero row has no direction and is not indexed"
        );
        let hits = index.search(&[5.0, 0.0], 3).unwrap();
        assert_eq!(
            hits.iter().map(|h| h.row).collect::<Vec<_>>(),
            vec![0, 2, 3]
        );
        assert!((hits[0].value - 1.0).abs() < 1e-6);
        assert!((hits[1].value - std::f32::consts::FRAC_1_SQRT_2).abs() < 1e-6);
        assert!(hits[2].value.abs() < 1e-6);
        assert!(index.search(&[0.0, 0.0], 3).unwrap().is_empty());
    }

    #[test]
    fn recall_against_exact_is_high_on_random_data_and_ranks_are_consistent() {
        let mut rng = crate::rng::Gen::new(7);
        let data = Array2::from_shape_fn((3000, 16), |_| rng.u01() as f32);
        let index = HnswIndex::build(
            data.view(),
            KnnMetric::Euclidean,
            HnswParams::default(),
            &Progress::silent(),
        )
        .unwrap();
        let rows = sample_rows(3000, 100);
        let queries = data.select(ndarray::Axis(0), &rows);
        let r = index
            .measure_recall(data.view(), queries.view(), 10, &Progress::silent())
            .unwrap();
        assert!(r > 0.95, "recall@10 = {r}");
        assert!(r <= 1.0);
    }

    #[test]
    fn dimension_mismatch_and_empty_data_are_errors() {
        let data = grid();
        let index = HnswIndex::build(
            data.view(),
            KnnMetric::Dot,
            HnswParams::default(),
            &Progress::silent(),
        )
        .unwrap();
        assert!(index.search(&[1.0, 2.0], 3).is_err());
        let empty = Array2::<f32>::zeros((0, 3));
        assert!(
            HnswIndex::build(
                empty.view(),
                KnnMetric::Dot,
                HnswParams::default(),
                &Progress::silent()
            )
            .is_err()
        );
    }

    #[test]
    fn recall_counts_shared_rows() {
        let h = |row| Hit { row, value: 0.0 };
        let exact = vec![vec![h(1), h(2)], vec![h(3), h(4)]];
        let approx = vec![vec![h(2), h(9)], vec![h(4), h(3)]];
        assert!((recall(&exact, &approx) - 0.75).abs() < 1e-12);
        assert_eq!(sample_rows(10, 3), vec![0, 3, 6]);
        assert_eq!(sample_rows(2, 3), vec![0, 1]);
    }
}
