//! The "which column holds the vectors?" dialog: when a Parquet (or JSONL) file has several
//! vector columns and none is named `vector`/`embedding`, the loader reports the candidates
//! ([`crate::error::DataError::SeveralVectorColumns`]) and this modal asks which one to use;
//! the app then loads the file again with that choice (the CLI's `--vector-column`).

use std::path::PathBuf;

use super::i18n::{Key, fill, tr};
use super::state::{AppState, Command};

/// A pending choice of vector column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VectorChoice {
    /// The file that has several vector columns.
    pub path: PathBuf,
    /// Its vector columns, in file order.
    pub candidates: Vec<String>,
    /// Index of the column picked in the combo box.
    pub chosen: usize,
}

/// Draw the dialog when a choice is pending.
pub fn vector_column_ui(ctx: &egui::Context, state: &AppState, cmds: &mut Vec<Command>) {
    let Some(choice) = &state.vector_choice else {
        return;
    };
    let lang = state.lang();
    let t = |k| tr(lang, k);
    let file = choice.path.file_name().map_or_else(
        || choice.path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let modal = egui::Modal::new(egui::Id::unique("embedscope.vector_column")).show(ctx, |ui| {
        ui.set_max_width(420.0);
        ui.heading(t(Key::VectorColumnTitle));
        ui.label(fill(t(Key::VectorColumnText), &[("file", file.clone())]));
        let selected = choice
            .candidates
            .get(choice.chosen)
            .cloned()
            .unwrap_or_default();
        egui::ComboBox::from_label(t(Key::VectorColumn))
            .selected_text(selected)
            .show_ui(ui, |ui| {
                for (i, c) in choice.candidates.iter().enumerate() {
                    if ui.selectable_label(i == choice.chosen, c).clicked() && i != choice.chosen {
                        cmds.push(Command::SetVectorChoice(i));
                    }
                }
            });
        ui.horizontal(|ui| {
            if ui.button(t(Key::VectorColumnLoad)).clicked() {
                cmds.push(Command::LoadVectorColumn);
            }
            if ui.button(t(Key::Cancel)).clicked() {
                cmds.push(Command::DismissVectorChoice);
            }
        });
    });
    if modal.should_close() {
        cmds.push(Command::DismissVectorChoice);
    }
}
