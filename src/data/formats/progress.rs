//! Byte progress and Cancel for loaders: files are read through [`ProgressRead`], which reports
//! bytes read / file size to the pipeline's [`Progress`] (stage `load`) every [`CHUNK_BYTES`]
//! and stops the read once Cancel is pressed.
//!
//! A cancelled read surfaces as an I/O error ([`cancelled`]) that travels up through the
//! loader like any other; [`super::load_tracked`] then sees the cancel token set and reports
//! `Cancelled` instead of an error. Each file reports its own bytes (a dataset of several files
//! fills the bar once per file).

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::Path;

use crate::error::DataError;
use crate::progress::{Progress, Stage};

/// Bytes between two progress reports (and cancel checks).
pub const CHUNK_BYTES: u64 = 1 << 20;

/// The reason carried by the error of a cancelled read.
const CANCELLED: &str = "cancelled";

/// The error a loader returns when Cancel stops it.
#[must_use]
pub fn cancelled(file: &str) -> DataError {
    DataError::Io {
        file: file.to_owned(),
        reason: CANCELLED.to_owned(),
    }
}

/// `Err(cancelled)` when Cancel was pressed (for loops that parse what was read).
///
/// # Errors
/// [`cancelled`] once the token is set.
pub fn check(progress: Option<&Progress>, file: &str) -> Result<(), DataError> {
    if progress.is_some_and(|p| p.cancel_token().is_cancelled()) {
        Err(cancelled(file))
    } else {
        Ok(())
    }
}

/// A reader that reports how many bytes went through it.
pub struct ProgressRead<'a, R> {
    inner: R,
    progress: Option<&'a Progress>,
    done: u64,
    total: u64,
    next_report: u64,
}

impl<'a, R: Read> ProgressRead<'a, R> {
    /// Wrap `inner`, which holds `total` bytes.
    pub fn new(inner: R, total: u64, progress: Option<&'a Progress>) -> Self {
        Self {
            inner,
            progress,
            done: 0,
            total,
            next_report: 0,
        }
    }

    /// Bytes read so far.
    #[must_use]
    pub fn done(&self) -> u64 {
        self.done
    }
}

impl<R: Read> Read for ProgressRead<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.done += n as u64;
        if let Some(p) = self.progress
            && (self.done >= self.next_report || n == 0)
        {
            self.next_report = self.done + CHUNK_BYTES;
            let done = self.done.min(self.total);
            if p.step(Stage::Load, done, self.total.max(done)).is_err() {
                return Err(std::io::Error::other(CANCELLED));
            }
        }
        Ok(n)
    }
}

fn open_error(file: &str, e: &std::io::Error) -> DataError {
    match e.kind() {
        std::io::ErrorKind::NotFound => DataError::MissingFile {
            file: file.to_owned(),
        },
        _ => DataError::Io {
            file: file.to_owned(),
            reason: e.to_string(),
        },
    }
}

/// The error of a failed read: [`cancelled`] after Cancel, else the system's message.
#[must_use]
pub fn read_error(file: &str, e: &std::io::Error) -> DataError {
    if e.kind() == std::io::ErrorKind::Other && e.to_string() == CANCELLED {
        cancelled(file)
    } else {
        DataError::Io {
            file: file.to_owned(),
            reason: e.to_string(),
        }
    }
}

/// Open `path` (named `file` in messages) for buffered reading with progress.
///
/// # Errors
/// [`DataError::MissingFile`] or [`DataError::Io`].
pub fn open<'a>(
    path: &Path,
    file: &str,
    progress: Option<&'a Progress>,
) -> Result<BufReader<ProgressRead<'a, File>>, DataError> {
    let f = File::open(path).map_err(|e| open_error(file, &e))?;
    let total = f.metadata().map_or(0, |m| m.len());
    Ok(BufReader::with_capacity(
        1 << 16,
        ProgressRead::new(f, total, progress),
    ))
}

/// Read all of `path` with progress.
///
/// # Errors
/// [`DataError::MissingFile`], [`DataError::Io`], or [`cancelled`].
pub fn read_all(
    path: &Path,
    file: &str,
    progress: Option<&Progress>,
) -> Result<Vec<u8>, DataError> {
    let f = File::open(path).map_err(|e| open_error(file, &e))?;
    let total = f.metadata().map_or(0, |m| m.len());
    let mut out = Vec::with_capacity(usize::try_from(total).unwrap_or(0));
    ProgressRead::new(f, total, progress)
        .read_to_end(&mut out)
        .map_err(|e| read_error(file, &e))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::CancelToken;
    use std::sync::{Arc, Mutex};

    #[test]
    fn reports_bytes_and_stops_on_cancel() {
        let data = vec![7u8; 3 * CHUNK_BYTES as usize + 10];
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&seen);
        let p = Progress::new(CancelToken::default(), move |stage, done, total| {
            log.lock().unwrap().push((stage, done, total));
            true
        });
        let mut out = Vec::new();
        ProgressRead::new(data.as_slice(), data.len() as u64, Some(&p))
            .read_to_end(&mut out)
            .unwrap();
        assert_eq!(out.len(), data.len());
        let seen = seen.lock().unwrap();
        let last = *seen.last().unwrap();
        assert_eq!(last, (Stage::Load, data.len() as u64, data.len() as u64));

        let token = CancelToken::default();
        let p = Progress::new(token.clone(), |_, _, _| true);
        // 64 KiB per read, like a buffered file.
        let trickle = data.chunks(1 << 16).flat_map(|c| c.iter().copied());
        let reader = std::io::BufReader::with_capacity(1 << 16, Trickle(trickle));
        let mut r = ProgressRead::new(reader, data.len() as u64, Some(&p));
        let mut buf = vec![0u8; 1 << 16];
        let e = loop {
            match r.read(&mut buf) {
                Ok(0) => panic!("read to the end despite Cancel"),
                Ok(_) if r.done() >= CHUNK_BYTES => token.cancel(),
                Ok(_) => {}
                Err(e) => break e,
            }
        };
        assert_eq!(
            read_error("x", &e).to_string(),
            "x: cannot read the file: cancelled"
        );
        // Cancel (pressed after 1 MiB) is seen at the next report, within one more chunk.
        assert!(
            (CHUNK_BYTES + 1..=2 * CHUNK_BYTES).contains(&r.done()),
            "stopped at {}",
            r.done()
        );
    }

    struct Trickle<I>(I);

    impl<I: Iterator<Item = u8>> Read for Trickle<I> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let mut n = 0;
            for (slot, b) in buf.iter_mut().zip(&mut self.0) {
                *slot = b;
                n += 1;
            }
            Ok(n)
        }
    }
}
