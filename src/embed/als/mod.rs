//! Implicit-feedback alternating least squares (Hu, Koren & Volinsky, "Collaborative Filtering
//! for Implicit Feedback Datasets", ICDM 2008), solved row by row with a few conjugate-gradient
//! steps warm-started from the previous iterate (Takács, Pilászy & Tikk, RecSys 2011) — the
//! method the `implicit` library uses on CPU.
//!
//! Each observed (user, item) pair has preference 1 and confidence c = 1 + α·r (r = 1 for a
//! distinct implicit interaction); unobserved pairs have preference 0 and confidence 1. A user
//! row x solves (YᵀY + Yᵀ(C − I)Y + λI) x = YᵀC p, items symmetrically. YᵀY is computed once
//! per half-iteration, so the cost is O(nnz·f + (users + items)·f²) per iteration, parallel
//! over rows with rayon.
//!
//! **Regularisation convention.** [`RegularizationScale::Plain`] (the default, as the `implicit`
//! library) adds the same λ to every row. [`RegularizationScale::Spark`] is ALS-WR (Zhou et al.,
//! "Large-scale Parallel Collaborative Filtering for the Netflix Prize", 2008) as Spark MLlib's
//! `ALS` applies it to implicit feedback: a row with n interactions gets λ·n, so `factors`,
//! `regularization`, `alpha` and `iterations` mean Spark's `rank`, `regParam`, `alpha` and
//! `maxIter` (a row without interactions keeps λ·0 = 0, as Spark has no such rows). It also
//! runs as Spark's `ALS.train` does with `implicitPrefs` (checked against
//! `org.apache.spark.ml.recommendation.ALS`): users start as Gaussian rows scaled to unit
//! length, each iteration updates the items first and then the users, and every row's normal
//! equation (YᵀY + Yᵀ(Cᵤ − I)Y + λ·nᵤ·I) x = YᵀCᵤp is built in f64 and solved exactly by
//! Cholesky, as Spark's `CholeskySolver` ([`exact`]; `cg_steps` is not used). That costs
//! O(nnz·f² + rows·f³) per iteration instead of the CG path's O(nnz·f + rows·f²);
//! `bench/spark/compare_als.sh` sets the two side by side on one split
//! (`bench/spark/results/README.md`).
//!
//! Written here rather than taken from a crate: no maintained Rust crate implements implicit
//! ALS with CG solves (checked: `rsrecsys`/`recommend` style crates are explicit-rating or
//! unmaintained), and the loop is short enough to own and test.

use crate::error::{ComputeError, Result};

mod exact;
mod fit;
/// Dot products and multiply-adds for multiversioned kernels (also used by the text model).
pub(crate) mod kernels;
pub use fit::{embed_dataset, fit, fit_from};
pub(crate) use kernels::dot;
use kernels::scores;

/// How λ applies to each row's least-squares problem.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RegularizationScale {
    /// The same λ for every user and item (the `implicit` library's convention).
    #[default]
    Plain,
    /// λ times the row's number of interactions (ALS-WR, Spark MLlib's convention), run as
    /// Spark runs it: items updated first, each row solved exactly (Cholesky).
    Spark,
}

impl RegularizationScale {
    /// Whether this is the default (left out of the workspace key, so runs saved before the
    /// setting existed are still found).
    #[must_use]
    pub fn is_plain(&self) -> bool {
        *self == Self::Plain
    }
}

/// ALS parameters. [`AlsParams::default`] is the one set of defaults every caller shares
/// (the GUI, `run`, `recommend`, `export`, `compare`, `eval`, the trade-off study): 32
/// factors, α 2, λ 0.05, 15 iterations — quick enough to feel live in the app.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct AlsParams {
    /// Latent dimension.
    pub factors: usize,
    /// Alternating passes (each updates users, then items).
    pub iterations: usize,
    /// L2 penalty λ.
    pub regularization: f32,
    /// Confidence scale α (confidence = 1 + α·r).
    pub alpha: f32,
    /// Seed of the initial factors.
    pub seed: u64,
    /// Conjugate-gradient steps per row and pass (not used under
    /// [`RegularizationScale::Spark`]: see [`AlsParams::cg_steps_used`]).
    pub cg_steps: usize,
    /// Plain λ, or λ scaled by each row's interactions (Spark's ALS-WR).
    #[serde(skip_serializing_if = "RegularizationScale::is_plain")]
    pub regularization_scale: RegularizationScale,
}

impl Default for AlsParams {
    fn default() -> Self {
        Self {
            factors: 32,
            iterations: 15,
            regularization: 0.05,
            alpha: 2.0,
            seed: 0,
            cg_steps: 3,
            regularization_scale: RegularizationScale::Plain,
        }
    }
}

/// Parameters checked by [`AlsParams::validate`].
#[derive(Debug, Clone, PartialEq)]
pub struct ValidAlsParams(AlsParams);

impl AlsParams {
    /// Check ranges.
    ///
    /// # Errors
    /// factors = 0, iterations = 0, cg steps = 0, negative or non-finite λ or α.
    pub fn validate(&self) -> Result<ValidAlsParams> {
        let bad = |m: String| Err(ComputeError::InvalidParams(m));
        if self.factors == 0 || self.factors > 4096 {
            return bad(format!(
                "ALS factors must be between 1 and 4096, got {}",
                self.factors
            ));
        }
        if self.iterations == 0 {
            return bad("ALS iterations must be at least 1".to_owned());
        }
        if self.cg_steps == 0 {
            return bad("ALS conjugate-gradient steps must be at least 1".to_owned());
        }
        if !(self.regularization.is_finite() && self.regularization >= 0.0) {
            return bad(format!(
                "ALS regularization must be ≥ 0, got {}",
                self.regularization
            ));
        }
        if !(self.alpha.is_finite() && self.alpha >= 0.0) {
            return bad(format!("ALS alpha must be ≥ 0, got {}", self.alpha));
        }
        Ok(ValidAlsParams(self.clone()))
    }

    /// The conjugate-gradient steps the fit takes per row, or `None` under
    /// [`RegularizationScale::Spark`], which solves each row exactly (`cg_steps` is not used
    /// there, so reports print `null` rather than a number that means nothing).
    #[must_use]
    pub fn cg_steps_used(&self) -> Option<usize> {
        match self.regularization_scale {
            RegularizationScale::Plain => Some(self.cg_steps),
            RegularizationScale::Spark => None,
        }
    }
}

/// Fitted factors, row-major.
#[derive(Debug, Clone, PartialEq)]
pub struct AlsModel {
    /// Latent dimension.
    pub factors: usize,
    /// users × factors.
    pub user_factors: Vec<f32>,
    /// items × factors.
    pub item_factors: Vec<f32>,
}

impl AlsModel {
    /// A user's factor row.
    #[must_use]
    pub fn user(&self, u: usize) -> &[f32] {
        &self.user_factors[u * self.factors..(u + 1) * self.factors]
    }

    /// An item's factor row.
    #[must_use]
    pub fn item(&self, i: usize) -> &[f32] {
        &self.item_factors[i * self.factors..(i + 1) * self.factors]
    }

    /// Scores xᵤᵀyᵢ of every item for user `u`, written into `out` (one per item).
    pub fn scores(&self, u: usize, out: &mut [f32]) {
        scores(self.user(u), &self.item_factors, self.factors, out);
    }
}

#[cfg(test)]
mod tests {
    use super::exact::solve_rows_exact;
    use super::kernels::{axpy, dot_with, solve_rows};
    use super::*;
    use crate::progress::Progress;
    use crate::rng::Gen;

    #[test]
    fn fused_and_plain_kernels_agree_with_an_f64_dot() {
        // 37 = two 16-lane blocks and a tail of 5.
        let a: Vec<f32> = (0..37).map(|i| (i as f32 * 0.37).sin()).collect();
        let b: Vec<f32> = (0..37).map(|i| (i as f32 * 0.11).cos()).collect();
        let want: f64 = a
            .iter()
            .zip(&b)
            .map(|(x, y)| f64::from(*x) * f64::from(*y))
            .sum();
        for got in [dot(&a, &b), dot_with(&a, &b, true), dot_with(&a, &b, false)] {
            assert!((f64::from(got) - want).abs() < 1e-5, "{got} vs {want}");
        }
        let mut out = vec![1.0_f32; 37];
        axpy(&mut out, 2.0, &a, false);
        assert!((out[5] - (1.0 + 2.0 * a[5])).abs() < 1e-6);
    }

    /// Exact least squares for one row, by Gaussian elimination, to check CG against.
    fn exact_row(y: &[f32], items: &[u32], f: usize, reg: f32, c: f32) -> Vec<f64> {
        let mut a = vec![vec![0.0_f64; f + 1]; f];
        for row in y.chunks_exact(f) {
            for i in 0..f {
                for j in 0..f {
                    a[i][j] += f64::from(row[i]) * f64::from(row[j]);
                }
            }
        }
        for (i, ai) in a.iter_mut().enumerate() {
            ai[i] += f64::from(reg);
        }
        for &it in items {
            let yi = &y[it as usize * f..(it as usize + 1) * f];
            for i in 0..f {
                for j in 0..f {
                    a[i][j] += f64::from(c - 1.0) * f64::from(yi[i]) * f64::from(yi[j]);
                }
                a[i][f] += f64::from(c) * f64::from(yi[i]);
            }
        }
        for col in 0..f {
            let piv = (col..f)
                .max_by(|&p, &q| a[p][col].abs().total_cmp(&a[q][col].abs()))
                .unwrap();
            a.swap(col, piv);
            for r in 0..f {
                if r != col {
                    let factor = a[r][col] / a[col][col];
                    let pivot_row = a[col].clone();
                    for (v, pv) in a[r].iter_mut().zip(&pivot_row) {
                        *v -= factor * pv;
                    }
                }
            }
        }
        (0..f).map(|i| a[i][f] / a[i][i]).collect()
    }

    #[test]
    fn cg_converges_to_the_exact_least_squares_row() {
        let f = 4;
        let mut g = Gen::new(3);
        let y: Vec<f32> = (0..10 * f).map(|_| g.normal() as f32).collect();
        let items = vec![vec![1, 4, 7]];
        let mut x = vec![0.0_f32; f];
        // With f CG steps, CG solves an f×f SPD system exactly (up to rounding).
        solve_rows(&mut x, &y, &items, f, 0.1, 3.0, f);
        let want = exact_row(&y, &items[0], f, 0.1, 3.0);
        for (a, b) in x.iter().zip(&want) {
            assert!((f64::from(*a) - b).abs() < 1e-3, "{x:?} vs {want:?}");
        }
    }

    #[test]
    fn als_wr_scales_lambda_by_the_rows_interactions() {
        // Spark's convention: a row with 3 interactions solves with λ·3 (ALS-WR), exactly.
        let f = 4;
        let mut g = Gen::new(5);
        let y: Vec<f32> = (0..10 * f).map(|_| g.normal() as f32).collect();
        let items = vec![vec![0, 2, 9]];
        let mut x = vec![0.0_f32; f];
        solve_rows_exact(&mut x, &y, &items, f, 0.5, 3.0);
        let want = exact_row(&y, &items[0], f, 1.5, 3.0);
        for (a, b) in x.iter().zip(&want) {
            assert!((f64::from(*a) - b).abs() < 1e-5, "{x:?} vs {want:?}");
        }
        // …which is not the plain λ's solution.
        let plain = exact_row(&y, &items[0], f, 0.5, 3.0);
        assert!(
            x.iter()
                .zip(&plain)
                .any(|(a, b)| (f64::from(*a) - b).abs() > 1e-2)
        );
    }

    #[test]
    fn spark_scale_updates_items_then_users_as_spark() {
        // Spark's implicit ALS solves the items first and the users last in every iteration:
        // after the fit, solving the users again from the final items gives the same users,
        // while solving the items again from the final users moves them.
        let users: Vec<Vec<u32>> = (0..30)
            .map(|u| (0..12).filter(|i| (i * 7 + u) % 4 == 0).collect())
            .collect();
        let mut items: Vec<Vec<u32>> = vec![Vec::new(); 12];
        for (u, list) in users.iter().enumerate() {
            for &i in list {
                items[i as usize].push(u as u32);
            }
        }
        let params = AlsParams {
            factors: 3,
            iterations: 2,
            regularization: 0.05,
            alpha: 2.0,
            seed: 4,
            cg_steps: 3,
            regularization_scale: RegularizationScale::Spark,
        }
        .validate()
        .unwrap();
        let m = fit(&users, 12, &params, &Progress::silent()).unwrap();
        let mut x = m.user_factors.clone();
        solve_rows_exact(&mut x, &m.item_factors, &users, 3, 0.05, 3.0);
        assert_eq!(x, m.user_factors);
        let mut y = m.item_factors.clone();
        solve_rows_exact(&mut y, &m.user_factors, &items, 3, 0.05, 3.0);
        let moved = y
            .iter()
            .zip(&m.item_factors)
            .map(|(a, b)| (a - b).abs())
            .fold(0.0_f32, f32::max);
        assert!(moved > 1e-4, "{moved}");
    }

    #[test]
    fn recovers_block_structure() {
        // Two groups of users who each like one half of the items.
        let users: Vec<Vec<u32>> = (0..40)
            .map(|u| {
                if u < 20 {
                    (0..10).filter(|i| (i + u) % 3 != 0).collect()
                } else {
                    (10..20).filter(|i| (i + u) % 3 != 0).collect()
                }
            })
            .collect();
        let params = AlsParams {
            factors: 4,
            iterations: 10,
            regularization: 0.01,
            alpha: 5.0,
            seed: 1,
            cg_steps: 3,
            regularization_scale: RegularizationScale::Plain,
        }
        .validate()
        .unwrap();
        let m = fit(&users, 20, &params, &Progress::silent()).unwrap();
        let mut s = vec![0.0; 20];
        m.scores(0, &mut s);
        let own: f32 = s[..10].iter().sum();
        let other: f32 = s[10..].iter().sum();
        assert!(
            own > 3.0 * other.max(0.0) && own > 1.0,
            "own {own} other {other}"
        );
    }

    #[test]
    fn invalid_params_are_rejected() {
        for p in [
            AlsParams {
                factors: 0,
                ..AlsParams::default()
            },
            AlsParams {
                iterations: 0,
                ..AlsParams::default()
            },
            AlsParams {
                alpha: -1.0,
                ..AlsParams::default()
            },
            AlsParams {
                regularization: f32::NAN,
                ..AlsParams::default()
            },
        ] {
            assert!(p.validate().is_err(), "{p:?}");
        }
    }
}
