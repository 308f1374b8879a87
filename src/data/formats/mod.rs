//! File formats that load into a [`Dataset`](crate::data::Dataset). One file per format, plus
//! [`detect`] / [`load`] that pick the format from what a path holds (`--format` overrides).

pub mod csv_table;
#[doc(hidden)]
pub mod fuzzing;
pub mod jsonl;
pub mod jsonl_dataset;
pub mod movielens;
pub mod native;
pub mod npy;
pub mod npy_dataset;
mod parquet_batch;
pub mod parquet_checks;
pub mod parquet_file;
pub mod parquet_folder;
mod parquet_levels;
mod parquet_rows;
pub mod parquet_scan;
pub mod parquet_window;
pub mod part_folder;
pub mod progress;
pub mod ratings;
pub mod spark_als;
pub mod table_sample;
mod table_uniform;
pub mod text_lines;
pub mod vectors;

use std::path::{Path, PathBuf};

pub use native::load_native;

use crate::data::Dataset;
use crate::error::{ComputeError, DataError};
use crate::progress::Progress;

/// The formats a dataset path can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Format {
    /// A folder with `items.csv` (+ `users.csv`, `interactions.csv`, `item_vectors.csv`).
    Native,
    /// A MovieLens folder (100k `u.data`, 1M/10M `ratings.dat`, or `ratings.csv` + `movies.csv`).
    Movielens,
    /// One interactions file: `user<TAB>item[<TAB>rating<TAB>timestamp]` (or CSV with a header).
    Interactions,
    /// TensorFlow Embedding Projector `vectors.tsv` (+ `metadata.tsv`).
    Projector,
    /// word2vec / GloVe / fastText vectors (text, or word2vec binary for `.bin`).
    WordVectors,
    /// JSON Lines: a folder with `items.jsonl` (+ users, interactions), one `.jsonl` file, or
    /// a folder of `part-*.jsonl` parts ([`part_folder`]).
    Jsonl,
    /// A NumPy `.npy` matrix (float32/float64, C order), with a metadata `.csv`/`.tsv` beside it,
    /// or a folder of `part-*.npy` parts ([`part_folder`]).
    Npy,
    /// An Apache Parquet file with a `list<float>` vector column.
    Parquet,
    /// A saved Spark MLlib `ALSModel` folder (`metadata/`, `userFactors/`, `itemFactors/`).
    SparkAls,
}

impl Format {
    /// Every format, in the order the CLI lists them.
    pub const ALL: [Self; 9] = [
        Self::Native,
        Self::Movielens,
        Self::Interactions,
        Self::Projector,
        Self::WordVectors,
        Self::Jsonl,
        Self::Npy,
        Self::Parquet,
        Self::SparkAls,
    ];

    /// Stable name used in JSON and the CLI.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Native => "native",
            Self::Movielens => "movielens",
            Self::Interactions => "interactions",
            Self::Projector => "projector",
            Self::WordVectors => "word-vectors",
            Self::Jsonl => "jsonl",
            Self::Npy => "npy",
            Self::Parquet => "parquet",
            Self::SparkAls => "spark-als",
        }
    }
}

impl std::str::FromStr for Format {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
        .find(|f| f.as_str() == s)
        .ok_or_else(|| {
            format!(
                "unknown format \"{s}\" (expected native, movielens, interactions, projector, word-vectors, jsonl, npy, parquet or spark-als)"
            )
        })
    }
}

/// A file inside a dataset folder stands for the folder (what users drop or pick in a dialog);
/// a file that is not part of a known folder layout stays a file; a folder of no known layout
/// that holds exactly one file of a vector format stands for that file ([`lone_vector_file`]).
#[must_use]
pub fn dataset_root(path: &Path) -> PathBuf {
    if path.is_dir() {
        // A folder inside a Spark model (`userFactors/`, dropped by mistake) stands for the model.
        if let Some(model) = path.parent()
            && !spark_als::is_spark_als_folder(path)
            && spark_als::is_spark_als_folder(model)
        {
            return model.to_path_buf();
        }
        return lone_vector_file(path).unwrap_or_else(|| path.to_path_buf());
    }
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    // Files that are datasets of their own, even beside a dataset folder's tables.
    let standalone = [".jsonl", ".ndjson", ".npy", ".parquet", ".pq"]
        .iter()
        .any(|ext| name.ends_with(ext))
        && !jsonl_dataset::TABLES.contains(&name.as_str());
    // A bare file name (`items.jsonl` typed in its folder) has the parent "": the current folder.
    let parent = path.parent().map(|d| {
        if d.as_os_str().is_empty() {
            Path::new(".")
        } else {
            d
        }
    });
    if path.is_file()
        && !standalone
        && let Some(dir) = parent
        && (dir.join("items.csv").is_file()
            || dir.join("items.jsonl").is_file()
            || movielens::detect(dir).is_some()
            || name == "metadata.tsv")
    {
        return dir.to_path_buf();
    }
    path.to_path_buf()
}

/// Whether `dir` has one of the folder layouts (native, JSONL, MovieLens, projector).
fn is_dataset_folder(dir: &Path) -> bool {
    dir.join("items.csv").is_file()
        || dir.join("items.jsonl").is_file()
        || movielens::detect(dir).is_some()
        || dir.join("vectors.tsv").is_file()
        || spark_als::is_spark_als_folder(dir)
}

/// The one file of a vector format in a folder that has no folder layout of its own: a
/// `.npy`, `.parquet`/`.pq`, `.jsonl`/`.ndjson`, word vectors (`.vec`, `.bin`, or a `.txt`
/// that [looks like them](looks_like_word_vectors)). Other files (a README, the metadata
/// table beside a `.npy`) do not count; two candidates are ambiguous and give `None`.
fn lone_vector_file(dir: &Path) -> Option<PathBuf> {
    if is_dataset_folder(dir) {
        return None;
    }
    let mut found = None;
    for entry in std::fs::read_dir(dir).ok()?.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().to_ascii_lowercase();
        if name.starts_with('.') || !path.is_file() {
            continue;
        }
        let ext = name.rsplit_once('.').map_or("", |(_, e)| e);
        let vectors = match ext {
            "npy" | "parquet" | "pq" | "jsonl" | "ndjson" | "vec" | "bin" => true,
            "txt" => looks_like_word_vectors(&path),
            _ => false,
        };
        if vectors && found.replace(path).is_some() {
            return None;
        }
    }
    found
}

/// Which format `path` holds.
///
/// # Errors
/// [`DataError::NotAFolder`] when nothing is there; [`DataError::UnknownFormat`] when the
/// folder or file matches no known layout.
pub fn detect(path: &Path) -> Result<Format, DataError> {
    let path = dataset_root(path);
    if path.is_dir() {
        if path.join("items.csv").is_file() {
            Ok(Format::Native)
        } else if path.join("items.jsonl").is_file() {
            Ok(Format::Jsonl)
        } else if movielens::detect(&path).is_some() {
            Ok(Format::Movielens)
        } else if path.join("vectors.tsv").is_file() {
            Ok(Format::Projector)
        } else if spark_als::is_spark_als_folder(&path) {
            Ok(Format::SparkAls)
        } else if parquet_folder::is_parquet_folder(&path) {
            Ok(Format::Parquet)
        } else if let Some((kind, _)) = part_folder::part_files(&path) {
            Ok(match kind {
                part_folder::PartKind::Npy => Format::Npy,
                part_folder::PartKind::Jsonl => Format::Jsonl,
            })
        } else {
            Err(DataError::UnknownFormat { path })
        }
    } else if path.is_file() {
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase());
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_ascii_lowercase());
        match (name.as_deref(), ext.as_deref()) {
            (Some("vectors.tsv"), _) => Ok(Format::Projector),
            (_, Some("jsonl" | "ndjson")) => Ok(Format::Jsonl),
            (_, Some("npy")) => Ok(Format::Npy),
            (_, Some("parquet" | "pq")) => Ok(Format::Parquet),
            (_, Some("bin" | "vec")) => Ok(Format::WordVectors),
            (_, Some("txt")) if looks_like_word_vectors(&path) => Ok(Format::WordVectors),
            (_, Some("tsv" | "txt" | "data" | "csv")) => Ok(Format::Interactions),
            _ => Err(DataError::UnknownFormat { path }),
        }
    } else {
        Err(DataError::NotAFolder { path })
    }
}

/// A text file whose first real line is a word followed by at least two numbers separated by
/// spaces (GloVe, fastText `.txt`), rather than tab-separated ids.
fn looks_like_word_vectors(path: &Path) -> bool {
    use std::io::BufRead as _;
    let Ok(f) = std::fs::File::open(path) else {
        return false;
    };
    let mut lines = std::io::BufReader::new(f).lines().map_while(Result::ok);
    let Some(mut first) = lines.find(|l| !l.trim().is_empty()) else {
        return false;
    };
    let is_header = first.split_whitespace().count() == 2
        && first.split_whitespace().all(|t| t.parse::<usize>().is_ok());
    if is_header && let Some(next) = lines.find(|l| !l.trim().is_empty()) {
        first = next;
    }
    !first.contains('\t')
        && first
            .split(' ')
            .skip(1)
            .filter(|t| !t.is_empty())
            .filter(|t| t.parse::<f32>().is_ok())
            .count()
            >= 2
}

/// How to load a dataset path; the default detects the format and reads everything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LoadOptions {
    /// The format, or `None` to detect it ([`detect`]).
    pub format: Option<Format>,
    /// Keep only the first N rows of vector files (word vectors, projector, `.npy`).
    pub limit: Option<usize>,
    /// The vector field / column to import when a file has several (JSONL, Parquet).
    pub vector_column: Option<String>,
    /// Leave out interactions naming ids that the users or items file does not define, listing
    /// them in [`Sources::unknown_ids`](crate::data::Sources::unknown_ids), instead of failing
    /// (native and MovieLens folders; for the audit, whose job is to find them).
    pub unknown_ids: bool,
    /// Read a seeded sample of a Parquet table's rows instead of all of them (a table too
    /// large for memory is sampled without being asked: [`table_sample::load_table`]).
    pub sample: Option<table_sample::SampleRequest>,
}

/// Load `path` as `format`, or as the detected format when `format` is `None`.
///
/// # Errors
/// Any [`DataError`]: the message names the file, line and column.
pub fn load(path: &Path, format: Option<Format>) -> Result<Dataset, DataError> {
    load_with(path, format, None)
}

/// [`load`], keeping only the first `limit` rows of vector files.
///
/// # Errors
/// Any [`DataError`]: the message names the file, line and column.
pub fn load_with(
    path: &Path,
    format: Option<Format>,
    limit: Option<usize>,
) -> Result<Dataset, DataError> {
    load_opts(
        path,
        &LoadOptions {
            format,
            limit,
            ..LoadOptions::default()
        },
    )
}

/// Load with all options, without progress.
///
/// # Errors
/// Any [`DataError`]: the message names the file, line and column.
pub fn load_opts(path: &Path, opts: &LoadOptions) -> Result<Dataset, DataError> {
    load_inner(path, opts, None)
}

/// Load in a worker: bytes read / file size go to `progress` (stage `load`), and Cancel stops
/// the read at the next chunk ([`progress::CHUNK_BYTES`]).
///
/// # Errors
/// [`ComputeError::Data`] with the located message, or [`ComputeError::Cancelled`].
pub fn load_tracked(
    path: &Path,
    opts: &LoadOptions,
    progress: &Progress,
) -> Result<Dataset, ComputeError> {
    match load_inner(path, opts, Some(progress)) {
        Ok(d) => Ok(d),
        Err(_) if progress.cancel_token().is_cancelled() => Err(ComputeError::Cancelled),
        Err(e) => Err(e.into()),
    }
}

fn load_inner(
    path: &Path,
    opts: &LoadOptions,
    progress: Option<&Progress>,
) -> Result<Dataset, DataError> {
    let format = match opts.format {
        Some(f) => f,
        None => detect(path)?,
    };
    let root = dataset_root(path);
    // A folder standing for its one vector file ([`dataset_root`]) is read as that file.
    let file = if path.is_dir() { root.as_path() } else { path };
    let limit = opts.limit;
    let vector_column = opts.vector_column.as_deref();
    match format {
        Format::Native => native::load_native_opts(&root, progress, opts.unknown_ids),
        Format::Movielens => movielens::load_movielens_opts(&root, opts.unknown_ids),
        Format::Interactions => ratings::load_interactions_file(file),
        Format::Projector => vectors::load_projector(&root, limit, progress),
        Format::WordVectors => vectors::load_word_vectors(file, limit, progress),
        Format::Jsonl if root.is_dir() => match part_folder::part_files(&root) {
            Some((part_folder::PartKind::Jsonl, parts)) => {
                part_folder::load_jsonl_parts(&root, &parts, vector_column, progress)
            }
            _ => jsonl_dataset::load_jsonl_folder(&root, vector_column, progress),
        },
        Format::Jsonl => jsonl_dataset::load_jsonl_file(file, vector_column, progress),
        Format::Npy if file.is_dir() => match part_folder::part_files(file) {
            Some((part_folder::PartKind::Npy, parts)) => {
                part_folder::load_npy_parts(file, &parts, limit, progress)
            }
            _ => Err(DataError::UnknownFormat {
                path: file.to_path_buf(),
            }),
        },
        Format::Npy => npy_dataset::load_npy(file, limit, progress),
        Format::Parquet => {
            table_sample::load_table(file, vector_column, limit, opts.sample.as_ref(), progress)
        }
        Format::SparkAls => spark_als::load_spark_als(&root, progress),
    }
}
