//! item2vec (Barkan & Koenigstein, 2016): word2vec's skip-gram with negative sampling
//! (Mikolov et al., 2013) where a user's history is a *set*: every other item of the history is
//! a context of an item, not only its neighbours in time. Items used by the same people get
//! similar vectors — the "lightweight" collaborative model.
//!
//! Training (the choices of word2vec / gensim `Word2Vec(sg=1)`, which is the reference this is
//! benchmarked against, see `bench/item2vec_vs_gensim.sh`):
//! - every pair (item, other item of the same history) is a positive pair; histories longer than
//!   `max_context + 1` give each item `max_context` contexts drawn uniformly from the rest of the
//!   history (so the cost stays O(tokens · `max_context`) on very long histories);
//! - `negatives` noise items per positive, drawn from the item frequencies to the power 0.75
//!   (Walker's alias table: exact, O(1) a draw);
//! - frequent items are subsampled per epoch with word2vec's rule: an item of frequency f is kept
//!   with probability `(√(f/s) + 1)·s/f`, where `s` = `subsample` (0 = keep all) but at least
//!   [`SUBSAMPLE_FLOOR`] × the mean item frequency: word2vec's 1e-3 is 100–1000× the mean
//!   frequency of its vocabularies, while on a catalogue of 150 items it would thin every item
//!   (on the cafés sample Recall@10 fell from 0.26 to 0.14 with it);
//! - the learning rate decays linearly from `learning_rate` to 0.01 % of it over all epochs; the
//!   default 0.1 (word2vec's skip-gram uses 0.025) converges in fewer passes on catalogues:
//!   Recall@10 on the cafés sample 0.26 → 0.31, on the MovieLens-sized log 0.165 → 0.170;
//! - input vectors start uniform in ±0.5/dims, output vectors at zero;
//! - `epochs` = 0 picks the number of passes from the data (see [`auto_epochs`]): small data
//!   needs many passes, a MovieLens-100k-sized log ~10.
//!
//! Single-threaded and seeded: a run is reproducible bit for bit. It reaches gensim's recall
//! (skip-gram, negative 5, whole-history window, 2 worker threads) in less time on both splits
//! of `bench/item2vec_vs_gensim.sh`: Recall@10 0.176 vs 0.153 on a MovieLens-100k-sized log
//! (fit 16.9 s vs 88.3 s), 0.098 vs 0.093 on the streaming sample (50.6 s vs 240.9 s; both
//! measured on a busy 2-core machine, load ≈ 5), so Hogwild-style parallel SGD — which would
//! not be reproducible — is not needed.
//!
//! Items with no interaction get a zero vector (no data, no direction). Users are the mean of
//! their items' unit vectors, and items are returned as unit vectors: word2vec's similarity is
//! the cosine, and the raw norm mostly tracks how often an item was updated.
//!
//! Written here: the Rust word2vec crates (`word2vec`, `finalfusion`) read pre-trained vectors
//! but do not train; the training loop is short.

use ndarray::Array2;

use super::{Embeddings, Method};
use crate::data::Dataset;
use crate::error::{ComputeError, Result};
use crate::progress::{Progress, Stage};
use crate::rng::Gen;
use sampling::{Alias, Fast};

mod sampling;

/// Parameters.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Item2VecParams {
    /// Vector dimension.
    pub dims: usize,
    /// Contexts per item at most (drawn from the whole history when it is longer); 0 = all.
    pub max_context: usize,
    /// Negative samples per positive pair.
    pub negatives: usize,
    /// Passes over the histories; 0 = chosen from the data ([`auto_epochs`]).
    pub epochs: usize,
    /// Initial learning rate.
    pub learning_rate: f32,
    /// Subsampling threshold of frequent items (word2vec's `sample`); 0 = none.
    pub subsample: f64,
    /// Seed.
    pub seed: u64,
}

impl Default for Item2VecParams {
    fn default() -> Self {
        Self {
            dims: 32,
            max_context: 200,
            negatives: 5,
            epochs: 0,
            learning_rate: 0.1,
            subsample: 1e-3,
            seed: 0,
        }
    }
}

impl Item2VecParams {
    fn validate(&self) -> Result<()> {
        if self.dims == 0 || self.negatives == 0 {
            return Err(ComputeError::InvalidParams(
                "item2vec dims and negatives must be at least 1".to_owned(),
            ));
        }
        if !(self.learning_rate.is_finite() && self.learning_rate > 0.0) {
            return Err(ComputeError::InvalidParams(format!(
                "item2vec learning rate must be > 0, got {}",
                self.learning_rate
            )));
        }
        if !(self.subsample.is_finite() && self.subsample >= 0.0) {
            return Err(ComputeError::InvalidParams(format!(
                "item2vec subsample must be ≥ 0, got {}",
                self.subsample
            )));
        }
        Ok(())
    }
}

/// The subsampling threshold is at least this many times the mean item frequency.
pub const SUBSAMPLE_FLOOR: f64 = 10.0;

/// Positive pairs wanted per catalogue item over the whole training when `epochs` = 0.
///
/// Calibrated on a MovieLens-100k-sized synthetic log (`peers.py gen`, 943 users × 1682 items,
/// ~85 train items a user): ~37,000 pairs an item (10 epochs) gave the best Recall@10; 5 epochs
/// fell 0.02 short, 20 epochs 0.01.
const AUTO_PAIRS_PER_ITEM: f64 = 37_000.0;
/// Bounds of the automatic number of epochs.
const AUTO_EPOCHS: (usize, usize) = (5, 100);

/// The number of passes when `epochs` = 0: enough for ~[`AUTO_PAIRS_PER_ITEM`] positive pairs per
/// item that has interactions, within [`AUTO_EPOCHS`].
#[must_use]
pub fn auto_epochs(pairs_per_epoch: f64, items_with_data: usize) -> usize {
    if pairs_per_epoch <= 0.0 {
        return AUTO_EPOCHS.0;
    }
    let want = (AUTO_PAIRS_PER_ITEM * items_with_data as f64 / pairs_per_epoch).ceil();
    (want as usize).clamp(AUTO_EPOCHS.0, AUTO_EPOCHS.1)
}

fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + (-x.clamp(-30.0, 30.0)).exp())
}

/// The probability of keeping each item in a pass (word2vec's subsampling rule, with the
/// threshold floored at [`SUBSAMPLE_FLOOR`] × the mean item frequency); all 1 when `subsample` = 0.
fn keep_probabilities(counts: &[f64], subsample: f64) -> Vec<f64> {
    let total: f64 = counts.iter().sum();
    let items_with_data = counts.iter().filter(|c| **c > 0.0).count();
    let threshold = if subsample > 0.0 {
        subsample.max(SUBSAMPLE_FLOOR / items_with_data.max(1) as f64)
    } else {
        0.0
    };
    let t = threshold * total;
    counts
        .iter()
        .map(|&c| {
            if t > 0.0 && c > 0.0 {
                (((c / t).sqrt() + 1.0) * t / c).min(1.0)
            } else {
                1.0
            }
        })
        .collect()
}

/// Contexts of each item in a kept history of `m` items.
fn contexts_of(m: usize, max_context: usize) -> usize {
    let others = m.saturating_sub(1);
    if max_context == 0 {
        others
    } else {
        others.min(max_context)
    }
}

/// Expected positive pairs a pass (subsampling thins each history by its mean keep rate).
fn pairs_per_epoch(sequences: &[Vec<u32>], keep: &[f64], max_context: usize) -> f64 {
    sequences
        .iter()
        .map(|s| {
            let kept: f64 = s.iter().map(|&i| keep[i as usize]).sum();
            kept * contexts_of(kept.round() as usize, max_context) as f64
        })
        .sum()
}

/// Input ("item") and output ("context") vectors of a trained model, each n_items × dims.
#[derive(Debug, Clone, PartialEq)]
pub struct Item2VecModel {
    /// Input vectors: the item embeddings (zero rows for items without interactions).
    pub input: Array2<f32>,
    /// Output vectors: what an item predicts around it.
    pub output: Array2<f32>,
    /// Passes actually made (the automatic choice when `epochs` = 0).
    pub epochs: usize,
}

/// One SGNS step: `context`'s input vector predicts `center` against `negatives` noise items.
struct Step<'a> {
    d: usize,
    negatives: usize,
    noise: &'a Alias,
    grad: Vec<f32>,
}

impl Step<'_> {
    fn pair(
        &mut self,
        input: &mut [f32],
        output: &mut [f32],
        center: usize,
        context: usize,
        lr: f32,
        r: &mut Fast,
    ) {
        let d = self.d;
        let ci = context * d;
        self.grad.fill(0.0);
        for n in 0..=self.negatives {
            let (target, label) = if n == 0 {
                (center, 1.0)
            } else {
                let t = self.noise.draw(r) as usize;
                if t == center {
                    continue;
                }
                (t, 0.0)
            };
            let ti = target * d;
            let (inp, out) = (&input[ci..ci + d], &mut output[ti..ti + d]);
            let g = (label - sigmoid(super::als::dot(inp, out))) * lr;
            for ((gk, ok), ik) in self.grad.iter_mut().zip(out.iter_mut()).zip(inp) {
                *gk += g * *ok;
                *ok += g * ik;
            }
        }
        for (x, g) in input[ci..ci + d].iter_mut().zip(&self.grad) {
            *x += g;
        }
    }
}

/// Train on item histories (each a user's items; order does not matter: the history is a set).
///
/// # Errors
/// Invalid parameters, no history of two items or more, `Cancelled`.
pub fn fit(
    sequences: &[Vec<u32>],
    n_items: usize,
    params: &Item2VecParams,
    progress: &Progress,
) -> Result<Item2VecModel> {
    params.validate()?;
    if sequences.iter().all(|s| s.len() < 2) {
        return Err(ComputeError::InvalidParams(
            "item2vec needs users with at least two interactions (histories to learn from)"
                .to_owned(),
        ));
    }
    let d = params.dims;
    let mut counts = vec![0.0_f64; n_items];
    for &i in sequences.iter().flatten() {
        if let Some(c) = counts.get_mut(i as usize) {
            *c += 1.0;
        } else {
            return Err(ComputeError::InvalidParams(format!(
                "item2vec: item row {i} is outside the catalogue of {n_items} items"
            )));
        }
    }
    let total: f64 = counts.iter().sum();
    let items_with_data = counts.iter().filter(|c| **c > 0.0).count();
    let keep = keep_probabilities(&counts, params.subsample);
    let contexts = |m: usize| contexts_of(m, params.max_context);
    let epochs = if params.epochs == 0 {
        auto_epochs(
            pairs_per_epoch(sequences, &keep, params.max_context),
            items_with_data,
        )
    } else {
        params.epochs
    };
    let mut g = Gen::new(params.seed);
    let mut input: Vec<f32> = (0..n_items * d)
        .map(|_| ((g.u01() - 0.5) / d as f64) as f32)
        .collect();
    let mut output = vec![0.0_f32; n_items * d];
    let noise = Alias::new(&counts.iter().map(|c| c.powf(0.75)).collect::<Vec<_>>());
    let mut r = Fast(g.below(usize::MAX) as u64);
    let mut step = Step {
        d,
        negatives: params.negatives,
        noise: &noise,
        grad: vec![0.0; d],
    };
    let total_tokens = (epochs as f64 * total).max(1.0);
    let mut tokens_done = 0.0_f64;
    let mut kept: Vec<u32> = Vec::new();
    let mut order: Vec<usize> = (0..sequences.len()).collect();
    let total_steps = (epochs * sequences.len()) as u64;
    for epoch in 0..epochs {
        g.shuffle(&mut order);
        for (done, &si) in order.iter().enumerate() {
            if done % 64 == 0 {
                progress.step(
                    Stage::Embed,
                    (epoch * sequences.len() + done) as u64,
                    total_steps,
                )?;
            }
            let s = &sequences[si];
            let lr = params.learning_rate * (1.0 - tokens_done / total_tokens).max(1e-4) as f32;
            tokens_done += s.len() as f64;
            kept.clear();
            kept.extend(
                s.iter()
                    .copied()
                    .filter(|&i| keep[i as usize] >= 1.0 || r.u01() < keep[i as usize]),
            );
            let m = kept.len();
            let nc = contexts(m);
            for (p, &center) in kept.iter().enumerate() {
                let center = center as usize;
                for c in 0..nc {
                    // All the others in turn, or `nc` of them drawn uniformly.
                    let q = if nc == m - 1 { c } else { r.below(m - 1) };
                    let context = kept[if q >= p { q + 1 } else { q }] as usize;
                    if context != center {
                        step.pair(&mut input, &mut output, center, context, lr, &mut r);
                    }
                }
            }
        }
    }
    progress.step(Stage::Embed, total_steps, total_steps)?;
    // No interaction, no vector: the random start would be a direction with nothing behind it.
    for (i, c) in counts.iter().enumerate() {
        if *c == 0.0 {
            input[i * d..(i + 1) * d].fill(0.0);
        }
    }
    let shape = |v: Vec<f32>| {
        Array2::from_shape_vec((n_items, d), v).map_err(|e| ComputeError::Numerical {
            stage: "embed",
            reason: e.to_string(),
        })
    };
    Ok(Item2VecModel {
        input: shape(input)?,
        output: shape(output)?,
        epochs,
    })
}

/// Rows of `m` scaled to unit length (zero rows stay zero).
#[must_use]
pub fn unit_rows(m: &Array2<f32>) -> Array2<f32> {
    let mut out = m.clone();
    for mut row in out.rows_mut() {
        let n = crate::index::metric::norm(row.as_slice().unwrap_or(&[]));
        if n > 0.0 {
            row /= n;
        }
    }
    out
}

/// The mean of rows `rows` of `m` (zero rows included; zeros when `rows` is empty).
#[must_use]
pub fn mean_of_rows(m: &Array2<f32>, rows: &[u32]) -> Vec<f32> {
    let mut sum = vec![0.0_f32; m.ncols()];
    for &r in rows {
        sum.iter_mut()
            .zip(m.row(r as usize))
            .for_each(|(s, v)| *s += v);
    }
    if !rows.is_empty() {
        for s in &mut sum {
            *s /= rows.len() as f32;
        }
    }
    sum
}

/// Each user's items ordered by time (ties by file order), from a dataset.
#[must_use]
pub fn sequences(data: &Dataset) -> Vec<Vec<u32>> {
    let mut per_user: Vec<Vec<(i64, usize, u32)>> = vec![Vec::new(); data.users.len()];
    for (pos, it) in data.interactions.iter().enumerate() {
        per_user[it.user as usize].push((it.timestamp.unwrap_or(0), pos, it.item));
    }
    per_user
        .into_iter()
        .map(|mut v| {
            v.sort_unstable();
            v.into_iter().map(|e| e.2).collect()
        })
        .collect()
}

/// item2vec vectors for a dataset: items as unit vectors (zero without interactions), users as
/// the mean of their items' unit vectors (the scoring of `embedscope eval` and of gensim's peer).
///
/// # Errors
/// See [`fit`].
pub fn embed_dataset(
    data: &Dataset,
    params: &Item2VecParams,
    progress: &Progress,
) -> Result<Embeddings> {
    let seqs = sequences(data);
    let items = unit_rows(&fit(&seqs, data.items.len(), params, progress)?.input);
    let mut users = Array2::<f32>::zeros((data.users.len(), params.dims));
    for (mut row, s) in users.rows_mut().into_iter().zip(&seqs) {
        row.iter_mut()
            .zip(mean_of_rows(&items, s))
            .for_each(|(o, x)| *o = x);
    }
    Ok(Embeddings {
        method: Method::Item2Vec,
        items: items.into(),
        users,
        user_placed: seqs.iter().map(|s| !s.is_empty()).collect(),
        dim_names: (1..=params.dims).map(|i| format!("e{i}")).collect(),
        raw_units: Vec::new(),
        text_model: None,
    })
}

#[cfg(test)]
mod tests;
