//! The trade-off panel (issue 6, step 5): choose latent dimensions and index kinds, press
//! Measure, and see what each setting costs and buys — a table, Recall@k against query latency
//! (one labelled point per setting, "d=32 exact"), and index size by dimension for both indexes.
//!
//! Self-contained: it draws a [`TradeoffTable`] (or nothing yet) and the progress of a running
//! measurement, keeps the checkbox choices in egui's memory, and returns what the user asked for
//! as a [`TradeoffAction`]; the app runs [`crate::pipeline::tradeoff::tradeoff`] in its worker.
//!
//! Hooking it into the app:
//! - state: `job: Option<Job<TradeoffTable>>`, `progress: f32`, `table: Option<(PathBuf,
//!   TradeoffTable)>` (the dataset root it belongs to), `error: Option<PipelineError>`;
//! - draw: `tradeoff_ui(ui, table, job.is_some().then_some(progress), lang)`; `Run { dims,
//!   indexes }` → `Job::spawn_task("embedscope-tradeoff", move |p| tradeoff(&data,
//!   &TradeoffParams { dims, indexes, ..TradeoffParams::default() }, p), wake)`; `Cancel` →
//!   `job.cancel()`;
//! - drain: `job.poll_fraction(&mut progress)` (the steps count settings: one ALS fit per
//!   dimension plus one per index); `Some(Ok(t))` → the table; `Err(Cancelled)` → nothing; other errors →
//!   `error_message(lang, &e)` (no interactions, for instance).

use std::collections::BTreeSet;

use egui::{Color32, RichText};
use egui_plot::{Bar, BarChart, Line, MarkerShape, Plot, PlotPoint, Points, Text};

use super::i18n::{Key, Lang, fill, tr};
use super::legend_row::{Swatch, legend_row_ui};
use crate::pipeline::tradeoff::{DEFAULT_DIMS, IndexKind, TradeoffRow, TradeoffTable, human_bytes};

/// Dimensions offered as checkboxes ([`DEFAULT_DIMS`] start ticked).
pub const OFFERED_DIMS: [usize; 7] = [4, 8, 16, 32, 64, 128, 256];
const EXACT_COLOR: Color32 = Color32::from_rgb(70, 140, 255);
const HNSW_COLOR: Color32 = Color32::from_rgb(255, 120, 50);

/// What the user asked for in the panel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TradeoffAction {
    /// Nothing this frame.
    None,
    /// Measure these settings (dims ascending, indexes exact first; both non-empty).
    Run {
        /// Latent dimensions.
        dims: Vec<usize>,
        /// Index kinds.
        indexes: Vec<IndexKind>,
    },
    /// Stop the running measurement.
    Cancel,
}

/// The ticked checkboxes, kept in egui's memory between frames.
#[derive(Debug, Clone, PartialEq)]
struct Choice {
    dims: BTreeSet<usize>,
    exact: bool,
    hnsw: bool,
}

impl Default for Choice {
    fn default() -> Self {
        Self {
            dims: DEFAULT_DIMS.into_iter().collect(),
            exact: true,
            hnsw: true,
        }
    }
}

/// Draw the panel. `running` is the progress (0–1) of a measurement in flight.
pub fn tradeoff_ui(
    ui: &mut egui::Ui,
    table: Option<&TradeoffTable>,
    running: Option<f32>,
    lang: Lang,
) -> TradeoffAction {
    let k = table.map_or(10, |t| t.k);
    ui.heading(tr(lang, Key::TradeoffTitle));
    ui.label(RichText::new(fill(tr(lang, Key::TradeoffHint), &[("k", k.to_string())])).small());
    let action = controls_ui(ui, running, lang);
    ui.separator();
    let Some(t) = table else {
        // "Nothing measured yet" only while nothing is being measured.
        if running.is_none() {
            ui.label(RichText::new(tr(lang, Key::TradeoffEmpty)).weak());
        }
        return action;
    };
    ui.label(
        RichText::new(fill(
            tr(lang, Key::TradeoffSummary),
            &[
                ("users", t.users_evaluated.to_string()),
                ("items", t.items.to_string()),
                ("k", t.k.to_string()),
                ("it", t.params.als.iterations.to_string()),
                ("s", format!("{:.1}", t.total_s)),
            ],
        ))
        .small(),
    );
    egui::ScrollArea::horizontal()
        .id_salt("tradeoff_table_scroll")
        .show(ui, |ui| table_ui(ui, t, lang));
    ui.add_space(6.0);
    ui.columns(2, |cols| {
        accuracy_chart_ui(&mut cols[0], t, lang);
        memory_chart_ui(&mut cols[1], t, lang);
    });
    action
}

/// `d=32 exact` in the UI language.
fn setting_label(row: &TradeoffRow, lang: Lang) -> String {
    format!("d={} {}", row.dim, index_name(row.index, lang))
}

fn index_name(kind: IndexKind, lang: Lang) -> &'static str {
    tr(
        lang,
        match kind {
            IndexKind::Exact => Key::TradeoffExact,
            IndexKind::Hnsw => Key::TradeoffHnsw,
        },
    )
}

fn controls_ui(ui: &mut egui::Ui, running: Option<f32>, lang: Lang) -> TradeoffAction {
    let id = egui::Id::unique("embedscope.tradeoff.choice");
    let mut choice: Choice = ui.data_mut(|d| d.get_temp(id)).unwrap_or_default();
    let mut action = TradeoffAction::None;
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(tr(lang, Key::TradeoffDims)).strong());
        for d in OFFERED_DIMS {
            let mut on = choice.dims.contains(&d);
            if ui.checkbox(&mut on, d.to_string()).changed() {
                if on {
                    choice.dims.insert(d);
                } else {
                    choice.dims.remove(&d);
                }
            }
        }
        ui.separator();
        ui.label(RichText::new(tr(lang, Key::TradeoffIndexes)).strong());
        ui.checkbox(&mut choice.exact, tr(lang, Key::TradeoffExactChoice));
        ui.checkbox(&mut choice.hnsw, tr(lang, Key::TradeoffHnswChoice));
    });
    ui.horizontal(|ui| {
        if let Some(p) = running {
            if measuring_ui(ui, lang, p) {
                action = TradeoffAction::Cancel;
            }
            return;
        }
        let indexes: Vec<IndexKind> = [
            (choice.exact, IndexKind::Exact),
            (choice.hnsw, IndexKind::Hnsw),
        ]
        .into_iter()
        .filter_map(|(on, k)| on.then_some(k))
        .collect();
        let ready = !choice.dims.is_empty() && !indexes.is_empty();
        let button = ui
            .add_enabled(ready, egui::Button::new(tr(lang, Key::TradeoffMeasure)))
            .on_hover_text(tr(lang, Key::TradeoffMeasureHover));
        if !ready {
            ui.label(RichText::new(tr(lang, Key::TradeoffChooseSome)).weak());
        }
        if button.clicked() {
            action = TradeoffAction::Run {
                dims: choice.dims.iter().copied().collect(),
                indexes,
            };
        }
    });
    ui.data_mut(|d| d.insert_temp(id, choice));
    action
}

/// A measurement in progress: spinner, percentage bar and Cancel. True when Cancel was clicked.
pub(crate) fn measuring_ui(ui: &mut egui::Ui, lang: Lang, p: f32) -> bool {
    ui.spinner();
    ui.add(
        egui::ProgressBar::new(p.clamp(0.0, 1.0))
            .desired_width(180.0)
            .text(fill(
                tr(lang, Key::TradeoffMeasuring),
                &[("p", format!("{:.0}", p.clamp(0.0, 1.0) * 100.0))],
            )),
    );
    ui.button(tr(lang, Key::Cancel)).clicked()
}

/// Width under which the table leaves out the training, memory and build columns (their
/// values move to the setting's tooltip), so that no column is cut at the panel's edge.
const FULL_TABLE_WIDTH: f32 = 1050.0;

/// The widest a column of the compact table gets: longer headers wrap.
const HEADER_WIDTH: f32 = 105.0;

/// One column: header, its tooltip, and whether the compact table keeps it.
struct Column {
    header: String,
    hover: Option<Key>,
    compact: bool,
}

fn columns(t: &TradeoffTable, lang: Lang) -> [Column; 11] {
    let k = [("k", t.k.to_string())];
    let col = |header: String, hover: Option<Key>, compact: bool| Column {
        header,
        hover,
        compact,
    };
    let plain = |key: Key| tr(lang, key).to_owned();
    [
        col(plain(Key::TradeoffColSetting), None, true),
        col(
            plain(Key::TradeoffColFit),
            Some(Key::TradeoffFitHover),
            false,
        ),
        col(
            plain(Key::TradeoffColVectors),
            Some(Key::TradeoffVectorsHover),
            true,
        ),
        col(
            plain(Key::TradeoffColIndex),
            Some(Key::TradeoffIndexHover),
            true,
        ),
        col(
            plain(Key::TradeoffColAllocated),
            Some(Key::TradeoffAllocatedHover),
            false,
        ),
        col(plain(Key::TradeoffColBuild), None, false),
        col(
            plain(Key::TradeoffColP50),
            Some(Key::TradeoffLatencyHover),
            true,
        ),
        col(
            plain(Key::TradeoffColP95),
            Some(Key::TradeoffP95Hover),
            true,
        ),
        col(
            fill(tr(lang, Key::TradeoffColRecall), &k),
            Some(Key::TradeoffRecallHover),
            true,
        ),
        col(
            fill(tr(lang, Key::TradeoffColNdcg), &k),
            Some(Key::TradeoffNdcgHover),
            true,
        ),
        col(
            plain(Key::TradeoffColAgreement),
            Some(Key::TradeoffAgreementHover),
            true,
        ),
    ]
}

fn table_ui(ui: &mut egui::Ui, t: &TradeoffTable, lang: Lang) {
    let compact = ui.available_width() < FULL_TABLE_WIDTH;
    let columns = columns(t, lang);
    let best_recall = t
        .settings
        .iter()
        .map(|r| r.recall_at_k)
        .fold(f64::NEG_INFINITY, f64::max);
    // Compact, the headers wrap onto two lines in columns of at most HEADER_WIDTH, so the
    // table also fits presenter mode's larger text (its last column was cut at 1920 × 1080).
    let grid = egui::Grid::new("tradeoff_table")
        .striped(true)
        .spacing([14.0, 4.0]);
    let grid = if compact {
        grid.max_col_width(HEADER_WIDTH)
    } else {
        grid
    };
    grid.show(ui, |ui| {
        for c in columns.iter().filter(|c| c.compact || !compact) {
            let header = egui::Label::new(RichText::new(&c.header).weak());
            let label = ui.add(if compact { header.wrap() } else { header });
            if let Some(h) = c.hover {
                label.on_hover_text(tr(lang, h));
            }
        }
        ui.end_row();
        for r in &t.settings {
            let mono = |s: String| RichText::new(s).monospace();
            let setting = ui.label(setting_label(r, lang));
            if compact {
                setting.on_hover_text(fill(
                    tr(lang, Key::TradeoffRowHover),
                    &[
                        ("fit", format!("{:.3}", r.fit_s)),
                        ("mem", human_bytes(r.allocated_bytes)),
                        ("build", format!("{:.2}", r.build_ms)),
                    ],
                ));
            } else {
                ui.label(mono(format!("{:.3}", r.fit_s)));
            }
            ui.label(mono(human_bytes(r.embedding_bytes)));
            ui.label(mono(human_bytes(r.index_bytes)));
            if !compact {
                ui.label(mono(human_bytes(r.allocated_bytes)));
                ui.label(mono(format!("{:.2}", r.build_ms)));
            }
            ui.label(mono(format!("{:.1}", r.latency_us_p50)));
            ui.label(mono(format!("{:.1}", r.latency_us_p95)));
            let recall = mono(format!("{:.4}", r.recall_at_k));
            // The best recall in bold (ties all bold).
            ui.label(if (r.recall_at_k - best_recall).abs() < 1e-12 {
                recall.strong()
            } else {
                recall
            });
            ui.label(mono(format!("{:.4}", r.ndcg_at_k)));
            ui.label(mono(format!("{:.3}", r.exact_agreement)));
            ui.end_row();
        }
    });
}

fn series(t: &TradeoffTable, kind: IndexKind) -> impl Iterator<Item = &TradeoffRow> {
    t.settings.iter().filter(move |r| r.index == kind)
}

fn color(kind: IndexKind) -> Color32 {
    match kind {
        IndexKind::Exact => EXACT_COLOR,
        IndexKind::Hnsw => HNSW_COLOR,
    }
}

/// Recall@k (y) against median latency (x): one point per setting, each index a line through
/// its dimensions in ascending order, each point labelled.
fn accuracy_chart_ui(ui: &mut egui::Ui, t: &TradeoffTable, lang: Lang) {
    let k = [("k", t.k.to_string())];
    ui.label(RichText::new(fill(tr(lang, Key::TradeoffChartAccuracy), &k)).strong());
    // Latency from 0 (so "how many times faster" reads off the axis); recall fitted to the
    // points, since the settings differ by hundredths. No legend: every point is labelled, and
    // a legend box would hide whichever corner the data reach.
    Plot::new("tradeoff_accuracy")
        .height(240.0)
        .include_x(0.0)
        .x_axis_label(tr(lang, Key::TradeoffAxisLatency))
        .y_axis_label(fill(tr(lang, Key::TradeoffColRecall), &k))
        .show(ui, |pui| {
            // Where each label goes (or none), decided on screen so no two overlap.
            let font = egui::TextStyle::Small.resolve(&pui.ctx().global_style());
            let transform = *pui.transform();
            let labelled: Vec<(&TradeoffRow, String)> = [IndexKind::Exact, IndexKind::Hnsw]
                .into_iter()
                .flat_map(|kind| series(t, kind))
                .map(|r| (r, setting_label(r, lang)))
                .collect();
            let boxes: Vec<(egui::Pos2, egui::Vec2)> = labelled
                .iter()
                .map(|(r, text)| {
                    let at = transform
                        .position_from_point(&PlotPoint::new(r.latency_us_p50, r.recall_at_k));
                    let size = pui
                        .ctx()
                        .fonts_mut(|f| f.layout_no_wrap(text.clone(), font.clone(), Color32::WHITE))
                        .size();
                    (at, size)
                })
                .collect();
            let markers: Vec<egui::Rect> = boxes
                .iter()
                .map(|(p, _)| egui::Rect::from_center_size(*p, egui::vec2(9.0, 9.0)))
                .collect();
            let anchors = super::label_place::place_labels(&boxes, &markers, *transform.frame());
            for kind in [IndexKind::Exact, IndexKind::Hnsw] {
                let pts: Vec<[f64; 2]> = series(t, kind)
                    .map(|r| [r.latency_us_p50, r.recall_at_k])
                    .collect();
                if pts.is_empty() {
                    continue;
                }
                let name = index_name(kind, lang);
                pui.line(Line::new(name, pts.clone()).color(color(kind)).width(1.0));
                pui.points(Points::new(name, pts).color(color(kind)).radius(4.0).shape(
                    match kind {
                        IndexKind::Exact => MarkerShape::Circle,
                        IndexKind::Hnsw => MarkerShape::Diamond,
                    },
                ));
                for (((r, text), anchor), (at, _)) in labelled.iter().zip(&anchors).zip(&boxes) {
                    let Some(anchor) = anchor.filter(|_| r.index == kind) else {
                        continue;
                    };
                    let shifted = super::label_place::label_anchor_point(*at, anchor);
                    pui.text(
                        Text::new(
                            "",
                            transform.value_from_position(shifted),
                            RichText::new(text.as_str()).small(),
                        )
                        .id(("tradeoff_label", r.dim, r.index.as_str()))
                        .anchor(anchor)
                        .color(color(kind)),
                    );
                }
            }
        });
}

/// Index size per dimension: a bar per index kind at each measured dimension.
fn memory_chart_ui(ui: &mut egui::Ui, t: &TradeoffTable, lang: Lang) {
    ui.label(RichText::new(tr(lang, Key::TradeoffChartMemory)).strong());
    let dims: Vec<usize> = {
        let mut d: Vec<usize> = t.settings.iter().map(|r| r.dim).collect();
        d.dedup();
        d
    };
    let max = t.settings.iter().map(|r| r.index_bytes).max().unwrap_or(0);
    let (unit, scale) = if max >= 1 << 20 {
        ("MiB", f64::from(1u32 << 20))
    } else {
        ("KiB", 1024.0)
    };
    let labels = dims.clone();
    let keys: Vec<_> = [IndexKind::Exact, IndexKind::Hnsw]
        .into_iter()
        .filter(|kind| series(t, *kind).next().is_some())
        .map(|kind| {
            (
                Swatch::Block(color(kind)),
                index_name(kind, lang).to_owned(),
            )
        })
        .collect();
    legend_row_ui(ui, &keys);
    Plot::new("tradeoff_memory")
        .height(240.0)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .x_axis_label(tr(lang, Key::TradeoffAxisDim))
        .y_axis_label(fill(
            tr(lang, Key::TradeoffAxisSize),
            &[("unit", unit.to_owned())],
        ))
        .x_axis_formatter(move |mark, _| {
            let i = mark.value.round();
            if (mark.value - i).abs() > 1e-6 || i < 0.0 {
                return String::new();
            }
            labels
                .get(i as usize)
                .map(ToString::to_string)
                .unwrap_or_default()
        })
        .show(ui, |pui| {
            for (kind, offset) in [(IndexKind::Exact, -0.2), (IndexKind::Hnsw, 0.2)] {
                let bars: Vec<Bar> = series(t, kind)
                    .filter_map(|r| {
                        let i = dims.iter().position(|d| *d == r.dim)?;
                        Some(
                            Bar::new(i as f64 + offset, r.index_bytes as f64 / scale)
                                .width(0.4)
                                .name(setting_label(r, lang)),
                        )
                    })
                    .collect();
                if !bars.is_empty() {
                    pui.bar_chart(BarChart::new(index_name(kind, lang), bars).color(color(kind)));
                }
            }
        });
}
