//! The dimension study: what reducing a run's vectors to k dimensions costs in neighbour
//! quality and saves in index memory and time. For each reduction (PCA, Gaussian or sparse
//! random projection: [`crate::project::reduce`]) and each k, the item vectors are reduced, an
//! index is built over the copy (the trade-off table's kinds: the exact scan of the map's
//! neighbour lists, [`FlatIndex`], or the HNSW graph), and a seeded sample of items is queried
//! one at a time. Each row reports:
//!
//! - `neighbour_recall_at_10`: the share of each query's 10 exact nearest neighbours in the *full*
//!   vectors (under the study's metric, the query itself left out) that the reduced copy's index
//!   returns among its 10, averaged over the queries;
//! - `index_bytes`: what the index holds (for exact: the vectors and one inverse norm per row);
//! - `build_ms`: the time to build that index from the reduced vectors (the reduction's own time
//!   is `reduce_ms`);
//! - `latency_us_p50` / `p95`: one query at a time, each timed `query_repeats` times with the
//!   fastest kept (as in the ALS trade-off).
//!
//! A row for the full vectors (`reduction: "none"`) comes first; its recall is 1 for exact by
//! definition. A k the vectors cannot be reduced to (k > d, or k > the number of rows) is not
//! measured: it is listed in [`ReduceTable::skipped`] with the reason.

use std::sync::Arc;
use std::time::Instant;

use ndarray::Array2;

use super::IndexKind;
use super::measure::quantile_nearest_rank;
use crate::index::hnsw::{HnswParams, sample_rows};
use crate::index::metric::Metric;
use crate::pipeline::error::{PipelineError, Result};
use crate::pipeline::progress::{Progress, Stage};
use crate::project::reduce::{self, DimProblem, ReduceParams, Reduction};

/// Neighbours per query in the recall (the "10" of `neighbour_recall_at_10`).
pub const NEIGHBOURS: usize = 10;

/// Target dimensions measured when none are given.
pub const DEFAULT_REDUCE_DIMS: [usize; 3] = [32, 64, 128];

/// What to measure.
#[derive(Debug, Clone, PartialEq)]
pub struct ReduceStudyParams {
    /// Reductions (measured in [`Reduction::ALL`] order, duplicates dropped).
    pub reductions: Vec<Reduction>,
    /// Target dimensions (ascending, duplicates dropped).
    pub dims: Vec<usize>,
    /// How neighbours are ranked, in the full vectors and in every copy.
    pub metric: Metric,
    /// Index kinds measured for every copy (exact first).
    pub indexes: Vec<IndexKind>,
    /// Items queried (an evenly spaced sample when there are more rows).
    pub queries: usize,
    /// Times each query is timed; the fastest counts (≥ 1).
    pub query_repeats: usize,
    /// Seed of the random projections.
    pub seed: u64,
    /// HNSW build and search settings.
    pub hnsw: HnswParams,
}

impl Default for ReduceStudyParams {
    fn default() -> Self {
        Self {
            reductions: Reduction::ALL.to_vec(),
            dims: DEFAULT_REDUCE_DIMS.to_vec(),
            metric: Metric::Cosine,
            indexes: vec![IndexKind::Exact],
            queries: 300,
            query_repeats: 3,
            seed: 42,
            hnsw: HnswParams::default(),
        }
    }
}

impl ReduceStudyParams {
    /// The settings sorted and without duplicates.
    ///
    /// # Errors
    /// No reductions, dimensions or index kinds; no queries; no timing.
    pub fn validate(&self) -> Result<Self> {
        let bad = |m: &str| Err(PipelineError::InvalidParams(m.to_owned()));
        if self.reductions.is_empty() {
            return bad("give at least one reduction (pca, gaussian, sparse)");
        }
        if self.dims.is_empty() {
            return bad("give at least one target dimension (e.g. 32,64,128)");
        }
        if self.indexes.is_empty() {
            return bad("give at least one index kind (exact, hnsw)");
        }
        if self.queries == 0 {
            return bad("query at least one item (queries ≥ 1)");
        }
        if self.query_repeats == 0 {
            return bad("each query must be timed at least once (query repeats ≥ 1)");
        }
        let mut v = self.clone();
        v.reductions.sort_unstable();
        v.reductions.dedup();
        v.dims.sort_unstable();
        v.dims.dedup();
        v.indexes.sort_unstable();
        v.indexes.dedup();
        Ok(v)
    }
}

/// One measured copy with one index kind.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ReduceRow {
    /// `none` for the full vectors, else the reduction's name.
    pub reduction: &'static str,
    /// Dimension of the indexed vectors.
    pub dim: usize,
    /// Index kind.
    pub index: IndexKind,
    /// Mean share of the full vectors' exact 10 nearest neighbours this copy's index returned.
    pub neighbour_recall_at_10: f64,
    /// Bytes the index holds.
    pub index_bytes: usize,
    /// Milliseconds to build the index from the (reduced) vectors.
    pub build_ms: f64,
    /// Milliseconds to fit the reduction and reduce every row (0 for the full vectors).
    pub reduce_ms: f64,
    /// Median single-query latency, microseconds.
    pub latency_us_p50: f64,
    /// 95th percentile of the same, microseconds.
    pub latency_us_p95: f64,
}

impl ReduceRow {
    /// The reduction as a [`Reduction`] (`None` for the full vectors).
    #[must_use]
    pub fn reduction_kind(&self) -> Option<Reduction> {
        Reduction::parse(self.reduction).ok()
    }
}

/// A (reduction, k) the study could not measure, and why.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct SkippedSetting {
    /// The reduction's name.
    pub reduction: &'static str,
    /// The target dimension asked for.
    pub dim: usize,
    /// Why (machine-readable).
    pub problem: DimProblem,
    /// Why, in English.
    pub reason: String,
}

/// The whole study, as printed by `embedscope tradeoff --reduce … --json`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ReduceTable {
    /// Dataset display name.
    pub dataset: String,
    /// Which vectors were studied (`imported`, or the method that made them).
    pub vectors: String,
    /// Rows (items) of the vectors.
    pub items: usize,
    /// Their dimension.
    pub full_dim: usize,
    /// Metric of every neighbour list.
    pub metric: Metric,
    /// Items queried.
    pub queries: usize,
    /// Seed of the random projections.
    pub seed: u64,
    /// The full vectors first, then by reduction, k and index kind.
    pub rows: Vec<ReduceRow>,
    /// Settings not measured, with the reason.
    pub skipped: Vec<SkippedSetting>,
    /// Plain-language notes on what was measured how.
    pub notes: Vec<String>,
    /// Wall time of the whole study, seconds.
    pub total_s: f64,
}

/// Run the study on a dataset's vectors: its imported item vectors, or else those of the run
/// `embedscope run` makes of it (numeric features, else ALS, else the items' text), which
/// `vectors` in the table names.
///
/// # Errors
/// As [`reduce_study`], and the run failing.
pub fn reduce_study_dataset(
    data: &Arc<crate::data::Dataset>,
    params: &ReduceStudyParams,
    progress: &Progress,
) -> Result<ReduceTable> {
    params.validate()?;
    let (vectors, label) = if let Some(v) = &data.item_vectors {
        (
            Arc::clone(v),
            crate::embed::Method::Imported.as_str().to_owned(),
        )
    } else {
        let run = crate::pipeline::run(
            &crate::pipeline::RunParams {
                dataset: data.root.clone(),
                embed: crate::embed::EmbedParams::default(),
                loaded: Some(Arc::clone(data)),
            },
            &Progress::new(progress.cancel_token().clone(), |_, _, _| true),
        )?;
        (
            run.embeddings.items,
            run.embeddings.method.as_str().to_owned(),
        )
    };
    let mut table = reduce_study(&vectors, params, progress)?;
    table.dataset.clone_from(&data.name);
    table.vectors = label;
    Ok(table)
}

/// Run the study on `vectors` (one row per item).
///
/// # Errors
/// Invalid parameters, no rows, a reduction or HNSW failing, or `Cancelled`.
pub fn reduce_study(
    vectors: &Arc<Array2<f32>>,
    params: &ReduceStudyParams,
    progress: &Progress,
) -> Result<ReduceTable> {
    let start = Instant::now();
    let p = params.validate()?;
    let (n, d) = vectors.dim();
    if n < 2 || d == 0 {
        return Err(PipelineError::InvalidParams(format!(
            "the dimension study needs at least 2 vectors with at least 1 dimension, got {n} × {d}"
        )));
    }
    let mut settings = Vec::new();
    let mut skipped = Vec::new();
    for &reduction in &p.reductions {
        for &dim in &p.dims {
            match DimProblem::of(dim, n, d) {
                None => settings.push((reduction, dim)),
                Some(problem) => skipped.push(SkippedSetting {
                    reduction: reduction.as_str(),
                    dim,
                    problem,
                    reason: problem.message(dim),
                }),
            }
        }
    }
    if settings.is_empty() {
        let reasons: Vec<String> = skipped
            .iter()
            .map(|s| format!("{} to k = {}: {}", s.reduction, s.dim, s.reason))
            .collect();
        return Err(PipelineError::InvalidParams(format!(
            "no target dimension can be used on {n} vectors of {d} dimensions ({})",
            reasons.join("; ")
        )));
    }
    // Quiet inner progress: the bar counts settings; the same token still cancels inside.
    let inner = Progress::new(progress.cancel_token().clone(), |_, _, _| true);
    let total = ((1 + settings.len()) * p.indexes.len() + 1) as u64;
    progress.step(Stage::Index, 0, total)?;
    let queries = sample_rows(n, p.queries);
    let truth = exact_truth(vectors.view(), &queries, p.metric, &inner)?;
    let mut done = 1;
    progress.step(Stage::Index, done, total)?;
    let mut rows = Vec::new();
    for &kind in &p.indexes {
        let m = measure(vectors, &queries, &truth, kind, &p, &inner)?;
        rows.push(row("none", d, kind, &m, 0.0));
        done += 1;
        progress.step(Stage::Index, done, total)?;
    }
    // One PCA fit serves every k (its top-k axes); each PCA row counts the fit's time, so
    // every row says what reducing to its k from scratch costs.
    let mut pca: Option<(crate::project::Pca, f64)> = None;
    for &(reduction, dim) in &settings {
        let reduce_start = Instant::now();
        let rp = ReduceParams {
            reduction,
            dim,
            seed: p.seed,
        };
        let mut reused_fit_ms = 0.0;
        let reducer = if reduction == Reduction::Pca {
            if let Some((_, ms)) = &pca {
                reused_fit_ms = *ms;
            } else {
                inner.step(Stage::Project, 0, 1)?;
                let fitted = crate::project::Pca::fit(&**vectors)?;
                pca = Some((fitted, reduce_start.elapsed().as_secs_f64() * 1e3));
            }
            match &pca {
                Some((fitted, _)) => reduce::from_pca(fitted, dim)?,
                None => reduce::fit(vectors.view(), &rp, &inner)?,
            }
        } else {
            reduce::fit(vectors.view(), &rp, &inner)?
        };
        let copy = Arc::new(reducer.transform(vectors.view(), &inner)?);
        let reduce_ms = reduce_start.elapsed().as_secs_f64() * 1e3 + reused_fit_ms;
        for &kind in &p.indexes {
            let m = measure(&copy, &queries, &truth, kind, &p, &inner)?;
            rows.push(row(reduction.as_str(), dim, kind, &m, reduce_ms));
            done += 1;
            progress.step(Stage::Index, done, total)?;
        }
    }
    Ok(ReduceTable {
        dataset: String::new(),
        vectors: String::new(),
        items: n,
        full_dim: d,
        metric: p.metric,
        queries: queries.len(),
        seed: p.seed,
        rows,
        skipped,
        notes: notes(&p),
        total_s: start.elapsed().as_secs_f64(),
    })
}

fn row(
    reduction: &'static str,
    dim: usize,
    index: IndexKind,
    m: &Measured,
    reduce_ms: f64,
) -> ReduceRow {
    ReduceRow {
        reduction,
        dim,
        index,
        neighbour_recall_at_10: m.recall,
        index_bytes: m.index_bytes,
        build_ms: m.build_ms,
        reduce_ms,
        latency_us_p50: quantile_nearest_rank(&m.latencies_us, 0.50),
        latency_us_p95: quantile_nearest_rank(&m.latencies_us, 0.95),
    }
}

fn notes(p: &ReduceStudyParams) -> Vec<String> {
    vec![
        format!(
            "recall: each of {} sampled items queries its {NEIGHBOURS} nearest other items by {}; the share of the full vectors' exact {NEIGHBOURS} that the copy's index returns",
            p.queries,
            p.metric.as_str()
        ),
        "exact: the app's full scan (FlatIndex: the vectors and one inverse norm per row); hnsw: HNSW graph (M 16, ef_construction 200, ef 64)".to_owned(),
        format!(
            "latency: one query at a time, vector to top-{NEIGHBOURS} list; each timed {} time(s), the fastest kept",
            p.query_repeats
        ),
        "pca: top-k principal axes of the vectors (ours, not re-centred); gaussian, sparse: linfa-reduction random projections, seeded".to_owned(),
    ]
}

mod measure;
pub use measure::recall;
use measure::{Measured, exact_truth, measure};

#[cfg(test)]
#[path = "reduce_tests.rs"]
mod tests;
