//! t-SNE's gradient descent, as openTSNE 1.0 runs it (`TSNE.fit` → `gradient_descent`).
//!
//! Two phases on the same state: [`EXAGGERATION_ITERATIONS`] with P multiplied by 12, then
//! the rest with P itself; momentum 0.8 in both; learning rate "auto" = n / exaggeration
//! (at least 200, scikit-learn's floor of 50 in our gradient's units). Per coordinate an
//! adaptive gain: +0.2 when the gradient turns against the last step, × 0.8 + 0.01 otherwise,
//! with no upper bound; each point's step is clipped to length 5 (`max_step_norm`); the
//! layout is re-centred after every step. Gains and steps carry over from the first phase
//! to the second.
//!
//! Why not the `bhtsne` crate's loop, which this replaces: it caps the gains at 2 and resets
//! them between the phases, and its FFT grid starts at 10 boxes per axis. With the same
//! affinities, start and iterations, lifting the cap alone raised the kNN preservation of a
//! 10,000 × 50 mixture from 0.152 to 0.177 (openTSNE: 0.184), and the whole of this
//! module to 0.181 (`bench/tsne_vs_opentsne.sh`).
//!
//! **Streaming and Cancel.** Progress is reported, and Cancel checked, after every iteration;
//! `on_layout` gets the layout at most every 100 ms.

use std::time::{Duration, Instant};

use multiversion::multiversion;
use rayon::prelude::*;

use super::affinity::Affinities;
use super::forces::{Repulsion, attract, kl_divergence};
use super::{EXAGGERATION_ITERATIONS, FFT_FROM, TsneParams};
use crate::error::{ComputeError, Result};
use crate::progress::{Progress, Stage};

/// P's factor in the first phase.
const EARLY_EXAGGERATION: f32 = 12.0;
/// Momentum of both phases.
const MOMENTUM: f32 = 0.8;
/// Longest step of one point in one iteration.
const MAX_STEP: f32 = 5.0;
/// Points per chunk of the re-centring sums (fixed: the sums are added in order).
const CHUNK: usize = 4096;
/// Points per task of the step and the shift (no sums: smaller tasks balance the cores).
const STEP_CHUNK: usize = 1024;

/// The layout being optimised, with each coordinate's last step and gain.
struct State {
    y: Vec<f32>,
    step: Vec<f32>,
    gains: Vec<f32>,
    attraction: Vec<f32>,
    repulsion: Vec<f32>,
}

/// One phase's settings.
struct Phase {
    iterations: usize,
    exaggeration: f32,
    learning_rate: f32,
}

/// Optimise the layout `init` (n × 2 row-major) against `p`; returns the layout, its KL
/// divergence and the gradient's name ("barnes-hut" or "fft").
///
/// # Errors
/// `Cancelled`, or a failure inside the FFT library.
pub(super) fn optimise(
    p: &Affinities,
    init: Vec<f32>,
    params: &TsneParams,
    progress: &Progress,
    on_layout: &mut dyn FnMut(usize, &[f32]),
) -> Result<(Vec<f32>, f64, &'static str)> {
    let n = init.len() / 2;
    let mut repulsion = Repulsion::for_points(n, FFT_FROM);
    let mut state = State {
        step: vec![0.0; init.len()],
        gains: vec![1.0; init.len()],
        attraction: vec![0.0; init.len()],
        repulsion: vec![0.0; init.len()],
        y: init,
    };
    let early = EXAGGERATION_ITERATIONS.min(params.iterations);
    let phases = [
        Phase {
            iterations: early,
            exaggeration: EARLY_EXAGGERATION,
            learning_rate: learning_rate(params, n, EARLY_EXAGGERATION),
        },
        Phase {
            iterations: params.iterations - early,
            exaggeration: 1.0,
            learning_rate: learning_rate(params, n, 1.0),
        },
    ];
    let total = params.iterations as u64;
    let mut last_snapshot: Option<Instant> = None;
    let mut it = 0_usize;
    for phase in &phases {
        for _ in 0..phase.iterations {
            state.iterate(p, &mut repulsion, phase)?;
            it += 1;
            progress.step(Stage::Project, it as u64, total)?;
            if last_snapshot.is_none_or(|t| t.elapsed() >= Duration::from_millis(100)) {
                last_snapshot = Some(Instant::now());
                on_layout(it, &state.y);
            }
        }
    }
    let z = repulsion
        .repulse(&state.y, &mut state.repulsion)
        .map_err(|e| fft_failure(&e))?;
    let kl = kl_divergence(p, &state.y, z);
    Ok((state.y, kl, repulsion.name()))
}

/// "auto" = max(n / exaggeration, 200), unless a learning rate is given.
fn learning_rate(params: &TsneParams, n: usize, exaggeration: f32) -> f32 {
    params
        .learning_rate
        .unwrap_or_else(|| (n as f32 / exaggeration).max(200.0))
}

/// The FFT library's error (a bug here, not bad input) as the app's.
fn fft_failure(e: &super::fft::FftError) -> ComputeError {
    ComputeError::Numerical {
        stage: "t-SNE",
        reason: e.to_string(),
    }
}

impl State {
    /// One gradient step of `phase`.
    fn iterate(&mut self, p: &Affinities, repulsion: &mut Repulsion, phase: &Phase) -> Result<()> {
        attract(p, &self.y, phase.exaggeration, &mut self.attraction);
        let z = repulsion
            .repulse(&self.y, &mut self.repulsion)
            .map_err(|e| fft_failure(&e))?;
        let inv_z = if z > 0.0 { (1.0 / z) as f32 } else { 0.0 };
        let lr = phase.learning_rate;
        let (attraction, repulsion) = (&self.attraction, &self.repulsion);
        self.y
            .par_chunks_mut(2 * STEP_CHUNK)
            .zip(self.step.par_chunks_mut(2 * STEP_CHUNK))
            .zip(self.gains.par_chunks_mut(2 * STEP_CHUNK))
            .zip(
                attraction
                    .par_chunks(2 * STEP_CHUNK)
                    .zip(repulsion.par_chunks(2 * STEP_CHUNK)),
            )
            .for_each(|(((y, step), gains), (a, r))| {
                update(Moving { y, step, gains }, Gradient { a, r, inv_z }, lr);
            });
        self.centre();
        Ok(())
    }

    /// Move the layout's mean to 0 (sums in fixed chunks, in order).
    fn centre(&mut self) {
        let n = self.y.len() / 2;
        if n == 0 {
            return;
        }
        let sums: Vec<(f64, f64)> = self.y.par_chunks(2 * CHUNK).map(sum_points).collect();
        let (sx, sy) = sums
            .iter()
            .fold((0.0, 0.0), |(a, b), (x, y)| (a + x, b + y));
        let (mx, my) = ((sx / n as f64) as f32, (sy / n as f64) as f32);
        self.y
            .par_chunks_mut(2 * STEP_CHUNK)
            .for_each(|c| shift_points(c, mx, my));
    }
}

/// A chunk of the layout with its points' last steps and gains (2 values per point).
struct Moving<'a> {
    y: &'a mut [f32],
    step: &'a mut [f32],
    gains: &'a mut [f32],
}

/// A chunk's gradient: attraction `a` minus repulsion `r` / Z.
struct Gradient<'a> {
    a: &'a [f32],
    r: &'a [f32],
    inv_z: f32,
}

/// One gradient step (gains, momentum, clipped step) of a chunk of points at learning rate
/// `lr`. Compiled for the x86-64 baseline and for AVX2 + FMA, picked at run time
/// (`multiversion`, see `index::metric`); the same operations in the same order in both copies
/// (no fused multiply-adds), so the same bits — as for the sums below.
#[multiversion(targets("x86_64+avx2+fma"))]
fn update(moving: Moving<'_>, gradient: Gradient<'_>, lr: f32) {
    let Moving { y, step, gains } = moving;
    let Gradient { a, r, inv_z } = gradient;
    for (((y, step), gains), (a, r)) in y
        .chunks_exact_mut(2)
        .zip(step.chunks_exact_mut(2))
        .zip(gains.chunks_exact_mut(2))
        .zip(a.chunks_exact(2).zip(r.chunks_exact(2)))
    {
        for d in 0..2 {
            let grad = a[d] - r[d] * inv_z;
            // np.sign(step) != np.sign(grad): a zero step counts as turned.
            let turned = step[d] == 0.0 || (grad > 0.0) != (step[d] > 0.0);
            gains[d] = if turned {
                gains[d] + 0.2
            } else {
                gains[d] * 0.8 + 0.01
            };
            step[d] = MOMENTUM * step[d] - lr * gains[d] * grad;
        }
        let len = step[0].hypot(step[1]);
        if len > MAX_STEP {
            step[0] *= MAX_STEP / len;
            step[1] *= MAX_STEP / len;
        }
        y[0] += step[0];
        y[1] += step[1];
    }
}

/// Σ x and Σ y of a chunk of points, in order, in f64.
#[multiversion(targets("x86_64+avx2+fma"))]
fn sum_points(chunk: &[f32]) -> (f64, f64) {
    chunk.chunks_exact(2).fold((0.0, 0.0), |(sx, sy), p| {
        (sx + f64::from(p[0]), sy + f64::from(p[1]))
    })
}

/// Subtract (`mx`, `my`) from every point of a chunk.
#[multiversion(targets("x86_64+avx2+fma"))]
fn shift_points(chunk: &mut [f32], mx: f32, my: f32) {
    for p in chunk.chunks_exact_mut(2) {
        p[0] -= mx;
        p[1] -= my;
    }
}
