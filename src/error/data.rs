//! The errors of reading a dataset: [`DataError`], one variant per kind of problem, each
//! saying where (file, line, column) and what was expected. Re-exported as
//! `crate::error::DataError`.

use std::path::PathBuf;

use super::detail::{no_vector_column_text, several_vectors_text, word2vec_header_text};
use super::{FieldsLike, FirstVector, Location, NpyProblem, Separator, SparkProblem, detail};

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
    #[error(
        "{file}:1: missing required column \"{column}\" (header has: {found}{})",
        separator_hint.map_or_else(String::new, |s| format!(" — a single column: the file seems to be separated by {s}"))
    )]
    MissingColumn {
        /// File name.
        file: String,
        /// The required column.
        column: String,
        /// The columns that are there, comma-separated.
        found: String,
        /// The header is one column holding this separator: the file uses another delimiter.
        separator_hint: Option<Separator>,
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
        /// The file that defines ids of this kind (boxed to keep the error small).
        defined_in: Box<str>,
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
    /// A line of a delimited file without a header whose number of fields differs from the
    /// file's first line, or from the fixed number the format has (MovieLens `u.data`: four).
    #[error(
        "{at}: expected {expected} fields separated by {separator} {like}, found {found}{}",
        if *space_inside { " (a space where a tab belongs?)" } else { "" }
    )]
    FieldCount {
        /// Where (the line).
        at: Location,
        /// Fields the first line (or the format) has.
        expected: usize,
        /// Fields on this line.
        found: usize,
        /// The file's separator.
        separator: Separator,
        /// What fixes the count: the first line, or the format's columns.
        like: FieldsLike,
        /// The separator is a tab, the line has too few fields and holds a space.
        space_inside: bool,
    },
    /// A file named on the command line (a split file…) that does not exist.
    #[error("{file}: file not found")]
    FileNotFound {
        /// The path as given.
        file: String,
    },
    /// An interactions file whose lines are long rows of numbers: vectors without ids.
    #[error(
        "{file}: looks like vectors without ids (line {line} holds {numbers} numbers), not an interactions file user<TAB>item<TAB>rating<TAB>timestamp; name it vectors.tsv to open it as Embedding Projector vectors"
    )]
    LooksLikeVectors {
        /// File name.
        file: String,
        /// The 1-based line looked at.
        line: u64,
        /// Numbers on it.
        numbers: usize,
    },
    /// A line split by another separator than the format's (too few fields, and another
    /// separator on the line).
    #[error(
        "{at}: expected {expected} fields separated by {separator}, found {found} — the line is separated by {used} instead"
    )]
    WrongSeparator {
        /// Where (the line).
        at: Location,
        /// Fields the format needs.
        expected: usize,
        /// The format's separator.
        separator: Separator,
        /// Fields found with it.
        found: usize,
        /// The separator the line seems to use.
        used: Separator,
    },
    /// A quoted CSV field that never closes (it swallows the rest of the file).
    #[error(
        "{at}: a quoted field starting on this line never closes (expected {expected} fields like the header, found {found}; a quote inside a field is written \"\")"
    )]
    UnclosedQuote {
        /// Where (the line the field starts on).
        at: Location,
        /// Fields in the header.
        expected: usize,
        /// Fields read.
        found: usize,
    },
    /// A header with more columns than supported (usually the wrong file or separator).
    #[error(
        "{at}: the header has {columns} columns; at most {max} are supported (is this the right file?)"
    )]
    TooManyColumns {
        /// Where (line 1).
        at: Location,
        /// Columns in the header.
        columns: usize,
        /// The most supported.
        max: usize,
    },
    /// A vector whose length differs from the first vector's.
    #[error("{at}: expected {expected} numbers like the first vector{}, found {found}", detail::first_vector_suffix(first.as_ref()))]
    VectorLength {
        /// Where.
        at: Location,
        /// The first vector's length.
        expected: usize,
        /// This vector's length.
        found: usize,
        /// Where the first vector is, when known.
        first: Option<FirstVector>,
    },
    /// A number beyond the range of a 32-bit float.
    #[error("{at}: {found} is too large for a 32-bit float (at most ±3.4e38)")]
    TooLargeForF32 {
        /// Where.
        at: Location,
        /// The number as written.
        found: String,
    },
    /// A timestamp after the year 3000 (usually milliseconds).
    #[error("{at}: {found} is after the year 3000 — milliseconds? (expected Unix seconds)")]
    TimestampTooLate {
        /// Where.
        at: Location,
        /// The timestamp as written.
        found: String,
    },
    /// A JSON Lines line that is not a JSON object (the detail is `serde_json`'s English text).
    #[error("{at}: {detail}")]
    InvalidJson {
        /// Where (the line).
        at: Location,
        /// What the JSON parser says, e.g. `invalid JSON: expected value at character 1`.
        detail: String,
    },
    /// A `.npy` file this app cannot read.
    #[error("{file}: {problem}")]
    Npy {
        /// File name.
        file: String,
        /// What is wrong (boxed to keep the error at most 128 bytes).
        problem: Box<NpyProblem>,
    },
    /// A binary word2vec file that ends inside a vector.
    #[error("{file}: the file ends inside vector {vector} of {count} (truncated?)")]
    VectorsTruncated {
        /// File name.
        file: String,
        /// The 1-based vector that is cut off.
        vector: usize,
        /// Vectors the header announces.
        count: usize,
    },
    /// A Parquet file the reader rejects (damaged, truncated, not Parquet); `reason` is the
    /// `parquet` crate's English text or the check that failed.
    #[error("{file}: cannot read the Parquet file: {reason}")]
    Parquet {
        /// File name.
        file: String,
        /// What failed.
        reason: String,
    },
    /// The vector column (or JSON field) asked for does not exist, or no column holds vectors.
    #[error("{file}: {}", no_vector_column_text(wanted.as_deref(), candidates, *fields))]
    NoVectorColumn {
        /// File name.
        file: String,
        /// The name asked for (`--vector-column`), if any.
        wanted: Option<String>,
        /// The columns (fields) that do hold vectors.
        candidates: Vec<String>,
        /// JSON fields rather than table columns.
        fields: bool,
    },
    /// The file holds no data rows: no JSON objects (JSONL) or no vectors (Parquet).
    #[error("{file}: {}", if *json { "no JSON objects (the file is empty or blank)" } else { "no rows (the file holds no vectors)" })]
    NoRows {
        /// File name.
        file: String,
        /// A JSON-lines file (else a vector table).
        json: bool,
    },
    /// A metadata table beside a vector file has a different number of rows than there are
    /// vectors.
    #[error(
        "{file}: {rows} metadata rows for {vectors} vectors in {vectors_file} (the first line is the header; one row per vector)"
    )]
    MetadataRows {
        /// The metadata file.
        file: String,
        /// Its data rows.
        rows: usize,
        /// Vectors in the vector file.
        vectors: usize,
        /// The vector file.
        vectors_file: String,
    },
    /// An item of the dataset has no row in its vector file.
    #[error("{file}: no vector for item \"{item}\" (every item in {items_file} needs one row)")]
    MissingVector {
        /// The vector file.
        file: String,
        /// The item id without a vector.
        item: String,
        /// The item table.
        items_file: String,
    },
    /// A saved Spark `ALSModel` folder this app cannot read (`file` names the folder or part).
    #[error("{file}: {problem}")]
    SparkModel {
        /// The folder or part file, inside the model folder (`userFactors/part-00000-….parquet`).
        file: String,
        /// What is wrong (boxed to keep the error small).
        problem: Box<SparkProblem>,
    },
    /// The word2vec binary header is missing or gives an impossible dimension.
    #[error("{file}: {}", word2vec_header_text(*dim, *max))]
    Word2vecHeader {
        /// File name.
        file: String,
        /// The dimension the header gives, when it has a `count dim` line.
        dim: Option<usize>,
        /// The largest dimension accepted.
        max: usize,
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
