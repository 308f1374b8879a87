//! The seasonal drift comparison's commands ([`crate::gui::drift_ui`]): the default windows of
//! the dataset on screen, ALS on each window in the worker, and its result shown by the compare
//! panel (which can colour the map by it: its rows are the dataset's item rows).

use std::sync::Arc;

use super::App;
use crate::data::window::{TimeWindow, time_span};
use crate::gui::state::Command;
use crate::pipeline::PipelineError;
use crate::pipeline::drift::{DriftParams, drift};
use crate::pipeline::job::Job;

impl App {
    /// Apply a drift command.
    pub(super) fn drift_command(&mut self, c: Command) {
        match c {
            Command::InitDriftWindows => self.init_drift_windows(),
            Command::SetDriftWindows(a, b) => self.state.compare.drift.texts = (a, b),
            Command::RunDrift(a, b) => self.start_drift(a, b),
            Command::CancelDrift => {
                if let Some(job) = &self.state.compare.drift.job {
                    job.cancel();
                }
            }
            _ => {}
        }
    }

    /// The time span of the dataset on screen and its default windows (one pass over the
    /// interactions: a few milliseconds at a million).
    fn init_drift_windows(&mut self) {
        let Some(run) = &self.state.run else { return };
        let view = &mut self.state.compare.drift;
        view.for_root = Some(run.data.root.clone());
        view.span = time_span(&run.data).ok();
        view.texts = view.span.map_or_else(Default::default, |(first, last)| {
            let (a, b) = TimeWindow::default_pair(first, last);
            (a.to_string(), b.to_string())
        });
    }

    fn start_drift(&mut self, a: TimeWindow, b: TimeWindow) {
        let Some(run) = &self.state.run else { return };
        let data = Arc::clone(&run.data);
        let params = DriftParams::als(a, b);
        self.state.compare.error = None;
        self.state.compare.drift.progress = 0.0;
        match Job::spawn_task(
            "embedscope-drift",
            move |p| drift(&data, &params, p),
            self.wake(),
        ) {
            Ok(job) => self.state.compare.drift.job = Some(job),
            Err(e) => self.state.compare.error = Some(e),
        }
    }

    pub(super) fn drain_drift(&mut self) {
        let cmp = &mut self.state.compare;
        let Some(job) = &mut cmp.drift.job else {
            return;
        };
        let Some(result) = job.poll_fraction(&mut cmp.drift.progress) else {
            return;
        };
        cmp.drift.job = None;
        match result {
            Ok(d) => {
                cmp.drift.shown = Some((d.a, d.b, d.min_item_interactions));
                cmp.result = Some(Arc::new(d.comparison));
                cmp.generation += 1;
                cmp.sort = crate::gui::compare_ui::CompareSort::default();
            }
            Err(PipelineError::Cancelled) => {}
            Err(e) => cmp.error = Some(e),
        }
    }
}
