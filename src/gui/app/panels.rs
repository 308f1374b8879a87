//! The data audit and the run comparison: computed in the worker, shown in windows opened from
//! the top bar. The audit runs once per dataset (on the files as loaded, never on a cleaned
//! copy); "re-run without" builds the cleaned copy and runs the pipeline on it, leaving the files
//! alone. The comparison aligns two runs: two methods of the dataset on screen (the current
//! method and any other one computed in this session), or any two runs saved in the workspace
//! (listed in the worker when the window opens).

use std::sync::Arc;

use super::App;
use crate::data::audit::{Exclusion, audit};
use crate::eval::compare::{CompareParams, compare};
use crate::gui::state::{Banner, Command, MethodChoice};
use crate::pipeline::RunParams;
use crate::pipeline::compare::ComparedRun;
use crate::pipeline::job::{Event, Job};

impl App {
    pub(super) fn panel_command(&mut self, c: Command) {
        match c {
            Command::ShowAudit(on) => self.state.audit.open = on,
            Command::SetAuditExcluded(set) => self.state.audit.excluded = set,
            Command::Reaudit(threshold) => {
                self.state.audit.params.near_dup_threshold = threshold;
                self.state.audit.report = None;
            }
            Command::AuditRerun => self.rerun_without_excluded(),
            Command::ShowCompare(on) => {
                self.state.compare.open = on;
                if on {
                    self.list_saved_runs();
                }
            }
            Command::RunCompare(a, b) => self.start_compare(a, b),
            Command::RunCompareStored(a, b) => self.start_compare_stored(a, b),
            Command::SortCompare(column, descending) => {
                self.state.compare.sort.column = column;
                self.state.compare.sort.descending = descending;
            }
            _ => {}
        }
    }

    /// Audit the dataset on screen when there is no report for it yet; collect a finished one.
    pub(super) fn drain_audit(&mut self) {
        let wake = self.wake();
        let audit_state = &mut self.state.audit;
        if let Some(job) = &mut audit_state.job {
            for ev in job.poll() {
                if let Event::Finished(r) = ev {
                    match r {
                        Ok((data, report)) => audit_state.report = Some((data, Arc::new(report))),
                        Err(crate::pipeline::PipelineError::Cancelled) => {}
                        Err(e) => self.state.banner = Some(Banner::Error(e)),
                    }
                }
            }
            if job.is_finished() {
                audit_state.job = None;
            }
            return;
        }
        let Some(run) = &self.state.run else { return };
        if self.state.excluded_run {
            return; // the report of the files stays; the cleaned copy is not audited
        }
        let current = audit_state
            .report
            .as_ref()
            .is_some_and(|(d, _)| Arc::ptr_eq(d, &run.data) || d.root == run.data.root);
        if current {
            return;
        }
        let data = Arc::clone(&run.data);
        let params = audit_state.params.clone();
        match Job::spawn_task(
            "embedscope-audit",
            move |_| {
                Ok::<_, crate::pipeline::PipelineError>((Arc::clone(&data), audit(&data, &params)?))
            },
            wake,
        ) {
            Ok(job) => audit_state.job = Some(job),
            Err(e) => self.state.banner = Some(Banner::Error(e)),
        }
    }

    /// Run the pipeline on the audited dataset minus the rows of the excluded findings.
    fn rerun_without_excluded(&mut self) {
        let Some((data, report)) = self.state.audit.report.clone() else {
            return;
        };
        let kinds = crate::gui::audit_ui::excluded_kinds(&self.state.audit.excluded);
        let (clean, _) = Exclusion::from_report(&report, &kinds).apply(&data);
        let method = self.state.settings.method;
        let embed = self.embed_params(method);
        self.state.excluded_run = !kinds.is_empty();
        let sizes = |d: &crate::data::Dataset| [d.items.len(), d.users.len(), d.interactions.len()];
        let (before, now) = (sizes(&data), sizes(&clean));
        self.start(RunParams {
            dataset: data.root.clone(),
            embed,
            loaded: Some(Arc::new(clean)),
        });
        // Say what happened: what went and what is left.
        self.state.banner = Some(Banner::Cleaned {
            removed: [0, 1, 2].map(|i| before[i].saturating_sub(now[i])),
            now,
        });
    }

    /// The run of `method` for the dataset on screen: the one shown or one in the cache.
    fn run_of(&self, method: MethodChoice) -> Option<Arc<crate::pipeline::RunOutput>> {
        let run = self.state.run.as_ref()?;
        if MethodChoice::of(run.embeddings.method) == method {
            return Some(Arc::clone(run));
        }
        self.state
            .cache
            .iter()
            .find(|c| c.method == method)
            .map(|c| Arc::clone(&c.run))
    }

    fn start_compare(&mut self, a: MethodChoice, b: MethodChoice) {
        let (Some(run_a), Some(run_b)) = (self.run_of(a), self.run_of(b)) else {
            return;
        };
        self.state.compare.error = None;
        match Job::spawn_task(
            "embedscope-compare",
            move |p| {
                let a = ComparedRun::from_output(&run_a, run_a.run_id, run_a.data.root.clone());
                let b = ComparedRun::from_output(&run_b, run_b.run_id, run_b.data.root.clone());
                compare(&a.items(), &b.items(), &CompareParams::default(), p)
            },
            self.wake(),
        ) {
            Ok(job) => self.state.compare.job = Some(job),
            Err(e) => self.state.compare.error = Some(e),
        }
        self.state.compare.methods = Some((a, b));
    }

    /// Read the workspace's saved runs in the worker (nothing without a workspace).
    fn list_saved_runs(&mut self) {
        let Some(location) = self.workspace.clone() else {
            return;
        };
        if self.state.compare.saved_job.is_some() {
            return;
        }
        match Job::spawn_task(
            "embedscope-list-runs",
            move |_| crate::pipeline::compare::saved_runs(&location),
            self.wake(),
        ) {
            Ok(job) => self.state.compare.saved_job = Some(job),
            Err(e) => self.state.compare.error = Some(e),
        }
    }

    /// Compare two runs saved in the workspace, read back in the worker.
    fn start_compare_stored(&mut self, a: i64, b: i64) {
        let Some(location) = self.workspace.clone() else {
            return;
        };
        self.state.compare.error = None;
        self.state.compare.stored = Some((a, b));
        match Job::spawn_task(
            "embedscope-compare",
            move |p| {
                crate::pipeline::compare::compare_saved(
                    &location,
                    a,
                    b,
                    &CompareParams::default(),
                    p,
                )
            },
            self.wake(),
        ) {
            Ok(job) => self.state.compare.job = Some(job),
            Err(e) => self.state.compare.error = Some(e),
        }
    }

    pub(super) fn drain_compare(&mut self) {
        let cmp = &mut self.state.compare;
        if let Some(job) = &mut cmp.saved_job {
            for ev in job.poll() {
                if let Event::Finished(r) = ev {
                    match r {
                        Ok(runs) => {
                            // Default picks: the two newest runs of the dataset on screen
                            // (B = newest, aligned onto A), else of any one dataset.
                            if cmp.stored.is_none()
                                && let Some(run) = &self.state.run
                                && let Some((a, b)) = crate::gui::compare_ui::default_pair(
                                    &runs,
                                    run.run_id,
                                    &run.data.root,
                                )
                                && a != b
                            {
                                cmp.stored = Some((a, b));
                            }
                            cmp.saved_runs = Some(runs);
                        }
                        Err(e) => cmp.error = Some(e),
                    }
                }
            }
            if job.is_finished() {
                cmp.saved_job = None;
            }
        }
        let Some(job) = &mut cmp.job else { return };
        for ev in job.poll() {
            if let Event::Finished(r) = ev {
                match r {
                    Ok(c) => {
                        cmp.result = Some(Arc::new(c));
                        cmp.drift.shown = None;
                        cmp.generation += 1;
                        cmp.sort = crate::gui::compare_ui::CompareSort::default();
                    }
                    Err(crate::pipeline::PipelineError::Cancelled) => {}
                    Err(e) => cmp.error = Some(e),
                }
            }
        }
        if job.is_finished() {
            cmp.job = None;
        }
    }
}
