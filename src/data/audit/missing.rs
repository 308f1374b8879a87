//! Missing values per column: empty cells in the item and user tables (Japanese names,
//! categories, metadata) and interactions without a timestamp when others have one.
//!
//! Ids, names, numeric features and ratings cannot be missing: the loaders refuse empty ids,
//! ratings and features (with the file, line and column) and use the id as the name. Columns
//! the dataset model keeps by role are reported under that role (`category`, `title_ja`…).

use serde::Serialize;

use super::{Finding, FindingKind, RowRefs, Table};
use crate::data::{Dataset, Entities};

/// Empty cells of one column.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ColumnMissing {
    /// The table.
    pub table: Table,
    /// The column (header name, or its role for title/category columns).
    pub column: String,
    /// Empty cells.
    pub missing: usize,
    /// Rows.
    pub rows: usize,
}

/// Missing values of every column, and a finding listing the rows with any.
pub(super) fn missing(data: &Dataset, rows: &RowRefs) -> (Vec<ColumnMissing>, Option<Finding>) {
    let mut columns = Vec::new();
    let mut flagged: Vec<(Table, usize, Vec<String>)> = Vec::new();
    for (table, e, roles) in [
        (
            Table::Items,
            &data.items,
            ["title_ja", "category", "category_ja"],
        ),
        (
            Table::Users,
            &data.users,
            ["name_ja", "segment", "segment_ja"],
        ),
    ] {
        let mut per_row: Vec<Vec<String>> = vec![Vec::new(); e.len()];
        for (name, values) in entity_columns(e, roles) {
            columns.push(scan(table, name, &values, &mut per_row));
        }
        flagged.extend(
            per_row
                .into_iter()
                .enumerate()
                .filter(|(_, c)| !c.is_empty())
                .map(|(r, c)| (table, r, c)),
        );
    }
    let mut per_row: Vec<Vec<String>> = vec![Vec::new(); data.interactions.len()];
    let stamped = data
        .interactions
        .iter()
        .filter(|i| i.timestamp.is_some())
        .count();
    if stamped > 0 {
        for (r, it) in data.interactions.iter().enumerate() {
            if it.timestamp.is_none() {
                per_row[r].push("timestamp".to_owned());
            }
        }
        columns.push(ColumnMissing {
            table: Table::Interactions,
            column: "timestamp".to_owned(),
            missing: data.interactions.len() - stamped,
            rows: data.interactions.len(),
        });
    }
    for c in &data.interaction_metadata {
        columns.push(scan(Table::Interactions, &c.name, &c.values, &mut per_row));
    }
    flagged.extend(
        per_row
            .into_iter()
            .enumerate()
            .filter(|(_, c)| !c.is_empty())
            .map(|(r, c)| (Table::Interactions, r, c)),
    );
    let cells: usize = columns.iter().map(|c| c.missing).sum();
    if flagged.is_empty() {
        return (columns, None);
    }
    let names: Vec<String> = columns
        .iter()
        .filter(|c| c.missing > 0)
        .map(|c| format!("{} {} ({})", table_name(c.table), c.column, c.missing))
        .collect();
    let message = format!(
        "{cells} empty cell(s) in {} row(s): {}",
        flagged.len(),
        names.join(", ")
    );
    let affected = flagged
        .into_iter()
        .map(|(t, r, c)| rows.row(t, r, format!("empty: {}", c.join(", "))))
        .collect();
    (
        columns,
        Some(Finding::new(FindingKind::MissingValues, message, affected)),
    )
}

/// Count the empty cells of one column, noting the column on each row that has one.
fn scan(
    table: Table,
    name: &str,
    values: &[impl AsRef<str>],
    per_row: &mut [Vec<String>],
) -> ColumnMissing {
    let mut missing = 0;
    for (r, v) in values.iter().enumerate() {
        if v.as_ref().trim().is_empty() {
            missing += 1;
            per_row[r].push(name.to_owned());
        }
    }
    ColumnMissing {
        table,
        column: name.to_owned(),
        missing,
        rows: values.len(),
    }
}

fn table_name(t: Table) -> &'static str {
    match t {
        Table::Items => "items",
        Table::Users => "users",
        Table::Interactions => "interactions",
    }
}

/// The text columns of a table that can hold empty cells, with their names.
fn entity_columns<'a>(e: &'a Entities, roles: [&'a str; 3]) -> Vec<(&'a str, Vec<&'a str>)> {
    let mut out: Vec<(&str, Vec<&str>)> = Vec::new();
    for (role, col) in roles
        .into_iter()
        .zip([&e.names_ja, &e.categories, &e.categories_ja])
    {
        if let Some(v) = col {
            out.push((role, v.iter().collect()));
        }
    }
    out.extend(e.metadata.iter().map(|c| {
        (
            c.name.as_str(),
            c.values.iter().map(String::as_str).collect(),
        )
    }));
    out
}

#[cfg(test)]
mod tests {
    use super::super::fixture::{interaction, toy, with_interaction_lines};
    use super::*;
    use crate::data::{MetaColumn, StrColumn};

    #[test]
    fn counts_empty_cells_and_lists_rows() {
        let mut d = toy(3, 1);
        d.items.metadata.push(MetaColumn {
            name: "description".into(),
            values: vec!["A film.".into(), String::new(), "  ".into()],
        });
        d.items.categories = Some(StrColumn::from_iter(["a", "b", ""]));
        d.interactions = vec![interaction(0, 0, 5), interaction(0, 1, 6)];
        d.interactions[1].timestamp = None;
        with_interaction_lines(&mut d);
        let (cols, f) = missing(&d, &RowRefs { data: &d });
        let got: Vec<(&str, usize, usize)> = cols
            .iter()
            .map(|c| (c.column.as_str(), c.missing, c.rows))
            .collect();
        assert_eq!(
            got,
            [
                ("category", 1, 3),
                ("description", 2, 3),
                ("timestamp", 1, 2)
            ]
        );
        let f = f.unwrap();
        assert_eq!(f.count, 3);
        assert_eq!(
            f.message,
            "4 empty cell(s) in 3 row(s): items category (1), items description (2), interactions timestamp (1)"
        );
        let rows: Vec<(Table, u32, Option<u64>, &str)> = f
            .rows
            .iter()
            .map(|r| (r.table, r.row, r.line, r.note.as_str()))
            .collect();
        assert_eq!(
            rows,
            [
                (Table::Items, 1, Some(3), "empty: description"),
                (Table::Items, 2, Some(4), "empty: category, description"),
                (Table::Interactions, 1, Some(3), "empty: timestamp"),
            ]
        );
    }

    #[test]
    fn no_timestamps_at_all_is_not_missing() {
        let mut d = toy(2, 1);
        d.interactions = vec![interaction(0, 0, 1)];
        d.interactions[0].timestamp = None;
        let (cols, f) = missing(&d, &RowRefs { data: &d });
        assert!(cols.is_empty() && f.is_none());
    }
}
