//! Offline ranking metrics at k, with binary relevance (`relevant` is a sorted slice of item
//! indices), exactly as `shared/bench/peers.py als`
//! defines them (so numbers can be compared to 1e-9):
//!
//! - precision@k = hits / k (a list shorter than k counts the missing places as misses);
//! - recall@k = hits / |T_u|;
//! - nDCG@k = Σ_{r=1..k} rel_r / log2(r + 1) ÷ Σ_{r=1..min(k, |T_u|)} 1 / log2(r + 1);
//! - MAP@k = Σ_{r: rel_r} precision@r ÷ min(k, |T_u|);
//! - hit rate@k = [hits > 0];
//! - coverage@k = |∪_u top-k(u)| / |catalogue|;
//! - novelty = mean over recommended items of −log2(share of users who interacted with the item);
//! - intra-list diversity = mean pairwise (1 − max(cos, 0)) within a list, in [0, 1]: 0 = all
//!   items point the same way, 1 = no two share a direction (orthogonal, or opposite: an
//!   opposite pair is as unalike as an unrelated one, not "twice as diverse").

use std::collections::HashSet;

/// Number of recommended items (first k) that are relevant.
#[must_use]
pub fn hits(recs: &[u32], relevant: &[u32], k: usize) -> usize {
    recs.iter()
        .take(k)
        .filter(|i| relevant.binary_search(i).is_ok())
        .count()
}

/// Precision at k.
#[must_use]
pub fn precision_at_k(recs: &[u32], relevant: &[u32], k: usize) -> f64 {
    if k == 0 {
        return 0.0;
    }
    hits(recs, relevant, k) as f64 / k as f64
}

/// Recall at k (0 when there is nothing relevant).
#[must_use]
pub fn recall_at_k(recs: &[u32], relevant: &[u32], k: usize) -> f64 {
    if relevant.is_empty() {
        return 0.0;
    }
    hits(recs, relevant, k) as f64 / relevant.len() as f64
}

/// Normalised discounted cumulative gain at k.
#[must_use]
pub fn ndcg_at_k(recs: &[u32], relevant: &[u32], k: usize) -> f64 {
    let ideal: f64 = (1..=k.min(relevant.len()))
        .map(|r| 1.0 / ((r + 1) as f64).log2())
        .sum();
    if ideal == 0.0 {
        return 0.0;
    }
    let dcg: f64 = recs
        .iter()
        .take(k)
        .enumerate()
        .filter(|(_, i)| relevant.binary_search(i).is_ok())
        .map(|(r, _)| 1.0 / ((r + 2) as f64).log2())
        .sum();
    dcg / ideal
}

/// Average precision at k, normalised by min(k, |T_u|).
#[must_use]
pub fn average_precision_at_k(recs: &[u32], relevant: &[u32], k: usize) -> f64 {
    let denom = k.min(relevant.len());
    if denom == 0 {
        return 0.0;
    }
    let mut found = 0usize;
    let mut sum = 0.0;
    for (r, i) in recs.iter().take(k).enumerate() {
        if relevant.binary_search(i).is_ok() {
            found += 1;
            sum += found as f64 / (r + 1) as f64;
        }
    }
    sum / denom as f64
}

/// 1 when any of the first k is relevant.
#[must_use]
pub fn hit_rate_at_k(recs: &[u32], relevant: &[u32], k: usize) -> f64 {
    if hits(recs, relevant, k) > 0 {
        1.0
    } else {
        0.0
    }
}

/// Share of the catalogue that appears in at least one list (first k of each).
#[must_use]
pub fn coverage_at_k<'a>(
    lists: impl IntoIterator<Item = &'a [u32]>,
    k: usize,
    catalogue: usize,
) -> f64 {
    if catalogue == 0 {
        return 0.0;
    }
    let seen: HashSet<u32> = lists
        .into_iter()
        .flat_map(|l| l.iter().take(k).copied())
        .collect();
    seen.len() as f64 / catalogue as f64
}

/// Mean self-information −log2(p_i) of the first k items, p_i = users who had item i / all users.
/// Items nobody had count with p = 1 / (users + 1), so the value stays finite.
#[must_use]
pub fn novelty_at_k(recs: &[u32], item_users: &[usize], users: usize, k: usize) -> f64 {
    let list: Vec<u32> = recs.iter().take(k).copied().collect();
    if list.is_empty() || users == 0 {
        return 0.0;
    }
    let info = |i: u32| {
        let n = item_users.get(i as usize).copied().unwrap_or(0);
        let p = if n == 0 {
            1.0 / (users + 1) as f64
        } else {
            n as f64 / users as f64
        };
        -p.log2()
    };
    list.iter().map(|&i| info(i)).sum::<f64>() / list.len() as f64
}

/// Mean pairwise 1 − max(cos, 0) between the item vectors of the first k items, in [0, 1];
/// pairs with a zero vector count as 1 (no shared direction). `None` with < 2 items.
#[must_use]
pub fn intra_list_diversity(
    recs: &[u32],
    k: usize,
    vector: impl Fn(u32) -> Vec<f32>,
) -> Option<f64> {
    let vs: Vec<Vec<f32>> = recs.iter().take(k).map(|&i| vector(i)).collect();
    if vs.len() < 2 {
        return None;
    }
    let mut sum = 0.0;
    let mut pairs = 0usize;
    for a in 0..vs.len() {
        for b in a + 1..vs.len() {
            let cos = crate::index::metric::cosine(&vs[a], &vs[b]).map_or(0.0, f64::from);
            sum += 1.0 - cos.max(0.0);
            pairs += 1;
        }
    }
    Some(sum / pairs as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(v: &[u32]) -> Vec<u32> {
        let mut v = v.to_vec();
        v.sort_unstable();
        v
    }

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() < 1e-12
    }

    #[test]
    fn hand_computed_toy_case() {
        // Recommended [3, 1, 7, 5], relevant {1, 5, 9}, k = 3: one hit, at rank 2.
        let (recs, rel) = ([3, 1, 7, 5], set(&[1, 5, 9]));
        assert!(close(precision_at_k(&recs, &rel, 3), 1.0 / 3.0));
        assert!(close(recall_at_k(&recs, &rel, 3), 1.0 / 3.0));
        // DCG = 1/log2(3); IDCG = 1 + 1/log2(3) + 1/2 (three relevant, k = 3).
        let idcg = 1.0 + 1.0 / 3f64.log2() + 0.5;
        assert!(close(ndcg_at_k(&recs, &rel, 3), (1.0 / 3f64.log2()) / idcg));
        // AP@3 = (1/2) / min(3, 3).
        assert!(close(average_precision_at_k(&recs, &rel, 3), 0.5 / 3.0));
        assert!(close(hit_rate_at_k(&recs, &rel, 3), 1.0));
        // k = 4: hits at ranks 2 and 4 → AP = (1/2 + 2/4) / 3.
        assert!(close(average_precision_at_k(&recs, &rel, 4), 1.0 / 3.0));
    }

    #[test]
    fn ndcg_ideal_uses_min_of_k_and_relevant() {
        // One relevant item found at rank 1: perfect, whatever k.
        assert!(close(ndcg_at_k(&[4, 2, 3], &set(&[4]), 10), 1.0));
        // A short list is padded with misses: precision counts k places.
        assert!(close(precision_at_k(&[4], &set(&[4]), 10), 0.1));
        assert!(close(ndcg_at_k(&[], &set(&[4]), 10), 0.0));
    }

    #[test]
    fn coverage_novelty_diversity() {
        let lists: [&[u32]; 2] = [&[0, 1, 2], &[1, 2, 3]];
        assert!(close(coverage_at_k(lists, 2, 10), 3.0 / 10.0));
        // Item 0 seen by half the users: 1 bit; item 1 by all: 0 bits.
        assert!(close(novelty_at_k(&[0, 1], &[2, 4], 4, 2), 0.5));
        let v = |i: u32| {
            if i == 0 {
                vec![1.0, 0.0]
            } else {
                vec![0.0, 1.0]
            }
        };
        assert!(close(intra_list_diversity(&[0, 1], 2, v).unwrap(), 1.0));
        // Opposite directions are as unalike as orthogonal ones: the value never exceeds 1.
        let opposite = |i: u32| {
            if i == 0 {
                vec![1.0, 0.5]
            } else {
                vec![-1.0, -0.5]
            }
        };
        assert!(close(
            intra_list_diversity(&[0, 1], 2, opposite).unwrap(),
            1.0
        ));
        let same = |_| vec![2.0, 1.0];
        assert!(close(
            intra_list_diversity(&[0, 1, 2], 3, same).unwrap(),
            0.0
        ));
        assert_eq!(intra_list_diversity(&[0], 2, v), None);
    }
}
