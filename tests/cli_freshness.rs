//! `embedscope freshness DATASET --method als --step week [--k 10] --json`: the rows' keys (a
//! contract: trained_until, evaluated_on, age_days, recall@k, ndcg@k), the balanced design (the
//! last weeks each evaluated by a model of every age), the numbers equal to the library's, the
//! retraining interval against `--target`, the text table, and bad input with exit code 2.

pub mod common;

use common::cli::{embedscope, json};
use common::{dataset, sample};
use embedscope::eval::freshness::{FreshMethod, FreshnessParams, freshness};
use embedscope::pipeline::progress::Progress;

fn run(args: &[&str]) -> serde_json::Value {
    let cafes = sample("cafes");
    let mut all = vec![
        "--no-workspace",
        "freshness",
        cafes.to_str().expect("a UTF-8 path"),
    ];
    all.extend_from_slice(args);
    all.push("--json");
    json(&embedscope(&all))
}

#[test]
fn rows_keep_their_keys_and_equal_the_library() {
    let v = run(&["--method", "als", "--step", "week", "--k", "10"]);
    assert_eq!(v["cmd"], "freshness");
    assert_eq!(
        (v["method"].as_str(), v["step"].as_str()),
        (Some("als"), Some("week"))
    );
    assert_eq!(
        (v["step_days"].as_i64(), v["k"].as_i64()),
        (Some(7), Some(10))
    );
    let rows = v["rows"].as_array().unwrap();
    let keys: Vec<&str> = rows[0]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "trained_until",
            "evaluated_on",
            "age_days",
            "recall@10",
            "ndcg@10",
            "users"
        ]
    );
    // Ages 1–8 weeks, each on the same evaluated weeks.
    let by_age = v["by_age"].as_array().unwrap();
    let ages: Vec<i64> = by_age
        .iter()
        .map(|a| a["age_days"].as_i64().unwrap())
        .collect();
    assert_eq!(ages, [7, 14, 21, 28, 35, 42, 49, 56]);
    let weeks = by_age[0]["models"].as_u64().unwrap() as usize;
    assert_eq!(rows.len(), 8 * weeks);
    assert_eq!(v["models"].as_u64().unwrap() as usize, weeks + 7);
    // A row's age is the days from the day after its training data to the end of its week.
    for r in rows {
        let (t, e) = (
            r["trained_until"].as_str().unwrap(),
            r["evaluated_on"].as_str().unwrap(),
        );
        assert!(t < e, "{r}");
    }
    // The same numbers as the library's (rounded to 1e-6).
    let data = embedscope::data::formats::load(&sample("cafes"), None).unwrap();
    let f = freshness(&data, &FreshnessParams::default(), &Progress::silent()).unwrap();
    assert_eq!(f.method, FreshMethod::Als);
    assert_eq!(f.rows.len(), rows.len());
    for (lib, cli) in f.rows.iter().zip(rows) {
        assert_eq!(cli["trained_until"], lib.trained_until.as_str());
        assert_eq!(cli["age_days"], lib.age_days);
        assert!((cli["recall@10"].as_f64().unwrap() - lib.recall).abs() < 1e-6);
        assert!((cli["ndcg@10"].as_f64().unwrap() - lib.ndcg).abs() < 1e-6);
    }
    assert!(v["target"].is_null() && v["retrain_every"].is_null());
}

#[test]
fn retraining_interval_against_a_target() {
    let v = run(&["--target", "0"]);
    assert_eq!(v["target"]["source"], "--target");
    assert_eq!(v["target"]["metric"], "recall@10");
    assert_eq!(v["retrain_every"]["kind"], "not_within");
    assert_eq!(v["retrain_every"]["periods"], 8);
    let fresh = v["by_age"][0]["recall@10"].as_f64().unwrap();
    let v = run(&["--target", &format!("{}", fresh + 0.01)]);
    assert_eq!(v["retrain_every"]["kind"], "below_when_fresh");
    // Every: the number of leading ages at or above the target.
    let by_age: Vec<f64> = v["by_age"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["ndcg@10"].as_f64().unwrap())
        .collect();
    let t = by_age[0] - 1e-9;
    let v = run(&["--target", &format!("{t}"), "--metric", "ndcg"]);
    let leading = by_age.iter().take_while(|x| **x >= t).count();
    let expect = if leading == 8 { "not_within" } else { "every" };
    assert_eq!(v["retrain_every"]["kind"], expect);
    assert_eq!(v["retrain_every"]["periods"], leading);
    assert_eq!(v["retrain_every"]["days"], leading * 7);
}

#[test]
fn streaming_popularity_and_text() {
    let streaming = sample("streaming");
    let v = json(&embedscope(&[
        "--no-workspace",
        "freshness",
        streaming.to_str().unwrap(),
        "--method",
        "popularity",
        "--json",
    ]));
    // 2026-01-01 to 2026-10-27: 42 whole weeks (0–41); the last 5 (37–41, from 2026-09-17)
    // evaluated by models trained up to the end of weeks 29–40: the oldest up to 2026-07-29.
    let rows = v["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 40);
    assert_eq!(rows.last().unwrap()["evaluated_on"], "2026-10-15");
    assert_eq!(rows.last().unwrap()["trained_until"], "2026-10-14");
    assert_eq!(rows[0]["trained_until"], "2026-07-29");
    assert_eq!(rows[0]["evaluated_on"], "2026-09-17");
    assert_eq!(rows[0]["age_days"], 56);

    let cafes = sample("cafes");
    let out = embedscope(&[
        "--no-workspace",
        "freshness",
        cafes.to_str().unwrap(),
        "--target",
        "0.05",
    ]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("trained until"), "{text}");
    assert!(text.contains("mean by age:"), "{text}");
    assert!(text.contains("recall@10"), "{text}");
}

fn fails_with(args: &[&str], message: &str) {
    let out = embedscope(args);
    assert_eq!(out.status.code(), Some(2), "{args:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(message), "{args:?}: {err}");
}

#[test]
fn bad_input_exits_2() {
    let cafes = sample("cafes");
    let cafes = cafes.to_str().unwrap();
    fails_with(
        &["--no-workspace", "freshness", cafes, "--k", "0"],
        "k must be at least 1",
    );
    fails_with(
        &["--no-workspace", "freshness", cafes, "--target=-1"],
        "--target must be",
    );
    fails_with(
        &[
            "--no-workspace",
            "freshness",
            cafes,
            "--min-train",
            "100000",
        ],
        "too little data",
    );
    fails_with(
        &["--no-workspace", "freshness", cafes, "--step", "year"],
        "invalid value",
    );
    let dir = dataset(&[
        ("items.csv", b"id,title\na,Alpha\nb,Beta\n"),
        ("interactions.csv", b"user_id,item_id\nu1,a\nu2,b\n"),
    ]);
    fails_with(
        &["--no-workspace", "freshness", dir.path().to_str().unwrap()],
        "carry no timestamps",
    );
    fails_with(
        &["--no-workspace", "freshness", "/no/such/folder"],
        "not a dataset folder",
    );
}
