//! UMAP's layout optimisation (McInnes, Healy & Melville 2018, §3.2; umap-learn's
//! `optimize_layout_euclidean`): stochastic gradient descent on the fuzzy cross-entropy
//! between the graph and the map. Each edge is sampled once every `max_weight / weight`
//! epochs; every sample pulls both ends together by the gradient of 1 / (1 + a·d^(2b)) and
//! pushes the head away from 5 random points (negative sampling); every gradient component is
//! clipped to ±4 and the learning rate falls linearly from 1 to 0.
//!
//! One thread, one seeded random stream: the same seed gives the same layout. Cancel is checked
//! every epoch and every [`CANCEL_EVERY`] edges inside one, so a press stops it within
//! milliseconds even at 100,000 points.

use std::time::{Duration, Instant};

use super::fuzzy::Edges;
use crate::error::{PipelineError, Result};
use crate::pipeline::progress::{Progress, Stage};
use crate::rng::Gen;

/// Negative samples per positive sample (umap-learn: 5).
pub const NEGATIVE_SAMPLES: f32 = 5.0;
/// Gradient components are clipped to ±this.
const CLIP: f32 = 4.0;
/// Edges processed between two checks of the cancel token.
const CANCEL_EVERY: usize = 1 << 15;
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
}

/// The edges the optimisation samples, with their schedules.
struct Schedule {
    head: Vec<u32>,
    tail: Vec<u32>,
    per_sample: Vec<f32>,
    next_sample: Vec<f32>,
    per_negative: Vec<f32>,
    next_negative: Vec<f32>,
}

impl Schedule {
    /// Drop edges too weak to be sampled once in `epochs` (as umap-learn does) and give each
    /// the epochs between its samples: max weight / weight.
    fn new(edges: &Edges, epochs: usize) -> Self {
        let max = edges.weight.iter().copied().fold(0.0_f32, f32::max);
        let floor = max / epochs.max(1) as f32;
        let mut s = Self {
            head: Vec::new(),
            tail: Vec::new(),
            per_sample: Vec::new(),
            next_sample: Vec::new(),
            per_negative: Vec::new(),
            next_negative: Vec::new(),
        };
        for ((&h, &t), &w) in edges.head.iter().zip(&edges.tail).zip(&edges.weight) {
            if w >= floor && w > 0.0 {
                let every = max / w;
                s.head.push(h);
                s.tail.push(t);
                s.per_sample.push(every);
                s.next_sample.push(every);
                s.per_negative.push(every / NEGATIVE_SAMPLES);
                s.next_negative.push(every / NEGATIVE_SAMPLES);
            }
        }
        s
    }
}

/// Squared distance between points `i` and `j` of the row-major layout.
fn dist2(xy: &[f32], i: usize, j: usize) -> (f32, f32, f32) {
    let dx = xy[2 * i] - xy[2 * j];
    let dy = xy[2 * i + 1] - xy[2 * j + 1];
    (dx, dy, dx * dx + dy * dy)
}

/// Optimise the row-major n × 2 layout `xy` in place; `on_layout` receives `(epoch, xy)`
/// snapshots at most every 100 ms.
///
/// # Errors
/// `Cancelled`.
pub fn optimise(
    edges: &Edges,
    xy: &mut [f32],
    sgd: Sgd,
    progress: &Progress,
    on_layout: &mut dyn FnMut(usize, &[f32]),
) -> Result<()> {
    let n = xy.len() / 2;
    let Sgd { a, b, epochs, seed } = sgd;
    let mut s = Schedule::new(edges, epochs);
    let mut g = Gen::new(seed);
    let mut last_snapshot: Option<Instant> = None;
    let clip = |v: f32| v.clamp(-CLIP, CLIP);
    for epoch in 0..epochs {
        let alpha = 1.0 - epoch as f32 / epochs as f32;
        let now = epoch as f32;
        for e in 0..s.head.len() {
            if e % CANCEL_EVERY == 0 && progress.cancel_token().is_cancelled() {
                return Err(PipelineError::Cancelled);
            }
            if s.next_sample[e] > now {
                continue;
            }
            let (j, k) = (s.head[e] as usize, s.tail[e] as usize);
            let (dx, dy, d2) = dist2(xy, j, k);
            let coeff = if d2 > 0.0 {
                -2.0 * a * b * d2.powf(b - 1.0) / (a * d2.powf(b) + 1.0)
            } else {
                0.0
            };
            let (gx, gy) = (clip(coeff * dx) * alpha, clip(coeff * dy) * alpha);
            xy[2 * j] += gx;
            xy[2 * j + 1] += gy;
            xy[2 * k] -= gx;
            xy[2 * k + 1] -= gy;
            s.next_sample[e] += s.per_sample[e];
            let negatives = ((now - s.next_negative[e]) / s.per_negative[e]).max(0.0) as usize;
            for _ in 0..negatives {
                let k = g.below(n);
                if k == j {
                    continue;
                }
                let (dx, dy, d2) = dist2(xy, j, k);
                if d2 > 0.0 {
                    let coeff = 2.0 * b / ((0.001 + d2) * (a * d2.powf(b) + 1.0));
                    xy[2 * j] += clip(coeff * dx) * alpha;
                    xy[2 * j + 1] += clip(coeff * dy) * alpha;
                }
            }
            s.next_negative[e] += negatives as f32 * s.per_negative[e];
        }
        progress.step(Stage::Project, epoch as u64 + 1, epochs as u64)?;
        if last_snapshot.is_none_or(|t| t.elapsed() >= SNAPSHOT_EVERY) {
            last_snapshot = Some(Instant::now());
            on_layout(epoch + 1, xy);
        }
    }
    Ok(())
}
