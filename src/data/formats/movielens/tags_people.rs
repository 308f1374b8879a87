//! MovieLens tags (`tags.dat`, `tags.csv`: joined onto the movies as a `tags` column) and
//! people (`u.user`, `users.dat`: age, gender, occupation, zip).

use std::collections::BTreeSet;

use super::super::csv_table::CsvTable;
use super::super::text_lines::TextFile;
use super::{OCCUPATIONS, check_unique};
use crate::data::{Entities, MetaColumn};
use crate::error::DataError;

/// (movie id, tag, line) triples.
type TagRows = Vec<(String, String, u64)>;

pub(super) fn tag_lines_dat(f: &TextFile) -> Result<TagRows, DataError> {
    let mut out = Vec::new();
    for (n, line) in f.lines() {
        let fields = f.fields(n, line, "::", &["user", "item", "tag"])?;
        out.push((fields[1].to_owned(), fields[2].to_owned(), n));
    }
    Ok(out)
}

pub(super) fn tag_rows_csv(t: &CsvTable) -> Result<TagRows, DataError> {
    let movie = t.require(&["movieId"])?;
    let tag = t.require(&["tag"])?;
    Ok(t.rows
        .iter()
        .zip(&t.lines)
        .map(|(row, &line)| (row[movie].clone(), row[tag].clone(), line))
        .collect())
}

/// Collect distinct tags per movie (in first-seen order) into a `tags` metadata column.
pub(super) fn add_tags(items: &mut Entities, tags: TagRows, file: &str) -> Result<(), DataError> {
    let mut per_item: Vec<Vec<String>> = vec![Vec::new(); items.len()];
    let mut seen: Vec<BTreeSet<String>> = vec![BTreeSet::new(); items.len()];
    for (movie, tag, line) in tags {
        let Some(row) = items.find(&movie) else {
            return Err(DataError::UnknownId {
                at: crate::error::Location {
                    file: file.to_owned(),
                    line: Some(line),
                    column: Some("movieId".to_owned()),
                    part: crate::error::Part::Column,
                },
                kind: "item",
                id: movie.into(),
                defined_in: "the movies file".into(),
            });
        };
        let key = tag.to_lowercase();
        if !tag.is_empty() && seen[row as usize].insert(key) {
            per_item[row as usize].push(tag);
        }
    }
    items.metadata.push(MetaColumn {
        name: "tags".to_owned(),
        values: per_item.into_iter().map(|t| t.join("|")).collect(),
    });
    Ok(())
}

#[derive(Clone, Copy)]
pub(super) enum PeopleLayout {
    /// `id|age|gender|occupation|zip`.
    Classic,
    /// `id::gender::age::occupation code::zip`.
    Dat,
}

pub(super) fn people(f: &TextFile, sep: &str, layout: PeopleLayout) -> Result<Entities, DataError> {
    let mut ids = Vec::new();
    let mut lines = Vec::new();
    let mut occupation = Vec::new();
    let mut cols: [Vec<String>; 3] = Default::default();
    for (n, line) in f.lines() {
        let fields = f.fields(n, line, sep, &["id"])?;
        let get = |i: usize| fields.get(i).copied().unwrap_or("").to_owned();
        let (age, gender, occ) = match layout {
            PeopleLayout::Classic => (get(1), get(2), get(3)),
            PeopleLayout::Dat => {
                let code = get(3);
                let name = code
                    .parse::<usize>()
                    .ok()
                    .and_then(|c| OCCUPATIONS.get(c))
                    .map_or(code, |s| (*s).to_owned());
                (get(2), get(1), name)
            }
        };
        ids.push(fields[0].to_owned());
        lines.push(n);
        occupation.push(occ);
        cols[0].push(age);
        cols[1].push(gender);
        cols[2].push(get(4));
    }
    check_unique(&f.file, &ids, &lines)?;
    let mut e = Entities::from_ids(ids);
    e.categories = Some(occupation.into());
    e.category_column = Some("occupation".to_owned());
    e.metadata = ["age", "gender", "zip"]
        .iter()
        .zip(cols)
        .map(|(name, values)| MetaColumn {
            name: (*name).to_owned(),
            values,
        })
        .collect();
    Ok(e)
}
