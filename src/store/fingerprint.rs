//! A dataset's content fingerprint, and its cache in the workspace.
//!
//! The fingerprint is XXH3-128 over every file the loaders may read — for a folder, each
//! regular, non-hidden file directly inside it (a superset of what any format reads), and for a
//! folder table (a Spark ALS model, a partitioned Parquet folder) those of its subfolders; for a
//! file, the file (plus `metadata.tsv` beside a `vectors.tsv`) — each file hashed on its own and
//! combined with its name and length, so renaming a file or moving bytes between files changes
//! it, and moving the whole folder does not.
//!
//! Why XXH3 (`xxhash-rust`, feature `xxh3` only): it runs at memory speed (a 1 GB file in about
//! a second here, far below the disk), is pure Rust with no dependencies, and 128 bits make an
//! accidental collision between two versions of a dataset negligible. The fingerprint detects
//! changes; it is not a defence against someone forging a file (that would need BLAKE3/SHA-2).
//!
//! Hashing a big file on every open would be slow, so [`Workspace::fingerprint`] caches by the
//! files' (name, size, mtime) — git's "stat" trick. Like git, it distrusts a cached entry
//! whose files were modified within [`RACY_MS`] of the hashing (a same-size edit in the same
//! clock tick would be invisible to the stat check) and hashes those again.
//!
//! **Datasets larger than the free memory** (a 26 GB Parquet folder) are fingerprinted by that
//! stat alone — XXH3-128 of every file's name, size and modification time — not by their bytes.
//! The page cache cannot keep such a table between the hash and the load, so a content hash
//! was a second full read from the disk: 33 s before the first map of a 100M-row table, more
//! than the sampling pass itself. A stat fingerprint still changes whenever a file is written,
//! added, removed or renamed, and survives moving the folder; it does not follow a copy whose
//! modification times changed (`cp` without `-p`), which then counts as another dataset.

use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use rusqlite::{OptionalExtension as _, params};
use xxhash_rust::xxh3::Xxh3;

use super::{StoreError, Workspace, clock};

/// Cached fingerprints of files modified less than this before they were hashed are not
/// trusted.
pub const RACY_MS: i64 = 2_000;

/// The content fingerprint of a dataset: 32 lower-case hex digits (XXH3-128).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Fingerprint(pub(super) String);

impl Fingerprint {
    /// The hex text.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// A fingerprint from its text (32 lower-case hex digits), e.g. one printed by
    /// `embedscope runs --json`.
    #[must_use]
    pub fn from_hex(s: &str) -> Option<Self> {
        (s.len() == 32 && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')))
            .then(|| Self(s.to_owned()))
    }
}

impl std::fmt::Display for Fingerprint {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A fingerprint and how it was obtained.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fingerprinted {
    /// The fingerprint.
    pub fingerprint: Fingerprint,
    /// Bytes covered (the sum of the files' sizes).
    pub bytes: u64,
    /// `true` when it came from the workspace's cache without reading the files.
    pub from_cache: bool,
}

/// One file of a dataset as `stat` sees it.
#[derive(Debug, Clone)]
struct FileStat {
    name: String,
    path: PathBuf,
    size: u64,
    mtime_ns: i128,
}

/// How deep [`list_files`] goes into a folder table (as deep as the Parquet folder reader).
const NESTED_DEPTH: usize = 8;

/// Whether the folder at `path` is a format that reads subfolders (a Spark ALS model, a
/// Parquet table written as a folder of parts).
fn nested_format(path: &Path) -> bool {
    use crate::data::formats::{Format, detect};
    matches!(detect(path), Ok(Format::SparkAls | Format::Parquet))
}

/// The non-hidden entries of `dir` (not the workspace's own files), and those of its
/// subfolders down to `depth` more levels.
fn list_files(dir: &Path, depth: usize, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with('.') || name.starts_with(super::FILE_NAME) {
            continue;
        }
        let p = entry.path();
        if depth > 0 && p.is_dir() {
            list_files(&p, depth - 1, out)?;
        } else {
            out.push(p);
        }
    }
    Ok(())
}

/// The files that make up the dataset at `path`, sorted by name.
fn dataset_files(path: &Path) -> Result<Vec<FileStat>, StoreError> {
    let io = |p: &Path, what, source| StoreError::Io {
        path: p.to_path_buf(),
        what,
        source,
    };
    let meta = std::fs::metadata(path).map_err(|e| io(path, "reading the dataset", e))?;
    let mut paths = Vec::new();
    if meta.is_dir() {
        // Folder tables (a Spark model, a partitioned Parquet table) keep their data in
        // subfolders: those count too, or two such folders would share one fingerprint.
        let depth = if nested_format(path) { NESTED_DEPTH } else { 0 };
        list_files(path, depth, &mut paths)
            .map_err(|e| io(path, "listing the dataset folder", e))?;
    } else {
        paths.push(path.to_path_buf());
        if path.file_name().is_some_and(|n| n == "vectors.tsv")
            && let Some(meta) = path.parent().map(|d| d.join("metadata.tsv"))
            && meta.is_file()
        {
            paths.push(meta);
        }
    }
    let mut files = Vec::new();
    for p in paths {
        let m = std::fs::metadata(&p).map_err(|e| io(&p, "reading the dataset", e))?;
        if !m.is_file() {
            continue;
        }
        let mtime_ns = m
            .modified()
            .ok()
            .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos() as i128);
        files.push(FileStat {
            // The path inside the folder (`userFactors/part-00000.parquet`), or the file name.
            name: p
                .strip_prefix(path)
                .ok()
                .filter(|r| !r.as_os_str().is_empty())
                .map(|r| r.to_string_lossy().replace('\\', "/"))
                .or_else(|| p.file_name().map(|n| n.to_string_lossy().into_owned()))
                .unwrap_or_default(),
            path: p,
            size: m.len(),
            mtime_ns,
        });
    }
    files.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(files)
}

/// `name<TAB>size<TAB>mtime_ns` per file: equal stamps mean unchanged files (see module docs).
fn stamp(files: &[FileStat]) -> String {
    use std::fmt::Write as _;
    let mut s = String::new();
    for f in files {
        let _ = writeln!(s, "{}\t{}\t{}", f.name, f.size, f.mtime_ns);
    }
    s
}

/// Told (bytes hashed so far, bytes of the whole dataset) after every megabyte a fingerprint
/// reads; returning `false` stops it (Cancel).
pub type OnBytes<'a> = &'a mut dyn FnMut(u64, u64) -> bool;

/// Hash the files' bytes; `None` when `on_bytes` stopped it.
fn hash_files(
    files: &[FileStat],
    on_bytes: OnBytes<'_>,
) -> Result<Option<Fingerprint>, StoreError> {
    let total: u64 = files.iter().map(|f| f.size).sum();
    let mut done = 0_u64;
    let mut all = Xxh3::new();
    let mut buf = vec![0_u8; 1 << 20];
    for f in files {
        let io = |source| StoreError::Io {
            path: f.path.clone(),
            what: "reading the dataset",
            source,
        };
        let mut file = std::fs::File::open(&f.path).map_err(io)?;
        let mut one = Xxh3::new();
        let mut len = 0_u64;
        loop {
            let n = file.read(&mut buf).map_err(io)?;
            if n == 0 {
                break;
            }
            one.update(&buf[..n]);
            len += n as u64;
            done += n as u64;
            if !on_bytes(done, total) {
                return Ok(None);
            }
        }
        all.update(f.name.as_bytes());
        all.update(&[0]);
        all.update(&len.to_le_bytes());
        all.update(&one.digest128().to_le_bytes());
    }
    Ok(Some(Fingerprint(format!("{:032x}", all.digest128()))))
}

/// An [`OnBytes`] that never stops, and the error if one did anyway.
fn whole<T>(
    run: impl FnOnce(OnBytes<'_>) -> Result<Option<T>, StoreError>,
) -> Result<T, StoreError> {
    run(&mut |_, _| true)?.ok_or_else(|| StoreError::Invalid("the fingerprint stopped".to_owned()))
}

/// The fingerprint of a dataset too large to read twice: its files' names, sizes and
/// modification times (see module docs).
fn hash_stat(files: &[FileStat]) -> Fingerprint {
    let mut all = Xxh3::new();
    all.update(b"stat\0");
    all.update(stamp(files).as_bytes());
    Fingerprint(format!("{:032x}", all.digest128()))
}

/// Fingerprint the dataset at `path` (a folder or a file), reading every byte.
///
/// # Errors
/// The path or one of its files cannot be read.
pub fn compute(path: &Path) -> Result<Fingerprint, StoreError> {
    let files = dataset_files(path)?;
    whole(|on_bytes| hash_files(&files, on_bytes))
}

impl Workspace {
    /// The fingerprint of the dataset at `path`, from the cache when its files' names, sizes
    /// and modification times are unchanged, otherwise by hashing (and caching) them. Also
    /// records that the dataset was opened (see [`datasets`](Self::datasets)).
    ///
    /// # Errors
    /// The dataset cannot be read; SQLite errors.
    pub fn fingerprint(&self, path: &Path) -> Result<Fingerprinted, StoreError> {
        whole(|on_bytes| self.fingerprint_with(path, on_bytes))
    }

    /// [`Self::fingerprint`], telling `on_bytes` how far the reading of the files has got
    /// (nothing when the cache answers); `None` when `on_bytes` stopped it, and then nothing
    /// is cached.
    ///
    /// # Errors
    /// As [`Self::fingerprint`].
    pub fn fingerprint_with(
        &self,
        path: &Path,
        on_bytes: OnBytes<'_>,
    ) -> Result<Option<Fingerprinted>, StoreError> {
        let limit = crate::data::formats::table_sample::available_memory().unwrap_or(u64::MAX);
        self.fingerprint_within(path, limit, on_bytes)
    }

    /// [`Self::fingerprint_with`], reading the bytes only of datasets up to `content_limit`
    /// bytes (larger ones: [`hash_stat`]).
    fn fingerprint_within(
        &self,
        path: &Path,
        content_limit: u64,
        on_bytes: OnBytes<'_>,
    ) -> Result<Option<Fingerprinted>, StoreError> {
        let key = cache_key(path);
        let stated_at = clock::now_ms();
        let files = dataset_files(path)?;
        let stamp = stamp(&files);
        let bytes: u64 = files.iter().map(|f| f.size).sum();
        let newest_ms = files
            .iter()
            .map(|f| (f.mtime_ns / 1_000_000) as i64)
            .max()
            .unwrap_or(0);
        let cached: Option<(String, String, i64)> = self
            .conn
            .query_row(
                "SELECT stamp, fingerprint, hashed_at_ms FROM datasets WHERE path = ?1",
                params![key],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()
            .map_err(|e| self.sql("reading the fingerprint cache", e))?;
        let hit = cached.and_then(|(s, fp, hashed_at)| {
            (s == stamp && newest_ms < hashed_at - RACY_MS).then_some((fp, hashed_at))
        });
        let from_cache = hit.is_some();
        let (fingerprint, hashed_at) = match hit {
            Some((fp, at)) => (Fingerprint(fp), at),
            None if bytes > content_limit => (hash_stat(&files), stated_at),
            None => match hash_files(&files, on_bytes)? {
                Some(fp) => (fp, stated_at),
                None => return Ok(None),
            },
        };
        self.conn
            .execute(
                "INSERT INTO datasets (path, stamp, fingerprint, bytes, hashed_at_ms, opened_at_ms)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (path) DO UPDATE SET stamp = ?2, fingerprint = ?3, bytes = ?4,
                     hashed_at_ms = ?5, opened_at_ms = ?6",
                params![
                    key,
                    stamp,
                    fingerprint.as_str(),
                    bytes as i64,
                    hashed_at,
                    clock::now_ms()
                ],
            )
            .map_err(|e| self.sql("saving the fingerprint", e))?;
        Ok(Some(Fingerprinted {
            fingerprint,
            bytes,
            from_cache,
        }))
    }

    /// Datasets opened with this workspace, most recently opened first (ties by path).
    ///
    /// # Errors
    /// SQLite errors.
    pub fn datasets(&self) -> Result<Vec<DatasetInfo>, StoreError> {
        let read = || -> rusqlite::Result<Vec<DatasetInfo>> {
            let mut stmt = self.conn.prepare(
                "SELECT path, fingerprint, bytes, opened_at_ms FROM datasets
                 ORDER BY opened_at_ms DESC, path",
            )?;
            stmt.query_map([], |r| {
                Ok(DatasetInfo {
                    path: PathBuf::from(r.get::<_, String>(0)?),
                    fingerprint: Fingerprint(r.get(1)?),
                    bytes: r.get::<_, i64>(2)? as u64,
                    opened_at_ms: r.get(3)?,
                })
            })?
            .collect()
        };
        read().map_err(|e| self.sql("listing datasets", e))
    }
}

/// A dataset the workspace has seen.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DatasetInfo {
    /// Its absolute path.
    pub path: PathBuf,
    /// Its fingerprint when last opened.
    pub fingerprint: Fingerprint,
    /// Its size in bytes.
    pub bytes: u64,
    /// When it was last opened (ms since the Unix epoch).
    pub opened_at_ms: i64,
}

/// The absolute path (symlinks resolved) as text; the path as given if that fails.
#[must_use]
pub fn cache_key(path: &Path) -> String {
    std::fs::canonicalize(path)
        .unwrap_or_else(|_| path.to_path_buf())
        .to_string_lossy()
        .into_owned()
}

#[cfg(test)]
#[path = "fingerprint_tests.rs"]
mod tests;
