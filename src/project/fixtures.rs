//! Test data shared by the projection tests: labelled Gaussian clusters and their exact k-NN
//! graph (compiled only for `cargo test`).
#![cfg(test)]

use ndarray::Array2;

use crate::index::Hit;
use crate::index::knn::{KnnMetric, batch_knn};
use crate::progress::Progress;
use crate::rng::Gen;

/// Three Gaussian clusters in 10-D, `per` points each (row `i` has label `i % 3`): the centre
/// of label `l` is `centre` on axis `l`, the noise a standard normal times `noise`. Seeded, so
/// every call gives the same rows.
pub fn clusters(per: usize, centre: f32, noise: f32) -> (Array2<f32>, Vec<usize>) {
    let mut g = Gen::new(5);
    let n = 3 * per;
    let labels: Vec<usize> = (0..n).map(|i| i % 3).collect();
    let x = Array2::from_shape_fn((n, 10), |(i, j)| {
        let c = if j == labels[i] { centre } else { 0.0 };
        c + g.normal() as f32 * noise
    });
    (x, labels)
}

/// The exact Euclidean `k`-NN lists of every row of `x` among the others.
pub fn exact_graph(x: &Array2<f32>, k: usize) -> Vec<Vec<Hit>> {
    batch_knn(
        x.view(),
        x.view(),
        k,
        KnnMetric::Euclidean,
        true,
        &Progress::silent(),
    )
    .unwrap()
}
