//! A seeded sample of a Parquet table too large for memory, drawn in one streaming pass over
//! every part ([`super::parquet_scan`]), in bounded memory.
//!
//! - **Uniform** (the default): selection sampling (Knuth's Algorithm S). The footers give the
//!   table's row count N before any row is read, so row t is kept with probability
//!   (n − kept) / (N − t): every n-subset of the rows is equally likely, the sample is exactly n
//!   rows, and only the kept rows are held. Rows keep the table's order.
//! - **Stratified by a column** (`stratify`): one reservoir per value of that column (Algorithm
//!   R), each holding at most n / (values seen so far) rows: when a new value appears the
//!   reservoirs shrink by dropping random members, which leaves each a uniform sample of its
//!   value's rows. Every value is represented, small ones whole; capacity a small value leaves
//!   unused is not given to the others, so the sample can be smaller than n.
//!
//! The dataset records what it is ([`RowSample`]), and the map and JSON say so ("a
//! 2,000,000-row sample of 310,000,000 rows").

use std::collections::HashMap;
use std::path::Path;

use super::parquet_file::Rows;
use super::parquet_folder::{PartFile, parts};
use super::parquet_scan::{Chunk, scan_part};
use super::table_uniform::{cells, first_width, uniform_rows};
use crate::data::{Dataset, RowSample};
use crate::error::DataError;
use crate::progress::{Progress, Stage};
use crate::rng::Gen;

/// How to sample a table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SampleRequest {
    /// Rows wanted (the whole table when it has fewer).
    pub rows: usize,
    /// Seed of the draw.
    pub seed: u64,
    /// A column (a Hive partition key or a flat column) to stratify by.
    pub stratify: Option<String>,
}

/// Rows a default sample holds when a table does not fit in memory.
pub const DEFAULT_SAMPLE_ROWS: usize = 2_000_000;

/// A kept row: its vector and its cells.
type Kept = (Vec<f32>, Vec<(String, String)>);

/// Per-value reservoirs of a stratified sample.
struct Strata {
    budget: usize,
    seen: HashMap<String, u64>,
    kept: HashMap<String, Vec<Kept>>,
    order: Vec<String>,
}

impl Strata {
    fn cap(&self) -> usize {
        (self.budget / self.order.len().max(1)).max(1)
    }

    fn offer(&mut self, value: String, make: impl FnOnce() -> Kept, g: &mut Gen) {
        if !self.seen.contains_key(&value) {
            self.order.push(value.clone());
            let cap = self.cap();
            for r in self.kept.values_mut() {
                while r.len() > cap {
                    let i = g.below(r.len());
                    r.swap_remove(i);
                }
            }
        }
        let cap = self.cap();
        let t = self.seen.entry(value.clone()).or_insert(0);
        *t += 1;
        let t = *t;
        let r = self.kept.entry(value).or_default();
        if r.len() < cap {
            r.push(make());
        } else if let Ok(t) = usize::try_from(t) {
            // Algorithm R: the t-th row of this value replaces a member with probability cap / t.
            let j = g.below(t);
            if j < cap {
                r[j] = make();
            }
        }
    }
}

/// Draw `req` from the parts of a table (`name` names it in messages).
///
/// # Errors
/// No parts; a part that is not Parquet, has no vector column, or has null, NaN or
/// other-length vectors (naming the part and row); Cancel.
fn sample_parts(
    (root, name): (&Path, String),
    (parts, part_rows): (&[PartFile], &[u64]),
    vector_column: Option<&str>,
    req: &SampleRequest,
    progress: Option<&Progress>,
) -> Result<Dataset, DataError> {
    let first = parts.first().ok_or_else(|| DataError::NoRows {
        file: name.clone(),
        json: false,
    })?;
    let total: u64 = part_rows.iter().sum();
    let vector_column =
        super::parquet_file::vector_column_of(&first.path, &first.label, vector_column)?;
    let want = u64::try_from(req.rows).unwrap_or(u64::MAX).min(total);
    if req.stratify.is_none() {
        let (rows, values, dim) = uniform_rows(
            (parts, part_rows),
            &vector_column,
            (want, total),
            req.seed,
            progress,
        )?;
        let label = RowSample {
            rows: rows.len(),
            of: total,
            seed: req.seed,
            stratified_by: None,
            vector_column,
        };
        return Ok(labelled(rows.finish_with(values, dim, root, name)?, label));
    }
    let mut g = Gen::new(req.seed);
    let mut dim = None;
    let mut seen = 0_u64;
    let mut rows = Rows::new(None, Some(&vector_column));
    let column = req.stratify.as_deref().unwrap_or_default();
    let mut strata = Strata {
        budget: usize::try_from(want).unwrap_or(usize::MAX),
        seen: HashMap::new(),
        kept: HashMap::new(),
        order: Vec::new(),
    };
    for part in parts {
        let mut visit = |chunk: &Chunk<'_>| -> Result<bool, DataError> {
            if let Some(p) = progress {
                p.step(Stage::Load, seen, total.max(1))
                    .map_err(|_| super::progress::cancelled(&chunk.part.label))?;
            }
            let names = chunk.column_names();
            for row in 0..chunk.rows {
                let vector = &chunk.vectors[row * chunk.dim..(row + 1) * chunk.dim];
                let value = chunk.text(column, row);
                strata.offer(
                    value,
                    || (vector.to_vec(), cells(chunk, &names, row)),
                    &mut g,
                );
                seen += 1;
            }
            Ok(true)
        };
        scan_part(part, &vector_column, &mut dim, &mut visit)?;
    }
    if strata.order.len() == 1 && strata.order[0].is_empty() {
        return Err(DataError::in_file(
            &name,
            format!("no column \"{column}\" to stratify by (or it is empty in every row)"),
        ));
    }
    for value in &strata.order {
        for (v, c) in strata.kept.remove(value).unwrap_or_default() {
            rows.push_row(&v, c);
        }
    }
    let label = RowSample {
        rows: rows.len(),
        of: total,
        seed: req.seed,
        stratified_by: req.stratify.clone(),
        vector_column,
    };
    Ok(labelled(rows.finish(root, name)?, label))
}

/// The sampled dataset, labelled with what it is a sample of.
fn labelled(mut data: Dataset, label: RowSample) -> Dataset {
    data.sources.sample = Some(label);
    data
}

/// How many times the raw vectors the app holds once a table is open (the index, the map and
/// the read itself), for the estimate before reading.
const MEMORY_MARGIN: f64 = 3.0;

/// Bytes the system can still give (`MemAvailable`), or `EMBEDSCOPE_AVAILABLE_MEMORY` when set
/// (to see the sampling on a small table); `None` when unknown.
#[must_use]
pub fn available_memory() -> Option<u64> {
    if let Some(v) = std::env::var("EMBEDSCOPE_AVAILABLE_MEMORY")
        .ok()
        .and_then(|v| v.trim().parse().ok())
    {
        return Some(v);
    }
    let info = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = info.lines().find(|l| l.starts_with("MemAvailable:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

/// The sample to draw instead of reading `rows` vectors of `dim` whole, or `None` when they
/// fit in `available` bytes with the margin.
#[must_use]
pub fn default_sample(rows: u64, dim: usize, available: Option<u64>) -> Option<usize> {
    let available = available? as f64;
    let row_bytes = (dim.max(1) * 4) as f64 * MEMORY_MARGIN;
    if rows as f64 * row_bytes <= available {
        return None;
    }
    let fit = (available / row_bytes) as usize;
    Some(fit.clamp(1, DEFAULT_SAMPLE_ROWS))
}

/// The parts of a table given as a folder or as one file.
///
/// # Errors
/// An unreadable folder; a partition value that is not UTF-8.
pub fn table_parts(path: &Path) -> Result<Vec<PartFile>, DataError> {
    if path.is_dir() {
        return parts(path);
    }
    let label = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    Ok(vec![PartFile {
        path: path.to_path_buf(),
        label,
        partitions: Vec::new(),
    }])
}

/// Open a Parquet table (a file or a folder of parts): the `limit` first rows when asked, a
/// sample when asked or when the table would not fit in memory, else every row.
///
/// # Errors
/// As the readers: naming the part and row.
pub fn load_table(
    path: &Path,
    vector_column: Option<&str>,
    limit: Option<usize>,
    sample: Option<&SampleRequest>,
    progress: Option<&Progress>,
) -> Result<Dataset, DataError> {
    load_table_within(
        path,
        vector_column,
        (limit, sample),
        available_memory(),
        progress,
    )
}

/// [`load_table`] with the memory there is to fill (`None`: unknown, read every row).
fn load_table_within(
    path: &Path,
    vector_column: Option<&str>,
    (limit, sample): (Option<usize>, Option<&SampleRequest>),
    available: Option<u64>,
    progress: Option<&Progress>,
) -> Result<Dataset, DataError> {
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let whole = |limit| {
        if path.is_dir() {
            super::parquet_folder::load_parquet_folder(path, vector_column, limit, progress)
        } else {
            super::parquet_file::load_parquet(path, vector_column, limit, progress)
        }
    };
    if limit.is_some() {
        return whole(limit);
    }
    let parts = table_parts(path)?;
    // The footers, read once: the row count of every part.
    let mut part_rows = Vec::with_capacity(parts.len());
    for p in &parts {
        if progress.is_some_and(|p| p.cancel_token().is_cancelled()) {
            return Err(super::progress::cancelled(&p.label));
        }
        part_rows.push(super::parquet_file::total_rows(&p.path, &p.label)?);
    }
    if let Some(req) = sample {
        return sample_parts(
            (path, name),
            (&parts, &part_rows),
            vector_column,
            req,
            progress,
        );
    }
    // Estimate before reading: the footers' row count times the first vector's width.
    let Some(first) = parts.first() else {
        return whole(None);
    };
    let total: u64 = part_rows.iter().sum();
    let column = super::parquet_file::vector_column_of(&first.path, &first.label, vector_column)?;
    let dim = first_width(first, &column)?;
    match default_sample(total, dim.unwrap_or(1), available) {
        Some(rows) => {
            let req = SampleRequest {
                rows,
                seed: 0,
                stratify: None,
            };
            sample_parts(
                (path, name),
                (&parts, &part_rows),
                Some(&column),
                &req,
                progress,
            )
        }
        None => whole(None),
    }
}

#[cfg(test)]
#[path = "table_sample_tests.rs"]
mod tests;
