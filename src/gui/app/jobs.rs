//! The parts of [`App`] that start and drain background work: recommendations for the selected
//! user, t-SNE, UMAP and the projection-quality scores (the offline evaluation: `eval.rs`).

use std::sync::Arc;

use super::{App, RECOMMENDATIONS};
use crate::gui::state::{Banner, Command};
use crate::pipeline::RunOutput;
use crate::pipeline::recommend_query::{default_metric, explain, funnel, lists_by_metric};
use crate::pipeline::saved::{Finished, save_layout};

impl App {
    /// Funnel, explained recommendations and the per-metric lists for a selected user (all
    /// cleared when no user is selected). Reads the run's precomputed statistics: one pass over
    /// the items per metric, a few milliseconds at 100k items.
    pub(super) fn recommend_for(&mut self, user: Option<(Arc<RunOutput>, u32)>) {
        let Some((run, user)) = user else {
            self.state.funnel = None;
            self.state.recommendations = None;
            self.state.metric_lists = None;
            return;
        };
        let metric = self
            .state
            .settings
            .score_metric
            .unwrap_or_else(|| default_metric(run.embeddings.method));
        self.state.funnel = funnel(
            &run,
            user,
            RECOMMENDATIONS,
            self.state.settings.rerank,
            metric,
        );
        self.state.recommendations = self.state.funnel.as_ref().map(|f| {
            let chosen: Vec<(u32, f32)> = f
                .shown
                .iter()
                .map(|r| (r.item, metric.shown(r.similarity)))
                .collect();
            explain(&run, user, &chosen)
        });
        self.state.metric_lists = lists_by_metric(&run, user, RECOMMENDATIONS);
    }

    pub(super) fn wake(&self) -> impl Fn() + Send + Sync + Clone + 'static {
        let ctx = self.ctx.clone();
        move || ctx.request_repaint()
    }

    /// Streamed and finished t-SNE and UMAP layouts and quality scores.
    pub(super) fn drain_projection(&mut self) {
        let Some(run) = self.state.run.clone() else {
            return;
        };
        let wake = self.wake();
        let polled = self.state.projection.poll(&run, &mut self.state.map, wake);
        if polled.tsne_finished
            && let Some(t) = &self.state.projection.tsne
        {
            self.keep_layout(&run, Finished::Tsne(t.clone()));
        }
        if polled.umap_finished
            && let Some(u) = &self.state.projection.umap.result
        {
            self.keep_layout(&run, Finished::Umap(u.clone()));
        }
        if let Some(e) = polled.error {
            self.state.banner = Some(Banner::Error(e));
        }
    }

    /// Keep a finished layout (with its parameters and warnings) with the run in the
    /// workspace, so reopening the dataset shows it at once; off the UI thread because the
    /// write is synced to disk. Saves may land in any order: the store keeps the one of the
    /// largest generation. Nothing is kept without a workspace or for a run that is not in it.
    fn keep_layout(&self, run: &RunOutput, layout: Finished) {
        let (Some(location), Some(id)) = (self.workspace.clone(), run.run_id) else {
            return;
        };
        let name = layout.kind().as_str();
        let saver = std::thread::Builder::new()
            .name(format!("embedscope-save-{name}"))
            .spawn(move || match save_layout(&location, id, &layout) {
                Ok(true) => {}
                Ok(false) => eprintln!(
                    "embedscope: workspace: {name} not saved: a newer one is already kept"
                ),
                Err(e) => eprintln!("embedscope: workspace: {name} not saved: {e}"),
            });
        if let Err(e) = saver {
            eprintln!("embedscope: workspace: {name} not saved: {e}");
        }
    }

    pub(super) fn projection_command(&mut self, c: &Command) {
        let Some(run) = self.state.run.clone() else {
            return;
        };
        let wake = self.wake();
        let p = &mut self.state.projection;
        match *c {
            Command::ShowPca(x, y) => match p.show_pca(&run, x, y, wake) {
                Ok(map) => self.state.map = Some(map),
                Err(e) => self.state.banner = Some(Banner::Error(e)),
            },
            Command::ShowTsne => {
                if let Some(map) = p.show_tsne(&run, wake) {
                    self.state.map = Some(map);
                }
            }
            Command::RunTsne => {
                if let Err(e) = p.start_tsne(&run, wake) {
                    self.state.banner = Some(Banner::Error(e));
                }
            }
            Command::ShowUmap => {
                if let Some(map) = p.show_umap(&run, wake) {
                    self.state.map = Some(map);
                }
            }
            Command::RunUmap => {
                if let Err(e) = p.start_umap(&run, wake) {
                    self.state.banner = Some(Banner::Error(e));
                }
            }
            Command::CancelLayout => p.cancel(),
            Command::SetUmapParams(ref u) => p.umap.params = u.clone(),
            Command::SetTsneParams(perplexity, iterations) => {
                p.perplexity = perplexity;
                p.iterations = iterations;
            }
            Command::SetTsneOptions {
                seed,
                learning_rate,
                pca_init,
            } => {
                p.seed = seed;
                p.learning_rate = learning_rate;
                p.pca_init = pca_init;
            }
            _ => {}
        }
    }
}
