//! Apache Parquet files of vectors: one item per row, one column holding the vector as a
//! `list<float>` / `list<double>` (Arrow's `fixed_size_list` is stored as such a list too), the
//! other columns as text metadata (`id`, `name`/`title`/`word`, a `category`/`label` column that
//! colours the map — see [`columns_dataset`](super::vectors::columns_dataset)).
//!
//! Read through the `parquet` crate's row API (no Arrow: it keeps the build small), snappy,
//! zstd or gzip compressed. The vector column is the only list-of-floats column, or the one named
//! `vector`/`embedding`, or the one chosen with `--vector-column`; otherwise the error lists the
//! candidates. Parquet has no lines, so messages name the 0-based row. Progress is reported in
//! rows (of the file's row count) rather than bytes, and Cancel is checked every
//! [`CANCEL_CHECK_ROWS`] rows. Before any row is decoded, [`super::parquet_checks`] bounds what
//! the footer and page headers declare by the file's size (damaged files found by fuzzing).

use std::path::Path;

use parquet::basic::Type as PhysicalType;
use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::record::Field;

pub use super::parquet_rows::Rows;
use crate::data::Dataset;
use crate::error::{DataError, FirstVector, Location, Part};
use crate::progress::{Progress, Stage};

/// Rows read between two progress reports / checks for Cancel.
pub const CANCEL_CHECK_ROWS: usize = 1 << 12;

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// Top-level columns whose leaves are repeated floats or doubles, in schema order.
pub(super) fn vector_candidates(reader: &SerializedFileReader<std::fs::File>) -> Vec<String> {
    let schema = reader.metadata().file_metadata().schema_descr();
    let mut names: Vec<String> = Vec::new();
    for col in schema.columns() {
        let float = matches!(
            col.physical_type(),
            PhysicalType::FLOAT | PhysicalType::DOUBLE
        );
        if float
            && col.max_rep_level() == 1
            && let Some(top) = col.path().parts().first()
            && !names.contains(top)
        {
            names.push(top.clone());
        }
    }
    names
}

pub(super) fn choose(
    file: &str,
    candidates: &[String],
    wanted: Option<&str>,
) -> Result<String, DataError> {
    let none = |wanted: Option<&str>| DataError::NoVectorColumn {
        file: file.to_owned(),
        wanted: wanted.map(str::to_owned),
        candidates: candidates.to_vec(),
        fields: false,
    };
    match wanted {
        Some(w) if candidates.iter().any(|c| c == w) => Ok(w.to_owned()),
        Some(w) => Err(none(Some(w))),
        None => match candidates {
            [] => Err(none(None)),
            [one] => Ok(one.clone()),
            _ => candidates
                .iter()
                .find(|c| *c == "vector" || *c == "embedding")
                .cloned()
                .ok_or_else(|| DataError::SeveralVectorColumns {
                    file: file.to_owned(),
                    candidates: candidates.to_vec(),
                    fields: false,
                }),
        },
    }
}

/// A cell of a non-vector column as text.
fn cell_text(field: &Field) -> String {
    match field {
        Field::Null => String::new(),
        Field::Str(s) => s.clone(),
        Field::ListInternal(list) => list
            .elements()
            .iter()
            .map(cell_text)
            .collect::<Vec<_>>()
            .join("|"),
        other => other.to_string(),
    }
}

/// The numbers of one vector cell.
fn vector(field: &Field, at: &Location) -> Result<Vec<f32>, DataError> {
    let Field::ListInternal(list) = field else {
        return Err(DataError::EmptyValue { at: at.clone() });
    };
    list.elements()
        .iter()
        .map(|e| {
            let x = match e {
                Field::Float(x) => *x,
                Field::Double(x) => super::text_lines::narrow(at, &x.to_string(), *x)?,
                other => {
                    return Err(DataError::NotANumber {
                        at: at.clone(),
                        found: cell_text(other),
                    });
                }
            };
            if x.is_finite() {
                Ok(x)
            } else {
                Err(DataError::NotFinite {
                    at: at.clone(),
                    found: x.to_string(),
                })
            }
        })
        .collect()
}

/// Load a Parquet file of vectors (first `limit` rows).
///
/// # Errors
/// Not a Parquet file, no (or an ambiguous) vector column, rows without a vector, vectors of
/// different lengths, NaN or non-numeric values — with the row.
pub fn load_parquet(
    path: &Path,
    vector_column: Option<&str>,
    limit: Option<usize>,
    progress: Option<&Progress>,
) -> Result<Dataset, DataError> {
    let file = file_name(path);
    let mut acc = Rows::new(limit, vector_column);
    acc.total = total_rows(path, &file)?;
    read_part(path, &file, &[], &mut acc, progress)?;
    acc.finish(path, file)
}

/// Rows declared by the footer of the Parquet file at `path` (`file` names it in errors).
///
/// # Errors
/// Not a Parquet file.
pub fn total_rows(path: &Path, file: &str) -> Result<u64, DataError> {
    let f = std::fs::File::open(path).map_err(|e| super::progress::read_error(file, &e))?;
    let reader = SerializedFileReader::new(f).map_err(|e| DataError::Parquet {
        file: file.to_owned(),
        reason: e.to_string(),
    })?;
    Ok(u64::try_from(reader.metadata().file_metadata().num_rows()).unwrap_or(0))
}

/// The vector column of the Parquet file at `path` (`wanted`, or the one the candidates
/// make clear), for the column-wise readers.
///
/// # Errors
/// Not a Parquet file; no or an ambiguous vector column.
pub fn vector_column_of(
    path: &Path,
    file: &str,
    wanted: Option<&str>,
) -> Result<String, DataError> {
    let f = std::fs::File::open(path).map_err(|e| super::progress::read_error(file, &e))?;
    let reader = SerializedFileReader::new(f).map_err(|e| DataError::Parquet {
        file: file.to_owned(),
        reason: e.to_string(),
    })?;
    choose(file, &vector_candidates(&reader), wanted)
}

/// Read the rows of one Parquet file (`label` names it in errors: the file, or the part's path
/// in its folder) into `acc`, with the Hive partition values `partitions` as extra columns.
///
/// The `parquet` crate's record reader asserts on some damaged pages (definition levels above
/// the column's maximum, found by fuzzing) instead of returning an error; such a panic is
/// caught here so a damaged file is an error, not a dead worker. (Under `cargo fuzz` the
/// fuzzer's panic hook still aborts first: see fuzz/README.md.)
///
/// # Errors
/// As [`load_parquet`], naming `label`.
pub fn read_part(
    path: &Path,
    label: &str,
    partitions: &[(String, String)],
    acc: &mut Rows,
    progress: Option<&Progress>,
) -> Result<(), DataError> {
    caught(label, || read_rows(path, label, partitions, acc, progress))
}

/// Run a read of the Parquet file `label`, turning a panic of the `parquet` crate on a damaged
/// page into an error naming the file (shared by the row and the column readers).
///
/// # Errors
/// What `read` returns, or the damaged data.
pub fn caught<T>(label: &str, read: impl FnOnce() -> Result<T, DataError>) -> Result<T, DataError> {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(read)).unwrap_or_else(|payload| {
        let why = payload
            .downcast_ref::<&str>()
            .map(|s| (*s).to_owned())
            .or_else(|| payload.downcast_ref::<String>().cloned())
            .unwrap_or_default();
        Err(DataError::Parquet {
            file: label.to_owned(),
            reason: format!("damaged data ({why})"),
        })
    })
}

fn read_rows(
    path: &Path,
    file: &str,
    partitions: &[(String, String)],
    acc: &mut Rows,
    progress: Option<&Progress>,
) -> Result<(), DataError> {
    let bad = |e: parquet::errors::ParquetError| DataError::Parquet {
        file: file.to_owned(),
        reason: e.to_string(),
    };
    let f = std::fs::File::open(path).map_err(|e| super::progress::read_error(file, &e))?;
    let file_len = f
        .metadata()
        .map_err(|e| super::progress::read_error(file, &e))?
        .len();
    let reader = SerializedFileReader::new(f).map_err(bad)?;
    super::parquet_checks::check_chunks(&reader, file, file_len)?;
    super::parquet_checks::check_declared_sizes(&reader, file, file_len)?;
    let vector_col = choose(
        file,
        &vector_candidates(&reader),
        acc.vector_column.as_deref(),
    )?;
    acc.vector_column = Some(vector_col.clone());
    let mut row_in_part = 0;
    for row in reader.get_row_iter(None).map_err(bad)? {
        if acc.full() {
            break;
        }
        if acc.count.is_multiple_of(CANCEL_CHECK_ROWS)
            && let Some(p) = progress
        {
            p.step(
                Stage::Load,
                acc.count as u64,
                acc.total.max(acc.count as u64),
            )
            .map_err(|_| super::progress::cancelled(file))?;
        }
        let row = row.map_err(bad)?;
        for (name, field) in row.get_column_iter() {
            if *name == vector_col {
                let at = Location {
                    file: file.to_owned(),
                    line: None,
                    column: Some(format!("row {row_in_part} (0-based), column \"{name}\"")),
                    part: Part::Free,
                };
                let v = vector(field, &at)?;
                if acc.dim.is_none() {
                    acc.dim = Some((v.len(), file.to_owned(), row_in_part));
                }
                let (d, same_file, first_row) = acc
                    .dim
                    .as_ref()
                    .map_or((0, true, 0), |(d, f, r)| (*d, f == file, *r));
                if v.len() != d || d == 0 {
                    return Err(DataError::VectorLength {
                        at,
                        expected: d,
                        found: v.len(),
                        // The first vector's row, when it is in this same file.
                        first: same_file.then_some(FirstVector::Row(first_row)),
                    });
                }
                acc.values.extend_from_slice(&v);
                continue;
            }
            acc.push_cell(name, cell_text(field));
        }
        for (key, value) in partitions {
            acc.push_cell(key, value.clone());
        }
        acc.end_row();
        row_in_part += 1;
    }
    Ok(())
}

#[cfg(test)]
#[path = "parquet_file_tests.rs"]
pub(super) mod tests;
