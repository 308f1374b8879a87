//! Approximate neighbour lists for large runs: one HNSW graph per metric over all map points,
//! with recall@k against the exact index measured on a sample of points when the graphs are
//! built, so every approximate list can say how approximate it is.

use ndarray::Axis;

use super::RunOutput;
use super::query::{Comparison, KindFilter, ListSource, Neighbour};
use crate::index::hnsw::{HnswIndex, HnswParams, recall, sample_rows};
use crate::index::knn::{KnnMetric, batch_knn};
use crate::index::{Hit, QueryError};
use crate::pipeline::error::Result;
use crate::pipeline::progress::Progress;

/// Points used as queries when measuring recall.
const RECALL_SAMPLE: usize = 300;
/// Neighbours per list when measuring recall.
pub const RECALL_K: usize = 10;

/// HNSW graphs for both metrics of one run, with their measured recall.
#[derive(Debug)]
pub struct AnnIndexes {
    euclidean: HnswIndex,
    cosine: HnswIndex,
    /// Recall@[`RECALL_K`] of the Euclidean graph against exact search.
    pub recall_euclidean: f64,
    /// Recall@[`RECALL_K`] of the cosine graph against exact search.
    pub recall_cosine: f64,
    /// Seconds to build both graphs and measure them.
    pub build_secs: f64,
    /// Bytes of both graphs.
    pub bytes: usize,
}

impl AnnIndexes {
    /// Build both graphs over the run's points and measure their recall.
    ///
    /// # Errors
    /// The index could not be built, or `Cancelled`.
    pub fn build(run: &RunOutput, params: HnswParams, progress: &Progress) -> Result<Self> {
        let start = std::time::Instant::now();
        let data = run.index.data();
        let euclidean = HnswIndex::build(data, KnnMetric::Euclidean, params, progress)?;
        let cosine = HnswIndex::build(data, KnnMetric::Cosine, params, progress)?;
        let rows = sample_rows(data.nrows(), RECALL_SAMPLE);
        let queries = data.select(Axis(0), &rows);
        let measure = |h: &HnswIndex, metric| -> Result<f64> {
            // k + 1: each query point finds itself in both answers.
            let exact = batch_knn(data, queries.view(), RECALL_K + 1, metric, false, progress)?;
            let approx = h.search_batch(queries.view(), RECALL_K + 1, progress)?;
            Ok(recall(&exact, &approx))
        };
        let recall_euclidean = measure(&euclidean, KnnMetric::Euclidean)?;
        let recall_cosine = measure(&cosine, KnnMetric::Cosine)?;
        Ok(Self {
            bytes: euclidean.memory_bytes() + cosine.memory_bytes(),
            euclidean,
            cosine,
            recall_euclidean,
            recall_cosine,
            build_secs: start.elapsed().as_secs_f64(),
        })
    }

    /// Both neighbour lists of map point `point` from the graphs. The graphs cannot filter
    /// while searching, so they fetch more than `k` and filter afterwards; a list can come
    /// out shorter than `k` when the filter removes most of the nearest points.
    ///
    /// # Errors
    /// `point` is not a point of this run.
    pub fn compare(
        &self,
        run: &RunOutput,
        point: usize,
        k: usize,
        filter: KindFilter,
    ) -> std::result::Result<Comparison, QueryError> {
        if point >= run.index.len() {
            return Err(QueryError::DimensionMismatch {
                expected: run.index.dim(),
                found: 0,
            });
        }
        let query = run.index.row(point).to_vec();
        let fetch = match filter {
            KindFilter::All => k + 1,
            KindFilter::Items | KindFilter::Users => 4 * k + 16,
        };
        let list = |h: &HnswIndex| -> Vec<Neighbour> {
            let hits: Vec<Hit> = h.search(&query, fetch).unwrap_or_default();
            hits.into_iter()
                .filter(|h| h.row as usize != point)
                .filter(|h| filter.admits(run.points[h.row as usize].kind))
                .filter(|h| !run.index.is_no_data(h.row as usize))
                .take(k)
                .map(|h| Neighbour {
                    point: h.row as usize,
                    entity: run.points[h.row as usize],
                    value: h.value,
                    shared: false,
                })
                .collect()
        };
        let mut euclidean = list(&self.euclidean);
        let mut cosine = if run.index.is_no_data(point) {
            Err(QueryError::NoData)
        } else if run.index.norm(point) > crate::index::metric::ZERO_NORM {
            Ok(list(&self.cosine))
        } else {
            Err(QueryError::ZeroVector)
        };
        let overlap = super::query::mark_shared(&mut euclidean, &mut cosine);
        Ok(Comparison {
            query: point,
            k,
            euclidean,
            cosine,
            overlap,
            left_out_no_data: run
                .index
                .no_data_count(|r| r != point && filter.admits(run.points[r].kind)),
            source: ListSource::Approximate {
                recall_euclidean: self.recall_euclidean,
                recall_cosine: self.recall_cosine,
            },
        })
    }
}
