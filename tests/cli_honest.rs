//! Honest command-line output: one method name means one model (and says its settings), runs of
//! different datasets are not matched by id, timings count what happens, quick benchmarks print
//! no ratios against full-size references, exports never create folders silently, and every
//! `--help` agrees with what the command accepts.

pub mod common;

use std::fmt::Write as _;
use std::path::Path;
use std::process::{Command, Output};

use common::cli::{embedscope, embedscope_in, json};
use common::{INTERACTIONS, ITEMS, dataset, sample};
use serde_json::Value;

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn fails(out: &Output) -> String {
    assert_eq!(out.status.code(), Some(2), "stdout: {}", stdout(out));
    stderr(out)
}

/// 40 items without numeric features and 25 users with deterministic, overlapping tastes: a
/// dataset on which "features" falls back to ALS.
fn no_features() -> tempfile::TempDir {
    let mut items = String::from("id,title\n");
    for i in 0..40 {
        writeln!(items, "i{i:02},Item {i}").expect("test helper");
    }
    let mut rows = String::from("user_id,item_id,rating,timestamp\n");
    for u in 0..25 {
        for j in 0..8 {
            let i = (u * 3 + j * j * 5 + u * j) % 40;
            writeln!(rows, "u{u:02},i{i:02},1,{}", 1000 + u * 10 + j).expect("test helper");
        }
    }
    dataset(&[
        ("items.csv", items.as_bytes()),
        ("interactions.csv", rows.as_bytes()),
    ])
}

fn ids(list: &Value) -> Vec<String> {
    list.as_array()
        .expect("test helper")
        .iter()
        .map(|v| v["id"].as_str().expect("test helper").to_owned())
        .collect()
}

#[test]
fn recommend_without_method_and_with_als_is_one_model_that_names_its_settings() {
    let dir = no_features();
    let d = dir.path().to_str().unwrap();
    let default = json(&embedscope(&["recommend", d, "--user", "u03", "--json"]));
    let als = json(&embedscope(&[
        "recommend",
        d,
        "--user",
        "u03",
        "--method",
        "als",
        "--json",
    ]));
    assert_eq!(default["method"], "als");
    assert_eq!(als["method"], "als");
    assert_eq!(default["method_settings"], als["method_settings"]);
    assert_eq!(als["method_settings"]["factors"], 32);
    assert_eq!(als["method_settings"]["alpha"].as_f64(), Some(2.0));
    assert_eq!(
        als["method_label"],
        "als (32 factors, α 2, λ 0.05, 15 iterations)"
    );
    assert_eq!(ids(&default["items"]), ids(&als["items"]));
    let text = stdout(&embedscope(&["recommend", d, "--user", "u03"]));
    assert!(
        text.contains("; als (32 factors, α 2, λ 0.05, 15 iterations), scored by dot"),
        "{text}"
    );
    // `run` and `export` say the same settings for the same method.
    let run = json(&embedscope(&["run", d, "--json", "--no-workspace"]));
    assert_eq!(run["method_settings"], als["method_settings"]);
    assert_eq!(run["dimension"], 32);
    let out = tempfile::tempdir().unwrap();
    let csv = out.path().join("map.csv");
    let export = json(&embedscope(&[
        "export",
        d,
        "--method",
        "als",
        "--format",
        "csv",
        "--out",
        csv.to_str().unwrap(),
        "--json",
    ]));
    assert_eq!(export["method_settings"], als["method_settings"]);
    assert_eq!(export["dimension"], 32);
}

fn run_id(ws: &Path, dir: &Path) -> String {
    let v = json(&embedscope_in(
        ws,
        &["run", dir.to_str().expect("test helper"), "--json"],
    ));
    v["run_id"].as_i64().expect("test helper").to_string()
}

#[test]
fn compare_refuses_runs_of_two_datasets_unless_forced() {
    let ws_dir = tempfile::tempdir().unwrap();
    let ws = ws_dir.path().join("ws.sqlite");
    let first = dataset(&[("items.csv", ITEMS), ("interactions.csv", INTERACTIONS)]);
    // The same ids naming other things.
    let other_items: &[u8] = b"id,title,category,x,y\na,Anchor,one,5,1\nb,Bell,one,1,5\nc,Cup,two,2,4\nd,Drum,two,4,4\ne,Egg,two,0,1\n";
    let second = dataset(&[("items.csv", other_items)]);
    let a = run_id(&ws, first.path());
    let b = run_id(&ws, second.path());
    let err = fails(&embedscope_in(&ws, &["compare", &a, &b, "--k", "2"]));
    let name = |p: &Path| {
        std::fs::canonicalize(p)
            .unwrap()
            .file_name()
            .unwrap()
            .to_string_lossy()
            .into_owned()
    };
    for d in [first.path(), second.path()] {
        assert!(err.contains(&name(d)), "{err}");
    }
    assert!(err.contains("--force"), "{err}");
    let forced = embedscope_in(&ws, &["compare", &a, &b, "--k", "2", "--force", "--json"]);
    let v = json(&forced);
    let warning = stderr(&forced);
    assert!(warning.contains("warning:"), "{warning}");
    for d in [first.path(), second.path()] {
        assert!(warning.contains(&name(d)), "{warning}");
    }
    assert!(v["dataset_warning"].is_string());
    assert_eq!(v["shared"], 5);
    // Two runs of one dataset compare without --force.
    let again = json(&embedscope_in(
        &ws,
        &["compare", &a, &a, "--k", "2", "--json"],
    ));
    assert!(again.get("dataset_warning").is_none());
}

#[test]
fn run_json_load_time_counts_reading_the_files() {
    let streaming = sample("streaming");
    let start = std::time::Instant::now();
    let v = json(&embedscope(&[
        "run",
        streaming.to_str().unwrap(),
        "--json",
        "--no-workspace",
    ]));
    let wall_ms = start.elapsed().as_secs_f64() * 1e3;
    let load = v["timings_ms"]["load"].as_f64().unwrap();
    let total = v["total_ms"].as_f64().unwrap();
    // Reading 150,000 interaction rows and 5,000 titles with descriptions is the largest part
    // of this run (features embed in a blink); before, the load stage only timed the counting
    // after the files were read, and the stages missed most of the process's time.
    assert!(
        load > 0.5 * total,
        "load {load:.1} ms of {total:.1} ms total"
    );
    assert!(
        total > 0.6 * wall_ms,
        "stages {total:.1} ms of a {wall_ms:.1} ms process"
    );
}

#[test]
fn quick_bench_prints_no_ratio_and_says_quick() {
    let v = json(&embedscope(&[
        "bench",
        "--quick",
        "--only",
        "knn-single",
        "--json",
    ]));
    assert_eq!(v["quick"], true);
    let row = &v["results"][0];
    assert_eq!(row["name"], "knn-single");
    assert!(row["ratio"].is_null(), "{row}");
    assert_eq!(row["size"], "quick");
    assert!(row["value"].as_f64().unwrap() > 0.0);
    let text = stdout(&embedscope(&["bench", "--quick", "--only", "knn-single"]));
    assert!(text.contains("quick"), "{text}");
    assert!(!text.contains('×'), "{text}");
    assert!(
        !text.contains("ratio 0") && !text.contains("ratio 1"),
        "{text}"
    );
}

/// The cafés users' ids whose `segment` is `segment`.
fn cafe_users_in(segment: &str) -> Vec<String> {
    let text = std::fs::read_to_string(sample("cafes").join("users.csv")).expect("test helper");
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let header = r.headers().expect("test helper").clone();
    let col = header
        .iter()
        .position(|h| h == "segment")
        .expect("test helper");
    r.records()
        .map(Result::unwrap)
        .filter(|rec| &rec[col] == segment)
        .map(|rec| rec[0].to_owned())
        .collect()
}

#[test]
fn interview_where_filters_on_the_segment_the_sheet_shows() {
    let cafes = sample("cafes");
    let c = cafes.to_str().unwrap();
    let workers = cafe_users_in("café worker");
    assert!(workers.len() >= 3);
    let v = json(&embedscope(&[
        "interview",
        c,
        "--candidates",
        "heavy",
        "--where",
        "segment=Café Worker",
        "--n",
        "100",
        "--json",
    ]));
    let found = ids(&v["candidates"]);
    assert!(!found.is_empty());
    let mut sorted = found.clone();
    sorted.sort();
    let mut expected = workers.clone();
    expected.sort();
    assert_eq!(sorted, expected, "every café worker with interactions");
    // Metadata columns still filter, and an unknown one lists `segment` among the known.
    let forties = json(&embedscope(&[
        "interview",
        c,
        "--candidates",
        "heavy",
        "--where",
        "age_band=40s",
        "--json",
    ]));
    assert!(!forties["candidates"].as_array().unwrap().is_empty());
    let err = fails(&embedscope(&[
        "interview",
        c,
        "--candidates",
        "heavy",
        "--where",
        "planet=mars",
    ]));
    assert!(err.contains("segment") && err.contains("age_band"), "{err}");
}

#[test]
fn interview_worst_names_the_model_and_breaks_ties_by_activity() {
    let cafes = sample("cafes");
    let v = json(&embedscope(&[
        "interview",
        cafes.to_str().unwrap(),
        "--candidates",
        "worst",
        "--n",
        "80",
        "--json",
    ]));
    assert_eq!(v["ranked_by"]["value"], "recall");
    assert_eq!(v["ranked_by"]["method"], "features");
    assert!(
        v["ranked_by"]["text"]
            .as_str()
            .unwrap()
            .contains("recall@10 of the features"),
        "{}",
        v["ranked_by"]
    );
    let list = v["candidates"].as_array().unwrap();
    let mut ties = 0;
    for pair in list.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        let (ra, rb) = (a["recall"].as_f64().unwrap(), b["recall"].as_f64().unwrap());
        assert!(ra <= rb, "worst first");
        if (ra - rb).abs() < 1e-12 {
            ties += 1;
            assert!(
                a["interactions"].as_u64() >= b["interactions"].as_u64(),
                "tie between {} and {}: more interactions first",
                a["id"],
                b["id"]
            );
        }
    }
    assert!(ties > 0, "the cafés have users with equal recall");
    let text = stdout(&embedscope(&[
        "interview",
        cafes.to_str().unwrap(),
        "--candidates",
        "worst",
    ]));
    assert!(
        text.lines()
            .next()
            .unwrap()
            .starts_with("ranked by per-user recall@10 of the features"),
        "{text}"
    );
}

#[test]
fn export_npy_writes_path_npy_and_never_creates_folders() {
    let cafes = sample("cafes");
    let c = cafes.to_str().unwrap();
    let out = tempfile::tempdir().unwrap();
    let stem = out.path().join("vecs");
    let v = json(&embedscope(&[
        "export",
        c,
        "--format",
        "npy",
        "--out",
        stem.to_str().unwrap(),
        "--json",
    ]));
    assert!(out.path().join("vecs.npy").is_file());
    assert!(out.path().join("vecs.csv").is_file());
    assert!(!stem.exists(), "no file without the extension");
    assert_eq!(
        v["files"][0]["path"],
        out.path().join("vecs.npy").to_str().unwrap()
    );
    // Given with the extension, it is kept.
    let named = out.path().join("named.npy");
    json(&embedscope(&[
        "export",
        c,
        "--format",
        "npy",
        "--out",
        named.to_str().unwrap(),
        "--json",
    ]));
    assert!(named.is_file() && out.path().join("named.csv").is_file());
    // Missing folders are refused, named, and not created.
    for (format, target) in [
        ("csv", "missing/map.csv"),
        ("npy", "missing/vecs"),
        ("projector", "missing/projector"),
    ] {
        let path = out.path().join(target);
        let err = fails(&embedscope(&[
            "export",
            c,
            "--format",
            format,
            "--out",
            path.to_str().unwrap(),
        ]));
        assert!(err.contains("missing does not exist"), "{format}: {err}");
        assert!(!out.path().join("missing").exists(), "{format}");
    }
    // The projector folder itself is made when its parent exists.
    let projector = out.path().join("projector");
    json(&embedscope(&[
        "export",
        c,
        "--format",
        "projector",
        "--out",
        projector.to_str().unwrap(),
        "--json",
    ]));
    assert!(projector.join("vectors.tsv").is_file());
    let sheet = out.path().join("nope/sheet.html");
    let err = fails(&embedscope(&[
        "interview",
        c,
        "--user",
        "u01",
        "--out",
        sheet.to_str().unwrap(),
    ]));
    assert!(err.contains("nope does not exist"), "{err}");
}

fn npy_points(dir: &Path, n: usize) -> String {
    use embedscope::data::formats::npy::write_matrix;
    let x = ndarray::Array2::from_shape_fn((n, 4), |(i, j)| {
        ((i * 7 + j * 3) % 13) as f32 + i as f32 * 0.01
    });
    let path = dir.join(format!("x{n}.npy"));
    write_matrix(&path, &x).expect("test helper");
    path.to_str().expect("test helper").to_owned()
}

#[test]
fn knn_validates_hnsw_settings_and_clamps_k_with_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let x = npy_points(dir.path(), 20);
    let base = ["knn", "--input", &x, "--queries", &x];
    let with = |extra: &[&str]| {
        let mut args: Vec<&str> = base.to_vec();
        args.extend_from_slice(extra);
        embedscope(&args)
    };
    let err = fails(&with(&["--index", "hnsw", "--M", "1"]));
    assert!(err.contains("--M must be at least 2"), "{err}");
    let err = fails(&with(&["--index", "hnsw", "--k", "10", "--ef", "5"]));
    assert!(err.contains("--ef 5 is smaller than k = 10"), "{err}");
    // k above the data: clamped (as `neighbours` does), and said on stderr.
    let out = with(&["--k", "50", "--json"]);
    let v = json(&out);
    assert_eq!(
        (v["k"].as_u64(), v["k_requested"].as_u64()),
        (Some(20), Some(50))
    );
    let warning = stderr(&out);
    assert!(
        warning.contains("k = 50 is more than the 20 points"),
        "{warning}"
    );
    // HNSW without --ef searches at least k candidates.
    let v = json(&with(&["--index", "hnsw", "--k", "15", "--json"]));
    assert_eq!(v["params"]["ef"], 64);
    // --single prints its latency percentiles in text too.
    let text = stdout(&with(&["--single", "--repeat", "1"]));
    assert!(text.contains("p50") && text.contains("p99"), "{text}");
}

#[test]
fn project_text_mode_prints_its_warnings_on_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let x = npy_points(dir.path(), 20);
    let y = dir.path().join("y.npy");
    let out = embedscope(&[
        "project",
        "--input",
        &x,
        "--method",
        "tsne",
        "--iterations",
        "300",
        "--output",
        y.to_str().unwrap(),
    ]);
    assert!(out.status.success(), "{}", stderr(&out));
    let err = stderr(&out);
    assert!(
        err.contains("warning:") && err.contains("perplexity"),
        "{err}"
    );
}

/// `--help` of a subcommand.
fn help(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_embedscope"))
        .args(args)
        .arg("--help")
        .output()
        .expect("test helper");
    assert!(out.status.success());
    stdout(&out)
}

#[test]
fn every_format_option_lists_the_same_formats() {
    let formats = "[possible values: native, movielens, interactions, projector, word-vectors, jsonl, npy, parquet, spark-als]";
    for cmd in [
        "run",
        "eval",
        "tradeoff",
        "audit",
        "compare",
        "interview",
        "export",
    ] {
        let text = help(&[cmd]);
        assert!(text.contains(formats), "{cmd} --help:\n{text}");
    }
}

#[test]
fn tradeoff_help_shows_the_comma_syntax() {
    let text = help(&["tradeoff"]);
    assert!(text.contains("--dims 8,16,32"), "{text}");
    assert!(text.contains("[default: 8,16,32,64,128]"), "{text}");
    assert!(text.contains("[default: exact,hnsw]"), "{text}");
}

#[test]
fn eval_says_what_it_counts_and_why_diversity_is_missing() {
    let dir = no_features();
    let d = dir.path().to_str().unwrap();
    let v = json(&embedscope(&[
        "eval",
        d,
        "--methods",
        "popularity,random",
        "--json",
    ]));
    assert_eq!(v["catalogue_items"], 40);
    let m = &v["methods"]["popularity"];
    assert!(m["diversity@10"].is_null());
    assert!(
        m["diversity_note"]
            .as_str()
            .unwrap()
            .contains("no numeric item features"),
        "{m}"
    );
    let text = stdout(&embedscope(&["eval", d, "--methods", "popularity,random"]));
    assert!(
        text.contains("items with interactions (of 40 in the catalogue)"),
        "{text}"
    );
    assert!(text.contains("no numeric item features"), "{text}");
    // With features, diversity is a share between 0 and 1.
    let cafes = sample("cafes");
    let v = json(&embedscope(&[
        "eval",
        cafes.to_str().unwrap(),
        "--methods",
        "popularity,random",
        "--json",
    ]));
    for (name, m) in v["methods"].as_object().unwrap() {
        let d = m["diversity@10"].as_f64().unwrap();
        assert!((0.0..=1.0).contains(&d), "{name}: {d}");
    }
}

#[test]
fn sample_lists_what_it_wrote() {
    let dir = tempfile::tempdir().unwrap();
    let out = embedscope(&["sample", "--out", dir.path().to_str().unwrap()]);
    assert!(out.status.success(), "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains("cafes:") && text.contains("streaming:"),
        "{text}"
    );
    let items = text
        .lines()
        .find(|l| l.contains("items.csv") && l.contains("147 rows"));
    assert!(items.is_some(), "{text}");
    assert!(text.contains("interactions.csv"), "{text}");
}

#[test]
fn runs_json_shows_the_method_each_run_used() {
    let ws_dir = tempfile::tempdir().unwrap();
    let ws = ws_dir.path().join("ws.sqlite");
    let dir = no_features();
    run_id(&ws, dir.path());
    let v = json(&embedscope_in(&ws, &["runs", "--json"]));
    let run = &v["runs"][0];
    assert_eq!(run["method"], "als");
    assert_eq!(run["params"]["embed"]["method"], "als");
    assert_eq!(run["params"]["embed"]["params"]["factors"], 32);
    assert_eq!(run["params"]["requested_embed"]["method"], "features");
}

#[test]
fn readme_lists_interview_and_defines_diversity() {
    let readme =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap();
    assert!(readme.contains("embedscope interview DIR"));
    assert!(readme.contains("`diversity@k`"));
    assert!(readme.contains("--force"));
}

#[test]
fn eval_without_flags_fits_the_als_that_recommend_uses() {
    let dir = no_features();
    let d = dir.path().to_str().unwrap();
    let rec = json(&embedscope(&["recommend", d, "--user", "u03", "--json"]));
    let v = json(&embedscope(&[
        "eval",
        d,
        "--methods",
        "als,hybrid,popularity",
        "--json",
    ]));
    let als = &v["methods"]["als"];
    assert_eq!(als["method_label"], rec["method_label"], "{als}");
    assert_eq!(
        als["method_label"],
        "als (32 factors, α 2, λ 0.05, 15 iterations)"
    );
    for key in [
        "factors",
        "alpha",
        "regularization",
        "iterations",
        "cg_steps",
    ] {
        assert_eq!(
            als["method_settings"][key], rec["method_settings"][key],
            "{key}"
        );
    }
    assert_eq!(v["params"]["factors"], 32);
    assert_eq!(
        v["methods"]["hybrid"]["method_settings"]["als"]["factors"],
        32
    );
    assert!(v["methods"]["popularity"]["method_label"].is_null());
    // A flag overrides one setting and the label says so.
    let v = json(&embedscope(&[
        "eval",
        d,
        "--methods",
        "als",
        "--factors",
        "8",
        "--json",
    ]));
    assert_eq!(
        v["methods"]["als"]["method_label"],
        "als (8 factors, α 2, λ 0.05, 15 iterations)"
    );
    let text = stdout(&embedscope(&["eval", d, "--methods", "als"]));
    assert!(
        text.contains("als: als (32 factors, α 2, λ 0.05, 15 iterations)"),
        "{text}"
    );
}

#[test]
fn tradeoff_names_the_app_als_settings() {
    let dir = no_features();
    let d = dir.path().to_str().unwrap();
    let v = json(&embedscope(&[
        "tradeoff", d, "--dims", "4", "--index", "exact", "--json",
    ]));
    assert_eq!(
        v["method_label"],
        "als (dim factors, α 2, λ 0.05, 15 iterations)"
    );
    assert_eq!(v["method_settings"]["alpha"].as_f64(), Some(2.0));
    assert_eq!(v["params"]["als"]["iterations"], 15);
    let text = stdout(&embedscope(&[
        "tradeoff", d, "--dims", "4", "--index", "exact",
    ]));
    assert!(
        text.contains("als (dim factors, α 2, λ 0.05, 15 iterations)"),
        "{text}"
    );
}
