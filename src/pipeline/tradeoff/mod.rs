//! The latency / accuracy / cost trade-off, measured on the loaded data (issue 6, step 5):
//! for each latent dimension d, implicit ALS is trained with `factors = d` on one seeded
//! per-user holdout split, and for each index kind (exact scan, HNSW graph) the item vectors are
//! indexed and every evaluated user's top-k is answered one query at a time. Each setting reports
//! what it costs (index memory, build time, query latency) and what it buys (Recall@k and nDCG@k
//! against the held-out items, and how much of the exact top-k an approximate index returns).
//!
//! Nothing is canned: every number is timed or counted on this run. The split, the metrics and
//! ALS (with its default settings) are those of `embedscope eval` ([`crate::eval`],
//! [`crate::embed::als`]), so an exact row's recall equals `eval --methods als --factors d`.
//! In a release build the default sweep (d = 8…128, exact and HNSW) on the streaming sample
//! (2,002 users, 4,945 items) took 11 s on two busy cores, so ALS keeps its full 15 iterations.
//!
//! The per-setting measurement lives in [`measure`]; this file holds the parameters, the table
//! and the loop over settings (with progress and cancel between settings).

mod measure;
pub mod reduce;
#[cfg(test)]
mod tests;

use std::time::Instant;

use crate::data::Dataset;
use crate::embed::als::{self, AlsParams};
use crate::eval::data::EvalSet;
use crate::eval::split::SplitKind;
use crate::index::hnsw::HnswParams;
use crate::pipeline::error::{PipelineError, Result};
use crate::pipeline::evaluate::{EvalSource, eval_set};
use crate::pipeline::progress::{Progress, Stage};

/// The dimensions measured when none are given.
pub const DEFAULT_DIMS: [usize; 5] = [8, 16, 32, 64, 128];

/// How the item vectors are searched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum IndexKind {
    /// Score every item (one matrix–vector product) and keep the best k: exact by construction.
    Exact,
    /// An HNSW graph under inner product: approximate.
    Hnsw,
}

impl IndexKind {
    /// Stable lower-case name.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Exact => "exact",
            Self::Hnsw => "hnsw",
        }
    }

    /// Parse a name (`exact`/`flat`, `hnsw`/`approx`).
    ///
    /// # Errors
    /// An unknown name, with the ones available.
    pub fn parse(name: &str) -> Result<Self> {
        match name.trim().to_ascii_lowercase().as_str() {
            "exact" | "flat" => Ok(Self::Exact),
            "hnsw" | "approx" | "approximate" => Ok(Self::Hnsw),
            other => Err(PipelineError::InvalidParams(format!(
                "unknown index \"{other}\" (available: exact, hnsw)"
            ))),
        }
    }
}

/// What to measure.
#[derive(Debug, Clone, PartialEq)]
pub struct TradeoffParams {
    /// Latent dimensions (ALS factors); measured in ascending order, duplicates dropped.
    pub dims: Vec<usize>,
    /// Index kinds measured for every dimension (exact first, duplicates dropped).
    pub indexes: Vec<IndexKind>,
    /// List length k of Recall@k and nDCG@k.
    pub k: usize,
    /// Seed of the split and of ALS's initial factors.
    pub seed: u64,
    /// Share of each user's interactions held out for testing, in (0, 1).
    pub test_fraction: f64,
    /// ALS settings; `factors` is replaced by each dimension and `seed` by [`Self::seed`].
    pub als: AlsParams,
    /// HNSW build and search settings.
    pub hnsw: HnswParams,
    /// Times each query is timed; the fastest counts (≥ 1). On a shared machine a query the
    /// scheduler interrupts costs a whole time slice (~4 ms), which would swamp p95.
    pub query_repeats: usize,
}

impl Default for TradeoffParams {
    fn default() -> Self {
        Self {
            dims: DEFAULT_DIMS.to_vec(),
            indexes: vec![IndexKind::Exact, IndexKind::Hnsw],
            k: 10,
            seed: 42,
            test_fraction: 0.2,
            als: AlsParams::default(),
            hnsw: HnswParams::default(),
            query_repeats: 3,
        }
    }
}

/// Parameters checked by [`TradeoffParams::validate`]: dims sorted and distinct, each a valid
/// ALS factor count; indexes distinct; k ≥ 1.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidTradeoffParams {
    dims: Vec<(usize, als::ValidAlsParams)>,
    indexes: Vec<IndexKind>,
    k: usize,
    source: EvalSource,
    params: TradeoffParams,
}

impl TradeoffParams {
    /// Check and normalise.
    ///
    /// # Errors
    /// No dimensions or no index kinds, k = 0, a dimension ALS cannot fit (0 or > 4096), bad
    /// ALS settings, a test fraction outside (0, 1).
    pub fn validate(&self) -> Result<ValidTradeoffParams> {
        let bad = |m: &str| Err(PipelineError::InvalidParams(m.to_owned()));
        if self.dims.is_empty() {
            return bad("give at least one dimension to measure (e.g. 8,16,32)");
        }
        if self.indexes.is_empty() {
            return bad("give at least one index kind to measure (exact, hnsw)");
        }
        if self.k == 0 {
            return bad("k must be at least 1");
        }
        if self.query_repeats == 0 {
            return bad("each query must be timed at least once (query repeats ≥ 1)");
        }
        if !(self.test_fraction > 0.0 && self.test_fraction < 1.0) {
            return Err(PipelineError::InvalidParams(format!(
                "test fraction must be between 0 and 1, got {}",
                self.test_fraction
            )));
        }
        let mut dims = self.dims.clone();
        dims.sort_unstable();
        dims.dedup();
        let dims = dims
            .into_iter()
            .map(|d| {
                let p = AlsParams {
                    factors: d,
                    seed: self.seed,
                    ..self.als.clone()
                };
                p.validate().map(|v| (d, v))
            })
            .collect::<crate::error::Result<Vec<_>>>()?;
        let mut indexes = self.indexes.clone();
        indexes.sort_unstable();
        indexes.dedup();
        Ok(ValidTradeoffParams {
            dims,
            indexes,
            k: self.k,
            source: EvalSource::Split(SplitKind::Random {
                fraction: self.test_fraction,
                seed: self.seed,
            }),
            params: self.clone(),
        })
    }
}

/// One measured setting: a dimension with an index kind.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TradeoffRow {
    /// Latent dimension d (ALS factors).
    pub dim: usize,
    /// Index kind.
    pub index: IndexKind,
    /// Seconds ALS took to fit at this d (shared by the index kinds of one d).
    pub fit_s: f64,
    /// The item vectors themselves: items × d × 4 bytes.
    pub embedding_bytes: usize,
    /// Milliseconds to build the index from the item vectors.
    pub build_ms: f64,
    /// Bytes the index holds: the vectors for exact; for HNSW the links and its vector copy.
    pub index_bytes: usize,
    /// Bytes the index uses: as `index_bytes` for exact; for HNSW that plus the visited marks
    /// each search thread keeps (2 bytes per node per thread).
    pub allocated_bytes: usize,
    /// Median single-query latency (user vector → top-k unseen items), microseconds.
    pub latency_us_p50: f64,
    /// 95th percentile of the same, microseconds.
    pub latency_us_p95: f64,
    /// Mean Recall@k against the held-out items.
    pub recall_at_k: f64,
    /// Mean nDCG@k against the held-out items.
    pub ndcg_at_k: f64,
    /// Share of the exact top-k lists (same d, same users) this index returned (1 for exact).
    pub exact_agreement: f64,
}

impl TradeoffRow {
    /// Short label, `d=32 exact`.
    #[must_use]
    pub fn label(&self) -> String {
        format!("d={} {}", self.dim, self.index.as_str())
    }
}

/// ALS settings shared by every row (factors vary per row).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TradeoffAlsParams {
    /// Alternating passes per fit.
    pub iterations: usize,
    /// L2 penalty λ.
    pub regularization: f32,
    /// Confidence scale α.
    pub alpha: f32,
    /// Conjugate-gradient steps per row and pass (`None`: ALS-WR's exact row solves).
    pub cg_steps: Option<usize>,
    /// Seed of the initial factors.
    pub seed: u64,
}

/// How the table was measured.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TradeoffRunParams {
    /// Share of each user's interactions held out.
    pub test_fraction: f64,
    /// Seed of the split.
    pub seed: u64,
    /// ALS settings.
    pub als: TradeoffAlsParams,
    /// HNSW settings.
    pub hnsw: HnswParams,
    /// Queries are answered one at a time on one thread (latency, not throughput).
    pub query_threads: usize,
    /// Times each query was timed; the fastest counts.
    pub query_repeats: usize,
    /// Plain-language notes on what was measured how.
    pub notes: Vec<String>,
}

/// The whole measurement, as printed by `embedscope tradeoff --json`.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TradeoffTable {
    /// Dataset display name.
    pub dataset: String,
    /// List length of the metrics.
    pub k: usize,
    /// Rows by ascending dimension, exact before HNSW.
    pub settings: Vec<TradeoffRow>,
    /// Users with held-out items (one query each per setting).
    pub users_evaluated: usize,
    /// Catalogue size (items in train ∪ test).
    pub items: usize,
    /// Distinct train pairs.
    pub train_pairs: usize,
    /// Distinct held-out pairs.
    pub test_pairs: usize,
    /// How it was measured.
    pub params: TradeoffRunParams,
    /// Wall time of the whole measurement, seconds.
    pub total_s: f64,
}

/// Bytes as B / KiB / MiB, as the trade-off tables show index and vector sizes.
#[must_use]
pub fn human_bytes(n: usize) -> String {
    let n = n as f64;
    if n < 1024.0 {
        format!("{n} B")
    } else if n < 1024.0 * 1024.0 {
        format!("{:.1} KiB", n / 1024.0)
    } else {
        format!("{:.2} MiB", n / (1024.0 * 1024.0))
    }
}

/// Measure every (dimension, index) setting on one split of `data`.
///
/// # Errors
/// Invalid parameters, no interactions or an empty test set, an HNSW failure, or `Cancelled`.
pub fn tradeoff(
    data: &Dataset,
    params: &TradeoffParams,
    progress: &Progress,
) -> Result<TradeoffTable> {
    let start = Instant::now();
    let valid = params.validate()?;
    let set = eval_set(data, &valid.source)?;
    let mut table = tradeoff_on(&set, &valid, progress)?;
    table.dataset.clone_from(&data.name);
    table.total_s = start.elapsed().as_secs_f64();
    Ok(table)
}

/// [`tradeoff`] on an evaluation set already split.
///
/// # Errors
/// An empty test set, an HNSW failure, or `Cancelled`.
pub fn tradeoff_on(
    set: &EvalSet,
    valid: &ValidTradeoffParams,
    progress: &Progress,
) -> Result<TradeoffTable> {
    let start = Instant::now();
    let users = set.eval_users();
    if users.is_empty() {
        return Err(PipelineError::InvalidParams(
            "the test set is empty (no user has a test item that is not already in train)"
                .to_owned(),
        ));
    }
    // ALS and the HNSW build report their own steps; the bar shows settings, so they get a
    // quiet progress that still stops on the same cancel token.
    let inner = Progress::new(progress.cancel_token().clone(), |_, _, _| true);
    let per_dim = 1 + valid.indexes.len() as u64;
    let total = valid.dims.len() as u64 * per_dim;
    let mut settings = Vec::with_capacity(valid.dims.len() * valid.indexes.len());
    for (n, (dim, als_params)) in valid.dims.iter().enumerate() {
        let done = n as u64 * per_dim;
        progress.step(Stage::Embed, done, total)?;
        let fit_start = Instant::now();
        let model = als::fit(&set.train, set.items(), als_params, &inner)?;
        let fit_s = fit_start.elapsed().as_secs_f64();
        let ctx = measure::Context {
            set,
            users: &users,
            model: &model,
            k: valid.k,
            hnsw: valid.params.hnsw,
            repeats: valid.params.query_repeats,
            progress: &inner,
        };
        // Exact runs first (indexes are sorted) and its lists are the reference for HNSW.
        let mut exact_lists: Option<Vec<Vec<u32>>> = None;
        for (j, &kind) in valid.indexes.iter().enumerate() {
            progress.step(Stage::Index, done + 1 + j as u64, total)?;
            if kind == IndexKind::Hnsw && exact_lists.is_none() {
                exact_lists = Some(ctx.exact_lists()?);
            }
            let reference = match kind {
                IndexKind::Exact => None,
                IndexKind::Hnsw => exact_lists.as_deref(),
            };
            let m = ctx.measure(kind, reference)?;
            settings.push(TradeoffRow {
                dim: *dim,
                index: kind,
                fit_s,
                embedding_bytes: set.items() * dim * size_of::<f32>(),
                build_ms: m.build_s * 1e3,
                index_bytes: m.index_bytes,
                allocated_bytes: m.allocated_bytes,
                latency_us_p50: m.latency_us_p50,
                latency_us_p95: m.latency_us_p95,
                recall_at_k: m.recall,
                ndcg_at_k: m.ndcg,
                exact_agreement: m.exact_agreement,
            });
            if kind == IndexKind::Exact {
                exact_lists = Some(m.lists);
            }
        }
    }
    progress.step(Stage::Index, total, total)?;
    Ok(TradeoffTable {
        dataset: String::new(),
        k: valid.k,
        settings,
        users_evaluated: users.len(),
        items: set.items(),
        train_pairs: set.train_pairs(),
        test_pairs: set.test_pairs(),
        params: run_params(&valid.params),
        total_s: start.elapsed().as_secs_f64(),
    })
}

fn run_params(p: &TradeoffParams) -> TradeoffRunParams {
    let mut notes = vec![
        "exact: the item vectors as one row-major matrix; a query is one matrix-vector product and a top-k of the unseen items".to_owned(),
        "hnsw: HNSW graph under inner product (M 16, ef_construction 200); a query asks for k + (items the user has seen) and drops the seen ones".to_owned(),
        format!("latency: one query at a time on one thread, user vector to top-k list, including the seen-item filter; each query timed {} time(s), the fastest kept", p.query_repeats),
    ];
    if p.als.iterations < AlsParams::default().iterations {
        notes.push(format!(
            "ALS runs {} iterations per dimension here (eval's default is {}) to keep the sweep quick",
            p.als.iterations,
            AlsParams::default().iterations
        ));
    }
    TradeoffRunParams {
        test_fraction: p.test_fraction,
        seed: p.seed,
        als: TradeoffAlsParams {
            iterations: p.als.iterations,
            regularization: p.als.regularization,
            alpha: p.als.alpha,
            cg_steps: p.als.cg_steps_used(),
            seed: p.seed,
        },
        hnsw: p.hnsw,
        query_threads: 1,
        query_repeats: p.query_repeats,
        notes,
    }
}
