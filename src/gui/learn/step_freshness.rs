//! Step 7 of the Learn tab, model freshness: a worker [`Job`] runs
//! [`crate::eval::freshness::freshness`] on the loaded dataset (weekly, with progress and
//! Cancel); the chart shows the metric against the model's age — every (model, week) as a dot,
//! the mean per age as a line, the goal's target as a horizontal line — and the sentence under it
//! says how often to retrain, computed from those means.
//!
//! The goal (step 0, the evaluation panel's card) gives the metric, k and target when its
//! metric is Recall@k or nDCG@k: the kept goal, else the card's valid draft. The result is kept
//! per dataset folder, like the trade-off table.

use std::path::PathBuf;
use std::sync::Arc;

use egui::RichText;
use egui_plot::{HLine, Legend, Line, MarkerShape, Plot, Points};

use crate::data::window::{date_of, time_span};
use crate::eval::freshness::{FreshMethod, Freshness, FreshnessParams, Retrain, freshness};
use crate::eval::goal::Goal;
use crate::gui::i18n::{Key, Lang, error_message, fill, tr};
use crate::gui::state::AppState;
use crate::pipeline::PipelineError;
use crate::pipeline::RunOutput;
use crate::pipeline::job::Job;

/// The freshness step: the model chosen, the study in flight and the last result.
#[derive(Debug)]
pub struct FreshnessStep {
    /// The model measured.
    pub method: FreshMethod,
    /// Study in flight, the dataset folder it measures.
    job: Option<(PathBuf, Job<Freshness>)>,
    /// Fraction of the models trained so far (0–1).
    progress: f32,
    /// The last result and its dataset folder.
    result: Option<(PathBuf, Freshness)>,
    /// Why the last study failed, and on which dataset folder.
    error: Option<(PathBuf, PipelineError)>,
}

impl Default for FreshnessStep {
    fn default() -> Self {
        Self {
            method: FreshMethod::Als,
            job: None,
            progress: 0.0,
            result: None,
            error: None,
        }
    }
}

/// What the study is read against: the metric (nDCG when true), k and the target, from the goal.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FreshnessTarget {
    /// nDCG@k rather than Recall@k.
    pub ndcg: bool,
    /// List length.
    pub k: usize,
    /// The goal's target, when a goal names Recall@k or nDCG@k.
    pub target: Option<f64>,
}

impl FreshnessTarget {
    /// From the kept goal, else the card's draft when it is a valid goal.
    #[must_use]
    pub fn of(state: &AppState) -> Self {
        let draft = &state.goal.draft;
        let goal: Option<&Goal> = state
            .goal
            .saved
            .as_ref()
            .or_else(|| draft.validate().is_ok().then_some(draft));
        match goal {
            Some(g) if g.metric == "recall" || g.metric == "ndcg" => Self {
                ndcg: g.metric == "ndcg",
                k: g.k,
                target: Some(g.target),
            },
            _ => Self {
                ndcg: false,
                k: 10,
                target: None,
            },
        }
    }

    fn metric(self) -> String {
        format!("{}@{}", if self.ndcg { "nDCG" } else { "Recall" }, self.k)
    }
}

impl FreshnessStep {
    /// The result measured on the dataset in `root`, if any.
    #[must_use]
    pub fn result_for(&self, root: &std::path::Path) -> Option<&Freshness> {
        self.result
            .as_ref()
            .filter(|(r, _)| r == root)
            .map(|(_, f)| f)
    }

    /// Whether a study is running.
    #[must_use]
    pub fn is_running(&self) -> bool {
        self.job.is_some()
    }

    /// Start the weekly study on the run's dataset at list length `k` (a running one is
    /// cancelled first); `wake` is called on every worker message.
    pub fn start(
        &mut self,
        run: &RunOutput,
        k: usize,
        wake: impl Fn() + Send + Sync + Clone + 'static,
    ) {
        if let Some((_, job)) = self.job.take() {
            job.cancel();
        }
        let data = Arc::clone(&run.data);
        let root = data.root.clone();
        let params = FreshnessParams {
            method: self.method,
            k,
            ..FreshnessParams::default()
        };
        self.progress = 0.0;
        self.error = None;
        match Job::spawn_task(
            "embedscope-freshness",
            move |p| freshness(&data, &params, p),
            wake,
        ) {
            Ok(job) => self.job = Some((root, job)),
            Err(e) => self.error = Some((root, e)),
        }
    }

    /// Drain the worker's messages (every frame, whichever tab is shown).
    pub fn poll(&mut self) {
        let Some((root, job)) = &mut self.job else {
            return;
        };
        let Some(result) = job.poll_fraction(&mut self.progress) else {
            return;
        };
        let root = std::mem::take(root);
        self.job = None;
        match result {
            Ok(f) => self.result = Some((root, f)),
            Err(PipelineError::Cancelled) => {}
            Err(e) => self.error = Some((root, e)),
        }
    }

    /// The left card: the data's time span, the model, Measure / progress and Cancel.
    pub fn card_ui(&mut self, ui: &mut egui::Ui, state: &AppState, run: &RunOutput) {
        let lang = state.lang();
        let data = &run.data;
        let Ok((first, last)) = time_span(data) else {
            ui.label(RichText::new(tr(lang, Key::FreshnessNoTime)).weak());
            return;
        };
        ui.label(fill(
            tr(lang, Key::FreshnessData),
            &[
                ("name", data.display_name(lang.is_ja()).to_owned()),
                ("n", data.interactions.len().to_string()),
                ("from", date_of(first)),
                ("to", date_of(last)),
            ],
        ));
        ui.add_space(4.0);
        let d = FreshnessParams::default();
        ui.label(
            RichText::new(fill(
                tr(lang, Key::FreshnessHow),
                &[
                    ("evaluated", d.evaluated.to_string()),
                    ("horizon", d.horizon.to_string()),
                    ("models", (d.evaluated + d.horizon - 1).to_string()),
                ],
            ))
            .small(),
        );
        ui.add_space(6.0);
        let target = FreshnessTarget::of(state);
        ui.horizontal(|ui| {
            ui.label(tr(lang, Key::FreshnessModel));
            for (m, key) in [
                (FreshMethod::Als, Key::MethodAls),
                (FreshMethod::Popularity, Key::FreshnessPopularity),
            ] {
                ui.selectable_value(&mut self.method, m, tr(lang, key));
            }
        });
        ui.label(fill(
            tr(lang, Key::FreshnessMetric),
            &[("metric", target.metric())],
        ));
        match target.target {
            Some(t) => ui.label(fill(
                tr(lang, Key::FreshnessTargetFromGoal),
                &[("metric", target.metric()), ("target", format!("{t}"))],
            )),
            None => ui.label(RichText::new(tr(lang, Key::FreshnessNoGoal)).weak()),
        };
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            if self.is_running() {
                if crate::gui::tradeoff_ui::measuring_ui(ui, lang, self.progress)
                    && let Some((_, job)) = &self.job
                {
                    job.cancel();
                }
            } else if ui.button(tr(lang, Key::FreshnessRun)).clicked() {
                let ctx = ui.ctx().clone();
                self.start(run, target.k, move || ctx.request_repaint());
            }
        });
        if let Some((r, e)) = &self.error
            && *r == data.root
        {
            ui.colored_label(ui.visuals().error_fg_color, error_message(lang, e));
        }
    }

    /// The chart, the retraining sentence and the means per age.
    pub fn panel_ui(&self, ui: &mut egui::Ui, state: &AppState, run: &RunOutput) {
        let lang = state.lang();
        let Some(f) = self.result_for(&run.data.root) else {
            ui.centered_and_justified(|ui| {
                ui.label(RichText::new(tr(lang, Key::FreshnessEmpty)).weak());
            });
            return;
        };
        let target = FreshnessTarget::of(state);
        let ndcg = target.ndcg && target.k == f.k;
        let value = |recall: f64, n: f64| if ndcg { n } else { recall };
        let metric = format!("{}@{}", if ndcg { "nDCG" } else { "Recall" }, f.k);
        ui.label(
            RichText::new(retrain_sentence(lang, f, target, &metric))
                .strong()
                .size(15.0),
        );
        let dots: Vec<[f64; 2]> = f
            .rows
            .iter()
            .map(|r| [r.age_days as f64, value(r.recall, r.ndcg)])
            .collect();
        let means: Vec<[f64; 2]> = f
            .by_age
            .iter()
            .map(|a| [a.age_days as f64, value(a.recall, a.ndcg)])
            .collect();
        let height = (ui.available_height() * 0.6).max(240.0);
        Plot::new("freshness_by_age")
            .height(height)
            .legend(Legend::default())
            .x_axis_label(tr(lang, Key::FreshnessChartX))
            .y_axis_label(metric.clone())
            .include_y(0.0)
            .allow_scroll(false)
            .show(ui, |pui| {
                pui.points(
                    Points::new(tr(lang, Key::FreshnessChartRows), dots)
                        .shape(MarkerShape::Circle)
                        .radius(2.5),
                );
                pui.line(Line::new(tr(lang, Key::FreshnessChartMean), means).width(2.5));
                if let (Some(t), true) = (target.target, target.k == f.k) {
                    pui.hline(HLine::new(tr(lang, Key::FreshnessChartTarget), t).width(1.5));
                }
            });
        egui::Grid::new("freshness_by_age_table")
            .striped(true)
            .spacing([16.0, 2.0])
            .show(ui, |ui| {
                ui.label(RichText::new(tr(lang, Key::FreshnessChartX)).strong());
                ui.label(RichText::new(format!("Recall@{}", f.k)).strong());
                ui.label(RichText::new(format!("nDCG@{}", f.k)).strong());
                ui.label(RichText::new(tr(lang, Key::FreshnessModels)).strong());
                ui.end_row();
                for a in &f.by_age {
                    ui.label(a.age_days.to_string());
                    ui.label(RichText::new(format!("{:.4}", a.recall)).monospace());
                    ui.label(RichText::new(format!("{:.4}", a.ndcg)).monospace());
                    ui.label(a.models.to_string());
                    ui.end_row();
                }
            });
    }
}

/// "Retrain every N weeks", computed from the means against the goal's target.
fn retrain_sentence(lang: Lang, f: &Freshness, target: FreshnessTarget, metric: &str) -> String {
    let Some(t) = target.target.filter(|_| target.k == f.k) else {
        return tr(lang, Key::FreshnessNoGoal).to_owned();
    };
    let args = |n: usize| {
        vec![
            ("metric", metric.to_owned()),
            ("target", format!("{t}")),
            ("n", n.to_string()),
        ]
    };
    match f.retrain_every(t, target.ndcg) {
        Some(Retrain::Every { periods }) => fill(tr(lang, Key::FreshnessEvery), &args(periods)),
        Some(Retrain::NotWithin { periods }) => {
            fill(tr(lang, Key::FreshnessNotWithin), &args(periods))
        }
        Some(Retrain::BelowWhenFresh) => fill(tr(lang, Key::FreshnessBelowFresh), &args(0)),
        None => tr(lang, Key::FreshnessEmpty).to_owned(),
    }
}
