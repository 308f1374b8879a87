//! Principal component analysis by eigendecomposition of the d×d covariance matrix.
//!
//! Why not `linfa_reduction::Pca`: version 0.8.1 accepts f64 only, panics ("NaN values in array",
//! inside LOBPCG) on ≥10k×64 unscaled data and mis-scales `explained_variance` (measured here;
//! ARCHITECTURE §10). The covariance + symmetric eigen route through `linfa-linalg` (from the same
//! family) is exact, never panics, and costs O(n·d²) — 70 ms for 100k×64.
//! linfa-reduction is used where it is the right tool: the Gaussian and sparse random
//! projections of the dimension study ([`super::reduce`]), whose PCA to k is this one.
//!
//! Conventions match scikit-learn's `PCA`: data centred on the mean of the fitted rows,
//! `explained_variance` with the n − 1 denominator, ratios summing to 1. Each component's sign
//! is fixed so that its largest-magnitude coordinate is positive (stable across runs).

use linfa_linalg::eigh::{EigSort, Eigh};
use ndarray::{Array1, Array2, ArrayBase, ArrayView2, Axis, Data, Ix2, s};
use rayon::prelude::*;

use crate::error::{PipelineError, Result};
use crate::progress::Progress;

/// A fitted PCA.
#[derive(Debug, Clone, PartialEq)]
pub struct Pca {
    /// Mean of the fitted rows.
    pub mean: Array1<f64>,
    /// Principal axes, one per row, sorted by decreasing variance (d × d).
    pub components: Array2<f64>,
    /// Variance along each axis (n − 1 denominator).
    pub explained_variance: Array1<f64>,
    /// Share of the total variance along each axis (sums to 1, or all 0 for constant data).
    pub explained_variance_ratio: Array1<f64>,
}

/// Rows per block when accumulating the mean and covariance.
const BLOCK: usize = 8192;
/// Values (rows × columns) per chunk of a projection, one Cancel check each.
const CHUNK_VALUES: usize = 1 << 22;

impl Pca {
    /// Fit on the rows of `x` (an owned matrix or a view: no copy is made).
    ///
    /// # Errors
    /// No rows or columns, non-finite input, or the eigen solver failing.
    pub fn fit<S: Data<Elem = f32> + Sync>(x: &ArrayBase<S, Ix2>) -> Result<Self> {
        let (n, d) = x.dim();
        if n == 0 || d == 0 {
            return Err(PipelineError::InvalidParams(format!(
                "PCA needs at least one row and one column, got {n}×{d}"
            )));
        }
        if x.iter().any(|v| !v.is_finite()) {
            return Err(PipelineError::Numerical {
                stage: "project",
                reason: "input contains NaN or infinity".to_owned(),
            });
        }
        // Mean and covariance over blocks of rows, in f64: memory stays at one block (a few
        // MB) instead of two f64 copies of the data (2 GB at 1M × 64).
        let blocks: Vec<usize> = (0..n).step_by(BLOCK).collect();
        let block = |start: usize| x.slice(ndarray::s![start..(start + BLOCK).min(n), ..]);
        let sum = blocks
            .par_iter()
            .map(|&b| block(b).mapv(f64::from).sum_axis(Axis(0)))
            .reduce(|| Array1::zeros(d), |a, b| a + b);
        let mean = sum / n as f64;
        let scatter = blocks
            .par_iter()
            .map(|&b| {
                let c = block(b).mapv(f64::from) - &mean;
                c.t().dot(&c)
            })
            .reduce(|| Array2::zeros((d, d)), |a, b| a + b);
        let denom = (n.max(2) - 1) as f64;
        let cov = scatter / denom;
        let (vals, vecs) = eigh_desc(&cov)?;
        let explained_variance = vals.mapv(|v| v.max(0.0));
        let total: f64 = explained_variance.sum();
        let explained_variance_ratio = if total > 0.0 {
            &explained_variance / total
        } else {
            Array1::zeros(explained_variance.len())
        };
        let mut components = vecs.t().to_owned();
        for row in components.axis_iter_mut(Axis(0)) {
            orient(row);
        }
        Ok(Self {
            mean,
            components,
            explained_variance,
            explained_variance_ratio,
        })
    }

    /// Project rows onto two chosen components (`axes` = indices, e.g. `(0, 1)`); an axis beyond
    /// the dimension gives zeros (1-D data lies on a line).
    ///
    /// # Errors
    /// `x` has a different number of columns than the fitted data.
    pub fn transform(&self, x: ArrayView2<'_, f32>, axes: (usize, usize)) -> Result<Array2<f32>> {
        if x.ncols() != self.mean.len() {
            return Err(PipelineError::InvalidParams(format!(
                "PCA fitted on {} columns, got {}",
                self.mean.len(),
                x.ncols()
            )));
        }
        let d = self.mean.len();
        let mut chosen = Array2::<f64>::zeros((2, d));
        for (col, axis) in [axes.0, axes.1].into_iter().enumerate() {
            if let Some(component) = self.components.outer_iter().nth(axis) {
                chosen.row_mut(col).assign(&component);
            }
        }
        plane(x, &self.mean, &chosen, &Progress::silent())
    }
}

/// Eigenvalues (descending) and eigenvectors (columns) of the symmetric matrix `m`.
pub(super) fn eigh_desc(m: &Array2<f64>) -> Result<(Array1<f64>, Array2<f64>)> {
    Ok(m.eigh()
        .map_err(|e| PipelineError::Numerical {
            stage: "project",
            reason: format!("eigendecomposition failed: {e}"),
        })?
        .sort_eig_desc())
}

/// Scale `axis` to unit length (a zero axis stays zero) with its largest-magnitude coordinate
/// positive: the sign convention of every axis here, stable across runs.
pub(super) fn orient(mut axis: ndarray::ArrayViewMut1<'_, f64>) {
    let norm = axis.dot(&axis).sqrt();
    let largest = axis
        .iter()
        .copied()
        .fold(0.0_f64, |m, v| if v.abs() > m.abs() { v } else { m });
    if norm > 0.0 {
        let scale = if largest < 0.0 { -1.0 } else { 1.0 } / norm;
        axis.mapv_inplace(|v| v * scale);
    }
}

/// Every row minus `mean`, dotted with each axis (rows of `axes`; a missing second axis gives
/// zeros): one centred block of rows times the d × 2 axes per chunk, chunks in parallel.
pub(super) fn plane(
    data: ArrayView2<'_, f32>,
    mean: &Array1<f64>,
    axes: &Array2<f64>,
    progress: &Progress,
) -> Result<Array2<f32>> {
    let (n, d) = data.dim();
    let mut w = Array2::<f32>::zeros((d, 2));
    for (c, axis) in axes.rows().into_iter().take(2).enumerate() {
        w.column_mut(c).assign(&axis.mapv(|v| v as f32));
    }
    let chunk = (CHUNK_VALUES / d).clamp(64, 16_384);
    let mut out = vec![0.0_f32; n * 2];
    out.par_chunks_mut(chunk * 2)
        .enumerate()
        .try_for_each(|(i, dst)| {
            super::start::check(progress)?;
            let rows = data.slice(s![i * chunk..(i * chunk + dst.len() / 2), ..]);
            // Centred in f64 and rounded once, so a large common offset costs no precision.
            let mut centred = rows.to_owned();
            for mut row in centred.rows_mut() {
                row.iter_mut()
                    .zip(mean)
                    .for_each(|(v, m)| *v = (f64::from(*v) - m) as f32);
            }
            let xy = centred.dot(&w);
            dst.iter_mut().zip(xy.iter()).for_each(|(o, v)| *o = *v);
            Ok::<(), PipelineError>(())
        })?;
    Array2::from_shape_vec((n, 2), out).map_err(|e| PipelineError::Numerical {
        stage: "project",
        reason: format!("projection shape: {e}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    #[test]
    fn rotated_line_has_one_component() {
        // Points on the line y = x: all variance along (1, 1)/√2.
        let x = array![
            [-2.0_f32, -2.0],
            [-1.0, -1.0],
            [0.0, 0.0],
            [1.0, 1.0],
            [2.0, 2.0]
        ];
        let pca = Pca::fit(&x).unwrap();
        let s = std::f64::consts::FRAC_1_SQRT_2;
        assert!(
            (pca.components[[0, 0]] - s).abs() < 1e-9 && (pca.components[[0, 1]] - s).abs() < 1e-9
        );
        assert!((pca.explained_variance_ratio[0] - 1.0).abs() < 1e-12);
        assert!((pca.explained_variance[0] - 5.0).abs() < 1e-9); // var of ±2,±1,0 scaled by √2: (8+2+0+2+8)/4
        let y = pca.transform(x.view(), (0, 1)).unwrap();
        assert!((y[[4, 0]] - 2.0 * std::f32::consts::SQRT_2).abs() < 1e-5);
        assert!(y.column(1).iter().all(|v| v.abs() < 1e-5));
    }

    #[test]
    fn matches_scikit_learn_on_a_small_set() {
        // sklearn.decomposition.PCA().fit(X).explained_variance_ = [32/3, 8/3] (XᵀX = [[20,12],[12,20]], n − 1 = 3).
        let x = array![[3.0_f32, 1.0], [1.0, 3.0], [-3.0, -1.0], [-1.0, -3.0]];
        let pca = Pca::fit(&x).unwrap();
        assert!((pca.explained_variance[0] - 32.0 / 3.0).abs() < 1e-9);
        assert!((pca.explained_variance[1] - 8.0 / 3.0).abs() < 1e-9);
        assert!((pca.explained_variance_ratio[0] - 0.8).abs() < 1e-12);
    }

    #[test]
    #[expect(
        clippy::float_cmp,
        reason = "hand-checked values that are exact in binary floating point"
    )]
    fn rejects_empty_and_nan() {
        assert!(Pca::fit(&Array2::zeros((0, 3))).is_err());
        assert!(Pca::fit(&array![[f32::NAN, 1.0]]).is_err());
        let one_col = Pca::fit(&array![[1.0_f32], [2.0], [3.0]]).unwrap();
        let y = one_col.transform(array![[1.0_f32]].view(), (0, 1)).unwrap();
        assert_eq!(y[[0, 1]], 0.0);
    }
}
