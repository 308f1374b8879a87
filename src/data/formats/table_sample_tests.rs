use std::collections::HashSet;

use super::super::parquet_file::tests::{write, write_compressed};
use super::*;

/// Row `i` of a table: id `r{i}`, vector (i, i + 0.5).
fn rows(from: usize, n: usize) -> (Vec<String>, Vec<Option<Vec<f32>>>) {
    let ids = (from..from + n).map(|i| format!("r{i}")).collect();
    let v = (from..from + n)
        .map(|i| Some(vec![i as f32, i as f32 + 0.5]))
        .collect();
    (ids, v)
}

fn part(path: &Path, from: usize, n: usize) {
    let (ids, v) = rows(from, n);
    let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
    write(path, &ids, &v, None);
}

/// 60 rows in three parts (10, 20, 30) under two Hive partitions.
fn table(dir: &Path) {
    let a = dir.join("genre=a");
    let b = dir.join("genre=b");
    std::fs::create_dir_all(&a).unwrap();
    std::fs::create_dir_all(&b).unwrap();
    part(&a.join("part-00000.parquet"), 0, 10);
    part(&a.join("part-00001.parquet"), 10, 20);
    part(&b.join("part-00002.parquet"), 30, 30);
    std::fs::write(dir.join("_SUCCESS"), b"").unwrap();
}

fn uniform(rows: usize, seed: u64) -> SampleRequest {
    SampleRequest {
        rows,
        seed,
        stratify: None,
    }
}

/// The `genre` partition value of each row (the `category` column colours the map).
fn genres(d: &Dataset) -> Vec<String> {
    d.items
        .metadata
        .iter()
        .find(|c| c.name == "genre")
        .unwrap()
        .values
        .clone()
}

fn draw(dir: &Path, req: &SampleRequest) -> Dataset {
    load_table(dir, None, None, Some(req), None).unwrap()
}

#[test]
fn a_uniform_sample_has_exactly_n_rows_of_the_table_in_its_order_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    table(dir.path());
    let d = draw(dir.path(), &uniform(15, 7));
    assert_eq!(d.items.len(), 15);
    let v = d.item_vectors.as_ref().unwrap();
    let mut last = -1.0;
    for (r, id) in d.items.ids.iter().enumerate() {
        let i: f32 = id[1..].parse().unwrap();
        // Each row keeps its own vector and the table's order.
        assert_eq!(v.row(r).to_vec(), [i, i + 0.5]);
        assert!(i > last);
        last = i;
        assert_eq!(genres(&d)[r], if i < 30.0 { "a" } else { "b" });
    }
    let s = d.sources.sample.clone().unwrap();
    assert_eq!((s.rows, s.of, s.seed), (15, 60, 7));
    assert_eq!(s.label_en(), "a 15-row sample of 60 rows");
    // The same seed draws the same rows; another seed other rows.
    assert_eq!(draw(dir.path(), &uniform(15, 7)).items.ids, d.items.ids);
    assert_ne!(draw(dir.path(), &uniform(15, 8)).items.ids, d.items.ids);
    // A sample larger than the table is the table.
    let all = draw(dir.path(), &uniform(1000, 1));
    assert_eq!(all.items.len(), 60);
    assert_eq!(all.sources.sample.unwrap().rows, 60);
}

#[test]
fn every_row_is_equally_likely_to_be_drawn() {
    let dir = tempfile::tempdir().unwrap();
    table(dir.path());
    let draws = 400;
    let mut count = vec![0_u32; 60];
    for seed in 0..draws {
        for id in &draw(dir.path(), &uniform(15, seed)).items.ids {
            count[id[1..].parse::<usize>().unwrap()] += 1;
        }
    }
    // p = 15 / 60: 100 expected of 400, sd 8.7; 4.6 sd either side.
    for (i, &c) in count.iter().enumerate() {
        assert!(
            (60..=140).contains(&c),
            "row {i} drawn {c} times of {draws}"
        );
    }
}

#[test]
fn a_stratified_sample_gives_each_value_its_share_and_small_values_whole() {
    let dir = tempfile::tempdir().unwrap();
    table(dir.path());
    // b has 30 rows, a 30: 20 rows → 10 each.
    let req = SampleRequest {
        rows: 20,
        seed: 3,
        stratify: Some("genre".to_owned()),
    };
    let d = draw(dir.path(), &req);
    let g = genres(&d);
    assert_eq!(g.iter().filter(|g| *g == "a").count(), 10);
    assert_eq!(g.iter().filter(|g| *g == "b").count(), 10);
    let unique: HashSet<&str> = d.items.ids.iter().collect();
    assert_eq!(unique.len(), 20);
    assert_eq!(
        d.sources.sample.unwrap().label_en(),
        "a 20-row sample of 60 rows, stratified by genre"
    );
    // A small value is kept whole: with a third value of 2 rows the budget of 30 is 10 each
    // and the small one gives both.
    let c = dir.path().join("genre=c");
    std::fs::create_dir_all(&c).unwrap();
    part(&c.join("part-00003.parquet"), 60, 2);
    let req = SampleRequest { rows: 30, ..req };
    let d = draw(dir.path(), &req);
    let g = genres(&d);
    assert_eq!(g.iter().filter(|g| *g == "c").count(), 2);
    assert_eq!(g.iter().filter(|g| *g == "a").count(), 10);
    assert_eq!(d.items.len(), 22);
    // A column the table does not have.
    let req = SampleRequest {
        stratify: Some("colour".to_owned()),
        ..req
    };
    let e = load_table(dir.path(), None, None, Some(&req), None)
        .unwrap_err()
        .to_string();
    assert!(e.contains("colour"), "{e}");
}

#[test]
fn bad_parts_are_named_with_their_row() {
    let dir = tempfile::tempdir().unwrap();
    table(dir.path());
    let bad = dir.path().join("genre=z");
    std::fs::create_dir_all(&bad).unwrap();
    let p = bad.join("part-00009.parquet");
    write(
        &p,
        &["x", "y"],
        &[Some(vec![1.0, 2.0, 3.0]), Some(vec![0.0; 3])],
        None,
    );
    let e = load_table(dir.path(), None, None, Some(&uniform(1000, 0)), None)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("genre=z/part-00009.parquet") && e.contains('3'),
        "{e}"
    );
    write(
        &p,
        &["x", "y"],
        &[Some(vec![1.0, 2.0]), Some(vec![f32::NAN, 0.0])],
        None,
    );
    let e = load_table(dir.path(), None, None, Some(&uniform(1000, 0)), None)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("genre=z/part-00009.parquet") && e.contains("row 1"),
        "{e}"
    );
    write(&p, &["x", "y"], &[Some(vec![1.0, 2.0]), None], None);
    let e = load_table(dir.path(), None, None, Some(&uniform(1000, 0)), None)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("part-00009.parquet") && e.contains("row 1"),
        "{e}"
    );
    std::fs::write(&p, b"not parquet").unwrap();
    let e = load_table(dir.path(), None, None, Some(&uniform(1000, 0)), None)
        .unwrap_err()
        .to_string();
    assert!(e.contains("part-00009.parquet"), "{e}");
}

#[test]
fn a_table_too_large_for_memory_is_sampled_without_being_asked() {
    // 60 rows × 2 floats × 4 bytes × margin 3 = 1,440 bytes.
    assert_eq!(default_sample(60, 2, Some(1_440)), None);
    assert_eq!(default_sample(60, 2, Some(1_000)), Some(41));
    assert_eq!(default_sample(60, 2, None), None);
    assert_eq!(
        default_sample(310_000_000, 64, Some(16 << 30)),
        Some(DEFAULT_SAMPLE_ROWS)
    );
    let dir = tempfile::tempdir().unwrap();
    table(dir.path());
    let d = load_table_within(dir.path(), None, (None, None), Some(1_000), None).unwrap();
    let s = d.sources.sample.unwrap();
    assert_eq!((s.rows, s.of), (41, 60));
    let d = load_table_within(dir.path(), None, (None, None), Some(1 << 30), None).unwrap();
    assert_eq!(d.items.len(), 60);
    assert!(d.sources.sample.is_none());
    // --limit keeps meaning the first rows.
    let d = load_table_within(dir.path(), None, (Some(4), None), Some(1_000), None).unwrap();
    assert_eq!(d.items.ids, ["r0", "r1", "r2", "r3"]);
}

#[test]
fn parts_compressed_with_each_codec_read_the_same() {
    use parquet::basic::{Compression, GzipLevel, ZstdLevel};
    let dir = tempfile::tempdir().unwrap();
    let codecs = [
        Compression::UNCOMPRESSED,
        Compression::SNAPPY,
        Compression::GZIP(GzipLevel::default()),
        Compression::ZSTD(ZstdLevel::default()),
    ];
    for (i, codec) in codecs.into_iter().enumerate() {
        let (ids, v) = rows(i * 10, 10);
        let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
        write_compressed(
            &dir.path().join(format!("part-0000{i}.parquet")),
            &ids,
            &v,
            None,
            codec,
        );
    }
    // Read whole by the row reader and sampled (all of it) by the column reader: the same.
    let whole = load_table(dir.path(), None, None, None, None).unwrap();
    let scanned = draw(dir.path(), &uniform(40, 0));
    assert_eq!(whole.items.ids, scanned.items.ids);
    assert_eq!(whole.item_vectors, scanned.item_vectors);
    let v = whole.item_vectors.unwrap();
    assert_eq!(v.row(25).to_vec(), [25.0, 25.5]);
}

#[test]
fn parts_with_other_columns_join_with_empty_cells() {
    // A part under genre=a (a genre column) and one at the top (none): joined in path order.
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("genre=a");
    std::fs::create_dir_all(&a).unwrap();
    part(&a.join("part-00000.parquet"), 0, 3);
    part(&dir.path().join("part-00001.parquet"), 3, 2);
    let d = draw(dir.path(), &uniform(100, 0));
    assert_eq!(d.items.ids, ["r0", "r1", "r2", "r3", "r4"]);
    assert_eq!(genres(&d), ["a", "a", "a", "", ""]);
    // The other order: the column appears only with the later part.
    let dir = tempfile::tempdir().unwrap();
    part(&dir.path().join("a-part-00000.parquet"), 0, 2);
    let z = dir.path().join("genre=z");
    std::fs::create_dir_all(&z).unwrap();
    part(&z.join("part-00001.parquet"), 2, 1);
    let d = draw(dir.path(), &uniform(100, 0));
    assert_eq!(genres(&d), ["", "", "z"]);
    assert_eq!(d.item_vectors.unwrap().row(2).to_vec(), [2.0, 2.5]);
}

#[test]
fn an_empty_first_part_does_not_hide_the_width_of_the_others() {
    let dir = tempfile::tempdir().unwrap();
    write(&dir.path().join("part-00000.parquet"), &[], &[], None);
    part(&dir.path().join("part-00001.parquet"), 0, 10);
    part(&dir.path().join("part-00002.parquet"), 10, 10);
    let d = draw(dir.path(), &uniform(5, 3));
    let sample = d.sources.sample.as_ref().unwrap();
    assert_eq!((sample.rows, sample.of), (5, 20));
    let m = d.item_vectors.as_ref().unwrap();
    assert_eq!(m.ncols(), 2);
    // Each drawn row is row i of the table: (i, i + 0.5), its id r{i}.
    for (r, id) in d.items.ids.iter().enumerate() {
        let i: usize = id.trim_start_matches('r').parse().unwrap();
        assert_eq!(m.row(r).to_vec(), vec![i as f32, i as f32 + 0.5]);
    }
}
