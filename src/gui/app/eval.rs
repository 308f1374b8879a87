//! The offline evaluation in the worker: the methods of `embedscope eval` on the dataset on
//! screen (random 20 % per-user holdout, seed 42, as the CLI's defaults), with the ALS
//! regularisation of the settings. Vectors trained elsewhere get an `imported` row, scored on
//! the same split as `eval DATASET --vectors MODEL` scores them: either the dataset on screen
//! has interactions and the panel names the model, or the model is on screen (user and item
//! vectors, no interactions) and the panel names the dataset it was trained on — typed, or
//! chosen in the system dialog ("Browse…").

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::TryRecvError;

use super::{App, EVAL_K};
use crate::data::Dataset;
use crate::eval::split::SplitKind;
use crate::gui::state::{Command, MethodChoice};
use crate::pipeline::PipelineError;
use crate::pipeline::evaluate::{EvalMethod, EvalParams, EvalSource, evaluate};
use crate::pipeline::job::{Event, Job};

/// Where the evaluation's interactions and the imported vectors come from.
enum Sides {
    /// The dataset on screen, with the imported row's vectors.
    Here(Arc<Dataset>, Imported),
    /// The dataset at this path (read in the worker), scoring the model on screen (its root).
    Elsewhere(PathBuf, PathBuf),
}

/// The vectors of the imported row.
enum Imported {
    /// No imported row.
    Nothing,
    /// The dataset's own user and item vectors.
    Own,
    /// The vectors at this path.
    At(PathBuf),
}

/// Whether a dataset is a model to evaluate on someone else's interactions: user and item
/// vectors, no interactions.
#[must_use]
pub fn is_model_without_interactions(data: &Dataset) -> bool {
    data.interactions.is_empty() && data.user_vectors.is_some() && data.item_vectors.is_some()
}

impl App {
    /// Where the evaluation's interactions and imported vectors come from (`None`: a model on
    /// screen and no dataset given yet).
    fn eval_sides(&self) -> Option<Sides> {
        let run = self.state.run.as_ref()?;
        let other = self.state.eval.other_path.trim();
        let other = (!other.is_empty()).then(|| PathBuf::from(other));
        if is_model_without_interactions(&run.data) {
            return Some(Sides::Elsewhere(other?, run.data.root.clone()));
        }
        let own = run.data.user_vectors.is_some() && run.data.item_vectors.is_some();
        let imported = match other {
            Some(p) => Imported::At(p),
            None if own => Imported::Own,
            None => Imported::Nothing,
        };
        Some(Sides::Here(Arc::clone(&run.data), imported))
    }

    pub(super) fn run_eval(&mut self) {
        if self.state.eval.job.is_some() {
            return;
        }
        let (Some(run), Some(sides)) = (&self.state.run, self.eval_sides()) else {
            return;
        };
        // Seeded as `embedscope eval` is by default (`--seed 42`), so the table shows the
        // numbers the CLI prints for the same dataset.
        let als = match self.state.settings.embed_params(MethodChoice::Als, &[]) {
            crate::embed::EmbedParams::Als(p) => crate::embed::als::AlsParams { seed: 42, ..p },
            _ => crate::embed::als::AlsParams::default(),
        };
        // With a text model chosen, the table gains its rows (alone and in the hybrid).
        // The run on screen already has the text model's item vectors with these settings:
        // the evaluation reuses them instead of encoding the catalogue again.
        let text_model = match &sides {
            Sides::Here(..) => self.state.settings.text_model_params().map(|mut tm| {
                if run.embeddings.method == crate::embed::Method::TextModel
                    && let Some(r) = &run.embeddings.text_model
                    && r.path == tm.model
                    && r.columns == tm.columns_for(&run.data)
                    && r.prefix == tm.prefix
                {
                    tm.precomputed = Some(Arc::clone(&run.embeddings.items));
                }
                tm
            }),
            Sides::Elsewhere(..) => None,
        };
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
        let vectors = match &sides {
            Sides::Here(_, Imported::Nothing) => None,
            Sides::Here(_, Imported::Own) => {
                methods.insert(1, EvalMethod::Imported);
                None
            }
            Sides::Here(_, Imported::At(v)) => {
                methods.insert(1, EvalMethod::Imported);
                Some(v.clone())
            }
            Sides::Elsewhere(_, model) => {
                methods.insert(1, EvalMethod::Imported);
                Some(model.clone())
            }
        };
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
            vectors,
        };
        let ctx = self.ctx.clone();
        let root = run.data.root.clone();
        let spawned = match sides {
            Sides::Here(data, _) => Job::spawn_task(
                "embedscope-eval",
                move |p| evaluate(&data, &params, p),
                move || ctx.request_repaint(),
            ),
            Sides::Elsewhere(dataset, _) => Job::spawn_task(
                "embedscope-eval",
                move |p| {
                    let opts = crate::data::formats::LoadOptions::default();
                    let data = crate::data::formats::load_tracked(&dataset, &opts, p)?;
                    evaluate(&data, &params, p)
                },
                move || ctx.request_repaint(),
            ),
        };
        match spawned {
            Ok(job) => {
                self.state.eval.job = Some(job);
                self.state.eval.error = None;
                self.state.eval.report = self.state.eval.report.take().filter(|(r, _)| *r == root);
            }
            Err(e) => self.state.eval.error = Some(e),
        }
    }

    /// The system dialog for the evaluation's other path (a folder, or one file when `file`),
    /// on its own thread as the dataset dialog ([`super::commands::pick_path_dialog`]).
    pub(super) fn pick_eval_path(&mut self, file: bool) {
        if self.state.eval.dialog.is_some() {
            return;
        }
        match super::commands::pick_path_dialog("embedscope-eval-dialog", file, &self.ctx) {
            Ok(rx) => self.state.eval.dialog = Some(rx),
            Err(e) => self.state.eval.error = Some(e),
        }
    }

    /// A chosen path goes through [`Command::SetEvalOtherPath`], as a typed one does; a
    /// cancel (or no dialog to show) leaves the field as it was.
    fn drain_eval_dialog(&mut self) {
        let Some(rx) = &self.state.eval.dialog else {
            return;
        };
        match rx.try_recv() {
            Ok(choice) => {
                self.state.eval.dialog = None;
                if let Some(path) = choice {
                    self.commands
                        .push(Command::SetEvalOtherPath(path.display().to_string()));
                }
            }
            Err(TryRecvError::Empty) => {}
            Err(TryRecvError::Disconnected) => self.state.eval.dialog = None,
        }
    }

    pub(super) fn drain_eval(&mut self) {
        self.drain_eval_dialog();
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
