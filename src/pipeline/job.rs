//! Work on a named worker thread, reporting back through a channel.
//!
//! The UI owns its state; the worker owns its inputs; results come back as messages
//! (ARCHITECTURE §3). Every send calls `wake` (the GUI passes `ctx.request_repaint`), so an idle
//! UI costs nothing. Dropping the [`Job`] cancels it.

use std::sync::mpsc::{self, Receiver, TryRecvError};

use super::progress::{CancelToken, Progress, Stage};
use super::{RunOutput, RunParams};
use crate::pipeline::error::{PipelineError, Result};

/// A message from the worker.
#[derive(Debug)]
pub enum Event<T> {
    /// Progress within a stage.
    Progress {
        /// Current stage.
        stage: Stage,
        /// Units done.
        done: u64,
        /// Units in the stage.
        total: u64,
    },
    /// The work ended (exactly once). `Err(Cancelled)` after Cancel.
    Finished(Result<T>),
}

/// Handle to running work that produces a `T`.
#[derive(Debug)]
pub struct Job<T> {
    rx: Receiver<Event<T>>,
    cancel: CancelToken,
    finished: bool,
}

impl Job<Box<RunOutput>> {
    /// Run the pipeline for `params` on a thread named `embedscope-pipeline`.
    ///
    /// # Errors
    /// The thread could not be spawned.
    pub fn spawn(
        params: RunParams,
        wake: impl Fn() + Send + Sync + Clone + 'static,
    ) -> Result<Self> {
        Self::spawn_task(
            "embedscope-pipeline",
            move |p| super::run(&params, p).map(Box::new),
            wake,
        )
    }
}

impl<T: Send + 'static> Job<T> {
    /// Run `work` on a thread called `name`; it reports through the [`Progress`] it is given.
    ///
    /// # Errors
    /// The thread could not be spawned.
    pub fn spawn_task<E: Into<PipelineError>>(
        name: &str,
        work: impl FnOnce(&Progress) -> Result<T, E> + Send + 'static,
        wake: impl Fn() + Send + Sync + Clone + 'static,
    ) -> Result<Self> {
        let (tx, rx) = mpsc::channel();
        let cancel = CancelToken::default();
        let token = cancel.clone();
        std::thread::Builder::new()
            .name(name.to_owned())
            .spawn(move || {
                let progress_tx = tx.clone();
                let progress_wake = wake.clone();
                let progress = Progress::new(token, move |stage, done, total| {
                    let ok = progress_tx
                        .send(Event::Progress { stage, done, total })
                        .is_ok();
                    progress_wake();
                    ok
                });
                let result = work(&progress).map_err(Into::into);
                // The receiver may be gone (UI closed); nothing left to tell then.
                let _ = tx.send(Event::Finished(result));
                wake();
            })
            .map_err(|e| PipelineError::Thread(e.to_string()))?;
        Ok(Self {
            rx,
            cancel,
            finished: false,
        })
    }

    /// All events that arrived since the last call (never blocks).
    pub fn poll(&mut self) -> Vec<Event<T>> {
        let mut out = Vec::new();
        loop {
            match self.rx.try_recv() {
                Ok(ev) => {
                    if matches!(ev, Event::Finished(_)) {
                        self.finished = true;
                    }
                    out.push(ev);
                }
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => {
                    if !self.finished {
                        self.finished = true;
                        out.push(Event::Finished(Err(PipelineError::Thread(
                            "the worker stopped unexpectedly".to_owned(),
                        ))));
                    }
                    break;
                }
            }
        }
        out
    }

    /// Drain the events as a progress bar wants them: the latest progress as a fraction of its
    /// total (into `fraction`, left alone while the total is unknown), and the result once the
    /// worker has finished.
    pub fn poll_fraction(&mut self, fraction: &mut f32) -> Option<Result<T>> {
        let mut finished = None;
        for ev in self.poll() {
            match ev {
                Event::Progress { done, total, .. } => {
                    if total > 0 {
                        *fraction = (done as f32 / total as f32).clamp(0.0, 1.0);
                    }
                }
                Event::Finished(r) => finished = Some(r),
            }
        }
        finished
    }

    /// Ask the worker to stop at its next progress step.
    pub fn cancel(&self) {
        self.cancel.cancel();
    }

    /// Whether the final event has been received.
    #[must_use]
    pub fn is_finished(&self) -> bool {
        self.finished
    }
}

impl<T> Drop for Job<T> {
    fn drop(&mut self) {
        self.cancel.cancel();
    }
}
