//! A folder of `.npy` or `.jsonl` parts (`part-00000.npy`, `part-00001.npy`, …, as a sharded
//! export, Dask or Spark's text writers leave them) opened as one dataset: the parts
//! concatenated in name order. Bookkeeping is skipped as in Parquet folder tables
//! ([`super::parquet_folder`]): names starting with `_` or `.` (`_SUCCESS`, `.part-0.npy.crc`).
//!
//! The folder counts as such only when every vector file directly in it (`.npy`, `.jsonl`,
//! `.ndjson`, `.parquet`, …) is a `part*` file of one kind and there are at least two: a
//! folder of one file opens as that file ([`super::dataset_root`]), and anything mixed stays
//! "unknown" rather than guessed.
//!
//! - `.npy`: every part's header is read first, so a part whose rows have another width is an
//!   error naming that part before any vector is read; then the parts are read one by one into
//!   one matrix (peak memory: the whole plus one part). Metadata is each part's own
//!   `STEM.csv`/`STEM.tsv` (columns joined by name; a part without one has empty cells), or
//!   else one `metadata.tsv`/`metadata.csv` for all rows; ids are row numbers across the
//!   parts when no table gives them.
//! - `.jsonl`: each part is parsed as a JSONL table ([`super::jsonl::parse_table`]) naming its
//!   own file and lines; fields are joined by name, and the vector field the first part used
//!   must be in every part with the same length. The joined table then loads as one `.jsonl`
//!   file would. A problem found only after the join (an interaction naming an unknown item)
//!   names the folder and the line inside its part.
//!
//! Progress is per part file (each fills the load bar once), with Cancel inside each read.

use std::path::{Path, PathBuf};

use super::csv_table::CsvTable;
use super::jsonl::{JsonTable, parse_table};
use crate::data::{Dataset, MetaColumn};
use crate::error::{DataError, Location, Part};
use crate::progress::Progress;

/// What the parts of a folder are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PartKind {
    /// NumPy `.npy` matrices.
    Npy,
    /// JSON Lines (`.jsonl`, `.ndjson`).
    Jsonl,
}

fn name_of(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// The kind and the part files (in name order) of a folder of parts, or `None` when `dir` is
/// not one (see the module docs).
#[must_use]
pub fn part_files(dir: &Path) -> Option<(PartKind, Vec<PathBuf>)> {
    let mut kind = None;
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).ok()?.flatten() {
        let name = entry.file_name().to_string_lossy().to_ascii_lowercase();
        if name.starts_with('_') || name.starts_with('.') || !entry.path().is_file() {
            continue;
        }
        let ext = name.rsplit_once('.').map_or("", |(_, e)| e);
        let this = match ext {
            "npy" => PartKind::Npy,
            "jsonl" | "ndjson" => PartKind::Jsonl,
            "parquet" | "pq" | "vec" | "bin" => return None,
            _ => continue,
        };
        if !name.starts_with("part") || kind.is_some_and(|k| k != this) {
            return None;
        }
        kind = Some(this);
        found.push(entry.path());
    }
    found.sort();
    (found.len() >= 2).then_some(())?;
    kind.map(|k| (k, found))
}

/// Load a folder of `.npy` parts (first `limit` rows in part order).
///
/// # Errors
/// A part's `.npy` error, a part whose rows have another width than the first part's, a
/// metadata table whose row count is not its part's (or the folder's) — each naming its file.
pub fn load_npy_parts(
    dir: &Path,
    parts: &[PathBuf],
    limit: Option<usize>,
    progress: Option<&Progress>,
) -> Result<Dataset, DataError> {
    // Headers first: widths agree before any vector is read.
    let mut rows = Vec::with_capacity(parts.len());
    let mut dim = None;
    for p in parts {
        let label = name_of(p);
        let mut f = std::fs::File::open(p).map_err(|e| super::progress::read_error(&label, &e))?;
        let len = f.metadata().map_or(0, |m| m.len());
        let h = super::npy::read_header(&mut f, &label, len)?;
        let expected = *dim.get_or_insert(h.cols);
        if h.cols != expected {
            return Err(DataError::VectorLength {
                at: Location {
                    file: label,
                    line: None,
                    column: Some(format!(
                        "every row (the first part, {}, has {expected})",
                        name_of(&parts[0])
                    )),
                    part: Part::Free,
                },
                expected,
                found: h.cols,
                first: None,
            });
        }
        rows.push(h.rows);
    }
    let dim = dim.unwrap_or(0);
    let limit = limit.unwrap_or(usize::MAX);
    let total = rows.iter().sum::<usize>().min(limit);
    let own_meta: Vec<Option<PathBuf>> = parts.iter().map(|p| own_metadata(p)).collect();
    let mut columns: Vec<MetaColumn> = Vec::new();
    let mut values = Vec::with_capacity(total * dim);
    let mut read = 0;
    for ((p, &n), meta) in parts.iter().zip(&rows).zip(&own_meta) {
        if read >= total {
            break;
        }
        let label = name_of(p);
        let take = n.min(total - read);
        if let Some(m) = meta {
            let t = super::npy_dataset::read_metadata(m, &label, n, progress)?;
            append_columns(&mut columns, read, &t, take);
        }
        let m = super::npy::read_matrix_with(p, &label, Some(take), progress)?;
        values.extend(m.iter().copied());
        read += take;
        for c in &mut columns {
            c.values.resize(read, String::new());
        }
    }
    if own_meta.iter().all(Option::is_none)
        && let Some(m) = ["metadata.tsv", "metadata.csv"]
            .iter()
            .map(|n| dir.join(n))
            .find(|p| p.is_file())
    {
        let all: usize = rows.iter().sum();
        let t = super::npy_dataset::read_metadata(&m, &name_of(dir), all, progress)?;
        append_columns(&mut columns, 0, &t, read);
    }
    let m = ndarray::Array2::from_shape_vec((read, dim), values)
        .map_err(|e| DataError::in_file(&name_of(dir), e.to_string()))?;
    Ok(super::vectors::columns_dataset(dir, columns, m))
}

/// A part's own metadata table: `STEM.csv` or `STEM.tsv` beside it.
fn own_metadata(part: &Path) -> Option<PathBuf> {
    let stem = part.file_stem()?.to_string_lossy().into_owned();
    let dir = part.parent()?;
    [format!("{stem}.csv"), format!("{stem}.tsv")]
        .into_iter()
        .map(|n| dir.join(n))
        .find(|p| p.is_file())
}

/// Append the first `take` rows of `t` to `columns` (which hold `before` rows), by name.
fn append_columns(columns: &mut Vec<MetaColumn>, before: usize, t: &CsvTable, take: usize) {
    for (c, name) in t.header.iter().enumerate() {
        let i = if let Some(i) = columns.iter().position(|m| m.name == *name) {
            i
        } else {
            columns.push(MetaColumn {
                name: name.clone(),
                values: vec![String::new(); before],
            });
            columns.len() - 1
        };
        let col = &mut columns[i];
        col.values.resize(before, String::new());
        col.values
            .extend(t.rows[..take].iter().map(|r| r[c].clone()));
    }
}

/// Load a folder of `.jsonl` parts as one `.jsonl` file of all their lines would load.
///
/// # Errors
/// A part's JSONL error (naming the part and line); a part without the first part's vector
/// field, or with vectors of another length.
pub fn load_jsonl_parts(
    dir: &Path,
    parts: &[PathBuf],
    vector_field: Option<&str>,
    progress: Option<&Progress>,
) -> Result<Dataset, DataError> {
    let mut joined = Joined::default();
    for p in parts {
        let label = name_of(p);
        let reader = super::progress::open(p, &label, progress)?;
        let wanted = joined.vector_field.as_deref().or(vector_field);
        let part = parse_table(&label, reader, wanted, true)?;
        joined.push(part)?;
    }
    let Some(mut table) = joined.table else {
        return Err(DataError::NoRows {
            file: name_of(dir),
            json: true,
        });
    };
    table.file = name_of(dir);
    let vectors = match joined.vector_field {
        Some(name) => {
            let m = ndarray::Array2::from_shape_vec((table.rows.len(), joined.dim), joined.values)
                .map_err(|e| DataError::in_file(&name_of(dir), e.to_string()))?;
            Some((name, m))
        }
        None => None,
    };
    let parsed = JsonTable { table, vectors };
    super::jsonl_dataset::from_table(dir, dir, name_of(dir), parsed)
}

/// The parts read so far: cells joined by field name (empty where a part lacks a field), the
/// vectors of the first part's vector field in one flat buffer (no copy per part).
#[derive(Default)]
struct Joined {
    table: Option<CsvTable>,
    vector_field: Option<String>,
    dim: usize,
    values: Vec<f32>,
}

impl Joined {
    fn push(&mut self, part: JsonTable) -> Result<(), DataError> {
        let JsonTable { table: b, vectors } = part;
        let first = self.table.is_none();
        match (vectors, &self.vector_field) {
            (None, None) => {}
            (Some((name, m)), None) if first => {
                self.dim = m.ncols();
                self.values.extend(m.iter().copied());
                self.vector_field = Some(name);
            }
            (Some((_, m)), Some(name)) => {
                if m.ncols() != self.dim {
                    return Err(DataError::VectorLength {
                        at: Location {
                            file: b.file.clone(),
                            line: b.lines.first().copied(),
                            column: Some(name.clone()),
                            part: Part::Field,
                        },
                        expected: self.dim,
                        found: m.ncols(),
                        first: None,
                    });
                }
                self.values.extend(m.iter().copied());
            }
            // The first part had no vector field and this one has.
            (Some((name, _)), None) => {
                return Err(DataError::NoVectorColumn {
                    file: self
                        .table
                        .as_ref()
                        .map_or_else(String::new, |t| t.file.clone()),
                    wanted: Some(name),
                    candidates: Vec::new(),
                    fields: true,
                });
            }
            // `parse_table` was asked for the first part's field: it reports a part without it.
            (None, Some(name)) => {
                return Err(DataError::NoVectorColumn {
                    file: b.file.clone(),
                    wanted: Some(name.clone()),
                    candidates: Vec::new(),
                    fields: true,
                });
            }
        }
        let Some(a) = &mut self.table else {
            self.table = Some(b);
            return Ok(());
        };
        let index: Vec<usize> = b
            .header
            .iter()
            .map(|name| {
                a.header.iter().position(|h| h == name).unwrap_or_else(|| {
                    a.header.push(name.clone());
                    a.header.len() - 1
                })
            })
            .collect();
        let width = a.header.len();
        for row in b.rows {
            let mut out = vec![String::new(); width];
            for (cell, &i) in row.into_iter().zip(&index) {
                out[i] = cell;
            }
            a.rows.push(out);
        }
        a.lines.extend(b.lines);
        // Earlier rows are widened only when this part brought new fields (rarely), so many
        // parts cost no more than one file.
        if let Some(short) = a.rows.first().map(Vec::len)
            && short < width
        {
            for r in &mut a.rows {
                r.resize(width, String::new());
            }
        }
        Ok(())
    }
}
