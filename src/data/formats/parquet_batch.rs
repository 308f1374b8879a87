//! One batch of a part's rows decoded column by column ([`super::parquet_scan`]): the vector
//! column's floats into one flat buffer with its levels checked, the flat columns as decoded
//! values, [`BATCH_ROWS`](super::parquet_scan::BATCH_ROWS) records at a time.

use parquet::column::reader::ColumnReader;

use super::parquet_folder::PartFile;
use super::parquet_scan::{BATCH_ROWS, Chunk, Flat, Values, parquet_error};
use crate::error::{DataError, Location, Part};

/// Read `want` records of the vector column into `out` (`dim` checked, NaN and nulls refused).
#[expect(
    clippy::too_many_arguments,
    reason = "one reader step: its buffers and where it is"
)]
fn read_vectors(
    reader: &mut ColumnReader,
    want: usize,
    defs: &mut Vec<i16>,
    reps: &mut Vec<i16>,
    out: &mut Vec<f32>,
    wide: &mut Vec<f64>,
    max_def: i16,
    at: (&str, usize),
) -> Result<(usize, usize), DataError> {
    defs.clear();
    reps.clear();
    out.clear();
    let bad = parquet_error(at.0);
    let records = match reader {
        ColumnReader::FloatColumnReader(r) => {
            r.read_records(want, Some(defs), Some(reps), out)
                .map_err(bad)?
                .0
        }
        ColumnReader::DoubleColumnReader(r) => {
            wide.clear();
            let n = r
                .read_records(want, Some(defs), Some(reps), wide)
                .map_err(bad)?
                .0;
            out.extend(wide.iter().map(|&x| x as f32));
            n
        }
        _ => {
            return Err(DataError::Parquet {
                file: at.0.to_owned(),
                reason: "the vector column is not a list of floats".to_owned(),
            });
        }
    };
    let location = |row: usize| Location {
        file: at.0.to_owned(),
        line: None,
        column: Some(format!("row {} (0-based), the vector column", at.1 + row)),
        part: Part::Free,
    };
    let dim = match super::parquet_levels::regular_width(defs, reps, max_def) {
        Some(d) => Some(d),
        None => super::parquet_levels::irregular_width(defs, reps, max_def, at, &location)?,
    };
    // A count, not `position`: a loop without an early exit vectorises; the position is looked
    // for only when there is one.
    if out.iter().filter(|x| !x.is_finite()).count() != 0 {
        let i = out.iter().position(|x| !x.is_finite()).unwrap_or(0);
        let d = dim.unwrap_or(1).max(1);
        return Err(DataError::NotFinite {
            at: location(i / d),
            found: out[i].to_string(),
        });
    }
    Ok((records, dim.unwrap_or(0)))
}

/// Read `want` records of a flat column.
fn read_flat(
    reader: &mut ColumnReader,
    want: usize,
    flat: &mut Flat,
    label: &str,
) -> Result<(), DataError> {
    let bad = parquet_error(label);
    let defs = flat.defs.as_mut().map(|(d, _)| {
        d.clear();
        d
    });
    macro_rules! read {
        ($r:expr, $variant:ident) => {{
            let mut v = Vec::with_capacity(want);
            $r.read_records(want, defs, None, &mut v).map_err(bad)?;
            Values::$variant(v)
        }};
    }
    flat.values = match reader {
        ColumnReader::ByteArrayColumnReader(r) => read!(r, Bytes),
        ColumnReader::Int32ColumnReader(r) => read!(r, I32),
        ColumnReader::Int64ColumnReader(r) => read!(r, I64),
        ColumnReader::FloatColumnReader(r) => read!(r, F32),
        ColumnReader::DoubleColumnReader(r) => read!(r, F64),
        ColumnReader::BoolColumnReader(r) => read!(r, Bool),
        _ => Values::Bool(Vec::new()),
    };
    flat.at.clear();
    match &flat.defs {
        Some((d, max)) => {
            let mut next = 0;
            for &level in d {
                if level == *max {
                    flat.at.push(Some(next));
                    next += 1;
                } else {
                    flat.at.push(None);
                }
            }
        }
        None => flat.at.extend((0..want).map(Some)),
    }
    Ok(())
}

/// The decoding buffers of one part's pass, reused batch after batch.
pub(super) struct Buffers {
    pub(super) defs: Vec<i16>,
    pub(super) reps: Vec<i16>,
    pub(super) values: Vec<f32>,
    pub(super) wide: Vec<f64>,
    pub(super) max_def: i16,
    pub(super) flats: Vec<Flat>,
}

impl Buffers {
    /// Hand every row of one row group to `visit`, [`BATCH_ROWS`] at a time (`first_row`
    /// counts the part's rows); `false` when `visit` stopped the pass.
    pub(super) fn group(
        &mut self,
        part: &PartFile,
        (vector_reader, flat_readers): (&mut ColumnReader, &mut [ColumnReader]),
        (rows_in_group, first_row): (usize, &mut usize),
        dim: &mut Option<usize>,
        visit: &mut dyn FnMut(&Chunk<'_>) -> Result<bool, DataError>,
    ) -> Result<bool, DataError> {
        let label = part.label.as_str();
        let mut done = 0;
        while done < rows_in_group {
            let want = BATCH_ROWS.min(rows_in_group - done);
            let (rows, width) = read_vectors(
                vector_reader,
                want,
                &mut self.defs,
                &mut self.reps,
                &mut self.values,
                &mut self.wide,
                self.max_def,
                (label, *first_row),
            )?;
            if rows == 0 {
                break;
            }
            super::parquet_levels::check_len(
                dim,
                width,
                &Location {
                    file: label.to_owned(),
                    line: None,
                    column: Some(format!("row {first_row} (0-based), the vector column")),
                    part: Part::Free,
                },
            )?;
            for (r, flat) in flat_readers.iter_mut().zip(self.flats.iter_mut()) {
                read_flat(r, rows, flat, label)?;
            }
            let chunk = Chunk {
                part,
                first_row: *first_row,
                rows,
                dim: width,
                vectors: &self.values,
                flats: &self.flats,
            };
            if !visit(&chunk)? {
                return Ok(false);
            }
            done += rows;
            *first_row += rows;
        }
        Ok(true)
    }
}
