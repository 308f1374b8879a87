//! UMAP end to end: clusters separate, the same seed gives the same map, Cancel stops it,
//! bad input is refused clearly, and the size plan samples as t-SNE's does.

use std::time::{Duration, Instant};

use ndarray::Array2;

use super::*;
use crate::progress::CancelToken;
use crate::project::fixtures::exact_graph as graph;
use crate::project::quality::quality;

/// Three Gaussian clusters in 10-D (centres 10 apart on different axes), `per` points each.
fn clusters(per: usize) -> (Array2<f32>, Vec<usize>) {
    crate::project::fixtures::clusters(per, 10.0, 1.0)
}

fn quick() -> UmapParams {
    UmapParams {
        epochs: Some(200),
        ..UmapParams::default()
    }
}

/// Mean position of each label's points, and their mean distance from it.
fn centroids_and_spreads(xy: &Array2<f32>, labels: &[usize]) -> (Vec<[f32; 2]>, Vec<f32>) {
    let mut c = vec![[0.0_f32; 2]; 3];
    let mut count = [0.0_f32; 3];
    for (row, &l) in xy.rows().into_iter().zip(labels) {
        c[l][0] += row[0];
        c[l][1] += row[1];
        count[l] += 1.0;
    }
    for (c, n) in c.iter_mut().zip(count) {
        c[0] /= n;
        c[1] /= n;
    }
    let mut spread = [0.0_f32; 3];
    for (row, &l) in xy.rows().into_iter().zip(labels) {
        spread[l] += (row[0] - c[l][0]).hypot(row[1] - c[l][1]) / count[l];
    }
    (c, spread.to_vec())
}

#[test]
fn separates_three_clusters_and_streams_layouts() {
    let (x, labels) = clusters(100);
    let params = quick();
    let knn = graph(&x, graph_neighbours(&params, 300));
    let mut snapshots = 0;
    let out = fit(x.view(), &knn, &params, &Progress::silent(), &mut |_, l| {
        assert_eq!(l.len(), 600);
        snapshots += 1;
    })
    .unwrap();
    assert!(snapshots >= 1);
    assert!(out.warnings.is_empty());
    assert_eq!((out.neighbours, out.epochs), (15, 200));
    assert!(out.edges >= 300 * 14, "edges {}", out.edges);
    let q = quality(x.view(), out.xy.view(), 10, 300, 0, &Progress::silent()).unwrap();
    assert!(
        q.trustworthiness > 0.9,
        "trustworthiness {}",
        q.trustworthiness
    );
    assert!(q.knn_preservation > 0.3, "kNN kept {}", q.knn_preservation);
    let (c, spread) = centroids_and_spreads(&out.xy, &labels);
    for i in 0..3 {
        for j in (i + 1)..3 {
            let gap = (c[i][0] - c[j][0]).hypot(c[i][1] - c[j][1]);
            assert!(
                gap > 2.0 * (spread[i] + spread[j]),
                "clusters {i}, {j}: centroids {gap} apart, spreads {spread:?}"
            );
        }
    }
}

#[test]
fn the_same_seed_gives_the_same_layout() {
    let (x, _) = clusters(30);
    let params = UmapParams {
        epochs: Some(100),
        ..UmapParams::default()
    };
    let knn = graph(&x, graph_neighbours(&params, 90));
    let run = |p: &UmapParams| {
        fit(x.view(), &knn, p, &Progress::silent(), &mut |_, _| {})
            .unwrap()
            .xy
    };
    let (first, second) = (run(&params), run(&params));
    assert!(
        first
            .iter()
            .zip(&second)
            .all(|(a, b)| a.to_bits() == b.to_bits())
    );
    let other = run(&UmapParams { seed: 2, ..params });
    assert!(first.iter().zip(&other).any(|(a, b)| (a - b).abs() > 1e-3));
}

#[test]
fn cancel_stops_within_200_ms() {
    let (x, _) = clusters(300);
    let params = UmapParams {
        epochs: Some(100_000),
        ..UmapParams::default()
    };
    let knn = graph(&x, graph_neighbours(&params, 900));
    let token = CancelToken::default();
    let progress = Progress::new(token.clone(), |_, _, _| true);
    let mut cancelled_at: Option<Instant> = None;
    let e = fit(x.view(), &knn, &params, &progress, &mut |_, _| {
        token.cancel();
        cancelled_at.get_or_insert_with(Instant::now);
    })
    .unwrap_err();
    assert!(matches!(e, ComputeError::Cancelled), "{e}");
    let after = cancelled_at.map(|t| t.elapsed()).unwrap_or_default();
    assert!(
        after < Duration::from_millis(200),
        "stopped {after:?} after Cancel"
    );
}

#[test]
fn bad_inputs_are_clear() {
    let p = Progress::silent();
    let none = &mut |_: usize, _: &[f32]| {};
    let message = |x: &Array2<f32>, params: &UmapParams| {
        fit_any(x.view(), params, ScalePlan::default(), &p, &mut |_, _| {})
            .unwrap_err()
            .to_string()
    };
    let two = Array2::<f32>::zeros((2, 3));
    assert_eq!(
        message(&two, &UmapParams::default()),
        "invalid parameter: UMAP needs at least 3 points, found 2"
    );
    let mut nan = Array2::<f32>::zeros((5, 2));
    nan[[3, 1]] = f32::INFINITY;
    assert!(message(&nan, &UmapParams::default()).contains("row 3 has a NaN or infinite"));
    let (x, _) = clusters(10);
    let bad = UmapParams {
        min_dist: 2.0,
        ..UmapParams::default()
    };
    assert!(message(&x, &bad).contains("min_dist must be between 0 and the spread (1)"));
    let bad = UmapParams {
        neighbours: 1,
        ..UmapParams::default()
    };
    assert!(message(&x, &bad).contains("at least 2 neighbours"));
    // A graph of the wrong shape.
    assert!(fit(x.view(), &graph(&x, 2), &quick(), &p, none).is_err());
}

#[test]
fn small_identical_and_one_dimensional_data() {
    let p = Progress::silent();
    let plan = ScalePlan::default();
    // 10 points cannot have 15 neighbours: lowered to 9 with a warning.
    let (x, _) = clusters(4);
    let x10 = x.slice(ndarray::s![..10, ..]).to_owned();
    let (out, info) = fit_any(x10.view(), &quick(), plan, &p, &mut |_, _| {}).unwrap();
    assert_eq!((out.neighbours, info.index), (9, "exact"));
    assert_eq!(
        out.warnings[0].to_string(),
        "15 neighbours are too many for 10 points (at most n − 1 = 9); using 9"
    );
    assert!(out.xy.iter().all(|v| v.is_finite()));
    // Coordinates too large to square: a clear error, not the PCA start passed off as UMAP.
    let huge = x.mapv(|v| v * 1e19);
    let err = fit_any(huge.view(), &quick(), plan, &p, &mut |_, _| {}).unwrap_err();
    assert!(err.to_string().contains("neighbour"), "{err}");
    let huger = x.mapv(|v| v * 1e30);
    assert!(fit_any(huger.view(), &quick(), plan, &p, &mut |_, _| {}).is_err());
    // Identical points: one spot, a warning, no NaN.
    let same = Array2::<f32>::ones((6, 3));
    let (out, _) = fit_any(same.view(), &quick(), plan, &p, &mut |_, _| {}).unwrap();
    assert!(out.xy.iter().all(|v| *v == 0.0));
    assert_eq!(
        out.warnings.last(),
        Some(&ProjectionWarning::IdenticalPoints)
    );
    // 1-D data: two groups on a line stay apart on the map.
    let line = Array2::from_shape_fn((40, 1), |(i, _)| {
        if i < 20 {
            i as f32 * 0.01
        } else {
            5.0 + i as f32 * 0.01
        }
    });
    let (out, _) = fit_any(line.view(), &quick(), plan, &p, &mut |_, _| {}).unwrap();
    assert!(out.xy.iter().all(|v| v.is_finite()));
    let labels: Vec<usize> = (0..40).map(|i| usize::from(i >= 20)).collect();
    let (c, spread) = centroids_and_spreads(&out.xy, &labels);
    let gap = (c[0][0] - c[1][0]).hypot(c[0][1] - c[1][1]);
    assert!(gap > spread[0] + spread[1], "gap {gap}, spreads {spread:?}");
}

#[test]
fn above_the_limit_a_sample_is_fitted_and_the_rest_placed() {
    let (x, labels) = clusters(200);
    let plan = ScalePlan {
        exact_graph_max: 100,
        max_points: 240,
    };
    let mut snapshots = 0;
    let (out, info) = fit_any(
        x.view(),
        &quick(),
        plan,
        &Progress::silent(),
        &mut |_, l| {
            assert_eq!(l.len(), 1200);
            snapshots += 1;
        },
    )
    .unwrap();
    assert_eq!((info.fitted, info.index), (240, "hnsw"));
    assert!(info.recall > 0.9, "recall {}", info.recall);
    assert!(snapshots > 0);
    assert_eq!(out.xy.dim(), (600, 2));
    let (c, spread) = centroids_and_spreads(&out.xy, &labels);
    let gap = (c[0][0] - c[1][0]).hypot(c[0][1] - c[1][1]);
    assert!(gap > spread[0] + spread[1], "gap {gap}, spreads {spread:?}");
    assert!(out.warnings.iter().any(|w| {
        w.to_string()
            .starts_with("UMAP laid out a random sample of 240 of the 600")
    }));
}

#[test]
fn the_parallel_epochs_separate_clusters_too() {
    let (x, labels) = clusters(300);
    let knn = graph(&x, 14);
    let knn = crate::project::knn_graph::KnnGraph::from_rows(&knn, 14).unwrap();
    let edges = fuzzy::fuzzy_graph(&knn, 15);
    assert!(
        edges.head.len() > 2 * layout::CHUNK,
        "several chunks run at once"
    );
    let mut xy = initial_layout(x.view(), 1, &Progress::silent()).unwrap();
    let (a, b) = curve::find_ab(0.1, 1.0);
    let sgd = layout::Sgd {
        a,
        b,
        epochs: 100,
        seed: 1,
        parallel: true,
    };
    layout::optimise(edges, &mut xy, sgd, &Progress::silent(), &mut |_, _| {}).unwrap();
    let xy = Array2::from_shape_vec((900, 2), xy).unwrap();
    assert!(xy.iter().all(|v| v.is_finite()));
    let (c, spread) = centroids_and_spreads(&xy, &labels);
    for (i, j) in [(0, 1), (0, 2), (1, 2)] {
        let gap = (c[i][0] - c[j][0]).hypot(c[i][1] - c[j][1]);
        assert!(
            gap > 2.0 * (spread[i] + spread[j]),
            "{i}, {j}: {gap} vs {spread:?}"
        );
    }
}
