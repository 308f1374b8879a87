//! The whole-table search's commands ([`crate::gui::whole_table_ui`]): the streaming scan of
//! the table behind a sample, in the worker.

use std::sync::Arc;
use std::time::Instant;

use super::App;
use crate::gui::state::Command;
use crate::pipeline::PipelineError;
use crate::pipeline::job::Job;
use crate::pipeline::table_query::whole_table_neighbours;

impl App {
    /// Apply a whole-table command.
    pub(super) fn whole_table_command(&mut self, c: &Command) {
        match c {
            Command::SearchWholeTable(point) => self.start_whole_table(*point),
            Command::CancelWholeTable => {
                if let Some((_, job)) = &self.state.whole_table.job {
                    job.cancel();
                }
            }
            _ => {}
        }
    }

    fn start_whole_table(&mut self, point: usize) {
        let Some(run) = &self.state.run else { return };
        if point >= run.points.len() {
            return;
        }
        let data = Arc::clone(&run.data);
        let query = run.index.row(point).to_vec();
        let p = run.points[point];
        let skip = data
            .table(p.kind)
            .ids
            .get(p.row as usize)
            .map(str::to_owned);
        let k = self.state.settings.k;
        let wake = self.wake();
        let view = &mut self.state.whole_table;
        view.error = None;
        view.progress = 0.0;
        view.started = Some(Instant::now());
        match Job::spawn_task(
            "embedscope-whole-table",
            move |progress| whole_table_neighbours(&data, &query, k, skip.as_deref(), progress),
            wake,
        ) {
            Ok(job) => view.job = Some((point, job)),
            Err(e) => view.error = Some(e.to_string()),
        }
    }

    pub(super) fn drain_whole_table(&mut self) {
        let view = &mut self.state.whole_table;
        let Some((point, job)) = &mut view.job else {
            return;
        };
        let point = *point;
        let Some(result) = job.poll_fraction(&mut view.progress) else {
            return;
        };
        view.job = None;
        match result {
            Ok(found) => view.result = Some((point, Arc::new(found))),
            Err(PipelineError::Cancelled) => {}
            Err(e) => view.error = Some(e.to_string()),
        }
    }
}
