//! One setting of the dimension study: the full vectors' exact neighbour lists (the truth),
//! an index over a (reduced) copy answering the same queries one at a time, and the recall of
//! its lists against the truth.

use std::sync::Arc;
use std::time::Instant;

use ndarray::{Array2, ArrayView2};

use super::super::IndexKind;
use super::{NEIGHBOURS, ReduceStudyParams};
use crate::index::flat::Hit;
use crate::index::hnsw::HnswIndex;
use crate::index::knn::{KnnMetric, batch_knn};
use crate::index::metric::Metric;
use crate::index::{FlatIndex, QueryError};
use crate::pipeline::error::{PipelineError, Result};
use crate::pipeline::progress::{Progress, Stage};

/// Queries between cancel checks.
const CANCEL_EVERY: usize = 32;

/// What an index answered and what it cost.
pub(super) struct Measured {
    pub recall: f64,
    pub index_bytes: usize,
    pub build_ms: f64,
    pub latencies_us: Vec<f64>,
}

pub(super) fn knn_metric(m: Metric) -> KnnMetric {
    match m {
        Metric::Euclidean => KnnMetric::Euclidean,
        Metric::Cosine => KnnMetric::Cosine,
    }
}

/// The exact `NEIGHBOURS` nearest other rows of each query row in the full vectors.
pub(super) fn exact_truth(
    full: ArrayView2<'_, f32>,
    queries: &[usize],
    metric: Metric,
    progress: &Progress,
) -> Result<Vec<Vec<u32>>> {
    let q = full.select(ndarray::Axis(0), queries);
    let lists = batch_knn(
        full,
        q.view(),
        NEIGHBOURS + 1,
        knn_metric(metric),
        false,
        progress,
    )?;
    Ok(queries
        .iter()
        .zip(lists)
        .map(|(&row, hits)| without_self(&hits, row))
        .collect())
}

fn without_self(hits: &[Hit], row: usize) -> Vec<u32> {
    hits.iter()
        .map(|h| h.row)
        .filter(|&r| r as usize != row)
        .take(NEIGHBOURS)
        .collect()
}

/// Build `kind` over `copy` and answer every query (the query vector taken from `copy`).
pub(super) fn measure(
    copy: &Arc<Array2<f32>>,
    queries: &[usize],
    truth: &[Vec<u32>],
    kind: IndexKind,
    p: &ReduceStudyParams,
    progress: &Progress,
) -> Result<Measured> {
    let (lists, latencies_us, index_bytes, build_ms) = match kind {
        IndexKind::Exact => {
            let start = Instant::now();
            let index = FlatIndex::shared(Arc::clone(copy));
            let build_ms = start.elapsed().as_secs_f64() * 1e3;
            let bytes = copy.len() * size_of::<f32>() + copy.nrows() * size_of::<f32>();
            let (lists, lat) =
                answer_all(copy.view(), queries, p.query_repeats, progress, |q, row| {
                    // A zero vector has no cosine neighbours: an empty list (recall 0 for it).
                    match index.search(q, NEIGHBOURS, p.metric, |r| r != row) {
                        Ok(hits) => Ok(hits),
                        Err(QueryError::ZeroVector | QueryError::NoData) => Ok(Vec::new()),
                        Err(e) => Err(PipelineError::InvalidParams(e.to_string())),
                    }
                })?;
            (lists, lat, bytes, build_ms)
        }
        IndexKind::Hnsw => {
            let start = Instant::now();
            let index = HnswIndex::build(copy.view(), knn_metric(p.metric), p.hnsw, progress)?;
            let build_ms = start.elapsed().as_secs_f64() * 1e3;
            let bytes = index.stored_bytes();
            let (lists, lat) =
                answer_all(copy.view(), queries, p.query_repeats, progress, |q, row| {
                    let hits = index.search(q, NEIGHBOURS + 1)?;
                    Ok(hits.into_iter().filter(|h| h.row as usize != row).collect())
                })?;
            (lists, lat, bytes, build_ms)
        }
    };
    Ok(Measured {
        recall: recall(truth, &lists),
        index_bytes,
        build_ms,
        latencies_us,
    })
}

/// Every query's list (query = its own row of `vectors`, itself left out), each query timed
/// alone `repeats` times with the fastest kept, in µs.
fn answer_all(
    vectors: ArrayView2<'_, f32>,
    queries: &[usize],
    repeats: usize,
    progress: &Progress,
    query: impl Fn(&[f32], usize) -> Result<Vec<Hit>>,
) -> Result<(Vec<Vec<u32>>, Vec<f64>)> {
    let mut lists = Vec::with_capacity(queries.len());
    let mut latencies = Vec::with_capacity(queries.len());
    for (i, &row) in queries.iter().enumerate() {
        if i.is_multiple_of(CANCEL_EVERY) {
            progress.step(Stage::Index, i as u64, queries.len() as u64)?;
        }
        let q = vectors.row(row).to_vec();
        let mut best = f64::INFINITY;
        let mut list = Vec::new();
        for _ in 0..repeats {
            let start = Instant::now();
            let hits = query(&q, row)?;
            best = best.min(start.elapsed().as_secs_f64());
            list = hits;
        }
        latencies.push(best * 1e6);
        lists.push(list.iter().map(|h| h.row).take(NEIGHBOURS).collect());
    }
    Ok((lists, latencies))
}

/// Mean over queries of |found ∩ truth| / |truth| (a query with an empty truth counts 1).
#[must_use]
pub fn recall(truth: &[Vec<u32>], found: &[Vec<u32>]) -> f64 {
    if truth.is_empty() {
        return 1.0;
    }
    let sum: f64 = truth
        .iter()
        .zip(found)
        .map(|(t, f)| {
            if t.is_empty() {
                1.0
            } else {
                t.iter().filter(|r| f.contains(r)).count() as f64 / t.len() as f64
            }
        })
        .sum();
    sum / truth.len() as f64
}
