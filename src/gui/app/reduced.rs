//! Putting a dimension-reduced copy of the run's vectors on screen (reduced in the worker, like
//! any run, with progress and Cancel) and going back to the full vectors (at once: the copy
//! keeps the run it came from).

use std::sync::Arc;

use super::App;
use crate::gui::map_data::MapData;
use crate::gui::state::{Banner, Running};
use crate::pipeline::job::Job;
use crate::pipeline::progress::Stage;
use crate::pipeline::reduced::reduced_run;
use crate::project::reduce::ReduceParams;

impl App {
    /// `Some`: reduce the run's full vectors with `params` in the worker; `None`: show the full
    /// vectors again (nothing to do when they are on screen).
    pub(super) fn use_reduced(&mut self, params: Option<ReduceParams>) {
        let Some(run) = self.state.run.clone() else {
            return;
        };
        let Some(params) = params else {
            if let Some(copy) = &run.reduced {
                let full = Arc::clone(&copy.from);
                let map = MapData::build(&full);
                self.install(full, map, true, None);
            }
            return;
        };
        if let Some(r) = &self.state.running {
            r.job.cancel();
        }
        let wake = self.wake();
        let path = run.data.root.clone();
        match Job::spawn_task(
            "embedscope-reduce",
            move |p| reduced_run(&run, &params, p).map(Box::new),
            wake,
        ) {
            Ok(job) => {
                self.state.running = Some(Running {
                    job,
                    path,
                    stage: Stage::Embed,
                    done: 0,
                    total: 1,
                    since: std::time::Instant::now(),
                });
            }
            Err(e) => self.state.banner = Some(Banner::Error(e)),
        }
    }
}
