//! UMAP's layout optimisation (McInnes, Healy & Melville 2018, §3.2; umap-learn's
//! `optimize_layout_euclidean`): stochastic gradient descent on the fuzzy cross-entropy
//! between the graph and the map. Each edge is sampled once every `max_weight / weight`
//! epochs; every sample pulls both ends together by the gradient of 1 / (1 + a·d^(2b)) and
//! pushes the head away from 5 random points (negative sampling); every gradient component is
//! clipped to ±4 and the learning rate falls linearly from 1 to 0.
//!
//! The edges are processed in chunks of [`CHUNK`], each with its own random stream seeded from
//! (seed, epoch, chunk). Below [`PARALLEL_FROM`] points the chunks run in order on one thread,
//! so the same seed gives the same layout; from there on they run on all cores at once without
//! locks ("Hogwild!", Recht et al. 2011, as umap-learn's `parallel=True`): two chunks may move
//! the same point in the same instant and one update can be lost, which SGD shrugs off — but the
//! layout then depends on thread timing. Coordinates live in `AtomicU32` (f32 bits, relaxed
//! loads and stores: plain moves on x86) so this needs no `unsafe`. Cancel is checked every
//! epoch and before every chunk, so a press stops it within milliseconds even at 100,000 points.

use std::sync::atomic::{AtomicU32, Ordering};
use std::time::{Duration, Instant};

use multiversion::multiversion;
use rayon::prelude::*;

use super::fuzzy::Edges;
use crate::error::{ComputeError, Result};
use crate::progress::{Progress, Stage};
use crate::rng::Gen;

/// Negative samples per positive sample (umap-learn: 5).
pub const NEGATIVE_SAMPLES: f32 = 5.0;
/// Gradient components are clipped to ±this.
const CLIP: f32 = 4.0;
/// Edges per chunk (one random stream, one check of the cancel token).
pub const CHUNK: usize = 1 << 13;
/// Points from which the chunks of an epoch run in parallel.
pub const PARALLEL_FROM: usize = 10_000;
/// Smallest interval between two streamed layouts.
const SNAPSHOT_EVERY: Duration = Duration::from_millis(100);

/// Parameters of the optimisation.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Sgd {
    /// Curve parameter a (see [`super::curve::find_ab`]).
    pub a: f32,
    /// Curve parameter b.
    pub b: f32,
    /// Epochs.
    pub epochs: usize,
    /// Seed of the negative samples.
    pub seed: u64,
    /// Run the chunks of an epoch on all cores (see the module docs); `fit` sets it from
    /// [`PARALLEL_FROM`] points.
    pub parallel: bool,
}

/// One edge the optimisation samples, with its schedule.
#[derive(Debug, Clone, Copy)]
struct EdgeState {
    head: u32,
    tail: u32,
    /// Epochs between two samples: max weight / weight.
    per_sample: f32,
    next_sample: f32,
    next_negative: f32,
}

impl EdgeState {
    /// Epochs between two negative samples: computed, not stored (the same f32 division each
    /// time, so the same value), which keeps an edge at 20 bytes instead of 24.
    fn per_negative(&self) -> f32 {
        self.per_sample / NEGATIVE_SAMPLES
    }
}

/// Drop edges too weak to be sampled once in `epochs` (as umap-learn does) and give each the
/// epochs between its samples. The edges are counted first, so the schedule (20 bytes an edge,
/// 48 MB for a 100,000-point sample) is allocated once at its size instead of growing by
/// doubling.
fn schedule(edges: &Edges, epochs: usize) -> Vec<EdgeState> {
    let max = edges.weight.iter().copied().fold(0.0_f32, f32::max);
    let floor = max / epochs.max(1) as f32;
    let kept = |w: f32| w >= floor && w > 0.0;
    let count = edges.weight.iter().filter(|&&w| kept(w)).count();
    let mut states = Vec::with_capacity(count);
    for ((&head, &tail), &w) in edges.head.iter().zip(&edges.tail).zip(&edges.weight) {
        if kept(w) {
            let every = max / w;
            states.push(EdgeState {
                head,
                tail,
                per_sample: every,
                next_sample: every,
                next_negative: every / NEGATIVE_SAMPLES,
            });
        }
    }
    states
}

/// The layout shared by the chunks: point i at (2i, 2i + 1), f32 bits.
struct Shared(Vec<AtomicU32>);

impl Shared {
    #[inline]
    fn get(&self, i: usize) -> f32 {
        f32::from_bits(self.0[i].load(Ordering::Relaxed))
    }
    #[inline]
    fn add(&self, i: usize, v: f32) {
        self.0[i].store((self.get(i) + v).to_bits(), Ordering::Relaxed);
    }
    /// (dx, dy, squared distance) from point `j` to point `k`.
    #[inline]
    fn delta(&self, j: usize, k: usize) -> (f32, f32, f32) {
        let dx = self.get(2 * j) - self.get(2 * k);
        let dy = self.get(2 * j + 1) - self.get(2 * k + 1);
        (dx, dy, dx * dx + dy * dy)
    }
    fn snapshot(&self, out: &mut [f32]) {
        for (o, v) in out.iter_mut().zip(&self.0) {
            *o = f32::from_bits(v.load(Ordering::Relaxed));
        }
    }
}

/// What one chunk needs besides its edges.
struct Pass<'a> {
    xy: &'a Shared,
    n: usize,
    sgd: Sgd,
    epoch: usize,
    progress: &'a Progress,
}

impl Pass<'_> {
    /// One epoch of SGD over the edges of chunk `c`.
    fn chunk(&self, c: usize, edges: &mut [EdgeState]) -> Result<()> {
        if self.progress.cancel_token().is_cancelled() {
            return Err(ComputeError::Cancelled);
        }
        sgd_edges(self.xy, self.n, self.sgd, (self.epoch, c), edges);
        Ok(())
    }
}

/// One epoch of SGD over the edges of chunk `c` (`at` = (epoch, c)): the loop of [`Pass::chunk`].
/// Compiled for the x86-64 baseline and for AVX2 + FMA, picked at run time (`multiversion`,
/// see `index::metric`), with [`Shared`]'s accessors inlined into each copy; the same
/// operations in the same order in both copies (no fused multiply-adds), so the same layout.
#[multiversion(targets("x86_64+avx2+fma"))]
fn sgd_edges(xy: &Shared, n: usize, sgd: Sgd, at: (usize, usize), edges: &mut [EdgeState]) {
    let (epoch, c) = at;
    let Sgd {
        a, b, epochs, seed, ..
    } = sgd;
    let alpha = 1.0 - epoch as f32 / epochs as f32;
    let now = epoch as f32;
    let clip = |v: f32| v.clamp(-CLIP, CLIP) * alpha;
    let mut g =
        Gen::new(seed ^ ((epoch as u64) << 32 | c as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15));
    for e in edges.iter_mut().filter(|e| e.next_sample <= now) {
        let (j, k) = (e.head as usize, e.tail as usize);
        let (dx, dy, d2) = xy.delta(j, k);
        if d2 > 0.0 {
            let coeff = -2.0 * a * b * d2.powf(b - 1.0) / (a * d2.powf(b) + 1.0);
            let (gx, gy) = (clip(coeff * dx), clip(coeff * dy));
            xy.add(2 * j, gx);
            xy.add(2 * j + 1, gy);
            xy.add(2 * k, -gx);
            xy.add(2 * k + 1, -gy);
        }
        e.next_sample += e.per_sample;
        let negatives = ((now - e.next_negative) / e.per_negative()).max(0.0) as usize;
        for _ in 0..negatives {
            let k = g.below(n);
            let (dx, dy, d2) = xy.delta(j, k);
            if k != j && d2 > 0.0 {
                let coeff = 2.0 * b / ((0.001 + d2) * (a * d2.powf(b) + 1.0));
                xy.add(2 * j, clip(coeff * dx));
                xy.add(2 * j + 1, clip(coeff * dy));
            }
        }
        e.next_negative += negatives as f32 * e.per_negative();
    }
}

/// Optimise the row-major n × 2 layout `xy` in place; `on_layout` receives `(epoch, xy)`
/// snapshots at most every 100 ms. The edges are freed once they are scheduled.
///
/// # Errors
/// `Cancelled`.
pub fn optimise(
    edges: Edges,
    xy: &mut [f32],
    sgd: Sgd,
    progress: &Progress,
    on_layout: &mut dyn FnMut(usize, &[f32]),
) -> Result<()> {
    let n = xy.len() / 2;
    let mut states = schedule(&edges, sgd.epochs);
    drop(edges);
    let shared = Shared(xy.iter().map(|v| AtomicU32::new(v.to_bits())).collect());
    let mut last_snapshot: Option<Instant> = None;
    for epoch in 0..sgd.epochs {
        let run = Pass {
            xy: &shared,
            n,
            sgd,
            epoch,
            progress,
        };
        if sgd.parallel {
            states
                .par_chunks_mut(CHUNK)
                .enumerate()
                .try_for_each(|(c, edges)| run.chunk(c, edges))?;
        } else {
            for (c, edges) in states.chunks_mut(CHUNK).enumerate() {
                run.chunk(c, edges)?;
            }
        }
        progress.step(Stage::Project, epoch as u64 + 1, sgd.epochs as u64)?;
        if last_snapshot.is_none_or(|t| t.elapsed() >= SNAPSHOT_EVERY) {
            last_snapshot = Some(Instant::now());
            shared.snapshot(xy);
            on_layout(epoch + 1, xy);
        }
    }
    shared.snapshot(xy);
    Ok(())
}
