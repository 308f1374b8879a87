//! The uniform draw of [`super::table_sample`]: selection sampling over the row numbers, then
//! every part read on its own core straight into one buffer of the sample's vectors.

use super::parquet_file::Rows;
use super::parquet_folder::PartFile;
use super::parquet_scan::{Chunk, scan_part};
use crate::error::DataError;
use crate::progress::{Progress, Stage};
use crate::rng::Gen;

/// The cells (flat columns and partition values) of `row` of `chunk`.
pub(super) fn cells(chunk: &Chunk<'_>, names: &[String], row: usize) -> Vec<(String, String)> {
    names
        .iter()
        .map(|n| (n.clone(), chunk.text(n, row)))
        .collect()
}

/// The rows of a uniform sample of `want` of `total`: selection sampling (Algorithm S) run over
/// the row numbers alone first — the draw needs no row's content — then every part read on its
/// own core, keeping the rows drawn in its range, and the parts' rows joined in table order.
/// The rows are those the one-thread pass would keep with the same seed.
pub(super) fn uniform_rows(
    (parts, part_rows): (&[PartFile], &[u64]),
    vector_column: &str,
    (want, total): (u64, u64),
    seed: u64,
    progress: Option<&Progress>,
) -> Result<(Rows, Vec<f32>, usize), DataError> {
    use rayon::prelude::*;
    use std::sync::atomic::{AtomicU64, Ordering};
    let mut g = Gen::new(seed);
    let mut chosen = Vec::with_capacity(usize::try_from(want).unwrap_or(0));
    let mut kept = 0_u64;
    for t in 0..total {
        if kept == want {
            break;
        }
        if (g.u01() * (total - t) as f64) < (want - kept) as f64 {
            chosen.push(t);
            kept += 1;
        }
    }
    // Every part must have the width of the first part that has rows.
    let dim = match parts.iter().zip(part_rows).find(|(_, n)| **n > 0) {
        Some((first, _)) => first_width(first, vector_column)?,
        None => None,
    };
    let starts: Vec<u64> = part_rows
        .iter()
        .scan(0_u64, |at, &n| {
            let start = *at;
            *at += n;
            Some(start)
        })
        .collect();
    // Each part's drawn rows go straight into their place in one buffer of the sample's
    // vectors (no per-part copy joined afterwards: that held the sample twice at the end).
    let width = dim.unwrap_or(0);
    let from: Vec<usize> = starts
        .iter()
        .map(|&s| chosen.partition_point(|&r| r < s))
        .collect();
    let mut values = vec![0.0_f32; chosen.len() * width];
    let mut slices = Vec::with_capacity(parts.len());
    let mut rest = values.as_mut_slice();
    for (i, &f) in from.iter().enumerate() {
        let to = from.get(i + 1).copied().unwrap_or(chosen.len());
        let (mine, later) = rest.split_at_mut((to - f) * width);
        slices.push(mine);
        rest = later;
    }
    let seen = AtomicU64::new(0);
    let per_part: Vec<Rows> = parts
        .par_iter()
        .zip(starts.par_iter())
        .zip(from.par_iter())
        .zip(slices.into_par_iter())
        .map(
            |(((part, &start), &from), out_values)| -> Result<Rows, DataError> {
                let mut next = from;
                let mut out = Rows::new(None, Some(vector_column));
                let mut part_dim = dim;
                let mut visit = |chunk: &Chunk<'_>| -> Result<bool, DataError> {
                    let done = seen.fetch_add(chunk.rows as u64, Ordering::Relaxed);
                    if let Some(p) = progress {
                        p.step(Stage::Load, done, total.max(1))
                            .map_err(|_| super::progress::cancelled(&chunk.part.label))?;
                    }
                    let names = chunk.column_names();
                    let first = start + chunk.first_row as u64;
                    let end = first + chunk.rows as u64;
                    while let Some(&r) = chosen.get(next) {
                        if r >= end {
                            break;
                        }
                        let row = usize::try_from(r - first).unwrap_or(0);
                        let v = &chunk.vectors[row * chunk.dim..(row + 1) * chunk.dim];
                        let at = (next - from) * width;
                        // A footer that declares fewer rows than its row groups hold.
                        let dst = out_values.get_mut(at..at + width).ok_or_else(|| {
                            DataError::in_file(
                                &chunk.part.label,
                                "holds more rows than its footer declares".to_owned(),
                            )
                        })?;
                        dst.copy_from_slice(v);
                        out.push_cells(cells(chunk, &names, row));
                        next += 1;
                    }
                    Ok(true)
                };
                scan_part(part, vector_column, &mut part_dim, &mut visit)?;
                Ok(out)
            },
        )
        .collect::<Result<_, _>>()?;
    let mut rows = Rows::new(None, Some(vector_column));
    for part in per_part {
        rows.append(part);
    }
    Ok((rows, values, width))
}

/// The width of the first vector of `part` (`None` when it has no rows): its first page only,
/// read by the crate's page reader, not a fetched row group.
pub(super) fn first_width(part: &PartFile, column: &str) -> Result<Option<usize>, DataError> {
    let mut dim = None;
    super::parquet_scan::peek_part(part, column, &mut dim)?;
    Ok(dim)
}
