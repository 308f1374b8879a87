//! Hybrid vectors: text content and collaborative (ALS) vectors side by side, weighted.
//!
//! Each part is scaled to unit length and the two are concatenated as [√w·c, √(1−w)·a], so the
//! dot product of a user and an item is exactly w·cos(content) + (1 − w)·cos(collaborative):
//! w = 1 is pure content, w = 0 pure collaborative filtering. Cold start: an item nobody has
//! interacted with has no meaningful ALS vector, so its collaborative part is borrowed from the
//! items closest to it in content (the mean of their unit ALS vectors) — it can still be
//! recommended. Users: unit mean of their items' content, and their unit ALS vector. The content
//! part is TF-IDF + SVD, or a sentence encoder from a local folder (`text_model`).

use ndarray::{Array2, Axis};

use super::als::AlsParams;
use super::tfidf_svd::TfidfSvdParams;
use super::{Embeddings, Method};
use crate::data::Dataset;
use crate::error::{ComputeError, Result};
use crate::progress::Progress;

/// Parameters.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct HybridParams {
    /// Weight of content, 0–1.
    pub content_weight: f32,
    /// The collaborative part.
    pub als: AlsParams,
    /// The content part (TF-IDF + SVD unless `text_model` is set).
    pub text: TfidfSvdParams,
    /// A sentence encoder as the content part instead of TF-IDF + SVD.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub text_model: Option<super::text_model::TextModelParams>,
    /// Content neighbours a cold item borrows its collaborative vector from.
    pub cold_neighbours: usize,
}

impl Default for HybridParams {
    fn default() -> Self {
        Self {
            content_weight: 0.5,
            als: AlsParams::default(),
            text: TfidfSvdParams::default(),
            text_model: None,
            cold_neighbours: 10,
        }
    }
}

fn unit_rows(m: &Array2<f32>) -> Array2<f32> {
    let mut out = m.clone();
    for mut row in out.axis_iter_mut(Axis(0)) {
        let n = row.dot(&row).sqrt();
        if n > 0.0 {
            row /= n;
        }
    }
    out
}

/// Combine unit-scaled content and collaborative item vectors; `warm[i]` says whether item i
/// has interactions (cold items borrow their collaborative part from content neighbours).
#[must_use]
pub fn combine_items(
    content: &Array2<f32>,
    collab: &Array2<f32>,
    warm: &[bool],
    w: f32,
    neighbours: usize,
) -> Array2<f32> {
    let c = unit_rows(content);
    let mut a = unit_rows(collab);
    let warm_rows: Vec<usize> = (0..c.nrows())
        .filter(|&i| warm.get(i).copied().unwrap_or(false))
        .collect();
    for i in (0..c.nrows()).filter(|&i| !warm.get(i).copied().unwrap_or(false)) {
        let mut near: Vec<(f32, usize)> = warm_rows
            .iter()
            .map(|&j| (c.row(i).dot(&c.row(j)), j))
            .collect();
        near.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
        let mut borrowed = ndarray::Array1::<f32>::zeros(a.ncols());
        for &(_, j) in near.iter().take(neighbours.max(1)) {
            borrowed += &a.row(j);
        }
        let n = borrowed.dot(&borrowed).sqrt();
        a.row_mut(i)
            .assign(&if n > 0.0 { borrowed / n } else { borrowed });
    }
    concat(&c, &a, w)
}

/// [√w·c, √(1−w)·a] row by row (both parts already unit length or zero).
#[must_use]
pub fn concat(c: &Array2<f32>, a: &Array2<f32>, w: f32) -> Array2<f32> {
    let (wc, wa) = (w.clamp(0.0, 1.0).sqrt(), (1.0 - w.clamp(0.0, 1.0)).sqrt());
    let mut out = Array2::zeros((c.nrows(), c.ncols() + a.ncols()));
    out.slice_mut(ndarray::s![.., ..c.ncols()])
        .assign(&(c * wc));
    out.slice_mut(ndarray::s![.., c.ncols()..])
        .assign(&(a * wa));
    out
}

/// Hybrid vectors for a dataset.
///
/// # Errors
/// A weight outside 0–1; no interactions (the collaborative part needs them); the content
/// part's errors; `Cancelled`.
pub fn embed_dataset(
    data: &Dataset,
    params: &HybridParams,
    progress: &Progress,
) -> Result<Embeddings> {
    if !(0.0..=1.0).contains(&params.content_weight) {
        return Err(ComputeError::InvalidParams(format!(
            "hybrid content weight must be between 0 and 1, got {}",
            params.content_weight
        )));
    }
    let content = match &params.text_model {
        Some(tm) => super::text_model::embed_dataset(data, tm, progress)?,
        None => super::tfidf_svd::embed_dataset(data, &params.text, progress)?,
    };
    let collab = super::als::embed_dataset(data, &params.als.validate()?, progress)?;
    let mut warm = vec![false; data.items.len()];
    for it in &data.interactions {
        warm[it.item as usize] = true;
    }
    let w = params.content_weight;
    let items = combine_items(
        &content.items,
        &collab.items,
        &warm,
        w,
        params.cold_neighbours,
    );
    let users = concat(&unit_rows(&content.users), &unit_rows(&collab.users), w);
    let mut dim_names = content.dim_names.clone();
    dim_names.extend(collab.dim_names.iter().cloned());
    Ok(Embeddings {
        method: Method::Hybrid,
        items: items.into(),
        users,
        user_placed: collab.user_placed,
        dim_names,
        raw_units: Vec::new(),
        text_model: content.text_model,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn dot_product_is_the_weighted_sum_of_cosines() {
        let c = array![[3.0_f32, 4.0], [1.0, 0.0]];
        let a = array![[0.0_f32, 2.0], [1.0, 1.0]];
        let m = combine_items(&c, &a, &[true, true], 0.25, 3);
        let d: f32 = m.row(0).dot(&m.row(1));
        let cos_c = 3.0 / 5.0;
        let cos_a = 1.0 / 2f32.sqrt();
        assert!((d - (0.25 * cos_c + 0.75 * cos_a)).abs() < 1e-6);
        assert!((m.row(0).dot(&m.row(0)) - 1.0).abs() < 1e-6);
    }

    #[test]
    fn a_cold_item_borrows_from_its_content_neighbour() {
        let c = array![[1.0_f32, 0.0], [0.99, 0.1], [0.0, 1.0]];
        let a = array![[0.0_f32, 5.0], [9.0, 9.0], [7.0, 0.0]];
        // Item 1 is cold: its collaborative part comes from item 0, its nearest warm item by content.
        let m = combine_items(&c, &a, &[true, false, true], 0.0, 1);
        assert!((m[[1, 2]] - 0.0).abs() < 1e-6 && (m[[1, 3]] - 1.0).abs() < 1e-6);
    }
}
