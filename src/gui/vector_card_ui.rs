//! The vector card: the selected vector as labelled bars (standardised units, centred on the
//! average), the raw values (e.g. yen, metres), and its length — the reason Euclidean distance
//! and cosine similarity disagree.

use egui::{Color32, RichText, Sense, Stroke};

use super::i18n::{Key, fill, tr};
use super::state::AppState;
use crate::data::Kind;
use crate::index::metric::norm;
use crate::pipeline::RunOutput;

/// Bars span ±this many standard deviations.
const BAR_RANGE: f32 = 3.0;

/// Draw the card for map point `point`.
pub fn vector_card_ui(ui: &mut egui::Ui, state: &AppState, run: &RunOutput, point: usize) {
    let lang = state.lang();
    let p = run.points[point];
    let v = run.index.row(point).to_vec();
    let raw = match p.kind {
        Kind::Item => {
            let f = &run.data.items.features;
            (f.dim() == v.len()).then(|| f.values.row(p.row as usize).to_vec())
        }
        Kind::User => run.embeddings.to_raw(&v),
    };
    let color = state
        .map
        .as_ref()
        .and_then(|m| m.colors.get(point).copied())
        .unwrap_or(Color32::GRAY);
    let features = &run.data.items.features;
    ui.label(RichText::new(tr(lang, Key::VectorCard)).strong());
    egui::Grid::new("vector_card")
        .num_columns(4)
        .spacing([8.0, 4.0])
        .show(ui, |ui| {
            ui.label("");
            ui.label(RichText::new(tr(lang, Key::Raw)).small().weak());
            ui.label(RichText::new(tr(lang, Key::Standardised)).small().weak());
            ui.label("");
            ui.end_row();
            for (j, value) in v.iter().enumerate() {
                let label = if lang.is_ja() {
                    features.labels_ja.get(j)
                } else {
                    features.labels.get(j)
                };
                ui.label(label.map_or_else(|| format!("#{}", j + 1), Clone::clone));
                let raw_text = raw
                    .as_ref()
                    .and_then(|r| r.get(j))
                    .map_or_else(|| "—".to_owned(), |x| format_raw(*x));
                ui.label(RichText::new(raw_text).monospace());
                bar_ui(ui, *value, color);
                ui.label(RichText::new(format!("{value:+.2}")).monospace());
                ui.end_row();
            }
        });
    let length = norm(&v);
    ui.label(RichText::new(fill(tr(lang, Key::Norm), &[("v", format!("{length:.3}"))])).strong());
    if p.kind == Kind::User {
        ui.label(RichText::new(tr(lang, Key::UserVectorNote)).small());
    }
    ui.label(RichText::new(tr(lang, Key::WhyDisagree)).small());
}

fn format_raw(x: f64) -> String {
    if x.abs() >= 100.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.1}")
    }
}

fn bar_ui(ui: &mut egui::Ui, value: f32, color: Color32) {
    let (rect, _) = ui.allocate_exact_size(egui::vec2(140.0, 12.0), Sense::hover());
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 2.0, ui.visuals().extreme_bg_color);
    let centre = rect.center().x;
    let half = rect.width() / 2.0;
    let end = centre + (value / BAR_RANGE).clamp(-1.0, 1.0) * half;
    let bar = egui::Rect::from_x_y_ranges(centre.min(end)..=centre.max(end), rect.y_range());
    painter.rect_filled(bar, 2.0, color);
    painter.line_segment(
        [
            egui::pos2(centre, rect.top()),
            egui::pos2(centre, rect.bottom()),
        ],
        Stroke::new(1.0, ui.visuals().weak_text_color()),
    );
}
