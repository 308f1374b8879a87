//! Step 5 of the Learn tab, trade-offs: wires the self-contained trade-off panel
//! ([`crate::gui::tradeoff_ui`]) to a worker [`Job`] running
//! [`crate::pipeline::tradeoff::tradeoff`] on the loaded dataset, with progress and Cancel.
//!
//! The measured table is kept per dataset folder: it stays when another method's run of the
//! same data comes on screen (the trade-off trains its own ALS per dimension), and is hidden
//! when another dataset is opened. A failure (no interactions, for instance) is shown in the
//! UI language under the controls; Cancel is not an error.

use std::path::PathBuf;
use std::sync::Arc;

use egui::RichText;

use crate::gui::i18n::{Key, Lang, error_message, fill, tr};
use crate::gui::tradeoff_ui::{TradeoffAction, tradeoff_ui};
use crate::pipeline::PipelineError;
use crate::pipeline::RunOutput;
use crate::pipeline::job::Job;
use crate::pipeline::tradeoff::{IndexKind, TradeoffParams, TradeoffTable, tradeoff};

/// The trade-off step: the measurement in flight and the last table.
#[derive(Debug, Default)]
pub struct TradeoffStep {
    /// Measurement in flight and the dataset folder it measures.
    job: Option<(PathBuf, Job<TradeoffTable>)>,
    /// Fraction of the settings measured so far (0–1).
    progress: f32,
    /// The last table and the dataset folder it was measured on.
    table: Option<(PathBuf, TradeoffTable)>,
    /// Why the last measurement failed, and on which dataset folder.
    error: Option<(PathBuf, PipelineError)>,
}

impl TradeoffStep {
    /// The table measured on the dataset in `root`, if any.
    #[must_use]
    pub fn table_for(&self, root: &std::path::Path) -> Option<&TradeoffTable> {
        self.table
            .as_ref()
            .filter(|(r, _)| r == root)
            .map(|(_, t)| t)
    }

    /// Whether a measurement is running.
    #[must_use]
    pub fn is_running(&self) -> bool {
        self.job.is_some()
    }

    /// Start measuring `dims` × `indexes` on the run's dataset (a running measurement is
    /// cancelled first). `wake` is called on every worker message.
    pub fn start(
        &mut self,
        run: &RunOutput,
        dims: Vec<usize>,
        indexes: Vec<IndexKind>,
        wake: impl Fn() + Send + Sync + Clone + 'static,
    ) {
        if let Some((_, job)) = self.job.take() {
            job.cancel();
        }
        let data = Arc::clone(&run.data);
        let root = data.root.clone();
        let params = TradeoffParams {
            dims,
            indexes,
            ..TradeoffParams::default()
        };
        self.progress = 0.0;
        self.error = None;
        match Job::spawn_task(
            "embedscope-tradeoff",
            move |p| tradeoff(&data, &params, p),
            wake,
        ) {
            Ok(job) => self.job = Some((root, job)),
            Err(e) => self.error = Some((root, e)),
        }
    }

    /// Ask the running measurement to stop (its table, if any, stays).
    pub fn cancel(&self) {
        if let Some((_, job)) = &self.job {
            job.cancel();
        }
    }

    /// Drain the worker's messages (called every frame, whichever tab is shown).
    pub fn poll(&mut self) {
        let Some((root, job)) = &mut self.job else {
            return;
        };
        let Some(result) = job.poll_fraction(&mut self.progress) else {
            return;
        };
        let root = std::mem::take(root);
        self.job = None;
        match result {
            Ok(t) => self.table = Some((root, t)),
            Err(PipelineError::Cancelled) => {}
            Err(e) => self.error = Some((root, e)),
        }
    }

    /// The left card: what is measured on which data, and the state of the measurement.
    pub fn card_ui(&self, ui: &mut egui::Ui, lang: Lang, run: &RunOutput) {
        let data = &run.data;
        ui.label(fill(
            tr(lang, Key::LearnTradeOffsData),
            &[
                ("name", data.display_name(lang.is_ja()).to_owned()),
                ("items", data.items.len().to_string()),
                ("users", data.users.len().to_string()),
                ("n", data.interactions.len().to_string()),
            ],
        ));
        ui.add_space(6.0);
        let text = if self.is_running() {
            tr(lang, Key::LearnTradeOffsRunning)
        } else if self.table_for(&data.root).is_some() {
            tr(lang, Key::LearnTradeOffsRead)
        } else {
            tr(lang, Key::LearnTradeOffsStart)
        };
        ui.label(RichText::new(text).weak());
    }

    /// The panel (controls, table, charts) for the run's dataset; applies what the user asked.
    /// The caller puts it in a scroll area (with the dimension study below it).
    pub fn panel_ui(&mut self, ui: &mut egui::Ui, lang: Lang, run: &RunOutput) {
        let root = &run.data.root;
        let running = self.job.is_some().then_some(self.progress);
        if let Some((r, e)) = &self.error
            && r == root
        {
            ui.colored_label(ui.visuals().error_fg_color, error_message(lang, e));
        }
        let action = tradeoff_ui(ui, self.table_for(root), running, lang);
        match action {
            TradeoffAction::None => {}
            TradeoffAction::Cancel => self.cancel(),
            TradeoffAction::Run { dims, indexes } => {
                let ctx = ui.ctx().clone();
                self.start(run, dims, indexes, move || ctx.request_repaint());
            }
        }
    }
}
