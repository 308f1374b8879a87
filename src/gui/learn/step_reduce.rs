//! The dimension study under the trade-off table of step 5: wires [`crate::gui::reduce_ui`] to
//! a worker [`Job`] running [`crate::pipeline::tradeoff::reduce::reduce_study`] on the run's
//! full item vectors (a reduced copy on screen is studied through the run it came from), with
//! progress and Cancel, and turns "Use this copy" into a [`Command::UseReduced`].
//!
//! The table is kept for the vectors it was measured on (the same `Arc` matrix, held weakly so
//! that a table never keeps another dataset's vectors in memory): it stays while a reduced copy
//! of them is on screen and is hidden when other vectors are.

use std::sync::{Arc, Weak};

use ndarray::Array2;

use crate::gui::i18n::{Lang, error_message};
use crate::gui::reduce_ui::{ReduceAction, ReduceView, reduce_ui};
use crate::gui::state::Command;
use crate::pipeline::PipelineError;
use crate::pipeline::RunOutput;
use crate::pipeline::job::Job;
use crate::pipeline::tradeoff::reduce::{ReduceStudyParams, ReduceTable, reduce_study};
use crate::project::reduce::{ReduceParams, Reduction};

/// The study in flight and the last table, each with the vectors it belongs to.
#[derive(Debug, Default)]
pub struct ReduceStep {
    job: Option<(Weak<Array2<f32>>, Job<ReduceTable>)>,
    progress: f32,
    table: Option<(Weak<Array2<f32>>, ReduceTable)>,
    error: Option<(Weak<Array2<f32>>, PipelineError)>,
}

/// Whether `w` points at `v` (the weak reference keeps the allocation, so the address is not
/// reused while it lives).
fn same(w: &Weak<Array2<f32>>, v: &Arc<Array2<f32>>) -> bool {
    std::ptr::eq(w.as_ptr(), Arc::as_ptr(v))
}

/// The run with the full vectors behind `run` (itself unless it is a reduced copy).
fn full_run(run: &Arc<RunOutput>) -> &Arc<RunOutput> {
    run.reduced.as_ref().map_or(run, |r| &r.from)
}

impl ReduceStep {
    /// The table measured on `vectors`, if any.
    #[must_use]
    pub fn table_for(&self, vectors: &Arc<Array2<f32>>) -> Option<&ReduceTable> {
        self.table
            .as_ref()
            .filter(|(w, _)| same(w, vectors))
            .map(|(_, t)| t)
    }

    /// Whether a study is running.
    #[must_use]
    pub fn is_running(&self) -> bool {
        self.job.is_some()
    }

    /// Start the study of `run`'s full vectors (a running one is cancelled first).
    pub fn start(
        &mut self,
        run: &Arc<RunOutput>,
        reductions: Vec<Reduction>,
        dims: Vec<usize>,
        wake: impl Fn() + Send + Sync + Clone + 'static,
    ) {
        if let Some((_, job)) = self.job.take() {
            job.cancel();
        }
        let full = full_run(run);
        let v = Arc::clone(&full.embeddings.items);
        let weak = Arc::downgrade(&v);
        let method = full.embeddings.method.as_str().to_owned();
        let name = full.data.name.clone();
        let params = ReduceStudyParams {
            reductions,
            dims,
            ..ReduceStudyParams::default()
        };
        self.progress = 0.0;
        self.error = None;
        match Job::spawn_task(
            "embedscope-reduce-study",
            move |p| {
                let mut t = reduce_study(&v, &params, p)?;
                (t.dataset, t.vectors) = (name, method);
                Ok::<_, PipelineError>(t)
            },
            wake,
        ) {
            Ok(job) => self.job = Some((weak, job)),
            Err(e) => self.error = Some((weak, e)),
        }
    }

    /// Drain the worker's messages (every frame, whichever tab is shown).
    pub fn poll(&mut self) {
        let Some((vectors, job)) = &mut self.job else {
            return;
        };
        let Some(result) = job.poll_fraction(&mut self.progress) else {
            return;
        };
        let vectors = vectors.clone();
        self.job = None;
        match result {
            Ok(t) => self.table = Some((vectors, t)),
            Err(PipelineError::Cancelled) => {}
            Err(e) => self.error = Some((vectors, e)),
        }
    }

    /// The study's panel for the run on screen; "use" pushes [`Command::UseReduced`].
    pub fn panel_ui(
        &mut self,
        ui: &mut egui::Ui,
        lang: Lang,
        run: &Arc<RunOutput>,
        cmds: &mut Vec<Command>,
    ) {
        let full = full_run(run);
        let vectors = &full.embeddings.items;
        if let Some((w, e)) = &self.error
            && same(w, vectors)
        {
            ui.colored_label(ui.visuals().error_fg_color, error_message(lang, e));
        }
        let view = ReduceView {
            table: self.table_for(vectors),
            running: self.job.is_some().then_some(self.progress),
            items: vectors.nrows(),
            full_dim: vectors.ncols(),
            in_use: run.reduced.as_ref().map(|r| r.params),
            queries: ReduceStudyParams::default().queries,
        };
        match reduce_ui(ui, &view, lang) {
            ReduceAction::None => {}
            ReduceAction::Cancel => {
                if let Some((_, job)) = &self.job {
                    job.cancel();
                }
            }
            ReduceAction::Run { reductions, dims } => {
                let ctx = ui.ctx().clone();
                self.start(run, reductions, dims, move || ctx.request_repaint());
            }
            ReduceAction::Use(reduction, dim) => {
                cmds.push(Command::UseReduced(Some(ReduceParams {
                    reduction,
                    dim,
                    seed: ReduceStudyParams::default().seed,
                })));
            }
            ReduceAction::UseFull => cmds.push(Command::UseReduced(None)),
        }
    }
}
