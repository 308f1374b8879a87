//! Driving the `bhtsne` crate for [`super::tsne`]: the affinities, built once, and the two
//! optimisation phases that reuse them.
//!
//! **Affinities once, graph freed.** The crate takes the neighbour graph as
//! `&[Vec<Neighbor>]` (16 bytes a neighbour: 144 MB for 100,000 points × 90 neighbours) and
//! keeps it borrowed for a whole call. [`affinities`] therefore makes a call of zero epochs that
//! only builds the sparse symmetric P, and drops the graph; both phases then run on P as the
//! crate's cached affinities (`fit_sne` / `barnes_hut` with a cache never look at the data).
//! Before, each phase got the graph and the second rebuilt P next to the first one's (the
//! crate's cache only matches a graph whose rows equal P's rows, which a k-NN graph never
//! does): a peak heap of 840 MB for `embedscope project` on 1M × 64 rows, now 600.
//!
//! The crate renormalises P at the start of each call, so P is scaled by the same factor as
//! before up to float rounding (relative 1e-7). The crate's parallel sums already make two runs
//! with the same seed differ by such rounding (at 20,000 points the maps of two runs correlate
//! at 0.99 in pairwise distance, KL 3.315 vs 3.318), and the maps of the old and the new code
//! differ from each other no more than that.
//!
//! The crate is given a slice of `()` as its samples: with precomputed neighbours it only
//! counts them, and `()` takes no memory.
//!
//! **Streaming and Cancel.** The crate calls back after every epoch with the current layout;
//! the callback forwards a snapshot at most every 100 ms and checks the cancel token. The crate
//! offers no way to stop early, so Cancel unwinds out of its loop with
//! [`std::panic::resume_unwind`] (which does not run the panic hook) and is caught here — the
//! only place the app uses unwinding for control flow, and it never crosses a thread boundary
//! (the callback runs on the calling thread). Any other panic inside the crate is caught too
//! and reported as a numerical failure instead of taking the worker down.

use std::cell::Cell;
use std::panic::{AssertUnwindSafe, catch_unwind, resume_unwind};
use std::time::{Duration, Instant};

use bhtsne::{Neighbor, tSNE};

use super::tsne::{EXAGGERATION_ITERATIONS, FFT_FROM, TsneParams};
use crate::error::{PipelineError, Result};
use crate::progress::{Progress, Stage};

/// The crate's t-SNE over n unit samples, its affinities built.
pub(super) type Fit = tSNE<'static, f32, (), 2>;

/// Barnes-Hut accuracy (below [`FFT_FROM`] points).
const THETA: f32 = 0.5;

/// Marker payload for a cancelled fit.
struct Cancelled;

/// The settings of the early-exaggeration phase (exaggeration 12, momentum 0.5) on `t`.
fn phase_one(t: &mut tSNE<'_, f32, (), 2>, params: &TsneParams, n: usize) {
    let early = EXAGGERATION_ITERATIONS.min(params.iterations);
    t.epochs(early)
        .early_exaggeration(12.0)
        .stop_lying_epoch(early)
        .momentum(0.5)
        .final_momentum(0.5)
        .learning_rate(rate(params, n, 12.0));
}

/// "auto" learning rate = max(n / exaggeration, 200), as openTSNE, unless one is given.
fn rate(params: &TsneParams, n: usize, exaggeration: f32) -> f32 {
    params
        .learning_rate
        .unwrap_or_else(|| (n as f32 / exaggeration).max(200.0))
}

/// The crate with the affinities of `neighbors` (one row per point, equal lengths) built at
/// `perplexity`; `neighbors` is freed before this returns.
///
/// # Errors
/// A panic inside the crate, as a numerical failure.
pub(super) fn affinities(
    neighbors: Vec<Vec<Neighbor<f32>>>,
    perplexity: f32,
    params: &TsneParams,
    init: &[f32],
) -> Result<Fit> {
    let n = neighbors.len();
    let units: &'static [()] = vec![(); n].leak();
    let built = catch_unwind(AssertUnwindSafe(|| {
        let mut t: Fit = tSNE::new(units);
        t.perplexity(perplexity);
        phase_one(&mut t, params, n);
        t.epochs(0).initial_embedding(init.to_vec());
        if n >= FFT_FROM {
            t.fit_sne_with_neighbors(&neighbors);
        } else {
            t.barnes_hut_with_neighbors(THETA, &neighbors);
        }
        t
    }));
    drop(neighbors);
    built.map_err(|payload| failure(payload.as_ref()))
}

/// Run the two phases on the built affinities from `init`; returns the layout and the KL
/// divergence.
///
/// # Errors
/// `Cancelled`, or a panic inside the crate as a numerical failure.
pub(super) fn optimise(
    t: Fit,
    init: Vec<f32>,
    params: &TsneParams,
    progress: &Progress,
    on_layout: &mut dyn FnMut(usize, &[f32]),
) -> Result<(Vec<f32>, Option<f32>)> {
    let n = init.len() / 2;
    let total = params.iterations as u64;
    let early = EXAGGERATION_ITERATIONS.min(params.iterations);
    let run = catch_unwind(AssertUnwindSafe(move || {
        // Everything the callback borrows is declared before the crate it is stored in.
        let offset = Cell::new(0_usize);
        let mut last_snapshot: Option<Instant> = None;
        let mut t: tSNE<'_, f32, (), 2> = t;
        // The crate's cached affinities: no neighbour search, the "metric" is never called.
        let phase = |t: &mut tSNE<'_, f32, (), 2>| {
            if n >= FFT_FROM {
                t.fit_sne(|(), ()| 0.0);
            } else {
                t.barnes_hut(THETA, |(), ()| 0.0);
            }
        };
        t.epoch_callback(|epoch, layout| {
            let it = offset.get() + epoch;
            if progress.step(Stage::Project, it as u64, total).is_err() {
                resume_unwind(Box::new(Cancelled));
            }
            if last_snapshot.is_none_or(|t| t.elapsed() >= Duration::from_millis(100)) {
                last_snapshot = Some(Instant::now());
                on_layout(it, layout);
            }
        });
        // Two phases as in openTSNE: early exaggeration (12, momentum 0.5) then the free phase
        // (momentum 0.8), each with its own "auto" learning rate.
        phase_one(&mut t, params, n);
        t.initial_embedding(init);
        phase(&mut t);
        if params.iterations > early {
            offset.set(early);
            let layout = t.embedding();
            t.epochs(params.iterations - early)
                .early_exaggeration(1.0)
                .stop_lying_epoch(0)
                .momentum(0.8)
                .final_momentum(0.8)
                .learning_rate(rate(params, n, 1.0))
                .initial_embedding(layout);
            phase(&mut t);
        }
        (t.embedding(), t.kl_divergence())
    }));
    run.map_err(|payload| failure(payload.as_ref()))
}

/// The error for a fit that unwound: Cancel, or a panic inside the crate (its message kept).
fn failure(payload: &(dyn std::any::Any + Send)) -> PipelineError {
    if payload.is::<Cancelled>() {
        return PipelineError::Cancelled;
    }
    let reason = payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| (*s).to_owned()))
        .unwrap_or_else(|| "the t-SNE library failed".to_owned());
    PipelineError::Numerical {
        stage: "t-SNE",
        reason,
    }
}
