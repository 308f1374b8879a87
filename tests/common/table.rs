//! A Parquet table written as Spark writes one (snappy parts under `region=` partition folders,
//! `_SUCCESS`, `.crc` files): 300 rows of 4 floats, ids `v0`…`v299`, in three parts.

use std::path::Path;
use std::sync::Arc;

use parquet::basic::Compression;
use parquet::data_type::{ByteArray, ByteArrayType, FloatType};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::parser::parse_message_type;

pub const DIM: usize = 4;

/// Row `i`'s vector: a seeded-looking but closed-form pattern, no two rows alike.
pub fn vector(i: usize) -> [f32; DIM] {
    let x = i as f32;
    [
        (x * 0.37).sin(),
        (x * 0.11).cos(),
        ((x * 0.05).sin() * 2.0).tanh(),
        (i % 7) as f32 / 7.0 - 0.4,
    ]
}

/// One part of rows `from..to`, with ids `v{i}` (snappy, as Spark writes).
pub fn part(path: &Path, from: usize, to: usize) {
    let ids: Vec<String> = (from..to).map(|i| format!("v{i}")).collect();
    let vectors: Vec<Vec<f32>> = (from..to).map(|i| vector(i).to_vec()).collect();
    write_vectors(
        path,
        ("spark_schema", Compression::SNAPPY),
        &ids,
        &[("features", &vectors)],
    );
}

/// A Parquet file of one row group: a required string column `id`, then one `list<float>`
/// column per (name, rows) in `columns` (as Spark and pyarrow write vectors). `schema` is the
/// message's name and the compression.
pub fn write_vectors(
    path: &Path,
    schema: (&str, Compression),
    ids: &[String],
    columns: &[(&str, &[Vec<f32>])],
) {
    let lists: Vec<String> = columns
        .iter()
        .map(|(name, _)| {
            format!(
                "optional group {name} (LIST) {{ repeated group list {{ optional float element; }} }}"
            )
        })
        .collect();
    let message = format!(
        "message {} {{ required binary id (STRING); {} }}",
        schema.0,
        lists.join(" ")
    );
    let parsed = Arc::new(parse_message_type(&message).expect("schema"));
    let props = Arc::new(
        WriterProperties::builder()
            .set_compression(schema.1)
            .build(),
    );
    let file = std::fs::File::create(path).expect("create parquet");
    let mut writer = SerializedFileWriter::new(file, parsed, props).expect("writer");
    let mut rg = writer.next_row_group().expect("row group");
    let mut index = 0;
    while let Some(mut col) = rg.next_column().expect("column") {
        if index == 0 {
            let ids: Vec<ByteArray> = ids.iter().map(|s| ByteArray::from(s.as_str())).collect();
            col.typed::<ByteArrayType>()
                .write_batch(&ids, None, None)
                .expect("ids");
        } else {
            let (mut values, mut def, mut rep) = (Vec::new(), Vec::new(), Vec::new());
            for row in columns[index - 1].1 {
                for (j, x) in row.iter().enumerate() {
                    values.push(*x);
                    def.push(3);
                    rep.push(i16::from(j > 0));
                }
            }
            col.typed::<FloatType>()
                .write_batch(&values, Some(&def), Some(&rep))
                .expect("vectors");
        }
        col.close().expect("close column");
        index += 1;
    }
    rg.close().expect("close row group");
    writer.close().expect("close file");
}

/// 300 rows in three parts under `region=` partitions, with Spark's bookkeeping files.
pub fn table() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (r, (from, to)) in [(0, 100), (100, 250), (250, 300)].into_iter().enumerate() {
        let folder = dir.path().join(format!("region=r{r}"));
        std::fs::create_dir_all(&folder).expect("partition folder");
        part(
            &folder.join(format!("part-0000{r}-x.snappy.parquet")),
            from,
            to,
        );
        std::fs::write(
            folder.join(format!(".part-0000{r}-x.snappy.parquet.crc")),
            b"crc",
        )
        .expect("crc");
    }
    std::fs::write(dir.path().join("_SUCCESS"), b"").expect("success");
    dir
}
