//! Excluding findings: a cleaned copy of the dataset without the rows chosen findings would
//! drop. The dataset on disk is never touched; the copy keeps every id string, and rows are
//! re-interned in their original order so ids and dense indices stay consistent.
//!
//! Dropping an item or a user drops its interactions too.

use std::collections::BTreeSet;

use ndarray::Axis;
use serde::Serialize;

use super::{AuditReport, FindingKind, Table};
use crate::data::{Dataset, Entities, Features, MetaColumn, SourceLines, StrColumn};

/// The rows to drop, from chosen findings of one report.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Exclusion {
    kinds: Vec<FindingKind>,
    items: BTreeSet<u32>,
    users: BTreeSet<u32>,
    interactions: BTreeSet<u32>,
}

/// What an exclusion removed, as printed by `embedscope run --exclude-audit … --json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExclusionSummary {
    /// The findings excluded.
    pub kinds: Vec<FindingKind>,
    /// Items dropped.
    pub items_removed: usize,
    /// Users dropped.
    pub users_removed: usize,
    /// Interactions dropped (chosen ones and those of dropped users and items).
    pub interactions_removed: usize,
    /// Ids of the dropped items.
    pub items: Vec<String>,
    /// Ids of the dropped users.
    pub users: Vec<String>,
}

impl Exclusion {
    /// The rows that the findings of `kinds` in `report` would drop (kinds the report does not
    /// have drop nothing). `report` must come from the dataset this is applied to.
    #[must_use]
    pub fn from_report(report: &AuditReport, kinds: &[FindingKind]) -> Self {
        let mut out = Self {
            kinds: kinds.to_vec(),
            ..Self::default()
        };
        out.kinds.sort_unstable();
        out.kinds.dedup();
        for f in report
            .findings
            .iter()
            .filter(|f| out.kinds.contains(&f.kind))
        {
            for r in f.rows.iter().filter(|r| r.drop) {
                match r.table {
                    Table::Items => out.items.insert(r.row),
                    Table::Users => out.users.insert(r.row),
                    Table::Interactions => out.interactions.insert(r.row),
                };
            }
        }
        out
    }

    /// Whether nothing would be dropped.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.items.is_empty() && self.users.is_empty() && self.interactions.is_empty()
    }

    /// Rows chosen directly: (items, users, interactions), before dropping the interactions of
    /// excluded items and users.
    #[must_use]
    pub fn chosen(&self) -> (usize, usize, usize) {
        (self.items.len(), self.users.len(), self.interactions.len())
    }

    /// A copy of `data` without the excluded rows, and what was removed.
    #[must_use]
    pub fn apply(&self, data: &Dataset) -> (Dataset, ExclusionSummary) {
        let keep_items: Vec<usize> = (0..data.items.len())
            .filter(|r| !self.items.contains(&(*r as u32)))
            .collect();
        let keep_users: Vec<usize> = (0..data.users.len())
            .filter(|r| !self.users.contains(&(*r as u32)))
            .collect();
        let item_map = remap(data.items.len(), &keep_items);
        let user_map = remap(data.users.len(), &keep_users);
        let mut keep_interactions = Vec::new();
        let mut interactions = Vec::new();
        for (r, it) in data.interactions.iter().enumerate() {
            if self.interactions.contains(&(r as u32)) {
                continue;
            }
            if let (Some(user), Some(item)) =
                (user_map[it.user as usize], item_map[it.item as usize])
            {
                keep_interactions.push(r);
                interactions.push(crate::data::Interaction { user, item, ..*it });
            }
        }
        let mut sources = data.sources.clone();
        sources.items = pick_lines(&data.sources.items, &keep_items);
        sources.users = pick_lines(&data.sources.users, &keep_users);
        sources.interactions = pick_lines(&data.sources.interactions, &keep_interactions);
        let cleaned = Dataset {
            name: data.name.clone(),
            name_ja: data.name_ja.clone(),
            root: data.root.clone(),
            items: select(&data.items, &keep_items),
            users: select(&data.users, &keep_users),
            interactions,
            item_vectors: data
                .item_vectors
                .as_ref()
                .map(|v| std::sync::Arc::new(v.select(Axis(0), &keep_items))),
            user_vectors: data
                .user_vectors
                .as_ref()
                .map(|v| std::sync::Arc::new(v.select(Axis(0), &keep_users))),
            trained_by: data.trained_by.clone(),
            interaction_metadata: pick_meta(&data.interaction_metadata, &keep_interactions),
            vocabulary: data.vocabulary.clone(),
            sources,
        };
        let ids = |e: &Entities, set: &BTreeSet<u32>| -> Vec<String> {
            set.iter()
                .filter_map(|&r| e.ids.get(r as usize).map(str::to_owned))
                .collect()
        };
        let summary = ExclusionSummary {
            kinds: self.kinds.clone(),
            items_removed: data.items.len() - cleaned.items.len(),
            users_removed: data.users.len() - cleaned.users.len(),
            interactions_removed: data.interactions.len() - cleaned.interactions.len(),
            items: ids(&data.items, &self.items),
            users: ids(&data.users, &self.users),
        };
        (cleaned, summary)
    }
}

/// Old row → new row (None when dropped).
fn remap(len: usize, keep: &[usize]) -> Vec<Option<u32>> {
    let mut map = vec![None; len];
    for (new, &old) in keep.iter().enumerate() {
        map[old] = Some(new as u32);
    }
    map
}

fn pick<T: Clone>(v: &[T], keep: &[usize]) -> Vec<T> {
    keep.iter().filter_map(|&r| v.get(r).cloned()).collect()
}

fn pick_str(v: &StrColumn, keep: &[usize]) -> Vec<String> {
    keep.iter()
        .filter_map(|&r| v.get(r).map(str::to_owned))
        .collect()
}

fn pick_lines(s: &SourceLines, keep: &[usize]) -> SourceLines {
    let lines = if s.lines.is_empty() {
        Vec::new()
    } else {
        pick(&s.lines, keep)
    };
    SourceLines::new(s.file.clone(), lines)
}

fn pick_meta(columns: &[MetaColumn], keep: &[usize]) -> Vec<MetaColumn> {
    columns
        .iter()
        .map(|c| MetaColumn {
            name: c.name.clone(),
            values: pick(&c.values, keep),
        })
        .collect()
}

/// The rows `keep` of a table, re-interned.
fn select(e: &Entities, keep: &[usize]) -> Entities {
    let mut out = Entities::new(pick_str(&e.ids, keep), pick_str(&e.names, keep));
    out.names_ja = e.names_ja.as_ref().map(|v| pick_str(v, keep).into());
    out.categories = e.categories.as_ref().map(|v| pick_str(v, keep).into());
    out.categories_ja = e.categories_ja.as_ref().map(|v| pick_str(v, keep).into());
    out.category_column.clone_from(&e.category_column);
    out.features = Features {
        names: e.features.names.clone(),
        labels: e.features.labels.clone(),
        labels_ja: e.features.labels_ja.clone(),
        values: e.features.values.select(Axis(0), keep),
    };
    out.metadata = pick_meta(&e.metadata, keep);
    out
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{interaction, toy, with_interaction_lines};
    use super::super::{AuditParams, audit};
    use super::*;

    #[test]
    fn drops_copies_keeps_originals_and_remaps_ids() {
        // Items 1 and 3 share a title; interaction row 2 repeats row 0.
        let mut d = toy(4, 2);
        d.items.names.set(2, "ITEM  1");
        d.interactions = vec![
            interaction(0, 0, 1),
            interaction(1, 2, 2),
            interaction(0, 0, 1),
            interaction(1, 3, 3),
        ];
        with_interaction_lines(&mut d);
        let report = audit(&d, &AuditParams::default()).unwrap();
        let ex = Exclusion::from_report(
            &report,
            &[
                FindingKind::DuplicateItems,
                FindingKind::DuplicateInteractions,
            ],
        );
        let (clean, s) = ex.apply(&d);
        assert_eq!(s.items, ["i3"]);
        assert_eq!(
            (s.items_removed, s.users_removed, s.interactions_removed),
            (1, 0, 2),
            "the copy, its interaction and the repeated row"
        );
        assert_eq!(clean.items.ids, ["i1", "i2", "i4"]);
        assert_eq!(clean.items.find("i4"), Some(2));
        assert!((clean.items.features.values[[2, 0]] - 3.0).abs() < 1e-12);
        assert_eq!(clean.sources.items.lines, [2, 3, 5]);
        let pairs: Vec<(&str, &str)> = clean
            .interactions
            .iter()
            .map(|i| {
                (
                    &clean.users.ids[i.user as usize],
                    &clean.items.ids[i.item as usize],
                )
            })
            .collect();
        assert_eq!(pairs, [("u1", "i1"), ("u2", "i4")]);
        assert_eq!(clean.sources.interactions.lines, [2, 5]);
        // Nothing chosen: an identical copy.
        let none = Exclusion::from_report(&report, &[]);
        assert!(none.is_empty());
        let (same, s) = none.apply(&d);
        assert_eq!(
            (
                same.items.len(),
                same.interactions.len(),
                s.interactions_removed
            ),
            (4, 4, 0)
        );
    }
}
