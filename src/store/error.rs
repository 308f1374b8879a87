//! [`StoreError`]: what can go wrong in the workspace, and [`StoreWarning`]: what the workspace
//! did instead of failing (a file set aside, an in-memory fallback), for the UI to show.

use std::path::PathBuf;

/// An error from the SQLite workspace. The `Display` text is English (CLI, logs); the GUI
/// matches on the variant to translate it.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// SQLite reported an error.
    #[error("workspace {}: {what}: {source}", path.display())]
    Sqlite {
        /// The workspace file (`:memory:` for an in-memory workspace).
        path: PathBuf,
        /// What the workspace was doing.
        what: &'static str,
        /// SQLite's error.
        #[source]
        source: rusqlite::Error,
    },
    /// A file or folder could not be read, created or renamed.
    #[error("{}: {what}: {source}", path.display())]
    Io {
        /// The file or folder.
        path: PathBuf,
        /// What was being done.
        what: &'static str,
        /// The operating system's error.
        #[source]
        source: std::io::Error,
    },
    /// Stored data does not have the shape the schema promises (e.g. a vector BLOB of the
    /// wrong length): the row is unusable, the rest of the workspace is fine.
    #[error("workspace {}: {what}", path.display())]
    Malformed {
        /// The workspace file.
        path: PathBuf,
        /// What is wrong, naming the run and array.
        what: String,
    },
    /// A run id that is not (or no longer) in the workspace.
    #[error("workspace {}: no run with id {id}", path.display())]
    NoSuchRun {
        /// The workspace file.
        path: PathBuf,
        /// The id asked for.
        id: i64,
    },
    /// An argument the store cannot keep (e.g. an array whose data does not match its shape).
    #[error("invalid input to the workspace: {0}")]
    Invalid(String),
}

/// Why an existing workspace file was not used.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SetAsideReason {
    /// The bytes are not an SQLite database (or SQLite says the file is corrupt).
    Corrupt,
    /// An SQLite database, but not an embedscope workspace (another application id, or tables
    /// of its own).
    Foreign,
}

impl SetAsideReason {
    /// The word used in the renamed file (`workspace.sqlite.corrupt-…`).
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Corrupt => "corrupt",
            Self::Foreign => "foreign",
        }
    }
}

/// Something the user should know about the workspace: it still works, but not as they expect.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StoreWarning {
    /// The file at `path` was not a usable workspace; it was renamed to `moved_to` (its bytes
    /// untouched) and a fresh workspace was created at `path`.
    #[error(
        "the workspace file {} was {} ({detail}); it was kept as {} and a new workspace was started",
        path.display(),
        match reason { SetAsideReason::Corrupt => "damaged or not a database", SetAsideReason::Foreign => "not an embedscope workspace" },
        moved_to.display()
    )]
    SetAside {
        /// The workspace path.
        path: PathBuf,
        /// Where the old file is now.
        moved_to: PathBuf,
        /// Why it was set aside.
        reason: SetAsideReason,
        /// What was found (SQLite's message, the application id, the tables).
        detail: String,
    },
    /// The workspace lives in memory only: nothing will be kept after the app closes.
    #[error("working without a saved workspace: {reason}; results will not be kept after exit")]
    InMemory {
        /// Why.
        reason: InMemoryReason,
        /// The workspace file that could not be used, if there was one.
        path: Option<PathBuf>,
    },
}

/// Why the workspace is in memory.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum InMemoryReason {
    /// The platform has no per-user data folder (no `HOME`, no `XDG_DATA_HOME`).
    #[error("there is no per-user data folder (set XDG_DATA_HOME or pass --workspace PATH)")]
    NoDataDir,
    /// The folder or file cannot be written.
    #[error("{} cannot be written ({detail})", path.display())]
    Unwritable {
        /// The folder or file.
        path: PathBuf,
        /// The operating system's or SQLite's message.
        detail: String,
    },
    /// The file is not an SQLite database at all (an image, a text file…): most likely the
    /// wrong path. It is left untouched; the command line refuses it.
    #[error(
        "{} is not an SQLite database ({detail}); it was left untouched — give --workspace the path of a workspace file (or of a file to create)",
        path.display()
    )]
    NotADatabase {
        /// The file.
        path: PathBuf,
        /// What it seems to be.
        detail: String,
    },
    /// The file was written by a newer embedscope (schema `found` > `known`); it is left as it
    /// is so that the newer version still finds it.
    #[error(
        "{} comes from a newer embedscope (schema version {found}, this version knows up to {known}); it was left untouched",
        path.display()
    )]
    Newer {
        /// The workspace file.
        path: PathBuf,
        /// Its `user_version`.
        found: i64,
        /// The newest version this build knows.
        known: i64,
    },
}
