//! Duplicates: items under different ids with the same [normalised](super::normalise) title,
//! item rows identical in every column but the id, identical interaction rows, and
//! near-duplicate texts ([MinHash + LSH](super::minhash)).
//!
//! Rows that are copies of one another form a group; the first row (file order) is kept and the
//! others are the ones excluding the finding drops.

use std::collections::HashMap;
use std::fmt::Write as _;

use super::minhash::{NearPair, near_duplicates};
use super::normalise::normalise;
use super::{AffectedRow, AuditParams, Finding, FindingKind, RowRefs, Table, is_text_column};
use crate::data::{Dataset, Entities};

/// Items that repeat an earlier item's normalised title.
pub(super) fn duplicate_items(data: &Dataset, rows: &RowRefs) -> Option<Finding> {
    let items = &data.items;
    if items.names.iter().zip(&items.ids).all(|(n, id)| n == id) {
        return None; // no title column: names are the (unique) ids
    }
    let keys: Vec<Option<String>> = items
        .names
        .iter()
        .map(|n| Some(normalise(n)).filter(|k| !k.is_empty()))
        .collect();
    let groups = groups(&keys);
    let affected = group_rows(&groups, Table::Items, rows, |first| {
        format!("same title as {}", rows.place(Table::Items, first))
    });
    finding(
        FindingKind::DuplicateItems,
        affected,
        groups.len(),
        "item(s) repeat the title of an earlier item under a different id (same title after ignoring case, width, accents, spacing and punctuation)",
    )
}

/// Items identical to an earlier item in every column but the id.
pub(super) fn duplicate_item_rows(data: &Dataset, rows: &RowRefs) -> Option<Finding> {
    let e = &data.items;
    if e.features.dim() == 0 && e.metadata.is_empty() && e.categories.is_none() {
        return None; // nothing but a name: duplicate_items covers it
    }
    let keys: Vec<Option<String>> = (0..e.len()).map(|r| Some(row_key(e, r))).collect();
    let groups = groups(&keys);
    let affected = group_rows(&groups, Table::Items, rows, |first| {
        format!(
            "every column but the id equals {}",
            rows.place(Table::Items, first)
        )
    });
    finding(
        FindingKind::DuplicateItemRows,
        affected,
        groups.len(),
        "item row(s) are identical to an earlier row except for the id",
    )
}

fn row_key(e: &Entities, r: usize) -> String {
    let mut key = e.names[r].clone();
    let cells = [&e.names_ja, &e.categories, &e.categories_ja];
    for v in cells.into_iter().flatten() {
        let _ = write!(key, "\u{1f}{}", v[r]);
    }
    for x in e.features.values.row(r) {
        let _ = write!(key, "\u{1f}{:x}", x.to_bits());
    }
    for c in &e.metadata {
        let _ = write!(key, "\u{1f}{}", c.values[r]);
    }
    key
}

/// Interaction rows identical to an earlier row (user, item, rating, timestamp and any other
/// columns).
pub(super) fn duplicate_interactions(data: &Dataset, rows: &RowRefs) -> Option<Finding> {
    let keys: Vec<Option<String>> = data
        .interactions
        .iter()
        .enumerate()
        .map(|(r, it)| {
            let mut key = format!(
                "{}\u{1f}{}\u{1f}{:x}\u{1f}{:?}",
                it.user,
                it.item,
                it.rating.to_bits(),
                it.timestamp
            );
            for c in &data.interaction_metadata {
                let _ = write!(key, "\u{1f}{}", c.values[r]);
            }
            Some(key)
        })
        .collect();
    let groups = groups(&keys);
    let affected = group_rows(&groups, Table::Interactions, rows, |first| {
        format!("same as {}", rows.place(Table::Interactions, first))
    });
    finding(
        FindingKind::DuplicateInteractions,
        affected,
        groups.len(),
        "interaction row(s) repeat an earlier row exactly (same user, item, rating and timestamp)",
    )
}

/// Rows whose text in some prose column is a near-duplicate of another row's.
pub(super) fn near_duplicate_texts(
    data: &Dataset,
    params: &AuditParams,
    rows: &RowRefs,
) -> Option<Finding> {
    let mut affected = Vec::new();
    let mut clusters = 0;
    for (table, e) in [(Table::Items, &data.items), (Table::Users, &data.users)] {
        let mut links = UnionFind::new(e.len());
        // Per row: its most similar partner (Jaccard, other row, column).
        let mut best: Vec<Option<(f64, usize, &str)>> = vec![None; e.len()];
        for c in e.metadata.iter().filter(|c| is_text_column(&c.values)) {
            let texts: Vec<&str> = c.values.iter().map(String::as_str).collect();
            let pairs = near_duplicates(
                &texts,
                params.near_dup_threshold,
                params.shingle_chars,
                params.minhash_hashes,
            );
            for NearPair { a, b, jaccard } in pairs {
                let (a, b) = (a as usize, b as usize);
                links.union(a, b);
                for (r, other) in [(a, b), (b, a)] {
                    if best[r].is_none_or(|(j, _, _)| jaccard > j) {
                        best[r] = Some((jaccard, other, c.name.as_str()));
                    }
                }
            }
        }
        let mut members: Vec<Vec<usize>> = vec![Vec::new(); e.len()];
        for r in 0..e.len() {
            members[links.find(r)].push(r);
        }
        let mut groups: Vec<Vec<usize>> = members.into_iter().filter(|m| m.len() > 1).collect();
        groups.sort_unstable_by_key(|m| m[0]);
        for g in groups {
            let id = clusters;
            clusters += 1;
            for (k, &r) in g.iter().enumerate() {
                let note = match best[r] {
                    Some((j, other, column)) if k > 0 => {
                        format!("{column}: Jaccard {j:.2} with {}", rows.place(table, other))
                    }
                    _ => format!("kept; {} near-duplicate(s) follow", g.len() - 1),
                };
                let mut row = rows.row(table, r, note);
                row.group = Some(id);
                row.drop = k > 0;
                affected.push(row);
            }
        }
    }
    let what = format!(
        "row(s) have a text that is a near-duplicate of an earlier row's (Jaccard ≥ {} over {}-character shingles)",
        params.near_dup_threshold, params.shingle_chars
    );
    finding(
        FindingKind::NearDuplicateTexts,
        affected,
        clusters as usize,
        &what,
    )
}

/// Rows grouped by equal keys, in order of first occurrence; only groups of two or more.
fn groups(keys: &[Option<String>]) -> Vec<Vec<usize>> {
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (r, k) in keys.iter().enumerate() {
        let Some(k) = k else { continue };
        let g = *index.entry(k.as_str()).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[g].push(r);
    }
    groups.retain(|g| g.len() > 1);
    groups
}

/// Affected rows of duplicate groups: the first kept, the others dropped with `note(first)`.
fn group_rows(
    groups: &[Vec<usize>],
    table: Table,
    rows: &RowRefs,
    note: impl Fn(usize) -> String,
) -> Vec<AffectedRow> {
    let mut out = Vec::new();
    for (id, g) in groups.iter().enumerate() {
        for (k, &r) in g.iter().enumerate() {
            let text = if k == 0 {
                format!("kept; {} copy/copies follow", g.len() - 1)
            } else {
                note(g[0])
            };
            let mut row = rows.row(table, r, text);
            row.group = Some(id as u32);
            row.drop = k > 0;
            out.push(row);
        }
    }
    out.sort_by_key(|r| r.row);
    out
}

fn finding(
    kind: FindingKind,
    affected: Vec<AffectedRow>,
    groups: usize,
    what: &str,
) -> Option<Finding> {
    let dropped = affected.iter().filter(|r| r.drop).count();
    (dropped > 0).then(|| {
        Finding::new(
            kind,
            format!("{dropped} {what}; {groups} group(s)"),
            affected,
        )
    })
}

/// Disjoint sets with path halving, for clusters of near-duplicate pairs.
struct UnionFind(Vec<usize>);

impl UnionFind {
    fn new(n: usize) -> Self {
        Self((0..n).collect())
    }

    fn find(&mut self, mut x: usize) -> usize {
        while self.0[x] != x {
            self.0[x] = self.0[self.0[x]];
            x = self.0[x];
        }
        x
    }

    fn union(&mut self, a: usize, b: usize) {
        let (ra, rb) = (self.find(a), self.find(b));
        // The lower row becomes the root, so a cluster is named by its first row.
        self.0[ra.max(rb)] = ra.min(rb);
    }
}
