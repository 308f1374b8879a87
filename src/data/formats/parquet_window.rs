//! Row groups read from disk in one large read each, ahead of their decoding, for the streaming
//! pass over a table larger than memory ([`super::parquet_scan`]).
//!
//! The `parquet` crate's reader over a `File` reads page by page, through a duplicated file
//! descriptor per read, alternating between the column chunks of a row group (the ids, then the
//! vectors, then the ids…). Both columns share one open-file description, so the kernel's
//! read-ahead sees a jumping position and mostly stops, and nothing is read while a page is
//! being decoded: a pass over a cold table ran at about half the disk's rate. Here a reader
//! thread per part reads the byte range of the columns a pass needs, a whole row group at a
//! time, into one buffer ([`Window`]), while the previous row group is decoded; the pages are
//! then zero-copy slices of that buffer. At most [`AHEAD`] row groups wait, so the memory held
//! is bounded by a few row groups; a row group larger than [`MAX_WINDOW`] is not fetched and is
//! read by the crate's own reader instead.

use std::io::{Read, Seek, SeekFrom};
use std::sync::mpsc::{Receiver, sync_channel};

use bytes::Bytes;
use parquet::errors::ParquetError;
use parquet::file::metadata::RowGroupMetaData;
use parquet::file::reader::{ChunkReader, Length};

/// Row groups fetched ahead of the one being decoded.
pub const AHEAD: usize = 1;

/// The largest byte range fetched in one buffer (larger row groups stream page by page).
pub const MAX_WINDOW: u64 = 512 << 20;

/// Byte ranges of one file held in memory: the column chunks of one row group.
pub struct Window {
    file_len: u64,
    segments: Vec<(u64, Bytes)>,
}

impl Window {
    fn find(&self, start: u64, len: u64) -> parquet::errors::Result<Bytes> {
        for (at, data) in &self.segments {
            let end = at + data.len() as u64;
            if start >= *at && start.saturating_add(len) <= end {
                let from = usize::try_from(start - at).unwrap_or(usize::MAX);
                let to = usize::try_from(start - at + len).unwrap_or(usize::MAX);
                return Ok(data.slice(from..to));
            }
        }
        Err(ParquetError::EOF(format!(
            "bytes {start}..{} were not read with their row group",
            start.saturating_add(len)
        )))
    }
}

impl Length for Window {
    fn len(&self) -> u64 {
        self.file_len
    }
}

impl ChunkReader for Window {
    type T = bytes::buf::Reader<Bytes>;

    fn get_read(&self, start: u64) -> parquet::errors::Result<Self::T> {
        // A reader from `start` to the end of the segment holding it.
        for (at, data) in &self.segments {
            let end = at + data.len() as u64;
            if start >= *at && start < end {
                return Ok(bytes::Buf::reader(self.find(start, end - start)?));
            }
        }
        Err(ParquetError::EOF(format!(
            "byte {start} was not read with its row group"
        )))
    }

    fn get_bytes(&self, start: u64, length: usize) -> parquet::errors::Result<Bytes> {
        self.find(start, length as u64)
    }
}

/// The byte ranges of `columns` in row group `group`, merged where they touch or nearly touch
/// (so one read covers a row group whose columns sit side by side); `None` when they add up to
/// more than `limit` bytes ([`MAX_WINDOW`] but in tests).
#[must_use]
pub fn ranges(group: &RowGroupMetaData, columns: &[usize], limit: u64) -> Option<Vec<(u64, u64)>> {
    let mut spans: Vec<(u64, u64)> = columns
        .iter()
        .filter_map(|&c| {
            let meta = group.columns().get(c)?;
            let start = meta
                .dictionary_page_offset()
                .unwrap_or_else(|| meta.data_page_offset());
            let len = meta.compressed_size();
            Some((u64::try_from(start).ok()?, u64::try_from(len).ok()?))
        })
        .collect();
    spans.sort_unstable();
    let mut merged: Vec<(u64, u64)> = Vec::with_capacity(spans.len());
    for (start, len) in spans {
        match merged.last_mut() {
            // Merge when the gap is small next to a read (64 KiB).
            Some((s, l)) if start <= *s + *l + (64 << 10) => {
                let end = (*s + *l).max(start + len);
                *l = end - *s;
            }
            _ => merged.push((start, len)),
        }
    }
    let total: u64 = merged.iter().map(|(_, l)| l).sum();
    (total <= limit).then_some(merged)
}

/// Read `ranges` of `file` (of length `file_len`) into a [`Window`].
///
/// # Errors
/// The read fails or the file is shorter than its footer says.
pub fn fetch(
    file: &mut std::fs::File,
    file_len: u64,
    ranges: &[(u64, u64)],
) -> std::io::Result<Window> {
    let mut segments = Vec::with_capacity(ranges.len());
    for &(start, len) in ranges {
        // Into spare capacity (`read_to_end` does not zero it first).
        let mut buf = Vec::with_capacity(usize::try_from(len).unwrap_or(0));
        file.seek(SeekFrom::Start(start))?;
        let got = Read::by_ref(file).take(len).read_to_end(&mut buf)?;
        if (got as u64) < len {
            return Err(std::io::Error::new(
                std::io::ErrorKind::UnexpectedEof,
                format!("the file ends inside bytes {start}..{}", start + len),
            ));
        }
        segments.push((start, Bytes::from(buf)));
    }
    Ok(Window { file_len, segments })
}

/// What the reader thread hands over for each row group: its window, or `None` when the row
/// group is too large to fetch whole (read it page by page), or the read's error.
pub type Fetched = std::io::Result<Option<std::sync::Arc<Window>>>;

/// Start reading the row groups `plan` (one entry per row group: its ranges, or `None`) of
/// `path` on a thread of `scope`, at most [`AHEAD`] ahead of the receiver. The thread stops
/// when the receiver is dropped.
#[must_use]
pub fn read_ahead<'scope>(
    scope: &'scope std::thread::Scope<'scope, '_>,
    path: std::path::PathBuf,
    file_len: u64,
    plan: Vec<Option<Vec<(u64, u64)>>>,
) -> Receiver<Fetched> {
    let (tx, rx) = sync_channel(AHEAD);
    scope.spawn(move || {
        let mut file = match std::fs::File::open(&path) {
            Ok(f) => f,
            Err(e) => {
                let _ = tx.send(Err(e));
                return;
            }
        };
        for group in plan {
            let item = match group {
                Some(r) => fetch(&mut file, file_len, &r).map(|w| Some(std::sync::Arc::new(w))),
                None => Ok(None),
            };
            let failed = item.is_err();
            if tx.send(item).is_err() || failed {
                return;
            }
        }
    });
    rx
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_window_serves_the_ranges_it_holds_and_refuses_others() {
        let w = Window {
            file_len: 100,
            segments: vec![
                (10, Bytes::from_static(b"abcdef")),
                (40, Bytes::from_static(b"xyz")),
            ],
        };
        assert_eq!(w.get_bytes(11, 3).ok(), Some(Bytes::from_static(b"bcd")));
        assert_eq!(w.get_bytes(40, 3).ok(), Some(Bytes::from_static(b"xyz")));
        assert!(w.get_bytes(14, 3).is_err(), "runs past the segment");
        assert!(w.get_bytes(20, 1).is_err(), "between segments");
        let mut rest = String::new();
        let read = w.get_read(13).map(|mut r| r.read_to_string(&mut rest));
        assert!(matches!(read, Ok(Ok(3))));
        assert_eq!(rest, "def");
        assert_eq!(Length::len(&w), 100);
    }
}
