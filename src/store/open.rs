//! Opening a workspace file without ever harming what is already there.
//!
//! Before SQLite writes anything, the existing file is inspected: its first bytes must be the
//! SQLite header, and a read-only connection must find our `application_id` (or an empty
//! database). A file that is not SQLite at all (an image, a CSV: most likely a wrong path) is
//! left alone: the workspace falls back to memory with [`InMemoryReason::NotADatabase`], which
//! the command line turns into a refusal. An SQLite file that is damaged or another program's
//! database is renamed aside (with its `-wal`/`-shm`/`-journal` files, so a stale WAL can never
//! be replayed into the new file) and a fresh workspace is created. A file from a newer
//! version, or a location that cannot be written, is left alone and the workspace falls back
//! to memory. Either way the caller gets a working [`Workspace`](super::Workspace) and a
//! [`StoreWarning`] to show.

use std::io::Read as _;
use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, ErrorCode, OpenFlags};

use super::clock;
use super::error::{InMemoryReason, SetAsideReason, StoreWarning};
use super::schema::{self, APPLICATION_ID};

/// The first 16 bytes of every SQLite 3 database file.
const SQLITE_MAGIC: &[u8; 16] = b"SQLite format 3\0";

/// How long a connection waits for another one's write lock before giving up.
pub const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// What an existing file at the workspace path is.
#[derive(Debug)]
enum Verdict {
    /// Nothing there, a 0-byte file, or an empty database: safe to create the schema.
    Fresh,
    /// Ours, at this schema version.
    Ours(i64),
    /// Not usable; rename it aside.
    SetAside(SetAsideReason, String),
    /// Not an SQLite file at all (an image, a CSV…): most likely the wrong path; leave it.
    NotSqlite(String),
    /// Cannot even be read (permissions, locked): leave it and use memory.
    Unreadable(String),
}

/// Open (creating if needed) the workspace at `path`: the connection to use and the warning to
/// show, or why only an in-memory workspace is possible.
pub(super) fn open_file(path: &Path) -> Result<(Connection, Option<StoreWarning>), InMemoryReason> {
    let unwritable = |p: &Path, detail: String| InMemoryReason::Unwritable {
        path: p.to_path_buf(),
        detail,
    };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|e| unwritable(dir, e.to_string()))?;
    }
    let mut warning = None;
    match inspect(path) {
        Verdict::Ours(found) if found > schema::latest() => {
            return Err(InMemoryReason::Newer {
                path: path.to_path_buf(),
                found,
                known: schema::latest(),
            });
        }
        Verdict::Fresh | Verdict::Ours(_) => {}
        Verdict::Unreadable(detail) => return Err(unwritable(path, detail)),
        Verdict::NotSqlite(detail) => {
            return Err(InMemoryReason::NotADatabase {
                path: path.to_path_buf(),
                detail,
            });
        }
        Verdict::SetAside(reason, detail) => {
            let moved_to = set_aside(path, reason).map_err(|e| unwritable(path, e.to_string()))?;
            warning = Some(StoreWarning::SetAside {
                path: path.to_path_buf(),
                moved_to,
                reason,
                detail,
            });
        }
    }
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_CREATE
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut conn =
        Connection::open_with_flags(path, flags).map_err(|e| unwritable(path, e.to_string()))?;
    // SQLite silently opens a write-protected file read-only; every save would then fail.
    if conn.is_readonly("main").unwrap_or(true) {
        return Err(unwritable(path, "the file is read-only".to_owned()));
    }
    configure(&conn, true).map_err(|e| unwritable(path, e.to_string()))?;
    schema::migrate(&mut conn, schema::latest()).map_err(|e| unwritable(path, e.to_string()))?;
    Ok((conn, warning))
}

/// Settings every connection gets. `wal` also switches the file to WAL mode (persistent; the
/// in-memory VFS has no WAL).
///
/// `synchronous = FULL`: in WAL mode NORMAL already survives a killed process, but a power cut
/// can drop the last commits; FULL adds one fsync per commit, and commits here are rare (a run,
/// a note), so a saved run is saved for good.
pub(super) fn configure(conn: &Connection, wal: bool) -> rusqlite::Result<()> {
    conn.busy_timeout(BUSY_TIMEOUT)?;
    conn.pragma_update(None, "foreign_keys", true)?;
    if wal {
        // Returns the resulting mode; a file system without shared memory keeps the rollback
        // journal, which is just as atomic.
        let _mode: String =
            conn.pragma_update_and_check(None, "journal_mode", "wal", |r| r.get(0))?;
    }
    conn.pragma_update(None, "synchronous", "FULL")?;
    // A 256 MB run passes through the WAL; truncate it after checkpoints instead of keeping a
    // file that size beside the workspace.
    conn.pragma_update(None, "journal_size_limit", 64_i64 << 20)?;
    Ok(())
}

/// Look at what is at `path` without modifying it.
fn inspect(path: &Path) -> Verdict {
    let mut head = Vec::with_capacity(100);
    match std::fs::File::open(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Verdict::Fresh,
        Err(e) => return Verdict::Unreadable(e.to_string()),
        Ok(f) => {
            if let Err(e) = f.take(100).read_to_end(&mut head) {
                return Verdict::Unreadable(e.to_string());
            }
        }
    }
    if head.is_empty() {
        return Verdict::Fresh;
    }
    if !head.starts_with(SQLITE_MAGIC) {
        return Verdict::NotSqlite(what_it_is(&head));
    }
    if head.len() < 100 {
        return Verdict::SetAside(
            SetAsideReason::Corrupt,
            "it does not start with the SQLite header".to_owned(),
        );
    }
    let flags = OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let probe = Connection::open_with_flags(path, flags).and_then(|conn| {
        conn.busy_timeout(BUSY_TIMEOUT)?;
        let app: i32 = conn.pragma_query_value(None, "application_id", |r| r.get(0))?;
        let version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
        let mut stmt = conn.prepare(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name",
        )?;
        let tables = stmt
            .query_map([], |r| r.get::<_, String>(0))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok((app, version, tables))
    });
    match probe {
        Ok((APPLICATION_ID, version, _)) => Verdict::Ours(version),
        Ok((0, 0, tables)) if tables.is_empty() => Verdict::Fresh,
        Ok((app, version, tables)) => Verdict::SetAside(
            SetAsideReason::Foreign,
            format!(
                "application id {app:#x}, user version {version}, tables: {}",
                if tables.is_empty() {
                    "none".to_owned()
                } else {
                    tables.join(", ")
                }
            ),
        ),
        Err(e)
            if matches!(
                e.sqlite_error_code(),
                Some(ErrorCode::NotADatabase | ErrorCode::DatabaseCorrupt)
            ) =>
        {
            Verdict::SetAside(SetAsideReason::Corrupt, e.to_string())
        }
        Err(e) => Verdict::Unreadable(e.to_string()),
    }
}

/// What a file that is not SQLite seems to be, from its first bytes (magic numbers of the
/// common formats a path could be mistaken for).
fn what_it_is(head: &[u8]) -> String {
    let kinds: [(&[u8], &str); 7] = [
        (b"\x89PNG", "a PNG image"),
        (b"\xFF\xD8\xFF", "a JPEG image"),
        (b"%PDF", "a PDF document"),
        (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
        (b"\x1F\x8B", "a gzip file"),
        (b"PAR1", "a Parquet file"),
        (b"\x93NUMPY", "a NumPy .npy file"),
    ];
    if let Some((_, name)) = kinds.iter().find(|(magic, _)| head.starts_with(magic)) {
        return format!("it is {name}");
    }
    if std::str::from_utf8(head).is_ok() {
        "it is a text file".to_owned()
    } else {
        "it does not start with the SQLite header".to_owned()
    }
}

/// Rename `path` (and its SQLite side files) to `<path>.<reason>-<UTC stamp>[-n]`; returns the
/// new path. Nothing is deleted or rewritten.
fn set_aside(path: &Path, reason: SetAsideReason) -> std::io::Result<PathBuf> {
    let base = format!(
        "{}.{}-{}",
        path.display(),
        reason.as_str(),
        clock::file_stamp(clock::now_ms())
    );
    let mut target = PathBuf::from(&base);
    let mut n = 2;
    while target.exists() || side(&target, "-wal").exists() {
        target = PathBuf::from(format!("{base}-{n}"));
        n += 1;
    }
    std::fs::rename(path, &target)?;
    for suffix in ["-wal", "-shm", "-journal"] {
        let from = side(path, suffix);
        if from.exists() {
            std::fs::rename(&from, side(&target, suffix))?;
        }
    }
    Ok(target)
}

/// `path` with `suffix` appended to the file name (`x.sqlite` → `x.sqlite-wal`).
fn side(path: &Path, suffix: &str) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}
