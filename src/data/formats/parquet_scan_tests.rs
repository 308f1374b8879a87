use std::path::Path;
use std::sync::Arc;

use parquet::data_type::{FloatType, Int64Type};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::parser::parse_message_type;

use super::*;

/// Row `i`: id `i`, vector (i, −i, i / 4).
fn vector(i: usize) -> [f32; 3] {
    [i as f32, -(i as f32), i as f32 / 4.0]
}

/// A snappy part with row groups of `groups` rows each (small pages, so a row group holds
/// several), as Spark writes them: an `id` column then a `vector` list.
fn write_groups(path: &Path, groups: &[usize]) {
    let schema = Arc::new(
        parse_message_type(
            "message spark_schema { required int64 id; optional group vector (LIST) { \
             repeated group list { optional float element; } } }",
        )
        .unwrap(),
    );
    let props = Arc::new(
        WriterProperties::builder()
            .set_compression(parquet::basic::Compression::SNAPPY)
            .set_data_page_size_limit(4096)
            .set_write_batch_size(512)
            .build(),
    );
    let file = std::fs::File::create(path).unwrap();
    let mut writer = SerializedFileWriter::new(file, schema, props).unwrap();
    let mut first = 0;
    for &n in groups {
        let mut rg = writer.next_row_group().unwrap();
        let mut col = rg.next_column().unwrap().unwrap();
        let ids: Vec<i64> = (first..first + n).map(|i| i as i64).collect();
        col.typed::<Int64Type>()
            .write_batch(&ids, None, None)
            .unwrap();
        col.close().unwrap();
        let mut col = rg.next_column().unwrap().unwrap();
        let values: Vec<f32> = (first..first + n).flat_map(vector).collect();
        let def = vec![3_i16; values.len()];
        let rep: Vec<i16> = (0..values.len()).map(|i| i16::from(i % 3 != 0)).collect();
        col.typed::<FloatType>()
            .write_batch(&values, Some(&def), Some(&rep))
            .unwrap();
        col.close().unwrap();
        rg.close().unwrap();
        first += n;
    }
    writer.close().unwrap();
}

/// A row as the scan handed it over: (row, id text, vector).
type Seen = (usize, String, Vec<f32>);

/// Every row the scan hands over, and the batches' first rows.
fn scan_all(part: &PartFile, window: u64) -> (Vec<Seen>, Vec<usize>) {
    let mut rows = Vec::new();
    let mut starts = Vec::new();
    let mut dim = None;
    let mut visit = |c: &Chunk<'_>| -> Result<bool, DataError> {
        starts.push(c.first_row);
        for r in 0..c.rows {
            let v = c.vectors[r * c.dim..(r + 1) * c.dim].to_vec();
            rows.push((c.first_row + r, c.text("id", r), v));
        }
        Ok(true)
    };
    let whole = scan_rows(part, ("vector", window), &mut dim, &mut visit).unwrap();
    assert!(whole);
    assert_eq!(dim, Some(3));
    (rows, starts)
}

#[test]
fn row_groups_read_ahead_whole_or_page_by_page_give_the_same_rows() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("part-00000.snappy.parquet");
    let groups = [5000, 9000, 3000];
    write_groups(&path, &groups);
    let part = PartFile {
        path,
        label: "part-00000.snappy.parquet".to_owned(),
        partitions: Vec::new(),
    };
    // Fetched whole (the default), and never fetched (every row group over the limit).
    let (ahead, ahead_starts) = scan_all(&part, super::super::parquet_window::MAX_WINDOW);
    let (paged, paged_starts) = scan_all(&part, 0);
    assert_eq!(ahead.len(), 17_000);
    for (i, (row, id, v)) in ahead.iter().enumerate() {
        assert_eq!(*row, i);
        assert_eq!(*id, i.to_string());
        assert_eq!(v.as_slice(), vector(i).as_slice());
    }
    assert_eq!(ahead, paged);
    // Batches of at most BATCH_ROWS that never cross a row group.
    assert_eq!(ahead_starts, vec![0, 5000, 5000 + 8192, 14_000]);
    assert_eq!(ahead_starts, paged_starts);
}

#[test]
fn stopping_early_ends_the_read_ahead() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("part-00001.parquet");
    write_groups(&path, &[100, 100, 100, 100]);
    let part = PartFile {
        path,
        label: "part-00001.parquet".to_owned(),
        partitions: Vec::new(),
    };
    let mut dim = None;
    let mut seen = 0;
    let whole = scan_part(&part, "vector", &mut dim, &mut |c| {
        seen += c.rows;
        Ok(false)
    })
    .unwrap();
    assert!(!whole);
    assert_eq!(seen, 100);
}

#[test]
fn damaged_bytes_in_a_row_group_are_an_error_naming_the_part() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("part-00002.parquet");
    write_groups(&path, &[2000, 2000]);
    let bytes = std::fs::read(&path).unwrap();
    // Keep the footer; overwrite 200 bytes inside the second row group.
    let mut cut = bytes.clone();
    let mid = bytes.len() * 3 / 4;
    for b in &mut cut[mid - 200..mid] {
        *b = 0xFF;
    }
    std::fs::write(&path, &cut).unwrap();
    let part = PartFile {
        path,
        label: "part-00002.parquet".to_owned(),
        partitions: Vec::new(),
    };
    let mut dim = None;
    let r = scan_part(&part, "vector", &mut dim, &mut |_| Ok(true));
    let e = r.unwrap_err().to_string();
    assert!(e.contains("part-00002.parquet"), "{e}");
}
