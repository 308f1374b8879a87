//! The dimension study in the trade-off step: choose reductions (PCA, Gaussian or sparse random
//! projection) and target dimensions k, press Measure, and see for each copy how many of the
//! true 10 nearest neighbours it keeps against what its index costs — a table, and recall by k
//! per reduction. Each measured copy can be put on screen ("Use this copy"): the map and the
//! neighbour lists then come from the reduced vectors, labelled as such, until "Back to the full
//! vectors".
//!
//! Self-contained like [`super::tradeoff_ui`]: it draws a [`ReduceTable`] (or nothing yet) and
//! the progress of a running study, keeps the ticks in egui's memory, and returns what the user
//! asked for as a [`ReduceAction`]; the Learn step runs
//! [`crate::pipeline::tradeoff::reduce::reduce_study`] in its worker.

use std::collections::BTreeSet;

use egui::{Color32, RichText};
use egui_plot::{Line, Plot, Points};

use super::i18n::{Key, Lang, fill, tr};
use super::legend_row::{Swatch, legend_row_ui};
use crate::pipeline::tradeoff::human_bytes;
use crate::pipeline::tradeoff::reduce::{DEFAULT_REDUCE_DIMS, ReduceRow, ReduceTable};
use crate::project::reduce::{DimProblem, ReduceParams, Reduction};

/// Target dimensions offered (those below the vectors' dimension and within the rows are shown).
pub const OFFERED_REDUCE_DIMS: [usize; 8] = [2, 4, 8, 16, 32, 64, 128, 256];

/// What the user asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReduceAction {
    /// Nothing this frame.
    None,
    /// Measure these reductions at these k (both non-empty, sorted).
    Run {
        /// Reductions.
        reductions: Vec<Reduction>,
        /// Target dimensions.
        dims: Vec<usize>,
    },
    /// Stop the running study.
    Cancel,
    /// Put this reduced copy on screen.
    Use(Reduction, usize),
    /// Put the full vectors back on screen.
    UseFull,
}

/// What the panel shows.
#[derive(Debug, Clone, Copy)]
pub struct ReduceView<'a> {
    /// The last study of these vectors.
    pub table: Option<&'a ReduceTable>,
    /// Progress (0–1) of a study in flight.
    pub running: Option<f32>,
    /// Rows of the (full) vectors.
    pub items: usize,
    /// Their dimension.
    pub full_dim: usize,
    /// The reduced copy on screen, if any.
    pub in_use: Option<ReduceParams>,
    /// Items each study queries.
    pub queries: usize,
}

#[derive(Debug, Clone, PartialEq)]
struct Choice {
    reductions: BTreeSet<Reduction>,
    dims: Option<BTreeSet<usize>>,
}

impl Default for Choice {
    fn default() -> Self {
        Self {
            reductions: Reduction::ALL.into_iter().collect(),
            dims: None,
        }
    }
}

/// The reduction's name in the UI language.
#[must_use]
pub fn reduction_name(r: Reduction, lang: Lang) -> &'static str {
    tr(
        lang,
        match r {
            Reduction::Pca => Key::ReducePca,
            Reduction::Gaussian => Key::ReduceGaussian,
            Reduction::Sparse => Key::ReduceSparse,
        },
    )
}

/// The method that made the studied vectors (`imported`, `als`…) in the UI language.
fn vectors_name(method: &str, lang: Lang) -> String {
    let key = match method {
        "imported" => Key::MethodImported,
        "features" => Key::MethodFeatures,
        "content" => Key::MethodText,
        "als" => Key::MethodAls,
        "item2vec" => Key::MethodItem2Vec,
        "hybrid" => Key::MethodHybrid,
        "text_model" => Key::MethodTextModel,
        other => return other.to_owned(),
    };
    tr(lang, key).to_owned()
}

fn row_name(row: &ReduceRow, lang: Lang) -> &'static str {
    row.reduction_kind()
        .map_or(tr(lang, Key::ReduceNone), |r| reduction_name(r, lang))
}

fn color(r: Option<Reduction>) -> Color32 {
    match r {
        None => Color32::GRAY,
        Some(Reduction::Pca) => Color32::from_rgb(70, 140, 255),
        Some(Reduction::Gaussian) => Color32::from_rgb(255, 120, 50),
        Some(Reduction::Sparse) => Color32::from_rgb(60, 170, 90),
    }
}

/// The k the vectors can be reduced to, of those offered.
fn offered(view: &ReduceView<'_>) -> Vec<usize> {
    OFFERED_REDUCE_DIMS
        .into_iter()
        .filter(|&k| k < view.full_dim && DimProblem::of(k, view.items, view.full_dim).is_none())
        .collect()
}

/// Draw the panel.
pub fn reduce_ui(ui: &mut egui::Ui, view: &ReduceView<'_>, lang: Lang) -> ReduceAction {
    ui.heading(tr(lang, Key::ReduceTitle));
    ui.label(
        RichText::new(fill(
            tr(lang, Key::ReduceHint),
            &[
                ("n", view.items.to_string()),
                ("d", view.full_dim.to_string()),
                ("q", view.queries.min(view.items).to_string()),
            ],
        ))
        .small(),
    );
    let mut action = controls_ui(ui, view, lang);
    if let Some(p) = view.in_use {
        ui.horizontal(|ui| {
            ui.label(
                RichText::new(fill(
                    tr(lang, Key::ReduceOnScreen),
                    &[
                        ("reduction", reduction_name(p.reduction, lang).to_owned()),
                        ("k", p.dim.to_string()),
                        ("d", view.full_dim.to_string()),
                    ],
                ))
                .strong(),
            );
            if ui.button(tr(lang, Key::ReduceUseFull)).clicked() {
                action = ReduceAction::UseFull;
            }
        });
    }
    let Some(t) = view.table else {
        if view.running.is_none() {
            ui.label(RichText::new(tr(lang, Key::ReduceEmpty)).weak());
        }
        return action;
    };
    ui.label(
        RichText::new(fill(
            tr(lang, Key::ReduceSummary),
            &[
                ("vectors", vectors_name(&t.vectors, lang)),
                ("n", t.items.to_string()),
                ("d", t.full_dim.to_string()),
                ("q", t.queries.to_string()),
                ("s", format!("{:.1}", t.total_s)),
            ],
        ))
        .small(),
    );
    egui::ScrollArea::horizontal()
        .id_salt("reduce_table_scroll")
        .show(ui, |ui| {
            if let Some(a) = table_ui(ui, t, view.in_use, lang) {
                action = a;
            }
        });
    for s in &t.skipped {
        let why = match s.problem {
            DimProblem::Zero => tr(lang, Key::ReduceWhyZero).to_owned(),
            DimProblem::AboveDimension { vectors } => {
                fill(tr(lang, Key::ReduceWhyDim), &[("d", vectors.to_string())])
            }
            DimProblem::AboveRows { rows } => {
                fill(tr(lang, Key::ReduceWhyRows), &[("n", rows.to_string())])
            }
        };
        let name = Reduction::parse(s.reduction).map_or(s.reduction, |r| reduction_name(r, lang));
        ui.label(
            RichText::new(fill(
                tr(lang, Key::ReduceSkipped),
                &[
                    ("reduction", name.to_owned()),
                    ("k", s.dim.to_string()),
                    ("why", why),
                ],
            ))
            .weak(),
        );
    }
    ui.add_space(6.0);
    chart_ui(ui, t, lang);
    action
}

fn controls_ui(ui: &mut egui::Ui, view: &ReduceView<'_>, lang: Lang) -> ReduceAction {
    let id = egui::Id::unique("embedscope.reduce.choice");
    let mut choice: Choice = ui.data_mut(|d| d.get_temp(id)).unwrap_or_default();
    let offered = offered(view);
    let mut dims = choice.dims.clone().unwrap_or_else(|| {
        let defaults: BTreeSet<usize> = DEFAULT_REDUCE_DIMS
            .into_iter()
            .filter(|k| offered.contains(k))
            .collect();
        if defaults.is_empty() {
            offered.last().copied().into_iter().collect()
        } else {
            defaults
        }
    });
    dims.retain(|k| offered.contains(k));
    let mut action = ReduceAction::None;
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(tr(lang, Key::ReduceReductions)).strong());
        for r in Reduction::ALL {
            let mut on = choice.reductions.contains(&r);
            if ui.checkbox(&mut on, reduction_name(r, lang)).changed() {
                if on {
                    choice.reductions.insert(r);
                } else {
                    choice.reductions.remove(&r);
                }
            }
        }
        ui.separator();
        ui.label(RichText::new(tr(lang, Key::ReduceDims)).strong());
        for &k in &offered {
            let mut on = dims.contains(&k);
            if ui.checkbox(&mut on, format!("k={k}")).changed() {
                if on {
                    dims.insert(k);
                } else {
                    dims.remove(&k);
                }
            }
        }
        if offered.is_empty() {
            ui.label(
                RichText::new(fill(
                    tr(lang, Key::ReduceDimTooBig),
                    &[
                        ("d", view.full_dim.to_string()),
                        ("n", view.items.to_string()),
                    ],
                ))
                .weak(),
            );
        }
    });
    ui.horizontal(|ui| {
        if let Some(p) = view.running {
            if super::tradeoff_ui::measuring_ui(ui, lang, p) {
                action = ReduceAction::Cancel;
            }
            return;
        }
        let ready = !choice.reductions.is_empty() && !dims.is_empty();
        let button = ui
            .add_enabled(ready, egui::Button::new(tr(lang, Key::ReduceMeasure)))
            .on_hover_text(tr(lang, Key::ReduceMeasureHover));
        if !ready {
            ui.label(RichText::new(tr(lang, Key::ReduceChooseSome)).weak());
        }
        if button.clicked() {
            action = ReduceAction::Run {
                reductions: choice.reductions.iter().copied().collect(),
                dims: dims.iter().copied().collect(),
            };
        }
    });
    choice.dims = Some(dims);
    ui.data_mut(|d| d.insert_temp(id, choice));
    action
}

fn table_ui(
    ui: &mut egui::Ui,
    t: &ReduceTable,
    in_use: Option<ReduceParams>,
    lang: Lang,
) -> Option<ReduceAction> {
    let mut action = None;
    egui::Grid::new("reduce_table")
        .striped(true)
        .spacing([14.0, 4.0])
        .show(ui, |ui| {
            let headers = [
                (Key::ReduceColReduction, None),
                (Key::ReduceColDim, None),
                (Key::ReduceColRecall, Some(Key::ReduceRecallHover)),
                (Key::TradeoffColIndex, Some(Key::TradeoffIndexHover)),
                (Key::TradeoffColBuild, None),
                (Key::ReduceColReduceMs, None),
                (Key::TradeoffColP50, Some(Key::TradeoffLatencyHover)),
                (Key::ReduceColUse, None),
            ];
            for (key, hover) in headers {
                let label = ui.label(RichText::new(tr(lang, key)).weak());
                if let Some(h) = hover {
                    label.on_hover_text(tr(lang, h));
                }
            }
            ui.end_row();
            for r in &t.rows {
                let mono = |s: String| RichText::new(s).monospace();
                ui.label(RichText::new(row_name(r, lang)).color(color(r.reduction_kind())));
                ui.label(mono(r.dim.to_string()));
                ui.label(mono(format!("{:.3}", r.neighbour_recall_at_10)));
                ui.label(mono(human_bytes(r.index_bytes)));
                ui.label(mono(format!("{:.2}", r.build_ms)));
                ui.label(mono(format!("{:.1}", r.reduce_ms)));
                ui.label(mono(format!("{:.1}", r.latency_us_p50)));
                match r.reduction_kind() {
                    Some(kind) if in_use.is_some_and(|p| p.reduction == kind && p.dim == r.dim) => {
                        ui.label(RichText::new(tr(lang, Key::ReduceInUse)).strong());
                    }
                    Some(kind) => {
                        if ui
                            .button(tr(lang, Key::ReduceUse))
                            .on_hover_text(tr(lang, Key::ReduceUseHover))
                            .clicked()
                        {
                            action = Some(ReduceAction::Use(kind, r.dim));
                        }
                    }
                    None => {
                        ui.label("");
                    }
                }
                ui.end_row();
            }
        });
    action
}

/// Recall by k, one line per reduction, the full vectors' recall as a dashed level.
fn chart_ui(ui: &mut egui::Ui, t: &ReduceTable, lang: Lang) {
    ui.label(RichText::new(tr(lang, Key::ReduceChart)).strong());
    let keys: Vec<_> = Reduction::ALL
        .into_iter()
        .filter(|r| t.rows.iter().any(|row| row.reduction_kind() == Some(*r)))
        .map(|r| {
            (
                Swatch::Line(color(Some(r)), false),
                reduction_name(r, lang).to_owned(),
            )
        })
        .collect();
    legend_row_ui(ui, &keys);
    Plot::new("reduce_recall")
        .height(200.0)
        .include_y(0.0)
        .include_y(1.0)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .x_axis_label(tr(lang, Key::ReduceColDim))
        .y_axis_label(tr(lang, Key::ReduceColRecall))
        .show(ui, |pui| {
            for r in Reduction::ALL {
                let pts: Vec<[f64; 2]> = t
                    .rows
                    .iter()
                    .filter(|row| row.reduction_kind() == Some(r))
                    .map(|row| [row.dim as f64, row.neighbour_recall_at_10])
                    .collect();
                if pts.is_empty() {
                    continue;
                }
                let name = reduction_name(r, lang);
                pui.line(Line::new(name, pts.clone()).color(color(Some(r))));
                pui.points(Points::new(name, pts).color(color(Some(r))).radius(3.5));
            }
        });
}
