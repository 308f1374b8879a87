//! Which 2D layout the map shows — PCA on any two components, or t-SNE or UMAP computed in the
//! worker with their intermediate layouts streamed onto the map — and how much that layout
//! lies (trustworthiness and k-NN preservation, also computed in the worker).

use std::sync::{Arc, Mutex, PoisonError};

use ndarray::Array2;

use super::map_data::MapData;
use super::projection_umap::UmapState;
use crate::pipeline::PipelineError;
use crate::pipeline::RunOutput;
use crate::pipeline::job::{Event, Job};
use crate::pipeline::saved::{FinishedTsne, next_generation};
use crate::project::quality::{Quality, quality};
use crate::project::tsne::TsneParams;

/// Neighbours per point for the quality scores.
pub const QUALITY_K: usize = 10;
/// Points sampled for trustworthiness (exact, O(sample²)).
pub const QUALITY_SAMPLE: usize = 2000;

/// The latest streamed t-SNE layout and its iteration, written by the worker, taken by the UI.
type LiveLayout = Arc<Mutex<Option<(usize, Vec<f32>)>>>;

/// The layout on the map.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// Principal components `x` and `y` (0-based).
    Pca {
        /// Component on the horizontal axis.
        x: usize,
        /// Component on the vertical axis.
        y: usize,
    },
    /// The finished (or running) t-SNE layout.
    Tsne,
    /// The finished (or running) UMAP layout.
    Umap,
}

impl Default for Layout {
    fn default() -> Self {
        Self::Pca { x: 0, y: 1 }
    }
}

/// Projection state of the current run.
#[derive(Debug)]
pub struct ProjectionState {
    /// What the map shows.
    pub layout: Layout,
    /// t-SNE perplexity for the next run.
    pub perplexity: f32,
    /// t-SNE iterations for the next run.
    pub iterations: usize,
    /// t-SNE seed (random start, and the sample above 100k points).
    pub seed: u64,
    /// t-SNE learning rate; `None` = auto (n / 12 / 4, at least 50).
    pub learning_rate: Option<f32>,
    /// Start t-SNE from the first two principal components (else random).
    pub pca_init: bool,
    /// t-SNE in flight, with its latest streamed layout and iteration.
    pub job: Option<Job<FinishedTsne>>,
    live: LiveLayout,
    /// Iteration of the layout on screen while t-SNE runs.
    pub iteration: usize,
    /// The finished t-SNE of this run, with the parameters it was asked for.
    pub tsne: Option<FinishedTsne>,
    /// Scores of the layout on screen.
    pub quality: Option<Quality>,
    /// Quality computation in flight.
    pub quality_job: Option<Job<Quality>>,
    /// Changes whenever `quality` changes (the map recolours when colouring by quality).
    pub quality_generation: u64,
    /// UMAP: parameters, run in flight, finished layout.
    pub umap: UmapState,
    /// The largest save generation given to or read with a finished layout (kept across runs):
    /// the next finished layout gets a larger one, so the newest is the one kept.
    pub(super) last_generation: u64,
    /// How PCA layouts size users against items ([`super::map_scale`]); kept across runs.
    pub scale: super::map_scale::MapScale,
    /// The layout on screen has each kind scaled (there were users to scale).
    pub scaled: bool,
    /// The t-SNE or UMAP streaming in is fit on vectors scaled per kind.
    streaming_scaled: bool,
}

impl Default for ProjectionState {
    fn default() -> Self {
        Self {
            layout: Layout::default(),
            perplexity: 30.0,
            iterations: 1000,
            seed: 1,
            learning_rate: None,
            pca_init: true,
            job: None,
            live: Arc::default(),
            iteration: 0,
            tsne: None,
            quality: None,
            quality_job: None,
            quality_generation: 0,
            umap: UmapState::default(),
            last_generation: 0,
            scale: super::map_scale::MapScale::default(),
            scaled: false,
            streaming_scaled: false,
        }
    }
}

/// What a frame's polling changed.
#[derive(Debug, Default)]
pub struct Polled {
    /// A failure to show.
    pub error: Option<PipelineError>,
    /// A t-SNE run finished in this poll (its layout is in `tsne`, with a new generation).
    pub tsne_finished: bool,
    /// A UMAP run finished in this poll (its layout is in `umap.result`, with a new
    /// generation).
    pub umap_finished: bool,
}

/// Put a streamed layout in the slot the UI takes it from: into the slot's buffer when the UI
/// has not taken the last one yet, so a 1M-point layout is never held twice by the worker.
pub(super) fn publish(live: &Mutex<Option<(usize, Vec<f32>)>>, it: usize, layout: &[f32]) {
    let mut slot = live.lock().unwrap_or_else(PoisonError::into_inner);
    match &mut *slot {
        Some((i, v)) if v.len() == layout.len() => {
            *i = it;
            v.copy_from_slice(layout);
        }
        _ => *slot = Some((it, layout.to_vec())),
    }
}

/// Move the points of the map on screen to `xy` in place ([`MapData::relayout`]: at 1M
/// points a second map built beside the first cost 35 MB at the peak of a t-SNE), or build
/// one when there is none of that size.
fn on_map(map: &mut Option<MapData>, run: &RunOutput, xy: ndarray::ArrayView2<'_, f32>) {
    match map {
        Some(m) if m.xy.len() == xy.nrows() => m.relayout(run, xy),
        _ => *map = Some(MapData::build_with(run, xy)),
    }
}

impl ProjectionState {
    /// A new run is on screen: back to PCA 1/2, jobs of the old run dropped (cancelled), its
    /// layouts forgotten (the caller keeps them with [`Self::keep`] first).
    pub fn reset(&mut self) {
        let keep = (
            self.perplexity,
            self.iterations,
            self.quality_generation,
            self.last_generation,
        );
        let umap_params = std::mem::take(&mut self.umap.params);
        let scale = self.scale;
        *self = Self::default();
        self.scale = scale;
        (
            self.perplexity,
            self.iterations,
            self.quality_generation,
            self.last_generation,
        ) = keep;
        self.umap.params = umap_params;
        self.quality_generation += 1;
    }

    /// Whether t-SNE is running.
    #[must_use]
    pub fn running(&self) -> bool {
        self.job.is_some()
    }

    /// Show PCA components `x`/`y`; returns the new map.
    ///
    /// # Errors
    /// A component index out of range.
    pub fn show_pca(
        &mut self,
        run: &Arc<RunOutput>,
        x: usize,
        y: usize,
        wake: impl Fn() + Send + Sync + Clone + 'static,
    ) -> Result<MapData, PipelineError> {
        let raw = run.pca.transform(run.index.data(), (x, y))?;
        let scaled = match self.scale {
            super::map_scale::MapScale::PerKind => {
                super::map_scale::scale_per_kind(run, &raw, (x, y))
            }
            super::map_scale::MapScale::Raw => None,
        };
        self.scaled = scaled.is_some();
        let map = self.show(Layout::Pca { x, y }, run, scaled.unwrap_or(raw), wake);
        Ok(map)
    }

    /// The map of a run just put on screen at PCA 1/2: `map` (its raw layout) when there is
    /// nothing to scale, else the layout with each kind scaled; scored in the worker.
    pub fn initial_map(
        &mut self,
        run: &Arc<RunOutput>,
        map: MapData,
        wake: impl Fn() + Send + Sync + Clone + 'static,
    ) -> MapData {
        let scaled = (self.scale == super::map_scale::MapScale::PerKind)
            .then(|| super::map_scale::scale_per_kind(run, &run.xy, (0, 1)))
            .flatten();
        self.scaled = scaled.is_some();
        if let Some(xy) = scaled {
            self.show(Layout::default(), run, xy, wake)
        } else {
            self.start_quality(run, run.xy.clone(), wake);
            map
        }
    }

    /// Put `xy` on the map as `layout` and score it in the worker.
    fn show(
        &mut self,
        layout: Layout,
        run: &Arc<RunOutput>,
        xy: Array2<f32>,
        wake: impl Fn() + Send + Sync + Clone + 'static,
    ) -> MapData {
        self.layout = layout;
        let map = MapData::build_with(run, xy.view());
        self.start_quality(run, xy, wake);
        map
    }

    /// [`Self::show`] on the map on screen: its points move to `xy` in place.
    fn show_on(
        &mut self,
        map: &mut Option<MapData>,
        layout: Layout,
        run: &Arc<RunOutput>,
        xy: Array2<f32>,
        wake: impl Fn() + Send + Sync + Clone + 'static,
    ) {
        self.layout = layout;
        on_map(map, run, xy.view());
        self.start_quality(run, xy, wake);
    }

    /// Show the finished t-SNE layout again (after looking at PCA).
    pub fn show_tsne(
        &mut self,
        run: &Arc<RunOutput>,
        wake: impl Fn() + Send + Sync + Clone + 'static,
    ) -> Option<MapData> {
        let t = self.tsne.as_ref()?;
        let xy = t.out.xy.clone();
        self.scaled = t.scaled;
        Some(self.show(Layout::Tsne, run, xy, wake))
    }

    /// Show the finished UMAP layout again.
    pub fn show_umap(
        &mut self,
        run: &Arc<RunOutput>,
        wake: impl Fn() + Send + Sync + Clone + 'static,
    ) -> Option<MapData> {
        let u = self.umap.result.as_ref()?;
        let xy = u.out.xy.clone();
        self.scaled = u.scaled;
        Some(self.show(Layout::Umap, run, xy, wake))
    }

    /// Start UMAP in the worker (a running t-SNE is stopped: one layout streams at a time).
    ///
    /// # Errors
    /// The worker thread could not start.
    pub fn start_umap(
        &mut self,
        run: &Arc<RunOutput>,
        wake: impl Fn() + Send + Sync + Clone + 'static,
    ) -> Result<(), PipelineError> {
        self.job = None;
        self.streaming_scaled = super::map_scale::fits_scaled(self.scale, run);
        self.umap.start(run, self.scale, wake)
    }

    /// Start t-SNE on the run's points (items and placed users) in the worker.
    ///
    /// # Errors
    /// The worker thread could not start.
    pub fn start_tsne(
        &mut self,
        run: &Arc<RunOutput>,
        wake: impl Fn() + Send + Sync + Clone + 'static,
    ) -> Result<(), PipelineError> {
        let params = TsneParams {
            perplexity: self.perplexity,
            iterations: self.iterations,
            learning_rate: self.learning_rate,
            seed: self.seed,
            pca_init: self.pca_init,
        };
        let live = Arc::clone(&self.live);
        let data = Arc::clone(run);
        self.iteration = 0;
        let scale = self.scale;
        self.streaming_scaled = super::map_scale::fits_scaled(scale, run);
        // One layout streams at a time: a running UMAP is stopped.
        self.umap.job = None;
        self.job = Some(Job::spawn_task(
            "embedscope-tsne",
            move |progress| {
                let scaled = super::map_scale::fits_scaled(scale, &data)
                    .then(|| super::map_scale::per_kind_vectors(&data))
                    .flatten();
                let points = scaled
                    .as_ref()
                    .map_or_else(|| data.index.data(), Array2::view);
                let plan = crate::project::tsne_scale::ScalePlan::default();
                let (out, _) = crate::project::tsne_scale::fit_any(
                    points,
                    &params,
                    plan,
                    progress,
                    &mut |it, layout| publish(&live, it, layout),
                )?;
                Ok::<_, PipelineError>(FinishedTsne {
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

    /// Stop t-SNE and UMAP (the map keeps the last streamed layout until another is chosen).
    pub fn cancel(&mut self) {
        if let Some(j) = &self.job {
            j.cancel();
        }
        self.umap.cancel();
    }

    /// Drain the jobs: streamed t-SNE and UMAP layouts, finished t-SNE and UMAP, finished
    /// quality scores.
    pub fn poll(
        &mut self,
        run: &Arc<RunOutput>,
        map: &mut Option<MapData>,
        wake: impl Fn() + Send + Sync + Clone + 'static,
    ) -> Polled {
        let mut out = Polled::default();
        if let Some(job) = &mut self.job {
            let snapshot = self
                .live
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .take();
            if let Some((it, layout)) = snapshot
                && let Ok(xy) = Array2::from_shape_vec((layout.len() / 2, 2), layout)
                && xy.nrows() == run.points.len()
            {
                self.iteration = it;
                self.layout = Layout::Tsne;
                self.scaled = self.streaming_scaled;
                match map {
                    Some(m) if m.xy.len() == xy.nrows() => m.relayout_owned(run, xy),
                    _ => *map = Some(MapData::build_with(run, xy.view())),
                }
            }
            let finished = job.poll().into_iter().find_map(|e| match e {
                Event::Finished(r) => Some(r),
                Event::Progress { .. } => None,
            });
            if let Some(result) = finished {
                self.job = None;
                match result {
                    Ok(mut t) => {
                        t.generation = self.next_generation();
                        self.tsne = Some(t);
                        out.tsne_finished = true;
                        if let Some(t) = &self.tsne {
                            let (xy, scaled) = (t.out.xy.clone(), t.scaled);
                            self.scaled = scaled;
                            self.show_on(map, Layout::Tsne, run, xy, wake.clone());
                        }
                    }
                    Err(PipelineError::Cancelled) => {}
                    Err(e) => out.error = Some(e),
                }
            }
        }
        let umap = self.umap.poll(run.points.len());
        if let Some(xy) = umap.layout.filter(|xy| xy.nrows() == run.points.len()) {
            self.layout = Layout::Umap;
            self.scaled = self.streaming_scaled;
            on_map(map, run, xy.view());
        }
        match umap.finished {
            Some(Ok(())) => {
                let generation = self.next_generation();
                if let Some(u) = &mut self.umap.result {
                    u.generation = generation;
                }
                out.umap_finished = true;
                if let Some(u) = &self.umap.result {
                    let (xy, scaled) = (u.out.xy.clone(), u.scaled);
                    self.scaled = scaled;
                    self.show_on(map, Layout::Umap, run, xy, wake.clone());
                }
            }
            Some(Err(PipelineError::Cancelled)) | None => {}
            Some(Err(e)) => out.error = Some(e),
        }
        if let Some(job) = &mut self.quality_job {
            for e in job.poll() {
                if let Event::Finished(r) = e {
                    self.quality = r.ok();
                    self.quality_generation += 1;
                }
            }
            if job.is_finished() {
                self.quality_job = None;
            }
        }
        out
    }

    /// A generation for a layout finishing now: above every one seen.
    fn next_generation(&mut self) -> u64 {
        self.last_generation = next_generation(self.last_generation);
        self.last_generation
    }

    /// Score `xy` against the run's vectors in the worker.
    pub fn start_quality(
        &mut self,
        run: &Arc<RunOutput>,
        xy: Array2<f32>,
        wake: impl Fn() + Send + Sync + Clone + 'static,
    ) {
        self.quality = None;
        let data = Arc::clone(run);
        self.quality_job = Job::spawn_task(
            "embedscope-quality",
            move |p| {
                quality(
                    data.index.data(),
                    xy.view(),
                    QUALITY_K,
                    QUALITY_SAMPLE,
                    0,
                    p,
                )
            },
            wake,
        )
        .ok();
    }
}
