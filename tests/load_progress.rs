//! Loading large files in the worker: bytes read / file size are reported (stage `load`), and
//! Cancel stops the read part-way through instead of after the whole file.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use embedscope::data::formats::{LoadOptions, load_tracked};
use embedscope::error::ComputeError;
use embedscope::pipeline::progress::{CancelToken, Progress, Stage};

const TARGET_BYTES: usize = 8 << 20;

/// Write a large file of each streamed format into `dir`; returns (dataset path, data file).
fn large_files(dir: &Path) -> Vec<(PathBuf, PathBuf)> {
    use std::fmt::Write as _;
    let numbers = |i: usize, d: usize| -> Vec<String> {
        (0..d)
            .map(|j| format!("{:.4}", ((i * 31 + j * 17) % 1000) as f32 / 997.0))
            .collect()
    };
    let mut out = Vec::new();
    let mut text = String::new();
    let mut i = 0;
    while text.len() < TARGET_BYTES {
        writeln!(text, "w{i} {}", numbers(i, 50).join(" ")).expect("write test data");
        i += 1;
    }
    let vec = dir.join("words.vec");
    std::fs::write(&vec, &text).expect("write test data");
    out.push((vec.clone(), vec));

    text.clear();
    i = 0;
    while text.len() < TARGET_BYTES {
        writeln!(
            text,
            "{{\"id\":\"i{i}\",\"vector\":[{}]}}",
            numbers(i, 50).join(",")
        )
        .expect("write test data");
        i += 1;
    }
    let jsonl = dir.join("items_vectors.jsonl");
    std::fs::write(&jsonl, &text).expect("write test data");
    out.push((jsonl.clone(), jsonl));

    let rows = TARGET_BYTES / (4 * 64);
    let m = ndarray::Array2::from_shape_fn((rows, 64), |(r, c)| ((r * 7 + c) % 101) as f32);
    let npy = dir.join("big.npy");
    embedscope::data::formats::npy::write_matrix(&npy, &m).expect("write test data");
    out.push((npy.clone(), npy));

    let folder = dir.join("native");
    std::fs::create_dir(&folder).expect("write test data");
    text = "id,".to_owned()
        + &(0..20)
            .map(|j| format!("f{j}"))
            .collect::<Vec<_>>()
            .join(",")
        + "\n";
    i = 0;
    while text.len() < TARGET_BYTES {
        writeln!(text, "i{i},{}", numbers(i, 20).join(",")).expect("write test data");
        i += 1;
    }
    let items = folder.join("items.csv");
    std::fs::write(&items, &text).expect("write test data");
    out.push((folder, items));
    out
}

type Log = Arc<Mutex<Vec<(Stage, u64, u64)>>>;

/// A progress whose sink records every report, waits `pause` (so that every report is due
/// despite the 50 ms throttle), and presses Cancel once `cancel_at` bytes were reported.
fn recording(pause: Duration, cancel_at: Option<u64>) -> (Progress, Log) {
    let log: Log = Arc::default();
    let seen = Arc::clone(&log);
    let token = CancelToken::default();
    let cancel = token.clone();
    let p = Progress::new(token, move |stage, done, total| {
        seen.lock().expect("log").push((stage, done, total));
        std::thread::sleep(pause);
        if cancel_at.is_some_and(|at| done >= at) {
            cancel.cancel();
        }
        true
    });
    (p, log)
}

#[test]
fn large_loads_report_bytes_and_stop_on_cancel() {
    let dir = tempfile::tempdir().unwrap();
    for (path, data_file) in large_files(dir.path()) {
        let total = std::fs::metadata(&data_file).unwrap().len();
        let name = data_file.display().to_string();

        let (p, log) = recording(Duration::ZERO, None);
        let d = load_tracked(&path, &LoadOptions::default(), &p).unwrap();
        assert!(d.items.len() > 1000, "{name}");
        let log = log.lock().unwrap();
        assert!(
            log.iter().all(|r| r.0 == Stage::Load && r.2 == total),
            "{name}: {log:?}"
        );
        assert_eq!(
            log.last().unwrap().1,
            total,
            "{name}: the last report is the whole file"
        );

        let (p, log) = recording(Duration::from_millis(60), Some(2 << 20));
        let e = load_tracked(&path, &LoadOptions::default(), &p).unwrap_err();
        assert!(matches!(e, ComputeError::Cancelled), "{name}: {e}");
        let furthest = log.lock().unwrap().iter().map(|r| r.1).max().unwrap();
        assert!(
            (2 << 20..4 << 20).contains(&furthest),
            "{name}: stopped after {furthest} of {total} bytes"
        );
    }
}

#[test]
fn the_workspace_fingerprint_fills_the_load_bar_and_stops_on_cancel() {
    use embedscope::pipeline::error::PipelineError;
    use embedscope::pipeline::{RunParams, saved};
    use embedscope::store::{Location, Workspace};
    let dir = tempfile::tempdir().unwrap();
    let files = large_files(dir.path());
    let (path, data_file) = &files[0];
    let total = std::fs::metadata(data_file).unwrap().len();
    let ws_file = dir.path().join("ws.sqlite");
    drop(Workspace::open(&ws_file).unwrap());
    let ws = Location::File(ws_file.clone());
    // Cancel after the second megabyte: the fingerprint (the first reader of the file) stops
    // part-way, the run ends as cancelled and nothing is recorded for the dataset.
    let (p, log) = recording(Duration::from_millis(60), Some(2 << 20));
    let out = saved::run_in_workspace(&RunParams::new(path), &ws, &p);
    assert!(matches!(out, Err(PipelineError::Cancelled)), "{out:?}");
    let log = log.lock().unwrap();
    assert!(!log.is_empty());
    assert!(
        log.iter().all(|r| r.0 == Stage::Load && r.2 == total),
        "{log:?}"
    );
    assert!(log.last().unwrap().1 < total, "stopped part-way: {log:?}");
    assert!(
        Workspace::open(&ws_file)
            .unwrap()
            .datasets()
            .unwrap()
            .is_empty()
    );
}

#[test]
fn writing_the_run_into_the_workspace_is_its_own_stage_and_a_read_back_skips_it() {
    use embedscope::pipeline::{RunParams, saved};
    use embedscope::store::{Location, Workspace};
    let dir = tempfile::tempdir().unwrap();
    let ws_file = dir.path().join("ws.sqlite");
    drop(Workspace::open(&ws_file).unwrap());
    let ws = Location::File(ws_file);
    let cafes = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data/cafes");
    let (p, log) = recording(Duration::ZERO, None);
    let first = saved::run_in_workspace(&RunParams::new(&cafes), &ws, &p).unwrap();
    assert!(first.run_id.is_some(), "saved");
    let stages: Vec<Stage> = log.lock().unwrap().iter().map(|r| r.0).collect();
    assert_eq!(stages.last(), Some(&Stage::Save), "{stages:?}");
    assert_eq!(stages.iter().filter(|s| **s == Stage::Save).count(), 1);
    assert!(stages.contains(&Stage::Project));
    // Read back: nothing computed, nothing written.
    let (p, log) = recording(Duration::ZERO, None);
    let again = saved::run_in_workspace(&RunParams::new(&cafes), &ws, &p).unwrap();
    assert_eq!(again.run_id, first.run_id);
    assert!(log.lock().unwrap().iter().all(|r| r.0 != Stage::Save));
}
