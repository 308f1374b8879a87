//! Legends drawn as a row of entries above a plot, never inside it: a legend box in a corner of
//! a plot always covers some points (the Learn maps hid a third of the cafés under theirs), and
//! its corner can jump while a layout streams in. Every plot of the app that needs a legend
//! draws it with [`legend_row_ui`] (or, for the map's clickable groups, [`entry_ui`]).

use egui::{Color32, RichText};

/// How an entry's swatch is drawn.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Swatch {
    /// A filled dot (items).
    Circle(Color32),
    /// A filled diamond (users).
    Diamond(Color32),
    /// A hollow ring (a selected or marked point).
    Ring(Color32),
    /// A hollow square (the neighbours on the map).
    Square(Color32),
    /// A filled block (a bar chart's series).
    Block(Color32),
    /// A line, dashed when `true`.
    Line(Color32, bool),
}

/// One legend entry: its swatch and its label.
pub type Entry = (Swatch, String);

/// A wrapped row of entries (no interaction).
pub fn legend_row_ui(ui: &mut egui::Ui, entries: &[Entry]) {
    if entries.is_empty() {
        return;
    }
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing.x = 10.0;
        for (swatch, label) in entries {
            entry_ui(ui, *swatch, label, false);
        }
    });
}

/// One entry: swatch and label as one widget (so the row wraps between entries, never inside
/// one), dimmed and struck through when `off` (its group hidden). Returns the click response.
pub fn entry_ui(ui: &mut egui::Ui, swatch: Swatch, label: &str, off: bool) -> egui::Response {
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
            p.circle_stroke(c, r * 1.2, egui::Stroke::new(1.5, dim(col)));
        }
        Swatch::Square(col) => {
            p.rect_stroke(
                egui::Rect::from_center_size(c, egui::vec2(r * 2.2, r * 2.2)),
                0.0,
                egui::Stroke::new(1.5, dim(col)),
                egui::StrokeKind::Middle,
            );
        }
        Swatch::Block(col) => {
            p.rect_filled(
                egui::Rect::from_center_size(c, egui::vec2(r * 2.2, r * 2.2)),
                1.0,
                dim(col),
            );
        }
        Swatch::Line(col, dashed) => {
            let (a, b) = (
                c - egui::vec2(rect.width() * 0.45, 0.0),
                c + egui::vec2(rect.width() * 0.45, 0.0),
            );
            let stroke = egui::Stroke::new(1.6, dim(col));
            if dashed {
                p.extend(egui::Shape::dashed_line(&[a, b], stroke, 3.0, 2.0));
            } else {
                p.line_segment([a, b], stroke);
            }
        }
    }
}
