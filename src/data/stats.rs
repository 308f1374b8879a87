//! Per-dataset interaction statistics, computed once per run in the worker and read by every
//! click: each item's number of distinct users and latest timestamp, and each user's distinct
//! items with summed weights.

use super::Dataset;

/// Interaction statistics of one dataset.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct InteractionStats {
    /// Per item: number of distinct users who interacted with it.
    pub users_of: Vec<u32>,
    /// Per item: latest interaction timestamp, if any interaction had one ([`Self::latest`]);
    /// empty when no interaction has a timestamp (16 bytes an item: 16 MB for 1M vectors with
    /// no interactions).
    latest: Vec<Option<i64>>,
    /// The earliest of the items' latest timestamps (0 when there are none): the origin for
    /// recency scores.
    pub first_latest: i64,
    /// Per user: distinct items with summed non-negative weights (ratings), sorted by item.
    pub history: Vec<Vec<(u32, f32)>>,
}

impl InteractionStats {
    /// Compute the statistics of `data` (O(interactions · log)).
    #[must_use]
    pub fn of(data: &Dataset) -> Self {
        let items = data.items.len();
        let mut latest: Vec<Option<i64>> = vec![None; items];
        let mut history: Vec<Vec<(u32, f32)>> = vec![Vec::new(); data.users.len()];
        for it in &data.interactions {
            if let Some(t) = it.timestamp {
                let l = &mut latest[it.item as usize];
                *l = Some(l.map_or(t, |x| x.max(t)));
            }
            if let Some(h) = history.get_mut(it.user as usize) {
                h.push((it.item, it.rating.max(0.0)));
            }
        }
        let mut users_of = vec![0u32; items];
        for h in &mut history {
            h.sort_unstable_by_key(|w| w.0);
            h.dedup_by(|a, b| {
                if a.0 == b.0 {
                    b.1 += a.1;
                    true
                } else {
                    false
                }
            });
            for &(item, _) in h.iter() {
                users_of[item as usize] += 1;
            }
        }
        let first_latest = latest.iter().flatten().copied().min().unwrap_or(0);
        if latest.iter().all(Option::is_none) {
            latest = Vec::new();
        }
        Self {
            users_of,
            latest,
            first_latest,
            history,
        }
    }

    /// Latest interaction timestamp of item row `item`, if any of its interactions had one.
    #[must_use]
    pub fn latest(&self, item: usize) -> Option<i64> {
        self.latest.get(item).copied().flatten()
    }

    /// Items by number of distinct users, most popular first, ties by lower row.
    #[must_use]
    pub fn by_popularity(&self) -> Vec<u32> {
        let mut order: Vec<u32> = (0..self.users_of.len() as u32).collect();
        order.sort_by(|&x, &y| {
            self.users_of[y as usize]
                .cmp(&self.users_of[x as usize])
                .then(x.cmp(&y))
        });
        order
    }

    /// The items user row `user` has, sorted.
    #[must_use]
    pub fn seen(&self, user: u32) -> Vec<u32> {
        self.history
            .get(user as usize)
            .map(|h| h.iter().map(|w| w.0).collect())
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{Entities, Interaction};

    fn ids(n: usize) -> Vec<String> {
        (0..n).map(|i| i.to_string()).collect()
    }

    #[test]
    fn counts_distinct_users_latest_and_summed_history() {
        let it = |user, item, rating, timestamp| Interaction {
            user,
            item,
            rating,
            timestamp,
        };
        let data = Dataset {
            name: "t".into(),
            name_ja: None,
            root: std::path::PathBuf::new(),
            items: Entities::new(ids(3), ids(3)),
            users: Entities::new(ids(2), ids(2)),
            interactions: vec![
                it(0, 1, 2.0, Some(50)),
                it(0, 1, 3.0, Some(70)),
                it(1, 1, -1.0, None),
                it(1, 0, 1.0, Some(20)),
            ],
            item_vectors: None,
            user_vectors: None,
            trained_by: None,
            interaction_metadata: Vec::new(),
            vocabulary: crate::data::vocabulary::Vocabulary::default(),
            sources: crate::data::Sources::default(),
        };
        let s = InteractionStats::of(&data);
        assert_eq!(s.users_of, [1, 2, 0]);
        assert_eq!(
            (s.latest(0), s.latest(1), s.latest(2)),
            (Some(20), Some(70), None)
        );
        assert_eq!(s.latest(3), None);
        assert_eq!(s.first_latest, 20);
        assert_eq!(s.history[0], [(1, 5.0)]);
        assert_eq!(s.history[1], [(0, 1.0), (1, 0.0)]);
        assert_eq!(s.by_popularity(), [1, 0, 2]);
        assert_eq!(s.seen(1), [0, 1]);
        assert!(s.seen(9).is_empty());
    }

    #[test]
    fn no_timestamps_keep_no_per_item_latest() {
        let data = Dataset {
            name: "t".into(),
            name_ja: None,
            root: std::path::PathBuf::new(),
            items: Entities::new(ids(3), ids(3)),
            users: Entities::new(ids(1), ids(1)),
            interactions: vec![Interaction {
                user: 0,
                item: 2,
                rating: 1.0,
                timestamp: None,
            }],
            item_vectors: None,
            user_vectors: None,
            trained_by: None,
            interaction_metadata: Vec::new(),
            vocabulary: crate::data::vocabulary::Vocabulary::default(),
            sources: crate::data::Sources::default(),
        };
        let s = InteractionStats::of(&data);
        assert!(s.latest.is_empty());
        assert_eq!((s.latest(0), s.latest(2)), (None, None));
        assert_eq!(
            (s.first_latest, s.users_of.as_slice()),
            (0, [0, 0, 1].as_slice())
        );
    }
}
