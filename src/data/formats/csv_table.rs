//! Reading one CSV file into validated text cells, with errors that name file, line and column.
//!
//! Handles a UTF-8 byte-order mark, CRLF line ends and quoted fields (via the `csv` crate);
//! rejects ragged rows and bytes that are not UTF-8 with the line and column where they occur.

use std::path::Path;

use super::text_lines::{decode_8bit, has_utf8_multibyte};
use crate::error::{DataError, Location, Part, Separator};
use crate::progress::Progress;

/// Rows parsed between two checks for Cancel.
const CANCEL_CHECK_ROWS: usize = 1 << 16;

/// A CSV file read into memory: header plus rows of cells, each row with its 1-based line.
#[derive(Debug, Clone)]
pub struct CsvTable {
    /// File name for messages.
    pub file: String,
    /// Header names, trimmed.
    pub header: Vec<String>,
    /// Data rows (same length as the header).
    pub rows: Vec<Vec<String>>,
    /// 1-based line number of each row.
    pub lines: Vec<u64>,
    /// What a header name is called in messages (`column` for CSV, `field` for JSONL).
    pub part: Part,
}

impl CsvTable {
    /// Read `dir/file`. Blank lines are skipped.
    ///
    /// # Errors
    /// Missing/unreadable file, empty file, header only, ragged rows, invalid UTF-8.
    pub fn read(dir: &Path, file: &str) -> Result<Self, DataError> {
        Self::read_with(dir, file, None)
    }

    /// [`Self::read`], reporting bytes read to `progress` and stopping on Cancel.
    ///
    /// # Errors
    /// As [`Self::read`], or [`super::progress::cancelled`].
    pub fn read_with(
        dir: &Path,
        file: &str,
        progress: Option<&Progress>,
    ) -> Result<Self, DataError> {
        let path = dir.join(file);
        if !path.is_file() {
            return Err(DataError::MissingFile {
                file: file.to_owned(),
            });
        }
        let bytes = super::progress::read_all(&path, file, progress)?;
        Self::parse_inner(file, &bytes, b',', progress)
    }

    /// Parse CSV bytes (the file name is used for messages only).
    ///
    /// # Errors
    /// As [`Self::read`], except file-system errors.
    pub fn parse(file: &str, bytes: &[u8]) -> Result<Self, DataError> {
        Self::parse_delimited(file, bytes, b',')
    }

    /// Parse bytes separated by `delimiter` (`b'\t'` for TSV) instead of commas.
    ///
    /// # Errors
    /// As [`Self::parse`].
    pub fn parse_delimited(file: &str, bytes: &[u8], delimiter: u8) -> Result<Self, DataError> {
        Self::parse_inner(file, bytes, delimiter, None)
    }

    fn parse_inner(
        file: &str,
        bytes: &[u8],
        delimiter: u8,
        progress: Option<&Progress>,
    ) -> Result<Self, DataError> {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Err(DataError::Empty {
                file: file.to_owned(),
            });
        }
        check_width(file, bytes, delimiter)?;
        // Not UTF-8 and no UTF-8 characters at all: a Latin-1 / Windows-1252 file (Excel).
        // UTF-8 characters beside a bad byte: a damaged UTF-8 file, reported where it is.
        let decoded = (std::str::from_utf8(bytes).is_err() && !has_utf8_multibyte(bytes))
            .then(|| decode_8bit(bytes));
        let bytes = decoded.as_ref().map_or(bytes, String::as_bytes);
        let lines = LineIndex::new(bytes);
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .delimiter(delimiter)
            .flexible(true)
            .from_reader(bytes);
        let header = read_header(file, &lines, &mut reader)?;
        let mut rows = Vec::new();
        let mut row_lines = Vec::new();
        let mut record = csv::ByteRecord::new();
        loop {
            match reader.read_byte_record(&mut record) {
                Ok(false) => break,
                Ok(true) => {}
                Err(e) => return Err(map_csv_error(file, &lines, &e)),
            }
            if rows.len() % CANCEL_CHECK_ROWS == 0 {
                super::progress::check(progress, file)?;
            }
            let line = lines.line_of(record.position());
            if record.len() == 1
                && record
                    .get(0)
                    .is_some_and(|f| f.iter().all(u8::is_ascii_whitespace))
                && header.len() > 1
            {
                continue;
            }
            rows.push(cells(file, line, &header, &record)?);
            row_lines.push(line);
        }
        let (Some(last), Some(&line)) = (rows.last(), row_lines.last()) else {
            return Err(DataError::HeaderOnly {
                file: file.to_owned(),
            });
        };
        // A quote that never closes swallows the rest of the file into one field.
        if last.last().is_some_and(|f| f.contains('\n')) && !bytes.trim_ascii_end().ends_with(b"\"")
        {
            return Err(unclosed_quote(file, line, header.len(), last.len()));
        }
        Ok(Self {
            file: file.to_owned(),
            header,
            rows,
            lines: row_lines,
            part: Part::Column,
        })
    }

    /// Index of a column by name.
    #[must_use]
    pub fn column(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|h| h == name)
    }

    /// Index of the first present column among `names`.
    #[must_use]
    pub fn first_column(&self, names: &[&str]) -> Option<usize> {
        names.iter().find_map(|n| self.column(n))
    }

    /// Index of a required column.
    ///
    /// # Errors
    /// [`DataError::MissingColumn`] listing the header.
    pub fn require(&self, names: &[&str]) -> Result<usize, DataError> {
        self.first_column(names).ok_or_else(|| {
            // One column holding another separator: the file uses a different delimiter.
            let separator_hint = match &self.header[..] {
                [only] => [";", "\t", ",", "|"]
                    .into_iter()
                    .find(|s| only.contains(s))
                    .map(Separator::of),
                _ => None,
            };
            DataError::MissingColumn {
                file: self.file.clone(),
                column: names.join("\" or \""),
                found: self.header.join(", "),
                separator_hint,
            }
        })
    }

    /// The location of a cell, for messages.
    #[must_use]
    pub fn at(&self, row: usize, col: usize) -> Location {
        Location {
            file: self.file.clone(),
            line: self.lines.get(row).copied(),
            column: self.header.get(col).cloned(),
            part: self.part,
        }
    }

    /// Parse a cell as a finite number that fits an `f32` (vectors, ratings).
    ///
    /// # Errors
    /// As [`Self::number`], and values beyond the `f32` range.
    pub fn number_f32(&self, row: usize, col: usize) -> Result<f32, DataError> {
        let x = self.number(row, col)?;
        super::text_lines::narrow(&self.at(row, col), &self.rows[row][col], x)
    }

    /// Parse a cell as a finite number.
    ///
    /// # Errors
    /// Empty, non-numeric, NaN or infinite values.
    pub fn number(&self, row: usize, col: usize) -> Result<f64, DataError> {
        let text = self.rows[row][col].as_str();
        if text.is_empty() {
            return Err(DataError::EmptyValue {
                at: self.at(row, col),
            });
        }
        match text.parse::<f64>() {
            Ok(v) if v.is_finite() => Ok(v),
            Ok(_) => Err(DataError::NotFinite {
                at: self.at(row, col),
                found: text.to_owned(),
            }),
            Err(_) => Err(DataError::NotANumber {
                at: self.at(row, col),
                found: text.to_owned(),
            }),
        }
    }
}

/// Line numbers from byte offsets. The `csv` crate's own line counter is off for CRLF files and
/// after blank lines, and its record offsets point at the previous terminator, so we count
/// newlines ourselves and skip terminator bytes to find where a record really starts.
struct LineIndex<'a> {
    bytes: &'a [u8],
    newlines: Vec<usize>,
}

impl<'a> LineIndex<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Self {
            bytes,
            newlines: bytes
                .iter()
                .enumerate()
                .filter(|(_, b)| **b == b'\n')
                .map(|(i, _)| i)
                .collect(),
        }
    }

    fn line_of(&self, pos: Option<&csv::Position>) -> u64 {
        let Some(pos) = pos else { return 0 };
        let mut b = pos.byte() as usize;
        while self
            .bytes
            .get(b)
            .is_some_and(|c| *c == b'\r' || *c == b'\n')
        {
            b += 1;
        }
        1 + self.newlines.partition_point(|&o| o < b) as u64
    }
}

/// At most this many columns: a wider header is almost surely the wrong file or delimiter,
/// and is rejected before any of it is split into fields.
pub const MAX_COLUMNS: usize = 100_000;

/// Count the header's delimiters (ignoring quoting: only the order of magnitude matters).
fn check_width(file: &str, bytes: &[u8], delimiter: u8) -> Result<(), DataError> {
    let first = bytes.split(|&b| b == b'\n').next().unwrap_or(bytes);
    #[expect(
        clippy::naive_bytecount,
        reason = "one header line, once per file: not worth a dependency"
    )]
    let columns = first.iter().filter(|&&b| b == delimiter).count() + 1;
    if columns > MAX_COLUMNS {
        return Err(DataError::TooManyColumns {
            at: location(file, 1, None),
            columns,
            max: MAX_COLUMNS,
        });
    }
    Ok(())
}

fn location(file: &str, line: u64, column: Option<String>) -> Location {
    Location {
        file: file.to_owned(),
        line: Some(line),
        column,
        part: Part::Column,
    }
}

fn read_header(
    file: &str,
    lines: &LineIndex<'_>,
    reader: &mut csv::Reader<&[u8]>,
) -> Result<Vec<String>, DataError> {
    let header_rec = reader
        .byte_headers()
        .map_err(|e| map_csv_error(file, lines, &e))?;
    header_rec
        .iter()
        .enumerate()
        .map(|(i, field)| {
            std::str::from_utf8(field)
                .map(|t| t.trim().to_owned())
                .map_err(|_| DataError::NotUtf8 {
                    at: location(file, 1, Some(format!("#{}", i + 1))),
                })
        })
        .collect()
}

/// The trimmed text cells of one record, which must have as many fields as the header.
fn cells(
    file: &str,
    line: u64,
    header: &[String],
    record: &csv::ByteRecord,
) -> Result<Vec<String>, DataError> {
    if record.len() != header.len() {
        let multiline = record
            .iter()
            .next_back()
            .is_some_and(|f| f.contains(&b'\n'));
        if record.len() < header.len() && multiline {
            return Err(unclosed_quote(file, line, header.len(), record.len()));
        }
        return Err(DataError::Ragged {
            at: location(file, line, None),
            expected: header.len(),
            found: record.len(),
        });
    }
    record
        .iter()
        .zip(header)
        .map(|(field, column)| {
            std::str::from_utf8(field)
                .map(|t| t.trim().to_owned())
                .map_err(|_| DataError::NotUtf8 {
                    at: location(file, line, Some(column.clone())),
                })
        })
        .collect()
}

fn unclosed_quote(file: &str, line: u64, expected: usize, found: usize) -> DataError {
    DataError::UnclosedQuote {
        at: location(file, line, None),
        expected,
        found,
    }
}

fn map_csv_error(file: &str, lines: &LineIndex<'_>, e: &csv::Error) -> DataError {
    match e.kind() {
        csv::ErrorKind::UnequalLengths {
            pos,
            expected_len,
            len,
        } => DataError::Ragged {
            at: Location {
                file: file.to_owned(),
                line: Some(lines.line_of(pos.as_ref())),
                column: None,
                part: Part::Column,
            },
            expected: *expected_len as usize,
            found: *len as usize,
        },
        csv::ErrorKind::Utf8 { pos, .. } => DataError::NotUtf8 {
            at: Location {
                file: file.to_owned(),
                line: Some(lines.line_of(pos.as_ref())),
                column: None,
                part: Part::Column,
            },
        },
        _ => DataError::Io {
            file: file.to_owned(),
            reason: e.to_string(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_bom_crlf_quotes_and_skips_blank_lines() {
        let t = CsvTable::parse(
            "x.csv",
            b"\xEF\xBB\xBFid,title\r\n1,\"a, b\"\r\n\r\n2,c\r\n",
        )
        .unwrap();
        assert_eq!(t.header, ["id", "title"]);
        assert_eq!(t.rows, [["1", "a, b"], ["2", "c"]]);
        assert_eq!(t.lines, [2, 4]);
    }

    #[test]
    fn line_numbers_count_blank_lines_and_crlf() {
        let e = CsvTable::parse("x.csv", b"id,a\r\n1,2\r\n\r\n\r\n3\r\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "x.csv:5: expected 2 fields like the header, found 1"
        );
        let t = CsvTable::parse("x.csv", b"id,a\n\n1,\"multi\nline\"\n2,b\n").unwrap();
        assert_eq!(t.lines, [3, 5]);
    }

    #[test]
    fn ragged_row_names_line() {
        let e = CsvTable::parse("x.csv", b"id,a\n1,2\n3\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "x.csv:3: expected 2 fields like the header, found 1"
        );
    }

    #[test]
    fn latin1_loads_and_damaged_utf8_names_line_and_column() {
        // Windows-1252 / Latin-1: no UTF-8 characters at all, so the file is decoded.
        let t = CsvTable::parse("x.csv", b"id,title\n1,\x93ok\x94\n2,caf\xE9\n").unwrap();
        assert_eq!(t.rows[0][1], "\u{201c}ok\u{201d}");
        assert_eq!(t.rows[1][1], "café");
        // UTF-8 characters and a stray byte: a damaged UTF-8 file.
        let e =
            CsvTable::parse("x.csv", b"id,title\n1,\xC3\xA9t\xC3\xA9\n2,caf\xE9\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "x.csv:3: column \"title\": the text is not valid UTF-8 (save the file as UTF-8)"
        );
    }

    #[test]
    fn number_errors_name_the_cell() {
        let t = CsvTable::parse("items.csv", b"id,price\n1,cheap\n2,NaN\n3,\n").unwrap();
        assert_eq!(
            t.number(0, 1).unwrap_err().to_string(),
            "items.csv:2: column \"price\": expected a number, found \"cheap\""
        );
        assert!(matches!(t.number(1, 1), Err(DataError::NotFinite { .. })));
        assert!(matches!(t.number(2, 1), Err(DataError::EmptyValue { .. })));
    }
}
