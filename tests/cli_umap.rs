//! `embedscope project --method umap`: the JSON has the keys of the t-SNE answer, the map has
//! one row per input row, clusters stay apart, and bad input is a clear error (exit code 2).

pub mod common;

use common::cli::{embedscope, json};
use embedscope::data::formats::npy::{read_matrix, write_matrix};

/// Two tight clusters of `per` distinct points in 5 dimensions, 20 apart.
fn two_clusters(per: usize) -> ndarray::Array2<f32> {
    ndarray::Array2::from_shape_fn((2 * per, 5), |(i, j)| {
        let centre = if i < per { 0.0 } else { 20.0 };
        centre + ((i * 7 + j * 13) % 11) as f32 * 0.1 + if j == 0 { i as f32 * 0.05 } else { 0.0 }
    })
}

#[test]
fn umap_json_and_map() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("x.npy");
    write_matrix(&input, &two_clusters(30)).unwrap();
    let out = dir.path().join("y.npy");
    let v = json(&embedscope(&[
        "project",
        "--input",
        input.to_str().unwrap(),
        "--method",
        "umap",
        "--neighbors",
        "10",
        "--min-dist",
        "0.2",
        "--epochs",
        "150",
        "--seed",
        "3",
        "--output",
        out.to_str().unwrap(),
        "--json",
    ]));
    assert_eq!(v["cmd"], "project");
    assert_eq!(v["method"], "umap");
    assert_eq!((v["n"].as_u64(), v["dim"].as_u64()), (Some(60), Some(5)));
    assert_eq!(v["params"]["neighbors"], 10);
    assert_eq!(v["params"]["epochs"], 150);
    assert_eq!(v["params"]["seed"], 3);
    assert!((v["params"]["min_dist"].as_f64().unwrap() - 0.2).abs() < 1e-6);
    assert_eq!(v["neighbours"]["index"], "exact");
    assert_eq!(v["neighbours"]["k"], 10);
    assert!((v["neighbours"]["recall_at_k"].as_f64().unwrap() - 1.0).abs() < 1e-12);
    assert_eq!(v["fitted_points"], 60);
    assert!(v["edges"].as_u64().unwrap() >= 60 * 9);
    assert_eq!(v["warnings"].as_array().map(Vec::len), Some(0));
    assert!(v["wall_s"].as_f64().unwrap() >= 0.0);
    let y = read_matrix(&out).unwrap();
    assert_eq!(y.dim(), (60, 2));
    // Every point's map neighbour is in its own cluster.
    for i in 0..60 {
        let d = |j: usize| (y[[i, 0]] - y[[j, 0]]).powi(2) + (y[[i, 1]] - y[[j, 1]]).powi(2);
        let nearest = (0..60)
            .filter(|&j| j != i)
            .min_by(|&a, &b| d(a).total_cmp(&d(b)))
            .unwrap();
        assert_eq!(nearest < 30, i < 30, "point {i}");
    }
}

#[test]
fn umap_warns_and_refuses_clearly() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("x.npy");
    write_matrix(&input, &two_clusters(5)).unwrap();
    let out = dir.path().join("y.npy");
    let args = |extra: &[&'static str]| {
        let mut a = vec![
            "project".to_owned(),
            "--input".to_owned(),
            input.to_str().unwrap().to_owned(),
            "--method".to_owned(),
            "umap".to_owned(),
            "--output".to_owned(),
            out.to_str().unwrap().to_owned(),
            "--json".to_owned(),
        ];
        a.extend(extra.iter().map(|s| (*s).to_owned()));
        a
    };
    let run = |extra: &[&'static str]| {
        let a = args(extra);
        embedscope(&a.iter().map(String::as_str).collect::<Vec<_>>())
    };
    // 10 points, 15 neighbours asked: lowered to 9 with a warning.
    let v = json(&run(&["--epochs", "50"]));
    assert_eq!(v["params"]["neighbors"], 9);
    assert_eq!(
        v["warnings"][0],
        "15 neighbours are too many for 10 points (at most n − 1 = 9); using 9"
    );
    let bad = run(&["--min-dist", "3"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&bad.stderr)
            .contains("min_dist must be between 0 and the spread (1), got 3"),
        "{}",
        String::from_utf8_lossy(&bad.stderr)
    );
    let mut nan = two_clusters(5);
    nan[[7, 2]] = f32::NAN;
    write_matrix(&input, &nan).unwrap();
    let bad = run(&[]);
    assert_eq!(bad.status.code(), Some(2));
    // The loader names the cell before UMAP sees the matrix.
    assert!(
        String::from_utf8_lossy(&bad.stderr)
            .contains("row 7, column 2 (0-based): expected a finite number, found \"NaN\"")
    );
}
