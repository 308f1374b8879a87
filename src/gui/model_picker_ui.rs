//! The text model picker, docked under the map: the chosen model, a typed folder path with
//! "Use" and "Browse…", the models found in the Hugging Face / sentence-transformers caches
//! (or, when there are none, how to put one there: the app never downloads), the item text
//! columns with a preview of what an item becomes, the prefix, and "Embed the items".

use egui::RichText;

use super::i18n::{Key, Lang, error_message, fill, tr};
use super::state::{AppState, Command};
use crate::data::models::{Family, ModelInfo};

/// Draw the picker (nothing when closed).
pub fn model_picker_ui(ui: &mut egui::Ui, state: &AppState, cmds: &mut Vec<Command>) {
    let picker = &state.model_picker;
    if !picker.open {
        return;
    }
    let lang = state.lang();
    let t = |k| tr(lang, k);
    ui.horizontal(|ui| {
        ui.heading(t(Key::ModelPickerTitle));
        if ui
            .button("✕")
            .on_hover_text(t(Key::ModelPickerTitle))
            .clicked()
        {
            cmds.push(Command::ShowModelPicker(false));
        }
    });
    ui.label(t(Key::ModelPickerIntro));
    ui.add_space(4.0);
    chosen_ui(ui, state);
    folder_row_ui(ui, state, cmds);
    if let Some(e) = &picker.error {
        ui.colored_label(ui.visuals().error_fg_color, error_message(lang, e));
    }
    ui.add_space(4.0);
    found_ui(ui, state, cmds);
    if state.settings.text_model.is_some() {
        ui.separator();
        text_ui(ui, state, cmds);
    }
}

/// The model in use, or "none yet".
fn chosen_ui(ui: &mut egui::Ui, state: &AppState) {
    let lang = state.lang();
    match (&state.model_picker.chosen, &state.settings.text_model) {
        (Some(m), Some(p)) if &m.path == p => {
            ui.label(RichText::new(describe(lang, m)).strong());
        }
        (_, Some(p)) => {
            ui.label(RichText::new(p.display().to_string()).strong());
        }
        (_, None) => {
            ui.label(tr(lang, Key::ModelNone));
        }
    }
}

/// "all-MiniLM-L6-v2 · BERT · 384 dimensions · 90.9 MB".
fn describe(lang: Lang, m: &ModelInfo) -> String {
    fill(
        tr(lang, Key::ModelDescribe),
        &[
            ("name", m.name.clone()),
            ("family", family_name(lang, m.family).to_owned()),
            ("dim", m.dim.to_string()),
            ("size", format!("{:.1}", m.size_bytes as f64 / 1e6)),
        ],
    )
}

/// The family as people call it.
fn family_name(lang: Lang, f: Family) -> &'static str {
    match f {
        Family::Bert => "BERT",
        Family::XlmRoberta => "XLM-RoBERTa",
        Family::Static => tr(lang, Key::FamilyStatic),
    }
}

/// Typed folder path, "Use", "Browse…".
fn folder_row_ui(ui: &mut egui::Ui, state: &AppState, cmds: &mut Vec<Command>) {
    let lang = state.lang();
    let t = |k| tr(lang, k);
    let mut typed = state.model_picker.typed.clone();
    ui.horizontal(|ui| {
        ui.label(t(Key::ModelFolder));
        let edit = ui.add(
            egui::TextEdit::singleline(&mut typed)
                .desired_width((ui.available_width() - 200.0).clamp(120.0, 520.0))
                .hint_text(t(Key::ModelFolderHint))
                .id_salt("embedscope.model.path"),
        );
        if edit.changed() {
            cmds.push(Command::SetModelPath(typed.clone()));
        }
        let enter = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        let use_it = ui
            .add_enabled(
                !typed.trim().is_empty(),
                egui::Button::new(t(Key::ModelUse)),
            )
            .clicked();
        if (use_it || enter) && !typed.trim().is_empty() {
            cmds.push(Command::ChooseModel(typed.trim().into()));
        }
        if ui
            .add_enabled(
                state.model_picker.dialog.is_none(),
                egui::Button::new(t(Key::ModelBrowse)),
            )
            .on_hover_text(t(Key::ModelDropHint))
            .clicked()
        {
            cmds.push(Command::PickModelFolder);
        }
    });
}

/// The models found in the caches, or how to put one there.
fn found_ui(ui: &mut egui::Ui, state: &AppState, cmds: &mut Vec<Command>) {
    let lang = state.lang();
    let t = |k| tr(lang, k);
    let picker = &state.model_picker;
    ui.label(RichText::new(t(Key::ModelFound)).strong());
    if picker.search.is_some() {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label(t(Key::ModelSearching));
        });
        return;
    }
    let Some(found) = &picker.found else { return };
    if found.is_empty() {
        let roots: Vec<String> = picker
            .roots
            .iter()
            .map(|r| r.display().to_string())
            .collect();
        ui.label(fill(t(Key::ModelNoneFound), &[("roots", roots.join(", "))]));
        return;
    }
    egui::Grid::new("embedscope.model.found")
        .striped(true)
        .num_columns(5)
        .show(ui, |ui| {
            for k in [
                Key::ModelColName,
                Key::ModelColFamily,
                Key::ModelColDim,
                Key::ModelColSize,
            ] {
                ui.label(RichText::new(t(k)).strong());
            }
            ui.label("");
            ui.end_row();
            for m in found {
                ui.label(&m.name)
                    .on_hover_text(m.path.display().to_string());
                ui.label(family_name(lang, m.family));
                ui.label(m.dim.to_string());
                ui.label(format!("{:.1} MB", m.size_bytes as f64 / 1e6));
                let current = state.settings.text_model.as_ref() == Some(&m.path);
                if ui
                    .add_enabled(!current, egui::Button::new(t(Key::ModelUse)))
                    .clicked()
                {
                    cmds.push(Command::ChooseModel(m.path.clone()));
                }
                ui.end_row();
            }
        });
}

/// Text columns with a preview, the prefix, "Embed the items", and the last run's report.
fn text_ui(ui: &mut egui::Ui, state: &AppState, cmds: &mut Vec<Command>) {
    let lang = state.lang();
    let t = |k| tr(lang, k);
    let Some(run) = &state.run else {
        ui.label(t(Key::ModelOpenDataset));
        return;
    };
    let data = &run.data;
    let chosen = if state.settings.text_columns.is_empty() {
        crate::embed::text_model::default_columns(data)
    } else {
        state.settings.text_columns.clone()
    };
    ui.horizontal_wrapped(|ui| {
        ui.label(t(Key::TextColumns));
        for col in crate::embed::text_model::available_columns(data) {
            let mut on = chosen.iter().any(|c| c.eq_ignore_ascii_case(&col));
            if ui
                .checkbox(&mut on, column_label(lang, data, &col))
                .changed()
            {
                let mut next: Vec<String> = chosen.iter().filter(|c| **c != col).cloned().collect();
                if on {
                    next.push(col.clone());
                }
                if !next.is_empty() {
                    cmds.push(Command::SetTextColumns(next));
                }
            }
        }
    });
    if let Ok(texts) = crate::embed::text_model::item_texts(data, &chosen)
        && let Some((i, text)) = texts.iter().enumerate().find(|(_, s)| !s.is_empty())
    {
        let shown: String = text.chars().take(200).collect();
        ui.label(
            RichText::new(fill(
                t(Key::TextPreview),
                &[
                    ("id", data.items.ids[i].to_owned()),
                    ("text", shown.replace('\n', " ⏎ ")),
                ],
            ))
            .italics(),
        );
    }
    let mut prefix = state.settings.text_prefix.clone();
    ui.horizontal(|ui| {
        ui.label(t(Key::TextPrefix))
            .on_hover_text(t(Key::TextPrefixHover));
        if ui
            .add(
                egui::TextEdit::singleline(&mut prefix)
                    .desired_width(160.0)
                    .id_salt("embedscope.model.prefix"),
            )
            .on_hover_text(t(Key::TextPrefixHover))
            .changed()
        {
            cmds.push(Command::SetTextPrefix(prefix.clone()));
        }
        if ui
            .add_enabled(
                !state.is_busy(),
                egui::Button::new(RichText::new(t(Key::EmbedItems)).strong()),
            )
            .on_hover_text(t(Key::EmbedItemsHover))
            .clicked()
        {
            cmds.push(Command::EmbedTextModel);
        }
    });
    if let Some(report) = &run.embeddings.text_model {
        report_ui(ui, lang, report);
    }
}

/// A text column as the UI names it: title and category in the UI's words, metadata columns
/// through the dataset's vocabulary (`[labels_ja.columns]`).
fn column_label(lang: Lang, data: &crate::data::Dataset, col: &str) -> String {
    match col {
        "title" => tr(lang, Key::TextColTitle).to_owned(),
        "title_ja" => tr(lang, Key::TextColTitleJa).to_owned(),
        "category" => tr(lang, Key::TextColCategory).to_owned(),
        "category_ja" => tr(lang, Key::TextColCategoryJa).to_owned(),
        other => data.vocabulary.column(other, lang.is_ja()).to_owned(),
    }
}

/// What the text model run on screen did.
fn report_ui(ui: &mut egui::Ui, lang: Lang, r: &crate::embed::text_model::TextModelReport) {
    let t = |k| tr(lang, k);
    ui.label(fill(
        t(Key::ModelReport),
        &[
            ("model", r.model.clone()),
            ("rows", r.rows.to_string()),
            ("secs", format!("{:.1}", r.seconds)),
            ("rate", format!("{:.0}", r.rows_per_s())),
        ],
    ));
    if r.truncated > 0 {
        ui.label(fill(
            t(Key::ModelTruncated),
            &[
                ("n", r.truncated.to_string()),
                (
                    "max",
                    r.max_length
                        .map_or_else(|| "—".to_owned(), |m| m.to_string()),
                ),
            ],
        ));
    }
    if r.empty_rows > 0 {
        ui.colored_label(
            ui.visuals().warn_fg_color,
            fill(
                t(Key::ModelEmpty),
                &[
                    ("n", r.empty_rows.to_string()),
                    ("ids", r.empty_ids.join(", ")),
                ],
            ),
        );
    }
}
