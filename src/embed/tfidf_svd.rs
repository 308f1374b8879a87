//! Content vectors from text: TF-IDF over each item's title, description, tags and category
//! (tokenised by [`crate::text`]: English words, Japanese character bigrams), reduced to a few
//! dense dimensions by truncated SVD — latent semantic analysis (Deerwester et al. 1990).
//!
//! TF-IDF follows scikit-learn's defaults: raw counts × smoothed idf = ln((1 + n) / (1 + df)) + 1,
//! rows L2-normalised; terms in fewer than `min_df` items are dropped. The SVD is the randomized
//! range finder of Halko, Martinsson & Tropp (SIAM Review 2011) with power iterations: no Rust
//! crate offers a sparse truncated SVD (linfa's reduction works on dense f64 and panicked on
//! large inputs here), and the method is a few matrix products plus two small QR/eigen steps
//! from `linfa-linalg`. Item vectors are U·Σ, as `TruncatedSVD.transform` returns.

use std::collections::HashMap;

use linfa_linalg::eigh::{EigSort, Eigh};
use linfa_linalg::qr::QRInto;
use ndarray::{Array2, Axis, s};

use super::{Embeddings, Method};
use crate::data::Dataset;
use crate::error::{ComputeError, Result};
use crate::progress::{Progress, Stage};
use crate::rng::Gen;

/// Parameters.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TfidfSvdParams {
    /// Output dimensions.
    pub dims: usize,
    /// Minimum number of items a term must appear in.
    pub min_df: usize,
    /// Power iterations of the randomized SVD.
    pub power_iterations: usize,
    /// Seed of the random projection.
    pub seed: u64,
}

impl Default for TfidfSvdParams {
    fn default() -> Self {
        Self {
            dims: 32,
            min_df: 2,
            power_iterations: 4,
            seed: 0,
        }
    }
}

/// Sparse rows: (term, weight), L2-normalised.
type Rows = Vec<Vec<(u32, f64)>>;

/// TF-IDF rows and the vocabulary size.
#[must_use]
pub fn tfidf(texts: &[String], min_df: usize) -> (Rows, usize) {
    let docs: Vec<Vec<String>> = texts.iter().map(|t| crate::text::tokens(t)).collect();
    let mut df: HashMap<&str, usize> = HashMap::new();
    for d in &docs {
        let mut uniq: Vec<&str> = d.iter().map(String::as_str).collect();
        uniq.sort_unstable();
        uniq.dedup();
        for t in uniq {
            *df.entry(t).or_insert(0) += 1;
        }
    }
    let mut vocab: Vec<&str> = df
        .iter()
        .filter(|(_, c)| **c >= min_df.max(1))
        .map(|(t, _)| *t)
        .collect();
    vocab.sort_unstable();
    let index: HashMap<&str, u32> = vocab
        .iter()
        .enumerate()
        .map(|(i, t)| (*t, i as u32))
        .collect();
    let n = docs.len() as f64;
    let idf: Vec<f64> = vocab
        .iter()
        .map(|t| ((1.0 + n) / (1.0 + df[t] as f64)).ln() + 1.0)
        .collect();
    let rows = docs
        .iter()
        .map(|d| {
            let mut counts: HashMap<u32, f64> = HashMap::new();
            for t in d {
                if let Some(&i) = index.get(t.as_str()) {
                    *counts.entry(i).or_insert(0.0) += 1.0;
                }
            }
            let mut row: Vec<(u32, f64)> = counts
                .into_iter()
                .map(|(i, c)| (i, c * idf[i as usize]))
                .collect();
            row.sort_unstable_by_key(|e| e.0);
            let norm = row.iter().map(|e| e.1 * e.1).sum::<f64>().sqrt();
            if norm > 0.0 {
                for e in &mut row {
                    e.1 /= norm;
                }
            }
            row
        })
        .collect();
    (rows, vocab.len())
}

/// A · M for sparse A (n × v) and dense M (v × l).
fn mul(a: &Rows, m: &Array2<f64>) -> Array2<f64> {
    let mut out = Array2::zeros((a.len(), m.ncols()));
    for (r, row) in a.iter().enumerate() {
        let mut o = out.row_mut(r);
        for &(t, w) in row {
            o.scaled_add(w, &m.row(t as usize));
        }
    }
    out
}

/// Aᵀ · M for sparse A (n × v) and dense M (n × l).
fn mul_t(a: &Rows, v: usize, m: &Array2<f64>) -> Array2<f64> {
    let mut out = Array2::zeros((v, m.ncols()));
    for (r, row) in a.iter().enumerate() {
        for &(t, w) in row {
            out.row_mut(t as usize).scaled_add(w, &m.row(r));
        }
    }
    out
}

fn orthonormal(m: Array2<f64>) -> Result<Array2<f64>> {
    m.qr_into()
        .map(|d| d.generate_q())
        .map_err(|e| ComputeError::Numerical {
            stage: "embed",
            reason: format!("QR failed: {e}"),
        })
}

/// Truncated SVD of the sparse rows: returns U·Σ (n × dims).
///
/// # Errors
/// Too few items or terms for the requested dimension, numerical failure.
pub fn truncated_svd(
    a: &Rows,
    v: usize,
    params: &TfidfSvdParams,
    progress: &Progress,
) -> Result<Array2<f64>> {
    let n = a.len();
    let k = params.dims;
    if k == 0 {
        return Err(ComputeError::InvalidParams(
            "text dimensions must be at least 1".to_owned(),
        ));
    }
    if n <= k || v <= k {
        return Err(ComputeError::InvalidParams(format!(
            "{n} items and {v} shared terms are too few for {k} text dimensions (need more of both than dimensions)"
        )));
    }
    let l = (k + 10).min(n).min(v);
    let mut g = Gen::new(params.seed);
    let omega = Array2::from_shape_fn((v, l), |_| g.normal());
    let mut y = mul(a, &omega);
    for it in 0..params.power_iterations {
        progress.step(Stage::Embed, it as u64, params.power_iterations as u64 + 1)?;
        let q = orthonormal(y)?;
        let z = orthonormal(mul_t(a, v, &q))?;
        y = mul(a, &z);
    }
    let q = orthonormal(y)?;
    let b = mul_t(a, v, &q).reversed_axes(); // l × v
    let bbt = b.dot(&b.t());
    let (vals, vecs) = bbt
        .eigh()
        .map_err(|e| ComputeError::Numerical {
            stage: "embed",
            reason: format!("eigendecomposition failed: {e}"),
        })?
        .sort_eig_desc();
    let mut us = q.dot(&vecs.slice(s![.., ..k]));
    for (j, mut col) in us.axis_iter_mut(Axis(1)).enumerate() {
        col *= vals[j].max(0.0).sqrt();
        let largest = col
            .iter()
            .copied()
            .fold(0.0_f64, |m, x| if x.abs() > m.abs() { x } else { m });
        if largest < 0.0 {
            col.mapv_inplace(|x| -x);
        }
    }
    Ok(us)
}

/// The text of item `row`: name(s), category and text-like metadata columns, one per line.
#[must_use]
pub fn item_text(data: &Dataset, row: usize) -> String {
    let items = &data.items;
    let mut parts = vec![
        items.name(row, false).to_owned(),
        items.category(row).to_owned(),
    ];
    if let Some(ja) = &items.names_ja {
        parts.push(ja[row].to_owned());
    }
    for col in &items.metadata {
        let name = col.name.to_ascii_lowercase();
        if [
            "desc", "tag", "text", "genre", "summary", "overview", "keyword",
        ]
        .iter()
        .any(|k| name.contains(k))
        {
            parts.push(col.values[row].replace('|', " "));
        }
    }
    // One field per line: the tokenizer detects each line's language on its own.
    parts.join("\n")
}

/// Embed the dataset's items by their text; users = rating-weighted mean of their items.
///
/// # Errors
/// No text to learn from, too few items or terms, `Cancelled`.
pub fn embed_dataset(
    data: &Dataset,
    params: &TfidfSvdParams,
    progress: &Progress,
) -> Result<Embeddings> {
    let texts: Vec<String> = (0..data.items.len()).map(|r| item_text(data, r)).collect();
    let (rows, v) = tfidf(&texts, params.min_df);
    let dims = params
        .dims
        .min(data.items.len().saturating_sub(1))
        .min(v.saturating_sub(1))
        .max(1);
    let params = TfidfSvdParams {
        dims,
        ..params.clone()
    };
    let items = truncated_svd(&rows, v, &params, progress)?;
    let (users, user_placed) = super::features::user_means(data, &items);
    Ok(Embeddings {
        method: Method::Content,
        items: items.mapv(|x| x as f32).into(),
        users: users.mapv(|x| x as f32),
        user_placed,
        dim_names: (1..=dims).map(|d| format!("t{d}")).collect(),
        raw_units: Vec::new(),
        text_model: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tfidf_matches_scikit_learn_conventions() {
        // Two docs; "quiet" in both (idf = ln(3/3)+1 = 1), "latte" in one (idf = ln(3/2)+1).
        let (rows, v) = tfidf(&["quiet latte".to_owned(), "quiet".to_owned()], 1);
        assert_eq!(v, 2);
        let idf = (1.5_f64).ln() + 1.0;
        let norm = (1.0 + idf * idf).sqrt();
        // vocab sorted: latte = 0, quiet = 1
        assert!(
            (rows[0][0].1 - idf / norm).abs() < 1e-12 && (rows[0][1].1 - 1.0 / norm).abs() < 1e-12
        );
        assert_eq!(rows[1], vec![(1, 1.0)]);
    }

    #[test]
    fn svd_recovers_singular_values_of_a_known_matrix() {
        // Rows of a rank-2 matrix: singular values are those of [[3,0],[0,1]] scaled by the row norms.
        let a: Rows = vec![
            vec![(0, 3.0)],
            vec![(1, 1.0)],
            vec![(0, 3.0)],
            vec![(2, 0.5)],
        ];
        let params = TfidfSvdParams {
            dims: 2,
            min_df: 1,
            power_iterations: 3,
            seed: 1,
        };
        let us = truncated_svd(&a, 3, &params, &Progress::silent()).unwrap();
        // AᵀA = diag(18, 1, 0.25): σ = √18, 1.
        let s1 = us.column(0).iter().map(|x| x * x).sum::<f64>().sqrt();
        let s2 = us.column(1).iter().map(|x| x * x).sum::<f64>().sqrt();
        assert!(
            (s1 - 18f64.sqrt()).abs() < 1e-9 && (s2 - 1.0).abs() < 1e-9,
            "{s1} {s2}"
        );
    }

    #[test]
    fn too_small_for_the_dimension_is_an_error() {
        let a: Rows = vec![vec![(0, 1.0)], vec![(1, 1.0)]];
        let params = TfidfSvdParams {
            dims: 5,
            ..TfidfSvdParams::default()
        };
        assert!(truncated_svd(&a, 2, &params, &Progress::silent()).is_err());
    }
}
