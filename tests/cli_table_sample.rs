//! A Parquet table opened as a sample (`run --sample N --seed S`: the JSON says "a 40-row
//! sample of 300 rows") and a neighbour query against the whole table behind it
//! (`neighbours --whole-table`: an exact streaming scan of every part, checked against brute
//! force over all rows, with rows outside the sample marked).

pub mod common;

use common::cli::{json, on_path};
use common::table::{DIM, table, vector};

#[test]
fn a_sample_says_what_it_is_and_the_same_seed_draws_the_same_rows() {
    let dir = table();
    let run = |seed: &str| {
        json(&on_path(
            "run",
            dir.path(),
            &["--sample", "40", "--seed", seed, "--json"],
        ))
    };
    let v = run("3");
    assert_eq!(v["items"], 40);
    assert_eq!(v["dimension"], DIM);
    assert_eq!(v["sample"]["rows"], 40);
    assert_eq!(v["sample"]["of"], 300);
    assert_eq!(v["sample"]["seed"], 3);
    assert_eq!(v["sample"]["label"], "a 40-row sample of 300 rows");
    // A sample larger than the table reads it all, and says so.
    let all = json(&on_path("run", dir.path(), &["--sample", "1000", "--json"]));
    assert_eq!(all["items"], 300);
    assert_eq!(all["sample"]["label"], "a 300-row sample of 300 rows");
    // Without --sample the table fits and is read whole: no sample.
    let whole = json(&on_path("run", dir.path(), &["--json"]));
    assert_eq!(whole["items"], 300);
    assert!(whole.get("sample").is_none(), "{whole}");
}

/// Brute force over all 300 rows: the ids of the k nearest to row `q` (itself left out).
fn brute(q: usize, k: usize, cosine: bool) -> Vec<String> {
    let qv = vector(q);
    let norm = |v: &[f32; DIM]| v.iter().map(|x| x * x).sum::<f32>().sqrt();
    let mut scored: Vec<(f32, usize)> = (0..300)
        .filter(|&i| i != q)
        .map(|i| {
            let v = vector(i);
            let s = if cosine {
                -v.iter().zip(&qv).map(|(a, b)| a * b).sum::<f32>() / (norm(&v) * norm(&qv))
            } else {
                v.iter()
                    .zip(&qv)
                    .map(|(a, b)| (a - b) * (a - b))
                    .sum::<f32>()
            };
            (s, i)
        })
        .collect();
    scored.sort_by(|a, b| a.0.total_cmp(&b.0));
    scored
        .iter()
        .take(k)
        .map(|(_, i)| format!("v{i}"))
        .collect()
}

#[test]
fn the_whole_table_is_searched_exactly_and_rows_outside_the_sample_are_marked() {
    let dir = table();
    let sampled = json(&on_path(
        "run",
        dir.path(),
        &["--sample", "40", "--seed", "5", "--json"],
    ));
    assert_eq!(sampled["items"], 40);
    // An id of the sample: ask for one that is drawn (the first of a sorted run would do, but
    // the run JSON has no ids; the neighbours query fails on an id outside the sample).
    let mut query = None;
    for i in 0..300 {
        let id = format!("v{i}");
        let out = on_path(
            "neighbours",
            dir.path(),
            &[
                "--item",
                &id,
                "--sample",
                "40",
                "--seed",
                "5",
                "--k",
                "5",
                "--whole-table",
                "--json",
            ],
        );
        if out.status.success() {
            query = Some((i, json(&out)));
            break;
        }
        assert_eq!(out.status.code(), Some(2));
    }
    let (q, v) = query.expect("some row is in the sample");
    assert_eq!(v["searched"]["rows"], "sample");
    assert_eq!(v["searched"]["label"], "a 40-row sample of 300 rows");
    let w = &v["whole_table"];
    assert_eq!(w["rows_searched"], 300);
    let ids = |list: &serde_json::Value| -> Vec<String> {
        list.as_array()
            .expect("a list")
            .iter()
            .map(|h| h["id"].as_str().expect("an id").to_owned())
            .collect()
    };
    assert_eq!(ids(&w["euclidean"]), brute(q, 5, false));
    assert_eq!(ids(&w["cosine"]), brute(q, 5, true));
    // Most of the table is outside a 40-row sample: some neighbour must be marked so.
    let outside = w["euclidean"]
        .as_array()
        .expect("a list")
        .iter()
        .filter(|h| h["in_sample"] == false)
        .count();
    assert!(outside > 0, "{w}");
    // The sample's own lists stay within the sample.
    assert_eq!(v["euclidean"].as_array().expect("a list").len(), 5);
    // On a dataset that is not a sample, --whole-table is a clear error, exit 2.
    let out = on_path("neighbours", dir.path(), &["--item", "v1", "--whole-table"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("whole table already"));
}
