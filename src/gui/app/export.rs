//! Exports from the GUI (the top bar's Export menu): the run on screen written with the same
//! [`crate::report`] builders as `embedscope export`, using the map as shown (layout and
//! colours). The save dialog and the writing run on their own named thread (rfd can block, and
//! large exports take a while); the outcome comes back over a channel and is shown in the
//! banner. A [`Command::Export`](crate::gui::state::Command::Export) carrying a path skips the
//! dialog (tests, scripts).

use std::path::{Path, PathBuf};
use std::sync::{Arc, mpsc};

use ndarray::Array2;

use super::App;
use crate::error::ReportError;
use crate::eval::abtest::{Plan, Reading};
use crate::eval::goal::{Goal, Standing, standings};
use crate::gui::i18n::Key;
use crate::gui::state::{Banner, ExportKind};
use crate::pipeline::PipelineError;
use crate::pipeline::RunOutput;
use crate::pipeline::query::KindFilter;
use crate::recommend::ScoreMetric;
use crate::report::workshop_summary::{self, Summary};
use crate::report::{self, Written};

/// Size of the exported map image in pixels.
const PNG_SIZE: [u32; 2] = [1200, 900];
/// Recommendations per user in the CSV.
const RECOMMENDATIONS: usize = 10;

/// The file (or folder) name proposed for `kind`.
pub(super) fn default_name(kind: ExportKind) -> &'static str {
    match kind {
        ExportKind::Projector => "projector",
        ExportKind::Npy => "vectors.npy",
        ExportKind::CoordinatesCsv => "coordinates.csv",
        ExportKind::NeighboursCsv => "neighbours.csv",
        ExportKind::RecommendationsCsv => "recommendations.csv",
        ExportKind::MapPng => "map.png",
        ExportKind::SummaryMarkdown => "workshop_summary.md",
        ExportKind::SummaryHtml => "workshop_summary.html",
    }
}

/// What the writing thread sends back: `None` when no path was chosen.
pub(super) type ExportOutcome = Option<Result<Vec<Written>, ReportError>>;

/// Everything one export needs, copied off the UI state so the writing thread owns it.
struct ExportRequest {
    kind: ExportKind,
    run: Arc<RunOutput>,
    /// The map as on screen, one row per map point.
    xy: Array2<f32>,
    /// Point colours as on screen.
    colours: Vec<[u8; 4]>,
    /// The selected point (ringed in the PNG).
    selected: Option<usize>,
    /// Selected and marked points, sorted.
    points: Vec<usize>,
    k: usize,
    filter: KindFilter,
    metric: ScoreMetric,
    summary: SummaryParts,
}

/// The workshop summary's parts, copied off the state (goal card, evaluation, A/B step).
struct SummaryParts {
    ja: bool,
    goal: Option<Goal>,
    standings: Vec<Standing>,
    plan: Option<Plan>,
    reading: Option<Reading>,
}

impl SummaryParts {
    fn render(&self, dataset: &str, html: bool) -> String {
        let s = Summary {
            dataset,
            goal: self.goal.as_ref(),
            standings: &self.standings,
            plan: self.plan.as_ref(),
            reading: self.reading.as_ref(),
        };
        if html {
            workshop_summary::html(&s, self.ja)
        } else {
            workshop_summary::markdown(&s, self.ja)
        }
    }
}

impl ExportRequest {
    /// The file (or folder) name the save dialog proposes.
    fn default_name(&self) -> &'static str {
        default_name(self.kind)
    }

    /// Users among the selected and marked points (table rows).
    fn users(&self) -> Vec<u32> {
        self.points
            .iter()
            .map(|&p| self.run.points[p])
            .filter(|p| p.kind == crate::data::Kind::User)
            .map(|p| p.row)
            .collect()
    }

    /// Write the export at `path` (a folder for the projector pair, else a file).
    fn write(&self, path: &Path) -> Result<Vec<Written>, ReportError> {
        let (run, xy) = (self.run.as_ref(), self.xy.view());
        let one = |text: &[u8]| Ok(vec![report::write_file(path, text)?]);
        match self.kind {
            ExportKind::Projector => report::projector::write_projector(run, xy, path),
            ExportKind::Npy => report::npy::write_vectors_npy(run, xy, path),
            ExportKind::CoordinatesCsv => {
                one(report::coordinates::coordinates_csv(run, xy)?.as_bytes())
            }
            ExportKind::NeighboursCsv => {
                one(
                    report::neighbours::neighbours_csv(run, &self.points, self.k, self.filter)?
                        .as_bytes(),
                )
            }
            ExportKind::RecommendationsCsv => one(report::recommendations::recommendations_csv(
                run,
                &self.users(),
                RECOMMENDATIONS,
                self.metric,
            )
            .as_bytes()),
            ExportKind::MapPng => one(&report::map_png(
                xy,
                &self.colours,
                PNG_SIZE,
                self.selected,
            )?),
            ExportKind::SummaryMarkdown | ExportKind::SummaryHtml => {
                let name = run.data.display_name(self.summary.ja);
                let html = self.kind == ExportKind::SummaryHtml;
                one(self.summary.render(name, html).as_bytes())
            }
        }
    }
}

impl App {
    /// Start an export of the run on screen (to `path`, or where a save dialog says).
    pub(super) fn export(&mut self, kind: ExportKind, path: Option<PathBuf>) {
        if self.export.is_some() {
            return;
        }
        let Some(request) = self.export_request(kind) else {
            return;
        };
        let needs_selection = match kind {
            ExportKind::NeighboursCsv => request.points.is_empty(),
            ExportKind::RecommendationsCsv => request.users().is_empty(),
            _ => false,
        };
        if needs_selection {
            self.state.banner = Some(Banner::Info(Key::ExportNeedsSelection));
            return;
        }
        let (tx, rx) = mpsc::channel::<ExportOutcome>();
        let ctx = self.ctx.clone();
        let spawned = std::thread::Builder::new()
            .name("embedscope-export".to_owned())
            .spawn(move || {
                let path = path.or_else(|| {
                    let dialog = rfd::FileDialog::new().set_title("embedscope");
                    if kind == ExportKind::Projector {
                        dialog.pick_folder()
                    } else {
                        dialog.set_file_name(request.default_name()).save_file()
                    }
                });
                let _ = tx.send(path.map(|p| request.write(&p)));
                ctx.request_repaint();
            });
        match spawned {
            Ok(_) => {
                self.export = Some(rx);
                self.state.exporting = Some(kind);
            }
            Err(e) => self.state.banner = Some(Banner::Error(PipelineError::Thread(e.to_string()))),
        }
    }

    /// Copy what the export needs off the state; `None` without a run on screen.
    fn export_request(&self, kind: ExportKind) -> Option<ExportRequest> {
        let (run, map) = (self.state.run.as_ref()?, self.state.map.as_ref()?);
        let xy = Array2::from_shape_fn((map.xy.len(), 2), |(i, j)| map.xy[i][j] as f32);
        let colours = (0..map.xy.len())
            .map(|i| map.color(i).to_srgba_unmultiplied())
            .collect();
        let mut points = self.state.map_view.marked.clone();
        points.extend(self.state.selected);
        points.sort_unstable();
        points.dedup();
        let metric = self.state.settings.score_metric.unwrap_or_else(|| {
            crate::pipeline::recommend_query::default_metric(run.embeddings.method)
        });
        Some(ExportRequest {
            summary: self.summary_parts(),
            kind,
            run: Arc::clone(run),
            xy,
            colours,
            selected: self.state.selected,
            points,
            k: self.state.settings.k,
            filter: self.state.settings.filter,
            metric,
        })
    }

    /// The goal kept (else the draft, when complete), its standings in the evaluation on
    /// screen, and the Learn tab's A/B plan and reading.
    fn summary_parts(&self) -> SummaryParts {
        let view = &self.state.goal;
        let goal = view
            .saved
            .clone()
            .or_else(|| Some(view.draft.clone()).filter(|g| g.validate().is_ok()));
        let report = self.state.eval.report.as_ref().filter(|(root, _)| {
            self.state
                .run
                .as_ref()
                .is_some_and(|r| r.data.root == *root)
        });
        let standings = match (&goal, report) {
            (Some(g), Some((_, report))) => standings(g, report),
            _ => Vec::new(),
        };
        SummaryParts {
            ja: self.state.lang().is_ja(),
            goal,
            standings,
            plan: self.learn.abtest.plan().ok(),
            reading: self.learn.abtest.reading().ok(),
        }
    }

    /// Show the outcome of a finished export.
    pub(super) fn drain_export(&mut self) {
        let Some(rx) = &self.export else {
            return;
        };
        let outcome = match rx.try_recv() {
            Ok(o) => o,
            Err(mpsc::TryRecvError::Empty) => return,
            Err(mpsc::TryRecvError::Disconnected) => None,
        };
        self.export = None;
        let kind = self.state.exporting.take();
        if outcome.is_none() {
            // No dialog here (or it was cancelled): offer a typed path beside the map.
            self.commands
                .push(crate::gui::state::Command::ShowExportPanel(kind));
        } else if self.state.export_panel.kind.is_some() {
            self.state.export_panel.kind = None;
        }
        self.state.banner = Some(match outcome {
            None => Banner::Info(Key::ExportNoPath),
            Some(Ok(written)) => Banner::Exported(written.into_iter().map(|w| w.path).collect()),
            Some(Err(e)) => {
                eprintln!("embedscope: {e}");
                Banner::ExportFailed(e)
            }
        });
    }
}
