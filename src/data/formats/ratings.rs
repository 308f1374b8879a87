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
use crate::error::{DataError, FieldsLike, Separator};

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
                    defined_in: (*defined_in).into(),
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

/// How the lines of a ratings file are laid out.
#[derive(Debug, Clone, Copy)]
pub struct Layout {
    /// The field separator.
    pub sep: &'static str,
    /// The first line is a header (it fixes the number of fields).
    pub header: bool,
    /// The format has exactly four fields (`user item rating timestamp`: MovieLens `u.data`,
    /// `ratings.dat`); otherwise every line must have as many as the first.
    pub four_fields: bool,
}

/// Interactions that name ids no table defines, kept aside instead of failing the load (for
/// the data audit, whose job is to find them).
pub type UnknownIds = Vec<crate::data::UnknownIdLine>;

/// Read rating lines. A missing rating counts as 1; a missing timestamp as none. Every line must
/// have the same number of fields (the header's, the first line's, or four).
///
/// With `unknown` given, lines naming ids a fixed table does not define are listed there and
/// skipped; without it they are an error.
///
/// # Errors
/// Lines with fewer than two fields or another number than the other lines, empty ids, unknown
/// ids (for fixed tables), ratings that are not finite numbers, timestamps that are not
/// integers — each with file and line.
pub fn read_ratings(
    f: &TextFile,
    layout: Layout,
    users: &mut Ids<'_>,
    items: &mut Ids<'_>,
    mut unknown: Option<&mut UnknownIds>,
) -> Result<Vec<Interaction>, DataError> {
    let mut out = Vec::new();
    let mut lines = f.lines();
    let mut expected: Option<(usize, FieldsLike)> = layout
        .four_fields
        .then_some((4, FieldsLike::Format("user, item, rating, timestamp")));
    if layout.header
        && let Some((_, head)) = lines.next()
    {
        expected = Some((head.split(layout.sep).count(), FieldsLike::Line(1)));
    }
    for (n, line) in lines {
        let fields = f.fields(n, line, layout.sep, &COLUMNS[..2])?;
        match expected {
            Some((want, like)) if want != fields.len() => {
                if layout.header && !layout.four_fields {
                    return Err(DataError::Ragged {
                        at: f.at(n, None),
                        expected: want,
                        found: fields.len(),
                    });
                }
                return Err(DataError::FieldCount {
                    at: f.at(n, None),
                    expected: want,
                    found: fields.len(),
                    separator: Separator::of(layout.sep),
                    like,
                    space_inside: layout.sep == "\t"
                        && fields.len() < want
                        && line.trim().contains(' '),
                });
            }
            Some(_) => {}
            None => expected = Some((fields.len(), FieldsLike::Line(n))),
        }
        let resolved = users
            .resolve(f, n, COLUMNS[0], "user", fields[0])
            .and_then(|u| Ok((u, items.resolve(f, n, COLUMNS[1], "item", fields[1])?)));
        let Some((user, item)) =
            crate::data::UnknownIdLine::record(resolved, unknown.as_deref_mut())?
        else {
            continue;
        };
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
    if out.is_empty() && unknown.is_none_or(|u| u.is_empty()) {
        return Err(DataError::HeaderOnly {
            file: f.file.clone(),
        });
    }
    Ok(out)
}

/// Vectors saved without ids look like interactions to the detector (`.tsv`, numbers separated
/// by tabs or spaces): a first line of more than four numbers whose fourth (the timestamp) is
/// not an integer is vectors, not `user item rating timestamp`.
fn looks_like_vectors(f: &TextFile) -> Option<DataError> {
    let (n, line) = f.lines().next()?;
    let fields: Vec<&str> = line.split(['\t', ' ']).filter(|t| !t.is_empty()).collect();
    let numbers = fields.iter().all(|t| t.parse::<f64>().is_ok());
    let timestamp_not_integer = fields.get(3).is_some_and(|t| t.parse::<i64>().is_err());
    (fields.len() > 4 && numbers && timestamp_not_integer).then(|| DataError::LooksLikeVectors {
        file: f.file.clone(),
        line: n,
        numbers: fields.len(),
    })
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
    if !is_csv && let Some(e) = looks_like_vectors(&f) {
        return Err(e);
    }
    let layout = Layout {
        sep: if is_csv { "," } else { "\t" },
        header: is_csv,
        four_fields: false,
    };
    let mut users = Ids::growing();
    let mut items = Ids::growing();
    let interactions = read_ratings(&f, layout, &mut users, &mut items, None)?;
    let users = users.into_collected();
    let items = items.into_collected();
    Ok(Dataset {
        name: path
            .file_stem()
            .map_or_else(|| file.clone(), |n| n.to_string_lossy().into_owned()),
        name_ja: None,
        root: path.to_path_buf(),
        items: Entities::from_ids(items),
        users: Entities::from_ids(users),
        interactions,
        item_vectors: None,
        user_vectors: None,
        trained_by: None,
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
        std::fs::write(&p, "1\t10\t4\t100\n2\t10\t5\t101\n1\t20\t\t\n").unwrap();
        let d = load_interactions_file(&p).unwrap();
        assert_eq!(d.users.ids, ["1", "2"]);
        assert_eq!(d.items.ids, ["10", "20"]);
        assert_eq!(d.interactions.len(), 3);
        assert!((d.interactions[1].rating - 5.0).abs() < f32::EPSILON);
        assert_eq!(d.interactions[1].timestamp, Some(101));
        assert!((d.interactions[2].rating - 1.0).abs() < f32::EPSILON);
        assert_eq!(d.interactions[2].timestamp, None);
        assert_eq!(d.name, "inter");
        // Two-field lines are fine when every line has two.
        std::fs::write(&p, "1\t10\n2\t20\n").unwrap();
        assert_eq!(load_interactions_file(&p).unwrap().interactions.len(), 2);

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
    fn every_line_has_the_fields_of_the_first() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("inter.tsv");
        // A space where the tab between user and item belongs: user "1 11", item "4" and the
        // timestamp as rating, unless the field count is checked.
        std::fs::write(&p, "1\t10\t5\t881250950\n1 11\t4\t881250950\n").unwrap();
        let e = load_interactions_file(&p).unwrap_err().to_string();
        assert_eq!(
            e,
            "inter.tsv:2: expected 4 fields separated by tabs like line 1, found 3 (a space where a tab belongs?)"
        );
        std::fs::write(&p, "\n1\t10\n1\t10\t5\n").unwrap();
        let e = load_interactions_file(&p).unwrap_err().to_string();
        assert_eq!(
            e,
            "inter.tsv:3: expected 2 fields separated by tabs like line 2, found 3"
        );
        let csv = dir.path().join("log.csv");
        std::fs::write(&csv, "user,item,rating\n1,2,3\n1,3\n").unwrap();
        let e = load_interactions_file(&csv).unwrap_err().to_string();
        assert_eq!(e, "log.csv:3: expected 3 fields like the header, found 2");
    }

    #[test]
    fn one_long_line_of_numbers_is_vectors_not_interactions() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("emb.tsv");
        std::fs::write(&p, "0.1\t0.2\t-0.3\t0.4\t0.5\t0.6\n").unwrap();
        let e = load_interactions_file(&p).unwrap_err().to_string();
        assert_eq!(
            e,
            "emb.tsv: looks like vectors without ids (line 1 holds 6 numbers), not an interactions file user<TAB>item<TAB>rating<TAB>timestamp; name it vectors.tsv to open it as Embedding Projector vectors"
        );
        // Integer ids, a rating and a timestamp with one extra numeric field stay interactions.
        std::fs::write(&p, "1\t2\t3.5\t100\t7\n").unwrap();
        assert_eq!(load_interactions_file(&p).unwrap().interactions.len(), 1);
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
