//! Duplicates: items under different ids with the same [normalised](super::normalise) title,
//! item rows identical in every column but the id, identical interaction rows, and
//! near-duplicate texts ([MinHash + LSH](super::minhash)) among the prose that describes a row
//! (descriptions), not its label lists (tags, keywords, genres), which different items share by
//! design, nor its few-word title.
//!
//! Rows that are copies of one another form a group; the first row (file order) is kept and the
//! others are the ones excluding the finding drops.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::hash::Hash;

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
    let keys = items
        .names
        .iter()
        .map(|n| Some(normalise(n)).filter(|k| !k.is_empty()));
    let groups = groups(keys);
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
    let groups = groups((0..e.len()).map(|r| Some(row_key(e, r))));
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
    let mut key = e.names[r].to_owned();
    let cells = [&e.names_ja, &e.categories, &e.categories_ja];
    for v in cells.into_iter().flatten() {
        let _ = write!(key, "\u{1f}{}", &v[r]);
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
    let keys = data.interactions.iter().enumerate().map(|(r, it)| {
        let mut extra = String::new();
        for c in &data.interaction_metadata {
            let _ = write!(extra, "\u{1f}{}", c.values[r]);
        }
        Some((it.user, it.item, it.rating.to_bits(), it.timestamp, extra))
    });
    let groups = groups(keys);
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

/// Column names that hold lists of labels (user tags, keywords, genres) rather than text
/// describing the row: two films sharing the tags "politics|president" are different films.
const LABEL_COLUMNS: [&str; 12] = [
    "tags",
    "tag",
    "keywords",
    "keyword",
    "labels",
    "label",
    "genres",
    "genre",
    "categories",
    "hashtags",
    "topics",
    "tag_list",
];

/// Whether a column holds label lists: a [label name](LABEL_COLUMNS), or values that are mostly
/// `|`- or `;`-separated lists of short parts, three words or fewer on average (MovieLens
/// `tags`: `politics|president`).
fn is_label_column(name: &str, values: &[String]) -> bool {
    let name = name.trim().to_lowercase();
    if LABEL_COLUMNS.contains(&name.as_str()) {
        return true;
    }
    let filled: Vec<&String> = values.iter().filter(|v| !v.is_empty()).collect();
    let lists = filled
        .iter()
        .filter(|v| {
            let parts: Vec<&str> = v.split(['|', ';']).collect();
            let words: usize = parts.iter().map(|p| p.split_whitespace().count()).sum();
            parts.len() > 1 && words <= 3 * parts.len()
        })
        .count();
    !filled.is_empty() && lists * 2 > filled.len()
}

/// The texts that describe the rows of a table, compared for near-duplicates: the prose
/// columns (descriptions, synopses), but not label lists ([`is_label_column`]), and not titles:
/// a title is a few words, so one changed word already gives a Jaccard of 0.8 ("Yuna and the
/// Burning Bridge" / "Ada and the Burning Bridge": 0.84 over 5-character shingles, two films of
/// the streaming sample). Titles are compared whole, after normalising, by [`duplicate_items`].
fn describing_columns(e: &Entities) -> Vec<(&str, &[String])> {
    let mut out: Vec<(&str, &[String])> = Vec::new();
    for c in &e.metadata {
        if is_text_column(&c.values) && !is_label_column(&c.name, &c.values) {
            out.push((&c.name, &c.values));
        }
    }
    out
}

/// Rows whose title or descriptive text is a near-duplicate of another row's; each dropped
/// row's note names the column that matched.
pub(super) fn near_duplicate_texts(
    data: &Dataset,
    params: &AuditParams,
    rows: &RowRefs,
) -> Option<Finding> {
    let mut affected = Vec::new();
    let mut clusters = 0;
    let mut compared: Vec<&str> = Vec::new();
    for (table, e) in [(Table::Items, &data.items), (Table::Users, &data.users)] {
        let mut links = UnionFind::new(e.len());
        // Per row: its most similar partner (Jaccard, other row, column).
        let mut best: Vec<Option<(f64, usize, &str)>> = vec![None; e.len()];
        for (name, values) in describing_columns(e) {
            compared.push(name);
            let texts: Vec<&str> = values.iter().map(String::as_str).collect();
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
                        best[r] = Some((jaccard, other, name));
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
    affected.sort_by_key(|r| (r.table, r.row));
    compared.dedup();
    let what = format!(
        "row(s) have a description that is a near-duplicate of an earlier row's (Jaccard ≥ {} over {}-character shingles; compared: {}; titles are compared whole by duplicate_items, label lists such as tags not at all)",
        params.near_dup_threshold,
        params.shingle_chars,
        compared.join(", ")
    );
    finding(
        FindingKind::NearDuplicateTexts,
        affected,
        clusters as usize,
        &what,
    )
}

/// Rows grouped by equal keys, in order of first occurrence; only groups of two or more.
fn groups<K: Hash + Eq>(keys: impl IntoIterator<Item = Option<K>>) -> Vec<Vec<usize>> {
    let mut index: HashMap<K, usize> = HashMap::new();
    let mut groups: Vec<Vec<usize>> = Vec::new();
    for (r, k) in keys.into_iter().enumerate() {
        let Some(k) = k else { continue };
        let g = *index.entry(k).or_insert_with(|| {
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

#[cfg(test)]
mod tests {
    use super::super::fixture::{interaction, toy, with_interaction_lines};
    use super::*;
    use crate::data::{MetaColumn, StrColumn};

    fn rows_of(f: &Finding) -> Vec<(u32, Option<u32>, bool)> {
        f.rows.iter().map(|r| (r.row, r.group, r.drop)).collect()
    }

    #[test]
    fn titles_equal_after_width_case_accents_and_spacing() {
        let mut d = toy(5, 1);
        d.items.names = StrColumn::from_iter([
            "Café Ｍｏｎｏ",
            "Bistro Sora",
            "cafe   mono",
            "CAFÉ MONO!",
            "Café Mono 2",
        ]);
        let f = duplicate_items(&d, &RowRefs { data: &d }).unwrap();
        assert_eq!(f.count, 2);
        assert_eq!(
            rows_of(&f),
            [(0, Some(0), false), (2, Some(0), true), (3, Some(0), true)]
        );
        assert_eq!(f.rows[1].note, "same title as item i1 (items.csv:2)");
        assert_eq!(f.rows[1].item.as_deref(), Some("i3"));
        assert!(
            f.message.starts_with("2 item(s) repeat the title"),
            "{}",
            f.message
        );
        // Titles that are the ids (no title column) are never compared.
        let mut plain = toy(2, 1);
        plain.items.names = plain.items.ids.clone();
        assert!(duplicate_items(&plain, &RowRefs { data: &plain }).is_none());
    }

    #[test]
    fn identical_rows_but_the_id() {
        let mut d = toy(3, 1);
        d.items.names = StrColumn::from_iter(["A", "B", "A"]);
        // Same feature value for rows 0 and 2 (the fixture uses the row index).
        d.items.features.values[[2, 0]] = 0.0;
        let f = duplicate_item_rows(&d, &RowRefs { data: &d }).unwrap();
        assert_eq!(rows_of(&f), [(0, Some(0), false), (2, Some(0), true)]);
        // A different description makes the rows different.
        d.items.metadata.push(MetaColumn {
            name: "description".into(),
            values: vec!["x".into(), "y".into(), "z".into()],
        });
        assert!(duplicate_item_rows(&d, &RowRefs { data: &d }).is_none());
    }

    #[test]
    fn repeated_interaction_rows() {
        let mut d = toy(2, 2);
        d.interactions = vec![
            interaction(0, 0, 10),
            interaction(0, 0, 11), // other timestamp: not a copy
            interaction(1, 1, 10),
            interaction(0, 0, 10),
            interaction(0, 0, 10),
        ];
        d.interactions[2].rating = 4.0;
        with_interaction_lines(&mut d);
        let f = duplicate_interactions(&d, &RowRefs { data: &d }).unwrap();
        assert_eq!(
            rows_of(&f),
            [(0, Some(0), false), (3, Some(0), true), (4, Some(0), true)]
        );
        assert_eq!(f.rows[2].note, "same as interactions.csv:2");
        assert_eq!(f.rows[2].line, Some(6));
        assert_eq!(
            (f.rows[2].user.as_deref(), f.rows[2].item.as_deref()),
            (Some("u1"), Some("i1"))
        );
    }

    #[test]
    fn near_duplicate_descriptions_cluster() {
        let mut d = toy(4, 1);
        d.items.metadata.push(MetaColumn {
            name: "description".into(),
            values: vec![
                "A retired pilot searches for a lost letter in a snowbound mountain village.".into(),
                "Two cooks open a noodle shop by the harbour and fall out over the broth.".into(),
                "A young detective chases a forger through the night markets of the old port.".into(),
                "A retired pilot searches for a lost letter in a snowbound mountain village. Now in 4K.".into(),
            ],
        });
        let p = AuditParams::default();
        let f = near_duplicate_texts(&d, &p, &RowRefs { data: &d }).unwrap();
        assert_eq!(rows_of(&f), [(0, Some(0), false), (3, Some(0), true)]);
        assert!(
            f.rows[1].note.starts_with("description: Jaccard 0.8"),
            "{}",
            f.rows[1].note
        );
        let strict = AuditParams {
            near_dup_threshold: 0.95,
            ..AuditParams::default()
        };
        assert!(near_duplicate_texts(&d, &strict, &RowRefs { data: &d }).is_none());
    }

    #[test]
    fn shared_tags_and_similar_titles_are_not_near_duplicates_but_descriptions_are() {
        let mut d = toy(4, 1);
        d.items.names = StrColumn::from_iter([
            "All the President's Men (1976)",
            "Yuna and the Burning Bridge",
            "Frost/Nixon (2008)",
            "Ada and the Burning Bridge",
        ]);
        // MovieLens-style tags: two political films share theirs word for word.
        let tags = "politics|president|journalism|watergate|based on a true story";
        d.items.metadata.push(MetaColumn {
            name: "tags".into(),
            values: vec![tags.into(), String::new(), tags.into(), String::new()],
        });
        let p = AuditParams::default();
        assert!(near_duplicate_texts(&d, &p, &RowRefs { data: &d }).is_none());
        // The same lists under another name are still labels, by their shape.
        d.items.metadata[0].name = "user_notes".into();
        assert!(near_duplicate_texts(&d, &p, &RowRefs { data: &d }).is_none());
        // A description copied with a sentence added is a near-duplicate, named by its column.
        let plot = "A retired pilot searches for a lost letter in a snowbound mountain village.";
        d.items.metadata.push(MetaColumn {
            name: "overview".into(),
            values: vec![
                plot.into(),
                "Two cooks open a noodle shop by the harbour and fall out over the broth.".into(),
                "A young detective chases a forger through the night markets of the old port."
                    .into(),
                format!("{plot} Now in 4K."),
            ],
        });
        let f = near_duplicate_texts(&d, &p, &RowRefs { data: &d }).unwrap();
        assert_eq!(rows_of(&f), [(0, Some(0), false), (3, Some(0), true)]);
        assert!(
            f.rows[1].note.starts_with("overview: Jaccard 0.8"),
            "{}",
            f.rows[1].note
        );
        assert!(f.message.contains("compared: overview;"), "{}", f.message);
    }
}
