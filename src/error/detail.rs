//! Typed details carried by [`DataError`](super::DataError) variants: which first vector a
//! length is compared with, which separator a line uses, what is wrong with a `.npy` header;
//! and the wording of the variants whose message has several cases (vector columns, the
//! word2vec header).
//! Their `Display` is the English wording of the CLI; the GUI translates them field by field
//! (`gui/i18n/data_errors.rs`).

/// The first vector of a file, which fixes the length every other vector must have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FirstVector {
    /// On a 1-based line of a text file.
    Line(u64),
    /// A 0-based row of a Parquet file.
    Row(usize),
    /// The n-th (1-based) vector of a file without lines (word2vec binary).
    Vector(usize),
}

impl std::fmt::Display for FirstVector {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Line(n) => write!(f, "line {n}"),
            Self::Row(n) => write!(f, "row {n}"),
            Self::Vector(n) => write!(f, "vector {n}"),
        }
    }
}

/// ` (line 3)` after "the first vector", or nothing when it is not known.
pub(super) fn first_vector_suffix(first: Option<&FirstVector>) -> String {
    first.map_or_else(String::new, |f| format!(" ({f})"))
}

/// The message of [`DataError::SeveralVectorColumns`](super::DataError::SeveralVectorColumns)
/// after the file name.
pub(super) fn several_vectors_text(candidates: &[String], fields: bool) -> String {
    let list = candidates.join(", ");
    if fields {
        format!(
            "several fields hold vectors ({list}); name one \"vector\" or choose it with --vector-column"
        )
    } else {
        format!("several columns hold vectors ({list}); choose one with --vector-column")
    }
}

/// The message of [`DataError::NoVectorColumn`](super::DataError::NoVectorColumn) after the
/// file name.
pub(super) fn no_vector_column_text(
    wanted: Option<&str>,
    candidates: &[String],
    fields: bool,
) -> String {
    let list = if candidates.is_empty() {
        "none".to_owned()
    } else {
        candidates.join(", ")
    };
    match (wanted, fields) {
        (Some(w), false) => {
            format!("no vector column \"{w}\" (columns holding lists of floats: {list})")
        }
        (Some(w), true) => {
            format!("no vector field \"{w}\" (fields holding arrays of numbers: {list})")
        }
        (None, false) => "no column holds a list of floats (expected a vector column: list<float> or fixed_size_list<float>)".to_owned(),
        (None, true) => "no field holds an array of numbers".to_owned(),
    }
}

/// The message of [`DataError::Word2vecHeader`](super::DataError::Word2vecHeader) after the
/// file name: no `count dim` line (`dim` = `None`) or a dimension outside 1 to `max`.
pub(super) fn word2vec_header_text(dim: Option<usize>, max: usize) -> String {
    match dim {
        None => "expected a first line \"count dim\" (word2vec binary format)".to_owned(),
        Some(d) => format!("the header says {d} dimensions; expected 1 to {max}"),
    }
}

/// What fixes the number of fields every line of a delimited file must have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldsLike {
    /// The file's first data line (1-based line number).
    Line(u64),
    /// The format's columns, e.g. `user, item, rating, timestamp`.
    Format(&'static str),
}

impl std::fmt::Display for FieldsLike {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Line(n) => write!(f, "like line {n}"),
            Self::Format(columns) => write!(f, "({columns})"),
        }
    }
}

/// A field separator, named in messages about a line split by the wrong one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Separator {
    /// `\t`.
    Tab,
    /// `,`.
    Comma,
    /// `;`.
    Semicolon,
    /// `|`.
    Pipe,
    /// ` `.
    Space,
    /// `::` (MovieLens 1M / 10M `.dat` files).
    DoubleColon,
    /// Anything else.
    Other,
}

impl Separator {
    /// The separator a string stands for.
    #[must_use]
    pub fn of(sep: &str) -> Self {
        match sep {
            "\t" => Self::Tab,
            "," => Self::Comma,
            ";" => Self::Semicolon,
            "|" => Self::Pipe,
            " " => Self::Space,
            "::" => Self::DoubleColon,
            _ => Self::Other,
        }
    }
}

impl std::fmt::Display for Separator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Tab => "tabs",
            Self::Comma => "commas",
            Self::Semicolon => "semicolons",
            Self::Pipe => "\"|\"",
            Self::Space => "spaces",
            Self::DoubleColon => "\"::\"",
            Self::Other => "another separator",
        })
    }
}

/// What is wrong with a NumPy `.npy` file's header (or its size).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NpyProblem {
    /// It does not start with the `\x93NUMPY` magic.
    NotNpy,
    /// The file ends before the header does.
    HeaderTruncated,
    /// A format version other than 1.0, 2.0, 3.0.
    Version {
        /// Major version byte.
        major: u8,
        /// Minor version byte.
        minor: u8,
    },
    /// The header dictionary lacks `descr`, `fortran_order` or `shape`, or cannot be parsed.
    Unreadable {
        /// The header text as found.
        header: String,
    },
    /// An element type other than float32/float64.
    Dtype {
        /// The `descr` found, e.g. `<i8`.
        found: String,
    },
    /// Column-major order.
    Fortran,
    /// Not a 2-D array.
    Dimensions {
        /// The shape as written, e.g. `(3,)`.
        shape: String,
        /// How many dimensions it has.
        found: usize,
    },
    /// Zero rows or zero columns.
    NoVectors {
        /// The shape as written.
        shape: String,
    },
    /// Fewer data bytes than the shape needs.
    DataTruncated {
        /// Data bytes in the file.
        have: u128,
        /// Data bytes the shape needs.
        needed: u128,
        /// The shape as written.
        shape: String,
        /// `float32` or `float64`.
        dtype: &'static str,
    },
}

impl std::fmt::Display for NpyProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::NotNpy => f.write_str("not a NumPy .npy file (it does not start with \\x93NUMPY)"),
            Self::HeaderTruncated => f.write_str("the file ends inside the .npy header (truncated?)"),
            Self::Version { major, minor } => write!(
                f,
                ".npy format version {major}.{minor} is not supported (expected 1.0, 2.0 or 3.0)"
            ),
            Self::Unreadable { header } => write!(
                f,
                "cannot read the .npy header {header} (expected 'descr', 'fortran_order' and 'shape')"
            ),
            Self::Dtype { found } => write!(
                f,
                "dtype '{found}' is not supported (expected float32 '<f4' or float64 '<f8')"
            ),
            Self::Fortran => f.write_str(
                "the array is in Fortran (column-major) order; save it in C order (numpy.ascontiguousarray)",
            ),
            Self::Dimensions { shape, found } => write!(
                f,
                "shape {shape} has {found} dimension(s); expected 2 (rows × dimensions)"
            ),
            Self::NoVectors { shape } => write!(
                f,
                "shape {shape} holds no vectors (expected at least one row and one column)"
            ),
            Self::DataTruncated {
                have,
                needed,
                shape,
                dtype,
            } => write!(
                f,
                "the file holds {have} of the {needed} data bytes of a {shape} {dtype} array (truncated?)"
            ),
        }
    }
}
