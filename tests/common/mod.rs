//! Helpers shared by the integration tests.
#![allow(dead_code, reason = "each test binary uses a different subset")]

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
