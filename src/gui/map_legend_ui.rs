//! The map's legend, drawn as a row above the plot rather than inside it: a legend in a corner
//! of the plot always covers some points, and its corner jumped while a t-SNE layout streamed
//! in. Clicking an entry hides or shows that group of points (kept in egui's memory, like the
//! plot's own legend did).

use egui::{Color32, RichText};

use super::i18n::{Key, tr};
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

/// How an entry's swatch is drawn.
#[derive(Clone, Copy)]
enum Swatch {
    Circle(Color32),
    Diamond(Color32),
    Ring(Color32),
    Square(Color32),
    Line(Color32, bool),
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

/// One entry: swatch and label as one widget (so the row wraps between entries, never inside
/// one), dimmed when its group is hidden. Returns the click response.
fn entry_ui(ui: &mut egui::Ui, swatch: Swatch, label: &str, off: bool) -> egui::Response {
    let size = ui.text_style_height(&egui::TextStyle::Body);
    let text = if off {
        RichText::new(label).weak().strikethrough()
    } else {
        RichText::new(label)
    };
    let galley = egui::WidgetText::from(text).into_galley(
        ui,
        Some(egui::TextWrapMode::Extend),
        f32::INFINITY,
        egui::TextStyle::Body,
    );
    let gap = 4.0;
    let desired = egui::vec2(size + gap + galley.size().x, size.max(galley.size().y));
    let (rect, resp) = ui.allocate_exact_size(desired, egui::Sense::click());
    let swatch_rect = egui::Rect::from_min_size(rect.min, egui::vec2(size, size));
    paint_swatch(ui, swatch_rect, swatch, off);
    let text_pos = egui::pos2(
        swatch_rect.max.x + gap,
        rect.center().y - galley.size().y / 2.0,
    );
    let color = if off {
        ui.visuals().weak_text_color()
    } else {
        ui.visuals().text_color()
    };
    resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, ui.is_enabled(), label));
    ui.painter().galley(text_pos, galley, color);
    resp
}

fn paint_swatch(ui: &egui::Ui, rect: egui::Rect, swatch: Swatch, off: bool) {
    let p = ui.painter();
    let c = rect.center();
    let r = rect.height() * 0.3;
    let dim = |col: Color32| if off { col.gamma_multiply(0.3) } else { col };
    match swatch {
        Swatch::Circle(col) => {
            p.circle_filled(c, r, dim(col));
        }
        Swatch::Diamond(col) => {
            p.add(egui::Shape::convex_polygon(
                vec![
                    c + egui::vec2(0.0, -r * 1.2),
                    c + egui::vec2(r * 1.2, 0.0),
                    c + egui::vec2(0.0, r * 1.2),
                    c + egui::vec2(-r * 1.2, 0.0),
                ],
                dim(col),
                egui::Stroke::NONE,
            ));
        }
        Swatch::Ring(col) => {
            p.circle_stroke(c, r * 1.2, egui::Stroke::new(1.5, col));
        }
        Swatch::Square(col) => {
            p.rect_stroke(
                egui::Rect::from_center_size(c, egui::vec2(r * 2.2, r * 2.2)),
                0.0,
                egui::Stroke::new(1.5, col),
                egui::StrokeKind::Middle,
            );
        }
        Swatch::Line(col, dashed) => {
            let (a, b) = (
                c - egui::vec2(rect.width() * 0.45, 0.0),
                c + egui::vec2(rect.width() * 0.45, 0.0),
            );
            if dashed {
                p.extend(egui::Shape::dashed_line(
                    &[a, b],
                    egui::Stroke::new(1.6, col),
                    3.0,
                    2.0,
                ));
            } else {
                p.line_segment([a, b], egui::Stroke::new(1.6, col));
            }
        }
    }
}
