//! Projections from the embedding space to the 2D map.

pub mod kmeans;
pub mod pca;
pub mod quality;
pub mod tsne;

pub use pca::Pca;
