//! Recommendations for one user of a finished run, with reasons ("because you liked X and Y").
//!
//! Scores: dot product, cosine similarity or Euclidean distance (by default dot for ALS — the
//! model's own preference estimate — and cosine for feature vectors); they give different lists. Items the user already has are excluded.
//! Reasons: each past item j contributes max(0, cos(v_j, v_i)) × its weight (rating); the two
//! largest contributions are shown with their share of the total. For feature vectors the
//! dimensions where user and item agree most (largest positive u_d·v_d) are named too.

use super::RunOutput;
use crate::data::{Kind, PointRef};
use crate::embed::Method;
use crate::index::metric::cosine;
use crate::recommend::{ScoreMetric, top_k_excluding};

/// A past item behind a recommendation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Reason {
    /// Item row.
    pub item: u32,
    /// Share of the explanation, 0–1.
    pub share: f32,
}

/// One recommended item.
#[derive(Debug, Clone, PartialEq)]
pub struct Recommendation {
    /// Item row.
    pub item: u32,
    /// Score under the chosen metric (Euclidean: the distance).
    pub score: f32,
    /// The past items that explain it most.
    pub because: Vec<Reason>,
    /// Feature dimensions where user and item agree most (feature vectors only).
    pub dims: Vec<usize>,
}

/// The ranking key of every item for user row `user` under `metric` (None: the user has no vector).
fn user_keys(run: &RunOutput, user: u32, metric: ScoreMetric) -> Option<Vec<f32>> {
    let point = run.point_of(PointRef {
        kind: Kind::User,
        row: user,
    })?;
    let u = run.index.row(point).to_vec();
    Some(
        (0..run.data.items.len())
            .map(|i| metric.key(&u, &run.index.row(i).to_vec()))
            .collect(),
    )
}

/// The metric a method scores with unless told otherwise: dot for ALS, cosine for features.
#[must_use]
pub fn default_metric(method: Method) -> ScoreMetric {
    match method {
        Method::Als | Method::Hybrid => ScoreMetric::Dot,
        Method::Features
        | Method::Content
        | Method::Item2Vec
        | Method::Imported
        | Method::TextModel => ScoreMetric::Cosine,
    }
}

/// The top `n` items for user row `user` under `metric` (empty when the user has no vector).
#[must_use]
pub fn recommend_for_user(
    run: &RunOutput,
    user: u32,
    n: usize,
    metric: ScoreMetric,
) -> Vec<Recommendation> {
    let Some(keys) = user_keys(run, user, metric) else {
        return Vec::new();
    };
    let seen = run.stats.seen(user);
    let top: Vec<(u32, f32)> = top_k_excluding(&keys, &seen, n)
        .into_iter()
        .map(|i| (i, metric.shown(keys[i as usize])))
        .collect();
    explain(run, user, &top)
}

/// Reasons for already-chosen `(item, score)` pairs of user row `user`.
#[must_use]
pub fn explain(run: &RunOutput, user: u32, items: &[(u32, f32)]) -> Vec<Recommendation> {
    let Some(point) = run.point_of(PointRef {
        kind: Kind::User,
        row: user,
    }) else {
        return Vec::new();
    };
    let u = run.index.row(point).to_vec();
    let features = run.embeddings.method == Method::Features;
    let no_history = Vec::new();
    let weights = run.stats.history.get(user as usize).unwrap_or(&no_history);
    let item_vec = |i: usize| run.index.row(i).to_vec();
    items
        .iter()
        .map(|&(i, score)| {
            let v = item_vec(i as usize);
            let mut contrib: Vec<(u32, f32)> = weights
                .iter()
                .map(|&(j, w)| {
                    (
                        j,
                        cosine(&item_vec(j as usize), &v).unwrap_or(0.0).max(0.0) * w.max(1e-6),
                    )
                })
                .filter(|c| c.1 > 0.0)
                .collect();
            let total: f32 = contrib.iter().map(|c| c.1).sum();
            contrib.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
            let because = contrib
                .iter()
                .take(2)
                .map(|&(item, c)| Reason {
                    item,
                    share: c / total,
                })
                .collect();
            let dims = if features {
                let mut d: Vec<(usize, f32)> = u
                    .iter()
                    .zip(&v)
                    .map(|(a, b)| a * b)
                    .enumerate()
                    .filter(|p| p.1 > 0.0)
                    .collect();
                d.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
                d.into_iter().take(2).map(|p| p.0).collect()
            } else {
                Vec::new()
            };
            Recommendation {
                item: i,
                score,
                because,
                dims,
            }
        })
        .collect()
}

/// The plain top-`n` (no re-ranking) of one user under each of dot, cosine and Euclidean: the
/// three lists differ, and how much they overlap is the lesson.
#[derive(Debug, Clone, PartialEq)]
pub struct MetricLists {
    /// `(metric, item rows best first)` for dot, cosine, Euclidean in that order.
    pub lists: [(ScoreMetric, Vec<u32>); 3],
}

impl MetricLists {
    /// 0-based rank of `item` in `metric`'s list, if it is there.
    #[must_use]
    pub fn rank(&self, metric: ScoreMetric, item: u32) -> Option<usize> {
        self.lists
            .iter()
            .find(|l| l.0 == metric)
            .and_then(|l| l.1.iter().position(|&i| i == item))
    }

    /// Items two metrics' lists share, for the pairs (dot, cosine), (cosine, Euclidean),
    /// (dot, Euclidean).
    #[must_use]
    pub fn overlaps(&self) -> [(ScoreMetric, ScoreMetric, usize); 3] {
        let shared = |a: usize, b: usize| {
            self.lists[a]
                .1
                .iter()
                .filter(|i| self.lists[b].1.contains(i))
                .count()
        };
        [
            (self.lists[0].0, self.lists[1].0, shared(0, 1)),
            (self.lists[1].0, self.lists[2].0, shared(1, 2)),
            (self.lists[0].0, self.lists[2].0, shared(0, 2)),
        ]
    }
}

/// Each metric's top `n` unseen items for user row `user` (None: the user has no vector).
#[must_use]
pub fn lists_by_metric(run: &RunOutput, user: u32, n: usize) -> Option<MetricLists> {
    let seen = run.stats.seen(user);
    let list = |m: ScoreMetric| -> Option<(ScoreMetric, Vec<u32>)> {
        Some((m, top_k_excluding(&user_keys(run, user, m)?, &seen, n)))
    };
    Some(MetricLists {
        lists: [
            list(ScoreMetric::Dot)?,
            list(ScoreMetric::Cosine)?,
            list(ScoreMetric::Euclidean)?,
        ],
    })
}

/// The two-stage funnel for one user: catalogue → stage-1 candidates (top by the user's
/// similarity, unseen items) → stage-2 re-ranked list.
#[derive(Debug, Clone, PartialEq)]
pub struct Funnel {
    /// Catalogue size.
    pub catalogue: usize,
    /// Items the user already has (excluded).
    pub seen: usize,
    /// Stage-1 candidates kept.
    pub candidates: usize,
    /// The final list, best first.
    pub shown: Vec<crate::recommend::rerank::Ranked>,
}

/// Candidates kept by stage 1.
pub const STAGE1_CANDIDATES: usize = 200;

/// Run the funnel for user row `user`: `STAGE1_CANDIDATES` candidates, `n` shown.
#[must_use]
pub fn funnel(
    run: &RunOutput,
    user: u32,
    n: usize,
    weights: crate::recommend::rerank::RerankWeights,
    metric: ScoreMetric,
) -> Option<Funnel> {
    use crate::recommend::rerank::{Candidate, rerank};
    let scores = user_keys(run, user, metric)?;
    let items = run.data.items.len();
    let stats = &run.stats;
    let seen = stats.seen(user);
    let stage1 = top_k_excluding(&scores, &seen, STAGE1_CANDIDATES);
    let candidates: Vec<Candidate> = stage1
        .iter()
        .map(|&i| Candidate {
            item: i,
            similarity: scores[i as usize],
            popularity: (1.0 + stats.users_of[i as usize] as f32).ln(),
            recency: stats
                .latest(i as usize)
                .map_or(0.0, |t| (t - stats.first_latest) as f32),
        })
        .collect();
    let sim = |a: u32, b: u32| {
        cosine(
            &run.index.row(a as usize).to_vec(),
            &run.index.row(b as usize).to_vec(),
        )
        .unwrap_or(0.0)
    };
    let shown = rerank(&candidates, n, weights, sim);
    Some(Funnel {
        catalogue: items,
        seen: seen.len(),
        candidates: candidates.len(),
        shown,
    })
}
