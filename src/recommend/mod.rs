//! Turning scores into recommendation lists: top-k over the catalogue, excluding what a user
//! already has, ties broken by lower item index (= lower item id).

pub mod rerank;

/// Indices of the `k` highest `scores`, skipping `exclude` (sorted ascending), best first; ties
/// go to the lower index. NaN scores are never recommended.
#[must_use]
pub fn top_k_excluding(scores: &[f32], exclude: &[u32], k: usize) -> Vec<u32> {
    let mut cand: Vec<(f32, u32)> = scores
        .iter()
        .enumerate()
        .filter(|(i, s)| !s.is_nan() && exclude.binary_search(&(*i as u32)).is_err())
        .map(|(i, s)| (*s, i as u32))
        .collect();
    let by = |a: &(f32, u32), b: &(f32, u32)| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1));
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
