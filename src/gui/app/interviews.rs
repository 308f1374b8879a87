//! The Interviews tab: the candidate finder and user card ([`crate::gui::interviews_ui`]), the
//! held-out split computed in the worker, notes kept in the workspace, and interview sheets
//! written where the user chooses (the save dialog and the write run off the UI thread).

use std::sync::Arc;

use super::App;
use crate::data::Kind;
use crate::gui::interviews_ui::{InterviewAction, interviews_ui};
use crate::gui::state::Banner;
use crate::pipeline::RunOutput;
use crate::pipeline::interview::Holdout;
use crate::pipeline::interview::card::user_card;
use crate::pipeline::job::{Event, Job};

impl App {
    /// Draw the tab and act on what the panel asked for.
    pub(super) fn interviews_tab_ui(&mut self, ui: &mut egui::Ui) {
        let lang = self.state.lang();
        let Some(run) = self.state.run.clone() else {
            ui.centered_and_justified(|ui| {
                ui.label(crate::gui::i18n::tr(lang, crate::gui::i18n::Key::NoData))
            });
            return;
        };
        if self.interviews.sync(&run) {
            // A split of the previous run must not land on this one (dropping cancels it).
            self.holdout_job = None;
        }
        if self.holdout_job.is_some() {
            ui.spinner();
        }
        let action = interviews_ui(ui, &mut self.interviews, &run, lang);
        self.load_saved_note(&run);
        match action {
            InterviewAction::None => {}
            InterviewAction::ComputeHoldout { k } => {
                if self.holdout_job.is_none() {
                    let r = run.clone();
                    match Job::spawn_task(
                        "embedscope-holdout",
                        move |_| Holdout::compute(&r, k),
                        self.wake(),
                    ) {
                        Ok(job) => self.holdout_job = Some(job),
                        Err(e) => self.state.banner = Some(Banner::Error(e)),
                    }
                }
            }
            InterviewAction::SaveNote { user, text } => {
                let saved = self.workspace.as_ref().map(|loc| {
                    loc.connect()
                        .and_then(|ws| ws.set_note(&run.data.root, Kind::User, &user, &text))
                });
                if let Some(Err(e)) = saved {
                    self.state.banner = Some(Banner::Error(e.into()));
                }
            }
            InterviewAction::ExportHtml { user } => self.export_sheet(&run, &user, true),
            InterviewAction::ExportMarkdown { user } => self.export_sheet(&run, &user, false),
            InterviewAction::ExportShortlist { users, html } => {
                self.export_shortlist(&run, users, html);
            }
        }
    }

    /// Build the shortlist's cards and sheet off the UI thread (each card renders a PNG), then
    /// let the user choose where to write it.
    fn export_shortlist(&self, run: &Arc<RunOutput>, users: Vec<String>, html: bool) {
        let ja = self.state.lang().is_ja();
        let run = Arc::clone(run);
        let holdout = self.interviews.holdout.clone();
        let workspace = self.workspace.clone();
        let goal = self.state.goal.saved.clone();
        let spawned = std::thread::Builder::new()
            .name("embedscope-save-shortlist".into())
            .spawn(move || {
                let mut cards = Vec::with_capacity(users.len());
                for id in &users {
                    let Some(row) = run.data.users.find(id) else {
                        continue;
                    };
                    // Each sheet carries the user's saved note.
                    let note = workspace.as_ref().and_then(|loc| {
                        loc.connect()
                            .and_then(|ws| ws.note(&run.data.root, Kind::User, id))
                            .ok()
                            .flatten()
                    });
                    match user_card(&run, holdout.as_ref(), row, ja, note) {
                        Ok(c) => cards.push(c),
                        Err(e) => eprintln!("embedscope: no card for user {id}: {e}"),
                    }
                }
                let (name, bytes, pngs) = if html {
                    let sheet = crate::report::interview_sheet::sheet_html_with_goal(
                        &cards,
                        ja,
                        goal.as_ref(),
                    );
                    ("interview-shortlist.html", sheet.into_bytes(), Vec::new())
                } else {
                    let names: Vec<String> = cards
                        .iter()
                        .map(|c| format!("interview-{}.png", c.id))
                        .collect();
                    let md = crate::report::interview_sheet::sheet_markdown_with_goal(
                        &cards,
                        ja,
                        &names,
                        goal.as_ref(),
                    );
                    let pngs = names
                        .into_iter()
                        .zip(cards.iter().map(|c| c.map_png.clone()))
                        .collect();
                    ("interview-shortlist.md", md.into_bytes(), pngs)
                };
                write_with_dialog(name, &bytes, &pngs);
            });
        if let Err(e) = spawned {
            eprintln!("embedscope: no save dialog: {e}");
        }
    }

    /// When the card shows another user, read that user's saved note from the workspace into
    /// the editor (and the card), so notes written yesterday are there today.
    fn load_saved_note(&mut self, run: &RunOutput) {
        let Some(card) = &mut self.interviews.card else {
            return;
        };
        if self.interviews.note_loaded_for.as_deref() == Some(card.id.as_str()) {
            return;
        }
        self.interviews.note_loaded_for = Some(card.id.clone());
        let saved = self.workspace.as_ref().map(|loc| {
            loc.connect()
                .and_then(|ws| ws.note(&run.data.root, Kind::User, &card.id))
        });
        match saved {
            Some(Ok(Some(text))) => {
                self.interviews.note.clone_from(&text);
                card.note = Some(text);
            }
            Some(Err(e)) => self.state.banner = Some(Banner::Error(e.into())),
            _ => {}
        }
    }

    /// Collect the finished held-out split.
    pub(super) fn drain_holdout(&mut self) {
        let Some(job) = &mut self.holdout_job else {
            return;
        };
        for ev in job.poll() {
            if let Event::Finished(r) = ev {
                match r {
                    Ok(h) => self.interviews.holdout = Some(h),
                    Err(crate::pipeline::PipelineError::Cancelled) => {}
                    Err(e) => self.state.banner = Some(Banner::Error(e)),
                }
            }
        }
        if job.is_finished() {
            self.holdout_job = None;
        }
    }

    /// Build the sheet for `user` and let the user choose where to write it.
    fn export_sheet(&mut self, run: &crate::pipeline::RunOutput, user: &str, html: bool) {
        let ja = self.state.lang().is_ja();
        let Some(row) = run.data.users.find(user) else {
            return;
        };
        let note = (!self.interviews.note.is_empty()).then(|| self.interviews.note.clone());
        let card = match user_card(run, self.interviews.holdout.as_ref(), row, ja, note) {
            Ok(c) => c,
            Err(e) => {
                self.state.banner = Some(Banner::Error(e));
                return;
            }
        };
        let (name, bytes, png) = if html {
            (
                format!("interview-{user}.html"),
                crate::report::interview_sheet::sheet_html_with_goal(
                    std::slice::from_ref(&card),
                    ja,
                    self.state.goal.saved.as_ref(),
                )
                .into_bytes(),
                None,
            )
        } else {
            let png_name = format!("interview-{user}.png");
            let md = crate::report::interview_sheet::sheet_markdown_with_goal(
                std::slice::from_ref(&card),
                ja,
                std::slice::from_ref(&png_name),
                self.state.goal.saved.as_ref(),
            );
            (
                format!("interview-{user}.md"),
                md.into_bytes(),
                Some((png_name, card.map_png.clone())),
            )
        };
        let spawned = std::thread::Builder::new()
            .name("embedscope-save-sheet".into())
            .spawn(move || {
                let Some(path) = rfd::FileDialog::new().set_file_name(&name).save_file() else {
                    return;
                };
                if let Err(e) = std::fs::write(&path, &bytes) {
                    eprintln!("embedscope: could not write {}: {e}", path.display());
                }
                if let (Some((png_name, png)), Some(dir)) = (png, path.parent())
                    && let Err(e) = std::fs::write(dir.join(&png_name), png)
                {
                    eprintln!("embedscope: could not write {png_name}: {e}");
                }
            });
        if let Err(e) = spawned {
            eprintln!("embedscope: no save dialog: {e}");
        }
    }
}

/// Ask where to save `name` (native dialog; call off the UI thread), write `bytes` there and
/// each `(name, bytes)` of `beside` next to it.
fn write_with_dialog(name: &str, bytes: &[u8], beside: &[(String, Vec<u8>)]) {
    let Some(path) = rfd::FileDialog::new().set_file_name(name).save_file() else {
        return;
    };
    if let Err(e) = std::fs::write(&path, bytes) {
        eprintln!("embedscope: could not write {}: {e}", path.display());
    }
    let Some(dir) = path.parent() else { return };
    for (png_name, png) in beside {
        if let Err(e) = std::fs::write(dir.join(png_name), png) {
            eprintln!("embedscope: could not write {png_name}: {e}");
        }
    }
}
