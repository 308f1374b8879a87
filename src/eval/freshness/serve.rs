//! A model as served between two retrainings: ALS factors fitted at the cutoff (or the plain
//! popularity order), newcomers answered with the training part's popular list; and one
//! period's users scored against it.

use rayon::prelude::*;

use super::{FreshMethod, FreshnessParams};
use crate::embed::als;
use crate::error::Result;
use crate::progress::Progress;

/// A trained model: ALS factors and the training part's popularity order.
pub(super) struct Model {
    als: Option<als::AlsModel>,
    popular: Vec<u32>,
    known: Vec<bool>,
}

impl Model {
    pub(super) fn fit(
        p: &FreshnessParams,
        valid: &als::ValidAlsParams,
        train: &[Vec<u32>],
        items: usize,
        progress: &Progress,
    ) -> Result<Self> {
        let mut counts = vec![0usize; items];
        for &i in train.iter().flatten() {
            counts[i as usize] += 1;
        }
        let mut popular: Vec<u32> = (0..items as u32).collect();
        popular.sort_by(|&a, &b| counts[b as usize].cmp(&counts[a as usize]).then(a.cmp(&b)));
        let als = match p.method {
            FreshMethod::Als => Some(als::fit(train, items, valid, progress)?),
            FreshMethod::Popularity => None,
        };
        Ok(Self {
            als,
            popular,
            known: train.iter().map(|t| !t.is_empty()).collect(),
        })
    }

    /// Top `k` for user `u`, `seen` (sorted) excluded.
    fn recommend(&self, u: usize, seen: &[u32], k: usize) -> Vec<u32> {
        match &self.als {
            Some(m) if self.known[u] => {
                let mut scores = vec![0.0_f32; self.popular.len()];
                m.scores(u, &mut scores);
                crate::recommend::top_k_excluding(&scores, seen, k)
            }
            _ => self
                .popular
                .iter()
                .copied()
                .filter(|i| seen.binary_search(i).is_err())
                .take(k)
                .collect(),
        }
    }
}

/// Mean Recall@k and nDCG@k of one period's users, and how many were evaluated.
pub(super) fn evaluate(
    model: &Model,
    seen: &[Vec<u32>],
    period: &[(u32, u32)],
    k: usize,
) -> (f64, f64, usize) {
    // `period` is sorted by user: one run of pairs per user.
    let mut groups: Vec<(u32, Vec<u32>)> = Vec::new();
    for &(u, i) in period {
        match groups.last_mut() {
            Some((g, list)) if *g == u => list.push(i),
            _ => groups.push((u, vec![i])),
        }
    }
    let scored: Vec<(f64, f64)> = groups
        .par_iter()
        .filter_map(|(u, items)| {
            let s = &seen[*u as usize];
            let relevant: Vec<u32> = items
                .iter()
                .copied()
                .filter(|i| s.binary_search(i).is_err())
                .collect();
            if relevant.is_empty() {
                return None;
            }
            let recs = model.recommend(*u as usize, s, k);
            Some((
                crate::eval::metrics::recall_at_k(&recs, &relevant, k),
                crate::eval::metrics::ndcg_at_k(&recs, &relevant, k),
            ))
        })
        .collect();
    let n = scored.len();
    if n == 0 {
        return (0.0, 0.0, 0);
    }
    let (r, d) = scored
        .iter()
        .fold((0.0, 0.0), |(r, d), (x, y)| (r + x, d + y));
    (r / n as f64, d / n as f64, n)
}
