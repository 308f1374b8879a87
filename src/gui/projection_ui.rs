//! The row above the map: PCA (with a choice of components), t-SNE (perplexity, iterations,
//! compute / cancel, the iteration on screen, what the finished layout was made with and its
//! warnings) or UMAP ([`super::umap_ui`]), and the map's honesty scores.

use egui::RichText;

use super::i18n::{Key, fill, projection_warning, tr};
use super::map_colors::ColorBy;
use super::projection::{Layout, QUALITY_K};
use super::state::{AppState, Command};
use crate::pipeline::RunOutput;

/// Draw the projection controls and scores in a block that never shrinks: it starts with room
/// for two rows of controls and the scores line, and keeps the tallest height it has had, so
/// the map and the controls below do not move under the pointer when t-SNE adds its row or the
/// scores line comes and goes.
pub fn projection_ui(
    ui: &mut egui::Ui,
    state: &AppState,
    run: &RunOutput,
    cmds: &mut Vec<Command>,
) {
    let id = ui.scope_id().with("projection-block-height");
    let row = ui.spacing().interact_size.y + ui.spacing().item_spacing.y;
    let reserved = ui
        .ctx()
        .data(|d| d.get_temp::<f32>(id))
        .unwrap_or(3.0 * row);
    let used = ui
        .vertical(|ui| {
            ui.set_min_height(reserved);
            projection_rows_ui(ui, state, run, cmds);
        })
        .response
        .rect
        .height();
    ui.ctx().data_mut(|d| d.insert_temp(id, used.max(reserved)));
}

fn projection_rows_ui(
    ui: &mut egui::Ui,
    state: &AppState,
    run: &RunOutput,
    cmds: &mut Vec<Command>,
) {
    let lang = state.lang();
    let t = |k| tr(lang, k);
    let p = &state.projection;
    let ratio = &run.pca.explained_variance_ratio;
    let pc = |i: usize| {
        format!(
            "PC{} ({:.1}%)",
            i + 1,
            ratio.get(i).copied().unwrap_or(0.0) * 100.0
        )
    };
    ui.horizontal_wrapped(|ui| {
        ui.label(t(Key::Layout)).on_hover_text(t(Key::LayoutHover));
        let (px, py) = match p.layout {
            Layout::Pca { x, y } => (x, y),
            Layout::Tsne | Layout::Umap => (0, 1),
        };
        let is_pca = matches!(p.layout, Layout::Pca { .. });
        let (is_tsne, is_umap) = (p.layout == Layout::Tsne, p.layout == Layout::Umap);
        if ui.selectable_label(is_pca, "PCA").clicked() && !is_pca {
            cmds.push(Command::ShowPca(px, py));
        }
        let tsne_label = ui.selectable_label(is_tsne, "t-SNE");
        if tsne_label.clicked() && !is_tsne {
            cmds.push(if p.tsne.is_some() {
                Command::ShowTsne
            } else {
                Command::RunTsne
            });
        }
        let umap_label = ui
            .selectable_label(is_umap, "UMAP")
            .on_hover_text(t(Key::UmapHover));
        if umap_label.clicked() && !is_umap {
            cmds.push(if p.umap.result.is_some() {
                Command::ShowUmap
            } else {
                Command::RunUmap
            });
        }
        ui.separator();
        if is_umap {
            super::umap_ui::umap_controls_ui(ui, state, run, cmds);
        } else if is_pca {
            let dims = ratio.len().max(2);
            for (axis, current, other, key) in [(0, px, py, Key::AxisX), (1, py, px, Key::AxisY)] {
                egui::ComboBox::new(("pca-axis", axis), t(key))
                    .selected_text(pc(current))
                    .show_ui(ui, |ui| {
                        for c in (0..dims).filter(|c| *c != other) {
                            if ui.selectable_label(c == current, pc(c)).clicked() {
                                cmds.push(if axis == 0 {
                                    Command::ShowPca(c, other)
                                } else {
                                    Command::ShowPca(other, c)
                                });
                            }
                        }
                    });
            }
        } else {
            tsne_controls_ui(ui, state, cmds);
        }
    });
    // Users against items, for every layout (t-SNE and UMAP are fit on the scaled vectors).
    super::map_scale::map_scale_ui(ui, state, run, cmds);
    // A sample of a larger table says so above its map.
    if let Some(sample) = &run.data.sources.sample {
        ui.label(
            RichText::new(fill(
                tr(state.lang(), Key::MapOfSample),
                &[("sample", super::whole_table_ui::sample_label(state, sample))],
            ))
            .small()
            .strong(),
        );
    }
    quality_row_ui(ui, state, cmds);
}

/// The map's honesty scores, "colour by neighbours kept", and what grey points mean.
fn quality_row_ui(ui: &mut egui::Ui, state: &AppState, cmds: &mut Vec<Command>) {
    let t = |k| tr(state.lang(), k);
    let p = &state.projection;
    ui.horizontal_wrapped(|ui| {
        if let Some(q) = &p.quality {
            ui.label(
                RichText::new(fill(
                    t(Key::Quality),
                    &[
                        ("k", QUALITY_K.to_string()),
                        ("t", format!("{:.3}", q.trustworthiness)),
                        ("p", format!("{:.0}", q.knn_preservation * 100.0)),
                    ],
                ))
                .small(),
            )
            .on_hover_text(t(Key::QualityHover));
            let mut on = state.map_view.color_by == ColorBy::Quality;
            if ui
                .checkbox(&mut on, RichText::new(t(Key::ColorByQuality)).small())
                .changed()
            {
                cmds.push(Command::SetColorBy(if on {
                    ColorBy::Quality
                } else {
                    ColorBy::Category
                }));
            }
            // Grey points: the score is measured on a sample (all points when there are few).
            if on && q.sample < q.per_point.len() {
                ui.label(
                    RichText::new(fill(
                        t(Key::QualitySampled),
                        &[
                            ("s", q.sample.to_string()),
                            ("n", q.per_point.len().to_string()),
                        ],
                    ))
                    .small(),
                );
            }
        } else if p.quality_job.is_some() {
            ui.label(RichText::new(t(Key::QualityComputing)).small().weak());
        }
    });
}

/// Seed, learning rate (auto or a value) and PCA or random start.
fn tsne_options_ui(ui: &mut egui::Ui, state: &AppState, cmds: &mut Vec<Command>) {
    let lang = state.lang();
    let p = &state.projection;
    let (mut seed, mut pca_init) = (p.seed, p.pca_init);
    let mut auto = p.learning_rate.is_none();
    let mut rate = p.learning_rate.unwrap_or(200.0);
    // Kept whole: in a wrapping row a label breaks anywhere ("シ" | "ード").
    let label = ui.add(egui::Label::new(tr(lang, Key::TsneSeed)).extend());
    let mut changed = ui
        .add(egui::DragValue::new(&mut seed).range(0..=u64::from(u32::MAX)))
        .labelled_by(label.id)
        .changed();
    changed |= ui
        .checkbox(&mut pca_init, tr(lang, Key::TsnePcaInit))
        .on_hover_text(tr(lang, Key::TsnePcaInitHover))
        .changed();
    changed |= ui
        .checkbox(&mut auto, tr(lang, Key::TsneAutoRate))
        .changed();
    if !auto {
        let label = ui.label(tr(lang, Key::TsneRate));
        changed |= ui
            .add(
                egui::DragValue::new(&mut rate)
                    .range(1.0..=10_000.0)
                    .speed(10.0),
            )
            .labelled_by(label.id)
            .changed();
    }
    if changed {
        cmds.push(Command::SetTsneOptions {
            seed,
            learning_rate: (!auto).then_some(rate),
            pca_init,
        });
    }
}

/// Perplexity and iterations, compute / cancel, progress.
fn tsne_controls_ui(ui: &mut egui::Ui, state: &AppState, cmds: &mut Vec<Command>) {
    let lang = state.lang();
    let p = &state.projection;
    let (mut perplexity, mut iterations) = (p.perplexity, p.iterations);
    let a = ui.add(
        egui::Slider::new(&mut perplexity, 2.0..=100.0)
            .text(tr(lang, Key::Perplexity))
            .fixed_decimals(0),
    );
    let b = ui.add(
        egui::Slider::new(&mut iterations, 250..=3000)
            .text(tr(lang, Key::Iterations))
            .step_by(50.0),
    );
    if a.changed() || b.changed() {
        cmds.push(Command::SetTsneParams(perplexity, iterations));
    }
    tsne_options_ui(ui, state, cmds);
    if p.running() {
        // As wide as the last iteration's text, so Cancel stays put while the count grows.
        let n = p.iterations.to_string();
        let widest = fill(
            tr(lang, Key::TsneRunning),
            &[("it", n.clone()), ("n", n.clone())],
        );
        let font = egui::TextStyle::Body.resolve(ui.style());
        let width = ui
            .painter()
            .layout_no_wrap(widest, font, egui::Color32::WHITE)
            .size()
            .x;
        let text = fill(
            tr(lang, Key::TsneRunning),
            &[("it", p.iteration.to_string()), ("n", n)],
        );
        ui.add_sized(
            [width + 4.0, ui.spacing().interact_size.y],
            egui::Label::new(text),
        );
        if ui.button(tr(lang, Key::Cancel)).clicked() {
            cmds.push(Command::CancelLayout);
        }
    } else if ui.button(tr(lang, Key::RunTsne)).clicked() {
        cmds.push(Command::RunTsne);
    }
    if let Some(t) = &p.tsne {
        if let Some(params) = &t.params {
            let used = fill(
                tr(lang, Key::TsneUsed),
                &[
                    ("perplexity", format!("{:.1}", t.out.perplexity)),
                    ("iterations", params.iterations.to_string()),
                    ("seed", params.seed.to_string()),
                ],
            );
            ui.label(RichText::new(used).small().weak());
        }
        for w in &t.out.warnings {
            ui.label(
                RichText::new(projection_warning(lang, w))
                    .small()
                    .color(ui.visuals().warn_fg_color),
            );
        }
    }
}
