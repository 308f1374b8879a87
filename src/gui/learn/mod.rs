//! The Learn tab (workshop mode): a guided sequence of short steps for people meeting embeddings
//! for the first time. Each step has a title, one sentence of explanation and its controls on
//! the left, and on the right the live map (or an exact drawing of the vectors) that the
//! controls change. Steps, numbered from 0 as the project's own steps are: the goal and its KPI
//! (the evaluation panel's card, [`crate::gui::goal_ui`]), a thing as numbers, distance vs
//! direction, vector arithmetic, recommending, trade-offs (dimension × index, measured in the
//! worker), the launch decision (an A/B test planned and read, [`crate::gui::abtest_ui`]) and
//! model freshness (how fast a model goes stale, measured in the worker). Every number shown is
//! computed from the run on screen; edits go to what-if copies, never to the dataset.
//!
//! The tab's state ([`LearnState`]) is the tab's own (which café is picked, what was edited):
//! it is reset to sensible picks whenever another run comes on screen. App-wide changes (the
//! selected user of step 4, the re-ranking weights) go through [`Command`]s like every panel.

pub mod card;
pub mod lists;
pub mod picker;
pub mod plot;
pub mod step_analogy;
pub mod step_direction;
pub mod step_freshness;
pub mod step_recommend;
pub mod step_reduce;
pub mod step_tradeoff;
pub mod step_vector;

use std::sync::Arc;

use egui::RichText;

use super::i18n::{Key, Lang, fill, tr};
use super::state::{AppState, Command, Tab};
use crate::pipeline::RunOutput;

/// One step of the guided sequence.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Step {
    /// Step 0, the goal and its KPI: the evaluation panel's goal card.
    #[default]
    Goal,
    /// A thing as numbers: an item's vector card and sliders moving a what-if copy.
    Vector,
    /// Distance vs direction: two vectors, their distance and angle.
    Direction,
    /// Vector arithmetic: A − B + C ≈ ?
    Arithmetic,
    /// Recommending: a user as the mean of what they liked; the two-stage funnel.
    Recommend,
    /// Trade-offs: dimension × index, latency / accuracy / memory measured on the data.
    TradeOffs,
    /// The launch decision: plan an A/B test (users, days) and read its result.
    Launch,
    /// Model freshness: Recall@k against the model's age, and how often to retrain.
    Freshness,
}

impl Step {
    /// Every step in order (step n is `ALL[n]`).
    pub const ALL: [Self; 8] = [
        Self::Goal,
        Self::Vector,
        Self::Direction,
        Self::Arithmetic,
        Self::Recommend,
        Self::TradeOffs,
        Self::Launch,
        Self::Freshness,
    ];

    /// Position in [`Self::ALL`].
    #[must_use]
    pub fn index(self) -> usize {
        Self::ALL.iter().position(|s| *s == self).unwrap_or(0)
    }

    /// The step's title.
    #[must_use]
    pub fn title(self) -> Key {
        match self {
            Self::Goal => Key::LearnStepGoal,
            Self::Vector => Key::LearnStepVector,
            Self::Direction => Key::LearnStepDirection,
            Self::Arithmetic => Key::LearnStepArithmetic,
            Self::Recommend => Key::LearnStepRecommend,
            Self::TradeOffs => Key::LearnStepTradeOffs,
            Self::Launch => Key::LearnStepLaunch,
            Self::Freshness => Key::LearnStepFreshness,
        }
    }

    /// The step's one sentence of explanation.
    #[must_use]
    pub fn sentence(self) -> Key {
        match self {
            Self::Goal => Key::LearnSentenceGoal,
            Self::Vector => Key::LearnSentenceVector,
            Self::Direction => Key::LearnSentenceDirection,
            Self::Arithmetic => Key::LearnSentenceArithmetic,
            Self::Recommend => Key::LearnSentenceRecommend,
            Self::TradeOffs => Key::LearnSentenceTradeOffs,
            Self::Launch => Key::LearnSentenceLaunch,
            Self::Freshness => Key::LearnSentenceFreshness,
        }
    }
}

/// The Learn tab's own state: the current step and each step's picks and what-if copies.
#[derive(Debug, Default)]
pub struct LearnState {
    /// The step on screen.
    pub step: Step,
    /// The run the steps' picks belong to.
    run: Option<Arc<RunOutput>>,
    /// Step 1.
    pub vector: step_vector::VectorStep,
    /// Step 2.
    pub direction: step_direction::DirectionStep,
    /// Step 3.
    pub analogy: step_analogy::AnalogyStep,
    /// Step 4.
    pub recommend: step_recommend::RecommendStep,
    /// Step 5 (kept per dataset folder, not reset with the run).
    pub tradeoff: step_tradeoff::TradeoffStep,
    /// Step 6, the A/B test's inputs (kept across runs: they describe the product, not the data).
    pub abtest: crate::gui::abtest_ui::AbTestView,
    /// Step 5's dimension study (kept per vectors, not reset with the run).
    pub reduce: step_reduce::ReduceStep,
    /// Step 7 (kept per dataset folder, not reset with the run).
    pub freshness: step_freshness::FreshnessStep,
}

impl LearnState {
    /// Reset every step to its default picks when `run` is not the run they were made for.
    pub fn sync(&mut self, run: &Arc<RunOutput>) {
        if self.run.as_ref().is_some_and(|r| Arc::ptr_eq(r, run)) {
            return;
        }
        self.vector = step_vector::VectorStep::new(run);
        self.direction = step_direction::DirectionStep::new(run);
        self.analogy = step_analogy::AnalogyStep::new(run);
        self.recommend = step_recommend::RecommendStep::new(run);
        self.run = Some(Arc::clone(run));
    }
}

/// The Map | Learn switch.
pub fn tabs_ui(ui: &mut egui::Ui, state: &AppState, cmds: &mut Vec<Command>) {
    let lang = state.lang();
    ui.horizontal(|ui| {
        for (tab, key) in [
            (Tab::Map, Key::TabMap),
            (Tab::Learn, Key::TabLearn),
            (Tab::Interviews, Key::TabInterviews),
        ] {
            let text = RichText::new(tr(lang, key)).size(15.0).strong();
            if ui.selectable_label(state.tab == tab, text).clicked() && state.tab != tab {
                cmds.push(Command::SetTab(tab));
            }
        }
    });
}

/// Draw the Learn tab: the step card on the left, the step's live picture on the right.
pub fn learn_ui(
    ui: &mut egui::Ui,
    state: &AppState,
    learn: &mut LearnState,
    cmds: &mut Vec<Command>,
) {
    let lang = state.lang();
    let Some(run) = state.run.clone() else {
        ui.centered_and_justified(|ui| ui.label(tr(lang, Key::NoData)));
        return;
    };
    if run.data.items.is_empty() {
        ui.centered_and_justified(|ui| ui.label(tr(lang, Key::NoData)));
        return;
    }
    learn.sync(&run);
    egui::Panel::left("learn_card")
        .resizable(true)
        .default_size(470.0)
        .min_size(360.0)
        // Wide step content (the goal card's grid in presenter mode) must not push the
        // picture and its tables off the screen: the card wraps instead.
        .max_size((ui.available_width() * 0.36).max(470.0))
        .show(ui, |ui| {
            ui.set_min_width(ui.available_width());
            nav_ui(ui, lang, &mut learn.step);
            ui.separator();
            let step = learn.step;
            ui.heading(RichText::new(tr(lang, step.title())).strong());
            ui.label(RichText::new(tr(lang, step.sentence())).size(15.0));
            ui.separator();
            egui::ScrollArea::vertical()
                .auto_shrink([false, false])
                .show(ui, |ui| match step {
                    Step::Goal => crate::gui::goal_ui::goal_ui(ui, state, cmds),
                    Step::Vector => learn.vector.card_ui(ui, state, &run),
                    Step::Direction => learn.direction.card_ui(ui, state, &run),
                    Step::Arithmetic => learn.analogy.card_ui(ui, state, &run),
                    Step::Recommend => learn.recommend.card_ui(ui, state, &run, cmds),
                    Step::TradeOffs => learn.tradeoff.card_ui(ui, lang, &run),
                    Step::Launch => crate::gui::abtest_ui::planner_ui(ui, &mut learn.abtest, lang),
                    Step::Freshness => learn.freshness.card_ui(ui, state, &run),
                });
        });
    egui::CentralPanel::default().show(ui, |ui| match learn.step {
        Step::Goal => goal_panel_ui(ui, state),
        Step::Vector => learn.vector.plot_ui(ui, state, &run),
        Step::Direction => learn.direction.plot_ui(ui, state, &run),
        Step::Arithmetic => learn.analogy.plot_ui(ui, state, &run),
        Step::Recommend => learn.recommend.plot_ui(ui, state, &run),
        Step::TradeOffs => {
            egui::ScrollArea::vertical()
                .id_salt("learn_tradeoff_scroll")
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    learn.tradeoff.panel_ui(ui, lang, &run);
                    ui.separator();
                    learn.reduce.panel_ui(ui, lang, &run, cmds);
                });
        }
        Step::Launch => {
            egui::ScrollArea::vertical()
                .id_salt("learn_abtest_scroll")
                .auto_shrink([false, false])
                .show(ui, |ui| {
                    let height = (ui.available_height() * 0.45).max(220.0);
                    crate::gui::abtest_ui::chart_ui(ui, &mut learn.abtest, lang, height);
                    ui.separator();
                    crate::gui::abtest_ui::reader_ui(ui, &mut learn.abtest, lang);
                });
        }
        Step::Freshness => {
            egui::ScrollArea::vertical()
                .id_salt("learn_freshness_scroll")
                .auto_shrink([false, false])
                .show(ui, |ui| learn.freshness.panel_ui(ui, state, &run));
        }
    });
}

/// Step 0's right side: where the goal is used next.
fn goal_panel_ui(ui: &mut egui::Ui, state: &AppState) {
    let lang = state.lang();
    ui.add_space(8.0);
    ui.label(RichText::new(tr(lang, Key::LearnGoalUses)).size(15.0));
}

/// Back, "step n of 7" (numbered from 0, as the project's steps), Next, and every step by name.
fn nav_ui(ui: &mut egui::Ui, lang: Lang, step: &mut Step) {
    let i = step.index();
    let last = Step::ALL.len() - 1;
    ui.horizontal(|ui| {
        if ui
            .add_enabled(i > 0, egui::Button::new(tr(lang, Key::LearnBack)))
            .clicked()
        {
            *step = Step::ALL[i - 1];
        }
        ui.label(fill(
            tr(lang, Key::LearnStepOf),
            &[("n", i.to_string()), ("total", last.to_string())],
        ));
        if ui
            .add_enabled(i < last, egui::Button::new(tr(lang, Key::LearnNext)))
            .clicked()
        {
            *step = Step::ALL[i + 1];
        }
    });
    ui.horizontal_wrapped(|ui| {
        for (n, s) in Step::ALL.iter().enumerate() {
            let text = format!("{n} {}", tr(lang, s.title()));
            if ui.selectable_label(*step == *s, text).clicked() {
                *step = *s;
            }
        }
    });
}

/// A value computed from inputs `K`, recomputed only when the inputs change (so a large run
/// is not searched again every frame).
#[derive(Debug)]
pub struct Memo<K, V> {
    slot: Option<(K, V)>,
}

impl<K, V> Default for Memo<K, V> {
    fn default() -> Self {
        Self { slot: None }
    }
}

impl<K: PartialEq, V> Memo<K, V> {
    /// The value for `key`, computed by `f` unless it was computed for an equal key last time.
    pub fn get(&mut self, key: K, f: impl FnOnce() -> V) -> &V {
        if self.slot.as_ref().is_some_and(|(k, _)| *k != key) {
            self.slot = None;
        }
        &self.slot.get_or_insert_with(|| (key, f())).1
    }

    /// The last value, whatever it was computed for.
    #[must_use]
    pub fn last(&self) -> Option<&V> {
        self.slot.as_ref().map(|(_, v)| v)
    }
}

/// The row of `id` in a table, or `fallback` (clamped to the table) when it has no such id.
#[must_use]
pub fn row_or(table: &crate::data::Entities, id: &str, fallback: usize) -> u32 {
    table
        .find(id)
        .unwrap_or_else(|| fallback.min(table.len().saturating_sub(1)) as u32)
}
