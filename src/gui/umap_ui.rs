//! UMAP's controls in the row above the map: neighbours, minimum distance, epochs (auto or a
//! value), seed, compute / cancel with the epoch on screen, and what the finished layout was
//! made with (neighbours used, min. distance, epochs, seed) and its warnings.

use egui::RichText;

use super::i18n::{Key, fill, projection_warning, tr};
use super::state::{AppState, Command};
use crate::pipeline::RunOutput;

/// Draw UMAP's parameters, its run button or progress, and its warnings.
pub fn umap_controls_ui(
    ui: &mut egui::Ui,
    state: &AppState,
    run: &RunOutput,
    cmds: &mut Vec<Command>,
) {
    let lang = state.lang();
    let u = &state.projection.umap;
    let mut params = u.params.clone();
    let mut changed = ui
        .add(egui::Slider::new(&mut params.neighbours, 2..=100).text(tr(lang, Key::UmapNeighbours)))
        .on_hover_text(tr(lang, Key::UmapNeighboursHover))
        .changed();
    changed |= ui
        .add(
            egui::Slider::new(&mut params.min_dist, 0.0..=1.0)
                .text(tr(lang, Key::UmapMinDist))
                .fixed_decimals(2),
        )
        .on_hover_text(tr(lang, Key::UmapMinDistHover))
        .changed();
    let mut auto = params.epochs.is_none();
    changed |= ui
        .checkbox(&mut auto, tr(lang, Key::UmapAutoEpochs))
        .changed();
    if auto {
        params.epochs = None;
    } else {
        let mut epochs = params
            .epochs
            .unwrap_or_else(|| u.epochs_for(run.points.len()));
        changed |= ui
            .add(
                // Not clamped, not stepped: drawing the slider never changes a value set
                // elsewhere (a step of 50 would turn 60 into 50).
                egui::Slider::new(&mut epochs, 50..=2000)
                    .text(tr(lang, Key::UmapEpochs))
                    .clamping(egui::SliderClamping::Never),
            )
            .changed();
        params.epochs = Some(epochs);
    }
    // Kept whole: in a wrapping row a label breaks anywhere ("シ" | "ード").
    let label = ui.add(egui::Label::new(tr(lang, Key::TsneSeed)).extend());
    changed |= ui
        .add(egui::DragValue::new(&mut params.seed).range(0..=u64::from(u32::MAX)))
        .labelled_by(label.id)
        .changed();
    if changed {
        cmds.push(Command::SetUmapParams(params));
    }
    if u.running() {
        ui.label(fill(
            tr(lang, Key::UmapRunning),
            &[
                ("it", u.epoch.to_string()),
                ("n", u.epochs_for(run.points.len()).to_string()),
            ],
        ));
        if ui.button(tr(lang, Key::Cancel)).clicked() {
            cmds.push(Command::CancelLayout);
        }
    } else if ui
        .button(tr(lang, Key::RunUmap))
        .on_hover_text(tr(lang, Key::UmapHover))
        .clicked()
    {
        cmds.push(Command::RunUmap);
    }
    if let Some(done) = &u.result {
        if let Some(params) = &done.params {
            let used = fill(
                tr(lang, Key::UmapUsed),
                &[
                    ("neighbours", done.out.neighbours.to_string()),
                    ("min_dist", format!("{:.2}", params.min_dist)),
                    ("epochs", done.out.epochs.to_string()),
                    ("seed", params.seed.to_string()),
                ],
            );
            ui.label(RichText::new(used).small().weak());
        }
        for w in &done.out.warnings {
            ui.label(
                RichText::new(projection_warning(lang, w))
                    .small()
                    .color(ui.visuals().warn_fg_color),
            );
        }
    }
}
