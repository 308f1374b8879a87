//! The `imported` row of `embedscope eval`: vectors trained elsewhere (a Spark ALS model
//! folder, or any dataset holding user and item vectors) scored on our split.
//!
//! Users and items are matched by the dataset's original ids. A user of the evaluation without
//! a vector gets an empty list (recall 0: still in the denominator); an item without a vector
//! is never recommended (a miss wherever it is held out). Both are counted in the report.
//! Scores are dot products in f64, so near-ties rank the same as in numpy
//! (`bench/spark/check_metrics.py` reproduces the metrics to 1e-9).

use std::path::Path;
use std::time::Instant;

use ndarray::Array2;
use rayon::prelude::*;
use serde_json::{Map, Value, json};

use super::{PipelineError, Result};
use crate::data::Dataset;
use crate::eval::data::EvalSet;

/// Every evaluated user's top-k list, the load time, and what the report says about the
/// vectors (where from, who trained them, how many users and items had none).
pub(super) struct ImportedLists {
    /// One list per evaluated user (empty for users without a vector).
    pub lists: Vec<Vec<u32>>,
    /// Seconds to read the vectors.
    pub fit_s: f64,
    /// Fields added to the method's row of the report.
    pub extra: Map<String, Value>,
}

/// The vectors of `path` (or of `data` itself when `path` is `None`) scored for `users`.
///
/// # Errors
/// The path cannot be loaded; it holds no item or no user vectors; their lengths differ.
pub(super) fn imported_lists(
    data: &Dataset,
    path: Option<&Path>,
    set: &EvalSet,
    users: &[u32],
    k: usize,
) -> Result<ImportedLists> {
    let start = Instant::now();
    let loaded;
    let source = match path {
        Some(p) => {
            loaded = crate::data::formats::load(p, None)?;
            &loaded
        }
        None => data,
    };
    let where_ = path.map_or_else(|| data.name.clone(), |p| p.display().to_string());
    let (Some(items), Some(user_vectors)) = (&source.item_vectors, &source.user_vectors) else {
        return Err(PipelineError::InvalidParams(format!(
            "{where_}: the imported method needs user and item vectors (a Spark ALS model folder, or give one with --vectors PATH)"
        )));
    };
    if items.ncols() != user_vectors.ncols() {
        return Err(PipelineError::InvalidParams(format!(
            "{where_}: user vectors have {} numbers and item vectors {}",
            user_vectors.ncols(),
            items.ncols()
        )));
    }
    let fit_s = start.elapsed().as_secs_f64();
    // The evaluation's items in its order, NaN rows for items without a vector.
    let dim = items.ncols();
    let mut y = Array2::from_elem((set.items(), dim), f64::NAN);
    let mut missing_items = 0usize;
    for (id, mut row) in set.item_ids.iter().zip(y.rows_mut()) {
        match source.items.find(id) {
            Some(r) => row
                .iter_mut()
                .zip(items.row(r as usize))
                .for_each(|(o, v)| *o = f64::from(*v)),
            None => missing_items += 1,
        }
    }
    let user_rows: Vec<Option<u32>> = users
        .iter()
        .map(|&u| source.users.find(&set.user_ids[u as usize]))
        .collect();
    let missing_users = user_rows.iter().filter(|r| r.is_none()).count();
    let lists = users
        .par_iter()
        .zip(&user_rows)
        .map(|(&u, row)| match row {
            Some(r) => {
                let x: Vec<f64> = user_vectors
                    .row(*r as usize)
                    .iter()
                    .map(|v| f64::from(*v))
                    .collect();
                let scores: Vec<f64> = y
                    .rows()
                    .into_iter()
                    .map(|yi| yi.iter().zip(&x).map(|(a, b)| a * b).sum())
                    .collect();
                top_k_f64(&scores, &set.train[u as usize], k)
            }
            None => Vec::new(),
        })
        .collect();
    let mut extra = Map::new();
    extra.insert("vectors".into(), json!(where_));
    extra.insert("vector_users".into(), json!(source.users.len()));
    extra.insert("vector_items".into(), json!(source.items.len()));
    extra.insert("missing_users".into(), json!(missing_users));
    extra.insert("missing_items".into(), json!(missing_items));
    extra.insert(
        "missing_note".into(),
        json!(
            "users without a vector count with recall 0; items without a vector are never recommended"
        ),
    );
    if let Some(t) = &source.trained_by {
        extra.insert("trained_by".into(), t.to_json());
    }
    Ok(ImportedLists {
        lists,
        fit_s,
        extra,
    })
}

/// Indices of the `k` highest scores (f64), `exclude` and NaN left out, ties to the lower index.
fn top_k_f64(scores: &[f64], exclude: &[u32], k: usize) -> Vec<u32> {
    crate::recommend::top_k_excluding(scores, exclude, k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn top_k_skips_nan_and_excluded_and_breaks_ties_by_index() {
        let s = [0.5, 0.9, 0.9, f64::NAN, 0.1];
        assert_eq!(top_k_f64(&s, &[], 3), [1, 2, 0]);
        assert_eq!(top_k_f64(&s, &[1], 10), [2, 0, 4]);
        assert!(top_k_f64(&s, &[0, 1, 2, 4], 3).is_empty());
    }
}
