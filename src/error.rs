//! Error types, one `thiserror` enum per layer, and the crate-wide [`Result`] alias.
//!
//! Data errors always say *where* (file, line, column) and *what was expected*, so a user can
//! open the file and fix it: `items.csv:42: column "price": expected a number, found "cheap"`.

use std::path::PathBuf;

pub use crate::store::{StoreError, StoreWarning};

/// Where in a file a problem was found. `line` is 1-based and counts the header line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    /// File name as shown to the user (the path relative to the dataset folder where possible).
    pub file: String,
    /// 1-based line number, if the problem is on a line.
    pub line: Option<u64>,
    /// Column name (or field name, or a free description like `row 3, value 2`), if the problem
    /// is in one part of the line; [`Self::part`] says how to print it.
    pub column: Option<String>,
    /// What `column` names: a CSV column, a JSON field, or a place printed as written.
    pub part: Part,
}

/// What the `column` of a [`Location`] names, for messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Part {
    /// A column of a table: `column "price"`.
    #[default]
    Column,
    /// A field of a JSON object: `field "price"`.
    Field,
    /// A place described in words, printed as written: `row 3, value 2`.
    Free,
}

impl std::fmt::Display for Location {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(line) = self.line {
            write!(f, ":{line}")?;
        }
        if let Some(column) = &self.column {
            match self.part {
                Part::Column => write!(f, ": column \"{column}\"")?,
                Part::Field => write!(f, ": field \"{column}\"")?,
                Part::Free => write!(f, ": {column}")?,
            }
        }
        Ok(())
    }
}

/// What went wrong while reading a dataset. Each variant names a kind of problem that the GUI
/// can translate; the `Display` text is the English message used by the CLI and logs.
#[derive(Debug, thiserror::Error)]
pub enum DataError {
    /// The dataset folder itself does not exist or is not a folder.
    #[error("{}: not a dataset folder (it does not exist or is not a directory)", path.display())]
    NotAFolder {
        /// The path the user gave.
        path: PathBuf,
    },
    /// The path exists but holds no layout this app reads.
    #[error(
        "{}: not a dataset this app can read (expected a folder with items.csv or items.jsonl, a MovieLens folder with u.data, ratings.dat or ratings.csv + movies.csv, a projector vectors.tsv, word vectors (.vec, .txt, .bin), a .jsonl, .npy or .parquet file, or an interactions file user<TAB>item<TAB>rating<TAB>timestamp)",
        path.display()
    )]
    UnknownFormat {
        /// The path the user gave.
        path: PathBuf,
    },
    /// A required file is missing.
    #[error("{file}: file not found (a dataset folder needs items.csv)")]
    MissingFile {
        /// File name within the dataset folder.
        file: String,
    },
    /// The file could not be read at all.
    #[error("{file}: cannot read the file: {reason}")]
    Io {
        /// File name.
        file: String,
        /// The operating system's message.
        reason: String,
    },
    /// The file has no header line (0 bytes or only blank lines).
    #[error("{file}: the file is empty (expected a header line and data rows)")]
    Empty {
        /// File name.
        file: String,
    },
    /// The file has a header but no data rows.
    #[error("{file}: only a header line, no data rows")]
    HeaderOnly {
        /// File name.
        file: String,
    },
    /// A column the format requires is absent from the header.
    #[error("{file}:1: missing required column \"{column}\" (header has: {found})")]
    MissingColumn {
        /// File name.
        file: String,
        /// The required column.
        column: String,
        /// The columns that are there, comma-separated.
        found: String,
    },
    /// A value that should be a number is not one.
    #[error("{at}: expected a number, found \"{found}\"")]
    NotANumber {
        /// Where.
        at: Location,
        /// The text found.
        found: String,
    },
    /// A number is NaN or infinite.
    #[error(
        "{at}: expected a finite number, found \"{found}\" (NaN and infinity cannot be placed on a map)"
    )]
    NotFinite {
        /// Where.
        at: Location,
        /// The text found.
        found: String,
    },
    /// The same id appears twice.
    #[error("{at}: duplicate id \"{id}\" (first seen on line {first_line})")]
    DuplicateId {
        /// Where the second occurrence is.
        at: Location,
        /// The id.
        id: String,
        /// Line of the first occurrence.
        first_line: u64,
    },
    /// An interaction names a user or item that is not defined.
    #[error("{at}: unknown {kind} id \"{id}\" (not in {defined_in})")]
    UnknownId {
        /// Where.
        at: Location,
        /// "user" or "item".
        kind: &'static str,
        /// The id (boxed to keep the error at most 120 bytes).
        id: Box<str>,
        /// The file that defines ids of this kind.
        defined_in: &'static str,
    },
    /// An empty value where one is required (e.g. an id).
    #[error("{at}: empty value (a value is required here)")]
    EmptyValue {
        /// Where.
        at: Location,
    },
    /// Bytes that are not valid UTF-8.
    #[error("{at}: the text is not valid UTF-8 (save the file as UTF-8)")]
    NotUtf8 {
        /// Where.
        at: Location,
    },
    /// A row with a different number of fields than the header.
    #[error("{at}: expected {expected} fields like the header, found {found}")]
    Ragged {
        /// Where.
        at: Location,
        /// Fields in the header.
        expected: usize,
        /// Fields in this row.
        found: usize,
    },
    /// A split file line without both a user and an item.
    #[error(
        "{at}: expected tab-separated user and item ids (user<TAB>item<TAB>rating<TAB>timestamp), found {found} field(s)"
    )]
    TooFewFields {
        /// Where.
        at: Location,
        /// Fields found.
        found: usize,
    },
    /// `dataset.toml` is not valid — or another problem that has no variant of its own yet
    /// (invalid JSON on a line, a bad `.npy` header…; see [`DataError::invalid`]): `file` may
    /// then carry a line (`items.jsonl:7`), and the message is `{file}: {reason}`.
    #[error("{file}: {reason}")]
    Manifest {
        /// File name.
        file: String,
        /// What is wrong.
        reason: String,
    },
    /// Several columns (Parquet) or fields (JSONL) hold vectors and none was chosen: the GUI
    /// asks which, the CLI takes `--vector-column`.
    #[error("{file}: {}", several_vectors_text(candidates, *fields))]
    SeveralVectorColumns {
        /// File name.
        file: String,
        /// The columns holding vectors, in file order.
        candidates: Vec<String>,
        /// JSON fields rather than table columns.
        fields: bool,
    },
    /// Nothing numeric to build vectors from.
    #[error("{file}: no numeric feature columns, so there is nothing to place on the map")]
    NoFeatures {
        /// File name.
        file: String,
    },
}

fn several_vectors_text(candidates: &[String], fields: bool) -> String {
    let list = candidates.join(", ");
    if fields {
        format!(
            "several fields hold vectors ({list}); name one \"vector\" or choose it with --vector-column"
        )
    } else {
        format!("several columns hold vectors ({list}); choose one with --vector-column")
    }
}

impl DataError {
    /// A located problem without a variant of its own, printed as `{at}: {reason}`, e.g.
    /// `items.jsonl:7: invalid JSON: expected value at character 12`.
    ///
    /// It is carried by [`DataError::Manifest`] so that the GUI's translation table (which
    /// matches every variant) keeps working; the reason stays in English there.
    #[must_use]
    pub fn invalid(at: &Location, reason: impl Into<String>) -> Self {
        Self::Manifest {
            file: at.to_string(),
            reason: reason.into(),
        }
    }

    /// A problem with a whole file (no line), printed as `{file}: {reason}`.
    #[must_use]
    pub fn in_file(file: &str, reason: impl Into<String>) -> Self {
        Self::Manifest {
            file: file.to_owned(),
            reason: reason.into(),
        }
    }
}

/// Errors from the compute layers (embed, index, project) and the pipeline around them.
#[derive(Debug, thiserror::Error)]
pub enum PipelineError {
    /// Loading or validating the dataset failed.
    #[error(transparent)]
    Data(#[from] DataError),
    /// Parameters are outside their valid range.
    #[error("invalid parameter: {0}")]
    InvalidParams(String),
    /// A numeric routine could not produce a result (e.g. an eigen solver failed).
    #[error("numerical failure in {stage}: {reason}")]
    Numerical {
        /// The stage that failed.
        stage: &'static str,
        /// Why.
        reason: String,
    },
    /// The worker could not be started.
    #[error("could not start the worker thread: {0}")]
    Thread(String),
    /// The workspace (SQLite) failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// The user pressed Cancel (not an error to show; it ends the job quietly).
    #[error("cancelled")]
    Cancelled,
}

/// Crate-wide result type.
pub type Result<T, E = PipelineError> = std::result::Result<T, E>;

/// Errors while writing an export (`report`).
#[derive(Debug, thiserror::Error)]
pub enum ReportError {
    /// The file could not be written.
    #[error("{path}: cannot write the file: {reason}")]
    Write {
        /// The path as given.
        path: String,
        /// The operating system's message.
        reason: String,
    },
    /// The coordinates (or colours) do not match the run's points.
    #[error("the map has {found} points but the run has {expected}")]
    Shape {
        /// Points in the run.
        expected: usize,
        /// Rows given.
        found: usize,
    },
    /// A point or user that is not in the run.
    #[error("{0}")]
    NotInRun(String),
    /// The image could not be encoded.
    #[error("cannot encode the PNG image: {0}")]
    Png(String),
}
