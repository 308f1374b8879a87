//! Comparing two runs: `embedscope compare` on a temporary workspace (two methods computed on
//! the fly, run ids, a dataset that changed between runs, errors), and the library's reading of
//! runs saved before item ids were kept.

pub mod common;

use std::process::Command;

use common::cli::{embedscope_in, json};
use common::{INTERACTIONS, ITEMS, dataset, sample};
use serde_json::Value;

fn f(v: &Value) -> f64 {
    v.as_f64().expect("a number")
}

#[test]
fn als_against_content_on_streaming_lists_the_most_changed_items() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = tmp.path().join("workspace.sqlite");
    let streaming = sample("streaming");
    let args = [
        "compare",
        "--dataset",
        streaming.to_str().unwrap(),
        "--method-a",
        "als",
        "--method-b",
        "content",
        "--top",
        "5",
        "--json",
    ];
    let v = json(&embedscope_in(&ws, &args));
    assert_eq!(v["cmd"], "compare");
    assert_eq!(
        (v["run_a"]["method"].as_str(), v["run_b"]["method"].as_str()),
        (Some("als"), Some("content"))
    );
    let (id_a, id_b) = (
        v["run_a"]["id"].as_i64().unwrap(),
        v["run_b"]["id"].as_i64().unwrap(),
    );
    assert_ne!(id_a, id_b);
    assert_eq!(
        (
            v["shared"].as_u64(),
            v["only_a"].as_u64(),
            v["only_b"].as_u64()
        ),
        (Some(5005), Some(0), Some(0))
    );
    assert_eq!(v["k"], 10);
    let d = f(&v["disparity"]);
    assert!(d > 0.1 && d < 1.0, "two methods differ: {d}");
    // Most changed first: Jaccard never decreases, and collaborative and text neighbours
    // mostly differ, so the top items share (almost) none.
    let items = v["items"].as_array().unwrap();
    assert_eq!(items.len(), 5);
    assert!(
        items
            .windows(2)
            .all(|w| f(&w[0]["jaccard"]) <= f(&w[1]["jaccard"]))
    );
    assert!(f(&items[0]["jaccard"]) < 0.2);
    for i in items {
        assert!(i["id"].is_string() && i["title"].is_string() && i["category"].is_string());
        assert_eq!(i["neighbours_a"].as_array().unwrap().len(), 10);
        assert_eq!(i["neighbours_b"].as_array().unwrap().len(), 10);
        assert!(f(&i["displacement"]) >= 0.0);
    }
    assert!(f(&v["mean_jaccard"]) < 0.5);
    let cats = v["categories"].as_array().unwrap();
    assert_eq!(
        cats.iter()
            .map(|c| c["items"].as_u64().unwrap())
            .sum::<u64>(),
        5005
    );
    assert!(
        cats.windows(2)
            .all(|w| f(&w[0]["shift"]) >= f(&w[1]["shift"]))
    );
    assert!(v.get("per_item").is_none());

    // Both runs were kept: by id they give the same numbers, read back; --per-item adds arrays.
    let listed = json(&embedscope_in(&ws, &["runs", "--json"]));
    assert_eq!(listed["runs"].as_array().unwrap().len(), 2);
    let (a, b) = (id_a.to_string(), id_b.to_string());
    let again = json(&embedscope_in(
        &ws,
        &["compare", &a, &b, "--top", "5", "--per-item", "--json"],
    ));
    assert_eq!(again["run_a"]["cached"], true);
    assert_eq!(again["disparity"], v["disparity"]);
    assert_eq!(again["items"], v["items"]);
    let per = &again["per_item"];
    assert_eq!(per["id"].as_array().unwrap().len(), 5005);
    assert_eq!(per["id"][0], "1", "run A's item order");
    let mean: f64 = per["jaccard"]
        .as_array()
        .unwrap()
        .iter()
        .map(f)
        .sum::<f64>()
        / 5005.0;
    assert!((mean - f(&v["mean_jaccard"])).abs() < 1e-5);

    // The text table names the items too.
    let text = embedscope_in(&ws, &["compare", &a, &b, "--top", "3"]);
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("most changed neighbourhoods (3 of 5005)"),
        "{text}"
    );
    assert!(text.contains(items[0]["id"].as_str().unwrap()), "{text}");
    assert!(text.contains("categories that moved most"), "{text}");
}

#[test]
fn a_run_compared_with_itself_has_not_changed() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = tmp.path().join("workspace.sqlite");
    let cafes = sample("cafes");
    let run = json(&embedscope_in(
        &ws,
        &["run", cafes.to_str().unwrap(), "--json"],
    ));
    let id = run["run_id"].as_i64().unwrap().to_string();
    let v = json(&embedscope_in(
        &ws,
        &["compare", &id, &id, "--k", "5", "--top", "147", "--json"],
    ));
    assert_eq!(v["shared"], 147);
    assert!(f(&v["disparity"]).abs() < 1e-9);
    assert!((f(&v["mean_jaccard"]) - 1.0).abs() < 1e-12);
    let items = v["items"].as_array().unwrap();
    assert!(
        items
            .iter()
            .all(|i| (f(&i["jaccard"]) - 1.0).abs() < 1e-12 && f(&i["displacement"]) < 1e-5)
    );
    assert!(items.iter().all(|i| i["neighbours_a"] == i["neighbours_b"]));
    // Unchanged items are listed by id.
    assert_eq!(items[0]["id"], "c001");
    assert!(
        v["categories"]
            .as_array()
            .unwrap()
            .iter()
            .all(|c| f(&c["shift"]) < 1e-5)
    );
}

#[test]
fn a_run_compares_with_its_retrained_successor_after_the_files_changed() {
    // v1: five items; v2: every value ×10 and one more item at the centre. Both columns keep
    // their mean and scale by the same factor, so the standardised features of the five shared
    // items only shrink uniformly: the alignment absorbs that completely.
    let tmp = tempfile::tempdir().unwrap();
    let ws = tmp.path().join("workspace.sqlite");
    let dir = dataset(&[("items.csv", ITEMS), ("interactions.csv", INTERACTIONS)]);
    let d = dir.path().to_str().unwrap();
    let first = json(&embedscope_in(&ws, &["run", d, "--json"]));
    let v2: &[u8] = b"id,title,category,x,y\na,Alpha,one,10,10\nb,Beta,one,30,30\nc,Centre,two,20,20\nd,Delta,two,10,30\ne,Echo,two,30,10\nf,Foxtrot,two,20,20\n";
    std::fs::write(dir.path().join("items.csv"), v2).unwrap();
    let second = json(&embedscope_in(&ws, &["run", d, "--json"]));
    let (a, b) = (first["run_id"].to_string(), second["run_id"].to_string());
    assert_ne!(a, b);
    let v = json(&embedscope_in(&ws, &["compare", &a, &b, "--json"]));
    assert_eq!(
        (
            v["shared"].as_u64(),
            v["only_a"].as_u64(),
            v["only_b"].as_u64()
        ),
        (Some(5), Some(0), Some(1))
    );
    assert!(f(&v["disparity"]).abs() < 1e-9, "{}", v["disparity"]);
    assert_eq!(v["k"], 4);
    // "c" sits at the centre: a zero vector in both runs, reported; k = 10 clamped to 4.
    let notes: Vec<&str> = v["notes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["note"].as_str().unwrap())
        .collect();
    assert_eq!(notes, ["k_clamped", "zero_vectors", "zero_vectors"]);
    let cats: Vec<(&str, u64)> = v["categories"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["category"].as_str().unwrap(),
                c["items"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(cats.len(), 2);
    assert!(cats.contains(&("one", 2)) && cats.contains(&("two", 3)));
}

#[test]
fn errors_name_the_run_and_what_is_needed() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = tmp.path().join("workspace.sqlite");
    let out = embedscope_in(&ws, &["compare", "1", "2"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("no run with id 1"), "{stderr}");

    let out = Command::new(env!("CARGO_BIN_EXE_embedscope"))
        .args(["--no-workspace", "compare", "1", "2"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("run ids need a workspace"));

    // One run id only, or --dataset without methods: clap says what is missing.
    for args in [
        &["compare", "1"][..],
        &["compare", "--dataset", "x", "--method-a", "als"],
    ] {
        let out = embedscope_in(&ws, args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("required"),
            "{args:?}"
        );
    }
    let out = embedscope_in(&ws, &["compare", "1", "2", "--k", "0"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("--k must be at least 1"));
}

#[test]
fn runs_saved_without_item_ids_read_them_from_unchanged_files() {
    use embedscope::pipeline::compare::stored;
    use embedscope::store::{NewRun, Workspace};
    let dir = dataset(&[("items.csv", ITEMS)]);
    let mut ws = Workspace::in_memory(None).unwrap();
    let fp = ws.fingerprint(dir.path()).unwrap().fingerprint;
    let items = ndarray::Array2::<f32>::from_shape_fn((5, 2), |(r, c)| (r * 2 + c) as f32);
    let users = ndarray::Array2::<f32>::zeros((0, 2));
    let id = ws
        .save_run(&NewRun {
            fingerprint: &fp,
            dataset_path: dir.path(),
            params_json: r#"{"format":"native","limit":null}"#,
            method: "features",
            items: items.view(),
            users: users.view(),
            user_placed: &[],
            projections: &[],
            metrics_json: "{}",
            extra_json: r#"{"dim_names":[],"raw_units":[]}"#,
        })
        .unwrap();
    let run = stored(&ws, id).unwrap();
    assert_eq!(run.ids, ["a", "b", "c", "d", "e"]);
    assert_eq!(&run.titles[2], "Centre");
    assert_eq!(&run.categories.as_ref().unwrap()[4], "two");
    assert_eq!(*run.vectors, items);

    std::fs::write(
        dir.path().join("items.csv"),
        [ITEMS, b"f,F,two,0,0\n"].concat(),
    )
    .unwrap();
    let e = stored(&ws, id).unwrap_err().to_string();
    assert!(
        e.contains("saved without its item ids") && e.contains("has changed since"),
        "{e}"
    );
}

#[test]
fn compare_has_help() {
    let out = Command::new(env!("CARGO_BIN_EXE_embedscope"))
        .args(["compare", "--help"])
        .output()
        .unwrap();
    assert!(out.status.success());
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(
        help.contains("--method-a") && help.contains("--per-item"),
        "{help}"
    );
}
