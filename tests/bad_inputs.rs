//! The bad-input catalogue of the walking skeleton: each bad file gives its specific message,
//! naming file, line and column, and never panics.

pub mod common;

use common::{INTERACTIONS, ITEMS, dataset};
use embedscope::data::formats::load_native;
use embedscope::pipeline::progress::Progress;
use embedscope::pipeline::query::{KindFilter, compare};
use embedscope::pipeline::{RunParams, run};

fn load_err(files: &[(&str, &[u8])]) -> String {
    let dir = dataset(files);
    load_native(dir.path())
        .expect_err("this input must be rejected")
        .to_string()
}

#[test]
fn missing_folder_and_missing_items_file() {
    let e = load_native(std::path::Path::new("no/such/folder"))
        .unwrap_err()
        .to_string();
    assert_eq!(
        e,
        "no/such/folder: not a dataset folder (it does not exist or is not a directory)"
    );
    assert_eq!(
        load_err(&[("users.csv", b"id\nu1\n")]),
        "items.csv: file not found (a dataset folder needs items.csv)"
    );
}

#[test]
fn empty_file_and_header_only() {
    assert_eq!(
        load_err(&[("items.csv", b"")]),
        "items.csv: the file is empty (expected a header line and data rows)"
    );
    assert_eq!(
        load_err(&[("items.csv", b"\n\n")]),
        "items.csv: the file is empty (expected a header line and data rows)"
    );
    assert_eq!(
        load_err(&[("items.csv", b"id,title,x\n")]),
        "items.csv: only a header line, no data rows"
    );
}

#[test]
fn non_numeric_value_in_numeric_column() {
    let e = load_err(&[("items.csv", b"id,title,price\na,A,100\nb,B,cheap\n")]);
    assert_eq!(
        e,
        "items.csv:3: column \"price\": expected a number, found \"cheap\""
    );
}

#[test]
fn duplicate_ids() {
    let e = load_err(&[("items.csv", b"id,x\na,1\nb,2\na,3\n")]);
    assert_eq!(
        e,
        "items.csv:4: column \"id\": duplicate id \"a\" (first seen on line 2)"
    );
}

#[test]
fn interactions_naming_unknown_users_and_items() {
    let e = load_err(&[
        ("items.csv", ITEMS),
        ("interactions.csv", b"user_id,item_id\nu1,a\nu1,zz\n"),
    ]);
    assert_eq!(
        e,
        "interactions.csv:3: column \"item_id\": unknown item id \"zz\" (not in items.csv)"
    );
    let e = load_err(&[
        ("items.csv", ITEMS),
        ("users.csv", b"id,name\nu1,One\n"),
        ("interactions.csv", b"user_id,item_id\nu1,a\nu9,b\n"),
    ]);
    assert_eq!(
        e,
        "interactions.csv:3: column \"user_id\": unknown user id \"u9\" (not in users.csv)"
    );
}

#[test]
fn nan_and_infinity_in_vectors() {
    let e = load_err(&[("items.csv", b"id,x,y\na,1,2\nb,NaN,1\n")]);
    assert_eq!(
        e,
        "items.csv:3: column \"x\": expected a finite number, found \"NaN\" (NaN and infinity cannot be placed on a map)"
    );
    let e = load_err(&[("items.csv", b"id,x,y\na,1,2\nb,1,-inf\n")]);
    assert_eq!(
        e,
        "items.csv:3: column \"y\": expected a finite number, found \"-inf\" (NaN and infinity cannot be placed on a map)"
    );
}

#[test]
fn latin1_loads_and_damaged_utf8_is_located() {
    let dir = dataset(&[("items.csv", b"id,title,x\na,Caf\xe9,1\n")]);
    let d = load_native(dir.path()).unwrap();
    assert_eq!(&d.items.names[0], "Caf\u{e9}");
    let e = load_err(&[("items.csv", b"id,title,x\nb,Cr\xc3\xa8me,2\na,Caf\xe9,1\n")]);
    assert_eq!(
        e,
        "items.csv:3: column \"title\": the text is not valid UTF-8 (save the file as UTF-8)"
    );
}

#[test]
fn ragged_row_and_missing_id_column() {
    assert_eq!(
        load_err(&[("items.csv", b"id,x\na,1\nb,2,3\n")]),
        "items.csv:3: expected 2 fields like the header, found 3"
    );
    assert_eq!(
        load_err(&[("items.csv", b"name,x\na,1\n")]),
        "items.csv:1: missing required column \"id\" or \"item_id\" (header has: name, x)"
    );
}

#[test]
fn no_numeric_columns_is_reported_by_the_pipeline() {
    let dir = dataset(&[("items.csv", b"id,title\na,A\n")]);
    let e = run(&RunParams::new(dir.path()), &Progress::silent())
        .unwrap_err()
        .to_string();
    assert_eq!(
        e,
        "items.csv: no numeric feature columns, so there is nothing to place on the map"
    );
}

#[test]
fn no_numeric_fields_in_a_jsonl_file_names_the_jsonl_not_items_csv() {
    // One JSON Lines file of items with text only: nothing numeric, no interactions, and too
    // few titles for the text fallback, so the first reason is shown, naming the file read.
    let dir = dataset(&[("places.jsonl", b"{\"title\":\"A\"}\n{\"title\":\"B\"}\n")]);
    let path = dir.path().join("places.jsonl");
    let e = run(&RunParams::new(&path), &Progress::silent())
        .unwrap_err()
        .to_string();
    assert_eq!(
        e,
        "places.jsonl: no numeric feature columns, so there is nothing to place on the map"
    );
    // In a JSON Lines folder too.
    let dir = dataset(&[("items.jsonl", b"{\"id\":\"a\",\"title\":\"A\"}\n")]);
    let e = run(&RunParams::new(dir.path()), &Progress::silent())
        .unwrap_err()
        .to_string();
    assert!(
        e.starts_with("items.jsonl: no numeric feature columns"),
        "{e}"
    );
}

#[test]
fn zero_vector_under_cosine_is_undefined_not_nan() {
    let dir = dataset(&[("items.csv", ITEMS), ("interactions.csv", INTERACTIONS)]);
    let out = run(&RunParams::new(dir.path()), &Progress::silent()).unwrap();
    let centre = out.data.items.find("c").unwrap() as usize;
    assert!(
        out.index.norm(centre) < 1e-6,
        "the centre item is a zero vector"
    );
    let cmp = compare(&out, centre, 3, KindFilter::All).unwrap();
    assert_eq!(cmp.cosine, Err(embedscope::index::QueryError::ZeroVector));
    assert_eq!(cmp.euclidean.len(), 3);
    assert!(cmp.euclidean.iter().all(|n| n.value.is_finite()));
    // Another point's cosine list leaves the zero vector out instead of showing NaN.
    let a = out.data.items.find("a").unwrap() as usize;
    let cmp = compare(&out, a, 10, KindFilter::All).unwrap();
    let cos = cmp.cosine.unwrap();
    assert!(cos.iter().all(|n| n.point != centre && n.value.is_finite()));
}

#[test]
fn k_larger_than_the_dataset_returns_everything_once() {
    let dir = dataset(&[("items.csv", ITEMS), ("interactions.csv", INTERACTIONS)]);
    let out = run(&RunParams::new(dir.path()), &Progress::silent()).unwrap();
    let cmp = compare(&out, 0, 50, KindFilter::All).unwrap();
    // 5 items + 2 users, minus the query itself.
    assert_eq!(cmp.euclidean.len(), 6);
    let cmp = compare(&out, 0, 50, KindFilter::Items).unwrap();
    assert_eq!(cmp.euclidean.len(), 4);
    let cmp = compare(&out, 0, 50, KindFilter::Users).unwrap();
    assert_eq!(cmp.euclidean.len(), 2);
}

#[test]
fn imported_vectors_load_and_bad_ones_are_named() {
    use embedscope::embed::EmbedParams;
    let good = b"id,v1,v2,v3\na,1,0,0\nb,0,1,0\nc,0,0,1\nd,1,1,0\ne,0,1,1\n";
    let dir = dataset(&[
        ("items.csv", ITEMS),
        ("interactions.csv", INTERACTIONS),
        ("item_vectors.csv", good),
    ]);
    let params = RunParams {
        embed: EmbedParams::Imported,
        ..RunParams::new(dir.path())
    };
    let out = run(&params, &Progress::silent()).unwrap();
    assert_eq!(out.embeddings.dim(), 3);
    assert_eq!(out.index.row(3).to_vec(), vec![1.0, 1.0, 0.0]);
    // Without the file, the method says what to add.
    let plain = dataset(&[("items.csv", ITEMS)]);
    let e = run(
        &RunParams {
            embed: EmbedParams::Imported,
            ..RunParams::new(plain.path())
        },
        &Progress::silent(),
    )
    .unwrap_err();
    assert!(e.to_string().contains("add item_vectors.csv"));
    for (bytes, msg) in [
        (
            &b"id,v1\na,1\nb,2\nc,3\nd,4\n"[..],
            "item_vectors.csv: no vector for item \"e\" (every item in items.csv needs one row)",
        ),
        (
            b"id,v1\na,1\nzz,2\n",
            "item_vectors.csv:3: column \"id\": unknown item id \"zz\" (not in items.csv)",
        ),
        (
            b"id,v1\na,1\na,2\n",
            "item_vectors.csv:3: column \"id\": duplicate id \"a\" (first seen on line 2)",
        ),
        (
            b"id,v1\na,nan\n",
            "item_vectors.csv:2: column \"v1\": expected a finite number, found \"nan\" (NaN and infinity cannot be placed on a map)",
        ),
    ] {
        assert_eq!(
            load_err(&[("items.csv", ITEMS), ("item_vectors.csv", bytes)]),
            msg
        );
    }
}

/// The catalogue in `tests/bad_inputs/<case>/`: each case's `expected.txt` says what to load
/// (`load: PATH`, relative to the case folder) and either `ok` or `error: MESSAGE`, the exact
/// message the load must give (`#` lines describe the case).
#[test]
fn catalogue_of_bad_inputs() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad_inputs");
    let mut cases: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(cases.len() >= 25, "the catalogue is there");
    for case in cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let expected = std::fs::read_to_string(case.join("expected.txt")).unwrap();
        let mut lines = expected.lines().filter(|l| !l.starts_with('#'));
        let load = lines.next().unwrap().strip_prefix("load: ").unwrap();
        let outcome = lines.next().unwrap();
        let result = embedscope::data::formats::load(&case.join(load), None);
        match (outcome.strip_prefix("error: "), result) {
            (Some(message), Err(e)) => assert_eq!(e.to_string(), message, "case {name}"),
            (Some(message), Ok(_)) => panic!("case {name} loaded; expected: {message}"),
            (None, Ok(_)) => assert_eq!(outcome, "ok", "case {name}"),
            (None, Err(e)) => panic!("case {name} must load, got: {e}"),
        }
    }
}

fn case(name: &str) -> embedscope::data::Dataset {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/bad_inputs")
        .join(name);
    embedscope::data::formats::load(&dir, None).expect("the case loads")
}

#[test]
fn catalogue_cases_that_load_read_what_is_written() {
    // BOM: the first column is still "id".
    assert_eq!(case("utf8_bom").items.ids, ["a", "b", "c"]);
    // CRLF: no "\r" in values, the blank last line is skipped.
    let d = case("crlf");
    assert_eq!(d.items.category(2), "two");
    assert_eq!(d.interactions.len(), 2);
    assert_eq!(d.interactions[1].timestamp, Some(200));
    // Latin-1 / Windows-1252: decoded.
    let d = case("latin1");
    assert_eq!(
        d.items.names,
        ["Café Crème", "\u{201c}Naïve\u{201d} bistro"]
    );
    // Quotes.
    let d = case("quotes_in_fields");
    assert_eq!(
        d.items.names,
        ["Say \"hi\", then go", "Two\nlines", "5\" screen"]
    );
    // Negative ratings are kept; a user with only dislikes gets no vector.
    let d = case("negative_ratings");
    assert!((d.interactions[1].rating + 1.0).abs() < f32::EPSILON);
    let out = run(
        &RunParams {
            loaded: Some(std::sync::Arc::new(d)),
            ..RunParams::new("negative_ratings")
        },
        &Progress::silent(),
    )
    .unwrap();
    assert_eq!(out.embeddings.user_placed, [true, false]);
    // Future timestamps are kept as written.
    assert_eq!(
        case("future_timestamps").interactions[1].timestamp,
        Some(4_102_444_800)
    );
}

#[test]
fn ten_million_column_header_fails_fast() {
    let header = "c,".repeat(10_000_000);
    let dir = dataset(&[("items.csv", format!("id,{header}x\n").as_bytes())]);
    let start = std::time::Instant::now();
    let e = load_native(dir.path()).unwrap_err().to_string();
    assert_eq!(
        e,
        "items.csv:1: the header has 10000002 columns; at most 100000 are supported (is this the right file?)"
    );
    assert!(
        start.elapsed() < std::time::Duration::from_secs(5),
        "took {:?}",
        start.elapsed()
    );
}
