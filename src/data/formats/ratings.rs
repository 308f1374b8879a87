//! Rating lines — `user SEP item [SEP rating [SEP timestamp]]` — shared by MovieLens
//! (`u.data`, `ratings.dat`, `ratings.csv`) and the plain interactions file that
//! `shared/bench/peers.py` and other libraries write (tab-separated, no header).
//!
//! A lone interactions file is a dataset of its own: users and items are the ids it names, in
//! order of first appearance, named by their ids.

use std::collections::HashMap;
use std::path::Path;

use super::text_lines::TextFile;
use crate::data::{Dataset, Entities, Interaction};
use crate::error::DataError;

/// How ids in a ratings file map to rows.
#[derive(Debug)]
pub enum Ids<'a> {
    /// Ids must exist in a table read from another file.
    Fixed {
        /// The table.
        table: &'a Entities,
        /// That file's name, for "unknown id" messages.
        defined_in: &'static str,
    },
    /// Ids are collected as they appear.
    Growing {
        /// Ids in order of first appearance.
        ids: Vec<String>,
        /// Id → row.
        index: HashMap<String, u32>,
    },
}

impl Ids<'_> {
    /// Collect ids as they appear.
    #[must_use]
    pub fn growing() -> Self {
        Self::Growing {
            ids: Vec::new(),
            index: HashMap::new(),
        }
    }

    fn resolve(
        &mut self,
        f: &TextFile,
        n: u64,
        column: &str,
        kind: &'static str,
        id: &str,
    ) -> Result<u32, DataError> {
        match self {
            Self::Fixed { table, defined_in } => {
                table.find(id).ok_or_else(|| DataError::UnknownId {
                    at: f.at(n, Some(column)),
                    kind,
                    id: id.into(),
                    defined_in,
                })
            }
            Self::Growing { ids, index } => {
                if let Some(&row) = index.get(id) {
                    return Ok(row);
                }
                let row = ids.len() as u32;
                ids.push(id.to_owned());
                index.insert(id.to_owned(), row);
                Ok(row)
            }
        }
    }

    /// The ids collected (empty for a fixed table).
    #[must_use]
    pub fn into_collected(self) -> Vec<String> {
        match self {
            Self::Fixed { .. } => Vec::new(),
            Self::Growing { ids, .. } => ids,
        }
    }
}

/// Column names as used in messages.
const COLUMNS: [&str; 4] = ["user", "item", "rating", "timestamp"];

/// Read rating lines separated by `sep`, skipping the first line when `header` is set. A missing
/// rating counts as 1; a missing timestamp as none.
///
/// # Errors
/// Lines with fewer than two fields, empty ids, unknown ids (for fixed tables), ratings that
/// are not finite numbers, timestamps that are not integers — each with file and line.
pub fn read_ratings(
    f: &TextFile,
    sep: &str,
    header: bool,
    users: &mut Ids<'_>,
    items: &mut Ids<'_>,
) -> Result<Vec<Interaction>, DataError> {
    let mut out = Vec::new();
    for (n, line) in f.lines().skip(usize::from(header)) {
        let fields = f.fields(n, line, sep, &COLUMNS[..2])?;
        let user = users.resolve(f, n, COLUMNS[0], "user", fields[0])?;
        let item = items.resolve(f, n, COLUMNS[1], "item", fields[1])?;
        let rating = match fields.get(2) {
            Some(r) if !r.is_empty() => {
                let x = f.number(n, COLUMNS[2], r)?;
                super::text_lines::narrow(&f.at(n, Some(COLUMNS[2])), r, x)?
            }
            _ => 1.0,
        };
        let timestamp = match fields.get(3) {
            Some(t) if !t.is_empty() => Some(f.timestamp(n, COLUMNS[3], t)?),
            _ => None,
        };
        out.push(Interaction {
            user,
            item,
            rating,
            timestamp,
        });
    }
    if out.is_empty() {
        return Err(DataError::HeaderOnly {
            file: f.file.clone(),
        });
    }
    Ok(out)
}

/// Load a lone interactions file (`user<TAB>item[<TAB>rating<TAB>timestamp]`, no header; a
/// `.csv` file is comma-separated with a header).
///
/// # Errors
/// As [`read_ratings`], plus unreadable or empty files.
pub fn load_interactions_file(path: &Path) -> Result<Dataset, DataError> {
    let file = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let f = TextFile::read(path, &file)?;
    let is_csv = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"));
    let (sep, header) = if is_csv { (",", true) } else { ("\t", false) };
    let mut users = Ids::growing();
    let mut items = Ids::growing();
    let interactions = read_ratings(&f, sep, header, &mut users, &mut items)?;
    let users = users.into_collected();
    let items = items.into_collected();
    Ok(Dataset {
        name: path
            .file_stem()
            .map_or_else(|| file.clone(), |n| n.to_string_lossy().into_owned()),
        name_ja: None,
        root: path.to_path_buf(),
        items: Entities::new(items.clone(), items),
        users: Entities::new(users.clone(), users),
        interactions,
        item_vectors: None,
        interaction_metadata: Vec::new(),
        vocabulary: crate::data::vocabulary::Vocabulary::default(),
        sources: crate::data::Sources::default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lone_interactions_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("inter.tsv");
        std::fs::write(&p, "1\t10\t4\t100\n2\t10\t5\t101\n1\t20\n").unwrap();
        let d = load_interactions_file(&p).unwrap();
        assert_eq!(d.users.ids, ["1", "2"]);
        assert_eq!(d.items.ids, ["10", "20"]);
        assert_eq!(d.interactions.len(), 3);
        assert!((d.interactions[1].rating - 5.0).abs() < f32::EPSILON);
        assert_eq!(d.interactions[1].timestamp, Some(101));
        assert!((d.interactions[2].rating - 1.0).abs() < f32::EPSILON);
        assert_eq!(d.interactions[2].timestamp, None);
        assert_eq!(d.name, "inter");

        std::fs::write(&p, "1\t10\t4\t100\n2\t10\tx\t101\n").unwrap();
        let e = load_interactions_file(&p).unwrap_err().to_string();
        assert_eq!(
            e,
            "inter.tsv:2: column \"rating\": expected a number, found \"x\""
        );
        std::fs::write(&p, "1\t10\t4\t1e3\n").unwrap();
        let e = load_interactions_file(&p).unwrap_err().to_string();
        assert_eq!(
            e,
            "inter.tsv:1: column \"timestamp\": expected a number, found \"1e3\""
        );
    }

    #[test]
    fn csv_interactions_with_header() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("log.csv");
        std::fs::write(&p, "userId,movieId,rating,timestamp\n7,3,3.5,9\n").unwrap();
        let d = load_interactions_file(&p).unwrap();
        assert!((d.interactions[0].rating - 3.5).abs() < f32::EPSILON);
        std::fs::write(&p, "userId,movieId\n").unwrap();
        assert!(matches!(
            load_interactions_file(&p),
            Err(DataError::HeaderOnly { .. })
        ));
    }
}
