//! Fitting each evaluated method on the train part and producing every evaluated user's top-k
//! list (the part of `embedscope eval` that differs per method).

use std::time::Instant;

use ndarray::Array2;
use rayon::prelude::*;

use super::evaluate::{EvalMethod, EvalParams};
use crate::data::Dataset;
use crate::embed::als;
use crate::embed::text_model::TextModelParams;
use crate::eval::baselines::{Popularity, random};
use crate::eval::data::EvalSet;
use crate::pipeline::error::{PipelineError, Result};
use crate::pipeline::progress::Progress;
use crate::recommend::top_k_excluding;
use crate::rng::Gen;

/// Weight of content in the evaluated hybrid.
const HYBRID_CONTENT_WEIGHT: f32 = 0.5;

/// The evaluated hybrid: content (TF-IDF, or the text model when given) and ALS vectors
/// combined with [`HYBRID_CONTENT_WEIGHT`].
fn hybrid_lists(
    data: &Dataset,
    set: &EvalSet,
    users: &[u32],
    k: usize,
    valid_als: &als::ValidAlsParams,
    text_model: Option<&TextModelParams>,
    progress: &Progress,
) -> Result<(Vec<Vec<u32>>, f64)> {
    let start = Instant::now();
    let content = content_item_vectors(data, set, text_model, progress)?;
    let model = als::fit(&set.train, set.items(), valid_als, progress)?;
    let a = Array2::from_shape_vec((set.items(), model.factors), model.item_factors.clone())
        .map_err(|e| PipelineError::Numerical {
            stage: "embed",
            reason: e.to_string(),
        })?;
    let warm: Vec<bool> = set.item_popularity().iter().map(|n| *n > 0).collect();
    let w = HYBRID_CONTENT_WEIGHT;
    let items = crate::embed::hybrid::combine_items(&content, &a, &warm, w, 10);
    let fit_s = start.elapsed().as_secs_f64();
    let lists = users
        .par_iter()
        .map(|&u| {
            let train = &set.train[u as usize];
            let mut user: Vec<f32> = unit(&sum_rows(&content, train))
                .into_iter()
                .map(|x| x * w.sqrt())
                .collect();
            user.extend(
                unit(model.user(u as usize))
                    .into_iter()
                    .map(|x| x * (1.0 - w).sqrt()),
            );
            top_k_by_dot(&items, &user, train, k)
        })
        .collect();
    Ok((lists, fit_s))
}

/// The sum of rows `rows` of `m`.
fn sum_rows(m: &Array2<f32>, rows: &[u32]) -> Vec<f32> {
    let mut sum = vec![0.0_f32; m.ncols()];
    for &r in rows {
        sum.iter_mut()
            .zip(m.row(r as usize))
            .for_each(|(s, v)| *s += v);
    }
    sum
}

/// `v / ‖v‖` (zeros stay zeros).
fn unit(v: &[f32]) -> Vec<f32> {
    let n = crate::index::metric::norm(v);
    v.iter()
        .map(|x| if n > 0.0 { x / n } else { 0.0 })
        .collect()
}

/// The `k` rows of `m` with the largest dot product with `user`, rows in `exclude` left out.
fn top_k_by_dot(m: &Array2<f32>, user: &[f32], exclude: &[u32], k: usize) -> Vec<u32> {
    let scores = m.dot(&ndarray::ArrayView1::from(user)).to_vec();
    top_k_excluding(&scores, exclude, k)
}

/// item2vec trained on the train part only (each user's train items in time order).
fn item2vec_lists(
    data: &Dataset,
    set: &EvalSet,
    users: &[u32],
    k: usize,
    i2v: &crate::embed::item2vec::Item2VecParams,
    progress: &Progress,
) -> Result<(Vec<Vec<u32>>, f64)> {
    let start = Instant::now();
    // Time order of each train pair from the dataset (file order when there are no timestamps).
    let mut when: std::collections::HashMap<(&str, &str), (i64, usize)> =
        std::collections::HashMap::new();
    for (pos, it) in data.interactions.iter().enumerate() {
        let key = (
            &data.users.ids[it.user as usize],
            &data.items.ids[it.item as usize],
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
    let model = crate::embed::item2vec::fit(&sequences, set.items(), i2v, progress)?;
    let fit_s = start.elapsed().as_secs_f64();
    // item2vec's similarity: a user = the mean of their items' unit vectors, items ranked by
    // cosine (as gensim's peer, `bench/item2vec_vs_gensim.sh`); items without train data have
    // no direction and go last.
    let items = crate::embed::item2vec::unit_rows(&model.input);
    let no_data: Vec<bool> = set.item_popularity().iter().map(|n| *n == 0).collect();
    let lists = users
        .par_iter()
        .map(|&u| {
            let train = &set.train[u as usize];
            let user = crate::embed::item2vec::mean_of_rows(&items, train);
            let mut scores = items.dot(&ndarray::ArrayView1::from(&user[..])).to_vec();
            for (s, empty) in scores.iter_mut().zip(&no_data) {
                if *empty {
                    *s = f32::NEG_INFINITY;
                }
            }
            top_k_excluding(&scores, train, k)
        })
        .collect();
    Ok((lists, fit_s))
}

/// L2-normalised text vectors of the evaluation items: TF-IDF + SVD over the whole
/// catalogue's text, or the text model's when one is given (no interactions used either way).
fn content_item_vectors(
    data: &Dataset,
    set: &EvalSet,
    text_model: Option<&TextModelParams>,
    progress: &Progress,
) -> Result<Array2<f32>> {
    let emb = match text_model {
        Some(tm) => crate::embed::text_model::embed_dataset(data, tm, progress)?,
        None => crate::embed::tfidf_svd::embed_dataset(
            data,
            &crate::embed::tfidf_svd::TfidfSvdParams::default(),
            progress,
        )?,
    };
    let mut out = Array2::zeros((set.items(), emb.items.ncols()));
    for (id, mut row) in set.item_ids.iter().zip(out.rows_mut()) {
        let r = data.items.find(id).ok_or_else(|| {
            PipelineError::InvalidParams(format!("item id \"{id}\" is not in the dataset's items"))
        })?;
        let v = unit(&emb.items.row(r as usize).to_vec());
        row.iter_mut().zip(v).for_each(|(o, x)| *o = x);
    }
    Ok(out)
}

/// The text model of the evaluation, or an error saying the method needs one.
fn needs_model(params: &EvalParams) -> Result<&TextModelParams> {
    params.text_model.as_ref().ok_or_else(|| {
        PipelineError::InvalidParams(
            "the text model needs a model folder (CLI: --model DIR)".to_owned(),
        )
    })
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
        EvalMethod::Hybrid => hybrid_lists(data, set, users, k, valid_als, None, progress)?,
        EvalMethod::HybridTextModel => hybrid_lists(
            data,
            set,
            users,
            k,
            valid_als,
            Some(needs_model(params)?),
            progress,
        )?,
        EvalMethod::Item2Vec => item2vec_lists(data, set, users, k, &params.item2vec, progress)?,
        // Scored by `eval_imported` (it reports more than lists); here only for completeness.
        EvalMethod::Imported => {
            let r = super::eval_imported::imported_lists(
                data,
                params.vectors.as_deref(),
                set,
                users,
                k,
            )?;
            (r.lists, r.fit_s)
        }
        EvalMethod::Content | EvalMethod::TextModel => {
            let tm = match method {
                EvalMethod::TextModel => Some(needs_model(params)?),
                _ => None,
            };
            let vectors = content_item_vectors(data, set, tm, progress)?;
            let fit_s = start.elapsed().as_secs_f64();
            let lists = users
                .par_iter()
                .map(|&u| {
                    let train = &set.train[u as usize];
                    top_k_by_dot(&vectors, &sum_rows(&vectors, train), train, k)
                })
                .collect();
            (lists, fit_s)
        }
    })
}
