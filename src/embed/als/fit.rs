//! The fitting loop of ALS (see [`super`] for the method): the seeded start, the alternating
//! half-iterations in the order of the chosen convention, and the dataset entry point.

use super::exact::solve_rows_exact;
use super::kernels::solve_rows;
use super::{AlsModel, RegularizationScale, ValidAlsParams};
use crate::error::{ComputeError, Result};
use crate::progress::{Progress, Stage};
use crate::rng::Gen;

/// Fit on per-user sorted distinct item lists over `n_items` items.
///
/// # Errors
/// Cancelled through `progress`.
pub fn fit(
    user_items: &[Vec<u32>],
    n_items: usize,
    params: &ValidAlsParams,
    progress: &Progress,
) -> Result<AlsModel> {
    let p = &params.0;
    let f = p.factors;
    let mut g = Gen::new(p.seed);
    let spark = p.regularization_scale == RegularizationScale::Spark;
    let mut init = |n: usize| -> Vec<f32> {
        if spark {
            // Spark's start: Gaussian rows scaled to unit length.
            let mut v: Vec<f32> = (0..n * f).map(|_| g.normal() as f32).collect();
            for row in v.chunks_exact_mut(f) {
                let norm = row.iter().map(|a| a * a).sum::<f32>().sqrt();
                if norm > 0.0 {
                    for a in row.iter_mut() {
                        *a /= norm;
                    }
                }
            }
            v
        } else {
            (0..n * f).map(|_| (g.u01() * 0.01) as f32).collect()
        }
    };
    let start = AlsModel {
        factors: f,
        user_factors: init(user_items.len()),
        item_factors: init(n_items),
    };
    fit_from(user_items, n_items, params, start, progress)
}

/// [`fit`] from the given starting factors instead of the seeded draw (`params.seed` is not
/// used): e.g. the start of a Spark run, read from a model Spark saved with `maxIter=0`, to
/// set the two implementations side by side on the same start.
///
/// # Errors
/// The start's shape is not users × factors and `n_items` × factors; cancelled through
/// `progress`.
pub fn fit_from(
    user_items: &[Vec<u32>],
    n_items: usize,
    params: &ValidAlsParams,
    start: AlsModel,
    progress: &Progress,
) -> Result<AlsModel> {
    let p = &params.0;
    let f = p.factors;
    if start.factors != f
        || start.user_factors.len() != user_items.len() * f
        || start.item_factors.len() != n_items * f
    {
        return Err(ComputeError::InvalidParams(format!(
            "ALS starting factors must be {} users and {n_items} items × {f} factors, got {} and {} values of {} factors",
            user_items.len(),
            start.user_factors.len(),
            start.item_factors.len(),
            start.factors
        )));
    }
    let mut item_users: Vec<Vec<u32>> = vec![Vec::new(); n_items];
    for (u, items) in user_items.iter().enumerate() {
        for &i in items {
            item_users[i as usize].push(u as u32);
        }
    }
    let spark = p.regularization_scale == RegularizationScale::Spark;
    let (mut x, mut y) = (start.user_factors, start.item_factors);
    let confidence = 1.0 + p.alpha;
    let total = p.iterations as u64;
    for it in 0..p.iterations {
        progress.step(Stage::Embed, it as u64, total)?;
        if spark {
            // Spark's order (`ALS.train`, implicit): items from the users, then users from the
            // items, each row solved exactly.
            solve_rows_exact(&mut y, &x, &item_users, f, p.regularization, confidence);
            solve_rows_exact(&mut x, &y, user_items, f, p.regularization, confidence);
        } else {
            solve_rows(
                &mut x,
                &y,
                user_items,
                f,
                p.regularization,
                confidence,
                p.cg_steps,
            );
            solve_rows(
                &mut y,
                &x,
                &item_users,
                f,
                p.regularization,
                confidence,
                p.cg_steps,
            );
        }
    }
    progress.step(Stage::Embed, total, total)?;
    Ok(AlsModel {
        factors: f,
        user_factors: x,
        item_factors: y,
    })
}

/// Users and items of a dataset in one latent space. Every distinct (user, item) interaction
/// counts once (ratings are not used as preferences); users without interactions are not placed.
///
/// # Errors
/// The dataset has no interactions (collaborative filtering has nothing to learn from), or
/// `Cancelled`.
pub fn embed_dataset(
    data: &crate::data::Dataset,
    params: &ValidAlsParams,
    progress: &Progress,
) -> Result<crate::embed::Embeddings> {
    if data.interactions.is_empty() {
        return Err(ComputeError::InvalidParams(
            "ALS learns from interactions, and this dataset has none (add interactions.csv, or use the features method)".to_owned(),
        ));
    }
    let mut user_items: Vec<Vec<u32>> = vec![Vec::new(); data.users.len()];
    for it in &data.interactions {
        user_items[it.user as usize].push(it.item);
    }
    for items in &mut user_items {
        items.sort_unstable();
        items.dedup();
    }
    let model = fit(&user_items, data.items.len(), params, progress)?;
    let f = model.factors;
    let to_array = |v: Vec<f32>, rows: usize| {
        ndarray::Array2::from_shape_vec((rows, f), v).map_err(|e| ComputeError::Numerical {
            stage: "embed",
            reason: e.to_string(),
        })
    };
    Ok(crate::embed::Embeddings {
        method: crate::embed::Method::Als,
        items: to_array(model.item_factors, data.items.len())?.into(),
        users: to_array(model.user_factors, data.users.len())?,
        user_placed: user_items.iter().map(|i| !i.is_empty()).collect(),
        dim_names: (1..=f).map(|d| format!("f{d}")).collect(),
        raw_units: Vec::new(),
        text_model: None,
    })
}
