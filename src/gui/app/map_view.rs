//! The map tools' commands: drag mode, colouring (with k-means in the worker), marks and find.

use std::sync::Arc;

use super::App;
use crate::gui::compare_colors::{ChangeMeasure, by_comparison};
use crate::gui::i18n::{Key, tr};
use crate::gui::map_colors::{ColorBy, Coloring};
use crate::gui::state::{Banner, Command};
use crate::pipeline::RunOutput;
use crate::pipeline::job::{Event, Job};
use crate::project::kmeans::{KmeansParams, kmeans};

/// Longest find pattern accepted (compiled size is limited too).
const MAX_PATTERN: usize = 1000;

impl App {
    pub(super) fn map_command(&mut self, c: Command) {
        let view = &mut self.state.map_view;
        match c {
            Command::SetMapTool(t) => view.tool = t,
            Command::SetColorBy(by) => view.color_by = by,
            Command::SetClusterK(k) => {
                view.cluster_k = k.clamp(2, 20);
                view.clusters = None;
                view.cluster_job = None;
            }
            Command::Mark(points) => view.marked = points,
            Command::SetFind(s) => {
                view.find = s;
                view.find_error = None;
            }
            Command::Find => self.find(),
            _ => {}
        }
    }

    /// Mark the points whose id or name (either language) matches the find pattern; select
    /// the first.
    fn find(&mut self) {
        let lang = self.state.lang();
        let Some(run) = self.state.run.clone() else {
            return;
        };
        let view = &mut self.state.map_view;
        let pattern = view.find.trim().to_owned();
        view.find_error = None;
        if pattern.is_empty() {
            view.marked.clear();
            return;
        }
        let re = if pattern.len() > MAX_PATTERN {
            Err(format!("longer than {MAX_PATTERN} characters"))
        } else {
            regex::RegexBuilder::new(&pattern)
                .case_insensitive(true)
                .size_limit(1 << 20)
                .build()
                .map_err(|e| e.to_string())
        };
        let re = match re {
            Ok(re) => re,
            Err(e) => {
                let first = e.lines().last().unwrap_or_default().trim().to_owned();
                view.find_error = Some(format!("{}: {first}", tr(lang, Key::FindInvalid)));
                return;
            }
        };
        view.marked = matching_points(&run, &re);
        if view.marked.is_empty() {
            view.find_error = Some(tr(lang, Key::FindNone).to_owned());
        } else {
            let first = view.marked[0];
            self.commands.push(Command::Select(Some(first)));
        }
    }

    /// Start k-means when the map is coloured by cluster and there are no clusters yet;
    /// collect a finished one.
    pub(super) fn drain_clusters(&mut self) {
        let wake = self.wake();
        let view = &mut self.state.map_view;
        if let Some(job) = &mut view.cluster_job {
            for ev in job.poll() {
                if let Event::Finished(r) = ev {
                    match r {
                        Ok(labels) => {
                            view.cluster_generation += 1;
                            view.clusters = Some((Arc::new(labels), view.cluster_generation));
                        }
                        Err(crate::pipeline::PipelineError::Cancelled) => {}
                        Err(e) => self.state.banner = Some(Banner::Error(e)),
                    }
                }
            }
            if job.is_finished() {
                view.cluster_job = None;
            }
            return;
        }
        if view.color_by != ColorBy::Cluster || view.clusters.is_some() {
            return;
        }
        let Some(run) = self.state.run.clone() else {
            return;
        };
        let params = KmeansParams {
            k: view.cluster_k,
            ..KmeansParams::default()
        };
        match Job::spawn_task(
            "embedscope-kmeans",
            move |p| kmeans(run.index.data(), params, p),
            wake,
        ) {
            Ok(job) => view.cluster_job = Some(job),
            Err(e) => self.state.banner = Some(Banner::Error(e)),
        }
    }

    /// Recolour the map when the colouring or its inputs changed.
    pub(super) fn sync_coloring(&mut self) {
        let (Some(run), Some(map)) = (&self.state.run, &mut self.state.map) else {
            return;
        };
        let view = &mut self.state.map_view;
        let generation = match view.color_by {
            ColorBy::Quality => self.state.projection.quality_generation,
            ColorBy::Cluster => view.cluster_generation,
            ColorBy::Displacement | ColorBy::NeighbourChange => self.state.compare.generation,
            ColorBy::Category | ColorBy::Meta(_) => 0,
        };
        let wanted = (view.color_by.clone(), generation);
        if map.colored_by == wanted {
            return;
        }
        let coloring = match &view.color_by {
            ColorBy::Category => Some(Coloring::by_category(run)),
            ColorBy::Meta(name) => Coloring::by_meta(run, name),
            ColorBy::Quality => self
                .state
                .projection
                .quality
                .as_ref()
                .filter(|q| q.per_point.len() == map.xy.len())
                .map(|q| Coloring::by_quality(&q.per_point)),
            ColorBy::Cluster => view
                .clusters
                .as_ref()
                .filter(|(labels, _)| labels.len() == map.xy.len())
                .map(|(labels, _)| Coloring::by_cluster(labels, view.cluster_k)),
            ColorBy::Displacement => self
                .state
                .compare
                .result
                .as_ref()
                .map(|c| by_comparison(run, c, ChangeMeasure::Displacement)),
            ColorBy::NeighbourChange => self
                .state
                .compare
                .result
                .as_ref()
                .map(|c| by_comparison(run, c, ChangeMeasure::NeighbourChange)),
        };
        match coloring {
            Some(c) => map.recolor(c, wanted),
            None if matches!(view.color_by, ColorBy::Meta(_)) => {
                // The column is gone (another dataset): back to categories.
                view.color_by = ColorBy::Category;
            }
            // Scores, clusters or a comparison still computing: categories until they arrive.
            None => map.recolor(Coloring::by_category(run), wanted),
        }
    }
}

/// Points (items, then placed users) whose id or name matches `re`, in point order.
fn matching_points(run: &RunOutput, re: &regex::Regex) -> Vec<usize> {
    run.points
        .iter()
        .enumerate()
        .filter(|(_, p)| {
            let t = run.data.table(p.kind);
            let r = p.row as usize;
            re.is_match(&t.ids[r])
                || re.is_match(&t.names[r])
                || t.names_ja.as_ref().is_some_and(|ja| re.is_match(&ja[r]))
        })
        .map(|(i, _)| i)
        .collect()
}
