//! `embedscope interview`: churned candidates as JSON, then sheets for the first one.

use std::process::{Command, Output};

use serde_json::Value;

fn embedscope(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_embedscope"))
        .arg("--no-workspace")
        .args(args)
        .output()
        .expect("run embedscope")
}

fn ok(out: &Output) {
    assert!(
        out.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn churned_shortlist_then_html_and_japanese_markdown_sheets() {
    let out = embedscope(&[
        "interview",
        "sample_data/streaming",
        "--candidates",
        "churned",
        "--n",
        "3",
        "--json",
    ]);
    ok(&out);
    let doc: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let list = doc["candidates"].as_array().expect("candidates");
    assert_eq!(list.len(), 3);
    let silent: Vec<f64> = list
        .iter()
        .map(|c| c["days_silent"].as_f64().unwrap())
        .collect();
    assert!(silent.windows(2).all(|w| w[0] >= w[1]), "{silent:?}");
    assert!(silent[2] > 30.0);
    let id = list[0]["id"].as_str().expect("id").to_owned();

    let dir = tempfile::tempdir().expect("tempdir");
    let html_path = dir.path().join("sheet.html");
    let html_arg = html_path.to_str().expect("utf-8 path");
    ok(&embedscope(&[
        "interview",
        "sample_data/streaming",
        "--user",
        &id,
        "--out",
        html_arg,
    ]));
    let bytes = std::fs::read(&html_path).expect("sheet written");
    let html = String::from_utf8(bytes).expect("valid UTF-8");
    assert!(html.contains("<img alt=\"map\" src=\"data:image/png;base64,iVBORw0KGgo"));
    assert!(html.contains(&format!("({id})")));
    assert!(html.contains("Suggested questions"));
    assert!(html.contains("days before the latest data — what changed around then?"));

    let md_path = dir.path().join("ja.md");
    let md_arg = md_path.to_str().expect("utf-8 path");
    ok(&embedscope(&[
        "interview",
        "sample_data/streaming",
        "--user",
        &id,
        "--lang",
        "ja",
        "--out",
        md_arg,
    ]));
    let md = std::fs::read_to_string(&md_path).expect("markdown written");
    assert!(md.contains("# インタビューシート"));
    assert!(md.contains("### 質問案"));
    assert!(md.contains(&format!("![map](ja-{id}.png)")));
    let png = std::fs::read(dir.path().join(format!("ja-{id}.png"))).expect("png beside");
    assert!(png.starts_with(b"\x89PNG"));
}

#[test]
fn bad_where_column_is_an_error_with_the_columns() {
    let out = embedscope(&[
        "interview",
        "sample_data/streaming",
        "--candidates",
        "heavy",
        "--where",
        "planet=mars",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no column \"planet\""), "{err}");
    assert!(err.contains("country"), "{err}");
}

#[test]
fn the_sheet_is_headed_by_the_goal_kept_in_the_workspace() {
    let dir = tempfile::tempdir().expect("tempdir");
    let ws_path = dir.path().join("ws.sqlite");
    let dataset = std::path::Path::new("sample_data/cafes");
    let goal = embedscope::eval::goal::Goal {
        sentence: "Regulars find a second café they love".into(),
        metric: "ndcg".into(),
        k: 10,
        target: 0.2,
    };
    embedscope::store::Workspace::open(&ws_path)
        .expect("workspace")
        .set_goal(dataset, &goal)
        .expect("goal saved");
    let out_path = dir.path().join("sheet.md");
    let out = Command::new(env!("CARGO_BIN_EXE_embedscope"))
        .arg("--workspace")
        .arg(&ws_path)
        .args(["interview", "sample_data/cafes", "--user", "u01", "--out"])
        .arg(&out_path)
        .output()
        .expect("run embedscope");
    ok(&out);
    let md = std::fs::read_to_string(&out_path).expect("sheet written");
    assert!(
        md.contains("**Goal:** Regulars find a second café they love (KPI: ndcg@10 ≥ 0.2)"),
        "{md}"
    );
}
