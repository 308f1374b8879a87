//! Turning scores into recommendation lists: top-k over the catalogue, excluding what a user
//! already has, ties broken by lower item index (= lower item id).

pub mod rerank;

/// How a user–item pair is scored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ScoreMetric {
    /// Dot product (ALS's own preference estimate; rewards long item vectors).
    Dot,
    /// Cosine similarity (direction only).
    Cosine,
    /// Euclidean distance (nearest first).
    Euclidean,
}

impl ScoreMetric {
    /// Stable lower-case name.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Dot => "dot",
            Self::Cosine => "cosine",
            Self::Euclidean => "euclidean",
        }
    }

    /// Ranking key of a user–item pair: larger is better (Euclidean: minus the distance;
    /// cosine with a zero vector: NaN, never recommended).
    #[must_use]
    pub fn key(self, user: &[f32], item: &[f32]) -> f32 {
        use crate::index::metric::{cosine, dot, euclidean};
        match self {
            Self::Dot => dot(user, item),
            Self::Cosine => cosine(user, item).unwrap_or(f32::NAN),
            Self::Euclidean => -euclidean(user, item),
        }
    }

    /// The value shown for a ranking key (Euclidean: the distance again).
    #[must_use]
    pub fn shown(self, key: f32) -> f32 {
        if self == Self::Euclidean { -key } else { key }
    }
}

/// A score [`top_k_excluding`] ranks: f32, or f64 where near-ties must rank as numpy's do.
pub trait Score: Copy {
    /// Whether it is NaN (never recommended).
    fn nan(self) -> bool;
    /// IEEE total order.
    fn order(&self, other: &Self) -> std::cmp::Ordering;
}

impl Score for f32 {
    fn nan(self) -> bool {
        self.is_nan()
    }
    fn order(&self, other: &Self) -> std::cmp::Ordering {
        self.total_cmp(other)
    }
}

impl Score for f64 {
    fn nan(self) -> bool {
        self.is_nan()
    }
    fn order(&self, other: &Self) -> std::cmp::Ordering {
        self.total_cmp(other)
    }
}

/// Indices of the `k` highest `scores`, skipping `exclude` (sorted ascending), best first; ties
/// go to the lower index. NaN scores are never recommended.
#[must_use]
pub fn top_k_excluding<T: Score>(scores: &[T], exclude: &[u32], k: usize) -> Vec<u32> {
    let mut cand: Vec<(T, u32)> = scores
        .iter()
        .enumerate()
        .filter(|(i, s)| !s.nan() && exclude.binary_search(&(*i as u32)).is_err())
        .map(|(i, s)| (*s, i as u32))
        .collect();
    let by = |a: &(T, u32), b: &(T, u32)| b.0.order(&a.0).then(a.1.cmp(&b.1));
    let k = k.min(cand.len());
    if k == 0 {
        return Vec::new();
    }
    if k < cand.len() {
        cand.select_nth_unstable_by(k - 1, by);
        cand.truncate(k);
    }
    cand.sort_unstable_by(by);
    cand.into_iter().map(|c| c.1).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excludes_and_breaks_ties_by_index() {
        let s = [0.5, 0.9, 0.9, f32::NAN, 0.1];
        assert_eq!(top_k_excluding(&s, &[], 3), [1, 2, 0]);
        assert_eq!(top_k_excluding(&s, &[1], 3), [2, 0, 4]);
        assert_eq!(top_k_excluding(&s, &[0, 1, 2, 4], 3), Vec::<u32>::new());
    }
}
