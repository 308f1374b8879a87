//! Recommendations for one user of a finished run, with reasons ("because you liked X and Y").
//!
//! Scores: the dot product for ALS (the model's own preference estimate), cosine similarity for
//! feature vectors (a user's mean taste vs an item). Items the user already has are excluded.
//! Reasons: each past item j contributes max(0, cos(v_j, v_i)) × its weight (rating); the two
//! largest contributions are shown with their share of the total. For feature vectors the
//! dimensions where user and item agree most (largest positive u_d·v_d) are named too.

use super::RunOutput;
use crate::data::{Kind, PointRef};
use crate::embed::Method;
use crate::index::metric::{cosine, dot};
use crate::recommend::top_k_excluding;

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
    /// Score (dot product for ALS, cosine similarity for features).
    pub score: f32,
    /// The past items that explain it most.
    pub because: Vec<Reason>,
    /// Feature dimensions where user and item agree most (feature vectors only).
    pub dims: Vec<usize>,
}

/// The top `n` items for user row `user` (empty when the user has no vector).
#[must_use]
pub fn recommend_for_user(run: &RunOutput, user: u32, n: usize) -> Vec<Recommendation> {
    let Some(point) = run.point_of(PointRef {
        kind: Kind::User,
        row: user,
    }) else {
        return Vec::new();
    };
    let u = run.index.row(point).to_vec();
    let items = run.data.items.len();
    let item_vec = |i: usize| run.index.row(i).to_vec();
    let features = run.embeddings.method == Method::Features;
    let scores: Vec<f32> = (0..items)
        .map(|i| {
            let v = item_vec(i);
            if features {
                cosine(&u, &v).unwrap_or(f32::NAN)
            } else {
                dot(&u, &v)
            }
        })
        .collect();
    // The user's history: distinct items with summed positive weights.
    let mut weights: Vec<(u32, f32)> = run
        .data
        .interactions
        .iter()
        .filter(|it| it.user == user)
        .map(|it| (it.item, it.rating.max(0.0)))
        .collect();
    weights.sort_unstable_by_key(|w| w.0);
    weights.dedup_by(|a, b| {
        if a.0 == b.0 {
            b.1 += a.1;
            true
        } else {
            false
        }
    });
    let seen: Vec<u32> = weights.iter().map(|w| w.0).collect();
    top_k_excluding(&scores, &seen, n)
        .into_iter()
        .map(|i| {
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
                score: scores[i as usize],
                because,
                dims,
            }
        })
        .collect()
}
