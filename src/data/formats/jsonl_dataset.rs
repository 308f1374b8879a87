//! JSON Lines datasets, built from [`super::jsonl`] tables:
//! - a folder with `items.jsonl` (+ `users.jsonl`, `interactions.jsonl`; a table may also stay
//!   a `.csv`) loads like the native folder format, `dataset.toml` included;
//! - a single `.jsonl` / `.ndjson` file is either interactions (its first object has a user and
//!   an item field: `user_id`/`user` and `item_id`/`item`) or items.

use std::path::Path;

use super::csv_table::CsvTable;
use super::jsonl::{parse_table, read_table};
use super::native::{ItemVectors, Tables, assemble};
use crate::data::{Dataset, Manifest};
use crate::error::{DataError, Part};
use crate::progress::Progress;

/// The table files of a JSONL dataset folder (a file with one of these names stands for its
/// folder).
pub const TABLES: [&str; 3] = ["items.jsonl", "users.jsonl", "interactions.jsonl"];

/// A users/interactions table: `name.jsonl`, else `name.csv`, else none.
fn optional_table(
    dir: &Path,
    name: &str,
    progress: Option<&Progress>,
) -> Result<Option<CsvTable>, DataError> {
    let jsonl = format!("{name}.jsonl");
    let csv = format!("{name}.csv");
    if dir.join(&jsonl).exists() {
        Ok(Some(read_table(dir, &jsonl, None, false, progress)?.table))
    } else if dir.join(&csv).exists() {
        CsvTable::read_with(dir, &csv, progress).map(Some)
    } else {
        Ok(None)
    }
}

/// Load a folder with `items.jsonl` (+ `users`, `interactions` as `.jsonl` or `.csv`,
/// `dataset.toml`). The items' vector field, if any, gives the imported vectors (else
/// `item_vectors.csv` does).
///
/// # Errors
/// Any [`DataError`], located by file, line and field.
pub fn load_jsonl_folder(
    dir: &Path,
    vector_field: Option<&str>,
    progress: Option<&Progress>,
) -> Result<Dataset, DataError> {
    if !dir.is_dir() {
        return Err(DataError::NotAFolder {
            path: dir.to_path_buf(),
        });
    }
    let manifest = Manifest::load(dir)?;
    let items = read_table(dir, "items.jsonl", vector_field, true, progress)?;
    let users = optional_table(dir, "users", progress)?;
    let interactions = optional_table(dir, "interactions", progress)?;
    let item_vectors = match items.vectors {
        Some((_, m)) => Some(ItemVectors::Rows(m)),
        None if dir.join("item_vectors.csv").exists() => Some(ItemVectors::Table(
            CsvTable::read_with(dir, "item_vectors.csv", progress)?,
        )),
        None => None,
    };
    let tables = Tables {
        items: items.table,
        users,
        interactions,
        item_vectors,
        keep_unknown_ids: false,
    };
    assemble(dir, &manifest, tables)
}

/// Load one `.jsonl` file: interactions when its first object has user and item fields (users
/// and items are the ids it names), else items (ids from `id`/`item_id`, or row numbers from
/// 0). With a vector field the other numeric fields are metadata, not features: the vectors are
/// what the file is about.
///
/// # Errors
/// Any [`DataError`], located by file, line and field.
pub fn load_jsonl_file(
    path: &Path,
    vector_field: Option<&str>,
    progress: Option<&Progress>,
) -> Result<Dataset, DataError> {
    let file = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let reader = super::progress::open(path, &file, progress)?;
    let parsed = parse_table(&file, reader, vector_field, true)?;
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_stem()
        .map_or(file, |s| s.to_string_lossy().into_owned());
    from_table(path, dir, name, parsed)
}

/// The dataset of one parsed JSONL table (a file, or a folder's parts joined): interactions
/// when its first row has user and item fields, else items. `root` is what was opened, `dir`
/// the folder a `dataset.toml` would be in.
///
/// # Errors
/// As [`load_jsonl_file`].
pub(super) fn from_table(
    root: &Path,
    dir: &Path,
    name: String,
    parsed: super::jsonl::JsonTable,
) -> Result<Dataset, DataError> {
    let t = &parsed.table;
    let first_row_has = |names: &[&str]| {
        t.first_column(names)
            .is_some_and(|c| !t.rows[0][c].is_empty())
    };
    let mut manifest = Manifest::default();
    let tables = if first_row_has(&["user_id", "user"]) && first_row_has(&["item_id", "item"]) {
        Tables {
            items: seen_items(t)?,
            users: None,
            interactions: Some(parsed.table),
            item_vectors: None,
            keep_unknown_ids: false,
        }
    } else {
        let mut items = parsed.table;
        if items.first_column(&["id", "item_id"]).is_none() {
            items.header.insert(0, "id".to_owned());
            for (r, row) in items.rows.iter_mut().enumerate() {
                row.insert(0, r.to_string());
            }
        }
        if parsed.vectors.is_some() {
            manifest.items.features = Some(Vec::new());
        }
        Tables {
            items,
            users: None,
            interactions: None,
            item_vectors: parsed.vectors.map(|(_, m)| ItemVectors::Rows(m)),
            keep_unknown_ids: false,
        }
    };
    let mut d = assemble(dir, &manifest, tables)?;
    d.name = name;
    d.root = root.to_path_buf();
    Ok(d)
}

/// The items an interactions table names, in order of first appearance (empty ids are left for
/// the interactions reader to report).
fn seen_items(t: &CsvTable) -> Result<CsvTable, DataError> {
    let c = t.require(&["item_id", "item"])?;
    let mut seen = std::collections::HashSet::new();
    let mut rows = Vec::new();
    let mut lines = Vec::new();
    for (row, line) in t.rows.iter().zip(&t.lines) {
        let id = &row[c];
        if !id.is_empty() && seen.insert(id.as_str()) {
            rows.push(vec![id.clone()]);
            lines.push(*line);
        }
    }
    Ok(CsvTable {
        file: t.file.clone(),
        header: vec!["id".to_owned()],
        rows,
        lines,
        part: Part::Field,
    })
}
