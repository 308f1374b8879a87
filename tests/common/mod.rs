//! Helpers shared by the integration tests: sample data and small datasets here, the binary in
//! [`cli`], the whole app under `egui_kittest` in [`kittest`].
//!
//! Each test binary declares `pub mod common;`: public items of a test crate count as
//! reachable, so the helpers a binary does not use raise no `dead_code` warning (no `allow`).
//! Being public also brings the pedantic lints for a library's API, which do not fit test
//! helpers (they panic by design: a panic is a failed test).
#![expect(
    clippy::must_use_candidate,
    clippy::missing_panics_doc,
    clippy::return_self_not_must_use,
    reason = "test helpers, public only so unused ones are not dead code"
)]

pub mod cli;
pub mod kittest;
pub mod table;

use std::path::{Path, PathBuf};

/// The repository's sample data folder.
pub fn sample(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("sample_data")
        .join(name)
}

/// Write a dataset folder from (file name, bytes) pairs.
pub fn dataset(files: &[(&str, &[u8])]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    for (name, bytes) in files {
        std::fs::write(dir.path().join(name), bytes).expect("write test file");
    }
    dir
}

/// A small valid items table with a zero vector (row c sits exactly at the mean).
pub const ITEMS: &[u8] = b"id,title,category,x,y\na,Alpha,one,1,1\nb,Beta,one,3,3\nc,Centre,two,2,2\nd,Delta,two,1,3\ne,Echo,two,3,1\n";
/// Interactions over `ITEMS`.
pub const INTERACTIONS: &[u8] =
    b"user_id,item_id,rating,timestamp\nu1,a,5,100\nu1,b,3,200\nu2,d,4,150\n";

/// Write a Parquet file of 3 items (`id`, then `text_emb` with 2 floats and `image_emb` with 3
/// floats per row, both `list<float>` as pyarrow writes them): two vector columns, neither
/// named `vector`, so the loader must be told which.
pub fn two_vector_parquet(path: &Path) {
    let ids: Vec<String> = ["p", "q", "r"].map(str::to_owned).to_vec();
    let text: Vec<Vec<f32>> = vec![vec![1.0, 0.0], vec![0.0, 1.0], vec![0.5, 0.5]];
    let image: Vec<Vec<f32>> = vec![
        vec![1.0, 2.0, 3.0],
        vec![4.0, 5.0, 6.0],
        vec![7.0, 8.0, 9.5],
    ];
    table::write_vectors(
        path,
        ("schema", parquet::basic::Compression::UNCOMPRESSED),
        &ids,
        &[("text_emb", &text), ("image_emb", &image)],
    );
}

/// A dataset folder of `n` items (`items.csv`: id, title, category) with imported vectors
/// (`item_vectors.csv`, `d` columns) that lie in a `rank`-dimensional linear subspace: seeded
/// uniform coefficients times `rank` seeded basis vectors, written with 7 significant digits.
pub fn vectors_dataset(n: usize, d: usize, rank: usize, seed: u64) -> tempfile::TempDir {
    use std::fmt::Write as _;
    // xorshift64*: a few lines, no dependency, the same numbers everywhere.
    let mut state = seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1;
    let mut uniform = move || {
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        let bits = state.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11;
        (bits as f64 / (1u64 << 53) as f64) * 2.0 - 1.0
    };
    let basis: Vec<Vec<f64>> = (0..rank)
        .map(|_| (0..d).map(|_| uniform()).collect())
        .collect();
    let mut items = String::from("id,title,category\n");
    let mut vectors = String::from("id");
    for j in 0..d {
        let _ = write!(vectors, ",v{j}");
    }
    vectors.push('\n');
    for i in 0..n {
        let _ = writeln!(items, "i{i},Item {i},c{}", i % 4);
        let coef: Vec<f64> = (0..rank).map(|_| uniform()).collect();
        let _ = write!(vectors, "i{i}");
        for j in 0..d {
            let v: f64 = coef.iter().zip(&basis).map(|(c, b)| c * b[j]).sum();
            let _ = write!(vectors, ",{v:.7e}");
        }
        vectors.push('\n');
    }
    dataset(&[
        ("items.csv", items.as_bytes()),
        ("item_vectors.csv", vectors.as_bytes()),
    ])
}
