//! The Map tab's panels: the list on the left, neighbours and recommendations on the right,
//! the evaluation along the bottom and the docked audit, compare and export panels under the
//! map. Widths come from [`crate::gui::presenter::panel_widths`]: presenter mode has its own
//! panel ids, so its screen-share defaults are not overridden by widths dragged at normal size
//! (and going back restores those).

use super::App;
use crate::gui::{evaluation_ui, list_ui, map_ui, neighbours_ui, windows_ui};

impl App {
    /// Draw the Map tab.
    pub(super) fn map_tab_ui(&mut self, ui: &mut egui::Ui) {
        let state = &self.state;
        let cmds = &mut self.commands;
        let presenter = state.settings.presenter;
        let widths = crate::gui::presenter::panel_widths(ui.available_width(), presenter);
        let id = |name: &str| {
            if presenter {
                format!("{name}_presenter")
            } else {
                name.to_owned()
            }
        };
        // The evaluation spans the whole width under the list, map and neighbours, so its
        // ten-column table is not squeezed under the map.
        egui::Panel::bottom("evaluation")
            .resizable(true)
            .show(ui, |ui| evaluation_ui::evaluation_ui(ui, state, cmds));
        let [list, list_min, list_max] = widths.list;
        egui::Panel::left(id("list"))
            .resizable(true)
            .default_size(list)
            .size_range(list_min..=list_max)
            .show(ui, |ui| {
                // Claim the whole width so the panel keeps its size (no shrink-then-grow jitter).
                ui.set_min_width(ui.available_width());
                list_ui::list_ui(ui, state, cmds);
            });
        let [side, side_min, side_max] = widths.side;
        egui::Panel::right(id("neighbours"))
            .resizable(true)
            .default_size(side)
            .size_range(side_min..=side_max)
            .show(ui, |ui| {
                ui.set_min_width(ui.available_width());
                neighbours_ui::neighbours_ui(ui, state, cmds);
            });
        if windows_ui::docked_open(state) {
            // Audit, compare and export sit under the map, never over it or the toolbar.
            egui::Panel::bottom("docked")
                .resizable(true)
                .default_size(ui.available_height() * 0.45)
                .min_size(120.0)
                .show(ui, |ui| windows_ui::docked_ui(ui, state, cmds));
        }
        egui::CentralPanel::default().show(ui, |ui| map_ui::map_ui(ui, state, cmds));
    }
}
