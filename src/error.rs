//! Error types of the lower floors, one `thiserror` enum per kind, and the [`Result`] alias of
//! the compute modules.
//!
//! Nothing here names the workspace: the compute modules (data, embed, index, project, eval…)
//! return [`ComputeError`], which knows nothing of SQLite. The store has its own error
//! (`store::StoreError`); the two meet in `pipeline::PipelineError`, the error of the pipeline,
//! the GUI and the CLI. `scripts/check.sh` keeps it that way.
//!
//! Data errors always say *where* (file, line, column) and *what was expected*, so a user can
//! open the file and fix it: `items.csv:42: column "price": expected a number, found "cheap"`.

mod data;
mod detail;
mod location;
mod spark;

pub use data::DataError;
pub use detail::{FieldsLike, FirstVector, NpyProblem, Separator};
pub use location::{Location, Part};
pub use spark::SparkProblem;

/// A time window over the interactions that cannot be used (the seasonal drift comparison, the
/// freshness study). The GUI translates each; `Display` is the English message of the CLI.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WindowError {
    /// Not `FROM..TO` with two real dates.
    #[error(
        "\"{text}\" is not a time window (expected FROM..TO with dates as YYYY-MM-DD, e.g. 2026-01-01..2026-03-31)"
    )]
    BadWindow {
        /// The text as given.
        text: String,
    },
    /// The last day is before the first.
    #[error("\"{text}\": the window ends before it starts")]
    EndsBeforeStart {
        /// The text as given.
        text: String,
    },
    /// Some or all interactions carry no timestamp.
    #[error(
        "the interactions of {dataset} carry no timestamps (or not all of them): time windows need a timestamp column in Unix seconds"
    )]
    NoTimestamps {
        /// The dataset's name.
        dataset: String,
    },
    /// A window holds too few interactions to train on.
    #[error(
        "the window {window} holds {interactions} interactions; at least {needed} are needed to train on it"
    )]
    TooFew {
        /// The window as `FROM..TO`.
        window: String,
        /// Interactions inside it.
        interactions: usize,
        /// The minimum.
        needed: usize,
    },
}

/// Errors from the compute layers (data, embed, index, project, eval…). The pipeline turns each
/// into the `pipeline::PipelineError` variant of the same name and text.
#[derive(Debug, thiserror::Error)]
pub enum ComputeError {
    /// Loading or validating the dataset failed.
    #[error(transparent)]
    Data(#[from] DataError),
    /// A model folder could not be opened or run.
    #[error(transparent)]
    Model(#[from] crate::data::models::ModelError),
    /// Parameters are outside their valid range.
    #[error("{INVALID_PARAMS}: {0}")]
    InvalidParams(String),
    /// A time window cannot be used.
    #[error(transparent)]
    Window(#[from] WindowError),
    /// A numeric routine could not produce a result (e.g. an eigen solver failed).
    #[error("{NUMERICAL} {stage}: {reason}")]
    Numerical {
        /// The stage that failed.
        stage: &'static str,
        /// Why.
        reason: String,
    },
    /// The user pressed Cancel (not an error to show; it ends the job quietly).
    #[error("{CANCELLED}")]
    Cancelled,
}

/// The words before an invalid parameter's message (shared with the pipeline's error).
pub const INVALID_PARAMS: &str = "invalid parameter";
/// The words before a numerical failure's stage (shared with the pipeline's error).
pub const NUMERICAL: &str = "numerical failure in";
/// The text of a cancelled job (shared with the pipeline's error).
pub const CANCELLED: &str = "cancelled";

/// Result of the compute modules.
pub type Result<T, E = ComputeError> = std::result::Result<T, E>;

/// Errors while writing an export (`report`).
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// The file could not be written.
    #[error("{path}: cannot write the file: {reason}")]
    Write {
        /// The path as given.
        path: String,
        /// The operating system's message.
        reason: String,
    },
    /// The coordinates (or colours) do not match the run's points.
    #[error("the map has {found} points but the run has {expected}")]
    Shape {
        /// Points in the run.
        expected: usize,
        /// Rows given.
        found: usize,
    },
    /// A point or user that is not in the run.
    #[error("{0}")]
    NotInRun(String),
    /// The image could not be encoded.
    #[error("cannot encode the PNG image: {0}")]
    Png(String),
}
