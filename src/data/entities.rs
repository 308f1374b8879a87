//! One table of entities (items or users): ids interned to dense rows, display names,
//! categories, metadata columns and numeric features.

use super::{Features, MetaColumn, StrColumn};

/// One table of entities (items or users) with interned ids.
#[derive(Debug, Clone)]
pub struct Entities {
    /// External ids, in file order.
    pub ids: StrColumn,
    /// English (or only) display names; the id when the file has no name column (then the
    /// same buffer as `ids`, not a copy).
    pub names: StrColumn,
    /// Japanese display names, when the file has a `title_ja` / `name_ja` column.
    pub names_ja: Option<StrColumn>,
    /// Category per row, when the file has a `category` (or manifest-named) column.
    pub categories: Option<StrColumn>,
    /// Japanese category per row, when the file has a `category_ja` / `genre_ja` column.
    pub categories_ja: Option<StrColumn>,
    /// The column the categories came from (`segment`, `genre`, `occupation`…), when a loader
    /// knows it; shown as the category's name and accepted by filters on user metadata.
    pub category_column: Option<String>,
    /// Numeric features.
    pub features: Features,
    /// Other columns, kept as text.
    pub metadata: Vec<MetaColumn>,
    /// Rows ordered by id (ties by row), binary-searched by [`Self::find`]: 4 bytes a row. A
    /// `HashMap<String, u32>` kept a second copy of every id string (≈ 90 MB at 1M rows).
    by_id: Vec<u32>,
}

/// Above this many rows the id sort runs on every core.
pub(super) const PARALLEL_SORT_ROWS: usize = 1 << 16;

/// Whether the ids are the row numbers `0`, `1`, … (vector files without an id column).
pub(super) fn ids_are_row_numbers(ids: &[String]) -> bool {
    ids.iter().enumerate().all(|(i, s)| {
        (s.len() == 1 || !s.starts_with('0')) && s.parse::<usize>().is_ok_and(|v| v == i)
    })
}

/// The rows `0..n` in the order of their decimal strings ("0", "1", "10", "100", …, "2"), by
/// walking the decimal prefix tree: no string comparison (the sort of ten million such ids
/// was a fifth of opening a 10M-row file).
pub(super) fn row_numbers_in_text_order(n: usize) -> Vec<u32> {
    fn visit(prefix: usize, n: usize, out: &mut Vec<u32>) {
        out.push(prefix as u32);
        for d in 0..10 {
            let child = prefix * 10 + d;
            if child >= n {
                break;
            }
            visit(child, n, out);
        }
    }
    let mut out = Vec::with_capacity(n);
    if n > 0 {
        out.push(0);
    }
    for first in 1..10.min(n) {
        visit(first, n, &mut out);
    }
    out
}

/// Rows ordered by id, ties by row.
fn order_by_id(ids: &[String]) -> Vec<u32> {
    use rayon::slice::ParallelSliceMut;
    if ids.len() > PARALLEL_SORT_ROWS && ids_are_row_numbers(ids) {
        return row_numbers_in_text_order(ids.len());
    }
    let mut by_id: Vec<u32> = (0..ids.len() as u32).collect();
    let cmp = |a: &u32, b: &u32| ids[*a as usize].cmp(&ids[*b as usize]).then(a.cmp(b));
    if ids.len() > PARALLEL_SORT_ROWS {
        by_id.par_sort_unstable_by(cmp);
    } else {
        by_id.sort_unstable_by(cmp);
    }
    by_id
}

impl Entities {
    /// Build a table; `ids` must be unique (loaders check this and report the line).
    #[must_use]
    pub fn new(ids: Vec<String>, names: Vec<String>) -> Self {
        let by_id = order_by_id(&ids);
        Self::with_order(ids, names, by_id)
    }

    /// Build a table from ids that may repeat or be empty (vector files: a projector file may
    /// hold two "bank"s): a repeated id after its first row, or an empty one, becomes
    /// `id#row`. Duplicates are found from the same sort the lookup needs (a `HashMap` of the
    /// ids cost a second copy of them and a third of the load time at 10M rows).
    #[must_use]
    pub fn with_unique_ids(mut ids: Vec<String>, names: Vec<String>) -> Self {
        let by_id = order_by_id(&ids);
        let mut renamed = Vec::new();
        for (i, &r) in by_id.iter().enumerate() {
            let id = &ids[r as usize];
            let repeated = i > 0 && ids[by_id[i - 1] as usize] == *id;
            if repeated || id.is_empty() {
                renamed.push(r);
            }
        }
        if renamed.is_empty() {
            return Self::with_order(ids, names, by_id);
        }
        for r in renamed {
            let id = &mut ids[r as usize];
            *id = format!("{id}#{r}");
        }
        Self::new(ids, names)
    }

    /// A table whose display names are its ids (no name column): one shared column for both,
    /// without the copy `new(ids.clone(), ids)` makes while loading.
    #[must_use]
    pub fn from_ids(ids: Vec<String>) -> Self {
        let by_id = order_by_id(&ids);
        let ids = StrColumn::from(ids);
        Self::with_columns(ids.clone(), ids, by_id)
    }

    fn with_order(ids: Vec<String>, names: Vec<String>, by_id: Vec<u32>) -> Self {
        let same = names == ids;
        let ids = StrColumn::from(ids);
        let names = if same { ids.clone() } else { names.into() };
        Self::with_columns(ids, names, by_id)
    }

    fn with_columns(ids: StrColumn, names: StrColumn, by_id: Vec<u32>) -> Self {
        let rows = ids.len();
        Self {
            ids,
            names,
            names_ja: None,
            categories: None,
            categories_ja: None,
            category_column: None,
            features: Features::none(rows),
            metadata: Vec::new(),
            by_id,
        }
    }

    /// Number of rows.
    #[must_use]
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// True when there are no rows.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// Dense index of an external id.
    #[must_use]
    pub fn find(&self, id: &str) -> Option<u32> {
        // The last row with this id, as a map filled in row order would keep (ids are unique
        // once a loader has checked them).
        let end = self
            .by_id
            .partition_point(|&r| self.ids.get(r as usize).is_some_and(|s| s <= id));
        let row = *self.by_id.get(end.checked_sub(1)?)?;
        (self.ids.get(row as usize)? == id).then_some(row)
    }

    /// Display name in the given language (`ja = true` prefers the Japanese column).
    #[must_use]
    pub fn name(&self, row: usize, ja: bool) -> &str {
        if ja
            && let Some(names) = &self.names_ja
            && let Some(n) = names.get(row)
            && !n.is_empty()
        {
            return n;
        }
        self.names.get(row).unwrap_or_default()
    }

    /// Category of a row, or `""`.
    #[must_use]
    pub fn category(&self, row: usize) -> &str {
        self.categories
            .as_ref()
            .and_then(|c| c.get(row))
            .unwrap_or_default()
    }

    /// Category of a row for display (`ja = true` prefers the Japanese column).
    #[must_use]
    pub fn category_label(&self, row: usize, ja: bool) -> &str {
        if ja
            && let Some(c) = &self.categories_ja
            && let Some(v) = c.get(row)
            && !v.is_empty()
        {
            return v;
        }
        self.category(row)
    }
}
