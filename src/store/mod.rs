//! The workspace: one SQLite file per user that remembers datasets, runs (vectors, maps,
//! metrics), notes and bookmarks, so reopening a dataset shows the last map without
//! recomputing.
//!
//! Only this module uses `rusqlite` (ARCHITECTURE §1). A [`Workspace`] is one connection: it is
//! `Send` but not shared between threads — a worker opens its own through
//! [`Workspace::location`] → [`Location::connect`]. Every write is one transaction; the file is
//! in WAL mode with `synchronous = FULL`, so a process killed mid-save leaves the previous
//! complete runs readable (tested in `tests/store.rs` by SIGKILLing a child mid-write).
//!
//! Opening never overwrites a file that is not ours (see [`open`]): garbage or a foreign
//! database is renamed aside, a read-only place or a newer schema gives an in-memory workspace;
//! [`Workspace::warning`] says what happened. The workspace makes no network connections.

mod arrays;
pub mod bookmarks;
pub mod clock;
mod error;
pub mod fingerprint;
pub mod goals;
pub mod notes;
mod open;
pub mod projections;
pub mod runs;
pub mod schema;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use rusqlite::{Connection, OpenFlags};

pub use error::{InMemoryReason, SetAsideReason, StoreError, StoreWarning};
pub use fingerprint::{Fingerprint, OnBytes};
pub use projections::ProjectionMeta;
pub use runs::{NewRun, RunInfo, StoredRun};

/// File name of the workspace inside the data folder.
pub const FILE_NAME: &str = "workspace.sqlite";

/// Where a workspace lives; clone it to another thread and [`connect`](Self::connect) there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// A file on disk.
    File(PathBuf),
    /// Memory of this process (SQLite's `memdb` VFS under this name): gone when the last
    /// connection closes.
    Memory(String),
}

impl Location {
    /// A new connection to the same workspace, for use on the calling thread. The schema is
    /// already in place (the first [`Workspace`] made it), so nothing is inspected or migrated.
    ///
    /// # Errors
    /// SQLite cannot open the file (it was moved, permissions changed).
    pub fn connect(&self) -> Result<Workspace, StoreError> {
        let err = |source| StoreError::Sqlite {
            path: self.display_path(),
            what: "opening another connection",
            source,
        };
        let conn = match self {
            Self::File(p) => {
                let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
                let conn = Connection::open_with_flags(p, flags).map_err(err)?;
                open::configure(&conn, false).map_err(err)?;
                conn
            }
            Self::Memory(name) => memory_connection(name).map_err(err)?,
        };
        Ok(Workspace {
            conn,
            location: self.clone(),
            warning: None,
        })
    }

    /// The file, or `None` in memory.
    #[must_use]
    pub fn file(&self) -> Option<&Path> {
        match self {
            Self::File(p) => Some(p),
            Self::Memory(_) => None,
        }
    }

    fn display_path(&self) -> PathBuf {
        match self {
            Self::File(p) => p.clone(),
            Self::Memory(_) => PathBuf::from(":memory:"),
        }
    }
}

/// An open workspace (one SQLite connection).
#[derive(Debug)]
pub struct Workspace {
    conn: Connection,
    location: Location,
    warning: Option<StoreWarning>,
}

impl Workspace {
    /// Open the workspace file at `path`, creating it (and its folder) if needed.
    ///
    /// Never fails for reasons of the file: a corrupt or foreign file is renamed aside and a new
    /// one started; a read-only location or a newer schema gives an in-memory workspace. Check
    /// [`warning`](Self::warning) and show it.
    ///
    /// # Errors
    /// Only if even an in-memory database cannot be created (out of memory).
    pub fn open(path: impl AsRef<Path>) -> Result<Self, StoreError> {
        let path = path.as_ref();
        match open::open_file(path) {
            Ok((conn, warning)) => Ok(Self {
                conn,
                location: Location::File(path.to_path_buf()),
                warning,
            }),
            Err(reason) => Self::in_memory(Some(StoreWarning::InMemory {
                reason,
                path: Some(path.to_path_buf()),
            })),
        }
    }

    /// Open the per-user workspace at [`default_path`].
    ///
    /// # Errors
    /// As [`open`](Self::open).
    pub fn open_default() -> Result<Self, StoreError> {
        match default_path() {
            Some(path) => Self::open(path),
            None => Self::in_memory(Some(StoreWarning::InMemory {
                reason: InMemoryReason::NoDataDir,
                path: None,
            })),
        }
    }

    /// A workspace in memory only, carrying `warning` (why it is not on disk) for the UI.
    ///
    /// # Errors
    /// SQLite could not create the database (out of memory).
    pub fn in_memory(warning: Option<StoreWarning>) -> Result<Self, StoreError> {
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let name = format!(
            "/embedscope-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        let err = |source| StoreError::Sqlite {
            path: PathBuf::from(":memory:"),
            what: "creating an in-memory workspace",
            source,
        };
        let mut conn = memory_connection(&name).map_err(err)?;
        schema::migrate(&mut conn, schema::latest()).map_err(err)?;
        Ok(Self {
            conn,
            location: Location::Memory(name),
            warning,
        })
    }

    /// What the user should know about this workspace (a file set aside, memory only).
    #[must_use]
    pub fn warning(&self) -> Option<&StoreWarning> {
        self.warning.as_ref()
    }

    /// Where this workspace lives (to connect from another thread).
    #[must_use]
    pub fn location(&self) -> &Location {
        &self.location
    }

    /// The workspace file, or `None` for an in-memory workspace.
    #[must_use]
    pub fn path(&self) -> Option<&Path> {
        self.location.file()
    }

    /// The schema version of the open workspace.
    ///
    /// # Errors
    /// SQLite errors.
    pub fn schema_version(&self) -> Result<i64, StoreError> {
        self.conn
            .pragma_query_value(None, "user_version", |r| r.get(0))
            .map_err(|e| self.sql("reading the schema version", e))
    }

    /// A [`StoreError::Sqlite`] naming this workspace.
    fn sql(&self, what: &'static str, source: rusqlite::Error) -> StoreError {
        StoreError::Sqlite {
            path: self.location.display_path(),
            what,
            source,
        }
    }

    /// The path to name in errors (`:memory:` in memory).
    fn display_path(&self) -> PathBuf {
        self.location.display_path()
    }
}

/// `<platform data folder>/embedscope/workspace.sqlite`: `$XDG_DATA_HOME` (or
/// `~/.local/share`) on Linux, `~/Library/Application Support` on macOS, `%APPDATA%` on
/// Windows. `None` when the platform has no such folder.
#[must_use]
pub fn default_path() -> Option<PathBuf> {
    dirs::data_dir().map(|d| d.join("embedscope").join(FILE_NAME))
}

/// A connection to the named in-memory database (`memdb` VFS: several connections of this
/// process share it, with ordinary locking).
fn memory_connection(name: &str) -> rusqlite::Result<Connection> {
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
        | OpenFlags::SQLITE_OPEN_CREATE
        | OpenFlags::SQLITE_OPEN_URI
        | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(format!("file:{name}?vfs=memdb"), flags)?;
    open::configure(&conn, false)?;
    Ok(conn)
}
