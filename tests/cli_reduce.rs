//! `embedscope tradeoff DATASET --reduce … --dims … --json`: the dimension study's JSON shape
//! on imported vectors that lie in an 8-dimensional subspace of R^48 (so PCA to 8 keeps every
//! neighbour), k above the dimension skipped with its reason, and bad arguments exit 2.

pub mod common;

use common::cli::{embedscope, json};
use common::{sample, vectors_dataset};

#[test]
fn reduce_json_has_one_row_per_reduction_and_k_plus_the_full_vectors() {
    let dir = vectors_dataset(150, 48, 8, 1);
    let d = dir.path().to_str().unwrap();
    let out = embedscope(&[
        "tradeoff",
        d,
        "--reduce",
        "pca,gaussian,sparse",
        "--dims",
        "8,16,64",
        "--queries",
        "50",
        "--json",
    ]);
    let v = json(&out);
    assert_eq!(v["vectors"], "imported");
    assert_eq!(v["items"], 150);
    assert_eq!(v["full_dim"], 48);
    assert_eq!(v["metric"], "cosine");
    assert_eq!(v["queries"], 50);
    let rows = v["rows"].as_array().unwrap();
    let got: Vec<(String, u64)> = rows
        .iter()
        .map(|r| {
            (
                r["reduction"].as_str().unwrap().to_owned(),
                r["dim"].as_u64().unwrap(),
            )
        })
        .collect();
    let want: Vec<(String, u64)> = [
        ("none", 48),
        ("pca", 8),
        ("pca", 16),
        ("gaussian", 8),
        ("gaussian", 16),
        ("sparse", 8),
        ("sparse", 16),
    ]
    .iter()
    .map(|(r, k)| ((*r).to_owned(), *k))
    .collect();
    assert_eq!(got, want);
    for r in rows {
        for key in ["neighbour_recall_at_10", "build_ms", "latency_us_p50"] {
            assert!(r[key].as_f64().is_some_and(|x| x >= 0.0), "{key} in {r}");
        }
        assert!(r["neighbour_recall_at_10"].as_f64().unwrap() <= 1.0);
        assert_eq!(r["index"], "exact");
        // The exact index holds the vectors and one inverse norm per row, 4 bytes each.
        let dim = r["dim"].as_u64().unwrap();
        assert_eq!(
            r["index_bytes"].as_u64().unwrap(),
            150 * (dim + 1) * 4,
            "{r}"
        );
    }
    assert!((rows[0]["neighbour_recall_at_10"].as_f64().unwrap() - 1.0).abs() < 1e-12);
    // The vectors span 8 dimensions: PCA to 8 keeps (up to the 7 digits written) every neighbour.
    let pca8 = rows[1]["neighbour_recall_at_10"].as_f64().unwrap();
    assert!(pca8 >= 0.99, "pca 8: {pca8}");
    // k = 64 > 48 dimensions: skipped for each reduction, said on stderr and in the JSON.
    let skipped = v["skipped"].as_array().unwrap();
    assert_eq!(skipped.len(), 3);
    assert_eq!(skipped[0]["problem"]["kind"], "above_dimension");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("skipped pca to k = 64: k = 64 is more than the vectors' 48 dimensions"),
        "{stderr}"
    );
}

#[test]
fn reduce_text_table_and_bad_arguments_exit_2() {
    let dir = vectors_dataset(40, 12, 3, 2);
    let d = dir.path().to_str().unwrap();
    let out = embedscope(&[
        "tradeoff",
        d,
        "--reduce",
        "pca",
        "--dims",
        "3",
        "--queries",
        "10",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("recall@10"), "{text}");
    assert!(
        text.lines()
            .any(|l| l.split_whitespace().take(3).eq(["pca", "3", "exact"])),
        "{text}"
    );
    for (args, needle) in [
        (
            vec!["--reduce", "umap", "--dims", "3"],
            "unknown reduction \"umap\"",
        ),
        (
            vec!["--reduce", "pca", "--dims", "20,30"],
            "no target dimension can be used",
        ),
        (
            vec!["--reduce", "pca", "--dims", "3", "--metric", "dot"],
            "unknown metric",
        ),
    ] {
        let mut all = vec!["tradeoff", d];
        all.extend(args);
        let bad = embedscope(&all);
        assert_eq!(bad.status.code(), Some(2), "{all:?}");
        let err = String::from_utf8_lossy(&bad.stderr);
        assert!(err.contains(needle), "{all:?}: {err}");
    }
}

#[test]
fn a_dataset_without_imported_vectors_studies_the_vectors_run_makes() {
    // The cafés have no item_vectors: `run` places them by their 4 numeric features.
    let cafes = sample("cafes");
    let v = json(&embedscope(&[
        "tradeoff",
        cafes.to_str().unwrap(),
        "--reduce",
        "pca,sparse",
        "--dims",
        "2,3",
        "--json",
    ]));
    assert_eq!(v["vectors"], "features");
    assert_eq!(v["full_dim"], 4);
    let rows = v["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 5, "{rows:?}");
    assert_eq!(rows[0]["reduction"], "none");
}
