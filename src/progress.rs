//! Progress reporting and cancellation for compute code.
//!
//! Compute loops call [`Progress::step`] at chunk boundaries; it forwards throttled updates
//! (~20 per second, plus every stage's first and last step) to a sink and returns
//! `Err(Cancelled)` once the [`CancelToken`] is set.

use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use crate::error::{ComputeError, Result};

/// A pipeline stage, in the order they run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Stage {
    /// Reading files.
    Load,
    /// Computing vectors.
    Embed,
    /// Building the neighbour index.
    Index,
    /// Projecting to 2D.
    Project,
    /// Writing the finished run into the workspace (a 10M-row run: half a minute).
    Save,
}

impl Stage {
    /// Stable lower-case name.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Load => "load",
            Self::Embed => "embed",
            Self::Index => "index",
            Self::Project => "project",
            Self::Save => "save",
        }
    }
}

/// Shared flag that asks a running job to stop.
#[derive(Debug, Clone, Default)]
pub struct CancelToken(Arc<AtomicBool>);

impl CancelToken {
    /// Ask the job to stop.
    pub fn cancel(&self) {
        self.0.store(true, Ordering::Relaxed);
    }

    /// Whether cancel was requested.
    #[must_use]
    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

type Sink = Box<dyn Fn(Stage, u64, u64) -> bool + Send + Sync>;

/// Progress sink + cancel token handed to compute code.
pub struct Progress {
    sink: Sink,
    cancel: CancelToken,
    last: Mutex<Option<Instant>>,
    interval: Duration,
}

impl Progress {
    /// A progress that reports nothing and is never cancelled (tests, quick calls).
    #[must_use]
    pub fn silent() -> Self {
        Self::new(CancelToken::default(), |_, _, _| true)
    }

    /// Report to `sink`; the sink returns `false` when nobody listens any more (which stops the job).
    pub fn new(
        cancel: CancelToken,
        sink: impl Fn(Stage, u64, u64) -> bool + Send + Sync + 'static,
    ) -> Self {
        Self {
            sink: Box::new(sink),
            cancel,
            last: Mutex::new(None),
            interval: Duration::from_millis(50),
        }
    }

    /// The cancel token.
    #[must_use]
    pub fn cancel_token(&self) -> &CancelToken {
        &self.cancel
    }

    /// Report `done` of `total` in `stage`.
    ///
    /// # Errors
    /// [`ComputeError::Cancelled`] when cancel was requested or the listener is gone.
    pub fn step(&self, stage: Stage, done: u64, total: u64) -> Result<()> {
        if self.cancel.is_cancelled() {
            return Err(ComputeError::Cancelled);
        }
        let now = Instant::now();
        let due = {
            let mut last = self
                .last
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner);
            let due = done == 0
                || done >= total
                || last.is_none_or(|t| now.duration_since(t) >= self.interval);
            if due {
                *last = Some(now);
            }
            due
        };
        if due && !(self.sink)(stage, done, total) {
            self.cancel.cancel();
            return Err(ComputeError::Cancelled);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cancel_stops_the_next_step() {
        let p = Progress::silent();
        assert!(p.step(Stage::Load, 0, 1).is_ok());
        p.cancel_token().cancel();
        assert!(matches!(
            p.step(Stage::Load, 1, 1),
            Err(ComputeError::Cancelled)
        ));
    }

    #[test]
    fn gone_listener_cancels() {
        let p = Progress::new(CancelToken::default(), |_, _, _| false);
        assert!(matches!(
            p.step(Stage::Embed, 0, 2),
            Err(ComputeError::Cancelled)
        ));
        assert!(p.cancel_token().is_cancelled());
    }
}
