//! Projections from the embedding space to the 2D map.

pub mod pca;

pub use pca::Pca;
