use ndarray::{Array2, array};

use super::*;
use crate::index::knn::{KnnMetric, batch_knn};

/// `n` points in a `k`-dimensional linear subspace of R^`d`: seeded coefficients times `k`
/// seeded basis vectors (not orthogonal, not axis-aligned).
fn in_subspace(n: usize, k: usize, d: usize, seed: u64) -> Array2<f32> {
    let mut rng = crate::rng::Gen::new(seed);
    let coef = Array2::from_shape_fn((n, k), |_| rng.normal() as f32);
    let basis = Array2::from_shape_fn((k, d), |_| rng.normal() as f32);
    coef.dot(&basis)
}

fn lists(x: &Array2<f32>, metric: KnnMetric) -> Vec<Vec<u32>> {
    batch_knn(x.view(), x.view(), 10, metric, true, &Progress::silent())
        .unwrap()
        .into_iter()
        .map(|l| l.into_iter().map(|h| h.row).collect())
        .collect()
}

fn params(reduction: Reduction, dim: usize) -> ReduceParams {
    ReduceParams {
        reduction,
        dim,
        seed: 7,
    }
}

#[test]
fn pca_to_the_subspace_dimension_keeps_norms_dots_and_neighbours() {
    let x = in_subspace(300, 6, 40, 1);
    let y = reduce(x.view(), &params(Reduction::Pca, 6), &Progress::silent()).unwrap();
    assert_eq!(y.dim(), (300, 6));
    // x·W with W orthonormal spanning the subspace: a rotation of the points.
    for (i, j) in [(0, 1), (5, 17), (299, 3)] {
        let (a, b) = (x.row(i).dot(&x.row(j)), y.row(i).dot(&y.row(j)));
        assert!(
            (a - b).abs() <= 1e-3 * a.abs().max(1.0),
            "dot {i},{j}: {a} vs {b}"
        );
    }
    for metric in [KnnMetric::Cosine, KnnMetric::Euclidean, KnnMetric::Dot] {
        assert_eq!(lists(&x, metric), lists(&y, metric), "{metric:?}");
    }
}

#[test]
fn pca_below_the_subspace_dimension_loses_neighbours() {
    let x = in_subspace(300, 6, 40, 1);
    let y = reduce(x.view(), &params(Reduction::Pca, 2), &Progress::silent()).unwrap();
    assert_ne!(lists(&x, KnnMetric::Cosine), lists(&y, KnnMetric::Cosine));
}

#[test]
fn pca_axes_of_a_line_along_one_coordinate() {
    // Points on the line t·(0, 3, 4)/5: PCA to 1 gives ±t (the axis is oriented so its largest
    // coordinate is positive: (0, 0.6, 0.8)), so the reduced value is t itself.
    let x = array![[0.0_f32, 3.0, 4.0], [0.0, 6.0, 8.0], [0.0, -3.0, -4.0]];
    let y = reduce(x.view(), &params(Reduction::Pca, 1), &Progress::silent()).unwrap();
    let want = [5.0_f32, 10.0, -5.0];
    for (got, want) in y.iter().zip(want) {
        assert!((got - want).abs() < 1e-4, "{got} vs {want}");
    }
}

#[test]
fn random_projections_keep_the_target_dim_and_are_seeded() {
    let x = in_subspace(50, 20, 64, 2);
    for reduction in [Reduction::Gaussian, Reduction::Sparse] {
        let p = params(reduction, 16);
        let a = reduce(x.view(), &p, &Progress::silent()).unwrap();
        let b = reduce(x.view(), &p, &Progress::silent()).unwrap();
        assert_eq!(a.dim(), (50, 16));
        assert_eq!(a, b, "{reduction:?}: same seed, same copy");
        let other = ReduceParams { seed: 8, ..p };
        let c = reduce(x.view(), &other, &Progress::silent()).unwrap();
        assert_ne!(a, c, "{reduction:?}: another seed, another matrix");
    }
}

#[test]
fn sparse_projection_matrix_has_entries_zero_or_plus_minus_sqrt_d() {
    // Reducing the identity gives the projection matrix itself: d = 16, so every entry is 0 or
    // ±√16 = ±4, and about 1/√16 = 1/4 of them are non-zero.
    let d = 16;
    let eye = Array2::<f32>::eye(d);
    let m = reduce(
        eye.view(),
        &params(Reduction::Sparse, 16),
        &Progress::silent(),
    )
    .unwrap();
    assert!(m.iter().all(|v| *v == 0.0 || (v.abs() - 4.0).abs() < 1e-6));
    let nonzero = m.iter().filter(|v| **v != 0.0).count();
    assert!((30..=100).contains(&nonzero), "{nonzero} of 256 non-zero");
}

#[test]
fn gaussian_projection_entries_have_standard_deviation_one_over_sqrt_d() {
    let d = 256;
    let eye = Array2::<f32>::eye(d);
    let m = reduce(
        eye.view(),
        &params(Reduction::Gaussian, 64),
        &Progress::silent(),
    )
    .unwrap();
    let n = m.len() as f64;
    let mean = m.iter().map(|v| f64::from(*v)).sum::<f64>() / n;
    let sd = (m
        .iter()
        .map(|v| (f64::from(*v) - mean).powi(2))
        .sum::<f64>()
        / n)
        .sqrt();
    assert!(mean.abs() < 0.002, "mean {mean}");
    assert!((sd - 1.0 / 16.0).abs() < 0.002, "sd {sd}");
}

#[test]
fn zero_rows_stay_zero() {
    let mut x = in_subspace(40, 8, 24, 3);
    x.row_mut(5).fill(0.0);
    for reduction in Reduction::ALL {
        let y = reduce(x.view(), &params(reduction, 4), &Progress::silent()).unwrap();
        assert!(y.row(5).iter().all(|v| *v == 0.0), "{reduction:?}");
    }
}

#[test]
fn bad_dims_and_values_are_errors_not_panics() {
    let x = in_subspace(10, 3, 8, 4);
    for (dim, needle) in [(0, "at least 1"), (9, "8 dimensions"), (11, "more than")] {
        for reduction in Reduction::ALL {
            let e = reduce(x.view(), &params(reduction, dim), &Progress::silent()).unwrap_err();
            assert!(e.to_string().contains(needle), "{dim} {reduction:?}: {e}");
        }
    }
    // k above the rows but not above the dimension.
    let wide = in_subspace(5, 3, 8, 4);
    let e = reduce(
        wide.view(),
        &params(Reduction::Gaussian, 6),
        &Progress::silent(),
    )
    .unwrap_err();
    assert!(e.to_string().contains("5 rows"), "{e}");
    let mut nan = x.clone();
    nan[[2, 2]] = f32::NAN;
    assert!(reduce(nan.view(), &params(Reduction::Pca, 2), &Progress::silent()).is_err());
    let r = fit(x.view(), &params(Reduction::Pca, 2), &Progress::silent()).unwrap();
    assert!(
        r.transform(Array2::zeros((2, 5)).view(), &Progress::silent())
            .is_err()
    );
}

#[test]
fn cancel_stops_fit_and_transform() {
    let x = in_subspace(100, 4, 16, 5);
    let p = Progress::silent();
    let r = fit(x.view(), &params(Reduction::Gaussian, 4), &p).unwrap();
    p.cancel_token().cancel();
    assert!(matches!(
        r.transform(x.view(), &p),
        Err(ComputeError::Cancelled)
    ));
    assert!(matches!(
        fit(x.view(), &params(Reduction::Pca, 4), &p),
        Err(ComputeError::Cancelled)
    ));
}

#[test]
fn names_parse_back() {
    for r in Reduction::ALL {
        assert_eq!(Reduction::parse(r.as_str()).unwrap(), r);
    }
    assert!(
        Reduction::parse("umap")
            .unwrap_err()
            .to_string()
            .contains("pca, gaussian, sparse")
    );
}
