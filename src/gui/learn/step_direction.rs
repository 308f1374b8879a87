//! Step 2, "distance vs direction": two items as arrows from the origin (for standardised
//! features, the average item), drawn in the plane the two arrows span — so their lengths, the
//! angle between them and the distance between their tips are the true ones, whatever the
//! dimension (a PCA map would distort all three). The segment between the tips carries the
//! Euclidean distance, an arc at the origin the angle and the cosine similarity. Buttons edit a
//! what-if copy of the second item (double one feature, or scale its whole vector) and every
//! number is recomputed: scaling the whole arrow keeps the cosine, doubling one feature turns
//! the arrow too. The first item's neighbour lists are searched with the copy in place.

use egui::{Color32, RichText};

use super::lists::lists_ui;
use super::picker::pick_ui;
use super::plot::{self, B_COLOR, GHOST_COLOR};
use super::{Memo, row_or};
use crate::gui::i18n::{Key, Lang, fill, tr};
use crate::gui::state::AppState;
use crate::index::{Metric, QueryError};
use crate::pipeline::RunOutput;
use crate::pipeline::whatif::{Lists, Plane, place, plane, rank, search_both, vector_from_raw};

mod draw;

/// What the outcome is computed from: both picks, the edit (raw copy, scale bits) and k.
type Inputs = (u32, u32, Option<Vec<f64>>, u32, usize);

/// Everything the step shows, computed from the picks and the edit.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// The first item against the second as stored.
    pub before: Plane,
    /// The first item against the second's what-if copy.
    pub after: Plane,
    /// The first item's neighbours, the second standing at its copy.
    pub lists: Result<Lists, QueryError>,
    /// The second's rank among the first's neighbours (Euclidean, cosine), before and after.
    pub ranks: [[Option<usize>; 2]; 2],
    /// Map positions of the first, the second, and the second's copy.
    pub xy: [Option<[f64; 2]>; 3],
}

/// Step 2's picks and its what-if copy of the second item.
#[derive(Debug, Default)]
pub struct DirectionStep {
    /// First item (row).
    pub a: u32,
    /// Second item (row).
    pub b: u32,
    /// The feature the "double" button doubles.
    pub feature: usize,
    /// The copy's raw features, when a feature was doubled.
    pub b_raw: Option<Vec<f64>>,
    /// Factor on the copy's whole vector.
    pub b_scale: f32,
    outcome: Memo<Inputs, Outcome>,
}

impl DirectionStep {
    /// Defaults for `run`: cafés c001 and c003 (same direction, 2.2× as long); elsewhere the
    /// first item and its most similar item by direction.
    #[must_use]
    pub fn new(run: &RunOutput) -> Self {
        let items = &run.data.items;
        let a = row_or(items, "c001", 0);
        let b = items.find("c003").unwrap_or_else(|| {
            let q = run.index.row(a as usize).to_vec();
            run.index
                .search(&q, 1, Metric::Cosine, |p| {
                    p < items.len() && p != a as usize
                })
                .ok()
                .and_then(|h| h.first().map(|h| h.row))
                .unwrap_or_else(|| (a + 1).min(items.len().saturating_sub(1) as u32))
        });
        Self {
            a,
            b,
            feature: 0,
            b_raw: None,
            b_scale: 1.0,
            outcome: Memo::default(),
        }
    }

    /// Whether the second item is edited.
    #[must_use]
    pub fn edited(&self) -> bool {
        self.b_raw.is_some() || (self.b_scale - 1.0).abs() > f32::EPSILON
    }

    /// The step's numbers (recomputed only when a pick or the edit changed).
    pub fn outcome(&mut self, run: &RunOutput, k: usize) -> &Outcome {
        let key = (
            self.a,
            self.b,
            self.b_raw.clone(),
            self.b_scale.to_bits(),
            k,
        );
        let (a, b) = (self.a as usize, self.b as usize);
        let (b_raw, scale) = (self.b_raw.clone(), self.b_scale);
        self.outcome.get(key, || {
            let va = run.index.row(a).to_vec();
            let vb = run.index.row(b).to_vec();
            let copy: Vec<f32> = b_raw
                .and_then(|r| vector_from_raw(&run.embeddings, &r))
                .unwrap_or_else(|| vb.clone())
                .iter()
                .map(|x| x * scale)
                .collect();
            let items = run.data.items.len();
            let accept = |p: usize| p < items && p != a;
            let ranks = |v: &[f32]| {
                [Metric::Euclidean, Metric::Cosine].map(|m| rank(run, &va, b, v, m, accept))
            };
            Outcome {
                before: plane(&va, &vb),
                after: plane(&va, &copy),
                lists: search_both(run, &va, k, accept, Some((b, &copy))),
                ranks: [ranks(&vb), ranks(&copy)],
                xy: [plot::pos(run, a), plot::pos(run, b), place(run, &copy)],
            }
        })
    }

    /// The numbers as last computed (for tests and tools).
    #[must_use]
    pub fn last_outcome(&self) -> Option<&Outcome> {
        self.outcome.last()
    }

    /// The step card: two pickers, the numbers, the what-if buttons, the neighbour lists.
    pub fn card_ui(&mut self, ui: &mut egui::Ui, state: &AppState, run: &RunOutput) {
        let lang = state.lang();
        let ja = lang.is_ja();
        let items = &run.data.items;
        for (salt, key, slot) in [
            ("direction-a", Key::LearnFirst, &mut self.a),
            ("direction-b", Key::LearnSecond, &mut self.b),
        ] {
            if let Some(r) = pick_ui(ui, salt, tr(lang, key), items, lang, Some(*slot), |_| true) {
                *slot = r;
                self.b_raw = None;
                self.b_scale = 1.0;
            }
        }
        let (name_a, name_b) = (
            items.name(self.a as usize, ja).to_owned(),
            items.name(self.b as usize, ja).to_owned(),
        );
        let out = self.outcome(run, state.settings.k).clone();
        ui.separator();
        numbers_ui(ui, lang, &out.after, &name_a, &name_b);
        ui.separator();
        self.edit_ui(ui, lang, run, &name_b);
        if self.edited() {
            change_ui(ui, lang, &out);
        }
        let [before, after] = out.ranks;
        let one = |r: Option<usize>| r.map_or_else(|| "—".to_owned(), |r| r.to_string());
        // After an edit, where the second item was and where its copy is.
        let show = |m: usize| {
            if before[m] == after[m] {
                one(after[m])
            } else {
                format!("{} → {}", one(before[m]), one(after[m]))
            }
        };
        ui.label(fill(
            tr(lang, Key::LearnRanks),
            &[
                ("a", name_a.clone()),
                ("b", name_b),
                ("e", show(0)),
                ("c", show(1)),
            ],
        ));
        ui.separator();
        ui.label(
            RichText::new(fill(tr(lang, Key::LearnNeighboursOf), &[("name", name_a)])).strong(),
        );
        lists_ui(
            ui,
            "direction",
            lang,
            run,
            &out.lists,
            Some((self.b as usize, B_COLOR)),
        );
    }

    /// Feature choice, "double it", "scale the whole arrow", reset.
    fn edit_ui(&mut self, ui: &mut egui::Ui, lang: Lang, run: &RunOutput, name_b: &str) {
        let features = &run.data.items.features;
        let labels = if lang.is_ja() {
            &features.labels_ja
        } else {
            &features.labels
        };
        let raw_units = !run.embeddings.raw_units.is_empty()
            && run.embeddings.raw_units.len() == features.dim();
        if raw_units {
            self.feature = self.feature.min(features.dim().saturating_sub(1));
            let feature = labels.get(self.feature).cloned().unwrap_or_default();
            ui.horizontal(|ui| {
                let label = ui.label(tr(lang, Key::LearnFeature));
                let combo = egui::ComboBox::from_id_salt("learn-direction-feature")
                    .selected_text(feature.as_str())
                    .show_ui(ui, |ui| {
                        for (j, l) in labels.iter().enumerate() {
                            ui.selectable_value(&mut self.feature, j, l.as_str());
                        }
                    });
                let _labelled = combo.response.labelled_by(label.id);
            });
            let text = fill(
                tr(lang, Key::LearnDoubleFeature),
                &[("feature", feature), ("name", name_b.to_owned())],
            );
            if ui.button(text).clicked() {
                let mut raw = self
                    .b_raw
                    .clone()
                    .unwrap_or_else(|| features.values.row(self.b as usize).to_vec());
                if let Some(x) = raw.get_mut(self.feature) {
                    *x *= 2.0;
                }
                self.b_raw = Some(raw);
            }
        }
        let text = fill(
            tr(lang, Key::LearnScaleVector),
            &[("name", name_b.to_owned())],
        );
        if ui.button(text).clicked() {
            self.b_scale *= 2.0;
        }
        if ui
            .add_enabled(self.edited(), egui::Button::new(tr(lang, Key::LearnReset)))
            .clicked()
        {
            self.b_raw = None;
            self.b_scale = 1.0;
        }
        if let Some(raw) = &self.b_raw {
            let old = features.values.row(self.b as usize);
            let changes: Vec<String> = raw
                .iter()
                .zip(old.iter())
                .zip(labels)
                .filter(|((new, old), _)| (*new - *old).abs() > 0.0)
                .map(|((new, old), l)| {
                    format!(
                        "{l}: {} → {}",
                        super::card::format_raw(*old),
                        super::card::format_raw(*new)
                    )
                })
                .collect();
            ui.label(RichText::new(changes.join(" · ")).color(GHOST_COLOR));
        }
        if (self.b_scale - 1.0).abs() > f32::EPSILON {
            let text = fill(
                tr(lang, Key::LearnScaled),
                &[("s", format!("{}", self.b_scale))],
            );
            ui.label(RichText::new(text).color(GHOST_COLOR));
        }
    }

    /// The plane drawing (top) and the map with both items and the copy (bottom).
    pub fn plot_ui(&mut self, ui: &mut egui::Ui, state: &AppState, run: &RunOutput) {
        let lang = state.lang();
        let ja = lang.is_ja();
        let names = [
            run.data.items.name(self.a as usize, ja).to_owned(),
            run.data.items.name(self.b as usize, ja).to_owned(),
        ];
        let edited = self.edited();
        let out = self.outcome(run, state.settings.k).clone();
        let height = (ui.available_height() * 0.6).max(200.0);
        // Standardised features are centred: their origin is the average item.
        let origin = if run.embeddings.raw_units.is_empty() {
            Key::LearnOriginZero
        } else {
            Key::LearnOriginAverage
        };
        draw::plane_ui(ui, lang, &out, &names, edited, tr(lang, origin), height);
        let keys = draw::map_keys(lang, &names, edited);
        plot::map_ui(ui, "direction", state, run, &keys, |pui| {
            draw::map_marks_ui(pui, lang, &out, &names, edited);
        });
    }
}

/// Distance, angle and cosine, and both lengths.
fn numbers_ui(ui: &mut egui::Ui, lang: Lang, p: &Plane, name_a: &str, name_b: &str) {
    ui.label(
        RichText::new(fill(
            tr(lang, Key::LearnDistanceValue),
            &[("d", format!("{:.3}", p.distance))],
        ))
        .strong()
        .color(crate::gui::neighbours_ui::EUCLID_COLOR),
    );
    let (angle, cosine) = angle_text(p);
    ui.label(
        RichText::new(fill(
            tr(lang, Key::LearnAngleValue),
            &[("a", angle), ("c", cosine)],
        ))
        .strong()
        .color(crate::gui::neighbours_ui::COSINE_COLOR),
    );
    ui.label(fill(
        tr(lang, Key::LearnLengths),
        &[
            ("a", name_a.to_owned()),
            ("la", format!("{:.3}", p.norms[0])),
            ("b", name_b.to_owned()),
            ("lb", format!("{:.3}", p.norms[1])),
        ],
    ));
}

/// The angle (one decimal, degrees) and cosine (three decimals), "—" for a zero vector.
#[must_use]
pub fn angle_text(p: &Plane) -> (String, String) {
    (
        p.angle_degrees
            .map_or_else(|| "—".to_owned(), |a| format!("{a:.1}")),
        p.cosine
            .map_or_else(|| "—".to_owned(), |c| format!("{c:.3}")),
    )
}

/// What the edit changed, in computed numbers.
fn change_ui(ui: &mut egui::Ui, lang: Lang, out: &Outcome) {
    let (b, a) = (&out.before, &out.after);
    let cos = |p: &Plane| {
        p.cosine
            .map_or_else(|| "—".to_owned(), |c| format!("{c:.3}"))
    };
    let same_direction = match (b.cosine, a.cosine) {
        (Some(x), Some(y)) => (x - y).abs() < 5e-4,
        _ => false,
    };
    let key = if same_direction {
        Key::LearnSameDirection
    } else {
        Key::LearnBothChanged
    };
    let text = fill(
        tr(lang, key),
        &[
            ("d0", format!("{:.3}", b.distance)),
            ("d1", format!("{:.3}", a.distance)),
            ("c0", cos(b)),
            ("c1", cos(a)),
        ],
    );
    ui.label(RichText::new(text).color(Color32::from_rgb(255, 220, 120)));
}
