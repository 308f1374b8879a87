use ndarray::Array2;

use super::*;

/// `n` points in a `k`-dimensional linear subspace of R^`d` (seeded).
fn in_subspace(n: usize, k: usize, d: usize, seed: u64) -> Arc<Array2<f32>> {
    let mut rng = crate::rng::Gen::new(seed);
    let coef = Array2::from_shape_fn((n, k), |_| rng.normal() as f32);
    let basis = Array2::from_shape_fn((k, d), |_| rng.normal() as f32);
    Arc::new(coef.dot(&basis))
}

fn quick(reductions: &[Reduction], dims: &[usize]) -> ReduceStudyParams {
    ReduceStudyParams {
        reductions: reductions.to_vec(),
        dims: dims.to_vec(),
        queries: 60,
        query_repeats: 1,
        ..ReduceStudyParams::default()
    }
}

#[test]
fn recall_is_the_mean_share_of_the_truth_found() {
    let truth = vec![vec![1, 2], vec![3, 4]];
    let found = vec![vec![2, 9], vec![4, 3]];
    assert!((recall(&truth, &found) - 0.75).abs() < 1e-12);
    assert!((recall(&[vec![]], &[vec![1]]) - 1.0).abs() < 1e-12);
}

#[test]
fn pca_to_the_subspace_keeps_every_neighbour_and_the_bytes_are_counted() {
    let v = in_subspace(300, 6, 40, 1);
    let t = reduce_study(
        &v,
        &quick(&[Reduction::Pca], &[2, 6, 50]),
        &Progress::silent(),
    )
    .unwrap();
    let got: Vec<(&str, usize)> = t.rows.iter().map(|r| (r.reduction, r.dim)).collect();
    assert_eq!(got, vec![("none", 40), ("pca", 2), ("pca", 6)]);
    let full = &t.rows[0];
    assert!((full.neighbour_recall_at_10 - 1.0).abs() < 1e-12);
    // 300 rows × 40 floats + 300 inverse norms, 4 bytes each.
    assert_eq!(full.index_bytes, (300 * 40 + 300) * 4);
    assert!(full.reduce_ms.abs() < 1e-12);
    let pca6 = &t.rows[2];
    assert!(
        (pca6.neighbour_recall_at_10 - 1.0).abs() < 1e-12,
        "{pca6:?}"
    );
    assert_eq!(pca6.index_bytes, (300 * 6 + 300) * 4);
    assert!(t.rows[1].neighbour_recall_at_10 < 0.9, "{:?}", t.rows[1]);
    assert!(
        t.rows
            .iter()
            .all(|r| r.latency_us_p50 > 0.0 && r.latency_us_p95 >= r.latency_us_p50)
    );
    assert_eq!(t.skipped.len(), 1);
    assert_eq!(
        t.skipped[0].problem,
        DimProblem::AboveDimension { vectors: 40 }
    );
    assert_eq!((t.items, t.full_dim, t.queries), (300, 40, 60));
}

#[test]
fn random_projections_are_seeded_and_k_above_the_rows_is_skipped() {
    let v = in_subspace(25, 20, 48, 2);
    let p = quick(&[Reduction::Gaussian, Reduction::Sparse], &[16, 30]);
    let a = reduce_study(&v, &p, &Progress::silent()).unwrap();
    let b = reduce_study(&v, &p, &Progress::silent()).unwrap();
    let recalls =
        |t: &ReduceTable| -> Vec<f64> { t.rows.iter().map(|r| r.neighbour_recall_at_10).collect() };
    assert_eq!(recalls(&a), recalls(&b));
    assert_eq!(a.rows.len(), 3);
    assert_eq!(
        a.skipped
            .iter()
            .map(|s| (s.reduction, s.dim, s.problem))
            .collect::<Vec<_>>(),
        vec![
            ("gaussian", 30, DimProblem::AboveRows { rows: 25 }),
            ("sparse", 30, DimProblem::AboveRows { rows: 25 }),
        ]
    );
    assert!(a.skipped[0].reason.contains("25 rows"));
}

#[test]
fn hnsw_rows_answer_from_the_graph() {
    let v = in_subspace(200, 8, 32, 3);
    let p = ReduceStudyParams {
        indexes: vec![IndexKind::Hnsw, IndexKind::Exact],
        ..quick(&[Reduction::Pca], &[8])
    };
    let t = reduce_study(&v, &p, &Progress::silent()).unwrap();
    let kinds: Vec<(&str, IndexKind)> = t.rows.iter().map(|r| (r.reduction, r.index)).collect();
    assert_eq!(
        kinds,
        vec![
            ("none", IndexKind::Exact),
            ("none", IndexKind::Hnsw),
            ("pca", IndexKind::Exact),
            ("pca", IndexKind::Hnsw),
        ]
    );
    assert!(t.rows[1].neighbour_recall_at_10 > 0.9, "{:?}", t.rows[1]);
}

#[test]
fn cancel_and_bad_params() {
    let v = in_subspace(50, 4, 16, 4);
    let p = Progress::silent();
    p.cancel_token().cancel();
    assert!(matches!(
        reduce_study(&v, &quick(&[Reduction::Pca], &[4]), &p),
        Err(PipelineError::Cancelled)
    ));
    for bad in [quick(&[], &[4]), quick(&[Reduction::Pca], &[])] {
        assert!(reduce_study(&v, &bad, &Progress::silent()).is_err());
    }
}
