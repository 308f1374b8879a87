//! Tests of the dataset fingerprint and its cache.

use std::time::{Duration, SystemTime};

use super::*;

/// [`Workspace::fingerprint_within`] with a limit, read to the end.
fn within(ws: &Workspace, path: &Path, limit: u64) -> Fingerprinted {
    ws.fingerprint_within(path, limit, &mut |_, _| true)
        .unwrap()
        .expect("not stopped")
}

fn write(dir: &Path, name: &str, bytes: &[u8]) {
    std::fs::write(dir.join(name), bytes).unwrap();
}

/// Set a file's modification time an hour back, out of the racy window.
fn age(path: &Path) {
    let f = std::fs::File::options().write(true).open(path).unwrap();
    f.set_modified(SystemTime::now() - Duration::from_hours(1))
        .unwrap();
}

#[test]
fn content_and_names_count_location_and_hidden_files_do_not() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    for d in [a.path(), b.path()] {
        write(d, "items.csv", b"id,x\na,1\n");
        write(d, "users.csv", b"id\nu\n");
    }
    write(b.path(), ".DS_Store", b"junk");
    let fa = compute(a.path()).unwrap();
    assert_eq!(Fingerprint::from_hex(fa.as_str()), Some(fa.clone()));
    assert_eq!(Fingerprint::from_hex("ABC"), None);
    assert_eq!(fa, compute(b.path()).unwrap());
    // One byte changed.
    write(b.path(), "items.csv", b"id,x\na,2\n");
    assert_ne!(fa, compute(b.path()).unwrap());
    // Same bytes under another name.
    write(b.path(), "items.csv", b"id,x\na,1\n");
    std::fs::rename(b.path().join("users.csv"), b.path().join("users2.csv")).unwrap();
    assert_ne!(fa, compute(b.path()).unwrap());
    // Bytes moved from one file to the other: same concatenation, other split.
    let c = tempfile::tempdir().unwrap();
    write(c.path(), "items.csv", b"id,x\na,1\nid");
    write(c.path(), "users.csv", b"\nu\n");
    assert_ne!(fa, compute(c.path()).unwrap());
    // A single file.
    assert_ne!(compute(&a.path().join("items.csv")).unwrap(), fa);
}

#[test]
fn cache_hits_when_unchanged_and_misses_when_changed() {
    let ws = Workspace::in_memory(None).unwrap();
    let d = tempfile::tempdir().unwrap();
    write(d.path(), "items.csv", b"id,x\na,1\n");
    age(&d.path().join("items.csv"));
    let first = ws.fingerprint(d.path()).unwrap();
    assert!(!first.from_cache);
    assert_eq!(first.bytes, 9);
    assert_eq!(first.fingerprint, compute(d.path()).unwrap());
    let second = ws.fingerprint(d.path()).unwrap();
    assert!(second.from_cache);
    assert_eq!(second.fingerprint, first.fingerprint);
    // Edited: new size and mtime → hashed again, different.
    write(d.path(), "items.csv", b"id,x\na,1\nb,2\n");
    let third = ws.fingerprint(d.path()).unwrap();
    assert!(!third.from_cache);
    assert_ne!(third.fingerprint, first.fingerprint);
    // Just modified (inside the racy window): not trusted, hashed again.
    let fourth = ws.fingerprint(d.path()).unwrap();
    assert!(!fourth.from_cache);
    assert_eq!(fourth.fingerprint, third.fingerprint);
    let seen = ws.datasets().unwrap();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].fingerprint, third.fingerprint);
    assert_eq!(seen[0].bytes, 13);
}

#[test]
fn a_dataset_larger_than_memory_is_fingerprinted_by_stat_not_read() {
    let ws = Workspace::in_memory(None).unwrap();
    let d = tempfile::tempdir().unwrap();
    let file = d.path().join("part-0.parquet");
    write(d.path(), "part-0.parquet", b"0123456789");
    age(&file);
    // 10 bytes against a limit of 9: the stat, not the bytes.
    let big = within(&ws, d.path(), 9);
    assert!(!big.from_cache);
    assert_eq!(big.bytes, 10);
    assert_ne!(big.fingerprint, compute(d.path()).unwrap());
    let again = within(&ws, d.path(), 9);
    assert!(again.from_cache);
    assert_eq!(again.fingerprint, big.fingerprint);
    // Rewritten with other bytes of the same size: the modification time changes it.
    write(d.path(), "part-0.parquet", b"9876543210");
    age(&file);
    let rewritten = within(&ws, d.path(), 9);
    assert_ne!(rewritten.fingerprint, big.fingerprint);
    // A file added changes it; under the limit the bytes are read again.
    write(d.path(), "part-1.parquet", b"x");
    age(&d.path().join("part-1.parquet"));
    let added = within(&ws, d.path(), 9);
    assert_ne!(added.fingerprint, rewritten.fingerprint);
    // Unchanged files keep their fingerprint when more memory is free later (runs saved
    // under it stay found); a workspace that meets them with room to spare reads them.
    let later = within(&ws, d.path(), u64::MAX);
    assert!(later.from_cache);
    assert_eq!(later.fingerprint, added.fingerprint);
    let other = Workspace::in_memory(None).unwrap();
    let by_content = within(&other, d.path(), u64::MAX);
    assert_eq!(by_content.fingerprint, compute(d.path()).unwrap());
}

#[test]
fn folder_tables_count_the_files_in_their_subfolders() {
    // Two Spark models that differ only inside userFactors/ are two datasets.
    let model = |bytes: &[u8]| {
        let d = tempfile::tempdir().unwrap();
        for sub in ["metadata", "userFactors", "itemFactors"] {
            std::fs::create_dir_all(d.path().join(sub)).unwrap();
        }
        write(&d.path().join("metadata"), "part-00000", b"{}");
        write(&d.path().join("userFactors"), "part-00000.parquet", bytes);
        write(
            &d.path().join("itemFactors"),
            "part-00000.parquet",
            b"items",
        );
        d
    };
    let (a, b) = (model(b"users a"), model(b"users b"));
    assert_ne!(compute(a.path()).unwrap(), compute(b.path()).unwrap());
    assert_eq!(
        compute(a.path()).unwrap(),
        compute(model(b"users a").path()).unwrap()
    );
}

#[test]
fn missing_dataset_names_the_path() {
    let err = compute(Path::new("/no/such/dataset")).unwrap_err();
    assert!(err.to_string().starts_with("/no/such/dataset: "), "{err}");
}

#[test]
fn reading_reports_bytes_and_stops_when_told_without_caching() {
    let ws = Workspace::in_memory(None).unwrap();
    let d = tempfile::tempdir().unwrap();
    // Two files, the first over a megabyte: two reports for it, one for the second.
    write(d.path(), "a.bin", &vec![7_u8; (1 << 20) + 5]);
    write(d.path(), "b.bin", b"xyz");
    age(&d.path().join("a.bin"));
    age(&d.path().join("b.bin"));
    let total = (1 << 20) + 8;
    let mut seen = Vec::new();
    let stopped = ws
        .fingerprint_with(d.path(), &mut |done, all| {
            seen.push((done, all));
            false
        })
        .unwrap();
    assert!(stopped.is_none());
    assert_eq!(seen, [(1 << 20, total)]);
    assert!(ws.datasets().unwrap().is_empty(), "nothing cached");
    seen.clear();
    let done = ws
        .fingerprint_with(d.path(), &mut |done, all| {
            seen.push((done, all));
            true
        })
        .unwrap()
        .expect("read to the end");
    assert_eq!(
        seen,
        [(1 << 20, total), ((1 << 20) + 5, total), (total, total)]
    );
    assert_eq!(done.fingerprint, compute(d.path()).unwrap());
    // From the cache: nothing read, nothing reported.
    seen.clear();
    let cached = ws
        .fingerprint_with(d.path(), &mut |done, all| {
            seen.push((done, all));
            true
        })
        .unwrap()
        .expect("cached");
    assert!(cached.from_cache);
    assert!(seen.is_empty());
}
