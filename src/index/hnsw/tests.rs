//! Tests of the HNSW index against hand-checked neighbours and exact search.

use super::*;
use ndarray::Array2;

/// The graph over `data` with default parameters.
fn built(data: &Array2<f32>, metric: KnnMetric) -> HnswIndex {
    built_with(data, metric, HnswParams::default())
}

/// The graph over `data`.
fn built_with(data: &Array2<f32>, metric: KnnMetric, params: HnswParams) -> HnswIndex {
    HnswIndex::build(data.view(), metric, params, &Progress::silent()).unwrap()
}

fn grid() -> Array2<f32> {
    // 400 points on a 20 × 20 grid with spacing 1, in 3-D (z = 0).
    Array2::from_shape_fn((400, 3), |(i, j)| match j {
        0 => (i % 20) as f32,
        1 => (i / 20) as f32,
        _ => 0.0,
    })
}

#[test]
fn euclidean_neighbours_on_a_grid_are_the_four_adjacent_points() {
    let data = grid();
    let index = built(&data, KnnMetric::Euclidean);
    assert_eq!(index.len(), 400);
    // Point (5, 5) = row 105: itself at 0, then rows 85, 104, 106, 125 at distance 1.
    let hits = index.search(&[5.0, 5.0, 0.0], 5).unwrap();
    assert_eq!(hits[0].row, 105);
    assert!(hits[0].value.abs() < 1e-6);
    let mut next: Vec<u32> = hits[1..].iter().map(|h| h.row).collect();
    next.sort_unstable();
    assert_eq!(next, vec![85, 104, 106, 125]);
    assert!(hits[1..].iter().all(|h| (h.value - 1.0).abs() < 1e-5));
}

#[test]
fn cosine_skips_zero_rows_and_scores_similarity() {
    let data = ndarray::array![[1.0f32, 0.0], [0.0, 0.0], [2.0, 2.0], [0.0, 3.0]];
    let index = built(&data, KnnMetric::Cosine);
    assert_eq!(
        index.len(),
        3,
        "the zero row has no direction and is not indexed"
    );
    let hits = index.search(&[5.0, 0.0], 3).unwrap();
    assert_eq!(
        hits.iter().map(|h| h.row).collect::<Vec<_>>(),
        vec![0, 2, 3]
    );
    assert!((hits[0].value - 1.0).abs() < 1e-6);
    assert!((hits[1].value - std::f32::consts::FRAC_1_SQRT_2).abs() < 1e-6);
    assert!(hits[2].value.abs() < 1e-6);
    assert!(index.search(&[0.0, 0.0], 3).unwrap().is_empty());
}

#[test]
fn recall_against_exact_is_high_on_random_data_and_ranks_are_consistent() {
    let mut rng = crate::rng::Gen::new(7);
    let data = Array2::from_shape_fn((3000, 16), |_| rng.u01() as f32);
    let index = built(&data, KnnMetric::Euclidean);
    let rows = sample_rows(3000, 100);
    let queries = data.select(ndarray::Axis(0), &rows);
    let r = index
        .measure_recall(data.view(), queries.view(), 10, &Progress::silent())
        .unwrap();
    assert!(r > 0.95, "recall@10 = {r}");
    assert!(r <= 1.0);
}

#[test]
fn dimension_mismatch_and_empty_data_are_errors() {
    let data = grid();
    let index = built(&data, KnnMetric::Dot);
    assert!(index.search(&[1.0, 2.0], 3).is_err());
    let empty = Array2::<f32>::zeros((0, 3));
    assert!(
        HnswIndex::build(
            empty.view(),
            KnnMetric::Dot,
            HnswParams::default(),
            &Progress::silent()
        )
        .is_err()
    );
}

#[test]
fn recall_counts_shared_rows() {
    let h = |row| Hit { row, value: 0.0 };
    let exact = vec![vec![h(1), h(2)], vec![h(3), h(4)]];
    let approx = vec![vec![h(2), h(9)], vec![h(4), h(3)]];
    assert!((recall(&exact, &approx) - 0.75).abs() < 1e-12);
    assert_eq!(sample_rows(10, 3), vec![0, 3, 6]);
    assert_eq!(sample_rows(2, 3), vec![0, 1]);
}

/// Clustered random data: `n` rows of `dim` around 20 centres.
fn clusters(n: usize, dim: usize, seed: u64) -> Array2<f32> {
    let mut rng = crate::rng::Gen::new(seed);
    let centres = Array2::from_shape_fn((20, dim), |_| (rng.normal() * 4.0) as f32);
    Array2::from_shape_fn((n, dim), |(i, j)| {
        centres[[i % 20, j]] + rng.normal() as f32
    })
}

fn recall_of(data: &Array2<f32>, metric: KnnMetric, params: HnswParams) -> f64 {
    let index = built_with(data, metric, params);
    let rows = sample_rows(data.nrows(), 200);
    let queries = data.select(ndarray::Axis(0), &rows);
    index
        .measure_recall(data.view(), queries.view(), 10, &Progress::silent())
        .unwrap()
}

#[test]
fn every_metric_and_half_precision_reach_high_recall_on_clusters() {
    let data = clusters(4000, 24, 11);
    for metric in [KnnMetric::Euclidean, KnnMetric::Cosine, KnnMetric::Dot] {
        let r = recall_of(&data, metric, HnswParams::default());
        assert!(r > 0.95, "{metric:?}: recall@10 = {r}");
    }
    let half = HnswParams {
        half_precision: true,
        ..HnswParams::default()
    };
    let r = recall_of(&data, KnnMetric::Euclidean, half);
    assert!(r > 0.93, "16-bit rows: recall@10 = {r}");
}

#[test]
fn a_wide_beam_on_small_data_finds_the_exact_answer() {
    let data = clusters(500, 8, 5);
    let params = HnswParams {
        ef_search: 500,
        ..HnswParams::default()
    };
    let index = built_with(&data, KnnMetric::Euclidean, params);
    let exact = batch_knn(
        data.view(),
        data.view(),
        5,
        KnnMetric::Euclidean,
        false,
        &Progress::silent(),
    )
    .unwrap();
    for (i, e) in exact.iter().enumerate().step_by(7) {
        let hits = index.search(data.row(i).as_slice().unwrap(), 5).unwrap();
        assert_eq!(hits[0].row, i as u32, "a row is its own nearest neighbour");
        let got: Vec<u32> = hits.iter().map(|h| h.row).collect();
        let want: Vec<u32> = e.iter().map(|h| h.row).collect();
        assert_eq!(got, want, "row {i}");
        for h in &hits {
            let want = crate::index::metric::euclidean(
                data.row(i).as_slice().unwrap(),
                data.row(h.row as usize).as_slice().unwrap(),
            );
            assert!(
                (h.value - want).abs() < 1e-5,
                "row {i}: {} vs {want}",
                h.value
            );
        }
    }
}

#[test]
fn rows_with_nan_are_left_out_and_never_returned() {
    let mut data = clusters(300, 4, 2);
    data[[7, 2]] = f32::NAN;
    data[[9, 0]] = f32::INFINITY;
    let index = built(&data, KnnMetric::Euclidean);
    assert_eq!(index.len(), 298);
    let hits = index.search(data.row(8).as_slice().unwrap(), 300).unwrap();
    assert_eq!(hits.len(), 298, "every inserted row is reachable");
    assert!(hits.iter().all(|h| h.row != 7 && h.row != 9));
    assert!(hits.windows(2).all(|w| w[0].value <= w[1].value));
    // A query with NaN has no answer rather than a wrong one.
    assert!(
        index
            .search(&[f32::NAN, 0.0, 0.0, 0.0], 3)
            .unwrap()
            .is_empty()
    );
}

#[test]
fn all_zero_rows_under_cosine_give_an_empty_index_that_answers_nothing() {
    let data = Array2::<f32>::zeros((5, 3));
    let index = built(&data, KnnMetric::Cosine);
    assert!(index.is_empty());
    assert!(index.search(&[1.0, 0.0, 0.0], 3).unwrap().is_empty());
}

#[test]
fn building_can_be_cancelled() {
    use crate::progress::CancelToken;
    let data = clusters(20_000, 16, 3);
    let token = CancelToken::default();
    token.cancel();
    let progress = Progress::new(token, |_, _, _| true);
    let e = HnswIndex::build(
        data.view(),
        KnnMetric::Euclidean,
        HnswParams::default(),
        &progress,
    )
    .unwrap_err();
    assert!(matches!(e, ComputeError::Cancelled), "{e}");
}

#[test]
fn memory_counts_vectors_and_links() {
    let data = clusters(1000, 32, 4);
    let full = built(&data, KnnMetric::Euclidean);
    let half = built_with(
        &data,
        KnnMetric::Euclidean,
        HnswParams {
            half_precision: true,
            ..HnswParams::default()
        },
    );
    // Vectors 1000 × 32 × 4 bytes, level-0 links 1000 × 33 × 4, row numbers 1000 × 4.
    let base = 128_000 + 132_000 + 4_000;
    assert!(full.stored_bytes() >= base && full.stored_bytes() < base + 30_000);
    assert_eq!(full.stored_bytes() - half.stored_bytes(), 64_000);
    assert!(full.memory_bytes() > full.stored_bytes());
}
