//! The vector card: the selected vector as labelled bars (standardised units, centred on the
//! average), the raw values (e.g. yen, metres), and its length — the reason Euclidean distance
//! and cosine similarity disagree. [`vector_rows_ui`] draws the rows of any vector; the learning
//! steps' cards ([`super::learn::card`]) use it too.

use egui::{Color32, RichText, Sense, Stroke};

use super::i18n::{Key, Lang, fill, tr};
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
    let color = state.map.as_ref().map_or(Color32::GRAY, |m| m.color(point));
    let features = &run.data.items.features;
    let labels: &[String] = match (is_features, lang.is_ja()) {
        (true, true) => &features.labels_ja,
        (true, false) => &features.labels,
        (false, _) => &run.embeddings.dim_names,
    };
    ui.label(RichText::new(tr(lang, Key::VectorCard)).strong());
    if run.index.is_no_data(point) {
        ui.colored_label(Color32::LIGHT_RED, tr(lang, Key::VectorNoData));
    }
    vector_rows_ui(
        ui,
        "vector_card",
        lang,
        &VectorRows {
            values: &v,
            labels,
            raw: raw.as_deref(),
            standardised: is_features,
            color,
            bar_width: 140.0,
            row_gap: 4.0,
        },
    );
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

/// One vector as rows for [`vector_rows_ui`].
#[derive(Debug, Clone, Copy)]
pub struct VectorRows<'a> {
    /// The vector.
    pub values: &'a [f32],
    /// Display name per dimension (a missing one reads `#j`).
    pub labels: &'a [String],
    /// Raw values (yen, metres) per dimension, when known.
    pub raw: Option<&'a [f64]>,
    /// Standardised features: bars span ±3 σ and the column says so. Else (latent factors, no
    /// unit) bars are scaled to the largest value.
    pub standardised: bool,
    /// Colour of the bars.
    pub color: Color32,
    /// Width of a bar in points.
    pub bar_width: f32,
    /// Vertical space between rows in points.
    pub row_gap: f32,
}

/// Draw a vector as a grid (name, raw value, bar centred on the average, number) of its first
/// dimensions, then "… and N more dimensions" and its length. `id_salt` keeps grids apart.
pub fn vector_rows_ui(
    ui: &mut egui::Ui,
    id_salt: impl egui::AsIdSalt,
    lang: Lang,
    rows: &VectorRows<'_>,
) {
    let v = rows.values;
    let bar_range = if rows.standardised {
        BAR_RANGE
    } else {
        v.iter().fold(1e-6_f32, |m, x| m.max(x.abs()))
    };
    egui::Grid::new(id_salt)
        .num_columns(4)
        .spacing([8.0, rows.row_gap])
        .show(ui, |ui| {
            ui.label("");
            ui.label(RichText::new(tr(lang, Key::Raw)).small().weak());
            let unit = if rows.standardised {
                tr(lang, Key::Standardised)
            } else {
                ""
            };
            ui.label(RichText::new(unit).small().weak());
            ui.label("");
            ui.end_row();
            for (j, value) in v.iter().enumerate().take(MAX_ROWS) {
                ui.label(
                    rows.labels
                        .get(j)
                        .map_or_else(|| format!("#{}", j + 1), Clone::clone),
                );
                let raw_text = rows
                    .raw
                    .and_then(|r| r.get(j))
                    .map_or_else(|| "—".to_owned(), |x| format_raw(*x));
                ui.label(RichText::new(raw_text).monospace());
                bar_ui(ui, *value / bar_range, rows.color, rows.bar_width);
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
    let length = norm(v);
    ui.label(RichText::new(fill(tr(lang, Key::Norm), &[("v", format!("{length:.3}"))])).strong());
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

/// Draw a bar `width` points wide for `fraction` of the half-width (−1…1, clipped).
fn bar_ui(ui: &mut egui::Ui, fraction: f32, color: Color32, width: f32) {
    let (rect, _) = ui.allocate_exact_size(egui::vec2(width, 12.0), Sense::hover());
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
