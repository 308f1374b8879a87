//! `embedscope goal set|show|clear` and `embedscope summary`: the goal kept in the workspace is
//! the app's (the goal card reads it back), `freshness` takes its target from it, and the
//! workshop summary prints it with the evaluation's standings and the A/B plan and reading, as
//! Markdown or HTML, in English or Japanese; bad input exits with code 2.

pub mod common;

use std::path::Path;

use common::cli::{embedscope_in, json};
use common::kittest::{Setup, app, loaded, step_until};
use common::sample;
use embedscope::eval::goal::Goal;

const SENTENCE: &str = "+15 % visits through <recommendations>";

fn set_goal(ws: &Path, cafes: &str) -> serde_json::Value {
    json(&embedscope_in(
        ws,
        &[
            "goal",
            "set",
            cafes,
            "--sentence",
            SENTENCE,
            "--metric",
            "recall@10",
            "--target",
            "0.2",
            "--json",
        ],
    ))
}

#[test]
fn a_goal_set_here_is_the_apps_and_freshness_reads_it() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = tmp.path().join("ws.sqlite");
    let cafes = sample("cafes");
    let cafes = cafes.to_str().unwrap();
    let v = set_goal(&ws, cafes);
    assert_eq!(v["goal"]["kpi"], "recall@10");
    let shown = json(&embedscope_in(&ws, &["goal", "show", cafes, "--json"]));
    assert_eq!(shown, v);
    assert_eq!(shown["goal"]["sentence"], SENTENCE);
    assert_eq!(shown["goal"]["target"], 0.2);

    // freshness: the target comes from the goal.
    let f = json(&embedscope_in(
        &ws,
        &["freshness", cafes, "--method", "popularity", "--json"],
    ));
    assert_eq!(f["target"]["source"], "goal");
    assert_eq!(f["target"]["value"], 0.2);
    assert_eq!(f["target"]["metric"], "recall@10");
    assert!(f["retrain_every"].is_object());

    // The app opened with the same workspace shows it on the goal card.
    let mut h = Setup::new(sample("cafes")).workspace(ws.clone()).build();
    step_until(&mut h, loaded);
    step_until(&mut h, |a| a.state.goal.saved.is_some());
    assert_eq!(
        app(&h).state.goal.saved,
        Some(Goal {
            sentence: SENTENCE.into(),
            metric: "recall".into(),
            k: 10,
            target: 0.2,
        })
    );
    drop(h);

    // Cleared: nothing kept, freshness has no target.
    let cleared = json(&embedscope_in(&ws, &["goal", "clear", cafes, "--json"]));
    assert!(cleared["goal"].is_null());
    let shown = json(&embedscope_in(&ws, &["goal", "show", cafes, "--json"]));
    assert!(shown["goal"].is_null());
}

#[test]
fn the_summary_prints_goal_standings_plan_and_reading() {
    let tmp = tempfile::tempdir().unwrap();
    let ws = tmp.path().join("ws.sqlite");
    let cafes = sample("cafes");
    let cafes = cafes.to_str().unwrap();
    set_goal(&ws, cafes);
    let eval = embedscope_in(
        &ws,
        &["eval", cafes, "--methods", "als,popularity", "--json"],
    );
    assert!(eval.status.success());
    let eval_path = tmp.path().join("eval.json");
    std::fs::write(&eval_path, &eval.stdout).unwrap();
    let report: serde_json::Value = serde_json::from_slice(&eval.stdout).unwrap();
    let als = report["methods"]["als"]["recall@10"].as_f64().unwrap();

    let out = embedscope_in(
        &ws,
        &[
            "summary",
            cafes,
            "--eval",
            eval_path.to_str().unwrap(),
            "--baseline",
            "0.05",
            "--uplift",
            "0.15",
            "--control",
            "10000,500",
            "--treatment",
            "10000,560",
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let md = String::from_utf8_lossy(&out.stdout);
    assert!(
        md.starts_with("# Workshop summary — Cafés of Kawabe"),
        "{md}"
    );
    assert!(md.contains("Offline KPI: recall@10 ≥ 0.2"), "{md}");
    assert!(md.contains(&format!("| als | {als:.4} |")), "{md}");
    assert!(
        md.contains("We need 15 days at 10 % of traffic to see +15.0 %."),
        "{md}"
    );
    assert!(md.contains("p = 0.0583"), "{md}");

    // HTML by the file name, in Japanese, the sentence escaped.
    let page = tmp.path().join("summary.html");
    let out = embedscope_in(
        &ws,
        &[
            "summary",
            cafes,
            "--lang",
            "ja",
            "-o",
            page.to_str().unwrap(),
        ],
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"), "{html}");
    assert!(html.contains("ワークショップのまとめ"));
    assert!(html.contains("川辺町のカフェと飲食店"));
    assert!(html.contains("&lt;recommendations&gt;"), "{html}");
    // No evaluation given: the standings say so.
    assert!(html.contains("この k での評価はまだありません"), "{html}");

    // No workspace: no goal, the summary says it is not set yet.
    let out = common::cli::embedscope(&["--no-workspace", "summary", cafes, "--format", "md"]);
    assert!(String::from_utf8_lossy(&out.stdout).contains("No goal set yet."));
}

fn fails_with(ws: &Path, args: &[&str], message: &str) {
    let out = embedscope_in(ws, args);
    assert_eq!(out.status.code(), Some(2), "{args:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(message), "{args:?}: {err}");
}

#[test]
fn bad_input_exits_2() {
    fn set<'a>(cafes: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
        let mut a = vec!["goal", "set", cafes, "--sentence", "x"];
        a.extend_from_slice(extra);
        a
    }
    let tmp = tempfile::tempdir().unwrap();
    let ws = tmp.path().join("ws.sqlite");
    let cafes = sample("cafes");
    let cafes = cafes.to_str().unwrap();
    fails_with(
        &ws,
        &set(cafes, &["--metric", "auc", "--target", "0.2"]),
        "unknown metric \"auc\"",
    );
    fails_with(
        &ws,
        &set(cafes, &["--target", "-1"]),
        "the target must be a number ≥ 0",
    );
    fails_with(
        &ws,
        &set(
            cafes,
            &["--metric", "recall@10", "--k", "5", "--target", "0.2"],
        ),
        "k = 10 but --k says 5",
    );
    fails_with(
        &ws,
        &set(cafes, &["--metric", "recall@ten", "--target", "0.2"]),
        "METRIC@K",
    );
    fails_with(
        &ws,
        &["goal", "set", cafes, "--sentence", " ", "--target", "0.2"],
        "the goal needs a sentence",
    );
    fails_with(
        &ws,
        &["goal", "show", "/no/such/folder"],
        "not a dataset folder",
    );
    let out = common::cli::embedscope(&["--no-workspace", "goal", "show", cafes]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("drop --no-workspace"));

    let bad = tmp.path().join("eval.json");
    std::fs::write(&bad, "not json").unwrap();
    fails_with(
        &ws,
        &["summary", cafes, "--eval", bad.to_str().unwrap()],
        "not JSON",
    );
    std::fs::write(&bad, "{}").unwrap();
    fails_with(
        &ws,
        &["summary", cafes, "--eval", bad.to_str().unwrap()],
        "no \"methods\"",
    );
    fails_with(
        &ws,
        &["summary", cafes, "--baseline", "1.5", "--uplift", "0.1"],
        "baseline",
    );
    fails_with(
        &ws,
        &["summary", cafes, "-o", "/no/such/dir/s.md"],
        "/no/such/dir",
    );
}
