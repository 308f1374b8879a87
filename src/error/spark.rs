//! What is wrong with a Spark MLlib `ALSModel` folder (carried by
//! [`DataError::SparkModel`](super::DataError::SparkModel)). `Display` is the English wording
//! of the CLI; the GUI translates each variant (`gui/i18n/data_errors/spark.rs`).

/// A problem with a saved Spark `ALSModel` folder or one of its files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SparkProblem {
    /// One of the three folders of a saved model is missing.
    MissingFolder {
        /// `metadata`, `userFactors` or `itemFactors`.
        folder: &'static str,
    },
    /// `metadata/` holds no `part-*` file.
    NoMetadata,
    /// The metadata part is not the JSON object Spark writes (or lacks `rank`).
    BadMetadata {
        /// What the JSON parser (or the check) says.
        reason: String,
    },
    /// The metadata names another class than `ALSModel`.
    NotAls {
        /// The class it names.
        class: String,
    },
    /// A factors folder holds no Parquet part file.
    NoParts,
    /// A `_temporary/` folder and no `_SUCCESS` marker: the job failed or is still writing.
    Unfinished,
    /// A part file of 0 bytes (a writer that stopped before the footer).
    EmptyPart,
    /// Vectors whose length is not the rank of the metadata.
    RankMismatch {
        /// The rank of the metadata.
        rank: usize,
        /// The vectors' length.
        found: usize,
    },
    /// An id of the factors with no row in the id map (`user_ids/`, `item_ids/`).
    UnmappedId {
        /// The integer id.
        id: String,
        /// The map folder.
        map: &'static str,
    },
    /// An id map part without the `id,original_id` header, or a row that is not `int,text`.
    BadIdMap {
        /// 1-based line, when a row is at fault.
        line: Option<u64>,
    },
}

impl std::fmt::Display for SparkProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::MissingFolder { folder } => write!(
                f,
                "the folder {folder}/ is missing (a saved Spark ALSModel holds metadata/, userFactors/ and itemFactors/)"
            ),
            Self::NoMetadata => f.write_str(
                "no metadata part file (metadata/part-00000, the JSON line Spark writes with the model's class and rank)",
            ),
            Self::BadMetadata { reason } => write!(
                f,
                "not the JSON metadata Spark writes for an ALSModel ({reason})"
            ),
            Self::NotAls { class } => write!(
                f,
                "the metadata names {class}, not org.apache.spark.ml.recommendation.ALSModel"
            ),
            Self::NoParts => f.write_str("no Parquet part files (part-*.parquet) in this folder"),
            Self::Unfinished => f.write_str(
                "the Spark job did not finish (a _temporary/ folder and no _SUCCESS marker): run the job again",
            ),
            Self::EmptyPart => f.write_str(
                "the part file is empty (0 bytes): the job stopped before writing it",
            ),
            Self::RankMismatch { rank, found } => write!(
                f,
                "vectors of {found} numbers, but the metadata says rank {rank}"
            ),
            Self::UnmappedId { id, map } => {
                write!(f, "id {id} has no row in {map}/ (id,original_id)")
            }
            Self::BadIdMap { line: Some(l) } => write!(
                f,
                "line {l}: expected an integer id and the original id (id,original_id)"
            ),
            Self::BadIdMap { line: None } => {
                f.write_str("expected the header id,original_id (the map Spark's job writes)")
            }
        }
    }
}
