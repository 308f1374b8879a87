//! `embedscope compare --dataset DIR --window-a FROM..TO --window-b FROM..TO`: seasonal drift.
//! The streaming sample's planted shift (horror changes audience from June to August) comes out
//! first among the categories, well ahead of the rest, when spring is compared with summer, and
//! first from the first quarter to the third; the cafés have no such shift (no category stands
//! out). Bad windows, a dataset without timestamps and a window with too few interactions exit
//! with code 2 and a message.

pub mod common;

use common::cli::{embedscope, json};
use common::{dataset, sample};
use embedscope::data::sample::season::PLANTED_GENRE;

fn windows(set: &str, a: &str, b: &str) -> serde_json::Value {
    let dir = sample(set);
    json(&embedscope(&[
        "compare",
        "--dataset",
        dir.to_str().expect("a UTF-8 path"),
        "--window-a",
        a,
        "--window-b",
        b,
        "--top",
        "5",
        "--json",
    ]))
}

/// (category, centre shift), largest first.
fn categories(v: &serde_json::Value) -> Vec<(String, f64)> {
    v["categories"]
        .as_array()
        .expect("categories")
        .iter()
        .map(|c| {
            (
                c["category"].as_str().expect("a name").to_owned(),
                c["shift"].as_f64().expect("a shift"),
            )
        })
        .collect()
}

#[test]
fn summer_moves_the_planted_genre_first() {
    let v = windows(
        "streaming",
        "2026-03-01..2026-05-31",
        "2026-06-01..2026-08-31",
    );
    assert_eq!(v["cmd"], "compare-windows");
    assert_eq!(v["run_a"]["window"], "2026-03-01..2026-05-31");
    assert_eq!(v["run_b"]["window"], "2026-06-01..2026-08-31");
    assert_eq!(v["run_a"]["method"], "als");
    assert!(v["run_a"]["interactions"].as_u64().unwrap() > 10_000);
    assert_eq!(v["min_item_interactions"], 2);
    let shared = v["shared"].as_u64().unwrap();
    assert_eq!(shared + v["left_out"].as_u64().unwrap(), 5005);
    let cats = categories(&v);
    assert_eq!(cats.len(), 12);
    assert_eq!(cats[0].0, PLANTED_GENRE, "{cats:?}");
    assert!(cats[0].1 > 2.0 * cats[1].1, "{cats:?}");
    // Each category also says how far its items moved on average.
    assert!(
        v["categories"][0]["mean_displacement"].as_f64().unwrap() > 0.0,
        "{}",
        v["categories"][0]
    );
    assert!(v["items"].as_array().unwrap().len() == 5);
}

#[test]
fn first_quarter_to_third_finds_it_too() {
    let v = windows(
        "streaming",
        "2026-01-01..2026-03-31",
        "2026-07-01..2026-09-30",
    );
    let cats = categories(&v);
    assert_eq!(cats[0].0, PLANTED_GENRE, "{cats:?}");
}

#[test]
fn the_cafes_have_no_seasonal_shift() {
    let v = windows("cafes", "2026-03-01..2026-05-31", "2026-06-01..2026-08-31");
    let cats = categories(&v);
    assert!(cats.len() >= 6);
    // Noise only: the category that moved most is within 1.5× the next one.
    assert!(cats[0].1 < 1.5 * cats[1].1, "{cats:?}");
}

#[test]
fn text_output_lists_the_windows_and_categories() {
    let dir = sample("streaming");
    let out = embedscope(&[
        "compare",
        "--dataset",
        dir.to_str().unwrap(),
        "--window-a",
        "2026-03-01..2026-05-31",
        "--window-b",
        "2026-06-01..2026-08-31",
        "--top",
        "3",
    ]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("window 2026-03-01..2026-05-31 (als,"),
        "{text}"
    );
    assert!(text.contains("categories that moved most"), "{text}");
    let first = text
        .lines()
        .skip_while(|l| !l.contains("centre shift"))
        .nth(1)
        .unwrap_or("");
    assert!(first.trim_start().starts_with(PLANTED_GENRE), "{text}");
}

fn fails_with(args: &[&str], message: &str) {
    let out = embedscope(args);
    assert_eq!(out.status.code(), Some(2), "{args:?}");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(message), "{args:?}: {err}");
}

#[test]
fn bad_windows_exit_2() {
    let cafes = sample("cafes");
    let cafes = cafes.to_str().unwrap();
    let base = ["compare", "--dataset", cafes, "--window-a"];
    fails_with(
        &[
            &base[..],
            &["2026-01-01", "--window-b", "2026-04-01..2026-06-30"],
        ]
        .concat(),
        "not a time window",
    );
    fails_with(
        &[
            &base[..],
            &[
                "2026-03-01..2026-01-01",
                "--window-b",
                "2026-04-01..2026-06-30",
            ],
        ]
        .concat(),
        "ends before it starts",
    );
    // A week of the cafés: a few dozen visits.
    fails_with(
        &[
            &base[..],
            &[
                "2026-01-01..2026-01-07",
                "--window-b",
                "2026-04-01..2026-06-30",
            ],
        ]
        .concat(),
        "at least 100 are needed",
    );
    fails_with(
        &[
            &base[..],
            &[
                "2026-01-01..2026-03-31",
                "--window-b",
                "2026-04-01..2026-06-30",
                "--method",
                "features",
            ],
        ]
        .concat(),
        "does not learn from interactions",
    );
    // Windows need both ends and a dataset.
    let out = embedscope(&[
        "compare",
        "--dataset",
        cafes,
        "--window-a",
        "2026-01-01..2026-03-31",
    ]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn no_timestamps_exit_2() {
    let dir = dataset(&[
        ("items.csv", b"id,title,category\na,Alpha,x\nb,Beta,y\n"),
        ("interactions.csv", b"user_id,item_id\nu1,a\nu1,b\nu2,a\n"),
    ]);
    fails_with(
        &[
            "compare",
            "--dataset",
            dir.path().to_str().unwrap(),
            "--window-a",
            "2026-01-01..2026-03-31",
            "--window-b",
            "2026-04-01..2026-06-30",
        ],
        "carry no timestamps",
    );
}
