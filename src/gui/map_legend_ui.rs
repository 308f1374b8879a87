//! The map's legend, drawn as a row above the plot rather than inside it (see
//! [`super::legend_row`]). Clicking an entry hides or shows that group of points (kept in egui's memory, like the
//! plot's own legend did).

use egui::Color32;

use super::i18n::{Key, tr};
use super::legend_row::{Swatch, entry_ui};
use super::map_data::MapData;
use super::neighbours_ui::{COSINE_COLOR, EUCLID_COLOR};
use super::state::AppState;

fn hidden_id() -> egui::Id {
    egui::Id::unique("embedscope.map.hidden_groups")
}

/// The groups hidden by a click on their legend entry (indexes into the colouring's groups).
#[must_use]
pub fn hidden_groups(ctx: &egui::Context, map: &MapData) -> Vec<bool> {
    let hidden: Vec<String> = ctx.data(|d| d.get_temp(hidden_id())).unwrap_or_default();
    map.coloring
        .groups
        .iter()
        .map(|g| hidden.contains(&g.label))
        .collect()
}

/// Draw the legend row.
pub fn map_legend_ui(ui: &mut egui::Ui, state: &AppState, map: &MapData) {
    let lang = state.lang();
    let ja = lang.is_ja();
    let ctx = ui.ctx().clone();
    let mut hidden: Vec<String> = ctx.data(|d| d.get_temp(hidden_id())).unwrap_or_default();
    let before = hidden.len();
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 10.0;
        for g in &map.coloring.groups {
            let name = if ja { &g.label_ja } else { &g.label };
            let swatch = if g.diamond {
                Swatch::Diamond(g.color)
            } else {
                Swatch::Circle(g.color)
            };
            let off = hidden.contains(&g.label);
            if entry_ui(ui, swatch, name, off)
                .on_hover_text(tr(lang, Key::LegendToggleHover))
                .clicked()
            {
                if off {
                    hidden.retain(|h| h != &g.label);
                } else {
                    hidden.push(g.label.clone());
                }
            }
        }
        if state.selected.is_some() {
            let c = |k| tr(lang, k);
            entry_ui(
                ui,
                Swatch::Ring(Color32::WHITE),
                c(Key::LegendSelection),
                false,
            );
            entry_ui(
                ui,
                Swatch::Line(EUCLID_COLOR, false),
                c(Key::LegendEuclid),
                false,
            );
            entry_ui(
                ui,
                Swatch::Line(COSINE_COLOR, true),
                c(Key::LegendCosine),
                false,
            );
            entry_ui(
                ui,
                Swatch::Square(Color32::from_gray(150)),
                c(Key::MapNeighbours),
                false,
            );
        }
        if !state.map_view.marked.is_empty() {
            entry_ui(
                ui,
                Swatch::Ring(Color32::WHITE),
                tr(lang, Key::Marked),
                false,
            );
        }
    });
    if hidden.len() != before {
        ctx.data_mut(|d| d.insert_temp(hidden_id(), hidden));
    }
}
