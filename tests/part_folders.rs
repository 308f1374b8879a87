//! Folders of parts: a Parquet table of 10,000 tiny parts opens in one pass with progress; a
//! folder of `part-*.npy` or `part-*.jsonl` files opens as one dataset in part order; a part of
//! another width, and a Hive partition folder whose value is not UTF-8, are errors naming them
//! (in both languages).

pub mod common;

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use embedscope::data::formats::{Format, LoadOptions, detect, load, load_tracked};
use embedscope::gui::i18n::{Lang, error_message};
use embedscope::pipeline::PipelineError;
use embedscope::pipeline::progress::{CancelToken, Progress, Stage};
use ndarray::array;

const PARTS: usize = 10_000;
const ROWS_PER_PART: usize = 2;

#[test]
fn ten_thousand_tiny_parquet_parts_are_read_in_one_pass_with_progress() {
    let dir = tempfile::tempdir().unwrap();
    let table = dir.path().join("table");
    std::fs::create_dir(&table).unwrap();
    let start = Instant::now();
    for p in 0..PARTS {
        let from = p * ROWS_PER_PART;
        common::table::part(
            &table.join(format!("part-{p:05}-x.snappy.parquet")),
            from,
            from + ROWS_PER_PART,
        );
    }
    std::fs::write(table.join("_SUCCESS"), b"").unwrap();
    let written_s = start.elapsed().as_secs_f64();

    let events: Arc<Mutex<Vec<(Stage, u64, u64)>>> = Arc::default();
    let sink = Arc::clone(&events);
    let progress = Progress::new(CancelToken::default(), move |stage, done, total| {
        sink.lock().unwrap().push((stage, done, total));
        true
    });
    let start = Instant::now();
    let d = load_tracked(&table, &LoadOptions::default(), &progress).unwrap();
    let open_s = start.elapsed().as_secs_f64();
    println!("{PARTS} parts: written in {written_s:.2} s, opened in {open_s:.2} s");

    let rows = PARTS * ROWS_PER_PART;
    assert_eq!(d.items.len(), rows);
    assert_eq!(&d.items.ids[0], "v0");
    assert_eq!(&d.items.ids[rows - 1], format!("v{}", rows - 1));
    let v = d.item_vectors.as_ref().unwrap();
    // `black_box`: a constant argument lets the compiler fold `sin` itself, 1 ulp off libm's.
    let i = std::hint::black_box(12_345);
    assert_eq!(v.row(i).to_vec(), common::table::vector(i));
    // Every part once, in order: each id in its place.
    assert!(
        d.items
            .ids
            .iter()
            .enumerate()
            .all(|(i, id)| *id == format!("v{i}"))
    );

    let events = events.lock().unwrap();
    let rows_u = rows as u64;
    assert!(events.iter().all(|e| e.0 == Stage::Load));
    assert!(
        events.iter().all(|e| e.2 == rows_u && e.1 <= e.2),
        "progress counts rows of the whole table: {:?}",
        &events[..events.len().min(5)]
    );
    assert!(
        events.windows(2).all(|w| w[0].1 <= w[1].1),
        "rows read only grow"
    );
    let distinct = {
        let mut d: Vec<u64> = events.iter().map(|e| e.1).collect();
        d.dedup();
        d.len()
    };
    assert!(
        distinct >= 3,
        "progress moves while the parts are read ({distinct} distinct counts in {} events)",
        events.len()
    );
    // Reported between parts too (Cancel is checked there), not only every 4,096 rows.
    let step = embedscope::data::formats::parquet_file::CANCEL_CHECK_ROWS as u64;
    assert!(
        events.iter().any(|e| e.1 % step != 0),
        "only every {step} rows: {:?}",
        events.iter().map(|e| e.1).collect::<Vec<_>>()
    );
    // Well within a debug build's budget: nothing per part grows with the number of parts.
    assert!(open_s < 30.0, "{open_s} s");
    // The workspace fingerprints every part too (the first open, before the stat cache).
    let start = Instant::now();
    embedscope::store::fingerprint::compute(&table).unwrap();
    let fingerprint_s = start.elapsed().as_secs_f64();
    println!("{PARTS} parts: fingerprinted in {fingerprint_s:.2} s");
    assert!(fingerprint_s < 30.0, "{fingerprint_s} s");
}

fn write_npy(path: &Path, m: &ndarray::Array2<f32>) {
    embedscope::data::formats::npy::write_matrix(path, m).expect("write .npy");
}

#[test]
fn a_folder_of_npy_parts_opens_as_one_dataset_in_part_order() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("emb");
    std::fs::create_dir(&f).unwrap();
    // Written out of order: names decide.
    write_npy(&f.join("part-00001.npy"), &array![[3.0, 3.5], [4.0, 4.5]]);
    write_npy(
        &f.join("part-00000.npy"),
        &array![[0.0, 0.5], [1.0, 1.5], [2.0, 2.5]],
    );
    std::fs::write(f.join("_SUCCESS"), b"").unwrap();
    std::fs::write(f.join(".part-00000.npy.crc"), b"crc").unwrap();
    assert_eq!(detect(&f).unwrap(), Format::Npy);
    let d = load(&f, None).unwrap();
    assert_eq!(d.items.ids, ["0", "1", "2", "3", "4"]);
    let v = d.item_vectors.as_ref().unwrap();
    assert_eq!(v.dim(), (5, 2));
    assert_eq!(v.row(3).to_vec(), [3.0, 3.5]);
    assert_eq!(d.name, "emb");

    // Each part's own metadata table gives ids, names and the colouring column.
    std::fs::write(
        f.join("part-00000.csv"),
        "id,title,genre\na,A,x\nb,B,y\nc,C,x\n",
    )
    .unwrap();
    std::fs::write(f.join("part-00001.csv"), "id,title,genre\nd,D,y\ne,E,z\n").unwrap();
    let d = load(&f, None).unwrap();
    assert_eq!(d.items.ids, ["a", "b", "c", "d", "e"]);
    assert_eq!(d.items.category(4), "z");
    assert_eq!(d.items.name(3, false), "D");

    // A part of another width is named, before any vector is read.
    write_npy(&f.join("part-00002.npy"), &array![[1.0, 2.0, 3.0]]);
    let e = load(&f, None).unwrap_err();
    let en = e.to_string();
    assert!(
        en.contains("part-00002.npy") && en.contains("expected 2") && en.contains("found 3"),
        "{en}"
    );
    let ja = error_message(Lang::Ja, &PipelineError::Data(e));
    assert!(ja.contains("part-00002.npy"), "{ja}");
}

#[test]
fn a_folder_of_jsonl_parts_opens_as_one_dataset_in_part_order() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("shards");
    std::fs::create_dir(&f).unwrap();
    std::fs::write(
        f.join("part-00000.jsonl"),
        "{\"id\":\"a\",\"genre\":\"x\",\"vector\":[1,0,0]}\n{\"id\":\"b\",\"genre\":\"y\",\"vector\":[0,1,0]}\n",
    )
    .unwrap();
    // A field the first part lacks is empty there.
    std::fs::write(
        f.join("part-00001.jsonl"),
        "{\"id\":\"c\",\"genre\":\"x\",\"vector\":[0,0,1],\"note\":\"new\"}\n",
    )
    .unwrap();
    std::fs::write(f.join("_SUCCESS"), b"").unwrap();
    std::fs::write(f.join(".part-00000.jsonl.crc"), b"crc").unwrap();
    assert_eq!(detect(&f).unwrap(), Format::Jsonl);
    let d = load(&f, None).unwrap();
    assert_eq!(d.items.ids, ["a", "b", "c"]);
    assert_eq!(d.items.category(2), "x");
    let v = d.item_vectors.as_ref().unwrap();
    assert_eq!(v.row(2).to_vec(), [0.0, 0.0, 1.0]);

    std::fs::write(
        f.join("part-00002.jsonl"),
        "{\"id\":\"d\",\"genre\":\"x\",\"vector\":[0,1]}\n",
    )
    .unwrap();
    let e = load(&f, None).unwrap_err();
    let en = e.to_string();
    assert!(
        en.contains("part-00002.jsonl:1") && en.contains("expected 3") && en.contains("found 2"),
        "{en}"
    );
    let ja = error_message(Lang::Ja, &PipelineError::Data(e));
    assert!(ja.contains("part-00002.jsonl"), "{ja}");
}

#[test]
fn a_mixed_folder_is_not_guessed() {
    let dir = tempfile::tempdir().unwrap();
    write_npy(&dir.path().join("part-00000.npy"), &array![[1.0, 2.0]]);
    std::fs::write(dir.path().join("part-00001.jsonl"), "{\"id\":\"a\"}\n").unwrap();
    assert!(detect(dir.path()).is_err());
}

#[test]
fn a_hive_partition_value_that_is_not_utf8_is_named_in_both_languages() {
    use std::os::unix::ffi::OsStrExt as _;
    for bad in [
        // Escaped: `%FF` decodes to a byte that is no UTF-8.
        std::ffi::OsStr::new("genre=%FF").to_owned(),
        // Raw: the folder's name itself is no UTF-8.
        std::ffi::OsStr::from_bytes(b"genre=\xFF\xFE").to_owned(),
    ] {
        let table = common::table::table();
        let folder = table.path().join(&bad);
        std::fs::create_dir(&folder).unwrap();
        common::table::part(&folder.join("part-00009.parquet"), 300, 301);
        let e = load(table.path(), None).unwrap_err();
        let en = e.to_string();
        assert!(
            en.contains("genre=") && en.contains("not valid UTF-8"),
            "{en}"
        );
        let ja = error_message(Lang::Ja, &PipelineError::Data(e));
        assert!(
            ja.contains("genre=") && ja.contains("UTF-8 の文字列ではありません"),
            "{ja}"
        );
    }
}
