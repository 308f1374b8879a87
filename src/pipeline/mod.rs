//! The pipeline: load → embed → index → project, shared by the GUI (in a worker thread) and the CLI.
//!
//! [`run`] is a plain function over validated params; [`job::Job`] runs it on a named thread and
//! streams [`job::Event`]s back. A click in the GUI is a query ([`query`]) against the finished run.

pub mod analogy;
pub mod ann;
pub mod compare;
pub mod drift;
pub mod error;
mod eval_imported;
mod eval_methods;
pub mod evaluate;
pub mod interview;
pub mod job;
pub mod no_data;
/// Progress and Cancel live on the bottom floor (`crate::progress`); re-exported for callers above.
pub use crate::progress;
pub mod query;
pub mod recommend_query;
pub mod reduced;
pub mod saved;
pub mod table_query;
pub mod tradeoff;
pub mod whatif;

pub use error::{PipelineError, Result};

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use ndarray::{Array2, Axis};

use crate::data::{Dataset, Kind, PointRef, formats};
use crate::embed::{self, EmbedParams, Embeddings};
use crate::error::{ComputeError, DataError};
use crate::index::FlatIndex;
use crate::project::Pca;
use progress::{Progress, Stage};

/// What to run.
#[derive(Debug, Clone, Default)]
pub struct RunParams {
    /// Dataset path: a folder or file in any format [`formats::detect`] knows.
    pub dataset: PathBuf,
    /// The embedder.
    pub embed: EmbedParams,
    /// The dataset, when it is already loaded from `dataset` (re-embedding skips the load).
    pub loaded: Option<Arc<Dataset>>,
}

impl RunParams {
    /// Load `dataset` and embed it with the default method (numeric features).
    #[must_use]
    pub fn new(dataset: impl Into<PathBuf>) -> Self {
        Self {
            dataset: dataset.into(),
            ..Self::default()
        }
    }
}

/// Wall time of one stage.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct StageTiming {
    /// The stage.
    pub stage: Stage,
    /// Milliseconds.
    pub millis: f64,
}

/// Everything a finished run produced.
#[derive(Debug, Clone)]
pub struct RunOutput {
    /// The loaded dataset.
    pub data: Arc<Dataset>,
    /// Item and user vectors.
    pub embeddings: Embeddings,
    /// Map point `i` ↔ index row `i` ↔ this entity (all items, then placed users).
    pub points: Vec<PointRef>,
    /// Exact index over all points.
    pub index: FlatIndex,
    /// The PCA fitted on the items.
    pub pca: Pca,
    /// 2D map position of each point.
    pub xy: Array2<f32>,
    /// Per-stage wall times.
    pub timings: Vec<StageTiming>,
    /// Popularity, recency and per-user history, computed once here for every click to read.
    pub stats: crate::data::stats::InteractionStats,
    /// The run's id in the workspace, when it was saved there or read back from it.
    pub run_id: Option<i64>,
    /// A t-SNE layout saved with the run in the workspace (n × 2, with its parameters and
    /// warnings), shown without recomputing.
    pub saved_tsne: Option<saved::FinishedTsne>,
    /// A UMAP layout saved with the run in the workspace, shown without recomputing.
    pub saved_umap: Option<saved::FinishedUmap>,
    /// When the vectors are a dimension-reduced copy of another run's: how, and that run.
    pub reduced: Option<reduced::ReducedCopy>,
}

/// Counts and timings of a run, as printed by `embedscope run --json`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct RunSummary {
    /// Dataset display name.
    pub dataset: String,
    /// Number of items.
    pub items: usize,
    /// Number of users.
    pub users: usize,
    /// Users with a vector (placed on the map).
    pub users_placed: usize,
    /// Number of interactions.
    pub interactions: usize,
    /// Vector dimension.
    pub dimension: usize,
    /// Embedding method.
    pub method: &'static str,
    /// Projection method.
    pub projection: &'static str,
    /// Explained variance ratio of the two map axes.
    pub explained_variance_ratio: [f64; 2],
    /// Milliseconds per stage.
    pub timings_ms: serde_json::Map<String, serde_json::Value>,
    /// Sum of the stage times.
    pub total_ms: f64,
    /// For the text model: the model, rows truncated, items without text, speed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text_model: Option<crate::embed::text_model::TextModelReport>,
    /// When the items are a sample of a larger table: `rows`, `of`, `seed`, `stratified_by`
    /// and the sentence the map shows (`label`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sample: Option<serde_json::Value>,
}

impl RunOutput {
    /// The point index of an entity, if it is on the map.
    #[must_use]
    pub fn point_of(&self, p: PointRef) -> Option<usize> {
        match p.kind {
            Kind::Item => ((p.row as usize) < self.data.items.len()).then_some(p.row as usize),
            Kind::User => self.points[self.data.items.len()..]
                .binary_search(&p)
                .ok()
                .map(|i| i + self.data.items.len()),
        }
    }

    /// The summary printed by the CLI.
    #[must_use]
    pub fn summary(&self) -> RunSummary {
        let ratio = &self.pca.explained_variance_ratio;
        RunSummary {
            dataset: self.data.name.clone(),
            items: self.data.items.len(),
            users: self.data.users.len(),
            users_placed: self.embeddings.user_placed.iter().filter(|p| **p).count(),
            interactions: self.data.interactions.len(),
            dimension: self.embeddings.dim(),
            method: self.embeddings.method.as_str(),
            projection: "pca",
            explained_variance_ratio: [
                ratio.first().copied().unwrap_or(0.0),
                ratio.get(1).copied().unwrap_or(0.0),
            ],
            timings_ms: self
                .timings
                .iter()
                .map(|t| (t.stage.as_str().to_owned(), serde_json::json!(t.millis)))
                .collect(),
            total_ms: self.timings.iter().map(|t| t.millis).sum(),
            text_model: self.embeddings.text_model.clone(),
            sample: self.data.sources.sample.as_ref().map(|s| {
                serde_json::json!({"rows": s.rows, "of": s.of, "seed": s.seed,
                    "stratified_by": s.stratified_by, "label": s.label_en()})
            }),
        }
    }
}

/// The exact index over the map's points: the items, then the placed users (`user_rows`), with
/// the points that have no data behind them marked ([`no_data::no_data_mask`]). Without placed
/// users it shares the item matrix instead of copying it.
///
/// # Errors
/// Items and users of different dimensions.
pub fn index_points(
    embeddings: &Embeddings,
    user_rows: &[usize],
    stats: &crate::data::stats::InteractionStats,
) -> Result<FlatIndex> {
    let mask = no_data::no_data_mask(embeddings, user_rows, stats);
    if user_rows.is_empty() {
        return Ok(FlatIndex::shared(Arc::clone(&embeddings.items)).with_no_data(mask));
    }
    let placed_users = embeddings.users.select(Axis(0), user_rows);
    let stacked = ndarray::concatenate(Axis(0), &[embeddings.items.view(), placed_users.view()])
        .map_err(|e| crate::pipeline::PipelineError::Numerical {
            stage: "index",
            reason: e.to_string(),
        })?;
    Ok(FlatIndex::build(stacked).with_no_data(mask))
}

/// Run the whole pipeline.
///
/// # Errors
/// Data errors (with file/line/column), numerical failures, or `Cancelled`.
pub fn run(params: &RunParams, progress: &Progress) -> Result<RunOutput> {
    let mut timings = Vec::new();
    let mut clock = Instant::now();
    let mut lap = |stage: Stage, timings: &mut Vec<StageTiming>| {
        timings.push(StageTiming {
            stage,
            millis: clock.elapsed().as_secs_f64() * 1e3,
        });
        clock = Instant::now();
    };

    progress.step(Stage::Load, 0, 1)?;
    let data = match &params.loaded {
        Some(d) => Arc::clone(d),
        None => Arc::new(formats::load_tracked(
            &params.dataset,
            &formats::LoadOptions::default(),
            progress,
        )?),
    };
    let stats = crate::data::stats::InteractionStats::of(&data);
    progress.step(Stage::Load, 1, 1)?;
    lap(Stage::Load, &mut timings);

    progress.step(Stage::Embed, 0, 2)?;
    let embeddings = match embed::embed(&data, &params.embed, progress) {
        // No numeric features: try what the dataset does have; if that fails too, the first
        // reason is the one to show.
        Err(first @ ComputeError::Data(DataError::NoFeatures { .. })) => {
            // The fallback runs with the app's defaults for its method (the settings the same
            // method gets when chosen by name), so one method name means one model.
            let Some(other) = embed::fallback(&data).map(|p| compare::default_params(p.method()))
            else {
                return Err(first.into());
            };
            embed::embed(&data, &other, progress).map_err(|e| match e {
                ComputeError::Cancelled => e,
                _ => first,
            })?
        }
        r => r?,
    };
    lap(Stage::Embed, &mut timings);

    progress.step(Stage::Index, 0, 1)?;
    let mut points: Vec<PointRef> = (0..data.items.len() as u32)
        .map(|row| PointRef {
            kind: Kind::Item,
            row,
        })
        .collect();
    points.extend(
        embeddings
            .user_placed
            .iter()
            .enumerate()
            .filter(|(_, p)| **p)
            .map(|(r, _)| PointRef {
                kind: Kind::User,
                row: r as u32,
            }),
    );
    let user_rows: Vec<usize> = points[data.items.len()..]
        .iter()
        .map(|p| p.row as usize)
        .collect();
    let index = index_points(&embeddings, &user_rows, &stats)?;
    progress.step(Stage::Index, 1, 1)?;
    lap(Stage::Index, &mut timings);

    progress.step(Stage::Project, 0, 1)?;
    let pca = Pca::fit(&embeddings.items)?;
    let xy = pca.transform(index.data(), (0, 1))?;
    progress.step(Stage::Project, 1, 1)?;
    lap(Stage::Project, &mut timings);

    Ok(RunOutput {
        data,
        embeddings,
        points,
        index,
        pca,
        xy,
        timings,
        stats,
        run_id: None,
        saved_tsne: None,
        saved_umap: None,
        reduced: None,
    })
}
