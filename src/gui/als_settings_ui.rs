//! The ALS settings the GUI offers: how λ applies to each user and item — the same for every
//! row (the `implicit` library's convention) or ALS-WR, λ times the row's interactions (Spark
//! MLlib's), so a run here can mean what `rank`, `regParam`, `alpha` and `maxIter` mean there.
//! Shown beside the method switch (ALS and the hybrid) and in the evaluation panel; the CLI's
//! `--regularization-scale` is the same setting.

use super::i18n::{Key, tr};
use super::state::{AppState, Command};
use crate::embed::als::RegularizationScale;

/// The two conventions with their labels, in display order.
pub const CHOICES: [(RegularizationScale, Key); 2] = [
    (RegularizationScale::Plain, Key::AlsRegPlain),
    (RegularizationScale::Spark, Key::AlsRegSpark),
];

/// The regularisation switch (one selectable label per convention).
pub fn als_regularization_ui(ui: &mut egui::Ui, state: &AppState, cmds: &mut Vec<Command>) {
    let lang = state.lang();
    let hover = tr(lang, Key::AlsRegHover);
    ui.label(tr(lang, Key::AlsRegLabel)).on_hover_text(hover);
    let current = state.settings.als_regularization;
    for (scale, key) in CHOICES {
        if ui
            .selectable_label(current == scale, tr(lang, key))
            .on_hover_text(hover)
            .clicked()
            && current != scale
        {
            cmds.push(Command::SetAlsRegularization(scale));
        }
    }
}
