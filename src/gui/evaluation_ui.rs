//! The evaluation panel: run ALS, popularity and random on a per-user holdout of the current
//! dataset (in the worker) and compare them in one table — the best value per metric in bold,
//! and each method's recall as a multiple of the popularity baseline. Vectors trained elsewhere
//! (a Spark ALS model) get their own row on the same split, with the users and items they lack.

use egui::RichText;
use serde_json::Value;

use super::i18n::{Key, error_message, fill, tr};
use super::state::{AppState, Command};

use crate::pipeline::evaluate::REPORTED_METRICS as METRICS;
const K: usize = 10;

/// Draw the panel.
pub fn evaluation_ui(ui: &mut egui::Ui, state: &AppState, cmds: &mut Vec<Command>) {
    let lang = state.lang();
    let Some(run) = &state.run else { return };
    egui::CollapsingHeader::new(RichText::new(tr(lang, Key::EvalTitle)).strong())
        .id_salt("evaluation")
        .default_open(false)
        .show(ui, |ui| {
            ui.label(RichText::new(tr(lang, Key::EvalHint)).small().weak());
            super::goal_ui::goal_ui(ui, state, cmds);
            ui.separator();
            let model = super::app::is_model_without_interactions(&run.data);
            if model {
                ui.label(tr(lang, Key::EvalModelNeedsInteractions));
                other_path_ui(
                    ui,
                    state,
                    cmds,
                    Key::EvalInteractionsPath,
                    Key::EvalInteractionsHint,
                    Key::EvalInteractionsHover,
                );
            } else if run.data.interactions.is_empty() {
                ui.label(tr(lang, Key::EvalNeedsInteractions));
                return;
            } else {
                other_path_ui(
                    ui,
                    state,
                    cmds,
                    Key::EvalOtherVectors,
                    Key::EvalOtherVectorsHint,
                    Key::EvalOtherVectorsHover,
                );
            }
            ui.horizontal_wrapped(|ui| {
                super::als_settings_ui::als_regularization_ui(ui, state, cmds);
            });
            let ready = !model || !state.eval.other_path.trim().is_empty();
            ui.horizontal(|ui| {
                if state.eval.job.is_some() {
                    ui.spinner();
                    ui.label(tr(lang, Key::EvalRunning));
                    if ui.button(tr(lang, Key::Cancel)).clicked() {
                        cmds.push(Command::CancelEval);
                    }
                } else if ui
                    .add_enabled(ready, egui::Button::new(tr(lang, Key::EvalRun)))
                    .clicked()
                {
                    cmds.push(Command::RunEval);
                }
                // The next step after offline metrics: the online test (the Learn tab's last step).
                if ui
                    .button(tr(lang, Key::AbOpen))
                    .on_hover_text(tr(lang, Key::AbOpenHover))
                    .clicked()
                {
                    cmds.push(Command::OpenAbTest);
                }
            });
            if let Some(e) = &state.eval.error {
                ui.colored_label(egui::Color32::LIGHT_RED, error_message(lang, e));
            }
            if let Some((root, report)) = &state.eval.report
                && *root == run.data.root
            {
                egui::ScrollArea::horizontal().show(ui, |ui| table_ui(ui, state, report));
            }
        });
}

/// The path of the evaluation's other side, labelled `label`: typed, or chosen in the system
/// dialog (a folder with "Browse…", one file with "File…"; the choice fills the field).
fn other_path_ui(
    ui: &mut egui::Ui,
    state: &AppState,
    cmds: &mut Vec<Command>,
    label: Key,
    hint: Key,
    hover: Key,
) {
    let lang = state.lang();
    ui.horizontal(|ui| {
        ui.label(tr(lang, label)).on_hover_text(tr(lang, hover));
        let mut path = state.eval.other_path.clone();
        if ui
            .add(
                egui::TextEdit::singleline(&mut path)
                    .hint_text(tr(lang, hint))
                    .desired_width(260.0),
            )
            .changed()
        {
            cmds.push(Command::SetEvalOtherPath(path));
        }
        let open = state.eval.dialog.is_none();
        for (file, key, hover) in [
            (false, Key::EvalBrowse, Key::EvalBrowseHover),
            (true, Key::EvalBrowseFile, Key::EvalBrowseFileHover),
        ] {
            if ui
                .add_enabled(open, egui::Button::new(tr(lang, key)))
                .on_hover_text(tr(lang, hover))
                .clicked()
            {
                cmds.push(Command::PickEvalOtherPath { file });
            }
        }
    });
}

/// The name of a report row: vectors trained by Spark say so.
fn row_label(lang: super::i18n::Lang, name: &str, row: &Value) -> String {
    if name == "imported" {
        return match row["trained_by"]["engine"].as_str() {
            Some("spark_als") => tr(lang, Key::MethodImportedSpark).to_owned(),
            _ => tr(lang, Key::MethodImported).to_owned(),
        };
    }
    method_label(lang, name)
}

/// A method's name in the UI language (its report key when unknown).
#[must_use]
pub fn method_label(lang: super::i18n::Lang, name: &str) -> String {
    match name {
        "imported" => tr(lang, Key::MethodImported).to_owned(),
        "als" => tr(lang, Key::MethodAls).to_owned(),
        "popularity" => tr(lang, Key::MethodPopularity).to_owned(),
        "random" => tr(lang, Key::MethodRandom).to_owned(),
        "content" => tr(lang, Key::MethodContentEval).to_owned(),
        "hybrid" => tr(lang, Key::MethodHybrid).to_owned(),
        "item2vec" => tr(lang, Key::MethodItem2Vec).to_owned(),
        "text_model" => tr(lang, Key::MethodTextModel).to_owned(),
        "hybrid_text_model" => tr(lang, Key::MethodHybridTextModel).to_owned(),
        other => other.to_owned(),
    }
}

fn table_ui(ui: &mut egui::Ui, state: &AppState, report: &Value) {
    let lang = state.lang();
    let summary = fill(
        tr(lang, Key::EvalSummary),
        &[
            ("users", report["eval_users"].to_string()),
            ("items", report["items"].to_string()),
            ("k", K.to_string()),
        ],
    );
    ui.label(RichText::new(summary).small());
    let Some(methods) = report["methods"].as_object() else {
        return;
    };
    let value = |m: &Value, metric: &str| m[format!("{metric}@{K}")].as_f64();
    let best: Vec<f64> = METRICS
        .iter()
        .map(|metric| {
            methods
                .values()
                .filter_map(|m| value(m, metric))
                .fold(f64::NEG_INFINITY, f64::max)
        })
        .collect();
    let pop_recall = methods.get("popularity").and_then(|m| value(m, "recall"));
    egui::Grid::new("eval_table")
        .striped(true)
        .spacing([14.0, 4.0])
        .show(ui, |ui| {
            ui.label(RichText::new(tr(lang, Key::EvalMethodCol)).weak());
            for metric in METRICS {
                ui.label(RichText::new(format!("{metric}@{K}")).weak());
            }
            ui.label(RichText::new(tr(lang, Key::EvalVsPop)).weak());
            ui.label(RichText::new(tr(lang, Key::EvalFit)).weak());
            ui.end_row();
            for (name, m) in methods {
                // A method the data cannot support shows dashes and says why on hover.
                match m["error"].as_str() {
                    Some(e) => {
                        ui.label(format!("{} ⚠", row_label(lang, name, m)))
                            .on_hover_text(e);
                    }
                    None => {
                        ui.label(row_label(lang, name, m));
                    }
                }
                for (metric, b) in METRICS.iter().zip(&best) {
                    let v = value(m, metric);
                    let text =
                        RichText::new(v.map_or_else(|| "—".to_owned(), |v| format!("{v:.4}")))
                            .monospace();
                    ui.label(if v == Some(*b) { text.strong() } else { text });
                }
                let ratio = match (value(m, "recall"), pop_recall) {
                    (Some(r), Some(p)) if p > 0.0 => format!("×{:.2}", r / p),
                    _ => "—".to_owned(),
                };
                ui.label(RichText::new(ratio).monospace());
                ui.label(
                    RichText::new(format!("{:.3}", m["fit_s"].as_f64().unwrap_or(0.0))).monospace(),
                );
                ui.end_row();
            }
        });
    missing_ui(ui, lang, report, methods);
}

/// Users and items of the evaluation the imported vectors lack, when there are any.
fn missing_ui(
    ui: &mut egui::Ui,
    lang: super::i18n::Lang,
    report: &Value,
    methods: &serde_json::Map<String, Value>,
) {
    let Some(m) = methods.get("imported") else {
        return;
    };
    let (users, items) = (
        m["missing_users"].as_u64().unwrap_or(0),
        m["missing_items"].as_u64().unwrap_or(0),
    );
    if users == 0 && items == 0 {
        return;
    }
    let text = fill(
        tr(lang, Key::EvalMissing),
        &[
            ("method", row_label(lang, "imported", m)),
            ("users", users.to_string()),
            ("eval_users", report["eval_users"].to_string()),
            ("items", items.to_string()),
            ("all", report["items"].to_string()),
        ],
    );
    ui.label(RichText::new(text).small());
}
