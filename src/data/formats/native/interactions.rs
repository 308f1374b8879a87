//! The interactions file of a native folder: user, item, optional rating and timestamp, the
//! other columns kept as text; rows naming undefined ids are an error, or listed for the audit.

use std::collections::HashMap;

use super::super::csv_table::CsvTable;
use super::super::text_lines::check_timestamp;
use crate::data::{Entities, Interaction, MetaColumn, UnknownIdLine};
use crate::error::{DataError, Location};

/// What [`read_interactions`] read.
pub(super) struct ReadInteractions {
    pub(super) interactions: Vec<Interaction>,
    /// The columns beyond user, item, rating and timestamp, as text.
    pub(super) metadata: Vec<MetaColumn>,
    /// The line of each interaction kept.
    pub(super) lines: Vec<u64>,
}

/// Interactions, and the columns beyond user, item, rating and timestamp as text. With
/// `unknown`, rows naming undefined ids are listed there and left out.
pub(super) fn read_interactions(
    t: &CsvTable,
    items: &Entities,
    items_file: &str,
    users: &mut Option<Entities>,
    users_file: Option<&str>,
    mut unknown: Option<&mut Vec<UnknownIdLine>>,
) -> Result<ReadInteractions, DataError> {
    let user_col = t.require(&["user_id", "user"])?;
    let item_col = t.require(&["item_id", "item"])?;
    let rating_col = t.first_column(&["rating", "weight"]);
    let time_col = t.first_column(&["timestamp", "time"]);
    // Without users.csv the users are the ids seen here, in order of first appearance.
    let mut seen_ids: Vec<String> = Vec::new();
    let mut seen: HashMap<String, u32> = HashMap::new();
    let mut out = Vec::with_capacity(t.rows.len());
    let mut kept: Vec<usize> = Vec::with_capacity(t.rows.len());
    for (r, row) in t.rows.iter().enumerate() {
        let (user_id, item_id) = (row[user_col].as_str(), row[item_col].as_str());
        for (c, v) in [(user_col, user_id), (item_col, item_id)] {
            if v.is_empty() {
                return Err(DataError::EmptyValue { at: t.at(r, c) });
            }
        }
        let user = if let Some(u) = users.as_ref() {
            u.find(user_id).ok_or_else(|| {
                let file = users_file.unwrap_or("users.csv");
                unknown_id(t, r, user_col, "user", user_id, file)
            })
        } else {
            let next = seen_ids.len() as u32;
            Ok(*seen.entry(user_id.to_owned()).or_insert_with(|| {
                seen_ids.push(user_id.to_owned());
                next
            }))
        };
        let resolved = user.and_then(|user| {
            let item = items
                .find(item_id)
                .ok_or_else(|| unknown_id(t, r, item_col, "item", item_id, items_file))?;
            Ok((user, item))
        });
        let Some((user, item)) = UnknownIdLine::record(resolved, unknown.as_deref_mut())? else {
            continue;
        };
        let rating = match rating_col {
            Some(c) => t.number_f32(r, c)?,
            None => 1.0,
        };
        let timestamp = match time_col {
            Some(c) if !row[c].is_empty() => {
                let ts = row[c].parse::<i64>().map_err(|_| DataError::NotANumber {
                    at: t.at(r, c),
                    found: row[c].clone(),
                })?;
                Some(check_timestamp(&t.at(r, c), &row[c], ts)?)
            }
            _ => None,
        };
        out.push(Interaction {
            user,
            item,
            rating,
            timestamp,
        });
        kept.push(r);
    }
    if users.is_none() {
        *users = Some(Entities::from_ids(seen_ids));
    }
    let used = [Some(user_col), Some(item_col), rating_col, time_col];
    let metadata = (0..t.header.len())
        .filter(|c| !used.contains(&Some(*c)))
        .map(|c| MetaColumn {
            name: t.header[c].clone(),
            values: kept.iter().map(|&r| t.rows[r][c].clone()).collect(),
        })
        .collect();
    let lines = kept
        .iter()
        .filter_map(|&r| t.lines.get(r).copied())
        .collect();
    Ok(ReadInteractions {
        interactions: out,
        metadata,
        lines,
    })
}

pub(super) fn unknown_id(
    t: &CsvTable,
    r: usize,
    c: usize,
    kind: &'static str,
    id: &str,
    defined_in: &str,
) -> DataError {
    let at: Location = t.at(r, c);
    DataError::UnknownId {
        at,
        kind,
        id: id.into(),
        defined_in: defined_in.into(),
    }
}
