//! Cancel answers within 200 ms in compute that reports no progress of its own: the t-SNE /
//! UMAP start layout on wide data, and a text model between its layers (a Cancel arriving from
//! another thread, as from the GUI).
//!
//! The text-model test runs the tiny BERT fixture by default; point `EMBEDSCOPE_CANCEL_MODEL`
//! at a real model folder (e.g. all-MiniLM-L6-v2) to time Cancel on it:
//! `EMBEDSCOPE_CANCEL_MODEL=DIR cargo test --release --test cancel -- --nocapture`.

use std::time::{Duration, Instant};

use embedscope::data::models::ModelFolder;
use embedscope::embed::text_model::{EncodeOptions, TextEncoder};
use embedscope::error::ComputeError;
use embedscope::pipeline::progress::{CancelToken, Progress};
use embedscope::project::start::principal_plane;
use embedscope::rng::Gen;
use ndarray::Array2;

#[test]
fn the_start_layout_answers_cancel_within_200_ms_on_wide_data() {
    let mut g = Gen::new(5);
    let x = Array2::from_shape_fn((40_000, 768), |_| g.normal() as f32);
    time_cancel(&[0, 30, 120], |p| {
        principal_plane(x.view(), p).map(|xy| assert_eq!(xy.dim(), (40_000, 2)))
    });
}

/// Calls `work` with a token that another thread cancels after each delay; asserts the answer
/// came within 200 ms of the Cancel, or that `work` finished first. Returns the latencies seen.
fn time_cancel<T>(
    delays_ms: &[u64],
    work: impl Fn(&Progress) -> Result<T, ComputeError>,
) -> Vec<Duration> {
    let mut seen = Vec::new();
    for &delay_ms in delays_ms {
        let token = CancelToken::default();
        let progress = Progress::new(token.clone(), |_, _, _| true);
        let canceller = std::thread::Builder::new()
            .name("cancel".into())
            .spawn(move || {
                std::thread::sleep(Duration::from_millis(delay_ms));
                token.cancel();
                Instant::now()
            })
            .expect("test setup: a thread");
        let got = work(&progress);
        let done = Instant::now();
        let cancelled_at = canceller.join().expect("the cancelling thread");
        match got {
            Ok(_) => {}
            Err(ComputeError::Cancelled) => {
                let late = done.saturating_duration_since(cancelled_at);
                assert!(
                    late < Duration::from_millis(200),
                    "{delay_ms} ms: answered {late:?} after Cancel"
                );
                seen.push(late);
            }
            Err(e) => panic!("{e}"),
        }
    }
    seen
}

#[test]
fn a_text_model_answers_cancel_within_200_ms() {
    let dir = std::env::var_os("EMBEDSCOPE_CANCEL_MODEL").map_or_else(
        || {
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("tests/fixtures/text_models/bert_cls")
        },
        std::path::PathBuf::from,
    );
    let enc = TextEncoder::new(ModelFolder::open(&dir).unwrap()).unwrap();
    // Long rows (truncated at the model's max length) so every batch is a full one.
    let words = "the quiet cafe near the station serves spicy curry and strong coffee ";
    let texts: Vec<String> = (0..4_000)
        .map(|i| format!("{i} {}", words.repeat(1 + i % 40)))
        .collect();
    let opts = EncodeOptions::default();
    let seen = time_cancel(&[0, 30, 120, 400], |p| enc.encode(&texts, &opts, p));
    eprintln!("{}: Cancel answered after {seen:?}", dir.display());
    assert!(!seen.is_empty(), "every run finished before its Cancel");
}
