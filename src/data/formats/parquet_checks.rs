//! Sanity checks on a Parquet file's footer and page headers, run before any row is decoded.
//!
//! The `parquet` crate trusts what a file declares: a negative column-chunk offset makes it
//! assert, and a few bytes of run-length-encoded levels can describe tens of millions of values
//! (or rows), which its row reader then builds one `Field` at a time — a 400-byte damaged file
//! took 4–13 s (and gigabytes) to reject. Both classes were found by `cargo fuzz` (see
//! `fuzz/README.md`). These checks bound what a file may declare by its size in bytes:
//! no real vector file stores more than [`MAX_VALUES_PER_BYTE`] values (or rows) per byte of
//! file, because the vector column itself is floats that barely compress.

use parquet::column::page::PageReader;
use parquet::file::reader::{FileReader, SerializedFileReader};

use crate::error::DataError;

/// The most values (levels) a column, or rows a file, may declare per byte of the file.
///
/// Dictionary + run-length encoding lets repeated values cost well under a byte each (a
/// one-hot vector of 1000 floats can take ~6 bytes), so the bound is generous; decoding 1024
/// values per byte of a small damaged file still takes well under a second.
pub const MAX_VALUES_PER_BYTE: u64 = 1024;

type Reader = SerializedFileReader<std::fs::File>;

/// Reject column chunks whose byte range is negative or runs past the end of the file: the
/// `parquet` crate asserts on negative ranges (a panic found by fuzzing), so a damaged footer
/// must be caught before any row is read.
///
/// # Errors
/// The first chunk outside the file, with its row group and column.
pub fn check_chunks(reader: &Reader, file: &str, file_len: u64) -> Result<(), DataError> {
    for (g, group) in reader.metadata().row_groups().iter().enumerate() {
        for col in group.columns() {
            let start = col
                .dictionary_page_offset()
                .unwrap_or_else(|| col.data_page_offset());
            let len = col.compressed_size();
            let end = u64::try_from(start)
                .ok()
                .zip(u64::try_from(len).ok())
                .and_then(|(s, l)| s.checked_add(l));
            if end.is_none_or(|e| e > file_len) {
                return Err(DataError::Parquet {
                    file: file.to_owned(),
                    reason: format!(
                        "row group {g}, column \"{}\": its data lies outside the file (start {start}, length {len}, file size {file_len}; damaged or truncated?)",
                        col.column_path().string()
                    ),
                });
            }
        }
    }
    Ok(())
}

/// What a check found too large: `what` (rows or values) declared where.
fn too_many(file: &str, place: &str, count: u64, what: &str, file_len: u64) -> DataError {
    DataError::Parquet {
        file: file.to_owned(),
        reason: format!(
            "{place} declares {count} {what} in a file of {file_len} bytes (more than {MAX_VALUES_PER_BYTE} per byte: damaged?)"
        ),
    }
}

/// Reject a file that declares more rows, or more values in one column chunk, than its size
/// can plausibly hold: the footer's row counts and value counts, and then the `num_values` of
/// every page header (read without decoding the pages), which a damaged file can set on its
/// own.
///
/// # Errors
/// The first count above `file_len ×` [`MAX_VALUES_PER_BYTE`], naming the row group, column
/// and count; or the crate's error reading a page header.
pub fn check_declared_sizes(reader: &Reader, file: &str, file_len: u64) -> Result<(), DataError> {
    let bound = file_len.saturating_mul(MAX_VALUES_PER_BYTE);
    let over = |n: i64| u64::try_from(n).is_ok_and(|n| n > bound);
    let meta = reader.metadata();
    let rows = meta.file_metadata().num_rows();
    if over(rows) {
        return Err(too_many(file, "the footer", rows as u64, "rows", file_len));
    }
    for (g, group) in meta.row_groups().iter().enumerate() {
        if over(group.num_rows()) {
            let place = format!("row group {g}");
            return Err(too_many(
                file,
                &place,
                group.num_rows() as u64,
                "rows",
                file_len,
            ));
        }
        let row_group = reader.get_row_group(g).map_err(|e| damaged(file, &e))?;
        for (c, col) in group.columns().iter().enumerate() {
            let place = || format!("row group {g}, column \"{}\"", col.column_path().string());
            if over(col.num_values()) {
                return Err(too_many(
                    file,
                    &place(),
                    col.num_values() as u64,
                    "values",
                    file_len,
                ));
            }
            let mut pages = row_group
                .get_column_page_reader(c)
                .map_err(|e| damaged(file, &e))?;
            let levels = page_levels(pages.as_mut(), bound).map_err(|e| damaged(file, &e))?;
            if levels > bound {
                return Err(too_many(file, &place(), levels, "values", file_len));
            }
        }
    }
    Ok(())
}

/// The sum of the `num_values` of a column chunk's data pages, from their headers (the pages
/// are skipped, not decompressed); stops counting once above `bound`.
fn page_levels(pages: &mut dyn PageReader, bound: u64) -> parquet::errors::Result<u64> {
    let mut levels = 0_u64;
    while let Some(page) = pages.peek_next_page()? {
        levels = levels.saturating_add(page.num_levels.unwrap_or(0) as u64);
        if levels > bound {
            break;
        }
        pages.skip_next_page()?;
    }
    Ok(levels)
}

fn damaged(file: &str, e: &parquet::errors::ParquetError) -> DataError {
    DataError::Parquet {
        file: file.to_owned(),
        reason: e.to_string(),
    }
}
