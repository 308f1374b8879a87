//! Orthogonal Procrustes alignment of one point set onto another, so that two runs' vectors of
//! the same items can be compared point by point.
//!
//! Follows Schönemann (1966), "A generalized solution of the orthogonal Procrustes problem", and
//! reproduces `scipy.spatial.procrustes` step by step (its numbers are the unit tests' reference):
//! 1. both sets are centred on their own mean and scaled to unit Frobenius norm, so runs with
//!    different offsets and scales (ALS factors vs TF-IDF components) compare at all;
//! 2. `M = AᵀB` is decomposed as `U Σ Vᵀ` (`linfa-linalg`'s SVD, in f64); `R = U Vᵀ` is the
//!    orthogonal matrix (a rotation, possibly with a reflection) minimising ‖A − B Rᵀ‖;
//! 3. B is also scaled by `s = ΣΣ` (the optimal isotropic scale), `B̂ = s·B Rᵀ`;
//! 4. the residual ("disparity") is Σ‖a_i − b̂_i‖² = 1 − s²: 0 when B is A up to translation,
//!    rotation, reflection and scale; at most 1.
//!
//! Sets of different dimensions are zero-padded to the larger dimension (a 32-d run is a 64-d
//! run whose last 32 coordinates are 0); the rotation then lives in the larger space. No crate
//! does this on ndarray 0.16 without pulling in a LAPACK, and the whole method is one SVD.

use linfa_linalg::svd::SVD as _;
use ndarray::{Array1, Array2, ArrayView2, Axis, s};

use crate::error::{ComputeError, Result};

/// A fitted alignment of set B onto set A (rows are matched: row i of A is row i of B).
#[derive(Debug, Clone, PartialEq)]
pub struct Alignment {
    /// The common dimension: the larger of the two (the smaller set is zero-padded).
    pub dim: usize,
    /// Rows the alignment was fitted on.
    pub rows: usize,
    /// The orthogonal `dim × dim` matrix R; aligned B = s · standardised B · Rᵀ.
    pub rotation: Array2<f64>,
    /// The optimal scale s applied to B after standardising (sum of singular values).
    pub scale: f64,
    /// Σ‖a_i − b̂_i‖² over the standardised sets: 0 = same shape, 1 = nothing in common.
    pub disparity: f64,
    /// Whether R is a reflection (determinant −1): B is a mirror image of A.
    pub reflection: bool,
    mean_a: Array1<f64>,
    norm_a: f64,
    mean_b: Array1<f64>,
    norm_b: f64,
}

/// Columns' mean, and the Frobenius norm of the centred rows.
fn centre_and_norm(x: ArrayView2<'_, f32>, which: &str) -> Result<(Array1<f64>, f64)> {
    if x.iter().any(|v| !v.is_finite()) {
        return Err(ComputeError::Numerical {
            stage: "compare",
            reason: format!("the vectors of {which} contain NaN or infinity"),
        });
    }
    let x = x.mapv(f64::from);
    let Some(mean) = x.mean_axis(Axis(0)) else {
        return Err(ComputeError::InvalidParams(format!("{which} has no rows")));
    };
    let norm = (&x - &mean).iter().map(|v| v * v).sum::<f64>().sqrt();
    if norm <= f64::EPSILON * (x.len() as f64) {
        return Err(ComputeError::InvalidParams(format!(
            "all {} vectors of {which} are the same point, so there is no shape to align",
            x.nrows()
        )));
    }
    Ok((mean, norm))
}

/// `(x − mean) / norm`, zero-padded to `dim` columns.
fn standardise(x: ArrayView2<'_, f32>, mean: &Array1<f64>, norm: f64, dim: usize) -> Array2<f64> {
    let mut out = Array2::<f64>::zeros((x.nrows(), dim));
    let centred = (x.mapv(f64::from) - mean) / norm;
    out.slice_mut(s![.., ..x.ncols()]).assign(&centred);
    out
}

/// Sign of the determinant of a square matrix (Gaussian elimination with partial pivoting);
/// `true` when negative.
fn determinant_is_negative(m: &Array2<f64>) -> bool {
    let mut a = m.clone();
    let n = a.nrows();
    let mut negative = false;
    for col in 0..n {
        let Some(pivot) = (col..n).max_by(|&i, &j| a[[i, col]].abs().total_cmp(&a[[j, col]].abs()))
        else {
            return false;
        };
        if a[[pivot, col]] == 0.0 {
            return false;
        }
        if pivot != col {
            for c in 0..n {
                a.swap([pivot, c], [col, c]);
            }
            negative = !negative;
        }
        if a[[col, col]] < 0.0 {
            negative = !negative;
        }
        for r in col + 1..n {
            let f = a[[r, col]] / a[[col, col]];
            for c in col..n {
                a[[r, c]] -= f * a[[col, c]];
            }
        }
    }
    negative
}

impl Alignment {
    /// Fit the alignment of `b` onto `a`; row i of each is the same item.
    ///
    /// # Errors
    /// Fewer than 2 rows, different row counts, non-finite values, a set whose rows are all one
    /// point, or the SVD failing.
    pub fn fit(a: ArrayView2<'_, f32>, b: ArrayView2<'_, f32>) -> Result<Self> {
        if a.nrows() != b.nrows() {
            return Err(ComputeError::InvalidParams(format!(
                "Procrustes needs matched rows, got {} and {}",
                a.nrows(),
                b.nrows()
            )));
        }
        if a.nrows() < 2 {
            return Err(ComputeError::InvalidParams(format!(
                "Procrustes needs at least 2 shared items, got {}",
                a.nrows()
            )));
        }
        if a.ncols() == 0 || b.ncols() == 0 {
            return Err(ComputeError::InvalidParams(
                "Procrustes needs vectors with at least one dimension".to_owned(),
            ));
        }
        let dim = a.ncols().max(b.ncols());
        let (mean_a, norm_a) = centre_and_norm(a, "run A")?;
        let (mean_b, norm_b) = centre_and_norm(b, "run B")?;
        let sa = standardise(a, &mean_a, norm_a, dim);
        let sb = standardise(b, &mean_b, norm_b, dim);
        let m = sa.t().dot(&sb);
        let (Some(u), sigma, Some(vt)) =
            m.svd(true, true).map_err(|e| ComputeError::Numerical {
                stage: "compare",
                reason: format!("SVD of AᵀB failed: {e}"),
            })?
        else {
            return Err(ComputeError::Numerical {
                stage: "compare",
                reason: "SVD of AᵀB returned no singular vectors".to_owned(),
            });
        };
        let rotation = u.dot(&vt);
        let scale = sigma.sum();
        let aligned = sb.dot(&rotation.t()) * scale;
        let disparity = (&sa - &aligned).iter().map(|v| v * v).sum::<f64>();
        let reflection = determinant_is_negative(&rotation);
        Ok(Self {
            dim,
            rows: a.nrows(),
            rotation,
            scale,
            disparity,
            reflection,
            mean_a,
            norm_a,
            mean_b,
            norm_b,
        })
    }

    /// Rows of A centred, scaled and padded as in the fit (the frame B is aligned into).
    ///
    /// # Errors
    /// `a` has another dimension than the fitted A.
    pub fn standardise_a(&self, a: ArrayView2<'_, f32>) -> Result<Array2<f64>> {
        check_dim(a.ncols(), self.mean_a.len(), "A")?;
        Ok(standardise(a, &self.mean_a, self.norm_a, self.dim))
    }

    /// Rows of B mapped into A's standardised frame: s · ((b − mean) / norm) · Rᵀ.
    ///
    /// # Errors
    /// `b` has another dimension than the fitted B.
    pub fn align_b(&self, b: ArrayView2<'_, f32>) -> Result<Array2<f64>> {
        check_dim(b.ncols(), self.mean_b.len(), "B")?;
        Ok(
            standardise(b, &self.mean_b, self.norm_b, self.dim).dot(&self.rotation.t())
                * self.scale,
        )
    }

    /// The root-mean-square distance of the standardised rows from their centre (1/√n): the unit
    /// in which displacements are reported ("as far as an average item is from the centre").
    #[must_use]
    pub fn rms_radius(&self) -> f64 {
        1.0 / (self.rows as f64).sqrt()
    }
}

fn check_dim(got: usize, fitted: usize, which: &str) -> Result<()> {
    if got == fitted {
        Ok(())
    } else {
        Err(ComputeError::InvalidParams(format!(
            "the alignment was fitted on {fitted}-dimensional {which}, got {got} dimensions"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    /// Per-row distances between A and aligned B, in units of the RMS radius.
    fn displacements(al: &Alignment, a: &Array2<f32>, b: &Array2<f32>) -> Vec<f64> {
        let sa = al.standardise_a(a.view()).unwrap();
        let sb = al.align_b(b.view()).unwrap();
        (0..a.nrows())
            .map(|i| {
                let d = &sa.row(i) - &sb.row(i);
                d.dot(&d).sqrt() / al.rms_radius()
            })
            .collect()
    }

    fn five_points() -> Array2<f32> {
        array![
            [0.0_f32, 0.0],
            [2.0, 0.0],
            [0.0, 1.0],
            [1.0, 3.0],
            [3.0, 2.0]
        ]
    }

    #[test]
    fn rotated_translated_scaled_copy_aligns_exactly() {
        let a = five_points();
        // Rotate by 30°, scale by 3, shift by (10, −4).
        let (sin, cos) = 30.0_f32.to_radians().sin_cos();
        let b = a.dot(&array![[cos, sin], [-sin, cos]]) * 3.0 + &array![10.0_f32, -4.0];
        let al = Alignment::fit(a.view(), b.view()).unwrap();
        assert!(al.disparity.abs() < 1e-10, "{}", al.disparity);
        assert!((al.scale - 1.0).abs() < 1e-6);
        assert!(!al.reflection);
        assert!(displacements(&al, &a, &b).iter().all(|d| d.abs() < 1e-5));
        // R undoes the rotation: R = [[cos, −sin], [sin, cos]]ᵀ applied as B Rᵀ.
        let r = &al.rotation;
        assert!(
            (r[[0, 0]] - f64::from(cos)).abs() < 1e-6 && (r[[1, 1]] - f64::from(cos)).abs() < 1e-6
        );
        assert!((r[[0, 1]].abs() - 0.5).abs() < 1e-6);
    }

    #[test]
    fn mirror_image_aligns_with_a_reflection() {
        let a = five_points();
        let b = a.dot(&array![[-1.0_f32, 0.0], [0.0, 1.0]]);
        let al = Alignment::fit(a.view(), b.view()).unwrap();
        assert!(al.disparity.abs() < 1e-10);
        assert!(al.reflection);
        assert!(displacements(&al, &a, &b).iter().all(|d| d.abs() < 1e-5));
    }

    #[test]
    fn matches_scipy_procrustes() {
        // scipy.spatial.procrustes(a, b) (SciPy 1.17.1): disparity 0.672438330170778; the
        // rotation it finds has determinant −1; per-row √5·‖m1 − m2‖ below.
        let a = five_points();
        let b = array![
            [1.0_f32, 1.0],
            [2.0, 3.0],
            [0.0, 2.0],
            [-1.0, 0.0],
            [4.0, 4.0]
        ];
        let al = Alignment::fit(a.view(), b.view()).unwrap();
        assert!(
            (al.disparity - 0.672_438_330_170_778).abs() < 1e-9,
            "{}",
            al.disparity
        );
        assert!((al.scale - 0.572_330_035_756_662).abs() < 1e-9);
        assert!((al.disparity - (1.0 - al.scale * al.scale)).abs() < 1e-9);
        assert!(al.reflection);
        let want = [
            1.115_438_98,
            0.597_000_12,
            0.440_193_45,
            1.008_420_24,
            0.742_224_18,
        ];
        let got = displacements(&al, &a, &b);
        for (g, w) in got.iter().zip(want) {
            assert!((g - w).abs() < 1e-6, "{got:?}");
        }
        // Mean squared displacement (in RMS-radius units) is the disparity.
        let msd = got.iter().map(|d| d * d).sum::<f64>() / 5.0;
        assert!((msd - al.disparity).abs() < 1e-9);
    }

    #[test]
    fn different_dimensions_are_zero_padded() {
        // scipy.spatial.procrustes(a, hstack([b, zeros])) = 0.6288000756770636, either order.
        let a = array![
            [0.0_f32, 0.0, 1.0],
            [2.0, 0.0, 0.0],
            [0.0, 1.0, 2.0],
            [1.0, 3.0, 1.0],
            [3.0, 2.0, 0.0]
        ];
        let b = array![
            [1.0_f32, 1.0],
            [2.0, 3.0],
            [0.0, 2.0],
            [-1.0, 0.0],
            [4.0, 4.0]
        ];
        let ab = Alignment::fit(a.view(), b.view()).unwrap();
        assert_eq!(ab.dim, 3);
        assert!((ab.disparity - 0.628_800_075_677_063_6).abs() < 1e-9);
        let want = [
            0.934_274_51,
            0.648_765_24,
            0.632_303_86,
            0.978_134_76,
            0.702_623_22,
        ];
        for (g, w) in displacements(&ab, &a, &b).iter().zip(want) {
            assert!((g - w).abs() < 1e-6);
        }
        let ba = Alignment::fit(b.view(), a.view()).unwrap();
        assert!((ba.disparity - 0.628_800_075_677_063_8).abs() < 1e-9);
    }

    #[test]
    fn rejects_too_few_rows_and_a_single_point() {
        let one = array![[1.0_f32, 2.0]];
        let e = Alignment::fit(one.view(), one.view())
            .unwrap_err()
            .to_string();
        assert!(e.contains("at least 2 shared items, got 1"), "{e}");
        let same = array![[1.0_f32, 2.0], [1.0, 2.0], [1.0, 2.0]];
        let ok = five_points().slice(s![..3, ..]).to_owned();
        let e = Alignment::fit(ok.view(), same.view())
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("all 3 vectors of run B are the same point"),
            "{e}"
        );
        let nan = array![[f32::NAN, 0.0], [1.0, 1.0]];
        assert!(Alignment::fit(nan.view(), nan.view()).is_err());
        assert!(determinant_is_negative(&array![[0.0, 1.0], [1.0, 0.0]]));
        assert!(!determinant_is_negative(&array![[0.0, -1.0], [1.0, 0.0]]));
    }
}
