//! The CLI contract: JSON shapes, `--help` on every command, errors on stderr with exit code 2.

pub mod common;

use std::process::Command;

use common::cli::{embedscope, embedscope_in, json};
use common::{INTERACTIONS, ITEMS, dataset, sample};

#[test]
fn run_json_summary() {
    let cafes = sample("cafes");
    let v = json(&embedscope(&["run", cafes.to_str().unwrap(), "--json"]));
    assert_eq!(v["items"], 147);
    assert_eq!(v["users"], 80);
    assert_eq!(v["dimension"], 4);
    assert_eq!(v["method"], "features");
    for stage in ["load", "embed", "index", "project"] {
        assert!(
            v["timings_ms"][stage].as_f64().is_some_and(|ms| ms >= 0.0),
            "timing of {stage}"
        );
    }
}

#[test]
fn neighbours_json_shape_and_teaching_case() {
    let cafes = sample("cafes");
    let v = json(&embedscope(&[
        "neighbours",
        cafes.to_str().unwrap(),
        "--item",
        "c001",
        "--k",
        "5",
        "--only",
        "items",
        "--json",
    ]));
    assert_eq!(v["query"]["id"], "c001");
    assert_eq!(v["query"]["kind"], "item");
    let euclid = v["euclidean"].as_array().unwrap();
    let cosine = v["cosine"].as_array().unwrap();
    assert_eq!((euclid.len(), cosine.len()), (5, 5));
    for e in euclid {
        assert!(
            e["id"].is_string()
                && e["name"].is_string()
                && e["kind"] == "item"
                && e["distance"].is_f64()
        );
    }
    for c in cosine {
        assert!(
            c["similarity"]
                .as_f64()
                .is_some_and(|s| (-1.0..=1.0).contains(&s))
        );
    }
    assert_eq!(euclid[0]["id"], "c002");
    assert_eq!(cosine[0]["id"], "c003");
    let overlap = v["overlap"].as_u64().unwrap();
    let shared = euclid.iter().filter(|e| e["shared"] == true).count() as u64;
    assert_eq!(overlap, shared);
    assert!(overlap < 5);
}

#[test]
fn neighbours_of_a_user_and_zero_vector() {
    let cafes = sample("cafes");
    let v = json(&embedscope(&[
        "neighbours",
        cafes.to_str().unwrap(),
        "--user",
        "u01",
        "--k",
        "3",
        "--json",
    ]));
    assert_eq!(v["query"]["kind"], "user");
    assert_eq!(v["euclidean"].as_array().unwrap().len(), 3);

    let dir = dataset(&[("items.csv", ITEMS), ("interactions.csv", INTERACTIONS)]);
    let v = json(&embedscope(&[
        "neighbours",
        dir.path().to_str().unwrap(),
        "--item",
        "c",
        "--k",
        "50",
        "--json",
    ]));
    assert_eq!(v["cosine"].as_array().unwrap().len(), 0);
    assert!(
        v["cosine_undefined"]
            .as_str()
            .unwrap()
            .contains("zero vector")
    );
    assert_eq!(
        v["euclidean"].as_array().unwrap().len(),
        6,
        "k larger than the data lists everything"
    );
}

#[test]
fn errors_go_to_stderr_with_exit_code_2() {
    let cafes = sample("cafes");
    let out = embedscope(&[
        "neighbours",
        cafes.to_str().unwrap(),
        "--item",
        "nope",
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    assert!(String::from_utf8_lossy(&out.stderr).contains("no item with id \"nope\""));

    let dir = dataset(&[("items.csv", b"id,price\na,1\nb,cheap\n")]);
    let out = embedscope(&["run", dir.path().to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("items.csv:3: column \"price\": expected a number, found \"cheap\"")
    );

    let out = embedscope(&[
        "neighbours",
        cafes.to_str().unwrap(),
        "--item",
        "c001",
        "--k",
        "0",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let out = embedscope(&["neighbours", cafes.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(2), "--item or --user is required");
}

#[test]
fn help_on_every_command() {
    for args in [
        vec!["--help"],
        vec!["run", "--help"],
        vec!["neighbours", "--help"],
        vec!["sample", "--help"],
        vec!["runs", "--help"],
        vec!["tradeoff", "--help"],
    ] {
        let out = embedscope(&args);
        assert!(out.status.success());
        assert!(
            String::from_utf8_lossy(&out.stdout).contains("Usage"),
            "{args:?}"
        );
    }
}

#[test]
fn sample_writes_both_sets() {
    let dir = tempfile::tempdir().unwrap();
    let out = embedscope(&["sample", "--out", dir.path().to_str().unwrap()]);
    assert!(out.status.success());
    assert!(dir.path().join("cafes/items.csv").is_file());
    assert!(dir.path().join("streaming/interactions.csv").is_file());
}

#[test]
fn eval_json_with_split_files() {
    let fixture =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/peers_small");
    let (train, test) = (fixture.join("train.tsv"), fixture.join("test.tsv"));
    let v = json(&embedscope(&[
        "eval",
        fixture.to_str().unwrap(),
        "--methods",
        "als,popularity",
        "--k",
        "10",
        "--train",
        train.to_str().unwrap(),
        "--test",
        test.to_str().unwrap(),
        "--factors",
        "8",
        "--iterations",
        "5",
        "--json",
    ]));
    for m in ["als", "popularity"] {
        for key in [
            "precision@10",
            "recall@10",
            "ndcg@10",
            "map@10",
            "hit_rate@10",
            "coverage@10",
            "fit_s",
        ] {
            assert!(v["methods"][m][key].is_f64(), "{m} {key}");
        }
    }
    let out = embedscope(&[
        "eval",
        fixture.to_str().unwrap(),
        "--train",
        train.to_str().unwrap(),
        "--test",
        test.to_str().unwrap(),
        "--alpha",
        "-1",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("ALS alpha must be ≥ 0"));
}

#[test]
fn recommend_json_with_reasons_and_metrics_that_disagree() {
    let cafes = sample("cafes");
    let ids = |metric: &str| -> Vec<String> {
        let v = json(&embedscope(&[
            "recommend",
            cafes.to_str().unwrap(),
            "--user",
            "u01",
            "--n",
            "10",
            "--metric",
            metric,
            "--json",
        ]));
        assert_eq!(v["funnel"]["catalogue"], 147);
        let items = v["items"].as_array().unwrap();
        assert_eq!(items.len(), 10);
        for it in items {
            assert!(
                it["because"].as_array().is_some_and(|b| !b.is_empty()),
                "every item has reasons"
            );
            assert!(it["score"].is_f64() && it["stage1_rank"].is_u64());
        }
        items
            .iter()
            .map(|i| i["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let (cos, euc, dot) = (ids("cosine"), ids("euclidean"), ids("dot"));
    assert_ne!(cos, euc, "distance and direction rank differently");
    assert_ne!(cos, dot);
    // The JSON says how the three lists overlap and where each item ranks under each metric
    // (no re-ranking weights: stage 2 keeps the stage-1 order).
    let v = json(&embedscope(&[
        "recommend",
        cafes.to_str().unwrap(),
        "--user",
        "u01",
        "--n",
        "10",
        "--metric",
        "cosine",
        "--json",
    ]));
    let shared = |a: &[String], b: &[String]| a.iter().filter(|x| b.contains(x)).count();
    assert_eq!(v["metric_overlap"]["cosine_euclidean"], shared(&cos, &euc));
    assert_eq!(v["metric_overlap"]["dot_cosine"], shared(&dot, &cos));
    assert_eq!(v["metric_overlap"]["dot_euclidean"], shared(&dot, &euc));
    for (rank, it) in v["items"].as_array().unwrap().iter().enumerate() {
        assert_eq!(it["rank_by_metric"]["cosine"], rank + 1);
        let id = it["id"].as_str().unwrap().to_owned();
        match euc.iter().position(|x| *x == id) {
            Some(r) => assert_eq!(it["rank_by_metric"]["euclidean"], r + 1),
            None => assert!(it["rank_by_metric"]["euclidean"].is_null()),
        }
    }
    // Re-ranking with a diversity weight changes the list and reports where items came from.
    let v = json(&embedscope(&[
        "recommend",
        cafes.to_str().unwrap(),
        "--user",
        "u01",
        "--diversity",
        "0.6",
        "--json",
    ]));
    let moved = v["items"]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
        .any(|(i, it)| it["stage1_rank"].as_u64() != Some(i as u64 + 1));
    assert!(moved);
    let out = embedscope(&["recommend", cafes.to_str().unwrap(), "--user", "nobody"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no user with id \"nobody\""));
    let out = embedscope(&[
        "recommend",
        cafes.to_str().unwrap(),
        "--user",
        "u01",
        "--n",
        "0",
    ]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn recommend_for_a_cold_user_falls_back_to_popularity() {
    let dir = dataset(&[
        ("items.csv", ITEMS),
        ("users.csv", b"id,name\nu1,One\nu2,Two\nu3,Newcomer\n"),
        ("interactions.csv", INTERACTIONS),
    ]);
    let v = json(&embedscope(&[
        "recommend",
        dir.path().to_str().unwrap(),
        "--user",
        "u3",
        "--n",
        "2",
        "--json",
    ]));
    assert!(
        v["cold_start"]
            .as_str()
            .unwrap()
            .contains("no interactions yet")
    );
    let items = v["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    // a, b and d each have one user; ties go to file order.
    assert_eq!(items[0]["id"], "a");
    assert_eq!(items[1]["id"], "b");
}

#[test]
fn project_and_knn_on_npy_files() {
    use embedscope::data::formats::npy::{read_matrix, write_matrix};
    let dir = tempfile::tempdir().unwrap();
    // Two tight clusters of 30 points in 5 dimensions.
    let x = ndarray::Array2::from_shape_fn((60, 5), |(i, j)| {
        let centre = if i < 30 { 0.0 } else { 20.0 };
        // Distinct points: no two rows are equal, so each point is its own nearest.
        centre + ((i * 7 + j * 13) % 11) as f32 * 0.1 + if j == 0 { i as f32 * 0.05 } else { 0.0 }
    });
    let input = dir.path().join("x.npy");
    write_matrix(&input, &x).unwrap();
    let out = dir.path().join("y.npy");
    for method in ["pca", "tsne"] {
        let v = json(&embedscope(&[
            "project",
            "--input",
            input.to_str().unwrap(),
            "--method",
            method,
            "--iterations",
            "300",
            "--output",
            out.to_str().unwrap(),
            "--json",
        ]));
        assert_eq!(v["method"], method);
        assert_eq!(v["n"], 60);
        let y = read_matrix(&out).unwrap();
        assert_eq!(y.dim(), (60, 2));
        // The clusters stay apart: every point's map neighbour is in its own cluster.
        for i in 0..60 {
            let nearest = (0..60)
                .filter(|&j| j != i)
                .min_by(|&a, &b| {
                    let d = |j: usize| {
                        (y[[i, 0]] - y[[j, 0]]).powi(2) + (y[[i, 1]] - y[[j, 1]]).powi(2)
                    };
                    d(a).total_cmp(&d(b))
                })
                .unwrap();
            assert_eq!(nearest < 30, i < 30, "{method}: point {i}");
        }
    }
    // 60 points cannot have perplexity 30: clamped with a warning in the JSON.
    let v = json(&embedscope(&[
        "project",
        "--input",
        input.to_str().unwrap(),
        "--method",
        "tsne",
        "--iterations",
        "260",
        "--output",
        out.to_str().unwrap(),
        "--json",
    ]));
    assert!(
        v["warnings"][0]
            .as_str()
            .unwrap()
            .starts_with("perplexity 30 is too large")
    );
    // knn: exact ids, self first.
    let ids = dir.path().join("ids.npy");
    let v = json(&embedscope(&[
        "knn",
        "--input",
        input.to_str().unwrap(),
        "--queries",
        input.to_str().unwrap(),
        "--k",
        "3",
        "--metric",
        "euclidean",
        "--output",
        ids.to_str().unwrap(),
        "--json",
    ]));
    assert_eq!(v["n_queries"], 60);
    assert!(v["qps"].as_f64().unwrap() > 0.0);
    let got: ndarray::Array2<i64> = ndarray_npy::read_npy(&ids).unwrap();
    assert_eq!(got.dim(), (60, 3));
    assert!((0..60).all(|i| got[[i, 0]] == i as i64));
    // Mismatched dimensions and a missing file are clear errors.
    let q = dir.path().join("q.npy");
    write_matrix(&q, &ndarray::Array2::<f32>::zeros((2, 4))).unwrap();
    let out = embedscope(&[
        "knn",
        "--input",
        input.to_str().unwrap(),
        "--queries",
        q.to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("has 4 dimensions"));
    let out = embedscope(&[
        "project", "--input", "nope.npy", "--method", "pca", "--output", "y.npy",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("nope.npy: cannot read the file: file not found")
    );
}

#[test]
fn analogy_king_minus_man_plus_woman() {
    let dir = tempfile::tempdir().unwrap();
    let words = dir.path().join("words.vec");
    std::fs::write(
        &words,
        "6 3\nking 1 1 0\nqueen 1 -1 0\nman 0 1 0\nwoman 0 -1 0\napple 0 0 1\nprince 0.9 1.2 0\n",
    )
    .unwrap();
    let v = json(&embedscope(&[
        "analogy",
        words.to_str().unwrap(),
        "--a",
        "king",
        "--b",
        "man",
        "--c",
        "woman",
        "--k",
        "2",
        "--json",
    ]));
    assert_eq!(v["euclidean"][0]["id"], "queen");
    assert_eq!(v["cosine"][0]["id"], "queen");
    assert_eq!(v["euclidean"].as_array().unwrap().len(), 2);
    assert!((v["cosine"][0]["similarity"].as_f64().unwrap() - 1.0).abs() < 1e-6);
    let out = embedscope(&[
        "analogy",
        words.to_str().unwrap(),
        "--a",
        "king",
        "--b",
        "duke",
        "--c",
        "woman",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no item with id \"duke\""));
}

#[test]
fn run_is_kept_in_the_workspace_and_read_back_until_the_data_changes() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = tmp.path().join("ws/workspace.sqlite");
    let dir = dataset(&[("items.csv", ITEMS), ("interactions.csv", INTERACTIONS)]);
    let d = dir.path().to_str().unwrap();
    let first = json(&embedscope_in(&ws, &["run", d, "--json"]));
    assert_eq!(
        (first["run_id"].as_i64(), first["cached"].as_bool()),
        (Some(1), Some(false))
    );
    assert!(
        ws.is_file(),
        "the workspace file is created with its folder"
    );
    let second = json(&embedscope_in(&ws, &["run", d, "--json"]));
    assert_eq!(
        (second["run_id"].as_i64(), second["cached"].as_bool()),
        (Some(1), Some(true))
    );
    // Every field of the summary is there, as computed the first time.
    for key in [
        "dataset",
        "items",
        "users",
        "users_placed",
        "interactions",
        "dimension",
        "method",
        "projection",
        "explained_variance_ratio",
        "timings_ms",
        "total_ms",
    ] {
        assert_eq!(first[key], second[key], "{key}");
    }
    // Another format key (--limit) is another run.
    let limited = json(&embedscope_in(&ws, &["run", d, "--limit", "3", "--json"]));
    assert_eq!(
        (limited["run_id"].as_i64(), limited["cached"].as_bool()),
        (Some(2), Some(false))
    );
    // Changed data: detected by the fingerprint, computed again.
    std::fs::write(
        dir.path().join("items.csv"),
        [ITEMS, b"f,Foxtrot,two,4,4\n"].concat(),
    )
    .unwrap();
    let third = json(&embedscope_in(&ws, &["run", d, "--json"]));
    assert_eq!(
        (third["run_id"].as_i64(), third["cached"].as_bool()),
        (Some(3), Some(false))
    );
    assert_eq!(third["items"], 6);

    let listed = json(&embedscope_in(&ws, &["runs", "--json"]));
    assert_eq!(listed["workspace"], ws.to_str().unwrap());
    let runs = listed["runs"].as_array().unwrap();
    let ids: Vec<i64> = runs.iter().map(|r| r["id"].as_i64().unwrap()).collect();
    assert_eq!(ids, [3, 2, 1], "newest first");
    assert_eq!(
        (runs[0]["items"].as_u64(), runs[2]["items"].as_u64()),
        (Some(6), Some(5))
    );
    assert_eq!(runs[2]["method"], "features");
    assert_eq!(runs[2]["dimension"], 2);
    assert_eq!(runs[2]["params"]["embed"]["method"], "features");
    assert!(runs[2]["created"].as_str().unwrap().ends_with('Z'));
    // items 5×2 + users 2×2 + map 7×2 floats.
    assert_eq!(runs[2]["bytes"], (10 + 4 + 14) * 4);
    let text = embedscope_in(&ws, &["runs"]);
    assert!(String::from_utf8_lossy(&text.stdout).contains("features"));
}

#[test]
fn no_workspace_keeps_nothing() {
    let tmp = tempfile::tempdir().unwrap();
    let out = Command::new(env!("CARGO_BIN_EXE_embedscope"))
        .args([
            "run",
            sample("cafes").to_str().unwrap(),
            "--json",
            "--no-workspace",
        ])
        .env("XDG_DATA_HOME", tmp.path())
        .output()
        .unwrap();
    let v = json(&out);
    assert_eq!(
        (v["run_id"].is_null(), v["cached"].as_bool()),
        (true, Some(false))
    );
    assert_eq!(
        std::fs::read_dir(tmp.path()).unwrap().count(),
        0,
        "nothing written"
    );
    // The default workspace lives under XDG_DATA_HOME.
    let out = Command::new(env!("CARGO_BIN_EXE_embedscope"))
        .args(["runs", "--json"])
        .env("XDG_DATA_HOME", tmp.path())
        .output()
        .unwrap();
    let expected = tmp.path().join("embedscope/workspace.sqlite");
    assert_eq!(json(&out)["workspace"], expected.to_str().unwrap());
    assert!(expected.is_file());
}

/// An SQLite header followed by garbage: a damaged workspace.
fn damaged_sqlite() -> Vec<u8> {
    let mut bytes = b"SQLite format 3\0".to_vec();
    bytes.extend(std::iter::repeat_n(0xA5_u8, 4096 - bytes.len()));
    bytes
}

#[test]
fn a_workspace_path_that_is_not_sqlite_is_refused_untouched() {
    let tmp = tempfile::tempdir().unwrap();
    let png = tmp.path().join("map.png");
    let bytes = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
    std::fs::write(&png, &bytes).unwrap();
    let out = embedscope_in(&png, &["run", sample("cafes").to_str().unwrap(), "--json"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(out.stdout.is_empty());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        stderr.trim_end(),
        format!(
            "error: {} is not an SQLite database (it is a PNG image); it was left untouched — give --workspace the path of a workspace file (or of a file to create)",
            png.display()
        )
    );
    assert_eq!(std::fs::read(&png).unwrap(), bytes);
    assert_eq!(
        std::fs::read_dir(tmp.path()).unwrap().count(),
        1,
        "nothing renamed"
    );
}

#[test]
fn a_corrupt_workspace_is_set_aside_with_a_warning() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = tmp.path().join("workspace.sqlite");
    std::fs::write(&ws, damaged_sqlite()).unwrap();
    let out = embedscope_in(&ws, &["run", sample("cafes").to_str().unwrap(), "--json"]);
    let v = json(&out);
    assert_eq!(v["run_id"], 1);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("warning: the workspace file") && stderr.contains(".corrupt-"),
        "{stderr}"
    );
    let aside: Vec<_> = std::fs::read_dir(tmp.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|n| n.starts_with("workspace.sqlite.corrupt-"))
        .collect();
    assert_eq!(aside.len(), 1);
    assert_eq!(
        std::fs::read(tmp.path().join(&aside[0])).unwrap(),
        damaged_sqlite()
    );
}

#[test]
fn a_missing_dataset_is_reported_by_the_loader_even_with_a_workspace() {
    let tmp = tempfile::tempdir().unwrap();
    let missing = tmp.path().join("nope");
    let out = embedscope_in(
        &tmp.path().join("ws.sqlite"),
        &["run", missing.to_str().unwrap(), "--json"],
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("not a dataset folder"), "{stderr}");
}

#[test]
fn tradeoff_json_shape_and_exact_rows_match_eval() {
    let cafes = sample("cafes");
    let cafes = cafes.to_str().unwrap();
    let v = json(&embedscope(&[
        "tradeoff",
        cafes,
        "--dims",
        "8,4",
        "--index",
        "exact,hnsw",
        "--json",
    ]));
    assert_eq!(v["k"], 10);
    assert_eq!(v["users_evaluated"], 80);
    assert_eq!(v["items"], 144);
    assert_eq!(v["params"]["als"]["iterations"], 15);
    assert_eq!(v["params"]["query_threads"], 1);
    assert_eq!(v["params"]["query_repeats"], 3);
    let rows = v["settings"].as_array().unwrap();
    let labels: Vec<String> = rows
        .iter()
        .map(|r| format!("{} {}", r["dim"], r["index"].as_str().unwrap()))
        .collect();
    assert_eq!(labels, ["4 exact", "4 hnsw", "8 exact", "8 hnsw"]);
    for r in rows {
        for key in [
            "fit_s",
            "build_ms",
            "latency_us_p50",
            "latency_us_p95",
            "recall_at_k",
            "ndcg_at_k",
            "exact_agreement",
        ] {
            assert!(r[key].as_f64().is_some_and(|x| x >= 0.0), "{key} in {r}");
        }
        assert!(r["recall_at_k"].as_f64().unwrap() <= 1.0);
        assert!(r["index_bytes"].as_u64().unwrap() > 0);
    }
    // Exact memory is the vectors: 144 items × d × 4 bytes.
    assert_eq!(rows[0]["index_bytes"], 144 * 4 * 4);
    assert_eq!(rows[2]["index_bytes"], 144 * 8 * 4);

    // Same split, same ALS, same metrics as `eval`: the exact rows reproduce its ALS numbers.
    let e = json(&embedscope(&[
        "eval",
        cafes,
        "--methods",
        "als",
        "--factors",
        "4",
        "--seed",
        "42",
        "--json",
    ]));
    let als = &e["methods"]["als"];
    for (ours, theirs) in [("recall_at_k", "recall@10"), ("ndcg_at_k", "ndcg@10")] {
        let (a, b) = (
            rows[0][ours].as_f64().unwrap(),
            als[theirs].as_f64().unwrap(),
        );
        assert!((a - b).abs() < 1e-9, "{ours}: tradeoff {a}, eval {b}");
    }
}

#[test]
fn tradeoff_text_table_and_bad_arguments() {
    let cafes = sample("cafes");
    let cafes = cafes.to_str().unwrap();
    let out = embedscope(&["tradeoff", cafes, "--dims", "4", "--index", "exact"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("recall@10"), "{text}");
    assert!(
        text.lines()
            .any(|l| l.split_whitespace().take(2).eq(["4", "exact"])),
        "{text}"
    );
    let bad = embedscope(&["tradeoff", cafes, "--index", "ivf"]);
    assert_eq!(bad.status.code(), Some(2));
    let err = String::from_utf8_lossy(&bad.stderr);
    assert!(
        err.contains("unknown index \"ivf\" (available: exact, hnsw)"),
        "{err}"
    );
    let bad = embedscope(&["tradeoff", cafes, "--dims", "0"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&bad.stderr).contains("ALS factors must be between 1 and 4096")
    );
}

#[test]
fn never_rated_items_have_no_data_and_stay_out_of_neighbour_lists() {
    // ALS (no feature columns, so the collaborative fallback): x, y and z are never rated, so
    // ALS leaves them at almost zero — where two of them once showed a cosine of 0.99.
    let items = b"id,title\na,A\nb,B\nc,C\nd,D\ne,E\nf,F\nx,X\ny,Y\nz,Z\n";
    let inter = b"user_id,item_id,rating\nu1,a,1\nu1,b,1\nu1,c,1\nu2,a,1\nu2,b,1\nu3,d,1\nu3,e,1\nu3,f,1\nu4,d,1\nu4,f,1\nu5,c,1\nu5,e,1\n";
    let dir = dataset(&[("items.csv", items), ("interactions.csv", inter)]);
    let path = dir.path().to_str().unwrap();
    let v = json(&embedscope(&[
        "neighbours",
        path,
        "--item",
        "a",
        "--k",
        "20",
        "--only",
        "items",
        "--json",
    ]));
    let ids = |key: &str| -> Vec<String> {
        v[key]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n["id"].as_str().unwrap().to_owned())
            .collect()
    };
    for key in ["cosine", "euclidean"] {
        let list = ids(key);
        assert_eq!(list.len(), 5, "{key}: the five other rated items, {list:?}");
        assert!(
            list.iter()
                .all(|id| !["x", "y", "z"].contains(&id.as_str()))
        );
    }
    assert_eq!(v["left_out_no_data"], 3);
    assert_eq!(v["query"]["no_data"], false);
    // A never-rated item: marked, and no cosine list (as a zero vector).
    let v = json(&embedscope(&["neighbours", path, "--item", "x", "--json"]));
    assert_eq!(v["query"]["no_data"], true);
    assert_eq!(v["cosine"].as_array().unwrap().len(), 0);
    assert!(
        v["cosine_undefined"]
            .as_str()
            .unwrap()
            .contains("no data behind it"),
        "{v}"
    );
    assert_eq!(v["left_out_no_data"], 2, "y and z; x is the query");
    // The text output says how many were left out.
    let out = embedscope(&["neighbours", path, "--item", "a", "--only", "items"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("3 without data left out"), "{text}");
}
