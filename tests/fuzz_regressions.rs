//! Replays the fuzzing inputs without the fuzzer: every file in `tests/fuzz_regressions/<target>/`
//! (crashes found by `cargo fuzz`, minimised) and in `fuzz/seeds/<target>/` (the seed corpora) is
//! fed to the same entry point the fuzz target uses; each must return Ok or Err, never panic.
//! For each fixed crash, a test pins the exact error message.

use std::path::{Path, PathBuf};

use embedscope::DataError;
use embedscope::data::formats::fuzzing;

type Entry = fn(&[u8]) -> Result<(), DataError>;

/// Each fuzz target (`fuzz/fuzz_targets/<name>.rs`) and its entry point.
const TARGETS: [(&str, Entry); 10] = [
    ("csv_table", fuzzing::csv_table),
    ("movielens", fuzzing::movielens),
    ("projector_tsv", fuzzing::projector_tsv),
    ("word2vec_text", fuzzing::word2vec_text),
    ("word2vec_binary", fuzzing::word2vec_binary),
    ("npy_header", fuzzing::npy_header),
    ("npy_matrix", fuzzing::npy_matrix),
    ("jsonl", fuzzing::jsonl),
    ("parquet", fuzzing::parquet),
    ("native_folder", fuzzing::native_folder),
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
        ("parquet", TARGETS[8].1, "one_vector"),
        ("parquet", TARGETS[8].1, "two_vectors"),
        ("native_folder", TARGETS[9].1, "cafes_small"),
        ("native_folder", TARGETS[9].1, "items_only"),
        ("native_folder", TARGETS[9].1, "with_vectors"),
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
fn parquet_with_a_negative_column_start_is_an_error_not_a_panic() {
    // Found by `cargo fuzz run parquet`: the parquet crate asserted on a negative column chunk
    // offset in the footer.
    let bytes =
        std::fs::read(root().join("tests/fuzz_regressions/parquet/negative_column_start")).unwrap();
    assert_eq!(
        message(fuzzing::parquet, &bytes),
        "x.parquet: cannot read the Parquet file: row group 0, column \"vector.list.element\": its data lies outside the file (start -108, length 72, file size 427; damaged or truncated?)"
    );
}

#[test]
fn parquet_with_a_definition_level_above_its_maximum_is_an_error_not_a_panic() {
    // Found by `cargo fuzz run parquet`: the parquet crate's record reader asserts on it.
    let bytes =
        std::fs::read(root().join("tests/fuzz_regressions/parquet/definition_level_above_max"))
            .unwrap();
    assert_eq!(
        message(fuzzing::parquet, &bytes),
        "x.parquet: cannot read the Parquet file: damaged data (Cannot extract value, max definition level: 2, current level: 3)"
    );
}

/// Reject a saved Parquet input within a quarter of a second (decoding these took 4–13 s and
/// gigabytes before the size checks), returning the message.
fn rejected_quickly(name: &str) -> String {
    let bytes = std::fs::read(root().join("tests/fuzz_regressions/parquet").join(name))
        .expect("saved input");
    assert!(bytes.len() < 2048, "{name}: {} bytes", bytes.len());
    let started = std::time::Instant::now();
    let text = message(fuzzing::parquet, &bytes);
    let secs = started.elapsed().as_secs_f64();
    assert!(secs < 0.25, "{name}: took {secs} s");
    text
}

#[test]
fn parquet_declaring_millions_of_values_is_rejected_before_decoding() {
    // The class of the fuzzer's slow inputs: a few bytes of run-length-encoded levels describe
    // one row whose list holds 50 million null elements (374 bytes).
    assert_eq!(
        rejected_quickly("millions_of_null_elements"),
        "x.parquet: cannot read the Parquet file: row group 0, column \"vector.list.element\" declares 50000000 values in a file of 374 bytes (more than 1024 per byte: damaged?)"
    );
    // 20 million rows of [1.5], the last [1.5, 1.5] (399 bytes): rejected by the row count
    // instead of after decoding every row.
    assert_eq!(
        rejected_quickly("millions_of_rows"),
        "x.parquet: cannot read the Parquet file: the footer declares 20000000 rows in a file of 399 bytes (more than 1024 per byte: damaged?)"
    );
}

#[test]
fn parquet_page_header_declaring_millions_is_rejected_though_the_footer_says_one() {
    // The first input with the footer's value count patched to 1 (a non-minimal varint, same
    // length): only the page header still declares 50 million values.
    use parquet::file::reader::{FileReader, SerializedFileReader};
    let path = root().join("tests/fuzz_regressions/parquet/page_header_declares_millions");
    let reader = SerializedFileReader::new(std::fs::File::open(&path).unwrap()).unwrap();
    assert_eq!(reader.metadata().row_group(0).column(1).num_values(), 1);
    assert_eq!(
        rejected_quickly("page_header_declares_millions"),
        "x.parquet: cannot read the Parquet file: row group 0, column \"vector.list.element\" declares 50000000 values in a file of 374 bytes (more than 1024 per byte: damaged?)"
    );
}

#[test]
fn known_bad_seeds_give_their_messages() {
    assert_eq!(
        message(fuzzing::word2vec_binary, b"2 3\nthe \x00\x00"),
        "vectors.bin: the file ends inside vector 1 of 2 (truncated?)"
    );
}

/// A blind (not coverage-guided) mutation loop over the seeds, for machines without the nightly
/// `cargo fuzz` build: `FUZZ_ITERATIONS=20000 cargo test --test fuzz_regressions -- --ignored`.
/// Panicking inputs are written to the temp folder and the test fails naming them.
#[test]
#[ignore = "smoke fuzzing on stable; run by hand"]
fn blind_mutation_smoke() {
    const TOKENS: [&[u8]; 10] = [
        b"\n%%\n",
        b"-1",
        b"99999999999999999999",
        b"nan",
        b"\t",
        b",",
        b"\"",
        b"::",
        b"|",
        b"\xff\xfe",
    ];
    let iterations: u64 = std::env::var("FUZZ_ITERATIONS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(2000);
    let mut state = 0x9E37_79B9_7F4A_7C15_u64;
    let mut next = move |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % (n.max(1) as u64)) as usize
    };
    std::panic::set_hook(Box::new(|_| {}));
    let mut found = Vec::new();
    for (target, entry) in TARGETS {
        let seeds: Vec<Vec<u8>> = files_in(&root().join("fuzz/seeds").join(target))
            .iter()
            .map(|f| std::fs::read(f).unwrap())
            .collect();
        for i in 0..iterations {
            let mut data = seeds[next(seeds.len())].clone();
            for _ in 0..=next(4) {
                let at = next(data.len() + 1);
                match next(5) {
                    0 if !data.is_empty() => {
                        let byte = next(256) as u8;
                        let last = data.len() - 1;
                        data[at.min(last)] = byte;
                    }
                    1 => data.insert(at, next(256) as u8),
                    2 => {
                        let end = (at + next(16)).min(data.len());
                        data.drain(at..end);
                    }
                    3 => {
                        let t = TOKENS[next(TOKENS.len())];
                        data.splice(at..at, t.iter().copied());
                    }
                    _ => {
                        let end = (at + next(64)).min(data.len());
                        let copy = data[at..end].to_vec();
                        data.splice(at..at, copy);
                    }
                }
            }
            if std::panic::catch_unwind(|| entry(&data)).is_err() {
                let path = std::env::temp_dir().join(format!("crash-{target}-{i}"));
                std::fs::write(&path, &data).unwrap();
                found.push(path);
            }
        }
    }
    let _ = std::panic::take_hook();
    assert!(found.is_empty(), "panicking inputs: {found:?}");
}
