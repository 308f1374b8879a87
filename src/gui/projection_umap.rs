//! UMAP on the map: its parameters for the next run, the run in the worker with its streamed
//! layouts, and the finished layout of the current run. [`super::projection::ProjectionState`]
//! owns one and decides what the map shows.

use std::sync::{Arc, Mutex, PoisonError};

use ndarray::Array2;

use crate::pipeline::PipelineError;
use crate::pipeline::RunOutput;
use crate::pipeline::job::{Event, Job};
use crate::pipeline::saved::FinishedUmap;
use crate::project::scale::ScalePlan;
use crate::project::umap::{UmapParams, fit_any};

/// The latest streamed layout and its epoch, written by the worker, taken by the UI.
type LiveLayout = Arc<Mutex<Option<(usize, Vec<f32>)>>>;

/// UMAP state of the current run.
#[derive(Debug, Default)]
pub struct UmapState {
    /// Parameters of the next run.
    pub params: UmapParams,
    /// The run in flight.
    pub job: Option<Job<FinishedUmap>>,
    live: LiveLayout,
    /// Epoch of the layout on screen while UMAP runs.
    pub epoch: usize,
    /// The finished UMAP of this run, with the parameters it was asked for.
    pub result: Option<FinishedUmap>,
}

/// What one poll of the UMAP job brought.
#[derive(Debug, Default)]
pub struct UmapPolled {
    /// A streamed layout of every point.
    pub layout: Option<Array2<f32>>,
    /// The run finished (its layout is in `result`, generation still 0), failed, or was
    /// cancelled.
    pub finished: Option<Result<(), PipelineError>>,
}

impl UmapState {
    /// Whether UMAP is running.
    #[must_use]
    pub fn running(&self) -> bool {
        self.job.is_some()
    }

    /// Epochs the next run will take for `n` points (the parameter, or umap-learn's default).
    #[must_use]
    pub fn epochs_for(&self, n: usize) -> usize {
        self.params.epochs.unwrap_or_else(|| {
            crate::project::umap::default_epochs(n.min(ScalePlan::default().max_points))
        })
    }

    /// Start UMAP on the run's points (items and placed users) in the worker.
    ///
    /// # Errors
    /// The worker thread could not start.
    pub fn start(
        &mut self,
        run: &Arc<RunOutput>,
        scale: super::map_scale::MapScale,
        wake: impl Fn() + Send + Sync + Clone + 'static,
    ) -> Result<(), PipelineError> {
        let params = self.params.clone();
        let live = Arc::clone(&self.live);
        let data = Arc::clone(run);
        self.epoch = 0;
        self.job = Some(Job::spawn_task(
            "embedscope-umap",
            move |progress| {
                // Fit on the vectors scaled per kind when that scale is chosen (map_scale).
                let scaled = super::map_scale::fits_scaled(scale, &data)
                    .then(|| super::map_scale::per_kind_vectors(&data))
                    .flatten();
                let (out, _) = fit_any(
                    scaled
                        .as_ref()
                        .map_or_else(|| data.index.data(), Array2::view),
                    &params,
                    ScalePlan::default(),
                    progress,
                    &mut |epoch, layout| super::projection::publish(&live, epoch, layout),
                )?;
                Ok::<_, PipelineError>(FinishedUmap {
                    params: Some(params),
                    out,
                    generation: 0,
                    scaled: scaled.is_some(),
                })
            },
            wake,
        )?);
        Ok(())
    }

    /// Stop UMAP (the map keeps the last streamed layout until another is chosen).
    pub fn cancel(&self) {
        if let Some(j) = &self.job {
            j.cancel();
        }
    }

    /// Take the latest streamed layout (if it has `points` rows) and the end of the run.
    pub fn poll(&mut self, points: usize) -> UmapPolled {
        let mut out = UmapPolled::default();
        let Some(job) = &mut self.job else {
            return out;
        };
        let snapshot = self
            .live
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .take();
        if let Some((epoch, layout)) = snapshot
            && let Ok(xy) = Array2::from_shape_vec((layout.len() / 2, 2), layout)
            && xy.nrows() == points
        {
            self.epoch = epoch;
            out.layout = Some(xy);
        }
        let finished = job.poll().into_iter().find_map(|e| match e {
            Event::Finished(r) => Some(r),
            Event::Progress { .. } => None,
        });
        if let Some(result) = finished {
            self.job = None;
            out.finished = Some(result.map(|u| self.result = Some(u)));
        }
        out
    }
}
