//! Step 1, "a thing as numbers": pick an item, see its vector card, and move a slider per
//! numeric feature (in raw units: yen, metres) that edits a what-if copy of the item. The copy
//! is standardised with the run's own scaling (`v = (raw − mean) / scale · weight`), placed on
//! the map with the run's own PCA, and searched for its new nearest neighbours. For learned
//! vectors (ALS, text…) there are no raw units: the sliders move the vector's first dimensions.

use egui::RichText;
use egui_plot::{LineStyle, MarkerShape};

use super::card::{dim_labels, vector_card_ui};
use super::lists::lists_ui;
use super::picker::pick_ui;
use super::plot::{self, GHOST_COLOR};
use super::{Memo, row_or};
use crate::gui::i18n::{Key, Lang, fill, tr};
use crate::gui::legend_row::Swatch;
use crate::gui::neighbours_ui::{COSINE_COLOR, EUCLID_COLOR};
use crate::gui::state::AppState;
use crate::index::QueryError;
use crate::index::metric::euclidean;
use crate::pipeline::RunOutput;
use crate::pipeline::whatif::{Lists, place, search_both, vector_from_raw};

/// Sliders offered for learned vectors (their first dimensions).
const MAX_SLIDERS: usize = 8;

/// What the edited copy is and where it went.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The copy's vector.
    pub vector: Vec<f32>,
    /// The original item on the map.
    pub origin: Option<[f64; 2]>,
    /// The copy on the map.
    pub ghost: Option<[f64; 2]>,
    /// The copy's nearest items (the original left out).
    pub lists: Result<Lists, QueryError>,
}

/// Step 1's picks and its what-if copy.
#[derive(Debug, Default)]
pub struct VectorStep {
    /// The item (row).
    pub item: u32,
    /// The copy's values: raw feature values, or the vector's first dimensions.
    pub values: Vec<f64>,
    /// Whether `values` are raw feature units.
    pub raw_units: bool,
    ranges: Vec<(f64, f64)>,
    outcome: Memo<(u32, Vec<f64>, usize), Outcome>,
}

impl VectorStep {
    /// Defaults for `run`: café c001 if there is one, else the first item.
    #[must_use]
    pub fn new(run: &RunOutput) -> Self {
        let raw_units = !run.embeddings.raw_units.is_empty()
            && run.embeddings.raw_units.len() == run.data.items.features.dim();
        let columns = if raw_units {
            run.data.items.features.values.mapv(|x| x)
        } else {
            let items = run.data.items.len();
            let dims = run.index.dim().min(MAX_SLIDERS);
            run.index
                .data()
                .slice(ndarray::s![..items, ..dims])
                .mapv(f64::from)
        };
        let ranges = columns
            .columns()
            .into_iter()
            .map(|c| {
                let lo = c.iter().copied().fold(f64::INFINITY, f64::min);
                let hi = c.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                let span = if hi > lo { hi - lo } else { 1.0 };
                let low = lo - span / 4.0;
                (if lo >= 0.0 { low.max(0.0) } else { low }, hi + span / 4.0)
            })
            .collect();
        let mut step = Self {
            item: row_or(&run.data.items, "c001", 0),
            values: Vec::new(),
            raw_units,
            ranges,
            outcome: Memo::default(),
        };
        step.values = step.original(run);
        step
    }

    /// The picked item's own values.
    fn original(&self, run: &RunOutput) -> Vec<f64> {
        let r = self.item as usize;
        if self.raw_units {
            run.data.items.features.values.row(r).to_vec()
        } else {
            run.index
                .row(r)
                .iter()
                .take(MAX_SLIDERS)
                .map(|x| f64::from(*x))
                .collect()
        }
    }

    /// The copy's vector.
    fn vector(&self, run: &RunOutput) -> Vec<f32> {
        if self.raw_units
            && let Some(v) = vector_from_raw(&run.embeddings, &self.values)
        {
            return v;
        }
        let mut v = run.index.row(self.item as usize).to_vec();
        for (x, value) in v.iter_mut().zip(&self.values) {
            *x = *value as f32;
        }
        v
    }

    /// The copy, placed and searched (recomputed only when something changed).
    pub fn outcome(&mut self, run: &RunOutput, k: usize) -> &Outcome {
        let key = (self.item, self.values.clone(), k);
        let vector = self.vector(run);
        let item = self.item as usize;
        self.outcome.get(key, || {
            let items = run.data.items.len();
            Outcome {
                origin: plot::pos(run, item),
                ghost: place(run, &vector),
                lists: search_both(run, &vector, k, |p| p < items && p != item, None),
                vector,
            }
        })
    }

    /// The copy as last computed (for tests and tools).
    #[must_use]
    pub fn last_outcome(&self) -> Option<&Outcome> {
        self.outcome.last()
    }

    /// The step card: picker, sliders, reset, the copy's card and neighbours.
    pub fn card_ui(&mut self, ui: &mut egui::Ui, state: &AppState, run: &RunOutput) {
        let lang = state.lang();
        let items = &run.data.items;
        let picked = pick_ui(
            ui,
            "vector-item",
            tr(lang, Key::LearnItem),
            items,
            lang,
            Some(self.item),
            |_| true,
        );
        if let Some(r) = picked {
            self.item = r;
            self.values = self.original(run);
        }
        let r = self.item as usize;
        ui.label(
            RichText::new(format!(
                "{} · {}",
                &items.ids[r],
                run.data
                    .category_label(crate::data::Kind::Item, r, lang.is_ja())
            ))
            .weak(),
        );
        if !self.raw_units {
            ui.label(RichText::new(tr(lang, Key::LearnNoRawUnits)).weak());
        }
        self.sliders_ui(ui, lang, run);
        let original = self.original(run);
        if ui
            .add_enabled(
                self.values != original,
                egui::Button::new(tr(lang, Key::LearnReset)),
            )
            .clicked()
        {
            self.values = original;
        }
        ui.label(RichText::new(tr(lang, Key::LearnWhatIfNote)).weak());
        ui.separator();
        let stored = run.index.row(r).to_vec();
        let out = self.outcome(run, state.settings.k).clone();
        ui.label(RichText::new(tr(lang, Key::VectorCard)).strong());
        vector_card_ui(ui, "vector", lang, run, &out.vector, GHOST_COLOR);
        if let (Some(a), Some(b)) = (out.origin, out.ghost) {
            let moved = fill(
                tr(lang, Key::LearnMoved),
                &[
                    ("d", format!("{:.3}", (b[0] - a[0]).hypot(b[1] - a[1]))),
                    ("v", format!("{:.3}", euclidean(&stored, &out.vector))),
                ],
            );
            ui.label(moved);
        }
        ui.separator();
        ui.label(RichText::new(tr(lang, Key::LearnNewNeighbours)).strong());
        lists_ui(ui, "vector", lang, run, &out.lists, None);
    }

    fn sliders_ui(&mut self, ui: &mut egui::Ui, lang: Lang, run: &RunOutput) {
        let labels = dim_labels(run, lang);
        ui.spacing_mut().slider_width = 220.0;
        for (j, (value, &(lo, hi))) in self.values.iter_mut().zip(&self.ranges).enumerate() {
            let label = labels
                .get(j)
                .cloned()
                .unwrap_or_else(|| format!("#{}", j + 1));
            let decimals = if hi - lo >= 100.0 {
                0
            } else if hi - lo >= 1.0 {
                1
            } else {
                2
            };
            let (lo, hi) = (lo.min(*value), hi.max(*value));
            ui.add(
                egui::Slider::new(value, lo..=hi)
                    .text(label)
                    .fixed_decimals(decimals)
                    .clamping(egui::SliderClamping::Edits),
            );
        }
    }

    /// The map: the original ringed, an arrow to the copy, lines to the copy's neighbours.
    pub fn plot_ui(&mut self, ui: &mut egui::Ui, state: &AppState, run: &RunOutput) {
        let lang = state.lang();
        let name = run
            .data
            .items
            .name(self.item as usize, lang.is_ja())
            .to_owned();
        let out = self.outcome(run, state.settings.k).clone();
        let keys = [
            (Swatch::Line(EUCLID_COLOR, false), Key::LegendEuclid),
            (Swatch::Line(COSINE_COLOR, true), Key::LegendCosine),
            (Swatch::Ring(egui::Color32::WHITE), Key::LegendOriginal),
            (Swatch::Diamond(GHOST_COLOR), Key::LegendWhatIf),
        ]
        .map(|(s, k)| (s, tr(lang, k).to_owned()));
        plot::map_ui(ui, "vector", state, run, &keys, |pui| {
            let (Some(origin), Some(ghost)) = (out.origin, out.ghost) else {
                return;
            };
            if let Ok(lists) = &out.lists {
                let cosine = lists.cosine.as_deref().unwrap_or_default();
                for (list, key, color, style) in [
                    (
                        &lists.euclidean[..],
                        Key::LegendEuclid,
                        EUCLID_COLOR,
                        LineStyle::Solid,
                    ),
                    (
                        cosine,
                        Key::LegendCosine,
                        COSINE_COLOR,
                        LineStyle::dashed_loose(),
                    ),
                ] {
                    for h in list {
                        if let Some(to) = plot::pos(run, h.row as usize) {
                            pui.line(
                                egui_plot::Line::new(tr(lang, key), vec![ghost, to])
                                    .color(color)
                                    .width(1.4)
                                    .style(style)
                                    .allow_hover(false),
                            );
                        }
                    }
                }
            }
            plot::ring(
                pui,
                tr(lang, Key::LegendOriginal),
                origin,
                egui::Color32::WHITE,
                9.0,
            );
            plot::arrow(pui, "", origin, ghost, GHOST_COLOR, false);
            plot::dot(
                pui,
                tr(lang, Key::LegendWhatIf),
                ghost,
                GHOST_COLOR,
                MarkerShape::Diamond,
            );
            plot::label(pui, ghost, &format!(" {name}"), GHOST_COLOR);
        });
    }
}
