//! Data input on the command line: delimited files with a field missing or a space for a tab,
//! split files with a header, folders holding one vector file, audits of datasets that name
//! unknown ids, and output into a closed pipe.

pub mod common;

use std::path::Path;
use std::process::{Command, Stdio};

use common::cli::{embedscope, json};
use common::{dataset, sample};

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

fn arg(p: &Path) -> &str {
    p.to_str().expect("UTF-8 temp path")
}

#[test]
fn a_space_where_a_tab_belongs_is_an_error_naming_the_line() {
    let dir = dataset(&[(
        "log.tsv",
        b"1\t10\t5\t881250950\n1 11\t4\t881250950\n2\t10\t3\t881250951\n",
    )]);
    let out = embedscope(&["run", arg(&dir.path().join("log.tsv")), "--no-workspace"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out).trim_end(),
        "error: log.tsv:2: expected 4 fields separated by tabs like line 1, found 3 (a space where a tab belongs?)"
    );
}

#[test]
fn an_id_with_a_space_among_numeric_ids_is_an_audit_warning() {
    // Every line has three fields, so the file loads; the id "1 11" is the trace of the slip.
    let dir = dataset(&[("log.tsv", b"1\t10\t5\n1 11\t4\t3\n2\t10\t3\n3\t4\t1\n")]);
    let out = embedscope(&["audit", arg(&dir.path().join("log.tsv")), "--json"]);
    let v = json(&out);
    let f = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["kind"] == "ids_with_spaces")
        .expect("ids_with_spaces finding");
    assert_eq!(f["severity"], "warning");
    assert_eq!(f["count"], 1);
    assert_eq!(f["rows"][0]["user"], "1 11");
    assert_eq!(f["rows"][0]["row"], 1, "the second interaction");
}

#[test]
fn a_movielens_u_data_line_needs_exactly_four_fields() {
    let dir = dataset(&[
        ("u.item", b"1|Toy Story (1995)|01-Jan-1995||url|0|0|0|1|1|1|0|0|0|0|0|0|0|0|0|0|0|0|0\n2|GoldenEye (1995)|01-Jan-1995||url|0|1|1|0|0|0|0|0|0|0|0|0|0|0|0|0|1|0|0\n"),
        ("u.data", b"1\t1\t5\t874965758\n1\t2\t3\n2\t1\t4\t876893171\n"),
    ]);
    let out = embedscope(&["run", arg(dir.path()), "--no-workspace"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out).trim_end(),
        "error: u.data:2: expected 4 fields separated by tabs (user, item, rating, timestamp), found 3"
    );
}

#[test]
fn one_long_line_of_numbers_is_reported_as_vectors_without_ids() {
    let line: Vec<String> = (0..50)
        .map(|k| format!("{:.3}", f64::from(k) / 7.0))
        .collect();
    let text = line.join("\t") + "\n";
    let dir = dataset(&[("emb.tsv", text.as_bytes())]);
    let out = embedscope(&["run", arg(&dir.path().join("emb.tsv")), "--no-workspace"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out).trim_end(),
        "error: emb.tsv: looks like vectors without ids (line 1 holds 50 numbers), not an interactions file user<TAB>item<TAB>rating<TAB>timestamp; name it vectors.tsv to open it as Embedding Projector vectors"
    );
}

#[test]
fn a_folder_holding_one_vector_file_opens_as_that_file() {
    let words = b"king 0.5 0.1 0.3\nqueen 0.4 0.2 0.3\nman 0.9 0.0 0.1\nwoman 0.8 0.1 0.1\n";
    let dir = dataset(&[("glove.txt", words), ("README", b"four words\n")]);
    let v = json(&embedscope(&[
        "run",
        arg(dir.path()),
        "--no-workspace",
        "--json",
    ]));
    assert_eq!(
        (v["items"].as_u64(), v["dimension"].as_u64()),
        (Some(4), Some(3)),
        "{v}"
    );

    // A .npy with its metadata table beside it: the table is not a second candidate.
    let npy = tempfile::tempdir().unwrap();
    let m = ndarray::Array2::from_shape_fn((3, 2), |(r, c)| (r * 2 + c) as f32);
    ndarray_npy::write_npy(npy.path().join("emb.npy"), &m).unwrap();
    std::fs::write(npy.path().join("emb.csv"), "id,name\na,A\nb,B\nc,C\n").unwrap();
    let v = json(&embedscope(&[
        "run",
        arg(npy.path()),
        "--no-workspace",
        "--json",
    ]));
    assert_eq!(
        (v["items"].as_u64(), v["dimension"].as_u64()),
        (Some(3), Some(2)),
        "{v}"
    );

    // Two vector files: which one is meant is unknown, so the folder is still not a dataset.
    std::fs::copy(npy.path().join("emb.npy"), npy.path().join("other.npy")).unwrap();
    let out = embedscope(&["run", arg(npy.path()), "--no-workspace"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        stderr(&out).contains("not a dataset this app can read"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn eval_split_files_with_a_header_are_read_and_a_missing_one_is_named() {
    let cafes = sample("cafes");
    let inter = std::fs::read_to_string(cafes.join("interactions.csv")).unwrap();
    let mut rows = inter.lines().skip(1).map(|l| {
        let f: Vec<&str> = l.split(',').collect();
        format!("{}\t{}\t{}\t{}", f[0], f[1], f[2], f[3])
    });
    let header = "user_id\titem_id\trating\ttimestamp\n";
    let train: Vec<String> = rows.by_ref().take(600).collect();
    let test: Vec<String> = rows.collect();
    let dir = dataset(&[
        (
            "train.tsv",
            (header.to_owned() + &train.join("\n")).as_bytes(),
        ),
        (
            "test.tsv",
            (header.to_owned() + &test.join("\n")).as_bytes(),
        ),
    ]);
    let (tr, te) = (dir.path().join("train.tsv"), dir.path().join("test.tsv"));
    let v = json(&embedscope(&[
        "eval",
        arg(&cafes),
        "--methods",
        "popularity",
        "--train",
        arg(&tr),
        "--test",
        arg(&te),
        "--json",
    ]));
    assert_eq!(v["train_pairs"].as_u64(), Some(600), "{v}");

    let missing = dir.path().join("nope.tsv");
    let out = embedscope(&[
        "eval",
        arg(&cafes),
        "--methods",
        "popularity",
        "--train",
        arg(&tr),
        "--test",
        arg(&missing),
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out).trim_end(),
        format!("error: {}: file not found", missing.display())
    );
}

#[test]
fn audit_lists_every_unknown_id_while_run_refuses_at_the_first() {
    let dir = dataset(&[
        ("items.csv", b"id,title\na,Alpha\nb,Beta\n"),
        (
            "interactions.csv",
            b"user_id,item_id\nu1,a\nu1,zz\nu2,b\nu2,yy\nu3,zz\n",
        ),
    ]);
    let out = embedscope(&["audit", arg(dir.path()), "--json"]);
    let v = json(&out);
    let f = v["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["kind"] == "unknown_ids")
        .expect("unknown_ids finding");
    assert_eq!(f["count"], 3);
    let lines: Vec<u64> = f["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["line"].as_u64().unwrap())
        .collect();
    assert_eq!(lines, [3, 5, 6]);
    assert_eq!(v["sizes"]["interactions"], 2, "the known ones are audited");
    let text = embedscope(&["audit", arg(dir.path())]);
    assert!(text.status.success(), "{}", stderr(&text));
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains("[warning] unknown_ids: 3 interaction line(s) name ids that are not defined"),
        "{text}"
    );

    let out = embedscope(&["run", arg(dir.path()), "--no-workspace"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr(&out).trim_end(),
        "error: interactions.csv:3: column \"item_id\": unknown item id \"zz\" (not in items.csv)"
    );
}

/// Run `args` with stdout a pipe whose reading end is closed at once, as `| head -0` does.
fn into_closed_pipe(args: &[&str]) -> std::process::Output {
    let data_home = tempfile::tempdir().expect("tempdir");
    let mut child = Command::new(env!("CARGO_BIN_EXE_embedscope"))
        .args(args)
        .env("XDG_DATA_HOME", data_home.path())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start embedscope");
    drop(child.stdout.take());
    child.wait_with_output().expect("embedscope ends")
}

#[test]
fn output_into_a_closed_pipe_ends_quietly() {
    let cafes = sample("cafes");
    for args in [
        vec!["audit", arg(&cafes)],
        vec!["audit", arg(&cafes), "--json"],
        vec!["neighbours", arg(&cafes), "--item", "c001"],
    ] {
        let out = into_closed_pipe(&args);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
        assert_eq!(stderr(&out), "", "{args:?}");
    }
}
