//! Loading MovieLens (all three layouts) and lone interactions files, with auto-detection.

use std::path::PathBuf;

use embedscope::data::formats::{Format, detect, load};

fn ml(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/movielens")
        .join(name)
}

fn meta<'a>(e: &'a embedscope::data::Entities, col: &str, row: usize) -> &'a str {
    &e.metadata
        .iter()
        .find(|m| m.name == col)
        .unwrap_or_else(|| panic!("no metadata column {col}"))
        .values[row]
}

#[test]
fn classic_100k_latin1_genres_users() {
    let dir = ml("ml-100k");
    assert_eq!(detect(&dir).unwrap(), Format::Movielens);
    // A file inside the folder stands for the folder.
    assert_eq!(detect(&dir.join("u.item")).unwrap(), Format::Movielens);
    let d = load(&dir, None).unwrap();
    assert_eq!(d.items.len(), 4);
    assert_eq!(d.items.names[2], "Misérables, Les (1995)");
    assert_eq!(d.items.category(0), "Animation");
    assert_eq!(meta(&d.items, "genres", 0), "Animation|Children's|Comedy");
    assert_eq!(meta(&d.items, "year", 1), "1995");
    assert_eq!(d.users.ids, ["1", "2", "3"]);
    assert_eq!(d.users.category(2), "writer");
    assert_eq!(meta(&d.users, "age", 1), "53");
    assert_eq!(d.interactions.len(), 6);
    let last = d.interactions[5];
    assert_eq!((last.user, last.item, last.rating), (1, 0, 5.0));
    assert_eq!(last.timestamp, Some(875_071_561));
}

#[test]
fn dat_1m_occupation_codes() {
    let d = load(&ml("ml-1m"), None).unwrap();
    assert_eq!(d.items.names[2], "Misérables, Les (1995)");
    assert_eq!(meta(&d.items, "genres", 1), "Adventure|Children's|Fantasy");
    assert_eq!(d.users.category(0), "K-12 student");
    assert_eq!(d.users.category(1), "self-employed");
    assert_eq!(meta(&d.users, "gender", 0), "F");
    assert_eq!(meta(&d.users, "age", 1), "56");
    assert_eq!(d.interactions.len(), 4);
}

#[test]
fn latest_csv_quoted_titles_tags_and_no_genres() {
    let d = load(&ml("ml-latest-small"), None).unwrap();
    assert_eq!(d.items.names[1], "American President, The (1995)");
    assert_eq!(d.items.category(3), "");
    assert_eq!(meta(&d.items, "genres", 3), "");
    assert_eq!(meta(&d.items, "year", 3), "");
    // Tags are collected per movie, case-insensitively distinct, in first-seen order.
    assert_eq!(meta(&d.items, "tags", 0), "pixar|fun");
    assert_eq!(meta(&d.items, "tags", 2), "heist, classic");
    // No users file: users are the ids seen in ratings.
    assert_eq!(d.users.ids, ["1", "5"]);
    assert!((d.interactions[3].rating - 0.5).abs() < f32::EPSILON);
}

#[test]
fn movielens_bad_lines_are_located() {
    let dir = tempfile::tempdir().unwrap();
    let src = ml("ml-100k");
    for f in ["u.item", "u.user", "u.genre"] {
        std::fs::copy(src.join(f), dir.path().join(f)).unwrap();
    }
    let data = dir.path().join("u.data");
    std::fs::write(&data, "1\t1\t5\t874965758\n1\t99\t3\t876893171\n").unwrap();
    let e = load(dir.path(), None).unwrap_err().to_string();
    assert_eq!(
        e,
        "u.data:2: column \"item\": unknown item id \"99\" (not in u.item)"
    );
    std::fs::write(&data, "1\t1\t5\t874965758\n\n7\t1\t5\t1\n").unwrap();
    let e = load(dir.path(), None).unwrap_err().to_string();
    assert_eq!(
        e,
        "u.data:3: column \"user\": unknown user id \"7\" (not in u.user)"
    );
    std::fs::write(&data, "1 1 5 874965758\n").unwrap();
    let e = load(dir.path(), None).unwrap_err().to_string();
    assert_eq!(e, "u.data:1: expected 2 fields like the header, found 1");
    std::fs::write(dir.path().join("u.item"), "1|A\n1|B\n").unwrap();
    let e = load(dir.path(), None).unwrap_err().to_string();
    assert_eq!(
        e,
        "u.item:2: column \"id\": duplicate id \"1\" (first seen on line 1)"
    );
}

#[test]
fn unknown_layouts_and_overrides() {
    let dir = tempfile::tempdir().unwrap();
    let e = detect(dir.path()).unwrap_err().to_string();
    assert!(e.contains("not a dataset this app can read"), "{e}");
    let f = dir.path().join("vectors.bin");
    std::fs::write(&f, b"\x00\x01").unwrap();
    assert!(detect(&f).is_err());
    // A TSV file is an interactions log; forcing `native` on it says what is missing.
    let tsv = dir.path().join("inter.tsv");
    std::fs::write(&tsv, "1\t2\t1\t5\n").unwrap();
    assert_eq!(detect(&tsv).unwrap(), Format::Interactions);
    assert!(load(&tsv, Some(Format::Native)).is_err());
    assert_eq!("movielens".parse::<Format>().unwrap(), Format::Movielens);
    assert!("parquet".parse::<Format>().is_err());
}

#[test]
fn movielens_runs_with_als_when_there_are_no_features() {
    let out = embedscope::pipeline::run(
        &embedscope::pipeline::RunParams::new(ml("ml-100k")),
        &embedscope::pipeline::progress::Progress::silent(),
    )
    .unwrap();
    assert_eq!(out.embeddings.method, embedscope::embed::Method::Als);
    assert_eq!(out.xy.nrows(), out.points.len());
}
