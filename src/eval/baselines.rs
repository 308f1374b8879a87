//! Baselines every method is compared with: popularity (items by number of train users,
//! descending, ties → lower item id, the user's train items excluded) and random (seeded).

use super::data::EvalSet;
use crate::rng::Gen;

/// Popularity recommender.
#[derive(Debug, Clone)]
pub struct Popularity {
    order: Vec<u32>,
}

impl Popularity {
    /// Rank the catalogue by train popularity.
    #[must_use]
    pub fn fit(set: &EvalSet) -> Self {
        let counts = set.item_popularity();
        let mut order: Vec<u32> = (0..set.items() as u32).collect();
        order.sort_by(|&a, &b| counts[b as usize].cmp(&counts[a as usize]).then(a.cmp(&b)));
        Self { order }
    }

    /// Top `k` for a user, excluding `seen` (sorted ascending).
    #[must_use]
    pub fn recommend(&self, seen: &[u32], k: usize) -> Vec<u32> {
        self.order
            .iter()
            .copied()
            .filter(|i| seen.binary_search(i).is_err())
            .take(k)
            .collect()
    }
}

/// Uniformly random recommendations (without repeats, excluding `seen`).
#[must_use]
pub fn random(items: usize, seen: &[u32], k: usize, g: &mut Gen) -> Vec<u32> {
    let available = items.saturating_sub(seen.len());
    let k = k.min(available);
    let mut out: Vec<u32> = Vec::with_capacity(k);
    while out.len() < k {
        let i = g.below(items) as u32;
        if seen.binary_search(&i).is_err() && !out.contains(&i) {
            out.push(i);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::data::Pair;

    fn p(u: &str, i: &str) -> Pair {
        Pair {
            user: u.into(),
            item: i.into(),
        }
    }

    #[test]
    fn popularity_orders_by_count_then_id() {
        let train = [
            p("1", "5"),
            p("2", "5"),
            p("1", "3"),
            p("3", "4"),
            p("3", "3"),
            p("2", "9"),
        ];
        let set = EvalSet::from_pairs(&train, &[p("1", "9")]);
        // items ["3","4","5","9"]: counts 2, 1, 2, 1 → 3, 5, 4, 9
        let pop = Popularity::fit(&set);
        assert_eq!(pop.recommend(&[], 4), [0, 2, 1, 3]);
        assert_eq!(pop.recommend(&set.train[0], 4), [1, 3]);
    }

    #[test]
    fn random_never_repeats_or_recommends_seen() {
        let mut g = Gen::new(1);
        let r = random(10, &[0, 1, 2], 20, &mut g);
        assert_eq!(r.len(), 7);
        assert!(r.iter().all(|i| *i > 2));
        let mut d = r.clone();
        d.sort_unstable();
        d.dedup();
        assert_eq!(d.len(), 7);
    }
}
