//! Projections from the embedding space to the 2D map.

#[cfg(test)]
mod fixtures;
pub mod kmeans;
pub mod knn_graph;
pub mod pca;
mod pca_pass;
mod placement;
pub mod procrustes;
pub mod quality;
pub mod reduce;
pub mod scale;
pub mod start;
pub mod tsne;
pub mod tsne_scale;
pub mod umap;
pub mod warning;

pub use pca::Pca;
