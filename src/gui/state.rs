//! The UI thread's state and the commands panels push to change it.
//!
//! Panels read `&AppState` and push [`Command`]s; `app.rs` applies them between frames.
//! Nothing here is shared with the worker: results arrive as messages.

use std::path::PathBuf;
use std::sync::Arc;

pub use super::command::Command;
use super::i18n::{Key, Lang};
use super::map_data::MapData;
pub use super::settings::{MethodChoice, Settings};
use crate::pipeline::PipelineError;
use crate::pipeline::RunOutput;
use crate::pipeline::job::Job;
use crate::pipeline::progress::Stage;
use crate::pipeline::query::Comparison;

/// Smallest and largest k offered by the slider.
pub const K_RANGE: std::ops::RangeInclusive<usize> = 1..=50;

/// A message shown above the map until dismissed.
#[derive(Debug)]
pub enum Banner {
    /// Loading failed; kept as the error so it can be shown in either language.
    Error(PipelineError),
    /// A translatable notice.
    Info(Key),
    /// The workspace could not be used as it was (set aside, or memory only).
    Workspace(crate::store::StoreWarning),
    /// An export finished: the files written.
    Exported(Vec<PathBuf>),
    /// An export failed.
    ExportFailed(crate::error::ReportError),
    /// The pipeline re-ran on a copy without the audit's excluded rows: rows removed
    /// `[items, users, interactions]` and what the copy has.
    Cleaned {
        /// Rows removed (exclusions and what they take along).
        removed: [usize; 3],
        /// Rows of the cleaned copy.
        now: [usize; 3],
    },
}

/// What the Export menu writes (see [`crate::report`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportKind {
    /// TensorFlow Projector folder: `vectors.tsv` + `metadata.tsv` (with the map's x, y).
    Projector,
    /// float32 `.npy` of the vectors, with the coordinates CSV beside it.
    Npy,
    /// The map's coordinates as CSV.
    CoordinatesCsv,
    /// Neighbour lists of the selected and marked points (CSV).
    NeighboursCsv,
    /// Recommendations for the selected and marked users (CSV).
    RecommendationsCsv,
    /// The map as on screen (layout and colours) as a PNG image.
    MapPng,
    /// The one-page workshop summary (goal, KPI standings, A/B plan and result), Markdown.
    SummaryMarkdown,
    /// The same summary as a self-contained HTML page.
    SummaryHtml,
}

/// A pipeline job in flight.
#[derive(Debug)]
pub struct Running {
    /// The worker.
    pub job: Job<Box<RunOutput>>,
    /// Folder being loaded.
    pub path: PathBuf,
    /// Latest progress.
    pub stage: Stage,
    /// Units done in the stage.
    pub done: u64,
    /// Units in the stage.
    pub total: u64,
    /// When the current stage began (for the rate and time left of long stages).
    pub since: std::time::Instant,
}

impl Running {
    /// Overall fraction done, 0–1, counting the four stages equally.
    #[must_use]
    pub fn fraction(&self) -> f32 {
        let stage_index = match self.stage {
            Stage::Load => 0.0,
            Stage::Embed => 1.0,
            Stage::Index => 2.0,
            Stage::Project => 3.0,
            // After the four stages: the map is computed, only the saving is left.
            Stage::Save => return 1.0,
        };
        let within = if self.total == 0 {
            0.0
        } else {
            self.done as f32 / self.total as f32
        };
        ((stage_index + within) / 4.0).clamp(0.0, 1.0)
    }

    /// Rows per second and seconds left in a long stage (a text model encoding thousands of
    /// items), once it has run long enough to tell.
    #[must_use]
    pub fn rate(&self) -> Option<(f64, f64)> {
        let secs = self.since.elapsed().as_secs_f64();
        if self.total < 100 || self.done == 0 || secs < 0.5 {
            return None;
        }
        let rate = self.done as f64 / secs;
        Some((rate, self.total.saturating_sub(self.done) as f64 / rate))
    }
}

/// The offline evaluation of the current dataset (run on demand in the worker).
#[derive(Debug, Default)]
pub struct EvalState {
    /// Evaluation in flight.
    pub job: Option<Job<serde_json::Value>>,
    /// The last report (`embedscope eval --json` shape) and the dataset folder it belongs to.
    pub report: Option<(PathBuf, serde_json::Value)>,
    /// The last failure.
    pub error: Option<PipelineError>,
    /// The typed path of the other side: vectors trained elsewhere (a Spark ALS model folder)
    /// when the dataset on screen has interactions, or the dataset with the interactions when
    /// the one on screen is such a model.
    pub other_path: String,
    /// The native dialog choosing `other_path`, when open (its own thread; rfd can block).
    pub dialog: Option<std::sync::mpsc::Receiver<Option<PathBuf>>>,
}

/// What the central area shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Tab {
    /// The map with the list and neighbour panels.
    #[default]
    Map,
    /// The workshop's guided steps ([`super::learn`]).
    Learn,
    /// N=1 interview preparation ([`super::interviews_ui`]).
    Interviews,
}

/// The data audit window.
#[derive(Debug, Default)]
pub struct AuditView {
    /// The window is open.
    pub open: bool,
    /// The audited dataset (as loaded from its files) and its report.
    pub report: Option<(
        Arc<crate::data::Dataset>,
        Arc<crate::data::audit::AuditReport>,
    )>,
    /// Audit in flight.
    pub job: Option<Job<(Arc<crate::data::Dataset>, crate::data::audit::AuditReport)>>,
    /// Finding kinds ticked for exclusion.
    pub excluded: std::collections::BTreeSet<String>,
    /// Audit parameters (the near-duplicate threshold is adjustable).
    pub params: crate::data::audit::AuditParams,
}

/// The run comparison window.
#[derive(Debug, Default)]
pub struct CompareView {
    /// The window is open.
    pub open: bool,
    /// The methods compared (A, B).
    pub methods: Option<(MethodChoice, MethodChoice)>,
    /// The workspace runs compared or picked (A, B), by id.
    pub stored: Option<(i64, i64)>,
    /// The workspace's saved runs (newest first), read when the window opens; `None` until
    /// read or without a workspace.
    pub saved_runs: Option<Vec<crate::store::RunInfo>>,
    /// Reading the saved runs.
    pub saved_job: Option<Job<Vec<crate::store::RunInfo>>>,
    /// Whether the app keeps a workspace (else there are no saved runs to pick).
    pub has_workspace: bool,
    /// Changes whenever `result` changes (the map recolours).
    pub generation: u64,
    /// The last comparison.
    pub result: Option<Arc<crate::eval::compare::Comparison>>,
    /// Comparison in flight.
    pub job: Option<Job<crate::eval::compare::Comparison>>,
    /// Why the last comparison failed.
    pub error: Option<PipelineError>,
    /// Table order.
    pub sort: super::compare_ui::CompareSort,
    /// The seasonal drift comparison (two time windows of this dataset).
    pub drift: super::drift_ui::DriftView,
}

/// Approximate neighbour lists: the user's choice and the graphs of the run on screen.
#[derive(Debug, Default)]
pub struct AnnState {
    /// Answer from the HNSW graphs instead of a full scan.
    pub approximate: bool,
    /// The graphs, once built for the run on screen.
    pub indexes: Option<Arc<crate::pipeline::ann::AnnIndexes>>,
    /// Graphs being built.
    pub job: Option<Job<crate::pipeline::ann::AnnIndexes>>,
}

/// What a drag on the map does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MapTool {
    /// Move the view (scroll zooms).
    #[default]
    Pan,
    /// Mark the points inside a rectangle.
    Box,
    /// Mark the points inside a free-hand outline.
    Lasso,
}

/// The map's tools and what they produced.
#[derive(Debug)]
pub struct MapView {
    /// What a drag does.
    pub tool: MapTool,
    /// What the colours mean.
    pub color_by: super::map_colors::ColorBy,
    /// Marked points (box, lasso, find), sorted.
    pub marked: Vec<usize>,
    /// Find text (a regular expression over names and ids, case-insensitive).
    pub find: String,
    /// Why the find text is not a valid expression.
    pub find_error: Option<String>,
    /// Number of k-means clusters.
    pub cluster_k: usize,
    /// Cluster label per point of the run on screen, and the generation it was computed for.
    pub clusters: Option<(std::sync::Arc<Vec<u16>>, u64)>,
    /// k-means in flight.
    pub cluster_job: Option<Job<Vec<u16>>>,
    /// Changes whenever `clusters` changes.
    pub cluster_generation: u64,
}

impl Default for MapView {
    fn default() -> Self {
        Self {
            tool: MapTool::Pan,
            color_by: super::map_colors::ColorBy::Category,
            marked: Vec::new(),
            find: String::new(),
            find_error: None,
            cluster_k: 8,
            clusters: None,
            cluster_job: None,
            cluster_generation: 0,
        }
    }
}

pub use super::run_cache::CachedRun;

/// Everything the UI shows.
#[derive(Debug, Default)]
pub struct AppState {
    /// Persisted settings.
    pub settings: Settings,
    /// The current (last good) run.
    pub run: Option<Arc<RunOutput>>,
    /// Map series derived from the run.
    pub map: Option<MapData>,
    /// Earlier runs of the same dataset with other methods, for instant switching back.
    pub cache: Vec<CachedRun>,
    /// Text of the path field.
    pub path_text: String,
    /// Selected map point.
    pub selected: Option<usize>,
    /// Neighbours of the selected point (recomputed when selection, k or filter change).
    pub comparison: Option<Result<Comparison, crate::index::QueryError>>,
    /// The two-stage funnel of the selected user.
    pub funnel: Option<crate::pipeline::recommend_query::Funnel>,
    /// Recommendations for the selected user.
    pub recommendations: Option<Vec<crate::pipeline::recommend_query::Recommendation>>,
    /// The selected user's plain top lists under dot, cosine and Euclidean (how they differ).
    pub metric_lists: Option<crate::pipeline::recommend_query::MetricLists>,
    /// Job in flight.
    pub running: Option<Running>,
    /// The map's layout (PCA axes or t-SNE) and its quality scores.
    pub projection: super::projection::ProjectionState,
    /// Per-column weights of the numeric-features method for the loaded dataset (empty = all 1).
    pub feature_weights: Vec<f64>,
    /// Offline evaluation.
    pub eval: EvalState,
    /// Message above the map.
    pub banner: Option<Banner>,
    /// Search text of the list panel.
    pub search: String,
    /// The run on screen (or being computed) is a cleaned copy (audit exclusions), not the
    /// files: it is not kept in the workspace.
    pub excluded_run: bool,
    /// Map tools: drag mode, colouring, marked points, find.
    pub map_view: MapView,
    /// Approximate (HNSW) neighbour lists.
    pub ann: AnnState,
    /// The data audit of the dataset on screen.
    pub audit: AuditView,
    /// The comparison of two runs.
    pub compare: CompareView,
    /// The whole-table search behind a sampled table.
    pub whole_table: super::whole_table_ui::WholeTableView,
    /// A neighbour query of a large run, answered in the worker.
    pub query_job: Option<Job<Result<Comparison, crate::index::QueryError>>>,
    /// No font could render Japanese; shown once.
    pub cjk_missing: bool,
    /// The missing-font notice was dismissed.
    pub cjk_notice_dismissed: bool,
    /// Map or Learn.
    pub tab: Tab,
    /// A file with several vector columns waits for the user to pick one.
    pub vector_choice: Option<super::vector_column_ui::VectorChoice>,
    /// The vector column chosen for a file (used whenever that file is loaded again).
    pub vector_column: Option<(PathBuf, String)>,
    /// The dataset's bookmarks and the name being typed.
    pub bookmarks: super::bookmarks_ui::BookmarksView,
    /// The goal & KPI card (draft and the goal kept in the workspace).
    pub goal: super::goal_ui::GoalView,
    /// The export in flight (its dialog or its writing), if any.
    pub exporting: Option<ExportKind>,
    /// The right panel's tab picked by hand, and the point it was picked for.
    pub side_tab: Option<(super::neighbours_ui::SideTab, usize)>,
    /// The export panel: a typed path for when no file dialog is available.
    pub export_panel: ExportPanel,
    /// The text model picker.
    pub model_picker: super::model_picker::ModelPicker,
}

/// The export panel (beside the map): what to export and where, typed.
#[derive(Debug, Default)]
pub struct ExportPanel {
    /// The panel is open, for this kind.
    pub kind: Option<ExportKind>,
    /// The path typed (a folder for the projector pair, else a file).
    pub path: String,
}

impl AppState {
    /// The UI language.
    #[must_use]
    pub fn lang(&self) -> Lang {
        self.settings.lang.unwrap_or_default()
    }

    /// Whether a job is running.
    #[must_use]
    pub fn is_busy(&self) -> bool {
        self.running.is_some()
    }
}
