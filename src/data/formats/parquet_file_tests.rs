use std::sync::Arc;

use parquet::data_type::{ByteArray, ByteArrayType, DoubleType, FloatType};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::parser::parse_message_type;

use super::*;

/// A list column the way pyarrow writes `list<item: float>`.
fn list(name: &str, ty: &str) -> String {
    format!("optional group {name} (LIST) {{ repeated group list {{ optional {ty} element; }} }}")
}

/// Levels of a list column: each row's values with def 3, rep 0 then 1; a `None` row is a
/// null list (def 0).
fn levels<T: Copy>(rows: &[Option<Vec<T>>]) -> (Vec<T>, Vec<i16>, Vec<i16>) {
    let (mut values, mut def, mut rep) = (Vec::new(), Vec::new(), Vec::new());
    for row in rows {
        if let Some(v) = row {
            for (i, x) in v.iter().enumerate() {
                values.push(*x);
                def.push(3);
                rep.push(i16::from(i > 0));
            }
        } else {
            def.push(0);
            rep.push(0);
        }
    }
    (values, def, rep)
}

/// Write ids, categories, a float `vector` list and optionally a double `emb2` list.
pub(in crate::data::formats) fn write(
    path: &Path,
    ids: &[&str],
    vectors: &[Option<Vec<f32>>],
    emb2: Option<&[Option<Vec<f64>>]>,
) {
    write_compressed(
        path,
        ids,
        vectors,
        emb2,
        parquet::basic::Compression::UNCOMPRESSED,
    );
}

/// [`write`] with the pages compressed by `codec`.
pub(in crate::data::formats) fn write_compressed(
    path: &Path,
    ids: &[&str],
    vectors: &[Option<Vec<f32>>],
    emb2: Option<&[Option<Vec<f64>>]>,
    codec: parquet::basic::Compression,
) {
    let mut message = format!(
        "message schema {{ required binary id (STRING); optional binary category (STRING); {} ",
        list("vector", "float")
    );
    if emb2.is_some() {
        message.push_str(&list("emb2", "double"));
    }
    message.push('}');
    let schema = Arc::new(parse_message_type(&message).unwrap());
    let props = Arc::new(WriterProperties::builder().set_compression(codec).build());
    let file = std::fs::File::create(path).unwrap();
    let mut writer = SerializedFileWriter::new(file, schema, props).unwrap();
    let mut rg = writer.next_row_group().unwrap();
    let mut index = 0;
    while let Some(mut col) = rg.next_column().unwrap() {
        match index {
            0 => {
                let v: Vec<ByteArray> = ids
                    .iter()
                    .map(|s| ByteArray::from(s.as_bytes().to_vec()))
                    .collect();
                col.typed::<ByteArrayType>()
                    .write_batch(&v, None, None)
                    .unwrap();
            }
            1 => {
                let v: Vec<ByteArray> = (0..ids.len())
                    .map(|i| {
                        ByteArray::from(if i % 2 == 0 {
                            b"even".to_vec()
                        } else {
                            b"odd".to_vec()
                        })
                    })
                    .collect();
                let def = vec![1; ids.len()];
                col.typed::<ByteArrayType>()
                    .write_batch(&v, Some(&def), None)
                    .unwrap();
            }
            2 => {
                let (v, def, rep) = levels(vectors);
                col.typed::<FloatType>()
                    .write_batch(&v, Some(&def), Some(&rep))
                    .unwrap();
            }
            _ => {
                let (v, def, rep) = levels(emb2.unwrap());
                col.typed::<DoubleType>()
                    .write_batch(&v, Some(&def), Some(&rep))
                    .unwrap();
            }
        }
        col.close().unwrap();
        index += 1;
    }
    rg.close().unwrap();
    writer.close().unwrap();
}

fn err(path: &Path, column: Option<&str>) -> String {
    load_parquet(path, column, None, None)
        .unwrap_err()
        .to_string()
}

#[test]
fn list_of_floats_becomes_the_vectors_bit_for_bit() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("emb.parquet");
    let tricky = 1.0_f32 + f32::EPSILON;
    write(
        &p,
        &["a", "b", "c"],
        &[
            Some(vec![0.1, tricky]),
            Some(vec![-2.0, 0.0]),
            Some(vec![1e-30, 3.5]),
        ],
        None,
    );
    assert_eq!(
        crate::data::formats::detect(&p).unwrap(),
        crate::data::formats::Format::Parquet
    );
    let d = crate::data::formats::load(&p, None).unwrap();
    assert_eq!(d.items.ids, ["a", "b", "c"]);
    assert_eq!(d.items.category(1), "odd");
    let v = d.item_vectors.unwrap();
    assert_eq!(v.row(0).to_vec(), [0.1_f32, tricky]);
    assert_eq!(v[[2, 0]].to_bits(), 1e-30_f32.to_bits());
    let two = load_parquet(&p, None, Some(2), None).unwrap();
    assert_eq!(two.items.len(), 2);
}

#[test]
fn several_vector_columns_and_bad_rows() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("two.parquet");
    write(
        &p,
        &["a", "b"],
        &[Some(vec![1.0, 2.0]), Some(vec![3.0, 4.0])],
        Some(&[Some(vec![0.5]), Some(vec![0.25])]),
    );
    // "vector" wins among several; another can be chosen; an unknown name lists them.
    let d = load_parquet(&p, None, None, None).unwrap();
    assert_eq!(d.item_vectors.unwrap().ncols(), 2);
    let d = load_parquet(&p, Some("emb2"), None, None).unwrap();
    assert_eq!(d.item_vectors.unwrap().column(0).to_vec(), [0.5_f32, 0.25]);
    assert_eq!(
        err(&p, Some("v")),
        "two.parquet: no vector column \"v\" (columns holding lists of floats: vector, emb2)"
    );
    write(
        &p,
        &["a", "b"],
        &[Some(vec![1.0, 2.0]), Some(vec![3.0])],
        None,
    );
    assert_eq!(
        err(&p, None),
        "two.parquet: row 1 (0-based), column \"vector\": expected 2 numbers like the first vector (row 0), found 1"
    );
    write(&p, &["a", "b"], &[Some(vec![1.0]), None], None);
    assert_eq!(
        err(&p, None),
        "two.parquet: row 1 (0-based), column \"vector\": empty value (a value is required here)"
    );
    write(&p, &["a"], &[Some(vec![f32::NAN])], None);
    assert_eq!(
        err(&p, None),
        "two.parquet: row 0 (0-based), column \"vector\": expected a finite number, found \"NaN\" (NaN and infinity cannot be placed on a map)"
    );
    std::fs::write(&p, b"PAR1 not really").unwrap();
    assert!(err(&p, None).starts_with("two.parquet: cannot read the Parquet file: "));
}
