//! The row above the map for working with many points: what a drag does (pan, box, lasso),
//! what the colours mean (category, a metadata column, k-means clusters, neighbours kept),
//! find by name (a regular expression), and the marked points.

use egui::RichText;

use super::i18n::{Key, fill, tr};
use super::map_colors::ColorBy;
use super::state::{AppState, Command, MapTool};
use crate::pipeline::RunOutput;

/// Draw the map tools.
pub fn map_tools_ui(ui: &mut egui::Ui, state: &AppState, run: &RunOutput, cmds: &mut Vec<Command>) {
    let lang = state.lang();
    let t = |k| tr(lang, k);
    let view = &state.map_view;
    ui.horizontal_wrapped(|ui| {
        ui.label(t(Key::Drag)).on_hover_text(t(Key::DragHover));
        for (tool, key) in [
            (MapTool::Pan, Key::ToolPan),
            (MapTool::Box, Key::ToolBox),
            (MapTool::Lasso, Key::ToolLasso),
        ] {
            if ui.selectable_label(view.tool == tool, t(key)).clicked() {
                cmds.push(Command::SetMapTool(tool));
            }
        }
        ui.separator();
        color_by_ui(ui, state, run, cmds);
        ui.separator();
        let mut find = view.find.clone();
        let edit = ui.add(
            egui::TextEdit::singleline(&mut find)
                .hint_text(t(Key::FindHint))
                .desired_width(140.0),
        );
        let edit = edit.on_hover_text(t(Key::FindHover));
        if edit.changed() {
            cmds.push(Command::SetFind(find));
        }
        let enter = edit.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        if ui.button(t(Key::Find)).clicked() || enter {
            cmds.push(Command::Find);
        }
        if let Some(e) = &view.find_error {
            ui.label(RichText::new(e).color(ui.visuals().error_fg_color));
        }
        if !view.marked.is_empty() {
            ui.separator();
            ui.label(fill(
                t(Key::MarkedCount),
                &[("n", view.marked.len().to_string())],
            ));
            if ui.small_button(t(Key::ClearMarks)).clicked() {
                cmds.push(Command::Mark(Vec::new()));
            }
        }
    });
}

fn color_by_ui(ui: &mut egui::Ui, state: &AppState, run: &RunOutput, cmds: &mut Vec<Command>) {
    let lang = state.lang();
    let t = |k| tr(lang, k);
    let view = &state.map_view;
    let name = |by: &ColorBy| match by {
        ColorBy::Category => t(Key::ColorCategory).to_owned(),
        ColorBy::Meta(c) => run.data.vocabulary.column(c, lang.is_ja()).to_owned(),
        ColorBy::Cluster => t(Key::ColorCluster).to_owned(),
        ColorBy::Quality => t(Key::ColorQuality).to_owned(),
        ColorBy::Displacement => t(Key::ColorDisplacement).to_owned(),
        ColorBy::NeighbourChange => t(Key::ColorNeighbourChange).to_owned(),
    };
    let mut choices = vec![ColorBy::Category];
    choices.extend(
        run.data
            .items
            .metadata
            .iter()
            .map(|c| ColorBy::Meta(c.name.clone())),
    );
    choices.push(ColorBy::Cluster);
    if state.projection.quality.is_some() {
        choices.push(ColorBy::Quality);
    }
    if state.compare.result.is_some() {
        choices.extend([ColorBy::Displacement, ColorBy::NeighbourChange]);
    }
    egui::ComboBox::new("color-by", t(Key::ColorBy))
        .selected_text(name(&view.color_by))
        .show_ui(ui, |ui| {
            for c in choices {
                if ui.selectable_label(c == view.color_by, name(&c)).clicked() {
                    cmds.push(Command::SetColorBy(c));
                }
            }
        });
    if view.color_by == ColorBy::Cluster {
        let mut k = view.cluster_k;
        let r = ui.add(egui::DragValue::new(&mut k).range(2..=20).prefix("k = "));
        if r.changed() {
            cmds.push(Command::SetClusterK(k));
        }
        if view.cluster_job.is_some() {
            ui.spinner();
            ui.label(t(Key::Clustering));
        }
    }
}
