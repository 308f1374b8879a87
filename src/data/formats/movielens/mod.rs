//! MovieLens, in the layouts people download from GroupLens:
//! - **classic 100k**: `u.data` (tab-separated `user item rating timestamp`), `u.item`
//!   (`id|title|release date|video date|IMDb URL|` + 19 genre flags, Latin-1), `u.user`
//!   (`id|age|gender|occupation|zip`), `u.genre` (`name|index`);
//! - **1M / 10M**: `ratings.dat`, `movies.dat` (`id::title::A|B`), `users.dat`
//!   (`id::gender::age::occupation code::zip`), `tags.dat`;
//! - **current**: `ratings.csv`, `movies.csv` (`movieId,title,genres` with quoted titles),
//!   `tags.csv` (`userId,movieId,tag,timestamp`).
//!
//! Genres become item metadata (`genres` as `A|B|C`, the first genre as the category used for
//! colour), the year in the title becomes a `year` column, tags are collected per movie into a
//! `tags` column (so the text embedder can use them). Users without a users file are the ids
//! seen in the ratings.

use std::path::Path;

mod tags_people;

use super::csv_table::CsvTable;
use super::ratings::{Ids, Layout as RatingsLayout, read_ratings};
use super::text_lines::TextFile;
use crate::data::{Dataset, Entities, MetaColumn};
use crate::error::DataError;
use tags_people::{PeopleLayout, add_tags, people, tag_lines_dat, tag_rows_csv};

/// Which MovieLens layout a folder holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Layout {
    /// `u.data` + `u.item` (100k).
    Classic,
    /// `ratings.dat` + `movies.dat` (1M, 10M).
    Dat,
    /// `ratings.csv` + `movies.csv` (20M, 25M, latest).
    Csv,
}

/// The layout of a MovieLens folder, if it is one.
#[must_use]
pub fn detect(dir: &Path) -> Option<Layout> {
    if dir.join("u.data").is_file() {
        Some(Layout::Classic)
    } else if dir.join("ratings.dat").is_file() {
        Some(Layout::Dat)
    } else if dir.join("ratings.csv").is_file() && dir.join("movies.csv").is_file() {
        Some(Layout::Csv)
    } else {
        None
    }
}

/// The genre names of `u.item`'s flag columns when `u.genre` is absent.
const CLASSIC_GENRES: [&str; 19] = [
    "unknown",
    "Action",
    "Adventure",
    "Animation",
    "Children's",
    "Comedy",
    "Crime",
    "Documentary",
    "Drama",
    "Fantasy",
    "Film-Noir",
    "Horror",
    "Musical",
    "Mystery",
    "Romance",
    "Sci-Fi",
    "Thriller",
    "War",
    "Western",
];

/// Occupation codes of `users.dat` (ML-1M README).
pub(super) const OCCUPATIONS: [&str; 21] = [
    "other",
    "academic/educator",
    "artist",
    "clerical/admin",
    "college/grad student",
    "customer service",
    "doctor/health care",
    "executive/managerial",
    "farmer",
    "homemaker",
    "K-12 student",
    "lawyer",
    "programmer",
    "retired",
    "sales/marketing",
    "scientist",
    "self-employed",
    "technician/engineer",
    "tradesman/craftsman",
    "unemployed",
    "writer",
];

/// Load a MovieLens folder (any layout).
///
/// # Errors
/// A folder that is not MovieLens, missing files, malformed lines (file and line named),
/// ratings naming unknown users or movies.
pub fn load_movielens(dir: &Path) -> Result<Dataset, DataError> {
    load_movielens_opts(dir, false)
}

/// [`load_movielens`]; with `keep_unknown_ids`, rating lines naming users or movies the other
/// files do not define are left out and listed in the dataset's
/// [`Sources::unknown_ids`](crate::data::Sources::unknown_ids) instead of failing the load.
///
/// # Errors
/// As [`load_movielens`].
pub fn load_movielens_opts(dir: &Path, keep_unknown_ids: bool) -> Result<Dataset, DataError> {
    let Some(layout) = detect(dir) else {
        return Err(DataError::UnknownFormat {
            path: dir.to_path_buf(),
        });
    };
    let read = |file: &str| TextFile::read(&dir.join(file), file);
    let optional = |file: &str| {
        if dir.join(file).is_file() {
            read(file).map(Some)
        } else {
            Ok(None)
        }
    };
    let (items, users, ratings_file, ratings_layout, items_file, users_file) = match layout {
        Layout::Classic => {
            let genres = match optional("u.genre")? {
                Some(f) => classic_genre_names(&f)?,
                None => CLASSIC_GENRES.iter().map(|g| (*g).to_owned()).collect(),
            };
            let items = classic_items(&read("u.item")?, &genres)?;
            let users = optional("u.user")?
                .map(|f| people(&f, "|", PeopleLayout::Classic))
                .transpose()?;
            (items, users, "u.data", FOUR_TABS, "u.item", "u.user")
        }
        Layout::Dat => {
            let mut items = dat_items(&read("movies.dat")?)?;
            if let Some(f) = optional("tags.dat")? {
                add_tags(&mut items, tag_lines_dat(&f)?, "tags.dat")?;
            }
            let users = optional("users.dat")?
                .map(|f| people(&f, "::", PeopleLayout::Dat))
                .transpose()?;
            (
                items,
                users,
                "ratings.dat",
                FOUR_COLONS,
                "movies.dat",
                "users.dat",
            )
        }
        Layout::Csv => {
            let mut items = csv_items(&CsvTable::read(dir, "movies.csv")?)?;
            if dir.join("tags.csv").is_file() {
                let t = CsvTable::read(dir, "tags.csv")?;
                add_tags(&mut items, tag_rows_csv(&t)?, "tags.csv")?;
            }
            (
                items,
                None,
                "ratings.csv",
                CSV_HEADER,
                "movies.csv",
                "users",
            )
        }
    };
    let mut item_ids = Ids::Fixed {
        table: &items,
        defined_in: items_file,
    };
    let mut unknown = keep_unknown_ids.then(Vec::new);
    let mut user_ids = match &users {
        Some(table) => Ids::Fixed {
            table,
            defined_in: users_file,
        },
        None => Ids::growing(),
    };
    let interactions = read_ratings(
        &read(ratings_file)?,
        ratings_layout,
        &mut user_ids,
        &mut item_ids,
        unknown.as_mut(),
    )?;
    // Without a users file, the users are the ids the ratings name.
    let seen = user_ids.into_collected();
    let users = users.unwrap_or_else(|| Entities::from_ids(seen));
    let folder = dir.file_name().map_or_else(
        || dir.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    Ok(Dataset {
        name: format!("MovieLens ({folder})"),
        name_ja: None,
        root: dir.to_path_buf(),
        items,
        users,
        interactions,
        item_vectors: None,
        user_vectors: None,
        trained_by: None,
        interaction_metadata: Vec::new(),
        vocabulary: crate::data::vocabulary::Vocabulary::default(),
        sources: crate::data::Sources {
            unknown_ids: unknown.unwrap_or_default(),
            ..crate::data::Sources::default()
        },
    })
}

/// `u.data`: exactly `user<TAB>item<TAB>rating<TAB>timestamp` (the 100k README).
const FOUR_TABS: RatingsLayout = RatingsLayout {
    sep: "\t",
    header: false,
    four_fields: true,
};

/// `ratings.dat`: exactly `UserID::MovieID::Rating::Timestamp` (the 1M / 10M READMEs).
const FOUR_COLONS: RatingsLayout = RatingsLayout {
    sep: "::",
    header: false,
    four_fields: true,
};

/// `ratings.csv`: `userId,movieId,rating,timestamp` with a header.
const CSV_HEADER: RatingsLayout = RatingsLayout {
    sep: ",",
    header: true,
    four_fields: false,
};

fn classic_genre_names(f: &TextFile) -> Result<Vec<String>, DataError> {
    let mut named: Vec<(usize, String)> = Vec::new();
    for (n, line) in f.lines() {
        let fields = f.fields(n, line, "|", &["genre", "index"])?;
        let idx = f.number(n, "index", fields[1])? as usize;
        named.push((idx, fields[0].to_owned()));
    }
    named.sort();
    Ok(named.into_iter().map(|(_, g)| g).collect())
}

/// Items being built: ids, titles, genres per item, extra metadata columns.
struct ItemRows {
    ids: Vec<String>,
    titles: Vec<String>,
    genres: Vec<Vec<String>>,
    extra: Vec<MetaColumn>,
}

impl ItemRows {
    fn new(extra: &[&str]) -> Self {
        Self {
            ids: Vec::new(),
            titles: Vec::new(),
            genres: Vec::new(),
            extra: extra
                .iter()
                .map(|name| MetaColumn {
                    name: (*name).to_owned(),
                    values: Vec::new(),
                })
                .collect(),
        }
    }

    fn push(&mut self, id: &str, title: &str, genres: Vec<String>, extra: &[&str]) {
        self.ids.push(id.to_owned());
        self.titles.push(title.to_owned());
        self.genres.push(genres);
        for (col, v) in self.extra.iter_mut().zip(extra) {
            col.values.push((*v).to_owned());
        }
    }

    /// Check ids are unique (`lines` = the line of each row) and build the table.
    fn finish(self, file: &str, lines: &[u64]) -> Result<Entities, DataError> {
        check_unique(file, &self.ids, lines)?;
        let mut e = Entities::new(self.ids, self.titles);
        e.categories = Some(
            self.genres
                .iter()
                .map(|g| g.first().cloned().unwrap_or_default())
                .collect(),
        );
        let mut meta = vec![
            MetaColumn {
                name: "genres".to_owned(),
                values: self.genres.iter().map(|g| g.join("|")).collect(),
            },
            MetaColumn {
                name: "year".to_owned(),
                values: e.names.iter().map(year_of).collect(),
            },
        ];
        meta.extend(self.extra);
        e.metadata = meta;
        Ok(e)
    }
}

/// Reject a repeated id, naming the line of both occurrences.
pub(super) fn check_unique(file: &str, ids: &[String], lines: &[u64]) -> Result<(), DataError> {
    let mut first = std::collections::HashMap::with_capacity(ids.len());
    for (id, &line) in ids.iter().zip(lines) {
        if let Some(&first_line) = first.get(id.as_str()) {
            return Err(DataError::DuplicateId {
                at: crate::error::Location {
                    file: file.to_owned(),
                    line: Some(line),
                    column: Some("id".to_owned()),
                    part: crate::error::Part::Column,
                },
                id: id.clone(),
                first_line,
            });
        }
        first.insert(id.as_str(), line);
    }
    Ok(())
}

/// The year in a title such as "Toy Story (1995)", or "".
fn year_of(title: &str) -> String {
    let t = title.trim_end();
    t.strip_suffix(')')
        .and_then(|s| s.get(s.len().saturating_sub(5)..))
        .and_then(|s| s.strip_prefix('('))
        .filter(|y| y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()))
        .map_or_else(String::new, str::to_owned)
}

fn classic_items(f: &TextFile, genre_names: &[String]) -> Result<Entities, DataError> {
    let mut rows = ItemRows::new(&["release_date", "imdb_url"]);
    let mut lines = Vec::new();
    for (n, line) in f.lines() {
        let fields = f.fields(n, line, "|", &["id", "title"])?;
        let genres = fields
            .iter()
            .skip(5)
            .zip(genre_names)
            .filter(|(flag, _)| **flag == "1")
            .map(|(_, g)| g.clone())
            .collect();
        let get = |i: usize| fields.get(i).copied().unwrap_or("");
        rows.push(fields[0], fields[1], genres, &[get(2), get(4)]);
        lines.push(n);
    }
    rows.finish(&f.file, &lines)
}

fn split_genres(s: &str) -> Vec<String> {
    s.split('|')
        .map(str::trim)
        .filter(|g| !g.is_empty() && *g != "(no genres listed)")
        .map(str::to_owned)
        .collect()
}

fn dat_items(f: &TextFile) -> Result<Entities, DataError> {
    let mut rows = ItemRows::new(&[]);
    let mut lines = Vec::new();
    for (n, line) in f.lines() {
        let fields = f.fields(n, line, "::", &["id", "title"])?;
        let genres = fields.get(2).map_or_else(Vec::new, |g| split_genres(g));
        rows.push(fields[0], fields[1], genres, &[]);
        lines.push(n);
    }
    rows.finish(&f.file, &lines)
}

fn csv_items(t: &CsvTable) -> Result<Entities, DataError> {
    let id = t.require(&["movieId"])?;
    let title = t.require(&["title"])?;
    let genres = t.first_column(&["genres"]);
    let mut rows = ItemRows::new(&[]);
    for (r, row) in t.rows.iter().enumerate() {
        if row[id].is_empty() {
            return Err(DataError::EmptyValue { at: t.at(r, id) });
        }
        let g = genres.map_or_else(Vec::new, |c| split_genres(&row[c]));
        rows.push(&row[id], &row[title], g, &[]);
    }
    rows.finish(&t.file, &t.lines)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_from_titles() {
        assert_eq!(year_of("Toy Story (1995)"), "1995");
        assert_eq!(year_of("Babe (1995) "), "1995");
        assert_eq!(year_of("Untitled"), "");
        assert_eq!(year_of("(12345)"), "");
        assert_eq!(year_of("x (19a5)"), "");
    }

    #[test]
    fn genres_drop_the_placeholder() {
        assert_eq!(split_genres("Action|Comedy"), ["Action", "Comedy"]);
        assert!(split_genres("(no genres listed)").is_empty());
    }
}
