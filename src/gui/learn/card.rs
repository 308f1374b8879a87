//! A vector card for any vector (an edited copy, a user's mean), not only stored points: one row
//! per dimension with the raw value (yen, metres) when the run has raw units, a bar in
//! standardised units centred on the average, the number itself, and the vector's length (the
//! rows as the point card draws them: [`crate::gui::vector_card_ui::vector_rows_ui`]).

use egui::Color32;

use crate::gui::i18n::Lang;
pub use crate::gui::vector_card_ui::format_raw;
use crate::gui::vector_card_ui::{VectorRows, vector_rows_ui};
use crate::pipeline::RunOutput;

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
    vector_rows_ui(
        ui,
        ("learn-card", id_salt),
        lang,
        &VectorRows {
            values: v,
            labels: &labels,
            raw: raw.as_deref(),
            standardised: raw.is_some(),
            color,
            bar_width: 120.0,
            row_gap: 3.0,
        },
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
