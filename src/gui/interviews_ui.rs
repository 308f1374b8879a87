//! The "Interviews" panel: candidate finder (kind, silent days, metadata filter), candidate
//! list, the chosen user's card with suggested questions, a note editor and export buttons.
//! Not wired into the app yet: the app owns the workspace, the file dialog and the worker, and
//! acts on the returned [`InterviewAction`].

use crate::gui::i18n::{Key, Lang, tr};
use crate::pipeline::RunOutput;
use crate::pipeline::interview::card::{UserCard, user_card};
use crate::pipeline::interview::questions::suggested_questions;
use crate::pipeline::interview::{Candidate, CandidateKind, Holdout, candidates};

/// What the panel asks the app to do.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum InterviewAction {
    /// Nothing.
    #[default]
    None,
    /// Compute the per-user holdout (in the worker: O(users · items · dim)).
    ComputeHoldout {
        /// The cut-off.
        k: usize,
    },
    /// Save the note on a user (empty deletes it).
    SaveNote {
        /// User id.
        user: String,
        /// The text.
        text: String,
    },
    /// Export the card as a self-contained HTML sheet (the app asks for the path).
    ExportHtml {
        /// User id.
        user: String,
    },
    /// Export the card as Markdown with the PNG beside it.
    ExportMarkdown {
        /// User id.
        user: String,
    },
}

/// The panel's state (owned by the app).
#[derive(Debug, Default)]
pub struct InterviewsView {
    /// Chosen kind: 0 heavy, 1 churned, 2 worst, 3 best.
    pub kind: usize,
    /// Churn threshold in days.
    pub silent_days: u32,
    /// `column=value` filter text.
    pub filter: String,
    /// The holdout, once the worker computed it.
    pub holdout: Option<Holdout>,
    /// The current list and the inputs it was computed for.
    list: Option<(usize, u32, String, Found)>,
    /// The chosen user's card.
    pub card: Option<UserCard>,
    /// The note being edited.
    pub note: String,
}

/// A candidate list, or the error message of the filter.
type Found = Result<Vec<Candidate>, String>;

/// Per-user recall cut-off used by the panel.
pub const PANEL_K: usize = 10;

fn kind_of(i: usize, silent_days: u32) -> CandidateKind {
    match i {
        0 => CandidateKind::Heavy,
        1 => CandidateKind::Churned { silent_days },
        2 => CandidateKind::Worst { k: PANEL_K },
        _ => CandidateKind::Best { k: PANEL_K },
    }
}

/// Draw the panel; returns what the app should do.
pub fn interviews_ui(
    ui: &mut egui::Ui,
    state: &mut InterviewsView,
    run: &RunOutput,
    lang: Lang,
) -> InterviewAction {
    let mut action = InterviewAction::None;
    if state.silent_days == 0 {
        state.silent_days = 30;
    }
    ui.heading(tr(lang, Key::IvFinder));
    ui.horizontal(|ui| {
        for (i, key) in [Key::IvHeavy, Key::IvChurned, Key::IvWorst, Key::IvBest]
            .into_iter()
            .enumerate()
        {
            ui.selectable_value(&mut state.kind, i, tr(lang, key));
        }
    });
    ui.add(egui::Slider::new(&mut state.silent_days, 1..=365).text(tr(lang, Key::IvSilentDays)));
    ui.horizontal(|ui| {
        let label = ui.label(tr(lang, Key::IvWhere));
        ui.text_edit_singleline(&mut state.filter)
            .labelled_by(label.id);
    });
    if state.kind >= 2 && state.holdout.is_none() {
        ui.label(tr(lang, Key::IvNeedsHoldout));
        return InterviewAction::ComputeHoldout { k: PANEL_K };
    }
    let stale = state.list.as_ref().is_none_or(|(k, d, f, _)| {
        *k != state.kind || *d != state.silent_days || *f != state.filter
    });
    if stale {
        let filter = state
            .filter
            .split_once('=')
            .map(|(c, v)| (c.trim(), v.trim()));
        let found = candidates(
            run,
            state.holdout.as_ref(),
            kind_of(state.kind, state.silent_days),
            filter,
            20,
        )
        .map_err(|e| e.to_string());
        state.list = Some((state.kind, state.silent_days, state.filter.clone(), found));
    }
    let mut chosen = None;
    if let Some((_, _, _, found)) = &state.list {
        match found {
            Err(e) => {
                ui.colored_label(egui::Color32::RED, e);
            }
            Ok(list) if list.is_empty() => {
                ui.label(tr(lang, Key::IvNoCandidates));
            }
            Ok(list) => {
                for c in list {
                    let days = c
                        .days_silent
                        .map_or_else(String::new, |d| format!("{d:.0}d"));
                    let text = format!("{} ({}) · {} · {days}", c.name, c.id, c.interactions);
                    let selected = state.card.as_ref().is_some_and(|x| x.id == c.id);
                    if ui.selectable_label(selected, text).clicked() {
                        chosen = Some(c.user);
                    }
                }
            }
        }
    }
    if let Some(u) = chosen
        && let Ok(card) = user_card(run, state.holdout.as_ref(), u, lang.is_ja(), None)
    {
        state.note = card.note.clone().unwrap_or_default();
        state.card = Some(card);
    }
    if let Some(card) = &state.card {
        ui.separator();
        card_ui(ui, card, lang);
        let label = ui.label(tr(lang, Key::IvNotes));
        ui.text_edit_multiline(&mut state.note)
            .labelled_by(label.id);
        ui.horizontal(|ui| {
            let user = card.id.clone();
            if ui.button(tr(lang, Key::IvSaveNote)).clicked() {
                action = InterviewAction::SaveNote {
                    user: user.clone(),
                    text: state.note.clone(),
                };
            }
            if ui.button(tr(lang, Key::IvExportHtml)).clicked() {
                action = InterviewAction::ExportHtml { user: user.clone() };
            }
            if ui.button(tr(lang, Key::IvExportMd)).clicked() {
                action = InterviewAction::ExportMarkdown { user };
            }
        });
    }
    action
}

/// The card: name, questions, recommendations, history (latest 20).
fn card_ui(ui: &mut egui::Ui, card: &UserCard, lang: Lang) {
    ui.heading(format!("{} ({})", card.name, card.id));
    for (k, v) in &card.profile {
        ui.label(format!("{k}: {v}"));
    }
    ui.strong(tr(lang, Key::IvQuestions));
    for q in suggested_questions(card, lang.is_ja()) {
        ui.label(format!("• {q}"));
    }
    ui.strong(tr(lang, Key::IvRecommended));
    for r in &card.recommendations {
        ui.label(format!(
            "{} · {} ← {}",
            r.item.title,
            r.item.category,
            r.because.join(", ")
        ));
    }
    ui.strong(tr(lang, Key::IvHistory));
    for h in card.history.iter().rev().take(20) {
        ui.label(format!("{} · {}", h.item.title, h.item.category));
    }
}
