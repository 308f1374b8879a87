//! The language mix of each text column: the share of rows per detected language
//! ([`crate::text::language`]: kana → Japanese, otherwise `whatlang`, short Latin text counted as
//! English; kanji-only text counts as Japanese in a column that has Japanese rows, since
//! without kana it cannot be told from Chinese).
//!
//! Languages below 1 % of a column's rows are grouped as `other` in its shares (the rows keep
//! their own language in the finding).
//!
//! Columns: item titles (when the file has them), Japanese titles, and every prose column of the
//! item and user tables. A mixed column is information, not a defect — the text embedder
//! tokenises each row in its own language — but it tells which rows a single-language method
//! would miss.

use rayon::prelude::*;
use serde::Serialize;

use super::{Finding, FindingKind, RowRefs, Table, is_text_column};
use crate::data::Dataset;

/// Rows of one language in one column.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LanguageShare {
    /// ISO 639-3 code (`eng`, `jpn`…).
    pub language: String,
    /// Rows detected in it.
    pub rows: usize,
    /// Share of the column's non-empty rows.
    pub share: f64,
}

/// Language shares of one text column.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ColumnLanguages {
    /// The table.
    pub table: Table,
    /// The column (`title`, `title_ja` or the header name).
    pub column: String,
    /// Rows with letters in them.
    pub rows: usize,
    /// Languages, most rows first (ties by code).
    pub shares: Vec<LanguageShare>,
}

/// Shares per column, and a finding listing the rows outside each mixed column's majority.
pub(super) fn languages(data: &Dataset, rows: &RowRefs) -> (Vec<ColumnLanguages>, Option<Finding>) {
    let mut columns: Vec<(Table, &str, Vec<&str>)> = Vec::new();
    let items = &data.items;
    if items.names != items.ids {
        columns.push((Table::Items, "title", items.names.iter().collect()));
    }
    if let Some(ja) = &items.names_ja {
        columns.push((Table::Items, "title_ja", ja.iter().collect()));
    }
    for (table, e) in [(Table::Items, items), (Table::Users, &data.users)] {
        for c in e.metadata.iter().filter(|c| is_text_column(&c.values)) {
            columns.push((
                table,
                &c.name,
                c.values.iter().map(String::as_str).collect(),
            ));
        }
    }
    let mut out = Vec::new();
    let mut affected = Vec::new();
    let mut mixed = Vec::new();
    for (table, name, values) in columns {
        let mut detected: Vec<Option<&'static str>> = values
            .par_iter()
            .map(|v| crate::text::language(v))
            .collect();
        // Kanji without kana ("川辺食堂") cannot be told from Chinese; among Japanese rows it
        // is Japanese.
        if detected.contains(&Some("jpn")) {
            for l in &mut detected {
                if *l == Some("cmn") {
                    *l = Some("jpn");
                }
            }
        }
        let mut counts: Vec<(&str, usize)> = Vec::new();
        for l in detected.iter().flatten() {
            match counts.iter_mut().find(|(c, _)| c == l) {
                Some((_, n)) => *n += 1,
                None => counts.push((l, 1)),
            }
        }
        counts.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let total: usize = counts.iter().map(|c| c.1).sum();
        let shares = grouped_shares(&counts, total);
        if let [(major, _), _, ..] = counts.as_slice() {
            let list: Vec<String> = shares
                .iter()
                .map(|s| format!("{} {:.0}%", s.language, 100.0 * s.share))
                .collect();
            mixed.push(format!("{name} ({})", list.join(", ")));
            for (r, l) in detected.iter().enumerate() {
                if let Some(l) = l
                    && l != major
                {
                    let note = format!("{name}: {l} (column mostly {major})");
                    affected.push(rows.row(table, r, note));
                }
            }
        }
        out.push(ColumnLanguages {
            table,
            column: name.to_owned(),
            rows: total,
            shares,
        });
    }
    affected.sort_by_key(|r| (r.table, r.row));
    let finding = (!affected.is_empty()).then(|| {
        let msg = format!(
            "{} column(s) mix languages: {}",
            mixed.len(),
            mixed.join("; ")
        );
        Finding::new(FindingKind::MixedLanguages, msg, affected)
    });
    (out, finding)
}

/// Languages below this share of a column are grouped as [`OTHER`]: short texts are often
/// detected as some language they are not (`whatlang` on a two-word title), and a tail of
/// 0.1 % languages says nothing about the column.
pub const OTHER_BELOW: f64 = 0.01;

/// The name of the group of languages below [`OTHER_BELOW`].
pub const OTHER: &str = "other";

/// Shares of `counts` (most rows first), with the languages below [`OTHER_BELOW`] summed into
/// one last [`OTHER`] entry.
fn grouped_shares(counts: &[(&str, usize)], total: usize) -> Vec<LanguageShare> {
    let share = |n: usize| n as f64 / total.max(1) as f64;
    let mut out: Vec<LanguageShare> = Vec::new();
    let mut other = 0;
    for &(l, n) in counts {
        if share(n) < OTHER_BELOW {
            other += n;
        } else {
            out.push(LanguageShare {
                language: l.to_owned(),
                rows: n,
                share: share(n),
            });
        }
    }
    if other > 0 {
        out.push(LanguageShare {
            language: OTHER.to_owned(),
            rows: other,
            share: share(other),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::fixture::toy;
    use super::*;
    use crate::data::{MetaColumn, StrColumn};

    #[test]
    fn languages_below_one_percent_are_grouped_as_other() {
        let counts = [
            ("eng", 970),
            ("jpn", 20),
            ("fra", 6),
            ("deu", 3),
            ("ita", 1),
        ];
        let shares = grouped_shares(&counts, 1000);
        let got: Vec<(&str, usize)> = shares
            .iter()
            .map(|s| (s.language.as_str(), s.rows))
            .collect();
        assert_eq!(got, [("eng", 970), ("jpn", 20), ("other", 10)]);
        assert!((shares[2].share - 0.01).abs() < 1e-12);
        // Exactly 1 % stays on its own.
        let got = grouped_shares(&[("eng", 99), ("jpn", 1)], 100);
        assert_eq!(got[1].language, "jpn");
    }

    #[test]
    fn shares_and_minority_rows() {
        let mut d = toy(4, 1);
        d.items.names = StrColumn::from_iter([
            "The Quiet River",
            "静かな川",
            "Golden Harbor",
            "Paper Crown",
        ]);
        d.items.names_ja = Some(StrColumn::from_iter([
            "静かな川",
            "静かな川",
            "黄金港", // kanji only: Japanese here, not Chinese
            "",
        ]));
        d.items.metadata.push(MetaColumn {
            name: "description".into(),
            values: vec![
                "A slow drama about a family running a small ferry across the river.".into(),
                "A comedy about two cooks who open a noodle shop near the harbour.".into(),
                "An action story about a crew stealing a crown from a museum at night.".into(),
                String::new(),
            ],
        });
        let (cols, f) = languages(&d, &RowRefs { data: &d });
        assert_eq!(cols.len(), 3);
        assert_eq!((cols[1].column.as_str(), cols[1].rows), ("title_ja", 3));
        assert_eq!(cols[1].shares.len(), 1, "{:?}", cols[1].shares);
        assert_eq!((cols[0].column.as_str(), cols[0].rows), ("title", 4));
        let shares: Vec<(&str, usize)> = cols[0]
            .shares
            .iter()
            .map(|s| (s.language.as_str(), s.rows))
            .collect();
        assert_eq!(shares, [("eng", 3), ("jpn", 1)]);
        assert!((cols[0].shares[0].share - 0.75).abs() < 1e-12);
        assert_eq!(
            (cols[1].rows, cols[1].shares.len()),
            (3, 1),
            "one language only"
        );
        let f = f.unwrap();
        assert_eq!(f.rows.len(), 1);
        assert_eq!((f.rows[0].row, f.rows[0].line), (1, Some(3)));
        assert_eq!(f.rows[0].note, "title: jpn (column mostly eng)");
        assert_eq!(
            f.message,
            "1 column(s) mix languages: title (eng 75%, jpn 25%)"
        );
    }
}
