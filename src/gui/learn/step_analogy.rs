//! Step 3, "vector arithmetic": A − B + C ≈ ? over whatever vectors the run has (for the cafés,
//! "Ramen Umi − Café Yuki + Bistro Minato": the step from a mild café to a spicy ramen shop,
//! applied to a bistro; with word vectors loaded, king − man + woman). The answers come from
//! [`crate::pipeline::analogy`] under both metrics. On the map, B → A (dashed) and C → ? are the
//! same arrow: PCA is linear, so the projection of A − B + C is exactly the projected A − B + C.

use egui::RichText;
use egui_plot::MarkerShape;

use super::lists::lists_ui;
use super::picker::pick_ui;
use super::plot::{self, A_COLOR, B_COLOR, C_COLOR, GHOST_COLOR};
use super::{Memo, row_or};
use crate::gui::i18n::{Key, fill, tr};
use crate::gui::legend_row::Swatch;
use crate::gui::neighbours_ui::{COSINE_COLOR, EUCLID_COLOR};
use crate::gui::state::AppState;
use crate::pipeline::RunOutput;
use crate::pipeline::analogy::{Analogy, analogy};
use crate::pipeline::whatif::{Lists, place};

/// Largest number of answers offered.
const MAX_K: usize = 20;

/// The answer and where everything is on the map.
#[derive(Debug, Clone)]
pub struct Outcome {
    /// A − B + C and its nearest items.
    pub answer: Result<Analogy, String>,
    /// Map positions of A, B, C and the target.
    pub xy: [Option<[f64; 2]>; 4],
}

/// Step 3's picks.
#[derive(Debug, Default)]
pub struct AnalogyStep {
    /// A (item row).
    pub a: u32,
    /// B (item row), subtracted.
    pub b: u32,
    /// C (item row), added.
    pub c: u32,
    /// Answers per metric.
    pub k: usize,
    outcome: Memo<(u32, u32, u32, usize), Outcome>,
}

impl AnalogyStep {
    /// Defaults for `run`: Ramen Umi − Café Yuki + Bistro Minato on the cafés, king − man +
    /// woman on word vectors, else the first three items.
    #[must_use]
    pub fn new(run: &RunOutput) -> Self {
        let items = &run.data.items;
        let find = |ids: [&str; 3]| -> Option<[u32; 3]> {
            Some([
                items.find(ids[0])?,
                items.find(ids[1])?,
                items.find(ids[2])?,
            ])
        };
        let [a, b, c] = find(["c022", "c010", "c099"])
            .or_else(|| find(["king", "man", "woman"]))
            .unwrap_or_else(|| [0, 1, 2].map(|i| row_or(items, "", i)));
        Self {
            a,
            b,
            c,
            k: 5,
            outcome: Memo::default(),
        }
    }

    /// The answer (recomputed only when a pick or k changed).
    pub fn outcome(&mut self, run: &RunOutput) -> &Outcome {
        let (a, b, c, k) = (self.a, self.b, self.c, self.k);
        self.outcome.get((a, b, c, k), || {
            let answer = analogy(run, a, b, c, k);
            let target = answer.as_ref().ok().and_then(|x| place(run, &x.target));
            let at = |r: u32| plot::pos(run, r as usize);
            Outcome {
                xy: [at(a), at(b), at(c), target],
                answer,
            }
        })
    }

    /// The answer as last computed (for tests and tools).
    #[must_use]
    pub fn last_outcome(&self) -> Option<&Outcome> {
        self.outcome.last()
    }

    /// The step card: A, B, C, k, the target in raw units, both answer lists.
    pub fn card_ui(&mut self, ui: &mut egui::Ui, state: &AppState, run: &RunOutput) {
        let lang = state.lang();
        let ja = lang.is_ja();
        let items = &run.data.items;
        for (salt, key, slot) in [
            ("analogy-a", Key::LearnA, &mut self.a),
            ("analogy-b", Key::LearnB, &mut self.b),
            ("analogy-c", Key::LearnC, &mut self.c),
        ] {
            if let Some(r) = pick_ui(ui, salt, tr(lang, key), items, lang, Some(*slot), |_| true) {
                *slot = r;
            }
        }
        ui.add(egui::Slider::new(&mut self.k, 1..=MAX_K).text(tr(lang, Key::K)));
        let name = |r: u32| items.name(r as usize, ja).to_owned();
        let formula = format!("{} − {} + {} ≈ ?", name(self.a), name(self.b), name(self.c));
        ui.label(RichText::new(formula).size(16.0).strong());
        let out = self.outcome(run).clone();
        let answer = match &out.answer {
            Ok(a) => a,
            Err(e) => {
                ui.colored_label(egui::Color32::LIGHT_RED, e);
                return;
            }
        };
        if let Some(raw) = run.embeddings.to_raw(&answer.target) {
            let labels = super::card::dim_labels(run, lang);
            let parts: Vec<String> = labels
                .iter()
                .zip(&raw)
                .map(|(l, x)| format!("{l} {}", super::card::format_raw(*x)))
                .collect();
            ui.label(fill(
                tr(lang, Key::LearnTarget),
                &[("v", parts.join(" · "))],
            ));
        }
        let top = |hits: Option<&crate::index::Hit>| {
            hits.and_then(|h| run.points.get(h.row as usize))
                .map_or_else(|| "—".to_owned(), |p| name(p.row))
        };
        ui.label(
            RichText::new(fill(
                tr(lang, Key::LearnAnswers),
                &[
                    ("e", top(answer.euclidean.first())),
                    (
                        "c",
                        top(answer.cosine.as_ref().ok().and_then(|l| l.first())),
                    ),
                ],
            ))
            .strong()
            .color(GHOST_COLOR),
        );
        ui.label(RichText::new(tr(lang, Key::LearnAnalogyNote)).weak());
        ui.separator();
        let lists = Ok(Lists {
            euclidean: answer.euclidean.clone(),
            cosine: answer.cosine.clone(),
        });
        lists_ui(ui, "analogy", lang, run, &lists, None);
        ui.separator();
        ui.label(RichText::new(tr(lang, Key::LearnParallel)).weak());
    }

    /// The map: A, B, C labelled, B → A dashed, C → ? solid, the top answers ringed.
    pub fn plot_ui(&mut self, ui: &mut egui::Ui, state: &AppState, run: &RunOutput) {
        let lang = state.lang();
        let ja = lang.is_ja();
        let names =
            [self.a, self.b, self.c].map(|r| run.data.items.name(r as usize, ja).to_owned());
        let out = self.outcome(run).clone();
        let keys = [
            (Swatch::Line(B_COLOR, true), Key::LegendDifference),
            (Swatch::Line(GHOST_COLOR, false), Key::LegendApply),
            (Swatch::Ring(EUCLID_COLOR), Key::LegendEuclid),
            (Swatch::Ring(COSINE_COLOR), Key::LegendCosine),
            (Swatch::Diamond(GHOST_COLOR), Key::LegendTarget),
        ]
        .map(|(s, k)| (s, tr(lang, k).to_owned()));
        plot::map_ui(ui, "analogy", state, run, &keys, |pui| {
            let [a, b, c, target] = out.xy;
            if let (Some(a), Some(b)) = (a, b) {
                plot::arrow(pui, tr(lang, Key::LegendDifference), b, a, B_COLOR, true);
            }
            if let (Some(c), Some(t)) = (c, target) {
                plot::arrow(pui, tr(lang, Key::LegendApply), c, t, GHOST_COLOR, false);
            }
            for ((at, name), (tag, color)) in
                [a, b, c]
                    .iter()
                    .zip(&names)
                    .zip([("A", A_COLOR), ("B", B_COLOR), ("C", C_COLOR)])
            {
                if let Some(at) = at {
                    plot::dot(pui, "", *at, color, MarkerShape::Circle);
                    plot::label(pui, *at, &format!(" {tag}: {name}"), color);
                }
            }
            let (Some(t), Ok(answer)) = (target, &out.answer) else {
                return;
            };
            let first_cosine = answer.cosine.as_ref().ok().and_then(|l| l.first());
            for (hit, key, color) in [
                (answer.euclidean.first(), Key::LegendEuclid, EUCLID_COLOR),
                (first_cosine, Key::LegendCosine, COSINE_COLOR),
            ] {
                if let Some(at) = hit.and_then(|h| plot::pos(run, h.row as usize)) {
                    plot::ring(pui, tr(lang, key), at, color, 10.0);
                    pui.line(
                        egui_plot::Line::new(tr(lang, key), vec![t, at])
                            .color(color)
                            .width(1.4)
                            .allow_hover(false),
                    );
                }
            }
            plot::dot(
                pui,
                tr(lang, Key::LegendTarget),
                t,
                GHOST_COLOR,
                MarkerShape::Diamond,
            );
            plot::label(pui, t, " ?", GHOST_COLOR);
        });
    }
}
