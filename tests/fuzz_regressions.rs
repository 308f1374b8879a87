//! Replays the fuzzing inputs without the fuzzer: every file in `tests/fuzz_regressions/<target>/`
//! (crashes found by `cargo fuzz`, minimised) and in `fuzz/seeds/<target>/` (the seed corpora) is
//! fed to the same entry point the fuzz target uses; each must return Ok or Err, never panic.
//! For each fixed crash, a test pins the exact error message.

use std::path::{Path, PathBuf};

use embedscope::DataError;
use embedscope::data::formats::fuzzing;

type Entry = fn(&[u8]) -> Result<(), DataError>;

/// Each fuzz target (`fuzz/fuzz_targets/<name>.rs`) and its entry point.
const TARGETS: [(&str, Entry); 8] = [
    ("csv_table", fuzzing::csv_table),
    ("movielens", fuzzing::movielens),
    ("projector_tsv", fuzzing::projector_tsv),
    ("word2vec_text", fuzzing::word2vec_text),
    ("word2vec_binary", fuzzing::word2vec_binary),
    ("npy_header", fuzzing::npy_header),
    ("npy_matrix", fuzzing::npy_matrix),
    ("jsonl", fuzzing::jsonl),
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn files_in(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| Some(e.ok()?.path()))
        .filter(|p| p.is_file())
        .collect();
    files.sort();
    files
}

#[test]
fn every_saved_input_returns_without_panicking() {
    for (target, entry) in TARGETS {
        let files: Vec<PathBuf> = [
            root().join("tests/fuzz_regressions").join(target),
            root().join("fuzz/seeds").join(target),
        ]
        .iter()
        .flat_map(|d| files_in(d))
        .collect();
        assert!(
            files.len() >= 2,
            "{target}: expected seeds, found {files:?}"
        );
        for file in files {
            let bytes = std::fs::read(&file).unwrap();
            let outcome = std::panic::catch_unwind(|| entry(&bytes));
            assert!(outcome.is_ok(), "{target}: {} panicked", file.display());
        }
    }
}

#[test]
fn valid_seeds_load() {
    for (target, entry, seed) in [
        ("csv_table", TARGETS[0].1, "movies.csv"),
        ("movielens", TARGETS[1].1, "ml100k"),
        ("movielens", TARGETS[1].1, "ml1m"),
        ("movielens", TARGETS[1].1, "mlcsv"),
        ("projector_tsv", TARGETS[2].1, "pair"),
        ("word2vec_text", TARGETS[3].1, "header"),
        ("word2vec_binary", TARGETS[4].1, "valid"),
        ("npy_matrix", TARGETS[6].1, "pca"),
        ("jsonl", TARGETS[7].1, "items"),
    ] {
        let bytes = std::fs::read(root().join("fuzz/seeds").join(target).join(seed)).unwrap();
        if let Err(e) = entry(&bytes) {
            panic!("{target}/{seed}: {e}");
        }
    }
}

fn message(entry: Entry, bytes: &[u8]) -> String {
    entry(bytes)
        .expect_err("this input must be rejected")
        .to_string()
}

#[test]
fn known_bad_seeds_give_their_messages() {
    assert_eq!(
        message(fuzzing::word2vec_binary, b"2 3\nthe \x00\x00"),
        "vectors.bin: the file ends inside vector 1 of 2 (truncated?)"
    );
}
