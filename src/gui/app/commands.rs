//! Applying the commands the panels pushed this frame (select, query, change method, open,
//! export…), and the folder dialog.

use std::sync::{Arc, mpsc};

use super::App;
use crate::gui::state::{Banner, Command, K_RANGE, MethodChoice};
use crate::pipeline::PipelineError;

impl App {
    #[expect(
        clippy::too_many_lines,
        reason = "a flat dispatch table, one arm per command; the work is in the methods it calls"
    )]
    pub(super) fn apply_commands(&mut self) {
        let mut requery = false;
        for c in std::mem::take(&mut self.commands) {
            match c {
                Command::Select(p) => {
                    self.state.selected =
                        p.filter(|p| self.state.run.as_ref().is_some_and(|r| *p < r.points.len()));
                    requery = true;
                }
                Command::SetK(k) => {
                    self.state.settings.k = k.clamp(*K_RANGE.start(), *K_RANGE.end());
                    requery = true;
                }
                Command::SetFilter(f) => {
                    self.state.settings.filter = f;
                    requery = true;
                }
                Command::SetLang(l) => self.state.settings.lang = Some(l),
                Command::SetHybridWeight(w) => {
                    self.state.settings.hybrid_weight = w.clamp(0.0, 1.0);
                    self.rerun_method(MethodChoice::Hybrid);
                }
                Command::ShowPca(..)
                | Command::ShowTsne
                | Command::RunTsne
                | Command::CancelLayout
                | Command::SetTsneParams(..)
                | Command::SetTsneOptions { .. }
                | Command::ShowUmap
                | Command::RunUmap
                | Command::SetUmapParams(..) => self.projection_command(&c),
                Command::SetMapTool(..)
                | Command::SetColorBy(..)
                | Command::SetClusterK(..)
                | Command::Mark(..)
                | Command::SetFind(..)
                | Command::Find => self.map_command(c),
                Command::SetApproximate(on) => self.set_approximate(on),
                Command::ShowAudit(..)
                | Command::SetAuditExcluded(..)
                | Command::Reaudit(..)
                | Command::AuditRerun
                | Command::ShowCompare(..)
                | Command::RunCompare(..)
                | Command::RunCompareStored(..)
                | Command::SortCompare(..) => self.panel_command(c),
                Command::InitDriftWindows
                | Command::SetDriftWindows(..)
                | Command::RunDrift(..)
                | Command::CancelDrift => self.drift_command(c),
                Command::SearchWholeTable(_) | Command::CancelWholeTable => {
                    self.whole_table_command(&c);
                }
                Command::SetFeatureWeights(w) => {
                    self.state.feature_weights = w;
                    self.rerun_method(MethodChoice::Features);
                }
                Command::SetScoreMetric(m) => {
                    self.state.settings.score_metric = Some(m);
                    requery = true;
                }
                Command::SetRerank(w) => {
                    self.state.settings.rerank = w;
                    requery = true;
                }
                Command::Open(p) => self.open(p),
                Command::SetMethod(m) => self.set_method(m),
                Command::SetAlsRegularization(scale) => {
                    self.state.settings.als_regularization = scale;
                    // A table computed with the other convention would no longer say what
                    // the setting says.
                    self.state.eval.report = None;
                    self.rerun_method(MethodChoice::Als);
                    self.rerun_method(MethodChoice::Hybrid);
                }
                Command::SetEvalOtherPath(p) => self.state.eval.other_path = p,
                Command::PickEvalOtherPath { file } => self.pick_eval_path(file),
                Command::UseReduced(p) => self.use_reduced(p),
                Command::PickFolder => self.pick_folder(false),
                Command::PickFile => self.pick_folder(true),
                Command::Export(kind, path) => self.export(kind, path),
                Command::SetVectorChoice(..)
                | Command::LoadVectorColumn
                | Command::DismissVectorChoice => self.vector_column_command(&c),
                Command::SetBookmarkName(..)
                | Command::SaveBookmark(..)
                | Command::RestoreBookmark(..)
                | Command::DeleteBookmark(..) => self.bookmark_command(c),
                Command::Cancel => {
                    if let Some(r) = &self.state.running {
                        r.job.cancel();
                    }
                }
                Command::DismissBanner => self.state.banner = None,
                Command::RunEval => self.run_eval(),
                Command::CancelEval => {
                    if let Some(j) = &self.state.eval.job {
                        j.cancel();
                    }
                }
                Command::DismissCjkNotice => self.state.cjk_notice_dismissed = true,
                Command::SetSearch(s) => self.state.search = s,
                Command::SetPathText(s) => self.state.path_text = s,
                Command::SetTab(t) => self.state.tab = t,
                Command::SetGoalDraft(..) | Command::SaveGoal => self.goal_command(c),
                Command::OpenAbTest => {
                    self.state.tab = super::super::state::Tab::Learn;
                    self.learn.step = super::super::learn::Step::Launch;
                }
                Command::ShowSideTab(..)
                | Command::SetMapScale(..)
                | Command::SetPresenter(..)
                | Command::ShowExportPanel(..)
                | Command::SetExportPath(..) => self.screen_command(c),
                Command::ShowModelPicker(..)
                | Command::SetModelPath(..)
                | Command::ChooseModel(..)
                | Command::PickModelFolder
                | Command::SetTextColumns(..)
                | Command::SetTextPrefix(..)
                | Command::EmbedTextModel
                | Command::SetHybridTextModel(..) => self.model_command(c),
            }
        }
        if requery {
            self.requery_neighbours();
            let (run, sel) = (&self.state.run, self.state.selected);
            let user = match (run, sel) {
                (Some(run), Some(p)) if run.points[p].kind == crate::data::Kind::User => {
                    Some((Arc::clone(run), run.points[p].row))
                }
                _ => None,
            };
            self.recommend_for(user);
        }
    }

    /// The system dialog for a dataset folder, or for one file when `file`.
    fn pick_folder(&mut self, file: bool) {
        if self.dialog.is_some() {
            return;
        }
        match pick_path_dialog("embedscope-folder-dialog", file, &self.ctx) {
            Ok(rx) => self.dialog = Some(rx),
            Err(e) => self.state.banner = Some(Banner::Error(e)),
        }
    }
}

/// The extensions the file dialog offers for a single-file dataset.
const DATASET_FILES: [&str; 10] = [
    "csv", "tsv", "txt", "data", "dat", "vec", "bin", "npy", "jsonl", "parquet",
];

/// The system dialog for a dataset folder, or for one dataset file when `file`, on its own
/// thread named `name` (rfd blocks until the user answers, and may find no dialog to show:
/// then it answers `None`, as for a cancel). The choice arrives on the receiver and the frame
/// is repainted; the caller polls with `try_recv` and keeps the typed path as the fallback.
pub(super) fn pick_path_dialog(
    name: &str,
    file: bool,
    ctx: &egui::Context,
) -> Result<mpsc::Receiver<Option<std::path::PathBuf>>, PipelineError> {
    let (tx, rx) = mpsc::channel();
    let ctx = ctx.clone();
    std::thread::Builder::new()
        .name(name.to_owned())
        .spawn(move || {
            let dialog = rfd::FileDialog::new().set_title("embedscope");
            let choice = if file {
                dialog
                    .add_filter("datasets", &DATASET_FILES)
                    .add_filter("all files", &["*"])
                    .pick_file()
            } else {
                dialog.pick_folder()
            };
            let _ = tx.send(choice);
            ctx.request_repaint();
        })
        .map_err(|e| PipelineError::Thread(e.to_string()))?;
    Ok(rx)
}
