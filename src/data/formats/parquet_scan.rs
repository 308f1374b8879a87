//! Column-wise streaming over the parts of a Parquet table, for tables larger than memory: the
//! sample pass ([`super::table_sample`]) and the whole-table neighbour scan read every row once
//! through here and keep only what they need.
//!
//! The row API that [`super::parquet_file`] uses builds a `Field` per value: right for the
//! metadata of a table that fits, far too slow for 100M rows (it decodes at a few tens of
//! MB/s). Here each row group's leaf columns are read with the `parquet` crate's typed column
//! readers, [`BATCH_ROWS`] records at a time: the vector column's floats land in one flat
//! buffer, and the other flat columns are kept as decoded values and turned into text only for
//! the rows a caller asks about ([`Chunk::text`]). Nested columns other than the vector are
//! skipped (they cannot colour the map).

use parquet::basic::Type as PhysicalType;
use parquet::column::reader::{ColumnReader, get_column_reader};
use parquet::data_type::ByteArray;
use parquet::file::reader::{FileReader, SerializedFileReader};
use parquet::file::serialized_reader::SerializedPageReader;

use super::parquet_batch::Buffers;
use super::parquet_folder::PartFile;
use crate::error::DataError;

/// Records decoded per batch (per column).
pub const BATCH_ROWS: usize = 8192;

/// The decoded values of one flat column in a batch.
pub(super) enum Values {
    Bytes(Vec<ByteArray>),
    I32(Vec<i32>),
    I64(Vec<i64>),
    F32(Vec<f32>),
    F64(Vec<f64>),
    Bool(Vec<bool>),
}

/// One flat (non-vector) column of a batch: its values and, when nullable, which rows have one.
pub(super) struct Flat {
    pub(super) name: String,
    pub(super) values: Values,
    /// Definition level per row when the column is nullable (max = a value is there).
    pub(super) defs: Option<(Vec<i16>, i16)>,
    /// Value index of each row (rows without a value have none).
    pub(super) at: Vec<Option<usize>>,
}

/// One batch of rows of one part.
pub struct Chunk<'a> {
    /// The part.
    pub part: &'a PartFile,
    /// 0-based row in the part of the chunk's first row.
    pub first_row: usize,
    /// Rows in the chunk.
    pub rows: usize,
    /// Vector width.
    pub dim: usize,
    /// `rows × dim` floats.
    pub vectors: &'a [f32],
    pub(super) flats: &'a [Flat],
}

impl Chunk<'_> {
    /// Names of the flat columns, then the partition keys.
    #[must_use]
    pub fn column_names(&self) -> Vec<String> {
        let mut out: Vec<String> = self.flats.iter().map(|f| f.name.clone()).collect();
        out.extend(self.part.partitions.iter().map(|(k, _)| k.clone()));
        out
    }

    /// The text of column `name` at `row` of the chunk (empty when null or unknown).
    #[must_use]
    pub fn text(&self, name: &str, row: usize) -> String {
        if let Some(f) = self.flats.iter().find(|f| f.name == name) {
            let Some(Some(i)) = f.at.get(row) else {
                return String::new();
            };
            return match &f.values {
                Values::Bytes(v) => String::from_utf8_lossy(v[*i].data()).into_owned(),
                Values::I32(v) => v[*i].to_string(),
                Values::I64(v) => v[*i].to_string(),
                Values::F32(v) => v[*i].to_string(),
                Values::F64(v) => v[*i].to_string(),
                Values::Bool(v) => v[*i].to_string(),
            };
        }
        self.part
            .partitions
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }
}

pub(super) fn parquet_error(
    label: &str,
) -> impl Fn(parquet::errors::ParquetError) -> DataError + '_ {
    move |e| DataError::Parquet {
        file: label.to_owned(),
        reason: e.to_string(),
    }
}

/// The leaf column of the vector list and the flat columns of a part's schema.
struct Layout {
    vector: usize,
    flats: Vec<(usize, String)>,
}

fn layout(
    reader: &SerializedFileReader<std::fs::File>,
    label: &str,
    vector_column: &str,
) -> Result<Layout, DataError> {
    let schema = reader.metadata().file_metadata().schema_descr();
    let mut vector = None;
    let mut flats = Vec::new();
    for i in 0..schema.num_columns() {
        let c = schema.column(i);
        let parts = c.path().parts();
        let top = parts.first().cloned().unwrap_or_default();
        if top == vector_column && c.max_rep_level() == 1 {
            let float = matches!(
                c.physical_type(),
                PhysicalType::FLOAT | PhysicalType::DOUBLE
            );
            if float {
                vector = Some(i);
            }
        } else if parts.len() == 1 && c.max_rep_level() == 0 {
            flats.push((i, top));
        }
    }
    let vector = vector.ok_or_else(|| DataError::Parquet {
        file: label.to_owned(),
        reason: format!("no list-of-floats column named \"{vector_column}\""),
    })?;
    Ok(Layout { vector, flats })
}

/// Stream every row of `part` through `visit`, [`BATCH_ROWS`] at a time. `dim` is the width
/// every part must have (set from the first part read); `visit` returns `false` to stop, and
/// so does this (`true`: the part was read to its end). A panic of the `parquet` crate on a
/// damaged page is caught and becomes an error naming the part, as in
/// [`super::parquet_file::read_part`].
///
/// # Errors
/// Not a Parquet file; no list-of-floats column `vector_column`; a null, NaN or other-length
/// vector (naming the part and row); whatever `visit` returns.
pub fn scan_part(
    part: &PartFile,
    vector_column: &str,
    dim: &mut Option<usize>,
    visit: &mut dyn FnMut(&Chunk<'_>) -> Result<bool, DataError>,
) -> Result<bool, DataError> {
    super::parquet_file::caught(&part.label, || {
        scan_rows(
            part,
            (vector_column, super::parquet_window::MAX_WINDOW),
            dim,
            visit,
        )
    })
}

/// Read the first batch of `part` only, to learn its vector width (into `dim`): page by page,
/// without fetching a row group ahead.
///
/// # Errors
/// As [`scan_part`].
pub fn peek_part(
    part: &PartFile,
    vector_column: &str,
    dim: &mut Option<usize>,
) -> Result<(), DataError> {
    super::parquet_file::caught(&part.label, || {
        scan_rows(part, (vector_column, 0), dim, &mut |_| Ok(false)).map(|_| ())
    })
}

/// [`scan_part`] fetching whole row groups of up to `window` bytes ahead of their decoding
/// (larger ones are read page by page).
fn scan_rows(
    part: &PartFile,
    (vector_column, window): (&str, u64),
    dim: &mut Option<usize>,
    visit: &mut dyn FnMut(&Chunk<'_>) -> Result<bool, DataError>,
) -> Result<bool, DataError> {
    let label = part.label.as_str();
    let f = std::fs::File::open(&part.path).map_err(|e| super::progress::read_error(label, &e))?;
    let file_len = f
        .metadata()
        .map_err(|e| super::progress::read_error(label, &e))?
        .len();
    let reader = SerializedFileReader::new(f).map_err(parquet_error(label))?;
    super::parquet_checks::check_chunks(&reader, label, file_len)?;
    super::parquet_checks::check_declared_sizes(&reader, label, file_len)?;
    let layout = layout(&reader, label, vector_column)?;
    let schema = reader.metadata().file_metadata().schema_descr_ptr();
    let mut buffers = Buffers {
        defs: Vec::new(),
        reps: Vec::new(),
        values: Vec::new(),
        wide: Vec::new(),
        max_def: schema.column(layout.vector).max_def_level(),
        flats: layout
            .flats
            .iter()
            .map(|(i, name)| {
                let c = schema.column(*i);
                Flat {
                    name: name.clone(),
                    values: Values::Bool(Vec::new()),
                    defs: (c.max_def_level() > 0).then(|| (Vec::new(), c.max_def_level())),
                    at: Vec::new(),
                }
            })
            .collect(),
    };
    // The columns this pass reads, fetched a row group at a time ahead of the decoding.
    let columns: Vec<usize> = std::iter::once(layout.vector)
        .chain(layout.flats.iter().map(|(i, _)| *i))
        .collect();
    let meta = reader.metadata();
    let plan = (0..reader.num_row_groups())
        .map(|g| super::parquet_window::ranges(meta.row_group(g), &columns, window))
        .collect();
    std::thread::scope(|scope| {
        let ahead = super::parquet_window::read_ahead(scope, part.path.clone(), file_len, plan);
        let mut first_row = 0;
        for g in 0..reader.num_row_groups() {
            let fetched = ahead
                .recv()
                .map_err(|_| DataError::in_file(label, "the read-ahead of a row group stopped"))?
                .map_err(|e| super::progress::read_error(label, &e))?;
            let group_meta = meta.row_group(g);
            let rows_in_group = usize::try_from(group_meta.num_rows()).unwrap_or(0);
            let column = |i: usize| -> Result<ColumnReader, DataError> {
                match &fetched {
                    Some(window) => {
                        let pages = SerializedPageReader::new(
                            std::sync::Arc::clone(window),
                            group_meta.column(i),
                            rows_in_group,
                            None,
                        )
                        .map_err(parquet_error(label))?;
                        Ok(get_column_reader(schema.column(i), Box::new(pages)))
                    }
                    None => reader
                        .get_row_group(g)
                        .and_then(|group| group.get_column_reader(i))
                        .map_err(parquet_error(label)),
                }
            };
            let mut vector_reader = column(layout.vector)?;
            let mut flat_readers = layout
                .flats
                .iter()
                .map(|(i, _)| column(*i))
                .collect::<Result<Vec<_>, _>>()?;
            let readers = (&mut vector_reader, flat_readers.as_mut_slice());
            if !buffers.group(part, readers, (rows_in_group, &mut first_row), dim, visit)? {
                return Ok(false);
            }
        }
        Ok(true)
    })
}

#[cfg(test)]
#[path = "parquet_scan_tests.rs"]
mod tests;
