//! The vector card: the selected vector as labelled bars (standardised units, centred on the
//! average), the raw values (e.g. yen, metres), and its length — the reason Euclidean distance
//! and cosine similarity disagree.

use egui::{Color32, RichText, Sense, Stroke};

use super::i18n::{Key, fill, tr};
use super::state::AppState;
use crate::data::Kind;
use crate::embed::Method;
use crate::index::metric::norm;
use crate::pipeline::RunOutput;

/// Bars span ±this many standard deviations.
const BAR_RANGE: f32 = 3.0;
/// Rows shown before "… and N more dimensions".
const MAX_ROWS: usize = 12;

/// Draw the card for map point `point`.
pub fn vector_card_ui(ui: &mut egui::Ui, state: &AppState, run: &RunOutput, point: usize) {
    let lang = state.lang();
    let p = run.points[point];
    let v = run.index.row(point).to_vec();
    let is_features = run.embeddings.method == Method::Features;
    let raw = match p.kind {
        Kind::Item if is_features => {
            let f = &run.data.items.features;
            (f.dim() == v.len()).then(|| f.values.row(p.row as usize).to_vec())
        }
        Kind::Item => None,
        Kind::User => run.embeddings.to_raw(&v),
    };
    // Standardised features: bars span ±3 σ. Latent factors have no unit: scale to the largest.
    let bar_range = if is_features {
        BAR_RANGE
    } else {
        v.iter().fold(1e-6_f32, |m, x| m.max(x.abs()))
    };
    let color = state.map.as_ref().map_or(Color32::GRAY, |m| m.color(point));
    let features = &run.data.items.features;
    ui.label(RichText::new(tr(lang, Key::VectorCard)).strong());
    egui::Grid::new("vector_card")
        .num_columns(4)
        .spacing([8.0, 4.0])
        .show(ui, |ui| {
            ui.label("");
            ui.label(RichText::new(tr(lang, Key::Raw)).small().weak());
            ui.label(
                RichText::new(if is_features {
                    tr(lang, Key::Standardised)
                } else {
                    ""
                })
                .small()
                .weak(),
            );
            ui.label("");
            ui.end_row();
            for (j, value) in v.iter().enumerate().take(MAX_ROWS) {
                let label = match (is_features, lang.is_ja()) {
                    (true, true) => features.labels_ja.get(j),
                    (true, false) => features.labels.get(j),
                    (false, _) => run.embeddings.dim_names.get(j),
                };
                ui.label(label.map_or_else(|| format!("#{}", j + 1), Clone::clone));
                let raw_text = raw
                    .as_ref()
                    .and_then(|r| r.get(j))
                    .map_or_else(|| "—".to_owned(), |x| format_raw(*x));
                ui.label(RichText::new(raw_text).monospace());
                bar_ui(ui, *value / bar_range, color);
                ui.label(RichText::new(format!("{value:+.2}")).monospace());
                ui.end_row();
            }
        });
    if v.len() > MAX_ROWS {
        ui.label(
            RichText::new(fill(
                tr(lang, Key::MoreDims),
                &[("n", (v.len() - MAX_ROWS).to_string())],
            ))
            .small()
            .weak(),
        );
    }
    let length = norm(&v);
    ui.label(RichText::new(fill(tr(lang, Key::Norm), &[("v", format!("{length:.3}"))])).strong());
    if p.kind == Kind::User {
        let note = if is_features {
            Key::UserVectorNote
        } else {
            Key::UserVectorAls
        };
        ui.label(RichText::new(tr(lang, note)).small());
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

/// Draw a bar for `fraction` of the half-width (−1…1, clipped).
fn bar_ui(ui: &mut egui::Ui, fraction: f32, color: Color32) {
    let (rect, _) = ui.allocate_exact_size(egui::vec2(140.0, 12.0), Sense::hover());
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 2.0, ui.visuals().extreme_bg_color);
    let centre = rect.center().x;
    let half = rect.width() / 2.0;
    let end = centre + fraction.clamp(-1.0, 1.0) * half;
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
