//! Fitting each evaluated method on the train part and producing every evaluated user's top-k
//! list (the part of `embedscope eval` that differs per method).

use std::time::Instant;

use rayon::prelude::*;

use super::evaluate::{EvalMethod, EvalParams};
use crate::data::Dataset;
use crate::embed::als;
use crate::error::{PipelineError, Result};
use crate::eval::baselines::{Popularity, random};
use crate::eval::data::EvalSet;
use crate::pipeline::progress::Progress;
use crate::recommend::top_k_excluding;
use crate::rng::Gen;

/// Weight of content in the evaluated hybrid.
const HYBRID_CONTENT_WEIGHT: f32 = 0.5;

/// The evaluated hybrid: content and ALS vectors combined with [`HYBRID_CONTENT_WEIGHT`].
fn hybrid_lists(
    data: &Dataset,
    set: &EvalSet,
    users: &[u32],
    k: usize,
    valid_als: &als::ValidAlsParams,
    progress: &Progress,
) -> Result<(Vec<Vec<u32>>, f64)> {
    let start = Instant::now();
    let content = content_item_vectors(data, set, progress)?;
    let model = als::fit(&set.train, set.items(), valid_als, progress)?;
    let f = model.factors;
    let dim = content.first().map_or(0, Vec::len);
    let flat: Vec<f32> = content.iter().flatten().copied().collect();
    let c = ndarray::Array2::from_shape_vec((set.items(), dim), flat).map_err(|e| {
        PipelineError::Numerical {
            stage: "embed",
            reason: e.to_string(),
        }
    })?;
    let a = ndarray::Array2::from_shape_vec((set.items(), f), model.item_factors.clone()).map_err(
        |e| PipelineError::Numerical {
            stage: "embed",
            reason: e.to_string(),
        },
    )?;
    let warm: Vec<bool> = set.item_popularity().iter().map(|n| *n > 0).collect();
    let w = HYBRID_CONTENT_WEIGHT;
    let items = crate::embed::hybrid::combine_items(&c, &a, &warm, w, 10);
    let fit_s = start.elapsed().as_secs_f64();
    let lists = users
        .par_iter()
        .map(|&u| {
            let mut mean = vec![0.0_f32; dim];
            for &i in &set.train[u as usize] {
                mean.iter_mut()
                    .zip(&content[i as usize])
                    .for_each(|(m, v)| *m += v);
            }
            let unit = |v: &[f32]| {
                let n = crate::index::metric::norm(v);
                v.iter()
                    .map(|x| if n > 0.0 { x / n } else { 0.0 })
                    .collect::<Vec<f32>>()
            };
            let mut user = unit(&mean)
                .into_iter()
                .map(|x| x * w.sqrt())
                .collect::<Vec<f32>>();
            user.extend(
                unit(model.user(u as usize))
                    .into_iter()
                    .map(|x| x * (1.0 - w).sqrt()),
            );
            let scores: Vec<f32> = items
                .rows()
                .into_iter()
                .map(|r| r.iter().zip(&user).map(|(a, b)| a * b).sum())
                .collect();
            top_k_excluding(&scores, &set.train[u as usize], k)
        })
        .collect();
    Ok((lists, fit_s))
}

/// item2vec trained on the train part only (each user's train items in time order).
fn item2vec_lists(
    data: &Dataset,
    set: &EvalSet,
    users: &[u32],
    k: usize,
    progress: &Progress,
) -> Result<(Vec<Vec<u32>>, f64)> {
    let start = Instant::now();
    // Time order of each train pair from the dataset (file order when there are no timestamps).
    let mut when: std::collections::HashMap<(&str, &str), (i64, usize)> =
        std::collections::HashMap::new();
    for (pos, it) in data.interactions.iter().enumerate() {
        let key = (
            data.users.ids[it.user as usize].as_str(),
            data.items.ids[it.item as usize].as_str(),
        );
        when.entry(key).or_insert((it.timestamp.unwrap_or(0), pos));
    }
    let sequences: Vec<Vec<u32>> = set
        .train
        .iter()
        .enumerate()
        .map(|(u, items)| {
            let mut seq: Vec<((i64, usize), u32)> = items
                .iter()
                .map(|&i| {
                    (
                        when.get(&(set.user_ids[u].as_str(), set.item_ids[i as usize].as_str()))
                            .copied()
                            .unwrap_or((0, 0)),
                        i,
                    )
                })
                .collect();
            seq.sort_unstable();
            seq.into_iter().map(|s| s.1).collect()
        })
        .collect();
    let model = crate::embed::item2vec::fit(
        &sequences,
        set.items(),
        &crate::embed::item2vec::Item2VecParams::default(),
        progress,
    )?;
    let fit_s = start.elapsed().as_secs_f64();
    // Skip-gram's own prediction: the user's items (input vectors, summed) against every item's
    // output vector — what co-occurs with the history, including how common it is.
    let lists = users
        .par_iter()
        .map(|&u| {
            let mut context = vec![0.0_f32; model.input.ncols()];
            for &i in &set.train[u as usize] {
                context
                    .iter_mut()
                    .zip(model.input.row(i as usize))
                    .for_each(|(m, v)| *m += v);
            }
            let scores: Vec<f32> = model
                .output
                .rows()
                .into_iter()
                .map(|o| o.iter().zip(&context).map(|(a, b)| a * b).sum())
                .collect();
            top_k_excluding(&scores, &set.train[u as usize], k)
        })
        .collect();
    Ok((lists, fit_s))
}

/// L2-normalised text vectors (TF-IDF + SVD over the whole catalogue's text, no interactions
/// used) of the evaluation items.
fn content_item_vectors(
    data: &Dataset,
    set: &EvalSet,
    progress: &Progress,
) -> Result<Vec<Vec<f32>>> {
    let emb = crate::embed::tfidf_svd::embed_dataset(
        data,
        &crate::embed::tfidf_svd::TfidfSvdParams::default(),
        progress,
    )?;
    set.item_ids
        .iter()
        .map(|id| {
            let row = data.items.find(id).ok_or_else(|| {
                PipelineError::InvalidParams(format!(
                    "item id \"{id}\" is not in the dataset's items"
                ))
            })?;
            let v = emb.items.row(row as usize).to_vec();
            let n = crate::index::metric::norm(&v);
            Ok(if n > 0.0 {
                v.iter().map(|x| x / n).collect()
            } else {
                v
            })
        })
        .collect()
}

/// Fit `method` on the train part and return every evaluated user's top-k list, with the fit time.
pub(super) fn recommend_lists(
    method: EvalMethod,
    data: &Dataset,
    set: &EvalSet,
    users: &[u32],
    params: &EvalParams,
    valid_als: &als::ValidAlsParams,
    progress: &Progress,
) -> Result<(Vec<Vec<u32>>, f64)> {
    let k = params.k;
    let start = Instant::now();
    Ok(match method {
        EvalMethod::Popularity => {
            let pop = Popularity::fit(set);
            let fit_s = start.elapsed().as_secs_f64();
            (
                users
                    .iter()
                    .map(|&u| pop.recommend(&set.train[u as usize], k))
                    .collect::<Vec<_>>(),
                fit_s,
            )
        }
        EvalMethod::Random => {
            let mut g = Gen::new(params.seed);
            (
                users
                    .iter()
                    .map(|&u| random(set.items(), &set.train[u as usize], k, &mut g))
                    .collect(),
                0.0,
            )
        }
        EvalMethod::Als => {
            let model = als::fit(&set.train, set.items(), valid_als, progress)?;
            let fit_s = start.elapsed().as_secs_f64();
            let lists = users
                .par_iter()
                .map_init(
                    || vec![0.0_f32; set.items()],
                    |scores, &u| {
                        model.scores(u as usize, scores);
                        top_k_excluding(scores, &set.train[u as usize], k)
                    },
                )
                .collect();
            (lists, fit_s)
        }
        EvalMethod::Hybrid => hybrid_lists(data, set, users, k, valid_als, progress)?,
        EvalMethod::Item2Vec => item2vec_lists(data, set, users, k, progress)?,
        EvalMethod::Content => {
            let vectors = content_item_vectors(data, set, progress)?;
            let fit_s = start.elapsed().as_secs_f64();
            let lists = users
                .par_iter()
                .map(|&u| {
                    let dim = vectors.first().map_or(0, Vec::len);
                    let mut mean = vec![0.0_f32; dim];
                    for &i in &set.train[u as usize] {
                        mean.iter_mut()
                            .zip(&vectors[i as usize])
                            .for_each(|(m, v)| *m += v);
                    }
                    let scores: Vec<f32> = vectors
                        .iter()
                        .map(|v| crate::index::metric::dot(&mean, v))
                        .collect();
                    top_k_excluding(&scores, &set.train[u as usize], k)
                })
                .collect();
            (lists, fit_s)
        }
    })
}
