//! Model freshness: how fast a model goes stale. Train on the interactions up to the end of
//! period w (a day, a week…), evaluate on each later period, and read Recall@k against the
//! model's age — then "retrain every N weeks" is the longest age at which recall still meets
//! the goal's target, computed rather than assumed.
//!
//! Protocol (a batch model served as is until the next retraining):
//! - periods are `step_days` long from the first interaction's UTC day; only whole periods are
//!   evaluated (a last partial period is left out);
//! - a model trained up to the end of period w (cutoff c = w + 1) knows each user by the
//!   factors fitted then; a user it has never seen gets the popularity list of its training data
//!   (what a deployed model does for a newcomer), so newcomers are part of what makes it stale;
//! - in period e ≥ c a user's relevant items are their distinct items of period e not seen
//!   before it; everything seen before period e (also after the cutoff — the serving side knows
//!   the history) is excluded from the list; users with nothing relevant are not evaluated;
//! - the model's age in period e is (e − c + 1)·step days: 7 for the week right after training;
//! - balanced, so that age is not confused with the calendar: the last `evaluated` whole periods
//!   are each evaluated with the models of every age 1…`horizon` (cutoffs e − age + 1), i.e.
//!   `evaluated + horizon − 1` models; every age's mean is over the same periods. The horizon
//!   shrinks when the data before the first cutoff would hold fewer than `min_train`
//!   interactions.
//!
//! Recall and nDCG are those of [`super::metrics`]. Pure: no I/O; ALS runs on rayon as elsewhere.

use crate::data::Dataset;
use crate::data::window::{DAY_SECS, format_day, time_span};
use crate::embed::als::AlsParams;
use crate::error::{ComputeError, Result};
use crate::progress::{Progress, Stage};

/// The model whose freshness is measured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FreshMethod {
    /// Implicit ALS with the app's defaults.
    Als,
    /// Most popular items of the training part.
    Popularity,
}

impl FreshMethod {
    /// Stable name.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Als => "als",
            Self::Popularity => "popularity",
        }
    }
}

/// How to measure.
#[derive(Debug, Clone, PartialEq)]
pub struct FreshnessParams {
    /// The model.
    pub method: FreshMethod,
    /// ALS settings.
    pub als: AlsParams,
    /// Period length in days (7 = weeks).
    pub step_days: i64,
    /// List length.
    pub k: usize,
    /// Oldest age measured, in periods.
    pub horizon: usize,
    /// Interactions the training part needs before the first cutoff.
    pub min_train: usize,
    /// How many of the last whole periods are evaluated (each by a model of every age).
    pub evaluated: usize,
}

impl Default for FreshnessParams {
    /// ALS, weeks, k = 10, ages up to 8 weeks on the last 5 weeks (12 models), 1,000
    /// interactions before the first cutoff.
    fn default() -> Self {
        Self {
            method: FreshMethod::Als,
            als: AlsParams::default(),
            step_days: 7,
            k: 10,
            horizon: 8,
            min_train: 1000,
            evaluated: 5,
        }
    }
}

/// One model evaluated on one later period.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct FreshnessRow {
    /// Last day of the training data (`YYYY-MM-DD`).
    pub trained_until: String,
    /// First day of the evaluated period.
    pub evaluated_on: String,
    /// The model's age by the end of that period, in days.
    pub age_days: i64,
    /// Mean Recall@k over the evaluated users.
    pub recall: f64,
    /// Mean nDCG@k.
    pub ndcg: f64,
    /// Users evaluated.
    pub users: usize,
}

/// The mean over models of one age.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct AgeMean {
    /// Age in days.
    pub age_days: i64,
    /// Mean Recall@k of the rows of this age.
    pub recall: f64,
    /// Mean nDCG@k.
    pub ndcg: f64,
    /// Rows (models) averaged.
    pub models: usize,
}

/// The study.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Freshness {
    /// The model.
    pub method: FreshMethod,
    /// List length.
    pub k: usize,
    /// Period length in days.
    pub step_days: i64,
    /// Every (model, period), by training end, then period.
    pub rows: Vec<FreshnessRow>,
    /// Mean per age, youngest first.
    pub by_age: Vec<AgeMean>,
}

/// How often to retrain for a target, read from [`Freshness::by_age`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Retrain {
    /// Even the freshest model is below the target.
    BelowWhenFresh,
    /// The mean stays at or above the target for `periods` periods, then falls below.
    Every {
        /// Periods (weeks with a weekly step).
        periods: usize,
    },
    /// It never falls below within the measured ages (`periods` of them).
    NotWithin {
        /// Periods measured.
        periods: usize,
    },
}

impl Freshness {
    /// The retraining interval at which the mean metric (`ndcg` or recall) first falls below
    /// `target`: the number of leading ages that meet it. `None` without any ages.
    #[must_use]
    pub fn retrain_every(&self, target: f64, ndcg: bool) -> Option<Retrain> {
        let value = |a: &AgeMean| if ndcg { a.ndcg } else { a.recall };
        if self.by_age.is_empty() {
            return None;
        }
        let meeting = self
            .by_age
            .iter()
            .take_while(|a| value(a) >= target)
            .count();
        Some(match meeting {
            0 => Retrain::BelowWhenFresh,
            n if n == self.by_age.len() => Retrain::NotWithin { periods: n },
            n => Retrain::Every { periods: n },
        })
    }
}

/// Measure freshness on `data` (every interaction needs a timestamp).
///
/// # Errors
/// Bad parameters; no timestamps; too little data for one cutoff and one later period;
/// `Cancelled`.
pub fn freshness(
    data: &Dataset,
    params: &FreshnessParams,
    progress: &Progress,
) -> Result<Freshness> {
    check(params)?;
    let valid_als = params.als.validate()?;
    let (t0, t1) = time_span(data)?;
    let first_day = t0.div_euclid(DAY_SECS);
    let periods = ((t1.div_euclid(DAY_SECS) + 1 - first_day) / params.step_days) as usize;
    // Distinct (user, item) pairs at their first period: a repeat is not a new interaction.
    let mut by_period: Vec<Vec<(u32, u32)>> = vec![Vec::new(); periods];
    let mut first_seen: std::collections::HashMap<(u32, u32), usize> =
        std::collections::HashMap::new();
    for it in &data.interactions {
        let t = it.timestamp.unwrap_or(t0);
        let p = ((t.div_euclid(DAY_SECS) - first_day) / params.step_days) as usize;
        let e = first_seen.entry((it.user, it.item)).or_insert(p);
        *e = (*e).min(p);
    }
    for (&(u, i), &p) in &first_seen {
        if let Some(list) = by_period.get_mut(p) {
            list.push((u, i));
        }
    }
    for list in &mut by_period {
        list.sort_unstable();
    }
    let Some(plan) = plan(&by_period, params) else {
        return Err(ComputeError::InvalidParams(format!(
            "too little data: {periods} whole period(s) of {} day(s); freshness needs {} interactions before a cutoff and at least one period after it",
            params.step_days, params.min_train
        )));
    };
    let (users, items) = (data.users.len(), data.items.len());
    let quiet = Progress::new(progress.cancel_token().clone(), |_, _, _| true);
    let total = plan.cutoffs.len() as u64;
    let mut rows = Vec::new();
    for (done, c) in plan.cutoffs.clone().enumerate() {
        progress.step(Stage::Embed, done as u64, total)?;
        let mut seen: Vec<Vec<u32>> = vec![Vec::new(); users];
        for &(u, i) in by_period[..c].iter().flatten() {
            seen[u as usize].push(i);
        }
        for s in &mut seen {
            s.sort_unstable();
        }
        let model = serve::Model::fit(params, &valid_als, &seen, items, &quiet)?;
        let last = (c + plan.horizon - 1).min(plan.evaluated.end - 1);
        for (e, period) in by_period.iter().enumerate().take(last + 1).skip(c) {
            quiet.step(Stage::Embed, 0, 1)?;
            if plan.evaluated.contains(&e) {
                let (recall, ndcg, n) = serve::evaluate(&model, &seen, period, params.k);
                rows.push(FreshnessRow {
                    trained_until: format_day(first_day + c as i64 * params.step_days - 1),
                    evaluated_on: format_day(first_day + e as i64 * params.step_days),
                    age_days: (e - c + 1) as i64 * params.step_days,
                    recall,
                    ndcg,
                    users: n,
                });
            }
            for &(u, i) in &by_period[e] {
                let s = &mut seen[u as usize];
                if let Err(at) = s.binary_search(&i) {
                    s.insert(at, i);
                }
            }
        }
    }
    progress.step(Stage::Embed, total, total)?;
    Ok(Freshness {
        method: params.method,
        k: params.k,
        step_days: params.step_days,
        by_age: means(&rows),
        rows,
    })
}

fn check(p: &FreshnessParams) -> Result<()> {
    let bad = |m: &str| Err(ComputeError::InvalidParams(m.to_owned()));
    if p.k == 0 {
        return bad("k must be at least 1");
    }
    if p.step_days < 1 {
        return bad("the period must be at least one day");
    }
    if p.horizon == 0 || p.evaluated == 0 {
        return bad("the horizon and the number of evaluated periods must be at least 1");
    }
    Ok(())
}

/// Which models to train and which periods to evaluate.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Plan {
    /// Cutoffs (first period not trained on), one model each.
    cutoffs: std::ops::Range<usize>,
    /// Evaluated periods.
    evaluated: std::ops::Range<usize>,
    /// Oldest age, in periods.
    horizon: usize,
}

/// The last `evaluated` whole periods, each with models of ages 1…horizon; the horizon (then the
/// evaluated periods) shrinks so that the first cutoff has `min_train` interactions before it.
/// `None` when not even one cutoff with one period after it fits.
fn plan(by_period: &[Vec<(u32, u32)>], p: &FreshnessParams) -> Option<Plan> {
    let periods = by_period.len();
    let mut before = 0;
    let first_valid = (1..periods).find(|&c| {
        before += by_period[c - 1].len();
        before >= p.min_train.max(1)
    })?;
    // Periods from the first valid cutoff to the end: ages + evaluated periods − 1 must fit.
    let room = periods - first_valid;
    let horizon = p.horizon.min(room);
    let evaluated = p.evaluated.min(room + 1 - horizon);
    let start = periods - evaluated;
    Some(Plan {
        cutoffs: start + 1 - horizon..periods,
        evaluated: start..periods,
        horizon,
    })
}

/// Mean of the rows per age, youngest first.
fn means(rows: &[FreshnessRow]) -> Vec<AgeMean> {
    let mut ages: Vec<i64> = rows.iter().map(|r| r.age_days).collect();
    ages.sort_unstable();
    ages.dedup();
    ages.into_iter()
        .map(|age| {
            let of: Vec<&FreshnessRow> = rows.iter().filter(|r| r.age_days == age).collect();
            let n = of.len() as f64;
            AgeMean {
                age_days: age,
                recall: of.iter().map(|r| r.recall).sum::<f64>() / n,
                ndcg: of.iter().map(|r| r.ndcg).sum::<f64>() / n,
                models: of.len(),
            }
        })
        .collect()
}

mod serve;

#[cfg(test)]
mod tests;
