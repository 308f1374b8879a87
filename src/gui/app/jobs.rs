//! The parts of [`App`] that start and drain background work: recommendations for the selected
//! user, the offline evaluation, t-SNE, UMAP and the projection-quality scores.

use std::sync::Arc;

use super::{App, EVAL_K, RECOMMENDATIONS};
use crate::eval::split::SplitKind;
use crate::gui::state::{Banner, Command, MethodChoice};
use crate::pipeline::PipelineError;
use crate::pipeline::RunOutput;
use crate::pipeline::evaluate::{EvalMethod, EvalParams, EvalSource, evaluate};
use crate::pipeline::job::{Event, Job};
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

    pub(super) fn run_eval(&mut self) {
        let Some(run) = &self.state.run else { return };
        if self.state.eval.job.is_some() {
            return;
        }
        let data = Arc::clone(&run.data);
        let als = match MethodChoice::Als.params(0.5, &[]) {
            crate::embed::EmbedParams::Als(p) => p,
            _ => crate::embed::als::AlsParams::default(),
        };
        // With a text model chosen, the table gains its rows (alone and in the hybrid).
        // The run on screen already has the text model's item vectors with these settings:
        // the evaluation reuses them instead of encoding the catalogue again.
        let text_model = self.state.settings.text_model_params().map(|mut tm| {
            if run.embeddings.method == crate::embed::Method::TextModel
                && let Some(r) = &run.embeddings.text_model
                && r.path == tm.model
                && r.columns == tm.columns_for(&run.data)
                && r.prefix == tm.prefix
            {
                tm.precomputed = Some(Arc::clone(&run.embeddings.items));
            }
            tm
        });
        let mut methods = vec![
            EvalMethod::Als,
            EvalMethod::Content,
            EvalMethod::Item2Vec,
            EvalMethod::Hybrid,
            EvalMethod::Popularity,
            EvalMethod::Random,
        ];
        if text_model.is_some() {
            methods.insert(2, EvalMethod::TextModel);
            methods.insert(5, EvalMethod::HybridTextModel);
        }
        let params = EvalParams {
            methods,
            k: EVAL_K,
            als,
            item2vec: crate::embed::item2vec::Item2VecParams {
                seed: 42,
                ..crate::embed::item2vec::Item2VecParams::default()
            },
            seed: 42,
            source: EvalSource::Split(SplitKind::Random {
                fraction: 0.2,
                seed: 42,
            }),
            text_model,
            vectors: None,
        };
        let ctx = self.ctx.clone();
        let root = data.root.clone();
        match Job::spawn_task(
            "embedscope-eval",
            move |p| evaluate(&data, &params, p),
            move || ctx.request_repaint(),
        ) {
            Ok(job) => {
                self.state.eval.job = Some(job);
                self.state.eval.error = None;
                self.state.eval.report = self.state.eval.report.take().filter(|(r, _)| *r == root);
            }
            Err(e) => self.state.eval.error = Some(e),
        }
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

    pub(super) fn drain_eval(&mut self) {
        let Some(job) = &mut self.state.eval.job else {
            return;
        };
        let finished = job.poll().into_iter().find_map(|ev| match ev {
            Event::Finished(r) => Some(r),
            Event::Progress { .. } => None,
        });
        let Some(result) = finished else { return };
        self.state.eval.job = None;
        let root = self
            .state
            .run
            .as_ref()
            .map(|r| r.data.root.clone())
            .unwrap_or_default();
        match result {
            Ok(report) => self.state.eval.report = Some((root, report)),
            Err(PipelineError::Cancelled) => {}
            Err(e) => self.state.eval.error = Some(e),
        }
    }
}
