//! Tests of the Spark ALS model reader: the real fixture written by PySpark
//! (`tests/fixtures/spark_als_cafes`, `bench/spark/als_job.py`) and damaged copies of it.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use parquet::data_type::{FloatType, Int32Type};
use parquet::file::properties::WriterProperties;
use parquet::file::writer::SerializedFileWriter;
use parquet::schema::parser::parse_message_type;

use super::*;
use crate::data::formats::{Format, dataset_root, detect, load};

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/spark_als_cafes")
}

/// A copy of the fixture in a temporary folder, to damage.
fn copy() -> (tempfile::TempDir, PathBuf) {
    fn walk(from: &Path, to: &Path) {
        std::fs::create_dir_all(to).unwrap();
        for e in std::fs::read_dir(from).unwrap().flatten() {
            let target = to.join(e.file_name());
            if e.path().is_dir() {
                walk(&e.path(), &target);
            } else {
                std::fs::copy(e.path(), target).unwrap();
            }
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let model = dir.path().join("model");
    walk(&fixture(), &model);
    (dir, model)
}

/// Write a part the way Spark writes factors: `id` int, `features` array<float>; a `None`
/// vector is a null list, a NaN stays NaN.
fn write_part(path: &Path, ids: &[i32], vectors: &[Option<Vec<f32>>]) {
    let schema = "message spark_schema { required int32 id; optional group features (LIST) { repeated group list { optional float element; } } }";
    let schema = Arc::new(parse_message_type(schema).unwrap());
    let file = std::fs::File::create(path).unwrap();
    let props = Arc::new(WriterProperties::builder().build());
    let mut writer = SerializedFileWriter::new(file, schema, props).unwrap();
    let mut rg = writer.next_row_group().unwrap();
    let mut col = rg.next_column().unwrap().unwrap();
    col.typed::<Int32Type>()
        .write_batch(ids, None, None)
        .unwrap();
    col.close().unwrap();
    let (mut values, mut def, mut rep) = (Vec::new(), Vec::new(), Vec::new());
    for v in vectors {
        if let Some(v) = v {
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
    let mut col = rg.next_column().unwrap().unwrap();
    col.typed::<FloatType>()
        .write_batch(&values, Some(&def), Some(&rep))
        .unwrap();
    col.close().unwrap();
    rg.close().unwrap();
    writer.close().unwrap();
}

fn err(dir: &Path) -> String {
    load_spark_als(dir, None).unwrap_err().to_string()
}

#[test]
fn the_pyspark_fixture_opens_with_its_counts_rank_and_parameters() {
    // Reference values printed by bench/spark/check_metrics.py (tests/fixtures/spark_cafes/
    // reference.json): 80 users, 143 items, rank 8, the first factors of u01 and c001.
    assert_eq!(detect(&fixture()).unwrap(), Format::SparkAls);
    let d = load(&fixture(), None).unwrap();
    assert_eq!((d.users.len(), d.items.len()), (80, 143));
    let users = d.user_vectors.as_ref().unwrap();
    let items = d.item_vectors.as_ref().unwrap();
    assert_eq!((users.ncols(), items.ncols()), (8, 8));
    let u01 = d.users.find("u01").unwrap() as usize;
    let c001 = d.items.find("c001").unwrap() as usize;
    let close = |got: f32, want: f64| (f64::from(got) - want).abs() < 1e-7;
    assert!(close(users[[u01, 0]], -0.271_769_106_388_092));
    assert!(close(users[[u01, 2]], 0.089_538_127_183_914));
    assert!(close(items[[c001, 1]], -0.105_607_904_493_808));
    let t = d.trained_by.as_ref().unwrap();
    assert_eq!(t.rank, 8);
    assert_eq!(
        (t.reg_param, t.alpha, t.max_iter, t.implicit_prefs, t.seed),
        (Some(0.05), Some(2.0), Some(15), Some(true), Some(42))
    );
    assert_eq!(
        t.describe(),
        "trained by Spark ALS 4.3.0, rank 8, regParam 0.05, alpha 2, maxIter 15, implicitPrefs true"
    );
    // The imported method places the users at Spark's own vectors, not at their items' mean.
    let e = crate::embed::embed(
        &d,
        &crate::embed::EmbedParams::Imported,
        &crate::progress::Progress::silent(),
    )
    .unwrap();
    assert_eq!(e.users.row(u01), users.row(u01));
    assert!(e.user_placed.iter().all(|p| *p));
    // A folder inside the model stands for the model.
    assert_eq!(dataset_root(&fixture().join("userFactors")), fixture());
}

#[test]
fn without_the_estimator_only_the_rank_is_known() {
    let (_tmp, model) = copy();
    std::fs::remove_dir_all(model.join("estimator")).unwrap();
    let t = load_spark_als(&model, None).unwrap().trained_by.unwrap();
    assert_eq!((t.rank, t.reg_param, t.max_iter), (8, None, None));
    assert!(
        t.describe().contains("save the ALS estimator"),
        "{}",
        t.describe()
    );
}

#[test]
fn a_folder_with_only_metadata_names_the_missing_folder() {
    let (_tmp, model) = copy();
    std::fs::remove_dir_all(model.join("userFactors")).unwrap();
    std::fs::remove_dir_all(model.join("itemFactors")).unwrap();
    assert_eq!(detect(&model).unwrap(), Format::SparkAls);
    assert_eq!(
        load(&model, None).unwrap_err().to_string(),
        "userFactors: the folder userFactors/ is missing (a saved Spark ALSModel holds metadata/, userFactors/ and itemFactors/)"
    );
}

#[test]
fn missing_or_unparseable_metadata_is_named() {
    let (_tmp, model) = copy();
    let part = metadata_part(&model.join("metadata")).unwrap();
    let name = part.file_name().unwrap().to_string_lossy().into_owned();
    std::fs::write(&part, "{\"class\": ").unwrap();
    let e = err(&model);
    assert!(
        e.starts_with(&format!(
            "metadata/{name}: not the JSON metadata Spark writes"
        )),
        "{e}"
    );
    std::fs::write(
        &part,
        "{\"class\":\"org.apache.spark.ml.feature.PCAModel\"}",
    )
    .unwrap();
    assert!(err(&model).contains("names org.apache.spark.ml.feature.PCAModel"));
    std::fs::write(
        &part,
        "{\"class\":\"org.apache.spark.ml.recommendation.ALSModel\"}",
    )
    .unwrap();
    assert!(
        err(&model).ends_with("(no positive \"rank\")"),
        "{}",
        err(&model)
    );
    std::fs::remove_file(&part).unwrap();
    assert!(
        err(&model).starts_with("metadata: no metadata part file"),
        "{}",
        err(&model)
    );
}

#[test]
fn nulls_nan_other_lengths_and_empty_parts_name_the_part() {
    let (_tmp, model) = copy();
    let bad = model.join("itemFactors/part-00009-bad.snappy.parquet");
    write_part(&bad, &[900, 901], &[Some(vec![0.5; 8]), None]);
    assert_eq!(
        err(&model),
        "itemFactors/part-00009-bad.snappy.parquet: row 1 (0-based), column \"features\": empty value (a value is required here)"
    );
    write_part(
        &bad,
        &[900],
        &[Some(vec![0.5, f32::NAN, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0])],
    );
    assert!(
        err(&model).starts_with(
            "itemFactors/part-00009-bad.snappy.parquet: row 0 (0-based), column \"features\": expected a finite number"
        ),
        "{}",
        err(&model)
    );
    write_part(&bad, &[900], &[Some(vec![0.5; 7])]);
    assert!(
        err(&model).starts_with(
            "itemFactors/part-00009-bad.snappy.parquet: row 0 (0-based), column \"features\": expected 8 numbers"
        ),
        "{}",
        err(&model)
    );
    std::fs::write(&bad, b"").unwrap();
    assert_eq!(
        err(&model),
        "itemFactors/part-00009-bad.snappy.parquet: the part file is empty (0 bytes): the job stopped before writing it"
    );
    // A valid part with no rows (an empty partition) is skipped.
    write_part(&bad, &[], &[]);
    assert_eq!(load_spark_als(&model, None).unwrap().items.len(), 143);
}

#[test]
fn every_part_of_another_rank_is_a_rank_mismatch() {
    let (_tmp, model) = copy();
    for e in std::fs::read_dir(model.join("userFactors"))
        .unwrap()
        .flatten()
    {
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with("part-") {
            write_part(&e.path(), &[0], &[Some(vec![1.0; 4])]);
        }
    }
    assert_eq!(
        err(&model),
        "userFactors: vectors of 4 numbers, but the metadata says rank 8"
    );
}

#[test]
fn a_failed_job_is_reported_and_a_finished_jobs_leftovers_ignored() {
    let (_tmp, model) = copy();
    let tmp = model.join("userFactors/_temporary/0");
    std::fs::create_dir_all(&tmp).unwrap();
    std::fs::write(tmp.join("part-00000.snappy.parquet"), b"half written").unwrap();
    // With _SUCCESS, _temporary/ is a leftover: ignored.
    assert_eq!(load_spark_als(&model, None).unwrap().users.len(), 80);
    std::fs::remove_file(model.join("userFactors/_SUCCESS")).unwrap();
    assert_eq!(
        err(&model),
        "userFactors: the Spark job did not finish (a _temporary/ folder and no _SUCCESS marker): run the job again"
    );
}

#[test]
fn an_id_missing_from_the_id_map_is_named() {
    let (_tmp, model) = copy();
    let map = std::fs::read_dir(model.join("user_ids"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("part-")
        })
        .unwrap();
    let text = std::fs::read_to_string(&map).unwrap();
    let kept: Vec<&str> = text.lines().filter(|l| !l.starts_with("5,")).collect();
    std::fs::write(&map, kept.join("\n")).unwrap();
    assert_eq!(
        err(&model),
        "userFactors: id 5 has no row in user_ids/ (id,original_id)"
    );
    std::fs::write(&map, "user,name\n0,u01\n").unwrap();
    assert!(
        err(&model).ends_with("expected the header id,original_id (the map Spark's job writes)")
    );
}
