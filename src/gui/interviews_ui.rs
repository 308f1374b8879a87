//! The "Interviews" panel: candidate finder (kind, silent days, metadata filter), candidate
//! list, the chosen user's card ([`super::interview_card_ui`]: questions, held-out hits and
//! misses, position on the map), a note editor, export buttons, and a shortlist of users
//! exported together as one sheet. The app owns the workspace, the file dialog and the worker,
//! and acts on the returned [`InterviewAction`]; the held-out split is asked for once per run
//! (it is needed by the worst/best finder and by every card's hits and misses).

use egui::RichText;

use crate::gui::i18n::{Key, Lang, fill, tr};
use crate::pipeline::RunOutput;
use crate::pipeline::interview::card::{UserCard, user_card};
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
    /// Export the shortlist as one sheet (cards built off the UI thread).
    ExportShortlist {
        /// User ids, in shortlist order.
        users: Vec<String>,
        /// HTML (else Markdown with the PNGs beside it).
        html: bool,
    },
}

/// The panel's state (owned by the app).
#[derive(Debug, Default)]
pub struct InterviewsView {
    /// Chosen kind: 0 heavy, 1 churned, 2 worst, 3 best.
    pub kind: usize,
    /// Churn threshold in days.
    pub silent_days: u32,
    /// `column=value` filter text (raw column name and value; empty = every user), set by the
    /// column and value choices.
    pub filter: String,
    /// The holdout, once the worker computed it.
    pub holdout: Option<Holdout>,
    /// The current list and the inputs it was computed for.
    list: Option<(usize, u32, String, Found)>,
    /// The chosen user's card.
    pub card: Option<UserCard>,
    /// The note being edited.
    pub note: String,
    /// The user whose saved note was last read from the workspace into `note`.
    pub note_loaded_for: Option<String>,
    /// Users shortlisted for a joint sheet: (id, name), in the order added.
    pub shortlist: Vec<(String, String)>,
    /// The held-out split was asked for (once per run; the app computes it in the worker).
    holdout_asked: bool,
    /// The run the view's lists and card belong to (its address; compared, never read).
    run_key: usize,
    /// The dataset folder the shortlist belongs to.
    shortlist_root: std::path::PathBuf,
}

impl InterviewsView {
    /// Forget what belongs to another run (lists, card, holdout); the shortlist is kept while
    /// the dataset folder is the same. Returns whether `run` is another run than last time.
    pub fn sync(&mut self, run: &std::sync::Arc<RunOutput>) -> bool {
        let key = std::sync::Arc::as_ptr(run) as usize;
        if self.run_key == key {
            return false;
        }
        self.run_key = key;
        self.holdout = None;
        self.holdout_asked = false;
        self.list = None;
        self.card = None;
        if self.shortlist_root != run.data.root {
            self.shortlist.clear();
            self.shortlist_root.clone_from(&run.data.root);
        }
        true
    }

    /// Ask for the held-out split unless it is here or was asked for already.
    fn ask_holdout(&mut self, action: &mut InterviewAction) {
        if self.holdout.is_none() && !self.holdout_asked {
            self.holdout_asked = true;
            *action = InterviewAction::ComputeHoldout { k: PANEL_K };
        }
    }
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

/// Width of the finder column (the card fills the rest).
const FINDER_WIDTH: f32 = 420.0;

/// Draw the panel: the finder and shortlist on the left, the chosen user's card beside them;
/// returns what the app should do.
pub fn interviews_ui(
    ui: &mut egui::Ui,
    state: &mut InterviewsView,
    run: &RunOutput,
    lang: Lang,
) -> InterviewAction {
    let mut action = InterviewAction::None;
    // Each column scrolls on its own: scrolling a long card keeps the list in view.
    ui.horizontal_top(|ui| {
        ui.vertical(|ui| {
            ui.set_width(FINDER_WIDTH);
            egui::ScrollArea::vertical()
                .id_salt("interview-finder")
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    finder_ui(ui, state, run, lang, &mut action);
                    shortlist_ui(ui, state, lang, &mut action);
                });
        });
        ui.separator();
        ui.vertical(|ui| {
            egui::ScrollArea::vertical()
                .id_salt("interview-card")
                .auto_shrink([false, false])
                .show(ui, |ui| card_section_ui(ui, state, run, lang, &mut action));
        });
    });
    action
}

/// The candidate finder; choosing a user (re)builds the card.
fn finder_ui(
    ui: &mut egui::Ui,
    state: &mut InterviewsView,
    run: &RunOutput,
    lang: Lang,
    action: &mut InterviewAction,
) {
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
    filter_ui(ui, state, run, lang);
    if state.kind >= 2 && state.holdout.is_none() {
        ui.label(tr(lang, Key::IvNeedsHoldout));
        state.ask_holdout(action);
        return;
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
                let card = state.card.as_ref().map(|x| x.id.as_str());
                chosen = candidate_table_ui(ui, list, run, card, lang);
            }
        }
    }
    // A card made before the held-out split arrived is made again with its hits and misses,
    // and one made in the other language is made again in this one.
    let stale_card = state
        .card
        .as_ref()
        .filter(|c| (c.k == 0 && state.holdout.is_some()) || c.ja != lang.is_ja())
        .and_then(|c| run.data.users.find(&c.id));
    if let Some(u) = chosen.or(stale_card)
        && let Ok(card) = user_card(run, state.holdout.as_ref(), u, lang.is_ja(), None)
    {
        if chosen.is_some() {
            state.note = card.note.clone().unwrap_or_default();
            // The app reads the user's saved note again.
            state.note_loaded_for = None;
        }
        state.card = Some(card);
    }
    if state.card.is_some() {
        state.ask_holdout(action);
    }
}

/// The metadata filter as two choices: a column of the users' metadata ("every user" first),
/// then one of its values (most frequent first, ties by value); labels from the dataset's
/// vocabulary. Sets `state.filter` to `column=value` (raw) or empty.
fn filter_ui(ui: &mut egui::Ui, state: &mut InterviewsView, run: &RunOutput, lang: Lang) {
    let words = &run.data.vocabulary;
    let ja = lang.is_ja();
    let meta = &run.data.users.metadata;
    let (mut column, mut value) = state
        .filter
        .split_once('=')
        .map_or((String::new(), String::new()), |(c, v)| {
            (c.to_owned(), v.to_owned())
        });
    ui.horizontal(|ui| {
        let where_label = ui.label(tr(lang, Key::IvWhere));
        let shown = if column.is_empty() {
            tr(lang, Key::IvEveryone).to_owned()
        } else {
            words.column(&column, ja).to_owned()
        };
        egui::ComboBox::from_id_salt("interview-filter-column")
            .selected_text(shown)
            .show_ui(ui, |ui| {
                if ui
                    .selectable_label(column.is_empty(), tr(lang, Key::IvEveryone))
                    .clicked()
                {
                    column.clear();
                    value.clear();
                }
                for m in meta {
                    let label = words.column(&m.name, ja);
                    if ui.selectable_label(column == m.name, label).clicked() && column != m.name {
                        column.clone_from(&m.name);
                        value.clear();
                    }
                }
            })
            .response
            .labelled_by(where_label.id);
        if let Some(m) = meta.iter().find(|m| m.name == column) {
            let mut counts: std::collections::HashMap<&str, usize> =
                std::collections::HashMap::new();
            for v in m.values.iter().filter(|v| !v.is_empty()) {
                *counts.entry(v.as_str()).or_default() += 1;
            }
            let mut values: Vec<(&str, usize)> = counts.into_iter().collect();
            values.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
            if value.is_empty()
                && let Some((v, _)) = values.first()
            {
                (*v).clone_into(&mut value);
            }
            let equals = ui.label("=");
            egui::ComboBox::from_id_salt("interview-filter-value")
                .selected_text(words.value(&column, &value, ja).to_owned())
                .show_ui(ui, |ui| {
                    for (v, n) in values.iter().take(MAX_FILTER_VALUES) {
                        let label = format!("{} ({n})", words.value(&column, v, ja));
                        if ui.selectable_label(value == *v, label).clicked() {
                            (*v).clone_into(&mut value);
                        }
                    }
                })
                .response
                .labelled_by(equals.id);
        }
    });
    state.filter = if column.is_empty() {
        String::new()
    } else {
        format!("{column}={value}")
    };
}

/// Values offered by the filter's value choice (the most frequent).
const MAX_FILTER_VALUES: usize = 50;

/// The candidates as a table with headers (who, interactions, days silent, and recall for the
/// worst/best finders); returns the user row clicked.
fn candidate_table_ui(
    ui: &mut egui::Ui,
    list: &[Candidate],
    run: &RunOutput,
    chosen: Option<&str>,
    lang: Lang,
) -> Option<u32> {
    let mut clicked = None;
    let with_recall = list.iter().any(|c| c.recall.is_some());
    egui::Grid::new("interview-candidates")
        .striped(true)
        .num_columns(if with_recall { 4 } else { 3 })
        .show(ui, |ui| {
            ui.strong(tr(lang, Key::IvColUser));
            ui.strong(tr(lang, Key::IvColInteractions))
                .on_hover_text(tr(lang, Key::IvColInteractionsHover));
            ui.strong(tr(lang, Key::IvColSilent))
                .on_hover_text(tr(lang, Key::IvColSilentHover));
            if with_recall {
                ui.strong(tr(lang, Key::IvColRecall))
                    .on_hover_text(tr(lang, Key::IvColRecallHover));
            }
            ui.end_row();
            for c in list {
                let selected = chosen == Some(c.id.as_str());
                if ui
                    // The name in the UI's language (the finder names users in English).
                    .selectable_label(
                        selected,
                        format!(
                            "{} ({})",
                            run.data.users.name(c.user as usize, lang.is_ja()),
                            c.id
                        ),
                    )
                    .clicked()
                {
                    clicked = Some(c.user);
                }
                ui.label(c.interactions.to_string());
                ui.label(c.days_silent.map_or_else(String::new, |d| {
                    fill(tr(lang, Key::IvDays), &[("n", format!("{d:.0}"))])
                }));
                if with_recall {
                    ui.label(c.recall.map_or_else(String::new, |r| format!("{r:.2}")));
                }
                ui.end_row();
            }
        });
    clicked
}

/// The shortlisted users (each removable) and the buttons exporting them as one sheet.
fn shortlist_ui(
    ui: &mut egui::Ui,
    state: &mut InterviewsView,
    lang: Lang,
    action: &mut InterviewAction,
) {
    ui.separator();
    ui.strong(fill(
        tr(lang, Key::IvShortlist),
        &[("n", state.shortlist.len().to_string())],
    ));
    if state.shortlist.is_empty() {
        ui.label(egui::RichText::new(tr(lang, Key::IvShortlistEmpty)).weak());
        return;
    }
    let mut remove = None;
    for (i, (id, name)) in state.shortlist.iter().enumerate() {
        ui.horizontal(|ui| {
            ui.label(format!("{name} ({id})"));
            if ui.small_button(tr(lang, Key::IvShortlistDrop)).clicked() {
                remove = Some(i);
            }
        });
    }
    if let Some(i) = remove {
        state.shortlist.remove(i);
    }
    ui.horizontal(|ui| {
        let users = || state.shortlist.iter().map(|(id, _)| id.clone()).collect();
        if ui.button(tr(lang, Key::IvShortlistHtml)).clicked() {
            *action = InterviewAction::ExportShortlist {
                users: users(),
                html: true,
            };
        }
        if ui.button(tr(lang, Key::IvShortlistMd)).clicked() {
            *action = InterviewAction::ExportShortlist {
                users: users(),
                html: false,
            };
        }
    });
}

/// The chosen user's card with the shortlist toggle, the note editor and the export buttons.
fn card_section_ui(
    ui: &mut egui::Ui,
    state: &mut InterviewsView,
    run: &RunOutput,
    lang: Lang,
    action: &mut InterviewAction,
) {
    if state.card.is_none() {
        ui.add_space(24.0);
        ui.label(RichText::new(tr(lang, Key::IvPickHint)).weak());
    }
    if let Some(card) = &state.card {
        let listed = state.shortlist.iter().any(|(id, _)| *id == card.id);
        let (key, entry) = if listed {
            (Key::IvShortlistRemove, None)
        } else {
            (
                Key::IvShortlistAdd,
                Some((card.id.clone(), card.name.clone())),
            )
        };
        if ui.button(tr(lang, key)).clicked() {
            match entry {
                Some(e) => state.shortlist.push(e),
                None => state.shortlist.retain(|(id, _)| *id != card.id),
            }
        }
        let pending = state.holdout.is_none() && state.holdout_asked;
        super::interview_card_ui::card_ui(ui, card, run, lang, pending);
        let label = ui.label(tr(lang, Key::IvNotes));
        ui.text_edit_multiline(&mut state.note)
            .labelled_by(label.id);
        ui.horizontal(|ui| {
            let user = card.id.clone();
            if ui.button(tr(lang, Key::IvSaveNote)).clicked() {
                *action = InterviewAction::SaveNote {
                    user: user.clone(),
                    text: state.note.clone(),
                };
            }
            if ui.button(tr(lang, Key::IvExportHtml)).clicked() {
                *action = InterviewAction::ExportHtml { user: user.clone() };
            }
            if ui.button(tr(lang, Key::IvExportMd)).clicked() {
                *action = InterviewAction::ExportMarkdown { user };
            }
        });
    }
}
