//! item2vec (Barkan & Koenigstein, 2016): word2vec's skip-gram with negative sampling
//! (Mikolov et al., 2013) applied to each user's time-ordered interactions, so items used in
//! the same sessions get similar vectors — the "lightweight" collaborative model.
//!
//! Standard choices: a window of ±`window` items, `negatives` noise items per positive drawn
//! from the unigram distribution to the power 0.75, a learning rate decaying linearly to zero,
//! input vectors initialised uniformly in ±0.5/dim and output vectors at zero. Training is
//! single-threaded and seeded, so a run is reproducible (Hogwild-style parallel SGD would not
//! be). Users are the rating-weighted mean of their items' vectors.
//!
//! Written here: the Rust word2vec crates (`word2vec`, `finalfusion`) read pre-trained vectors
//! but do not train; the training loop is short.

use ndarray::Array2;

use super::{Embeddings, Method};
use crate::data::Dataset;
use crate::error::{PipelineError, Result};
use crate::pipeline::progress::{Progress, Stage};
use crate::rng::Gen;

/// Parameters.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Item2VecParams {
    /// Vector dimension.
    pub dims: usize,
    /// Context window on each side.
    pub window: usize,
    /// Negative samples per positive pair.
    pub negatives: usize,
    /// Passes over the sequences.
    pub epochs: usize,
    /// Initial learning rate.
    pub learning_rate: f32,
    /// Seed.
    pub seed: u64,
}

impl Default for Item2VecParams {
    fn default() -> Self {
        Self {
            dims: 32,
            window: 5,
            negatives: 5,
            epochs: 5,
            learning_rate: 0.025,
            seed: 0,
        }
    }
}

impl Item2VecParams {
    fn validate(&self) -> Result<()> {
        if self.dims == 0 || self.window == 0 || self.epochs == 0 || self.negatives == 0 {
            return Err(PipelineError::InvalidParams(
                "item2vec dims, window, negatives and epochs must be at least 1".to_owned(),
            ));
        }
        if !(self.learning_rate.is_finite() && self.learning_rate > 0.0) {
            return Err(PipelineError::InvalidParams(format!(
                "item2vec learning rate must be > 0, got {}",
                self.learning_rate
            )));
        }
        Ok(())
    }
}

fn sigmoid(x: f32) -> f32 {
    1.0 / (1.0 + (-x.clamp(-30.0, 30.0)).exp())
}

/// Input ("item") and output ("context") vectors of a trained model, each n_items × dims.
#[derive(Debug, Clone, PartialEq)]
pub struct Item2VecModel {
    /// Input vectors: the item embeddings shown on the map.
    pub input: Array2<f32>,
    /// Output vectors: what a set of input vectors predicts next to it (used for scoring).
    pub output: Array2<f32>,
}

/// Train on item sequences.
///
/// # Errors
/// Invalid parameters, no pair to learn from, `Cancelled`.
pub fn fit(
    sequences: &[Vec<u32>],
    n_items: usize,
    params: &Item2VecParams,
    progress: &Progress,
) -> Result<Item2VecModel> {
    params.validate()?;
    let d = params.dims;
    let total_tokens: usize = sequences.iter().map(Vec::len).sum();
    if sequences.iter().all(|s| s.len() < 2) {
        return Err(PipelineError::InvalidParams(
            "item2vec needs users with at least two interactions (sequences to learn from)"
                .to_owned(),
        ));
    }
    let mut g = Gen::new(params.seed);
    let mut input: Vec<f32> = (0..n_items * d)
        .map(|_| ((g.u01() - 0.5) / d as f64) as f32)
        .collect();
    let mut output = vec![0.0_f32; n_items * d];
    // Noise distribution: unigram^0.75 as a cumulative table.
    let mut counts = vec![0.0_f64; n_items];
    for s in sequences {
        for &i in s {
            counts[i as usize] += 1.0;
        }
    }
    let mut cumulative = Vec::with_capacity(n_items);
    let mut acc = 0.0;
    for c in &counts {
        acc += c.powf(0.75);
        cumulative.push(acc);
    }
    let draw = |g: &mut Gen| -> u32 {
        let x = g.u01() * acc;
        cumulative.partition_point(|&c| c <= x).min(n_items - 1) as u32
    };
    let steps = (params.epochs * total_tokens).max(1) as f32;
    let mut seen_tokens = 0usize;
    let mut grad = vec![0.0_f32; d];
    for epoch in 0..params.epochs {
        progress.step(Stage::Embed, epoch as u64, params.epochs as u64)?;
        for s in sequences {
            for (pos, &center) in s.iter().enumerate() {
                seen_tokens += 1;
                let lr = params.learning_rate * (1.0 - seen_tokens as f32 / steps).max(1e-4);
                let lo = pos.saturating_sub(params.window);
                let hi = (pos + params.window + 1).min(s.len());
                for (cpos, &context) in s.iter().enumerate().take(hi).skip(lo) {
                    if cpos == pos || context == center {
                        continue;
                    }
                    let ci = center as usize * d;
                    grad.fill(0.0);
                    for n in 0..=params.negatives {
                        let (target, label) = if n == 0 {
                            (context, 1.0)
                        } else {
                            (draw(&mut g), 0.0)
                        };
                        if n > 0 && target == context {
                            continue;
                        }
                        let ti = target as usize * d;
                        let dot = super::als::dot(&input[ci..ci + d], &output[ti..ti + d]);
                        let step = (label - sigmoid(dot)) * lr;
                        let (inp, out) = (&input[ci..ci + d], &mut output[ti..ti + d]);
                        for ((gk, ok), ik) in grad.iter_mut().zip(out.iter_mut()).zip(inp) {
                            *gk += step * *ok;
                            *ok += step * ik;
                        }
                    }
                    for k in 0..d {
                        input[ci + k] += grad[k];
                    }
                }
            }
        }
    }
    progress.step(Stage::Embed, params.epochs as u64, params.epochs as u64)?;
    let shape = |v: Vec<f32>| {
        Array2::from_shape_vec((n_items, d), v).map_err(|e| PipelineError::Numerical {
            stage: "embed",
            reason: e.to_string(),
        })
    };
    Ok(Item2VecModel {
        input: shape(input)?,
        output: shape(output)?,
    })
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

/// item2vec vectors for a dataset; users = rating-weighted mean of their items.
///
/// # Errors
/// See [`fit`].
pub fn embed_dataset(
    data: &Dataset,
    params: &Item2VecParams,
    progress: &Progress,
) -> Result<Embeddings> {
    let items = fit(&sequences(data), data.items.len(), params, progress)?.input;
    let (users, user_placed) = super::features::user_means(data, &items);
    Ok(Embeddings {
        method: Method::Item2Vec,
        items: items.into(),
        users: users.mapv(|x| x as f32),
        user_placed,
        dim_names: (1..=params.dims).map(|i| format!("e{i}")).collect(),
        raw_units: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::metric::cosine;

    #[test]
    fn items_that_share_sessions_end_up_close() {
        // Two "tastes": sessions mix items 0–4 or items 5–9, never both.
        let mut g = Gen::new(5);
        let seqs: Vec<Vec<u32>> = (0..200)
            .map(|s| {
                let base = if s % 2 == 0 { 0 } else { 5 };
                (0..8).map(|_| base + g.below(5) as u32).collect()
            })
            .collect();
        let p = Item2VecParams {
            dims: 8,
            epochs: 3,
            ..Item2VecParams::default()
        };
        let v = fit(&seqs, 10, &p, &Progress::silent()).unwrap().input;
        let cos = |a: usize, b: usize| cosine(&v.row(a).to_vec(), &v.row(b).to_vec()).unwrap();
        let within = (cos(0, 1) + cos(2, 3) + cos(5, 6) + cos(7, 8)) / 4.0;
        let across = (cos(0, 5) + cos(1, 6) + cos(2, 7) + cos(3, 8)) / 4.0;
        assert!(within > across + 0.3, "within {within} across {across}");
    }

    #[test]
    fn bad_params_and_no_sequences() {
        let p = Item2VecParams {
            dims: 0,
            ..Item2VecParams::default()
        };
        assert!(fit(&[vec![0, 1]], 2, &p, &Progress::silent()).is_err());
        assert!(
            fit(
                &[vec![0], vec![1]],
                2,
                &Item2VecParams::default(),
                &Progress::silent()
            )
            .is_err()
        );
    }
}
