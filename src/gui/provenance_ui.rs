//! The line above the map that says who trained the vectors on screen, when the files say
//! (a Spark ALS model folder: "trained by Spark ALS 4.3.0, rank 8, regParam 0.05, …").

use super::i18n::{Key, Lang, fill, tr};
use crate::data::Dataset;

/// The text of the line, or `None` when the dataset does not say who trained its vectors.
#[must_use]
pub fn trained_by_text(lang: Lang, data: &Dataset) -> Option<String> {
    let t = data.trained_by.as_ref()?;
    let mut s = fill(
        tr(lang, Key::TrainedBySpark),
        &[
            ("version", t.spark_version.clone()),
            ("params", t.params_text()),
        ],
    );
    if !t.has_params() {
        s.push(' ');
        s.push_str(tr(lang, Key::TrainedBySparkNoParams));
    }
    Some(s)
}

/// Draw the line (nothing when the dataset does not say).
pub fn trained_by_ui(ui: &mut egui::Ui, lang: Lang, data: &Dataset) {
    if let Some(text) = trained_by_text(lang, data) {
        ui.label(egui::RichText::new(text).small())
            .on_hover_text(tr(lang, Key::TrainedBySparkHover));
    }
}
