//! File formats that load into a [`Dataset`](crate::data::Dataset). One file per format, plus
//! [`detect`] / [`load`] that pick the format from what a path holds (`--format` overrides).

pub mod csv_table;
pub mod movielens;
pub mod native;
pub mod npy;
pub mod ratings;
pub mod text_lines;

use std::path::{Path, PathBuf};

pub use native::load_native;

use crate::data::Dataset;
use crate::error::DataError;

/// The formats a dataset path can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// A folder with `items.csv` (+ `users.csv`, `interactions.csv`, `item_vectors.csv`).
    Native,
    /// A MovieLens folder (100k `u.data`, 1M/10M `ratings.dat`, or `ratings.csv` + `movies.csv`).
    Movielens,
    /// One interactions file: `user<TAB>item[<TAB>rating<TAB>timestamp]` (or CSV with a header).
    Interactions,
}

impl Format {
    /// Stable name used in JSON and the CLI.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Native => "native",
            Self::Movielens => "movielens",
            Self::Interactions => "interactions",
        }
    }
}

impl std::str::FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        [Self::Native, Self::Movielens, Self::Interactions]
            .into_iter()
            .find(|f| f.as_str() == s)
            .ok_or_else(|| {
                format!("unknown format \"{s}\" (expected native, movielens or interactions)")
            })
    }
}

/// A file inside a dataset folder stands for the folder (what users drop or pick in a dialog);
/// a file that is not part of a known folder layout stays a file.
#[must_use]
pub fn dataset_root(path: &Path) -> PathBuf {
    if path.is_file()
        && let Some(dir) = path.parent()
        && (dir.join("items.csv").is_file() || movielens::detect(dir).is_some())
    {
        return dir.to_path_buf();
    }
    path.to_path_buf()
}

/// Which format `path` holds.
///
/// # Errors
/// [`DataError::NotAFolder`] when nothing is there; [`DataError::UnknownFormat`] when the
/// folder or file matches no known layout.
pub fn detect(path: &Path) -> Result<Format, DataError> {
    let path = dataset_root(path);
    if path.is_dir() {
        if path.join("items.csv").is_file() {
            Ok(Format::Native)
        } else if movielens::detect(&path).is_some() {
            Ok(Format::Movielens)
        } else {
            Err(DataError::UnknownFormat { path })
        }
    } else if path.is_file() {
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase());
        match ext.as_deref() {
            Some("tsv" | "txt" | "data" | "csv") => Ok(Format::Interactions),
            _ => Err(DataError::UnknownFormat { path }),
        }
    } else {
        Err(DataError::NotAFolder { path })
    }
}

/// Load `path` as `format`, or as the detected format when `format` is `None`.
///
/// # Errors
/// Any [`DataError`]: the message names the file, line and column.
pub fn load(path: &Path, format: Option<Format>) -> Result<Dataset, DataError> {
    let format = match format {
        Some(f) => f,
        None => detect(path)?,
    };
    let root = dataset_root(path);
    match format {
        Format::Native => load_native(&root),
        Format::Movielens => movielens::load_movielens(&root),
        Format::Interactions => ratings::load_interactions_file(path),
    }
}
