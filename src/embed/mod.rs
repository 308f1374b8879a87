//! Embedders: turn a [`Dataset`](crate::data::Dataset) into vectors for items and users.
//!
//! Each embedder lives in its own file and follows params → validated params → fit.

pub mod features;

use ndarray::Array2;

/// Which embedder produced a set of vectors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// Standardised numeric feature columns; users = rating-weighted mean of their items.
    Features,
}

impl Method {
    /// Stable name used in JSON and the CLI.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Features => "features",
        }
    }
}

/// Item and user vectors in one space.
#[derive(Debug, Clone)]
pub struct Embeddings {
    /// How they were made.
    pub method: Method,
    /// One row per item.
    pub items: Array2<f32>,
    /// One row per user (zero rows for users without vectors; see `user_placed`).
    pub users: Array2<f32>,
    /// Whether each user has a vector (users with no usable interactions have none).
    pub user_placed: Vec<bool>,
    /// Names of the dimensions (the feature columns for the features embedder).
    pub dim_names: Vec<String>,
}

impl Embeddings {
    /// Vector dimension.
    #[must_use]
    pub fn dim(&self) -> usize {
        self.items.ncols()
    }
}
