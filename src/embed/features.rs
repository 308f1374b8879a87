//! The numeric-features embedder: z-score standardisation of the feature columns
//! (population standard deviation, as scikit-learn's `StandardScaler`), optional per-feature
//! weights, and user vectors as the rating-weighted mean of the items they interacted with.
//!
//! A constant column has no spread: it is centred and left at 0 rather than divided by zero.
//! Users whose positive weights sum to zero (no interactions, or only non-positive ratings)
//! get no vector and are not placed on the map.

use ndarray::{Array1, Array2, ArrayBase, Axis, Data, Ix2};

use super::{Embeddings, Method};
use crate::data::Dataset;
use crate::error::{ComputeError, DataError, Result};
use crate::progress::{Progress, Stage};

/// Parameters of the features embedder.
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct FeaturesParams {
    /// Optional weight per feature column (same order as the columns); `None` = all 1.
    pub weights: Option<Vec<f64>>,
}

/// Validated parameters.
#[derive(Debug, Clone, PartialEq)]
pub struct ValidFeaturesParams {
    weights: Vec<f64>,
}

impl FeaturesParams {
    /// Check the weights against the dataset's feature count.
    ///
    /// # Errors
    /// No feature columns; wrong number of weights; negative or non-finite weights.
    pub fn validate(&self, data: &Dataset) -> Result<ValidFeaturesParams> {
        let dim = data.items.features.dim();
        if dim == 0 {
            // The file the items came from (a `.jsonl`, a `.parquet`…), `items.csv` when unknown.
            let file = match data.sources.items.file.as_str() {
                "" => "items.csv",
                f => f,
            };
            return Err(DataError::NoFeatures {
                file: file.to_owned(),
            }
            .into());
        }
        let weights = self.weights.clone().unwrap_or_else(|| vec![1.0; dim]);
        if weights.len() != dim {
            return Err(ComputeError::InvalidParams(format!(
                "{} feature weights given for {dim} features",
                weights.len()
            )));
        }
        if weights.iter().any(|w| !w.is_finite() || *w < 0.0) {
            return Err(ComputeError::InvalidParams(
                "feature weights must be finite and ≥ 0".to_owned(),
            ));
        }
        if weights.iter().all(|w| *w == 0.0) {
            return Err(ComputeError::InvalidParams(
                "at least one feature weight must be above 0 (all 0 would put every item on one point)".to_owned(),
            ));
        }
        Ok(ValidFeaturesParams { weights })
    }
}

/// Column means and standard deviations used for standardising.
#[derive(Debug, Clone, PartialEq)]
pub struct Scaler {
    /// Mean per column.
    pub mean: Array1<f64>,
    /// Population standard deviation per column (1 where the column is constant).
    pub scale: Array1<f64>,
}

impl Scaler {
    /// Fit on the rows of `x` (at least one row).
    #[must_use]
    pub fn fit(x: &Array2<f64>) -> Self {
        let n = x.nrows().max(1) as f64;
        let mean = x.sum_axis(Axis(0)) / n;
        let var: Array1<f64> = x
            .axis_iter(Axis(0))
            .fold(Array1::zeros(x.ncols()), |acc, row| {
                let d = &row - &mean;
                acc + &d * &d
            })
            / n;
        let scale = var.mapv(|v| if v > 1e-24 { v.sqrt() } else { 1.0 });
        Self { mean, scale }
    }

    /// Standardise rows.
    #[must_use]
    pub fn transform(&self, x: &Array2<f64>) -> Array2<f64> {
        (x - &self.mean) / &self.scale
    }
}

/// Fit the embedder: standardised item features, then user means.
///
/// # Errors
/// Cancelled through `progress`.
pub fn fit(
    data: &Dataset,
    params: &ValidFeaturesParams,
    progress: &Progress,
) -> Result<Embeddings> {
    let raw = &data.items.features.values;
    let weights = Array1::from(params.weights.clone());
    let scaler = Scaler::fit(raw);
    let items64 = scaler.transform(raw) * &weights;
    let raw_units = scaler
        .mean
        .iter()
        .zip(&scaler.scale)
        .zip(&params.weights)
        .map(|((m, s), w)| (*m, if *w > 0.0 { s / w } else { 0.0 }))
        .collect();
    progress.step(Stage::Embed, 1, 2)?;
    let (sums, user_placed) = user_means(data, &items64);
    progress.step(Stage::Embed, 2, 2)?;
    Ok(Embeddings {
        method: Method::Features,
        items: items64.mapv(|v| v as f32).into(),
        users: sums.mapv(|v| v as f32),
        user_placed,
        dim_names: data.items.features.names.clone(),
        raw_units,
        text_model: None,
    })
}

/// Users as the rating-weighted mean of their items' vectors; users whose positive weights sum
/// to zero get a zero row and `false` in the returned "placed" flags.
#[must_use]
pub fn user_means<A, S>(data: &Dataset, items: &ArrayBase<S, Ix2>) -> (Array2<f64>, Vec<bool>)
where
    A: Copy + Into<f64>,
    S: Data<Elem = A>,
{
    // Summed in f64 straight from the item rows (no f64 copy of the item matrix: at 1M × 64
    // that copy alone was twice the raw vectors).
    let mut sums = Array2::<f64>::zeros((data.users.len(), items.ncols()));
    let mut totals = vec![0.0_f64; data.users.len()];
    for it in &data.interactions {
        let w = f64::from(it.rating.max(0.0));
        if w > 0.0 {
            let mut sum = sums.row_mut(it.user as usize);
            for (s, &x) in sum.iter_mut().zip(items.row(it.item as usize)) {
                *s += w * x.into();
            }
            totals[it.user as usize] += w;
        }
    }
    for (mut row, &t) in sums.axis_iter_mut(Axis(0)).zip(&totals) {
        if t > 0.0 {
            row /= t;
        }
    }
    (sums, totals.iter().map(|t| *t > 0.0).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn scaler_matches_hand_values_and_handles_constant_columns() {
        let x = array![[1.0, 5.0], [3.0, 5.0]];
        let s = Scaler::fit(&x);
        assert_eq!(s.mean, array![2.0, 5.0]);
        assert_eq!(s.scale, array![1.0, 1.0]);
        assert_eq!(s.transform(&x), array![[-1.0, 0.0], [1.0, 0.0]]);
    }
}
