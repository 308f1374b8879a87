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
    assert_eq!(&d.items.names[2], "Misérables, Les (1995)");
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
    assert_eq!(&d.items.names[2], "Misérables, Les (1995)");
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
    assert_eq!(&d.items.names[1], "American President, The (1995)");
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
    let f = dir.path().join("vectors.xyz");
    std::fs::write(&f, b"\x00\x01").unwrap();
    assert!(detect(&f).is_err());
    // A TSV file is an interactions log; forcing `native` on it says what is missing.
    let tsv = dir.path().join("inter.tsv");
    std::fs::write(&tsv, "1\t2\t1\t5\n").unwrap();
    assert_eq!(detect(&tsv).unwrap(), Format::Interactions);
    assert!(load(&tsv, Some(Format::Native)).is_err());
    assert_eq!("movielens".parse::<Format>().unwrap(), Format::Movielens);
    assert_eq!("parquet".parse::<Format>().unwrap(), Format::Parquet);
    assert!("hdf5".parse::<Format>().is_err());
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

fn write(dir: &std::path::Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).expect("write test file");
    p
}

#[test]
fn projector_pairs_with_one_and_several_metadata_columns() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "vectors.tsv", b"1\t0\t0\n0\t1\t0\n0\t0\t1\n");
    // No metadata: rows are numbered.
    assert_eq!(detect(dir.path()).unwrap(), Format::Projector);
    let d = load(dir.path(), None).unwrap();
    assert_eq!(d.items.names, ["0", "1", "2"]);
    assert_eq!(d.item_vectors.as_ref().unwrap().dim(), (3, 3));
    // One column: labels, no header (a repeated label keeps a unique id).
    write(dir.path(), "metadata.tsv", b"king\nqueen\nking\n");
    let d = load(&dir.path().join("vectors.tsv"), None).unwrap();
    assert_eq!(d.items.names, ["king", "queen", "king"]);
    assert_eq!(d.items.ids, ["king", "queen", "king#2"]);
    // Two columns: a header row; a "category" column colours the map.
    write(
        dir.path(),
        "metadata.tsv",
        b"word\tcategory\nking\troyal\nqueen\troyal\napple\tfood\n",
    );
    let d = load(&dir.path().join("metadata.tsv"), None).unwrap();
    assert_eq!(d.items.names, ["king", "queen", "apple"]);
    assert_eq!(d.items.category(2), "food");
    // The whole pipeline runs on it with the imported vectors.
    let out = embedscope::pipeline::run(
        &embedscope::pipeline::RunParams::new(dir.path()),
        &embedscope::pipeline::progress::Progress::silent(),
    )
    .unwrap();
    assert_eq!(out.embeddings.method, embedscope::embed::Method::Imported);
    // Bad rows.
    write(dir.path(), "metadata.tsv", b"a\tb\nx\ty\n");
    let e = load(dir.path(), None).unwrap_err().to_string();
    assert!(e.contains("1 label rows for 3 vectors"), "{e}");
    write(dir.path(), "vectors.tsv", b"1\t0\n0\t1\t5\n");
    let e = load(dir.path(), None).unwrap_err().to_string();
    assert_eq!(
        e,
        "vectors.tsv:2: expected 2 numbers like the first vector (line 1), found 3"
    );
    write(dir.path(), "vectors.tsv", b"1\t0\nx\t1\n");
    let e = load(dir.path(), None).unwrap_err().to_string();
    assert_eq!(e, "vectors.tsv:2: value 1: expected a number, found \"x\"");
}

#[test]
fn word_vectors_text_with_and_without_header_binary_and_limit() {
    let dir = tempfile::tempdir().unwrap();
    let glove = write(
        dir.path(),
        "glove.txt",
        b"king 0.5 0.25 1\nman 0.5 0 0\nwoman 0 0.5 0\n",
    );
    assert_eq!(detect(&glove).unwrap(), Format::WordVectors);
    let d = load(&glove, None).unwrap();
    assert_eq!(d.items.names, ["king", "man", "woman"]);
    assert!((d.item_vectors.as_ref().unwrap()[[0, 1]] - 0.25).abs() < f32::EPSILON);
    let fasttext = write(dir.path(), "ft.vec", b"3 2\na 1 2\nb 3 4\nc 5 6\n");
    let d = embedscope::data::formats::load_with(&fasttext, None, Some(2)).unwrap();
    assert_eq!(d.items.names, ["a", "b"]);
    // word2vec binary: header line, then word, space, 2 little-endian f32s, newline.
    let mut bin = b"2 2\n".to_vec();
    for (w, v) in [("x", [1.0_f32, -1.0]), ("y", [0.5, 2.0])] {
        bin.extend_from_slice(w.as_bytes());
        bin.push(b' ');
        for f in v {
            bin.extend_from_slice(&f.to_le_bytes());
        }
        bin.push(b'\n');
    }
    let binf = write(dir.path(), "w.bin", &bin);
    let d = load(&binf, None).unwrap();
    assert_eq!(d.items.names, ["x", "y"]);
    assert_eq!(d.item_vectors.as_ref().unwrap().row(1).to_vec(), [0.5, 2.0]);
    write(dir.path(), "w.bin", &bin[..bin.len() - 5]);
    let e = load(&binf, None).unwrap_err().to_string();
    assert!(e.contains("the file ends inside vector 2 of 2"), "{e}");
    write(dir.path(), "ft.vec", b"a 1 2\nb 3\n");
    let e = load(&fasttext, None).unwrap_err().to_string();
    assert_eq!(
        e,
        "ft.vec:2: word \"b\": expected 2 numbers like the first vector (line 1), found 1"
    );
    write(dir.path(), "ft.vec", b"a 1 nan\n");
    let e = load(&fasttext, None).unwrap_err().to_string();
    assert!(
        e.starts_with("ft.vec:1: word \"a\", value 2: expected a finite number, found \"nan\""),
        "{e}"
    );
    // A tab-separated .txt is still an interactions log.
    let log = write(dir.path(), "log.txt", b"1\t2\t5\t100\n");
    assert_eq!(detect(&log).unwrap(), Format::Interactions);
}
