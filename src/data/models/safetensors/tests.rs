//! Tests of the safetensors reader on small files written here.

use std::path::Path;

use super::TensorIndex;

fn write(path: &Path, header: &str, data: &[u8]) {
    let mut bytes = (header.len() as u64).to_le_bytes().to_vec();
    bytes.extend_from_slice(header.as_bytes());
    bytes.extend_from_slice(data);
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn reads_f16_and_f32() {
    let dir = tempfile::tempdir().unwrap();
    let mut data = Vec::new();
    for v in [1.5f32, -2.0] {
        data.extend_from_slice(&v.to_le_bytes());
    }
    for v in [0.25f32, 3.0] {
        data.extend_from_slice(&half::f16::from_f32(v).to_le_bytes());
    }
    write(
        &dir.path().join("model.safetensors"),
        r#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F16","shape":[1,2],"data_offsets":[8,12]},"__metadata__":{"format":"pt"}}"#,
        &data,
    );
    let idx = TensorIndex::open(dir.path()).unwrap();
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    assert_eq!(idx.read("a", &mut h).unwrap().data, vec![1.5, -2.0]);
    let b = idx.read("b", &mut h).unwrap();
    assert_eq!((b.shape, b.data), (vec![1, 2], vec![0.25, 3.0]));
    assert_eq!(idx.f32_bytes(|_| true), 16);
}

#[test]
fn rows_and_the_streamed_hash_match_the_whole_read() {
    let dir = tempfile::tempdir().unwrap();
    let values: Vec<f32> = (0..15).map(|v| v as f32 * 0.5).collect();
    let data: Vec<u8> = values
        .iter()
        .flat_map(|v| half::f16::from_f32(*v).to_le_bytes())
        .collect();
    write(
        &dir.path().join("model.safetensors"),
        r#"{"t":{"dtype":"F16","shape":[5,3],"data_offsets":[0,30]}}"#,
        &data,
    );
    let idx = TensorIndex::open(dir.path()).unwrap();
    let (mut whole, mut streamed) = (
        xxhash_rust::xxh3::Xxh3::new(),
        xxhash_rust::xxh3::Xxh3::new(),
    );
    let all = idx.read("t", &mut whole).unwrap().data;
    idx.hash_only("t", &mut streamed).unwrap();
    assert_eq!(whole.digest(), streamed.digest());
    // Rows 0, 2 and 3: a run of one and a run of two.
    let rows = idx.read_rows("t", &[0, 2, 3]).unwrap();
    assert_eq!(rows[..3], all[..3]);
    assert_eq!(rows[3..], all[6..12]);
    assert_eq!(rows, vec![0.0, 0.5, 1.0, 3.0, 3.5, 4.0, 4.5, 5.0, 5.5]);
    let e = idx.read_rows("t", &[4, 5]).unwrap_err().to_string();
    assert!(e.contains("row 5 asked of a 5-row matrix"), "{e}");
}

#[test]
fn truncated_and_unknown_dtype_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("model.safetensors");
    write(
        &p,
        r#"{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}"#,
        &[0; 8],
    );
    let e = TensorIndex::open(dir.path()).unwrap_err().to_string();
    assert!(
        e.contains("model.safetensors") && e.contains("truncated"),
        "{e}"
    );
    write(
        &p,
        r#"{"a":{"dtype":"I8","shape":[4],"data_offsets":[0,4]}}"#,
        &[0; 4],
    );
    let e = TensorIndex::open(dir.path()).unwrap_err().to_string();
    assert!(e.contains("dtype I8"), "{e}");
    std::fs::write(&p, [1, 2, 3]).unwrap();
    let e = TensorIndex::open(dir.path()).unwrap_err().to_string();
    assert!(e.contains("shorter than the 8-byte header"), "{e}");
    std::fs::write(&p, [255; 16]).unwrap();
    let e = TensorIndex::open(dir.path()).unwrap_err().to_string();
    assert!(e.contains("does not fit"), "{e}");
}
