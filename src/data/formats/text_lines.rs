//! Reading delimiter-separated text files line by line, for the formats that are not CSV with a
//! header (MovieLens `u.data` / `u.item` / `*.dat`, interaction TSV files).
//!
//! Files are decoded as UTF-8 when they are valid UTF-8 and as Windows-1252 otherwise — Latin-1
//! plus the curly quotes, dashes and € that Excel writes in 0x80–0x9F (the classic MovieLens
//! `u.item` is Latin-1: "Misérables" is byte 0xE9). Blank lines are skipped; CRLF and a UTF-8
//! byte-order mark are accepted. Every field error names the file and 1-based line.
//!
//! Also the checks shared by the table loaders: numbers narrowed to `f32` must fit
//! ([`narrow`]), timestamps must be plausible Unix seconds ([`check_timestamp`]).

use std::path::Path;

use crate::error::{DataError, Location, Separator};
use crate::progress::Progress;

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
            Err(_) => decode_8bit(bytes),
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
    /// [`DataError::Ragged`] when there are fewer than `min` fields (saying which separator the
    /// line seems to use instead, when it has one); [`DataError::EmptyValue`] when one of the
    /// first `min` is empty.
    pub fn fields<'a>(
        &self,
        n: u64,
        line: &'a str,
        sep: &str,
        names: &[&str],
    ) -> Result<Vec<&'a str>, DataError> {
        let fields: Vec<&str> = line.split(sep).map(str::trim).collect();
        if fields.len() < names.len() {
            if let Some(other) = [",", ";", "\t", "|"]
                .into_iter()
                .find(|s| *s != sep && line.contains(s))
            {
                return Err(DataError::WrongSeparator {
                    at: self.at(n, None),
                    expected: names.len(),
                    separator: Separator::of(sep),
                    found: fields.len(),
                    used: Separator::of(other),
                });
            }
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
        let t = value.parse().map_err(|_| DataError::NotANumber {
            at: self.at(n, Some(column)),
            found: value.to_owned(),
        })?;
        check_timestamp(&self.at(n, Some(column)), value, t)
    }
}

/// Bytes that are not UTF-8 decoded as Windows-1252 (the five codes it leaves undefined keep
/// their Latin-1 meaning).
#[must_use]
pub fn decode_8bit(bytes: &[u8]) -> String {
    const HIGH: [char; 32] = [
        '€', '\u{81}', '‚', 'ƒ', '„', '…', '†', '‡', 'ˆ', '‰', 'Š', '‹', 'Œ', '\u{8d}', 'Ž',
        '\u{8f}', '\u{90}', '‘', '’', '“', '”', '•', '–', '—', '˜', '™', 'š', '›', 'œ', '\u{9d}',
        'ž', 'Ÿ',
    ];
    bytes
        .iter()
        .map(|&b| match b {
            0x80..=0x9F => HIGH[usize::from(b - 0x80)],
            _ => char::from(b),
        })
        .collect()
}

/// Whether `bytes` (not valid UTF-8 as a whole) still hold a well-formed UTF-8 multi-byte
/// character: then the file is UTF-8 with a damaged byte, not a Latin-1/Windows-1252 file.
#[must_use]
pub fn has_utf8_multibyte(bytes: &[u8]) -> bool {
    bytes.windows(2).enumerate().any(|(i, w)| {
        let len = match w[0] {
            0xC2..=0xDF => 2,
            0xE0..=0xEF => 3,
            0xF0..=0xF4 => 4,
            _ => return false,
        };
        bytes
            .get(i..i + len)
            .is_some_and(|s| std::str::from_utf8(s).is_ok())
    })
}

/// `x` as an `f32`, which must be finite (`1e39` parses as a finite `f64` but not `f32`).
///
/// # Errors
/// [`DataError`] naming the value and the `f32` range.
pub fn narrow(at: &Location, text: &str, x: f64) -> Result<f32, DataError> {
    let v = x as f32;
    if v.is_finite() {
        Ok(v)
    } else {
        Err(DataError::TooLargeForF32 {
            at: at.clone(),
            found: text.to_owned(),
        })
    }
}

/// The latest plausible Unix time in seconds: 1 January 3000.
pub const LATEST_TIMESTAMP: i64 = 32_503_680_000;

/// A timestamp in Unix seconds. Times in the future are kept (clocks differ, logs are
/// generated, and recency is measured between interactions, not against today), but a value
/// after the year 3000 is almost always milliseconds and is rejected with that hint.
///
/// # Errors
/// [`DataError`] for timestamps after [`LATEST_TIMESTAMP`].
pub fn check_timestamp(at: &Location, text: &str, t: i64) -> Result<i64, DataError> {
    if t > LATEST_TIMESTAMP {
        Err(DataError::TimestampTooLate {
            at: at.clone(),
            found: text.to_owned(),
        })
    } else {
        Ok(t)
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
