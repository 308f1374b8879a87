//! N=1 interview preparation: find users worth talking to (heavy, churned, worst/best served by
//! the recommender), build a card per user ([`card`]) and derive questions from it
//! ([`questions`]).
//!
//! Time: "now" is the dataset's latest interaction timestamp, not the wall clock, so a sample
//! recorded last year still has churned users today.
//!
//! Per-user Recall@k ([`Holdout`]): each user's distinct items are split by the random per-user
//! holdout of [`crate::eval::split`] (20 %, fixed seed). The user's taste vector is the mean of
//! the run's vectors of their *train* items only, items are ranked by cosine similarity to it
//! (train items excluded), and Recall@k compares the top k with the held-out items. Using only
//! train items keeps the held-out items from leaking into the score (the run's own user vectors
//! were built from every interaction).

pub mod card;
pub mod questions;

use std::collections::HashMap;

use crate::eval::data::EvalSet;
use crate::eval::split::{SplitKind, split};
use crate::index::metric::cosine;
use crate::pipeline::error::{PipelineError, Result};
use crate::recommend::top_k_excluding;

use super::RunOutput;

/// Seconds per day.
const DAY_SECS: f64 = 86_400.0;
/// Held-out share per user for the Recall@k protocol.
pub const HOLDOUT_FRACTION: f64 = 0.2;
/// Seed of the holdout split.
pub const HOLDOUT_SEED: u64 = 7;
/// Fewest interactions a user needs to count as "churned" (someone who was active).
pub const CHURN_MIN_INTERACTIONS: usize = 3;

/// Which users to look for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CandidateKind {
    /// Most interactions first.
    Heavy,
    /// Active earlier, silent for more than `silent_days` before the dataset's latest timestamp.
    Churned {
        /// The silence threshold in days.
        silent_days: u32,
    },
    /// Lowest per-user Recall@k first.
    Worst {
        /// The cut-off k.
        k: usize,
    },
    /// Highest per-user Recall@k first.
    Best {
        /// The cut-off k.
        k: usize,
    },
}

/// One user the finder proposes, with the numbers behind the choice.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Candidate {
    /// User row.
    #[serde(skip)]
    pub user: u32,
    /// User id as in the dataset.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Number of interaction rows.
    pub interactions: usize,
    /// Latest interaction timestamp (Unix seconds), if any had one.
    pub last_active: Option<i64>,
    /// Days between the last activity and the dataset's latest timestamp.
    pub days_silent: Option<f64>,
    /// Per-user Recall@k on the held-out split (worst/best only).
    pub recall: Option<f64>,
}

/// Per-user activity: interaction rows and latest timestamp, plus the dataset's "now".
#[derive(Debug, Clone, PartialEq)]
pub struct Activity {
    /// Interaction rows per user row.
    pub count: Vec<usize>,
    /// Latest timestamp per user row.
    pub last: Vec<Option<i64>>,
    /// The dataset's latest timestamp ("now"), if any interaction had one.
    pub now: Option<i64>,
}

impl Activity {
    /// Count the run's interactions.
    #[must_use]
    pub fn of(run: &RunOutput) -> Self {
        let users = run.data.users.len();
        let (mut count, mut last) = (vec![0usize; users], vec![None::<i64>; users]);
        for it in &run.data.interactions {
            let u = it.user as usize;
            if u < users {
                count[u] += 1;
                if let Some(t) = it.timestamp {
                    last[u] = Some(last[u].map_or(t, |x: i64| x.max(t)));
                }
            }
        }
        let now = last.iter().flatten().copied().max();
        Self { count, last, now }
    }

    /// Days user row `u` has been silent before "now".
    #[must_use]
    pub fn days_silent(&self, u: usize) -> Option<f64> {
        Some((self.now? - self.last.get(u).copied().flatten()?) as f64 / DAY_SECS)
    }
}

/// One user's held-out result.
#[derive(Debug, Clone, PartialEq)]
pub struct UserHoldout {
    /// Held-out item rows, sorted.
    pub test: Vec<u32>,
    /// Top-k item rows from the train-only taste vector, best first.
    pub top: Vec<u32>,
    /// Recall@k.
    pub recall: f64,
}

/// Per-user Recall@k of the whole run (see the module docs for the protocol).
#[derive(Debug, Clone, PartialEq)]
pub struct Holdout {
    /// The cut-off.
    pub k: usize,
    /// Per user row; `None` when the user has no held-out items.
    pub users: Vec<Option<UserHoldout>>,
}

impl Holdout {
    /// Split and score every user (O(users · items · dim): run it in the worker).
    ///
    /// # Errors
    /// No interactions, or `k` = 0.
    pub fn compute(run: &RunOutput, k: usize) -> Result<Self> {
        if k == 0 {
            return Err(PipelineError::InvalidParams("k must be at least 1".into()));
        }
        let data = &run.data;
        let (train, test) = split(
            data,
            SplitKind::Random {
                fraction: HOLDOUT_FRACTION,
                seed: HOLDOUT_SEED,
            },
        )?;
        let set = EvalSet::from_pairs(&train, &test);
        let item_row: Vec<Option<u32>> = set.item_ids.iter().map(|i| data.items.find(i)).collect();
        let rows = |v: &[u32]| -> Vec<u32> {
            let mut r: Vec<u32> = v.iter().filter_map(|&i| item_row[i as usize]).collect();
            r.sort_unstable();
            r
        };
        let items = data.items.len();
        let vectors: Vec<Vec<f32>> = (0..items).map(|i| run.index.row(i).to_vec()).collect();
        let mut users = vec![None; data.users.len()];
        let by_id: HashMap<&str, usize> = set
            .user_ids
            .iter()
            .enumerate()
            .map(|(i, s)| (s.as_str(), i))
            .collect();
        for (row, id) in data.users.ids.iter().enumerate() {
            let Some(&e) = by_id.get(id) else {
                continue;
            };
            let (tr, te) = (rows(&set.train[e]), rows(&set.test[e]));
            if te.is_empty() || tr.is_empty() {
                continue;
            }
            let dim = vectors.first().map_or(0, Vec::len);
            let mut taste = vec![0.0f32; dim];
            for &i in &tr {
                for (t, v) in taste.iter_mut().zip(&vectors[i as usize]) {
                    *t += v;
                }
            }
            let keys: Vec<f32> = vectors
                .iter()
                .map(|v| cosine(&taste, v).unwrap_or(f32::NAN))
                .collect();
            let top = top_k_excluding(&keys, &tr, k);
            let recall = crate::eval::metrics::recall_at_k(&top, &te, k);
            users[row] = Some(UserHoldout {
                test: te,
                top,
                recall,
            });
        }
        Ok(Self { k, users })
    }
}

/// What a `column=value` filter reads: a metadata column, or the users' category.
#[derive(Debug, Clone, PartialEq, Eq)]
enum FilterOn {
    /// Metadata column index.
    Meta(usize),
    /// The category column (`segment` on the sheet).
    Category,
}

/// Whether user row `u` passes the filter `(column, value)` (case-insensitive; a category
/// also matches by its Japanese label).
fn passes(run: &RunOutput, filter: Option<&(FilterOn, String)>, u: usize) -> bool {
    let users = &run.data.users;
    filter.is_none_or(|(on, v)| match on {
        FilterOn::Meta(c) => users.metadata[*c]
            .values
            .get(u)
            .is_some_and(|x| x.eq_ignore_ascii_case(v)),
        FilterOn::Category => {
            u < users.len()
                && (users.category(u).eq_ignore_ascii_case(v)
                    || users.category_label(u, true).eq_ignore_ascii_case(v))
        }
    })
}

/// The names the users' category answers to in a filter: the column it came from
/// (`occupation` in MovieLens), and `segment` / `区分` as the interview sheet labels it, and
/// `category`.
fn category_names(run: &RunOutput) -> Vec<String> {
    let users = &run.data.users;
    if users.categories.is_none() {
        return Vec::new();
    }
    let mut names: Vec<String> = users.category_column.iter().cloned().collect();
    for n in ["segment", "category", "区分"] {
        if !names.iter().any(|x| x.eq_ignore_ascii_case(n)) {
            names.push(n.to_owned());
        }
    }
    names
}

/// Resolve a `column=value` filter against the user columns the interview sheet shows: the
/// metadata columns and the category (by its column's name, or `segment` / `category`).
///
/// # Errors
/// An unknown column, naming the ones there are.
fn resolve_filter(
    run: &RunOutput,
    filter: Option<(&str, &str)>,
) -> Result<Option<(FilterOn, String)>> {
    let Some((col, value)) = filter else {
        return Ok(None);
    };
    let meta = &run.data.users.metadata;
    if let Some(c) = meta.iter().position(|m| m.name.eq_ignore_ascii_case(col)) {
        return Ok(Some((FilterOn::Meta(c), value.to_owned())));
    }
    let category = category_names(run);
    if category.iter().any(|n| n.eq_ignore_ascii_case(col)) {
        return Ok(Some((FilterOn::Category, value.to_owned())));
    }
    let mut known: Vec<&str> = category.iter().take(1).map(String::as_str).collect();
    known.extend(meta.iter().map(|m| m.name.as_str()));
    Err(PipelineError::InvalidParams(format!(
        "users have no column \"{col}\"; filterable columns: {}",
        if known.is_empty() {
            "(none)".to_owned()
        } else {
            known.join(", ")
        }
    )))
}

/// The `n` best candidates of `kind`, filtered by user metadata `filter = (column, value)`
/// (case-insensitive value match). Worst/best need `holdout` (computed with the same k);
/// without it they return an error. Ties are broken by activity (more interactions first: the
/// better-informed user), then by user row.
///
/// # Errors
/// An unknown filter column, or worst/best without a holdout.
pub fn candidates(
    run: &RunOutput,
    holdout: Option<&Holdout>,
    kind: CandidateKind,
    filter: Option<(&str, &str)>,
    n: usize,
) -> Result<Vec<Candidate>> {
    let filter = resolve_filter(run, filter)?;
    let act = Activity::of(run);
    let users = run.data.users.len();
    let pool = (0..users).filter(|&u| passes(run, filter.as_ref(), u));
    let mut scored: Vec<(usize, f64)> = match kind {
        CandidateKind::Heavy => pool
            .filter(|&u| act.count[u] > 0)
            .map(|u| (u, -(act.count[u] as f64)))
            .collect(),
        CandidateKind::Churned { silent_days } => pool
            .filter(|&u| act.count[u] >= CHURN_MIN_INTERACTIONS)
            .filter_map(|u| Some((u, act.days_silent(u)?)))
            .filter(|&(_, d)| d > f64::from(silent_days))
            .map(|(u, d)| (u, -d))
            .collect(),
        CandidateKind::Worst { k } | CandidateKind::Best { k } => {
            let Some(h) = holdout.filter(|h| h.k == k) else {
                return Err(PipelineError::InvalidParams(format!(
                    "per-user recall@{k} has not been computed"
                )));
            };
            let sign = if matches!(kind, CandidateKind::Best { .. }) {
                -1.0
            } else {
                1.0
            };
            pool.filter_map(|u| Some((u, sign * h.users.get(u)?.as_ref()?.recall)))
                .collect()
        }
    };
    scored.sort_by(|a, b| {
        a.1.total_cmp(&b.1)
            .then(act.count[b.0].cmp(&act.count[a.0]))
            .then(a.0.cmp(&b.0))
    });
    let recall_of = |u: usize| {
        holdout
            .and_then(|h| h.users.get(u))
            .and_then(Option::as_ref)
            .map(|x| x.recall)
    };
    Ok(scored
        .into_iter()
        .take(n)
        .map(|(u, _)| Candidate {
            user: u as u32,
            id: run.data.users.ids[u].to_owned(),
            name: run.data.users.name(u, false).to_owned(),
            interactions: act.count[u],
            last_active: act.last[u],
            days_silent: act.days_silent(u),
            recall: recall_of(u),
        })
        .collect())
}

#[cfg(test)]
mod tests;
