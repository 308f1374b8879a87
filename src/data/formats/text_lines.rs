//! Reading delimiter-separated text files line by line, for the formats that are not CSV with a
//! header (MovieLens `u.data` / `u.item` / `*.dat`, interaction TSV files).
//!
//! Files are decoded as UTF-8 when they are valid UTF-8 and as Latin-1 otherwise (the classic
//! MovieLens `u.item` is Latin-1: "Misérables" is byte 0xE9). Blank lines are skipped; CRLF and a
//! UTF-8 byte-order mark are accepted. Every field error names the file and 1-based line.

use std::path::Path;

use crate::error::{DataError, Location};
use crate::pipeline::progress::Progress;

/// A text file decoded to a `String`.
#[derive(Debug, Clone)]
pub struct TextFile {
    /// File name for messages.
    pub file: String,
    /// Decoded text.
    pub text: String,
}

impl TextFile {
    /// Read `path`, naming it `file` in messages.
    ///
    /// # Errors
    /// Missing or unreadable file; an empty file.
    pub fn read(path: &Path, file: &str) -> Result<Self, DataError> {
        Self::read_with(path, file, None)
    }

    /// [`Self::read`], reporting bytes read to `progress` and stopping on Cancel.
    ///
    /// # Errors
    /// As [`Self::read`], or [`super::progress::cancelled`].
    pub fn read_with(
        path: &Path,
        file: &str,
        progress: Option<&Progress>,
    ) -> Result<Self, DataError> {
        let bytes = super::progress::read_all(path, file, progress)?;
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
        if bytes.iter().all(u8::is_ascii_whitespace) {
            return Err(DataError::Empty {
                file: file.to_owned(),
            });
        }
        let text = match std::str::from_utf8(bytes) {
            Ok(t) => t.to_owned(),
            Err(_) => bytes.iter().map(|&b| char::from(b)).collect(),
        };
        Ok(Self {
            file: file.to_owned(),
            text,
        })
    }

    /// Non-blank lines with their 1-based line numbers, `\r` stripped.
    pub fn lines(&self) -> impl Iterator<Item = (u64, &str)> {
        self.text
            .split('\n')
            .enumerate()
            .map(|(n, l)| (n as u64 + 1, l.strip_suffix('\r').unwrap_or(l)))
            .filter(|(_, l)| !l.trim().is_empty())
    }

    /// A location on `line`, optionally in a named column.
    #[must_use]
    pub fn at(&self, line: u64, column: Option<&str>) -> Location {
        Location {
            file: self.file.clone(),
            line: Some(line),
            column: column.map(str::to_owned),
            part: crate::error::Part::Column,
        }
    }

    /// Split `line` by `sep` into at least `min` trimmed fields (`names` name the columns in
    /// messages).
    ///
    /// # Errors
    /// [`DataError::Ragged`] when there are fewer than `min` fields; [`DataError::EmptyValue`]
    /// when one of the first `min` is empty.
    pub fn fields<'a>(
        &self,
        n: u64,
        line: &'a str,
        sep: &str,
        names: &[&str],
    ) -> Result<Vec<&'a str>, DataError> {
        let fields: Vec<&str> = line.split(sep).map(str::trim).collect();
        if fields.len() < names.len() {
            return Err(DataError::Ragged {
                at: self.at(n, None),
                expected: names.len(),
                found: fields.len(),
            });
        }
        if let Some(c) = fields[..names.len()].iter().position(|f| f.is_empty()) {
            return Err(DataError::EmptyValue {
                at: self.at(n, Some(names[c])),
            });
        }
        Ok(fields)
    }

    /// Parse a number in a named column.
    ///
    /// # Errors
    /// [`DataError::NotANumber`] or [`DataError::NotFinite`].
    pub fn number(&self, n: u64, column: &str, value: &str) -> Result<f64, DataError> {
        let x: f64 = value.parse().map_err(|_| DataError::NotANumber {
            at: self.at(n, Some(column)),
            found: value.to_owned(),
        })?;
        if x.is_finite() {
            Ok(x)
        } else {
            Err(DataError::NotFinite {
                at: self.at(n, Some(column)),
                found: value.to_owned(),
            })
        }
    }

    /// Parse an integer timestamp (Unix seconds) in a named column.
    ///
    /// # Errors
    /// [`DataError::NotANumber`].
    pub fn timestamp(&self, n: u64, column: &str, value: &str) -> Result<i64, DataError> {
        value.parse().map_err(|_| DataError::NotANumber {
            at: self.at(n, Some(column)),
            found: value.to_owned(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latin1_fallback_crlf_and_blank_lines() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("u.item");
        std::fs::write(&p, b"1|Mis\xe9rables|x\r\n\n2|B|y\n").unwrap();
        let f = TextFile::read(&p, "u.item").unwrap();
        let lines: Vec<_> = f.lines().collect();
        assert_eq!(lines, [(1, "1|Misérables|x"), (3, "2|B|y")]);
        let e = f.fields(3, "2|", "|", &["id", "title"]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "u.item:3: column \"title\": empty value (a value is required here)"
        );
        let e = f.fields(3, "2", "|", &["id", "title"]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "u.item:3: expected 2 fields like the header, found 1"
        );
        let e = f.number(7, "rating", "five").unwrap_err();
        assert_eq!(
            e.to_string(),
            "u.item:7: column \"rating\": expected a number, found \"five\""
        );
    }
}
