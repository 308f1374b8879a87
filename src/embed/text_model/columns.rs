//! The text a dataset item becomes for a text model: chosen columns joined by newlines.

use crate::data::Dataset;
use crate::error::{ComputeError, Result};

/// The columns used when none are named: the title, and the description when there is one.
#[must_use]
pub fn default_columns(data: &Dataset) -> Vec<String> {
    let mut cols = vec!["title".to_owned()];
    if data
        .items
        .metadata
        .iter()
        .any(|c| c.name.eq_ignore_ascii_case("description"))
    {
        cols.push("description".to_owned());
    }
    cols
}

/// Column names an item text can be built from (`title`, `title_ja`, `category`,
/// `category_ja`, and every text column kept as metadata).
#[must_use]
pub fn available_columns(data: &Dataset) -> Vec<String> {
    let items = &data.items;
    let mut cols = vec!["title".to_owned()];
    if items.names_ja.is_some() {
        cols.push("title_ja".to_owned());
    }
    if items.categories.is_some() {
        cols.push("category".to_owned());
    }
    if items.categories_ja.is_some() {
        cols.push("category_ja".to_owned());
    }
    cols.extend(items.metadata.iter().map(|c| c.name.clone()));
    cols
}

/// One text per item, in item order: the values of `columns` joined by newlines (empty
/// values skipped).
///
/// # Errors
/// [`ComputeError::InvalidParams`] naming an unknown column and listing the available ones.
pub fn item_texts(data: &Dataset, columns: &[String]) -> Result<Vec<String>> {
    let items = &data.items;
    let n = items.len();
    let mut picked: Vec<Vec<&str>> = Vec::with_capacity(columns.len());
    for col in columns {
        let key = col.to_ascii_lowercase();
        let values: Option<Vec<&str>> = match key.as_str() {
            "title" | "name" => Some(items.names.iter().collect()),
            "title_ja" | "name_ja" => items.names_ja.as_ref().map(|v| v.iter().collect()),
            "category" => items.categories.as_ref().map(|v| v.iter().collect()),
            "category_ja" | "genre_ja" => items.categories_ja.as_ref().map(|v| v.iter().collect()),
            _ => None,
        }
        .or_else(|| {
            items
                .metadata
                .iter()
                .find(|c| c.name.eq_ignore_ascii_case(col))
                .map(|c| c.values.iter().map(String::as_str).collect())
        });
        let Some(values) = values else {
            return Err(ComputeError::InvalidParams(format!(
                "unknown text column \"{col}\" (available: {})",
                available_columns(data).join(", ")
            )));
        };
        picked.push(values);
    }
    Ok((0..n)
        .map(|r| {
            picked
                .iter()
                .map(|v| v[r].trim())
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join("\n")
        })
        .collect())
}
