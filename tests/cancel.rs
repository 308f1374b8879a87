//! Cancel answers within 200 ms in compute that reports no progress of its own: the t-SNE /
//! UMAP start layout on wide data (a Cancel arriving from another thread, as from the GUI).

use std::time::{Duration, Instant};

use embedscope::error::PipelineError;
use embedscope::pipeline::progress::{CancelToken, Progress};
use embedscope::project::start::principal_plane;
use embedscope::rng::Gen;
use ndarray::Array2;

#[test]
fn the_start_layout_answers_cancel_within_200_ms_on_wide_data() {
    let mut g = Gen::new(5);
    let x = Array2::from_shape_fn((40_000, 768), |_| g.normal() as f32);
    for delay_ms in [0, 30, 120] {
        let token = CancelToken::default();
        let progress = Progress::new(token.clone(), |_, _, _| true);
        let canceller = std::thread::Builder::new()
            .name("cancel".into())
            .spawn(move || {
                std::thread::sleep(Duration::from_millis(delay_ms));
                token.cancel();
                Instant::now()
            })
            .unwrap();
        let got = principal_plane(x.view(), &progress);
        let done = Instant::now();
        let cancelled_at = canceller.join().unwrap();
        match got {
            // Finished before the Cancel arrived (a fast machine): nothing to time.
            Ok(xy) => assert_eq!(xy.dim(), (40_000, 2)),
            Err(PipelineError::Cancelled) => {
                let late = done.saturating_duration_since(cancelled_at);
                assert!(
                    late < Duration::from_millis(200),
                    "{delay_ms} ms: answered {late:?} after Cancel"
                );
            }
            Err(e) => panic!("{e}"),
        }
    }
}
