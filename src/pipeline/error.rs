//! [`PipelineError`]: the error of the pipeline, the GUI and the CLI — where the compute modules'
//! [`ComputeError`] and the workspace's [`StoreError`] meet.
//!
//! The compute modules below never name the store (`scripts/check.sh`); their errors come up
//! here through `From`, each into the variant of the same name with the same text, so a user sees
//! the same message whichever floor failed.

use crate::data::models::ModelError;
use crate::error::{CANCELLED, ComputeError, DataError, INVALID_PARAMS, NUMERICAL, WindowError};
use crate::store::StoreError;

/// An error of the pipeline (and of the GUI and CLI around it).
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    /// Loading or validating the dataset failed.
    #[error(transparent)]
    Data(#[from] DataError),
    /// A model folder could not be opened or run.
    #[error(transparent)]
    Model(#[from] ModelError),
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
    /// The worker could not be started.
    #[error("could not start the worker thread: {0}")]
    Thread(String),
    /// The workspace (SQLite) failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The user pressed Cancel (not an error to show; it ends the job quietly).
    #[error("{CANCELLED}")]
    Cancelled,
}

impl From<ComputeError> for PipelineError {
    fn from(e: ComputeError) -> Self {
        match e {
            ComputeError::Data(d) => Self::Data(d),
            ComputeError::Model(m) => Self::Model(m),
            ComputeError::InvalidParams(m) => Self::InvalidParams(m),
            ComputeError::Window(w) => Self::Window(w),
            ComputeError::Numerical { stage, reason } => Self::Numerical { stage, reason },
            ComputeError::Cancelled => Self::Cancelled,
        }
    }
}

/// Result of the pipeline, the GUI and the CLI.
pub type Result<T, E = PipelineError> = std::result::Result<T, E>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compute_errors_keep_their_text_in_the_pipeline() {
        let cases = [
            (
                ComputeError::InvalidParams("k must be at least 1".into()),
                "invalid parameter: k must be at least 1",
            ),
            (
                ComputeError::Numerical {
                    stage: "PCA",
                    reason: "no convergence".into(),
                },
                "numerical failure in PCA: no convergence",
            ),
            (ComputeError::Cancelled, "cancelled"),
            (
                ComputeError::Data(DataError::MissingFile {
                    file: "items.csv".into(),
                }),
                "items.csv: file not found (a dataset folder needs items.csv)",
            ),
            (
                ComputeError::Window(WindowError::EndsBeforeStart {
                    text: "2026-02-01..2026-01-01".into(),
                }),
                "\"2026-02-01..2026-01-01\": the window ends before it starts",
            ),
        ];
        for (compute, text) in cases {
            assert_eq!(compute.to_string(), text);
            assert_eq!(PipelineError::from(compute).to_string(), text);
        }
    }

    #[test]
    fn store_errors_reach_the_pipeline_unchanged() {
        let e = PipelineError::from(StoreError::Invalid("shape".into()));
        assert!(matches!(e, PipelineError::Store(StoreError::Invalid(_))));
        assert_eq!(e.to_string(), "invalid input to the workspace: shape");
    }
}
