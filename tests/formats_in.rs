//! Loading JSON Lines and NumPy datasets, with auto-detection and located errors.

pub mod common;

use std::path::Path;

use common::dataset;
use embedscope::data::formats::{Format, LoadOptions, detect, load, load_opts};
use embedscope::embed::Method;
use embedscope::pipeline::progress::Progress;
use embedscope::pipeline::{RunParams, run};

fn err(path: &Path) -> String {
    load(path, None)
        .expect_err("this input must be rejected")
        .to_string()
}

const ITEMS_JSONL: &[u8] = br#"{"id":"a","title":"Alpha","category":"one","x":1,"y":1}
{"id":"b","title":"Beta","category":"one","x":3,"y":3}
{"id":"c","title":"Centre","category":"two","x":2,"y":2.5}
"#;

#[test]
fn jsonl_folder_loads_like_the_native_format() {
    let dir = dataset(&[
        ("items.jsonl", ITEMS_JSONL),
        ("users.csv", b"id,name\nu1,One\nu2,Two\n"),
        (
            "interactions.jsonl",
            br#"{"user_id":"u1","item_id":"a","rating":5,"timestamp":100}
{"user_id":"u2","item_id":"c","rating":2.5}
"#,
        ),
    ]);
    assert_eq!(detect(dir.path()).unwrap(), Format::Jsonl);
    // A table file stands for its folder.
    assert_eq!(
        detect(&dir.path().join("items.jsonl")).unwrap(),
        Format::Jsonl
    );
    let d = load(&dir.path().join("items.jsonl"), None).unwrap();
    assert_eq!(d.items.ids, ["a", "b", "c"]);
    assert_eq!(&d.items.names[2], "Centre");
    assert_eq!(d.items.category(2), "two");
    assert_eq!(d.items.features.names, ["x", "y"]);
    assert!((d.items.features.values[[2, 1]] - 2.5).abs() < 1e-12);
    assert_eq!(d.users.ids, ["u1", "u2"]);
    assert_eq!(d.interactions.len(), 2);
    assert_eq!(d.interactions[0].timestamp, Some(100));
    assert_eq!(d.interactions[1].timestamp, None);
    // null is a missing value; like an empty CSV cell, a rating column needs one on every row.
    std::fs::write(
        dir.path().join("interactions.jsonl"),
        b"{\"user_id\":\"u1\",\"item_id\":\"a\",\"rating\":5}\n{\"user_id\":\"u1\",\"item_id\":\"b\",\"rating\":null}\n",
    )
    .unwrap();
    assert_eq!(
        err(dir.path()),
        "interactions.jsonl:2: field \"rating\": empty value (a value is required here)"
    );
    std::fs::write(
        dir.path().join("interactions.jsonl"),
        b"{\"user_id\":\"u1\",\"item_id\":\"zz\"}\n",
    )
    .unwrap();
    assert_eq!(
        err(dir.path()),
        "interactions.jsonl:1: field \"item_id\": unknown item id \"zz\" (not in items.jsonl)"
    );
    std::fs::write(
        dir.path().join("items.jsonl"),
        b"{\"id\":\"a\",\"price\":1}\n\n{\"id\":\"b\",\"price\":\"cheap\"}\n",
    )
    .unwrap();
    assert_eq!(
        err(dir.path()),
        "items.jsonl:3: field \"price\": expected a number, found \"cheap\""
    );
    std::fs::write(
        dir.path().join("items.jsonl"),
        b"{\"id\":\"a\"}\n{\"id\":\"b\"\n",
    )
    .unwrap();
    assert_eq!(
        err(dir.path()),
        "items.jsonl:2: invalid JSON: EOF while parsing an object at character 9"
    );
}

#[test]
fn one_jsonl_file_of_items_with_vectors_runs_on_its_vectors() {
    let dir = dataset(&[(
        "words.jsonl",
        br#"{"word":"king","label":"royal","vector":[1,0,0.5]}
{"word":"queen","label":"royal","vector":[0.9,0.1,0.5]}
{"word":"apple","label":"food","vector":[0,1,0]}
"#,
    )]);
    let path = dir.path().join("words.jsonl");
    assert_eq!(detect(&path).unwrap(), Format::Jsonl);
    let d = load(&path, None).unwrap();
    // No id field: row numbers.
    assert_eq!(d.items.ids, ["0", "1", "2"]);
    assert_eq!(d.name, "words");
    let v = d.item_vectors.as_ref().unwrap();
    assert_eq!(v.row(1).to_vec(), [0.9_f32, 0.1, 0.5]);
    let out = run(&RunParams::new(&path), &Progress::silent()).unwrap();
    assert_eq!(out.embeddings.method, Method::Imported);
    assert_eq!(out.xy.nrows(), 3);
}

#[test]
fn one_jsonl_file_of_interactions() {
    let dir = dataset(&[(
        "log.jsonl",
        b"{\"user\":\"u1\",\"item\":\"i1\",\"rating\":4}\n{\"user\":\"u2\",\"item\":\"i2\",\"rating\":1}\n{\"user\":\"u1\",\"item\":\"i2\",\"rating\":-1}\n",
    )]);
    let d = load(&dir.path().join("log.jsonl"), None).unwrap();
    assert_eq!(d.users.ids, ["u1", "u2"]);
    assert_eq!(d.items.ids, ["i1", "i2"]);
    assert_eq!(d.interactions.len(), 3);
    assert!((d.interactions[2].rating + 1.0).abs() < f32::EPSILON);
}

#[test]
fn vector_column_option_picks_among_several() {
    let dir = dataset(&[(
        "two.jsonl",
        b"{\"id\":\"a\",\"v\":[1,2],\"w\":[3]}\n{\"id\":\"b\",\"v\":[4,5],\"w\":[6]}\n",
    )]);
    let path = dir.path().join("two.jsonl");
    assert_eq!(
        err(&path),
        "two.jsonl: several fields hold vectors (v, w); name one \"vector\" or choose it with --vector-column"
    );
    let opts = LoadOptions {
        vector_column: Some("w".into()),
        ..LoadOptions::default()
    };
    let d = load_opts(&path, &opts).unwrap();
    assert_eq!(d.item_vectors.unwrap().column(0).to_vec(), [3.0_f32, 6.0]);
}

#[test]
fn npy_with_metadata_csv_runs_on_its_vectors() {
    use embedscope::data::formats::npy::write_matrix;
    let dir = dataset(&[(
        "metadata.csv",
        b"id,title,category\nk,King,royal\nq,Queen,royal\na,Apple,food\nb,Banana,food\n",
    )]);
    let path = dir.path().join("emb.npy");
    let x = ndarray::array![
        [1.0_f32, 0.0, 0.2],
        [0.9, 0.1, 0.2],
        [0.0, 1.0, 0.0],
        [0.1, 0.9, 0.0]
    ];
    write_matrix(&path, &x).unwrap();
    assert_eq!(detect(&path).unwrap(), Format::Npy);
    let d = load(&path, None).unwrap();
    assert_eq!(d.items.ids, ["k", "q", "a", "b"]);
    assert_eq!(&d.items.names[3], "Banana");
    assert_eq!(d.items.category(2), "food");
    let out = run(&RunParams::new(&path), &Progress::silent()).unwrap();
    assert_eq!(out.embeddings.method, Method::Imported);
    assert_eq!(out.index.row(1).to_vec(), [0.9_f32, 0.1, 0.2]);
    // A metadata table with another number of rows names both counts.
    std::fs::write(
        dir.path().join("metadata.csv"),
        b"id,title\nk,King\nq,Queen\n",
    )
    .unwrap();
    assert_eq!(
        err(&path),
        "metadata.csv: 2 metadata rows for 4 vectors in emb.npy (the first line is the header; one row per vector)"
    );
}

#[test]
fn a_table_file_named_without_its_folder_opens_the_current_folder() {
    // `embedscope run items.jsonl` typed inside the dataset folder: the folder is ".", not "".
    let dir = dataset(&[("items.jsonl", ITEMS_JSONL)]);
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_embedscope"))
        .args(["run", "items.jsonl", "--no-workspace", "--json"])
        .current_dir(dir.path())
        .output()
        .expect("run embedscope");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["items"], 3);
}
