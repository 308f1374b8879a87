//! The export panel beside the map: what to export and a typed path, for systems without a
//! file dialog (rfd then returns nothing, indistinguishable from a cancel — see ARCHITECTURE
//! §10), and for anyone who prefers typing. Opens by itself when a dialog gave no path.

use egui::RichText;

use super::i18n::{Key, tr};
use super::state::{AppState, Command, ExportKind};

/// The kinds offered, with their menu labels.
const KINDS: [(ExportKind, Key); 8] = [
    (ExportKind::Projector, Key::ExportProjector),
    (ExportKind::Npy, Key::ExportNpy),
    (ExportKind::CoordinatesCsv, Key::ExportCoordinates),
    (ExportKind::MapPng, Key::ExportPng),
    (ExportKind::NeighboursCsv, Key::ExportNeighbours),
    (ExportKind::RecommendationsCsv, Key::ExportRecommendations),
    (ExportKind::SummaryMarkdown, Key::ExportSummaryMd),
    (ExportKind::SummaryHtml, Key::ExportSummaryHtml),
];

/// Draw the export panel (nothing when closed).
pub fn export_panel_ui(ui: &mut egui::Ui, state: &AppState, cmds: &mut Vec<Command>) {
    let Some(kind) = state.export_panel.kind else {
        return;
    };
    let lang = state.lang();
    let t = |k| tr(lang, k);
    ui.horizontal(|ui| {
        ui.heading(t(Key::ExportPanelTitle));
        if ui.button("✕").clicked() {
            cmds.push(Command::ShowExportPanel(None));
        }
    });
    ui.label(t(Key::ExportPanelHint));
    let label_of = |k: ExportKind| {
        KINDS
            .iter()
            .find(|(kk, _)| *kk == k)
            .map_or("", |(_, key)| t(*key))
    };
    egui::ComboBox::new("embedscope.export.kind", t(Key::ExportPanelWhat))
        .selected_text(label_of(kind))
        .show_ui(ui, |ui| {
            for (k, key) in KINDS {
                if ui.selectable_label(k == kind, t(key)).clicked() && k != kind {
                    cmds.push(Command::ShowExportPanel(Some(k)));
                }
            }
        });
    let mut path = state.export_panel.path.clone();
    ui.horizontal(|ui| {
        ui.label(t(Key::ExportPanelPath));
        let edit = ui.add(
            egui::TextEdit::singleline(&mut path)
                .desired_width(ui.available_width().min(520.0) - 90.0)
                .id_salt("embedscope.export.path"),
        );
        if edit.changed() {
            cmds.push(Command::SetExportPath(path.clone()));
        }
        let go = ui.add_enabled(
            !path.trim().is_empty() && state.exporting.is_none(),
            egui::Button::new(RichText::new(t(Key::ExportPanelWrite)).strong()),
        );
        let entered = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        if go.clicked() || (entered && !path.trim().is_empty()) {
            cmds.push(Command::Export(kind, Some(path.trim().into())));
        }
    });
    if kind == ExportKind::Projector {
        ui.label(RichText::new(t(Key::ExportPanelFolder)).small());
    }
    ui.separator();
}
