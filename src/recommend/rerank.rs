//! Stage 2 of the two-stage funnel: re-rank a short candidate list with a transparent scorer —
//! a weighted sum of similarity, popularity and recency (each scaled to 0–1 over the
//! candidates) — then pick greedily with maximal marginal relevance (Carbonell & Goldstein,
//! SIGIR 1998) so a diversity weight λ trades relevance against similarity to what is already
//! picked: next = argmax (1 − λ)·score(i) − λ·max_{j picked} sim(i, j).

/// Weights of the stage-2 scorer (all ≥ 0; diversity λ in 0–1).
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct RerankWeights {
    /// Weight of the stage-1 similarity.
    pub similarity: f32,
    /// Weight of popularity (how many users had the item).
    pub popularity: f32,
    /// Weight of recency (how recently anyone had the item).
    pub recency: f32,
    /// MMR diversity λ.
    pub diversity: f32,
}

impl Default for RerankWeights {
    fn default() -> Self {
        Self {
            similarity: 1.0,
            popularity: 0.0,
            recency: 0.0,
            diversity: 0.0,
        }
    }
}

/// A stage-1 candidate with its raw signals.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Candidate {
    /// Item row.
    pub item: u32,
    /// Stage-1 similarity (any scale).
    pub similarity: f32,
    /// Popularity signal (any non-negative scale).
    pub popularity: f32,
    /// Recency signal (any scale; larger = more recent).
    pub recency: f32,
}

/// One re-ranked item.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ranked {
    /// Item row.
    pub item: u32,
    /// Stage-2 score (before the diversity penalty).
    pub score: f32,
    /// The candidate's stage-1 similarity, as given.
    pub similarity: f32,
    /// 0-based position in the stage-1 list.
    pub stage1_rank: usize,
}

fn scaled(values: impl Iterator<Item = f32> + Clone) -> impl Fn(f32) -> f32 {
    let (lo, hi) = values.fold((f32::INFINITY, f32::NEG_INFINITY), |(lo, hi), v| {
        (lo.min(v), hi.max(v))
    });
    move |v| if hi > lo { (v - lo) / (hi - lo) } else { 0.0 }
}

/// Re-rank `candidates` (in stage-1 order) and return the best `n`. `sim(a, b)` is the
/// similarity of two items for the diversity term (e.g. cosine of their vectors).
#[must_use]
pub fn rerank(
    candidates: &[Candidate],
    n: usize,
    w: RerankWeights,
    sim: impl Fn(u32, u32) -> f32,
) -> Vec<Ranked> {
    let s = scaled(candidates.iter().map(|c| c.similarity));
    let p = scaled(candidates.iter().map(|c| c.popularity));
    let r = scaled(candidates.iter().map(|c| c.recency));
    let scores: Vec<f32> = candidates
        .iter()
        .map(|c| {
            w.similarity * s(c.similarity)
                + w.popularity * p(c.popularity)
                + w.recency * r(c.recency)
        })
        .collect();
    let lambda = w.diversity.clamp(0.0, 1.0);
    let mut left: Vec<usize> = (0..candidates.len()).collect();
    let mut out: Vec<Ranked> = Vec::with_capacity(n.min(candidates.len()));
    while out.len() < n && !left.is_empty() {
        let value = |i: usize| {
            let redundancy = out
                .iter()
                .map(|o| sim(candidates[i].item, o.item))
                .fold(0.0_f32, f32::max);
            (1.0 - lambda) * scores[i] - lambda * redundancy
        };
        let (pos, _) = left
            .iter()
            .enumerate()
            .map(|(pos, &i)| (pos, value(i)))
            .fold((0, f32::NEG_INFINITY), |best, cur| {
                if cur.1 > best.1 { cur } else { best }
            });
        let i = left.remove(pos);
        out.push(Ranked {
            item: candidates[i].item,
            score: scores[i],
            similarity: candidates[i].similarity,
            stage1_rank: i,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(item: u32, similarity: f32, popularity: f32) -> Candidate {
        Candidate {
            item,
            similarity,
            popularity,
            recency: 0.0,
        }
    }

    #[test]
    fn similarity_only_keeps_stage_one_order() {
        let cands = [c(7, 0.9, 0.0), c(3, 0.8, 10.0), c(5, 0.1, 5.0)];
        let out = rerank(&cands, 2, RerankWeights::default(), |_, _| 0.0);
        assert_eq!(out.iter().map(|r| r.item).collect::<Vec<_>>(), [7, 3]);
        assert_eq!(out[1].stage1_rank, 1);
    }

    #[test]
    fn popularity_weight_moves_popular_items_up() {
        let cands = [c(7, 0.9, 0.0), c(3, 0.8, 10.0), c(5, 0.1, 5.0)];
        let w = RerankWeights {
            popularity: 1.0,
            ..RerankWeights::default()
        };
        // scores: 7 → 1 + 0, 3 → 0.875 + 1, 5 → 0 + 0.5
        let out = rerank(&cands, 3, w, |_, _| 0.0);
        assert_eq!(out.iter().map(|r| r.item).collect::<Vec<_>>(), [3, 7, 5]);
    }

    #[test]
    fn diversity_skips_near_duplicates() {
        // 1 and 2 are twins; with λ = 0.5 the second pick is the different item 3.
        let cands = [c(1, 1.0, 0.0), c(2, 0.95, 0.0), c(3, 0.6, 0.0)];
        let twins = |a: u32, b: u32| {
            if (a == 1 && b == 2) || (a == 2 && b == 1) {
                1.0
            } else {
                0.0
            }
        };
        let plain = rerank(&cands, 2, RerankWeights::default(), twins);
        assert_eq!(plain.iter().map(|r| r.item).collect::<Vec<_>>(), [1, 2]);
        let w = RerankWeights {
            diversity: 0.5,
            ..RerankWeights::default()
        };
        let diverse = rerank(&cands, 2, w, twins);
        assert_eq!(diverse.iter().map(|r| r.item).collect::<Vec<_>>(), [1, 3]);
    }
}
