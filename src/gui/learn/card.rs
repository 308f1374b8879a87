//! A vector card for any vector (an edited copy, a user's mean), not only stored points: one row
//! per dimension with the raw value (yen, metres) when the run has raw units, a bar in
//! standardised units centred on the average, the number itself, and the vector's length.

use egui::{Color32, RichText, Sense, Stroke};

use crate::gui::i18n::{Key, Lang, fill, tr};
use crate::index::metric::norm;
use crate::pipeline::RunOutput;

/// Bars of standardised features span ±this many standard deviations.
const BAR_RANGE: f32 = 3.0;
/// Rows shown before "… and N more dimensions".
const MAX_ROWS: usize = 12;

/// Draw the card of `v` (a vector in the run's space); `id_salt` keeps two cards apart.
pub fn vector_card_ui(
    ui: &mut egui::Ui,
    id_salt: &str,
    lang: Lang,
    run: &RunOutput,
    v: &[f32],
    color: Color32,
) {
    let raw = run.embeddings.to_raw(v);
    let labels = dim_labels(run, lang);
    // Standardised features: bars span ±3 σ. Latent factors have no unit: scale to the largest.
    let bar_range = if raw.is_some() {
        BAR_RANGE
    } else {
        v.iter().fold(1e-6_f32, |m, x| m.max(x.abs()))
    };
    egui::Grid::new(("learn-card", id_salt))
        .num_columns(4)
        .spacing([8.0, 3.0])
        .show(ui, |ui| {
            ui.label("");
            ui.label(RichText::new(tr(lang, Key::Raw)).small().weak());
            ui.label(
                RichText::new(if raw.is_some() {
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
                ui.label(
                    labels
                        .get(j)
                        .cloned()
                        .unwrap_or_else(|| format!("#{}", j + 1)),
                );
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
    ui.label(
        RichText::new(fill(
            tr(lang, Key::Norm),
            &[("v", format!("{:.3}", norm(v)))],
        ))
        .strong(),
    );
}

/// Display names of the dimensions: the feature labels in `lang` for numeric features, else
/// the embedder's dimension names.
#[must_use]
pub fn dim_labels(run: &RunOutput, lang: Lang) -> Vec<String> {
    let f = &run.data.items.features;
    if !run.embeddings.raw_units.is_empty() && f.dim() == run.embeddings.dim() {
        if lang.is_ja() {
            f.labels_ja.clone()
        } else {
            f.labels.clone()
        }
    } else {
        run.embeddings.dim_names.clone()
    }
}

/// A raw value as people read it: whole numbers above 100 (yen, metres), one decimal below.
#[must_use]
pub fn format_raw(x: f64) -> String {
    if x.abs() >= 100.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.1}")
    }
}

/// A bar for `fraction` of the half-width (−1…1, clipped).
fn bar_ui(ui: &mut egui::Ui, fraction: f32, color: Color32) {
    let (rect, _) = ui.allocate_exact_size(egui::vec2(120.0, 12.0), Sense::hover());
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 2.0, ui.visuals().extreme_bg_color);
    let centre = rect.center().x;
    let end = centre + fraction.clamp(-1.0, 1.0) * rect.width() / 2.0;
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
