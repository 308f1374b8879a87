//! Nearest-neighbour search: metrics, the exact (flat) index and exact batch kNN.

pub mod flat;
pub mod hnsw;
pub mod knn;
pub mod metric;
pub mod pages;
pub(crate) mod prefetch;

pub use flat::{FlatIndex, Hit};
pub use metric::Metric;

/// Why a query could not be answered.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    /// Cosine similarity needs a direction; a zero vector has none.
    #[error(
        "the query is a zero vector: cosine similarity is undefined (a vector of length 0 has no direction)"
    )]
    ZeroVector,
    /// The query point has nothing measured behind it (no interactions, or a vector of almost
    /// zero length next to the others): its direction is noise.
    #[error(
        "the query has no data behind it (no interactions, or a vector of almost zero length): cosine similarity is undefined"
    )]
    NoData,
    /// The query has a different dimension than the indexed vectors.
    #[error("the query has {found} dimensions, the index has {expected}")]
    DimensionMismatch {
        /// Dimension of the index.
        expected: usize,
        /// Dimension of the query.
        found: usize,
    },
}
