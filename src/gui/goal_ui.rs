//! The goal & KPI card (top of the evaluation panel): the project's goal in one sentence, the
//! offline metric standing for it with a target, and where each evaluated method stands against
//! the target ([`crate::eval::goal`]). Edits are a draft until "Save goal" keeps them in the
//! workspace with the dataset.

use egui::RichText;

use super::i18n::{Key, Lang, fill, tr};
use super::state::{AppState, Command};
use crate::eval::goal::{GOAL_METRICS, Goal, GoalError, standings};

/// The card's state: the goal being edited and the one kept in the workspace.
#[derive(Debug, Clone, Default)]
pub struct GoalView {
    /// The goal as edited.
    pub draft: Goal,
    /// The goal kept in the workspace for the dataset on screen.
    pub saved: Option<Goal>,
    /// Whether a workspace keeps goals (not with `--no-workspace`).
    pub available: bool,
}

/// A goal error in the UI language.
#[must_use]
pub fn goal_error_message(lang: Lang, e: &GoalError) -> String {
    match e {
        GoalError::NoSentence => tr(lang, Key::GoalErrSentence).to_owned(),
        GoalError::UnknownMetric(m) => fill(tr(lang, Key::GoalErrMetric), &[("metric", m.clone())]),
        GoalError::ZeroK => tr(lang, Key::GoalErrK).to_owned(),
        GoalError::BadTarget(t) => fill(tr(lang, Key::GoalErrTarget), &[("value", t.to_string())]),
    }
}

/// Draw the card.
pub fn goal_ui(ui: &mut egui::Ui, state: &AppState, cmds: &mut Vec<Command>) {
    let lang = state.lang();
    let view = &state.goal;
    let mut draft = view.draft.clone();
    ui.label(RichText::new(tr(lang, Key::GoalTitle)).strong());
    // The sentence on its own line, as wide as the panel allows: a fixed width beside its
    // label widened the Learn tab's card panel in presenter mode (and it stayed wide).
    let label = ui.label(tr(lang, Key::GoalSentence));
    ui.add(
        egui::TextEdit::singleline(&mut draft.sentence)
            .hint_text(tr(lang, Key::GoalSentenceHint))
            .desired_width(ui.available_width().min(480.0)),
    )
    .labelled_by(label.id);
    egui::Grid::new("goal_inputs")
        .num_columns(2)
        .spacing([10.0, 4.0])
        .show(ui, |ui| {
            ui.label(tr(lang, Key::GoalMetric));
            ui.horizontal(|ui| {
                egui::ComboBox::from_id_salt("goal_metric")
                    .selected_text(metric_label(lang, &draft.metric))
                    .show_ui(ui, |ui| {
                        for m in GOAL_METRICS {
                            ui.selectable_value(
                                &mut draft.metric,
                                m.to_owned(),
                                metric_label(lang, m),
                            );
                        }
                    });
                ui.label(format!("@{}", draft.k));
                ui.label("≥");
                let target = ui.add(
                    egui::DragValue::new(&mut draft.target)
                        .range(0.0..=1000.0)
                        .speed(0.005)
                        .max_decimals(4),
                );
                target.widget_info(|| {
                    let mut info = egui::WidgetInfo::drag_value(true, draft.target);
                    info.label = Some(tr(lang, Key::GoalTarget).to_owned());
                    info
                });
            });
            ui.end_row();
        });
    if draft != view.draft {
        cmds.push(Command::SetGoalDraft(draft.clone()));
    }
    ui.horizontal(|ui| {
        let valid = draft.validate();
        let unsaved = view.saved.as_ref() != Some(&draft);
        let button = egui::Button::new(tr(lang, Key::GoalSave));
        if ui
            .add_enabled(view.available && valid.is_ok() && unsaved, button)
            .clicked()
        {
            cmds.push(Command::SaveGoal);
        }
        let status = match (&valid, view.available, unsaved) {
            (Err(GoalError::NoSentence), ..) if view.saved.is_none() => {
                tr(lang, Key::GoalNone).to_owned()
            }
            (Err(e), ..) => goal_error_message(lang, e),
            (Ok(()), false, _) => tr(lang, Key::GoalNoWorkspace).to_owned(),
            (Ok(()), true, true) => tr(lang, Key::GoalUnsaved).to_owned(),
            (Ok(()), true, false) => tr(lang, Key::GoalSaved).to_owned(),
        };
        ui.label(RichText::new(status).small().weak());
    });
    standings_ui(ui, state, &draft, lang);
}

/// Each evaluated method against the target (after an evaluation at the goal's k).
fn standings_ui(ui: &mut egui::Ui, state: &AppState, goal: &Goal, lang: Lang) {
    let Some(run) = &state.run else { return };
    let Some((root, report)) = &state.eval.report else {
        return;
    };
    if *root != run.data.root || goal.validate().is_err() {
        return;
    }
    let rows = standings(goal, report);
    if rows.is_empty() {
        return;
    }
    egui::Grid::new("goal_standings")
        .striped(true)
        .spacing([14.0, 2.0])
        .show(ui, |ui| {
            for s in rows {
                ui.label(super::evaluation_ui::method_label(lang, &s.method));
                ui.label(
                    RichText::new(
                        s.value
                            .map_or_else(|| "—".to_owned(), |v| format!("{v:.4}")),
                    )
                    .monospace(),
                );
                let text = fill(
                    tr(
                        lang,
                        if s.meets {
                            Key::GoalMeets
                        } else {
                            Key::GoalMisses
                        },
                    ),
                    &[(
                        "share",
                        s.share_of_target
                            .map_or_else(|| "—".to_owned(), |r| format!("{:.0} %", r * 100.0)),
                    )],
                );
                if s.meets {
                    ui.colored_label(egui::Color32::from_rgb(90, 190, 120), text);
                } else {
                    ui.label(text);
                }
                ui.end_row();
            }
        });
}

/// A goal metric's name in words (the key itself when unknown).
#[must_use]
pub fn metric_label(lang: Lang, metric: &str) -> String {
    let key = match metric {
        "recall" => Key::GoalMetricRecall,
        "ndcg" => Key::GoalMetricNdcg,
        "precision" => Key::GoalMetricPrecision,
        "map" => Key::GoalMetricMap,
        "hit_rate" => Key::GoalMetricHitRate,
        "coverage" => Key::GoalMetricCoverage,
        "novelty" => Key::GoalMetricNovelty,
        other => return other.to_owned(),
    };
    tr(lang, key).to_owned()
}
