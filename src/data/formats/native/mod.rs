//! The native folder format (ARCHITECTURE §7): `items.csv`, optional `users.csv`,
//! optional `interactions.csv`, optional `dataset.toml`.
//!
//! Column conventions (first match wins):
//! - items: id `id`/`item_id` (required), name `title`/`name`, Japanese name `title_ja`/`name_ja`,
//!   category `category`/`genre` (or the manifest's) with `category_ja`/`genre_ja`, numeric feature columns (the manifest's list,
//!   or every column whose first non-empty value is a number); all other columns are metadata.
//! - users: id `id`/`user_id`, name `name`/`title`, Japanese name `name_ja`/`title_ja`,
//!   category `segment`/`category` with `segment_ja`/`category_ja`; all other columns are metadata.
//! - interactions: `user_id`/`user`, `item_id`/`item`, optional `rating`/`weight`,
//!   optional `timestamp` (integer Unix seconds); other columns (a review text…) are kept as text.

use std::collections::HashMap;
use std::path::Path;

use ndarray::Array2;

mod interactions;

use super::csv_table::CsvTable;
use crate::data::manifest::TableSpec;
use crate::data::{Dataset, Entities, Features, Manifest, MetaColumn, SourceLines, Sources};
use crate::error::DataError;
use crate::progress::Progress;
use interactions::{read_interactions, unknown_id};

/// Load a native dataset folder.
///
/// # Errors
/// Any [`DataError`]: the message names the file, line and column.
pub fn load_native(dir: &Path) -> Result<Dataset, DataError> {
    load_native_with(dir, None)
}

/// [`load_native`], reporting bytes read to `progress` and stopping on Cancel.
///
/// # Errors
/// Any [`DataError`]: the message names the file, line and column.
pub fn load_native_with(dir: &Path, progress: Option<&Progress>) -> Result<Dataset, DataError> {
    load_native_opts(dir, progress, false)
}

/// [`load_native_with`]; with `keep_unknown_ids`, interactions naming ids the users or items
/// file does not define are left out and listed in [`Sources::unknown_ids`] (for the audit)
/// instead of failing the load.
///
/// # Errors
/// Any [`DataError`]: the message names the file, line and column.
pub fn load_native_opts(
    dir: &Path,
    progress: Option<&Progress>,
    keep_unknown_ids: bool,
) -> Result<Dataset, DataError> {
    if !dir.is_dir() {
        return Err(DataError::NotAFolder {
            path: dir.to_path_buf(),
        });
    }
    let manifest = Manifest::load(dir)?;
    let items = CsvTable::read_with(dir, "items.csv", progress)?;
    let users = optional(dir, "users.csv", progress)?;
    let interactions = optional(dir, "interactions.csv", progress)?;
    let item_vectors = optional(dir, "item_vectors.csv", progress)?.map(ItemVectors::Table);
    assemble(
        dir,
        &manifest,
        Tables {
            items,
            users,
            interactions,
            item_vectors,
            keep_unknown_ids,
        },
    )
}

/// The tables of a native-style dataset, read from CSV files or JSONL files.
pub(super) struct Tables {
    /// The items table (required).
    pub items: CsvTable,
    /// The users table.
    pub users: Option<CsvTable>,
    /// The interactions table.
    pub interactions: Option<CsvTable>,
    /// Vectors computed elsewhere.
    pub item_vectors: Option<ItemVectors>,
    /// Leave out interactions naming undefined ids (listed in the dataset's sources) rather
    /// than fail.
    pub keep_unknown_ids: bool,
}

/// Where imported item vectors come from.
pub(super) enum ItemVectors {
    /// `item_vectors.csv`: an id column and one column per dimension, rows in any order.
    Table(CsvTable),
    /// One row per item, in item order (a JSONL vector field).
    Rows(Array2<f32>),
}

/// Turn the tables into a validated dataset: ids interned, interactions resolved, features
/// parsed. Messages name the tables' own files.
///
/// # Errors
/// Any [`DataError`] about the tables' content.
pub(super) fn assemble(
    dir: &Path,
    manifest: &Manifest,
    tables: Tables,
) -> Result<Dataset, DataError> {
    let items = read_entities(&tables.items, &manifest.items, &EntityColumns::ITEMS)?;
    let mut users = match &tables.users {
        Some(t) => Some(read_entities(t, &manifest.users, &EntityColumns::USERS)?),
        None => None,
    };
    let mut sources = Sources {
        items: SourceLines::new(&tables.items.file, tables.items.lines.clone()),
        users: tables
            .users
            .as_ref()
            .map(|t| SourceLines::new(&t.file, t.lines.clone()))
            .unwrap_or_default(),
        interactions: SourceLines::default(),
        unknown_ids: Vec::new(),
        sample: None,
    };
    let users_file = tables.users.as_ref().map(|t| t.file.clone());
    let (interactions, interaction_metadata) = match &tables.interactions {
        Some(t) => {
            let mut unknown = tables.keep_unknown_ids.then(Vec::new);
            let read = read_interactions(
                t,
                &items,
                &tables.items.file,
                &mut users,
                users_file.as_deref(),
                unknown.as_mut(),
            )?;
            sources.interactions = SourceLines::new(&t.file, read.lines);
            sources.unknown_ids = unknown.unwrap_or_default();
            (read.interactions, read.metadata)
        }
        None => (Vec::new(), Vec::new()),
    };
    let users = users.unwrap_or_else(|| Entities::new(Vec::new(), Vec::new()));
    let item_vectors = match tables.item_vectors {
        Some(ItemVectors::Table(t)) => Some(read_vectors(&t, &items, &tables.items.file)?),
        Some(ItemVectors::Rows(m)) => Some(m),
        None => None,
    };
    let folder_name = dir.file_name().map_or_else(
        || dir.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    Ok(Dataset {
        name: manifest.name.clone().unwrap_or(folder_name),
        name_ja: manifest.name_ja.clone(),
        root: dir.to_path_buf(),
        items,
        users,
        interactions,
        item_vectors: item_vectors.map(std::sync::Arc::new),
        user_vectors: None,
        trained_by: None,
        interaction_metadata,
        sources,
        vocabulary: manifest.vocabulary(),
    })
}

fn optional(
    dir: &Path,
    file: &str,
    progress: Option<&Progress>,
) -> Result<Option<CsvTable>, DataError> {
    if dir.join(file).exists() {
        CsvTable::read_with(dir, file, progress).map(Some)
    } else {
        Ok(None)
    }
}

struct EntityColumns {
    id: &'static [&'static str],
    name: &'static [&'static str],
    name_ja: &'static [&'static str],
    category: &'static [&'static str],
    category_ja: &'static [&'static str],
    features: bool,
}

impl EntityColumns {
    const ITEMS: Self = Self {
        id: &["id", "item_id"],
        name: &["title", "name"],
        name_ja: &["title_ja", "name_ja"],
        category: &["category", "genre"],
        category_ja: &["category_ja", "genre_ja"],
        features: true,
    };
    const USERS: Self = Self {
        id: &["id", "user_id"],
        name: &["name", "title"],
        name_ja: &["name_ja", "title_ja"],
        category: &["segment", "category"],
        category_ja: &["segment_ja", "category_ja"],
        features: false,
    };
}

fn read_entities(
    t: &CsvTable,
    spec: &TableSpec,
    cols: &EntityColumns,
) -> Result<Entities, DataError> {
    let id_col = t.require(cols.id)?;
    let mut ids = Vec::with_capacity(t.rows.len());
    let mut first_line: HashMap<&str, u64> = HashMap::with_capacity(t.rows.len());
    for (r, row) in t.rows.iter().enumerate() {
        let id = row[id_col].as_str();
        if id.is_empty() {
            return Err(DataError::EmptyValue {
                at: t.at(r, id_col),
            });
        }
        if let Some(&first) = first_line.get(id) {
            return Err(DataError::DuplicateId {
                at: t.at(r, id_col),
                id: id.to_owned(),
                first_line: first,
            });
        }
        first_line.insert(id, t.lines[r]);
        ids.push(id.to_owned());
    }
    let name_col = t.first_column(cols.name);
    let name_ja_col = t.first_column(cols.name_ja);
    let category_col = match &spec.category {
        Some(c) => Some(t.require(&[c.as_str()])?),
        None => t.first_column(cols.category),
    };
    let category_ja_col = t.first_column(cols.category_ja);
    let names = match name_col {
        Some(c) => t
            .rows
            .iter()
            .zip(&ids)
            .map(|(row, id)| {
                if row[c].is_empty() {
                    id.clone()
                } else {
                    row[c].clone()
                }
            })
            .collect(),
        None => ids.clone(),
    };
    let mut used = vec![
        Some(id_col),
        name_col,
        name_ja_col,
        category_col,
        category_ja_col,
    ];
    let feature_cols = if cols.features {
        feature_columns(t, spec, &used)?
    } else {
        Vec::new()
    };
    used.extend(feature_cols.iter().copied().map(Some));
    let mut e = Entities::new(ids, names);
    e.names_ja = name_ja_col.map(|c| column_values(t, c).into());
    e.categories = category_col.map(|c| column_values(t, c).into());
    e.category_column = category_col.map(|c| t.header[c].clone());
    e.categories_ja = category_ja_col.map(|c| column_values(t, c).into());
    e.features = read_features(t, spec, &feature_cols)?;
    e.metadata = (0..t.header.len())
        .filter(|c| !used.contains(&Some(*c)))
        .map(|c| MetaColumn {
            name: t.header[c].clone(),
            values: column_values(t, c),
        })
        .collect();
    Ok(e)
}

fn column_values(t: &CsvTable, c: usize) -> Vec<String> {
    t.rows.iter().map(|row| row[c].clone()).collect()
}

fn feature_columns(
    t: &CsvTable,
    spec: &TableSpec,
    used: &[Option<usize>],
) -> Result<Vec<usize>, DataError> {
    if let Some(list) = &spec.features {
        return list
            .iter()
            .map(|name| t.require(&[name.as_str()]))
            .collect();
    }
    Ok((0..t.header.len())
        .filter(|c| !used.contains(&Some(*c)))
        .filter(|&c| {
            t.rows
                .iter()
                .map(|row| row[c].as_str())
                .find(|v| !v.is_empty())
                .is_some_and(|v| v.parse::<f64>().is_ok())
        })
        .collect())
}

fn read_features(t: &CsvTable, spec: &TableSpec, cols: &[usize]) -> Result<Features, DataError> {
    let mut values = Array2::zeros((t.rows.len(), cols.len()));
    for r in 0..t.rows.len() {
        for (j, &c) in cols.iter().enumerate() {
            values[[r, j]] = t.number(r, c)?;
        }
    }
    let names: Vec<String> = cols.iter().map(|&c| t.header[c].clone()).collect();
    let labels: Vec<String> = names
        .iter()
        .map(|n| spec.labels.get(n).cloned().unwrap_or_else(|| n.clone()))
        .collect();
    let labels_ja = names
        .iter()
        .zip(&labels)
        .map(|(n, l)| spec.labels_ja.get(n).cloned().unwrap_or_else(|| l.clone()))
        .collect();
    Ok(Features {
        names,
        labels,
        labels_ja,
        values,
    })
}

/// `item_vectors.csv`: an id column (`id`/`item_id`) and one numeric column per dimension; every
/// item needs exactly one row.
fn read_vectors(
    t: &CsvTable,
    items: &Entities,
    items_file: &str,
) -> Result<Array2<f32>, DataError> {
    let id_col = t.require(&["id", "item_id"])?;
    let dims: Vec<usize> = (0..t.header.len()).filter(|&c| c != id_col).collect();
    if dims.is_empty() {
        return Err(DataError::NoFeatures {
            file: t.file.clone(),
        });
    }
    let mut out = Array2::<f32>::zeros((items.len(), dims.len()));
    let mut seen: Vec<Option<u64>> = vec![None; items.len()];
    for r in 0..t.rows.len() {
        let id = t.rows[r][id_col].as_str();
        let row = items
            .find(id)
            .ok_or_else(|| unknown_id(t, r, id_col, "item", id, items_file))?
            as usize;
        if let Some(first_line) = seen[row] {
            return Err(DataError::DuplicateId {
                at: t.at(r, id_col),
                id: id.to_owned(),
                first_line,
            });
        }
        seen[row] = Some(t.lines[r]);
        for (j, &c) in dims.iter().enumerate() {
            out[[row, j]] = t.number_f32(r, c)?;
        }
    }
    if let Some(missing) = seen.iter().position(Option::is_none) {
        return Err(DataError::MissingVector {
            file: t.file.clone(),
            item: items.ids[missing].to_owned(),
            items_file: items_file.to_string(),
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_unknown_id_names_the_table_file_it_is_missing_from() {
        // A JSON Lines table must be named as such, not as the `items.csv` of a CSV folder.
        let t = CsvTable::parse("log.jsonl", b"user,item\nu1,zz\n").unwrap();
        let e = unknown_id(&t, 0, 1, "item", "zz", "catalogue.jsonl").to_string();
        assert_eq!(
            e,
            "log.jsonl:2: column \"item\": unknown item id \"zz\" (not in catalogue.jsonl)"
        );
    }
}
