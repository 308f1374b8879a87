//! Neighbour queries of the selected point: exact (on the UI thread for small runs, in the
//! worker for large ones) or from the HNSW graphs, which are built in the worker on demand.

use std::sync::Arc;

use super::App;
use crate::gui::state::Banner;
use crate::index::hnsw::HnswParams;
use crate::pipeline::ann::AnnIndexes;
use crate::pipeline::job::{Event, Job};
use crate::pipeline::query;

/// Above this many stored floats (index rows × dimension, 32 MB) an exact query can take more
/// than a few milliseconds (two full scans), so it runs in the worker.
const ASYNC_FLOATS: usize = 8 << 20;

impl App {
    /// Switch between exact and approximate lists; the first switch to approximate builds the
    /// graphs in the worker.
    pub(super) fn set_approximate(&mut self, on: bool) {
        self.state.ann.approximate = on;
        if on {
            self.start_ann();
        }
        self.requery_neighbours();
    }

    /// Build the HNSW graphs of the run on screen unless they exist or are being built.
    pub(super) fn start_ann(&mut self) {
        let ann = &self.state.ann;
        if ann.indexes.is_some() || ann.job.is_some() {
            return;
        }
        let Some(run) = self.state.run.clone() else {
            return;
        };
        match Job::spawn_task(
            "embedscope-hnsw",
            move |p| AnnIndexes::build(&run, HnswParams::default(), p),
            self.wake(),
        ) {
            Ok(job) => self.state.ann.job = Some(job),
            Err(e) => self.state.banner = Some(Banner::Error(e)),
        }
    }

    /// A new run is on screen: its graphs are not built yet.
    pub(super) fn reset_ann(&mut self) {
        self.state.ann.indexes = None;
        self.state.ann.job = None;
        self.state.query_job = None;
        if self.state.ann.approximate {
            self.start_ann();
        }
    }

    /// Collect finished graphs (and re-ask the question with them) and finished queries.
    pub(super) fn drain_neighbours(&mut self) {
        if let Some(job) = &mut self.state.ann.job {
            let mut built = None;
            for ev in job.poll() {
                if let Event::Finished(r) = ev {
                    built = Some(r);
                }
            }
            if let Some(r) = built {
                self.state.ann.job = None;
                match r {
                    Ok(indexes) => {
                        self.state.ann.indexes = Some(Arc::new(indexes));
                        self.requery_neighbours();
                    }
                    Err(crate::pipeline::PipelineError::Cancelled) => {}
                    Err(e) => self.state.banner = Some(Banner::Error(e)),
                }
            }
        }
        if let Some(job) = &mut self.state.query_job {
            for ev in job.poll() {
                if let Event::Finished(r) = ev {
                    match r {
                        Ok(cmp) => self.state.comparison = Some(cmp),
                        Err(crate::pipeline::PipelineError::Cancelled) => {}
                        Err(e) => self.state.banner = Some(Banner::Error(e)),
                    }
                }
            }
            if job.is_finished() {
                self.state.query_job = None;
            }
        }
    }

    /// Ask again for the selected point's neighbours, the fastest honest way available.
    pub(super) fn requery_neighbours(&mut self) {
        let (k, filter) = (self.state.settings.k, self.state.settings.filter);
        self.state.query_job = None;
        let (Some(run), Some(p)) = (self.state.run.clone(), self.state.selected) else {
            self.state.comparison = None;
            return;
        };
        if self.state.ann.approximate
            && let Some(ann) = &self.state.ann.indexes
        {
            self.state.comparison = Some(ann.compare(&run, p, k, filter));
            return;
        }
        if run.index.len() * run.index.dim() <= ASYNC_FLOATS {
            self.state.comparison = Some(query::compare(&run, p, k, filter));
            return;
        }
        // Keep the old lists on screen (if they belong to this point) until the new ones arrive.
        if self
            .state
            .comparison
            .as_ref()
            .is_some_and(|c| c.as_ref().map_or(true, |c| c.query != p))
        {
            self.state.comparison = None;
        }
        match Job::spawn_task(
            "embedscope-query",
            move |_| Ok::<_, crate::pipeline::PipelineError>(query::compare(&run, p, k, filter)),
            self.wake(),
        ) {
            Ok(job) => self.state.query_job = Some(job),
            Err(e) => self.state.banner = Some(Banner::Error(e)),
        }
    }
}
