//! Runs of the dataset on screen with other embedding methods, kept for switching back at once,
//! each with the layouts that outlive its time on screen: the finished t-SNE and UMAP
//! (computed this session or read back from the workspace) and which layout the map showed.
//! Switching the method and back brings the same layouts back without recomputing, and never
//! puts one run's layout on another's points.

use std::sync::Arc;

use super::map_data::MapData;
use super::projection::{Layout, ProjectionState};
use super::state::{AppState, MethodChoice};
use crate::pipeline::RunOutput;
use crate::pipeline::saved::{FinishedTsne, FinishedUmap};

/// A run of the dataset on screen with another method.
#[derive(Debug)]
pub struct CachedRun {
    /// Its method.
    pub method: MethodChoice,
    /// The run.
    pub run: Arc<RunOutput>,
    /// Its PCA 1/2 map (drawn again when [`Self::projection`] is on PCA 1/2).
    pub map: MapData,
    /// Its finished t-SNE and UMAP and the layout it showed.
    pub projection: KeptProjection,
}

impl AppState {
    /// Keep `run`, the run that was on screen with `map`, in the cache with its layouts (read
    /// from [`Self::projection`] before it is reset), replacing a cached run of its method.
    pub fn cache_run(&mut self, run: Arc<RunOutput>, map: MapData) {
        let method = MethodChoice::of(run.embeddings.method);
        let projection = self.projection.keep();
        // The map on screen may be t-SNE or UMAP: the cache keeps the PCA 1/2 map.
        let map = if projection.layout == Layout::default() {
            map
        } else {
            MapData::build(&run)
        };
        self.cache.retain(|c| c.method != method);
        self.cache.push(CachedRun {
            method,
            run,
            map,
            projection,
        });
    }
}

/// What a run's projection state leaves behind when another run takes the screen.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct KeptProjection {
    /// The layout the map showed.
    pub layout: Layout,
    /// The finished t-SNE.
    pub tsne: Option<FinishedTsne>,
    /// The finished UMAP.
    pub umap: Option<FinishedUmap>,
}

impl KeptProjection {
    /// The layouts saved with `run` in the workspace, on PCA 1/2 (a run just computed or read
    /// back).
    #[must_use]
    pub fn saved(run: &RunOutput) -> Self {
        Self {
            layout: Layout::default(),
            tsne: run.saved_tsne.clone(),
            umap: run.saved_umap.clone(),
        }
    }
}

impl ProjectionState {
    /// The finished layouts of the run on screen and the layout shown. A layout still streaming
    /// is not finished: it is left out (its run is cancelled when the run leaves the screen).
    #[must_use]
    pub fn keep(&self) -> KeptProjection {
        KeptProjection {
            layout: self.layout,
            tsne: self.tsne.clone(),
            umap: self.umap.result.clone(),
        }
    }

    /// Take `kept` as the layouts of `run` (after [`Self::reset`]) and show its layout again.
    /// Layouts that do not have one row per point of `run` are dropped. Returns the map to draw,
    /// or `None` for PCA 1/2 (the run's own map, which the caller has and scores); a t-SNE or
    /// UMAP that is not there falls back to PCA 1/2 (`None` too), so the selector and the map
    /// always agree.
    pub fn resume(
        &mut self,
        run: &Arc<RunOutput>,
        kept: KeptProjection,
        wake: impl Fn() + Send + Sync + Clone + 'static,
    ) -> Option<MapData> {
        let fits = |rows: usize| rows == run.points.len();
        self.tsne = kept.tsne.filter(|t| fits(t.out.xy.nrows()));
        self.umap.result = kept.umap.filter(|u| fits(u.out.xy.nrows()));
        let seen = [
            self.tsne.as_ref().map_or(0, |t| t.generation),
            self.umap.result.as_ref().map_or(0, |u| u.generation),
        ];
        self.last_generation = seen.into_iter().fold(self.last_generation, u64::max);
        let map = match kept.layout {
            Layout::Tsne => self.show_tsne(run, wake.clone()),
            Layout::Umap => self.show_umap(run, wake.clone()),
            Layout::Pca { x, y } if (x, y) != (0, 1) => self.show_pca(run, x, y, wake.clone()).ok(),
            Layout::Pca { .. } => return None,
        };
        if map.is_none() {
            // The caller has the run's PCA 1/2 map (kept with it): no transform here.
            self.layout = Layout::default();
        }
        map
    }
}
