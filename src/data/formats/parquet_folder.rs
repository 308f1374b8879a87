//! A Parquet table written as a folder, the way Spark, Hive, Dask and pandas'
//! `partition_cols` write one: `part-*.parquet` files (any compression the file reader
//! supports), possibly under Hive partition folders `key=value/` whose values come back as
//! metadata columns (offered for colouring like any other column). Spark's bookkeeping is
//! skipped: `_SUCCESS`, `_committed_*`, `.crc` checksums and a `_temporary/` folder left by a
//! failed job (names starting with `_` or `.`). Parts are read in path order into one table:
//! a column missing from a part is empty there, and a part whose vectors have another length,
//! or no vector column of the name the first part used, is an error naming that part.

use std::path::{Path, PathBuf};

use super::parquet_file::{Rows, read_part, total_rows};
use crate::data::Dataset;
use crate::error::DataError;
use crate::progress::{Progress, Stage};

/// How deep partition folders may nest (Spark writes one level per partition column).
const MAX_DEPTH: usize = 8;

/// One part file of a folder table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartFile {
    /// Where it is.
    pub path: PathBuf,
    /// Its path inside the folder (`year=2026/part-00001.parquet`), for messages.
    pub label: String,
    /// The Hive partition values of the folders above it (`year` = `2026`), outermost first.
    pub partitions: Vec<(String, String)>,
}

/// Whether a file or folder name is bookkeeping (`_SUCCESS`, `.part-0.crc`, `_temporary`).
fn skipped(name: &str) -> bool {
    name.starts_with('_') || name.starts_with('.')
}

/// A Parquet part by its name: `*.parquet`, `*.pq`, or Spark's extension-less `part-*`.
fn is_part(name: &str) -> bool {
    let ext = Path::new(name)
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase());
    match ext.as_deref() {
        Some("parquet" | "pq") => true,
        Some(_) => false,
        None => name.to_ascii_lowercase().starts_with("part-"),
    }
}

/// Undo Hive's escaping of partition values (`%2F` → `/`, `%3D` → `=`). Bytes that do not make
/// UTF-8 after decoding are an error naming the folder.
fn unescape(value: &str, folder: &str) -> Result<String, DataError> {
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).map_err(|_| DataError::in_file(folder, PARTITION_NOT_UTF8))
}

/// The reason of a partition folder whose value (after `%XX` unescaping) or name is not UTF-8
/// text (the GUI translates it by this text).
pub const PARTITION_NOT_UTF8: &str = "the partition folder's value is not valid UTF-8 text (rename the folder, or write the partition column as UTF-8 text)";

/// The part files under `dir`, in path order.
///
/// # Errors
/// An unreadable folder; a partition folder whose value is not UTF-8.
pub fn parts(dir: &Path) -> Result<Vec<PartFile>, DataError> {
    let mut out = Vec::new();
    walk(dir, dir, &[], 0, &mut out, true)?;
    out.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(out)
}

fn walk(
    root: &Path,
    dir: &Path,
    partitions: &[(String, String)],
    depth: usize,
    out: &mut Vec<PartFile>,
    strict: bool,
) -> Result<(), DataError> {
    let label = |p: &Path| {
        p.strip_prefix(root)
            .unwrap_or(p)
            .to_string_lossy()
            .into_owned()
    };
    let entries = std::fs::read_dir(dir)
        .map_err(|e| super::progress::read_error(&dir.display().to_string(), &e))?;
    for entry in entries.flatten() {
        let path = entry.path();
        // Names that are not UTF-8 cannot be partition keys or part names we know.
        let Some(name) = entry.file_name().to_str().map(str::to_owned) else {
            if strict && path.is_dir() && depth < MAX_DEPTH {
                return Err(DataError::in_file(&label(&path), PARTITION_NOT_UTF8));
            }
            continue;
        };
        if skipped(&name) {
            continue;
        }
        if path.is_dir() {
            if depth >= MAX_DEPTH {
                continue;
            }
            let mut inner = partitions.to_vec();
            if let Some((key, value)) = name.split_once('=') {
                match unescape(value, &label(&path)) {
                    Ok(v) => inner.push((key.to_owned(), v)),
                    Err(e) if strict => return Err(e),
                    Err(_) => continue,
                }
            }
            walk(root, &path, &inner, depth + 1, out, strict)?;
        } else if is_part(&name) {
            out.push(PartFile {
                label: label(&path),
                path,
                partitions: partitions.to_vec(),
            });
        }
    }
    Ok(())
}

/// Whether `dir` is a folder table: it holds at least one part file, at any depth. A partition
/// folder whose value is not UTF-8 is passed over here, so that loading the table reports it
/// by name instead of "not a dataset".
#[must_use]
pub fn is_parquet_folder(dir: &Path) -> bool {
    let mut out = Vec::new();
    walk(dir, dir, &[], 0, &mut out, false).is_ok() && !out.is_empty()
}

/// Load every part of the folder table at `dir` (first `limit` rows in path order).
///
/// # Errors
/// No parts; any part's error (as [`super::parquet_file::load_parquet`]), naming the part.
pub fn load_parquet_folder(
    dir: &Path,
    vector_column: Option<&str>,
    limit: Option<usize>,
    progress: Option<&Progress>,
) -> Result<Dataset, DataError> {
    let name = dir.file_name().map_or_else(
        || dir.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let parts = parts(dir)?;
    if parts.is_empty() {
        return Err(DataError::NoRows {
            file: name,
            json: false,
        });
    }
    let mut acc = Rows::new(limit, vector_column);
    for p in &parts {
        // Only the footers: no progress to show yet, but Cancel is honoured.
        if progress.is_some_and(|p| p.cancel_token().is_cancelled()) {
            return Err(super::progress::cancelled(&p.label));
        }
        acc.total += total_rows(&p.path, &p.label)?;
    }
    for p in &parts {
        if acc.full() {
            break;
        }
        // Rows read so far at each part (throttled by `Progress`): a folder of many tiny parts
        // moves the bar and can be cancelled between parts, not only every few thousand rows.
        if let Some(pr) = progress {
            let done = acc.len() as u64;
            pr.step(Stage::Load, done, acc.total.max(done))
                .map_err(|_| super::progress::cancelled(&p.label))?;
        }
        read_part(&p.path, &p.label, &p.partitions, &mut acc, progress)?;
    }
    acc.finish(dir, name)
}

#[cfg(test)]
mod tests {
    use super::super::parquet_file::tests::write;
    use super::*;

    fn vectors(n: usize, dim: usize, base: f32) -> Vec<Option<Vec<f32>>> {
        (0..n)
            .map(|i| Some((0..dim).map(|d| base + (i * dim + d) as f32).collect()))
            .collect()
    }

    /// A Spark-like table: two Hive partitions, bookkeeping files, a failed job's leftovers.
    fn spark_table(dir: &Path) {
        let horror = dir.join("genre=horror%2Fthriller");
        let comedy = dir.join("genre=comedy");
        for d in [&horror, &comedy, &dir.join("_temporary/0")] {
            std::fs::create_dir_all(d).unwrap();
        }
        write(
            &horror.join("part-00000-a.snappy.parquet"),
            &["h1", "h2"],
            &vectors(2, 3, 0.0),
            None,
        );
        write(
            &comedy.join("part-00001-b.snappy.parquet"),
            &["c1", "c2", "c3"],
            &vectors(3, 3, 100.0),
            None,
        );
        std::fs::write(dir.join("_SUCCESS"), b"").unwrap();
        std::fs::write(comedy.join(".part-00001-b.snappy.parquet.crc"), b"junk").unwrap();
        std::fs::write(dir.join("_temporary/0/part-00009.parquet"), b"not parquet").unwrap();
    }

    #[test]
    fn parts_and_partitions_are_read_in_path_order_and_bookkeeping_is_skipped() {
        let dir = tempfile::tempdir().unwrap();
        spark_table(dir.path());
        let found = parts(dir.path()).unwrap();
        let labels: Vec<&str> = found.iter().map(|p| p.label.as_str()).collect();
        assert_eq!(
            labels,
            [
                "genre=comedy/part-00001-b.snappy.parquet",
                "genre=horror%2Fthriller/part-00000-a.snappy.parquet"
            ]
        );
        assert_eq!(
            found[1].partitions,
            [("genre".to_owned(), "horror/thriller".to_owned())]
        );
        let d = load_parquet_folder(dir.path(), None, None, None).unwrap();
        assert_eq!(d.items.ids, ["c1", "c2", "c3", "h1", "h2"]);
        let v = d.item_vectors.as_ref().unwrap();
        assert_eq!(v.row(0).to_vec(), [100.0, 101.0, 102.0]);
        assert_eq!(v.row(4).to_vec(), [3.0, 4.0, 5.0]);
        let genre = d.items.metadata.iter().find(|c| c.name == "genre").unwrap();
        assert_eq!(
            genre.values,
            [
                "comedy",
                "comedy",
                "comedy",
                "horror/thriller",
                "horror/thriller"
            ]
        );
        // The first rows only, across parts.
        let d = load_parquet_folder(dir.path(), None, Some(4), None).unwrap();
        assert_eq!(d.items.ids.len(), 4);
        // The folder is recognised and opened by the format detection.
        assert_eq!(
            super::super::detect(dir.path()).unwrap(),
            super::super::Format::Parquet
        );
    }

    #[test]
    fn a_part_with_other_vector_lengths_or_a_bad_partition_value_is_named() {
        let dir = tempfile::tempdir().unwrap();
        spark_table(dir.path());
        let odd = dir.path().join("genre=drama");
        std::fs::create_dir_all(&odd).unwrap();
        write(
            &odd.join("part-00002.parquet"),
            &["d1"],
            &vectors(1, 2, 0.0),
            None,
        );
        let e = load_parquet_folder(dir.path(), None, None, None)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("genre=drama/part-00002.parquet") && e.contains("expected 3"),
            "{e}"
        );
        std::fs::remove_dir_all(&odd).unwrap();
        std::fs::create_dir_all(dir.path().join("genre=%FF")).unwrap();
        let e = parts(dir.path()).unwrap_err().to_string();
        assert!(e.contains("genre=%FF") && e.contains("UTF-8"), "{e}");
        // An empty folder is no table.
        let empty = tempfile::tempdir().unwrap();
        assert!(!is_parquet_folder(empty.path()));
        assert!(load_parquet_folder(empty.path(), None, None, None).is_err());
    }
}
