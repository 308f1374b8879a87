//! Dimension reduction of vectors for search: a d-dimensional matrix to k < d columns by PCA or by
//! a Gaussian or sparse random projection, so that an index over the copy costs k/d of the
//! memory and scan time. What the copy loses is measured by the pipeline's dimension study
//! (`embedscope tradeoff --reduce`), never assumed.
//!
//! - **Gaussian and sparse random projection** are `linfa-reduction` 0.8.1's
//!   (`GaussianRandomProjection`: N(0, 1/d) entries; `SparseRandomProjection`: Achlioptas / Li et
//!   al. 2006, entries ±√d with probability 1/(2√d) each, a sparse matrix), seeded with a
//!   Xoshiro256+ generator from [`ReduceParams::seed`], so a copy is reproducible. linfa fits in
//!   the matrix's own float type (f32 here: no f64 copy of the data).
//! - **PCA** is ours ([`super::pca::Pca`]: d×d covariance in f64 and a symmetric eigen solver),
//!   not `linfa_reduction::Pca`: linfa's accepts f64 only (an f64 copy of 100k × 1536 vectors is
//!   1.2 GB), its LOBPCG solver panicked ("NaN values in array") on 10k–100k × 64 unscaled data,
//!   and it mis-scales `explained_variance` (ARCHITECTURE §10). The covariance pass costs
//!   O(n·d²) and the eigen solve O(d³).
//!
//! Every reduction here is a *linear* map x ↦ x·W (d × k): PCA projects onto its top-k axes
//! without subtracting the mean. So a zero row stays zero (users without vectors), the mean of
//! items maps to the mean of their images (users as means stay consistent), and for vectors that
//! lie in the span of the kept axes dot products, norms and cosines are unchanged, not only the
//! Euclidean distances a centred PCA keeps. The scale of random projections does not matter:
//! neighbour rankings under cosine and Euclidean are invariant to a common scale.

use linfa::traits::{Fit, Transformer};
use linfa_reduction::random_projection::{GaussianRandomProjection, SparseRandomProjection};
use ndarray::{Array2, ArrayView2, s};
use rand_xoshiro::Xoshiro256Plus;
use rand_xoshiro::rand_core::SeedableRng;
use rayon::prelude::*;

use crate::error::{ComputeError, Result};
use crate::progress::{Progress, Stage};

/// Values (rows × input columns) per chunk of a transform, one Cancel check each.
const CHUNK_VALUES: usize = 1 << 21;

/// A way to reduce vectors to k dimensions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Reduction {
    /// The top-k principal axes of the rows (ours).
    Pca,
    /// A dense Gaussian random projection (linfa-reduction).
    Gaussian,
    /// A sparse ±1 random projection (linfa-reduction).
    Sparse,
}

impl Reduction {
    /// Every reduction, in table order.
    pub const ALL: [Self; 3] = [Self::Pca, Self::Gaussian, Self::Sparse];

    /// Stable lower-case name (`pca`, `gaussian`, `sparse`).
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pca => "pca",
            Self::Gaussian => "gaussian",
            Self::Sparse => "sparse",
        }
    }

    /// Parse a name (`pca`, `gaussian`/`grp`, `sparse`/`srp`).
    ///
    /// # Errors
    /// An unknown name, with the ones available.
    pub fn parse(name: &str) -> Result<Self> {
        match name.trim().to_ascii_lowercase().as_str() {
            "pca" => Ok(Self::Pca),
            "gaussian" | "grp" => Ok(Self::Gaussian),
            "sparse" | "srp" => Ok(Self::Sparse),
            other => Err(ComputeError::InvalidParams(format!(
                "unknown reduction \"{other}\" (available: pca, gaussian, sparse)"
            ))),
        }
    }
}

/// What to reduce to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct ReduceParams {
    /// How.
    pub reduction: Reduction,
    /// Target dimension k.
    pub dim: usize,
    /// Seed of a random projection's matrix (PCA ignores it).
    pub seed: u64,
}

/// Why a target dimension cannot be used on a matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DimProblem {
    /// k = 0.
    Zero,
    /// k is larger than the vectors' dimension d (a reduction cannot add dimensions).
    AboveDimension {
        /// The vectors' dimension.
        vectors: usize,
    },
    /// k is larger than the number of rows (n points span at most n dimensions).
    AboveRows {
        /// Rows of the matrix.
        rows: usize,
    },
}

impl DimProblem {
    /// Whether `dim` can be reduced to on a `rows` × `cols` matrix (`None`: it can).
    #[must_use]
    pub fn of(dim: usize, rows: usize, cols: usize) -> Option<Self> {
        if dim == 0 {
            Some(Self::Zero)
        } else if dim > cols {
            Some(Self::AboveDimension { vectors: cols })
        } else if dim > rows {
            Some(Self::AboveRows { rows })
        } else {
            None
        }
    }

    /// The problem in plain English (the GUI translates it from the fields).
    #[must_use]
    pub fn message(self, dim: usize) -> String {
        match self {
            Self::Zero => "k must be at least 1".to_owned(),
            Self::AboveDimension { vectors } => format!(
                "k = {dim} is more than the vectors' {vectors} dimensions (a reduction cannot add dimensions)"
            ),
            Self::AboveRows { rows } => format!(
                "k = {dim} is more than the {rows} rows ({rows} points span at most {rows} dimensions)"
            ),
        }
    }
}

/// A fitted reduction: apply it with [`Reducer::transform`].
pub struct Reducer {
    map: Map,
    input_dim: usize,
    output_dim: usize,
}

enum Map {
    /// d × k, the top-k principal axes as columns.
    Dense(Array2<f32>),
    Gaussian(GaussianRandomProjection<f32>),
    Sparse(SparseRandomProjection<f32>),
}

impl std::fmt::Debug for Reducer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let kind = match self.map {
            Map::Dense(_) => "pca",
            Map::Gaussian(_) => "gaussian",
            Map::Sparse(_) => "sparse",
        };
        f.debug_struct("Reducer")
            .field("kind", &kind)
            .field("input_dim", &self.input_dim)
            .field("output_dim", &self.output_dim)
            .finish()
    }
}

fn check_input(x: ArrayView2<'_, f32>, dim: usize) -> Result<()> {
    let (rows, cols) = x.dim();
    if let Some(problem) = DimProblem::of(dim, rows, cols) {
        return Err(ComputeError::InvalidParams(problem.message(dim)));
    }
    if x.iter().any(|v| !v.is_finite()) {
        return Err(ComputeError::Numerical {
            stage: "reduce",
            reason: "the vectors contain NaN or infinity".to_owned(),
        });
    }
    Ok(())
}

fn linfa_error(e: &linfa_reduction::ReductionError) -> ComputeError {
    ComputeError::Numerical {
        stage: "reduce",
        reason: format!("linfa-reduction: {e}"),
    }
}

/// Fit a reduction of the rows of `x` to `params.dim` columns.
///
/// # Errors
/// k = 0, k > the columns or the rows of `x`, non-finite values, the eigen solver failing, or
/// `Cancelled`.
pub fn fit(x: ArrayView2<'_, f32>, params: &ReduceParams, progress: &Progress) -> Result<Reducer> {
    check_input(x, params.dim)?;
    progress.step(Stage::Project, 0, 1)?;
    let (input_dim, output_dim) = (x.ncols(), params.dim);
    let rng = Xoshiro256Plus::seed_from_u64(params.seed);
    // Random projections only read the shape: a 1-row dataset of the same width is enough.
    let shape_only = || linfa::DatasetBase::from(Array2::<f32>::zeros((1, input_dim)));
    let map = match params.reduction {
        Reduction::Pca => return from_pca(&super::Pca::fit(&x)?, output_dim),
        Reduction::Gaussian => Map::Gaussian(
            GaussianRandomProjection::<f32>::params_with_rng(rng)
                .target_dim(output_dim)
                .fit(&shape_only())
                .map_err(|e| linfa_error(&e))?,
        ),
        Reduction::Sparse => Map::Sparse(
            SparseRandomProjection::<f32>::params_with_rng(rng)
                .target_dim(output_dim)
                .fit(&shape_only())
                .map_err(|e| linfa_error(&e))?,
        ),
    };
    progress.step(Stage::Project, 1, 1)?;
    Ok(Reducer {
        map,
        input_dim,
        output_dim,
    })
}

/// PCA to `dim` from a PCA already fitted (one fit serves every k: the top-k axes of the same
/// eigendecomposition).
///
/// # Errors
/// `dim` = 0 or more than the fitted axes.
pub fn from_pca(pca: &super::Pca, dim: usize) -> Result<Reducer> {
    let input_dim = pca.mean.len();
    if dim == 0 || dim > pca.components.nrows() {
        return Err(ComputeError::InvalidParams(format!(
            "PCA to {dim} of {} axes",
            pca.components.nrows()
        )));
    }
    let axes = pca.components.slice(s![..dim, ..]).t().mapv(|v| v as f32);
    Ok(Reducer {
        map: Map::Dense(axes),
        input_dim,
        output_dim: dim,
    })
}

impl Reducer {
    /// The dimension it reduces from.
    #[must_use]
    pub fn input_dim(&self) -> usize {
        self.input_dim
    }

    /// The dimension it reduces to.
    #[must_use]
    pub fn output_dim(&self) -> usize {
        self.output_dim
    }

    /// `x · W`: every row of `x` reduced, in parallel chunks of rows with a Cancel check each.
    ///
    /// # Errors
    /// `x` of another width than the fitted one, or `Cancelled`.
    pub fn transform(&self, x: ArrayView2<'_, f32>, progress: &Progress) -> Result<Array2<f32>> {
        if x.ncols() != self.input_dim {
            return Err(ComputeError::InvalidParams(format!(
                "the reduction was fitted on {} dimensions, got {}",
                self.input_dim,
                x.ncols()
            )));
        }
        let (n, k) = (x.nrows(), self.output_dim);
        let chunk = (CHUNK_VALUES / self.input_dim.max(1)).clamp(16, 16_384);
        let mut out = Array2::<f32>::zeros((n, k));
        let Some(flat) = out.as_slice_mut() else {
            return Err(ComputeError::Numerical {
                stage: "reduce",
                reason: "output is not contiguous".to_owned(),
            });
        };
        let chunks = n.div_ceil(chunk).max(1) as u64;
        let done = std::sync::atomic::AtomicU64::new(0);
        flat.par_chunks_mut(chunk * k.max(1))
            .enumerate()
            .try_for_each(|(i, dst)| {
                let start = i * chunk;
                let rows = x.slice(s![start..start + dst.len() / k.max(1), ..]);
                let reduced = match &self.map {
                    Map::Dense(w) => rows.dot(w),
                    Map::Gaussian(p) => p.transform(rows),
                    Map::Sparse(p) => p.transform(rows),
                };
                dst.iter_mut()
                    .zip(reduced.iter())
                    .for_each(|(o, v)| *o = *v);
                let finished = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
                progress.step(Stage::Project, finished, chunks)
            })?;
        Ok(out)
    }
}

/// Fit on `x` and reduce `x` itself.
///
/// # Errors
/// As [`fit`] and [`Reducer::transform`].
pub fn reduce(
    x: ArrayView2<'_, f32>,
    params: &ReduceParams,
    progress: &Progress,
) -> Result<Array2<f32>> {
    fit(x, params, progress)?.transform(x, progress)
}

#[cfg(test)]
mod tests;
