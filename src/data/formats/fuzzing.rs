//! Entry points for the `cargo fuzz` targets in `fuzz/` and for `tests/fuzz_regressions.rs`:
//! each takes the fuzzer's bytes, feeds them to one parser and returns its result. Parsers that
//! read files by path get the bytes written to a scratch folder first, so the code fuzzed is
//! exactly the code users run. Inputs that stand for several files (a MovieLens folder, a
//! projector pair) are split on lines holding only `%%`.
//!
//! Not part of the public API (hidden from the docs); no parser logic lives here.

use std::io::Cursor;
use std::path::{Path, PathBuf};

use super::csv_table::CsvTable;
use super::{jsonl, movielens, native, npy, parquet_file, ratings, vectors};
use crate::error::DataError;

/// The line that separates the files of a multi-file input.
pub const FILE_SEPARATOR: &[u8] = b"\n%%\n";

/// Split `data` into the parts between [`FILE_SEPARATOR`]s.
#[must_use]
pub fn split_files(data: &[u8]) -> Vec<&[u8]> {
    let mut parts = Vec::new();
    let mut rest = data;
    while let Some(at) = rest
        .windows(FILE_SEPARATOR.len())
        .position(|w| w == FILE_SEPARATOR)
    {
        parts.push(&rest[..at]);
        rest = &rest[at + FILE_SEPARATOR.len()..];
    }
    parts.push(rest);
    parts
}

/// A fresh, empty scratch folder for this process and thread (under the system temp folder).
fn scratch() -> Result<PathBuf, DataError> {
    let dir = std::env::temp_dir().join(format!(
        "embedscope-fuzz-{}-{:?}",
        std::process::id(),
        std::thread::current().id()
    ));
    let io = |e: std::io::Error| DataError::Io {
        file: dir.display().to_string(),
        reason: e.to_string(),
    };
    if dir.exists() {
        std::fs::remove_dir_all(&dir).map_err(io)?;
    }
    std::fs::create_dir_all(&dir).map_err(io)?;
    Ok(dir)
}

/// Write `bytes` to `dir/name`.
fn put(dir: &Path, name: &str, bytes: &[u8]) -> Result<PathBuf, DataError> {
    let path = dir.join(name);
    std::fs::write(&path, bytes).map_err(|e| DataError::Io {
        file: name.to_owned(),
        reason: e.to_string(),
    })?;
    Ok(path)
}

/// `CsvTable::parse` (comma-separated) and `parse_delimited` (tab) on the same bytes.
///
/// # Errors
/// The first parser error.
pub fn csv_table(data: &[u8]) -> Result<(), DataError> {
    let comma = CsvTable::parse("items.csv", data);
    let tab = CsvTable::parse_delimited("items.tsv", data, b'\t');
    comma.and(tab).map(drop)
}

/// A MovieLens folder or a lone interactions file. The first byte picks the layout (mod 4):
/// 0 = 100k (`u.data`, `u.item`, `u.user`, `u.genre`), 1 = 1M (`ratings.dat`, `movies.dat`,
/// `users.dat`, `tags.dat`), 2 = current (`ratings.csv`, `movies.csv`, `tags.csv`),
/// 3 = `ratings.tsv` read by `load_interactions_file`; the rest holds the files in that order.
///
/// # Errors
/// The loader's error.
pub fn movielens(data: &[u8]) -> Result<(), DataError> {
    let Some((&selector, rest)) = data.split_first() else {
        return Ok(());
    };
    let names: &[&str] = match selector % 4 {
        0 => &["u.data", "u.item", "u.user", "u.genre"],
        1 => &["ratings.dat", "movies.dat", "users.dat", "tags.dat"],
        2 => &["ratings.csv", "movies.csv", "tags.csv"],
        _ => &["ratings.tsv"],
    };
    let dir = scratch()?;
    for (name, bytes) in names.iter().zip(split_files(rest)) {
        put(&dir, name, bytes)?;
    }
    if selector % 4 == 3 {
        ratings::load_interactions_file(&dir.join("ratings.tsv")).map(drop)
    } else {
        movielens::load_movielens(&dir).map(drop)
    }
}

/// A TensorFlow Projector pair: `vectors.tsv`, then (after a `%%` line) `metadata.tsv`.
///
/// # Errors
/// The loader's error.
pub fn projector_tsv(data: &[u8]) -> Result<(), DataError> {
    let dir = scratch()?;
    for (name, bytes) in ["vectors.tsv", "metadata.tsv"]
        .iter()
        .zip(split_files(data))
    {
        put(&dir, name, bytes)?;
    }
    vectors::load_projector(&dir, None, None).map(drop)
}

/// word2vec / GloVe text vectors (`vectors.txt`).
///
/// # Errors
/// The loader's error.
pub fn word2vec_text(data: &[u8]) -> Result<(), DataError> {
    let path = put(&scratch()?, "vectors.txt", data)?;
    vectors::load_word_vectors(&path, None, None).map(drop)
}

/// word2vec binary vectors (`vectors.bin`).
///
/// # Errors
/// The loader's error.
pub fn word2vec_binary(data: &[u8]) -> Result<(), DataError> {
    let path = put(&scratch()?, "vectors.bin", data)?;
    vectors::load_word_vectors(&path, None, None).map(drop)
}

/// The `.npy` header parser alone, on an in-memory file of `data.len()` bytes.
///
/// # Errors
/// The parser's error.
pub fn npy_header(data: &[u8]) -> Result<(), DataError> {
    npy::read_header(&mut Cursor::new(data), "x.npy", data.len() as u64).map(drop)
}

/// A whole `.npy` matrix (`x.npy`).
///
/// # Errors
/// The reader's error.
pub fn npy_matrix(data: &[u8]) -> Result<(), DataError> {
    let path = put(&scratch()?, "x.npy", data)?;
    npy::read_matrix_with(&path, "x.npy", None, None).map(drop)
}

/// A JSONL table, as items (vectors wanted) and as interactions (arrays kept as text).
///
/// # Errors
/// The first parser error.
pub fn jsonl(data: &[u8]) -> Result<(), DataError> {
    let items = jsonl::parse_table("items.jsonl", data, None, true);
    let other = jsonl::parse_table("interactions.jsonl", data, None, false);
    items.and(other).map(drop)
}

/// A Parquet file of vectors (`x.parquet`), the vector column found as users' files get it.
///
/// # Errors
/// The loader's error.
pub fn parquet(data: &[u8]) -> Result<(), DataError> {
    let path = put(&scratch()?, "x.parquet", data)?;
    parquet_file::load_parquet(&path, None, None, None).map(drop)
}

/// A native dataset folder: `items.csv`, then (after `%%` lines) `users.csv`,
/// `interactions.csv`, `item_vectors.csv` and `dataset.toml`; missing or empty parts are absent
/// files (an empty `items.csv` is still written: it is required).
///
/// # Errors
/// The loader's error.
pub fn native_folder(data: &[u8]) -> Result<(), DataError> {
    let dir = scratch()?;
    let names = [
        "items.csv",
        "users.csv",
        "interactions.csv",
        "item_vectors.csv",
        "dataset.toml",
    ];
    for (i, (name, bytes)) in names.iter().zip(split_files(data)).enumerate() {
        if i == 0 || !bytes.is_empty() {
            put(&dir, name, bytes)?;
        }
    }
    native::load_native(&dir).map(drop)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_files_cuts_on_percent_lines() {
        assert_eq!(split_files(b"a\n%%\nb\n%%\n"), vec![&b"a"[..], b"b", b""]);
        assert_eq!(split_files(b"no separator"), vec![&b"no separator"[..]]);
    }
}
