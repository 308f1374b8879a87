//! The A/B test planner: baseline rate and minimum detectable uplift → users per arm, total
//! users and days, with how the days grow for smaller uplifts and a smaller share of traffic.

use super::normal;
use super::{AbTestError, Param, days_for, unit};

/// What the planner is asked.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct PlanParams {
    /// Conversion rate of the control arm today (CTR or CVR), in (0, 1).
    pub baseline: f64,
    /// Smallest relative uplift worth detecting (0.15 = +15 %), > 0.
    pub uplift: f64,
    /// Significance level α of the two-sided test, in (0, 1).
    pub alpha: f64,
    /// Power 1 − β: the chance of detecting the uplift if it is real, in (α, 1).
    pub power: f64,
    /// Share of all traffic in the test (both arms together), in (0, 1].
    pub share: f64,
    /// Users a day on the site or app.
    pub daily_users: f64,
}

impl Default for PlanParams {
    /// A 5 % baseline, +15 %, α = 0.05, power 0.8, 10 % of 20,000 daily users.
    fn default() -> Self {
        Self {
            baseline: 0.05,
            uplift: 0.15,
            alpha: 0.05,
            power: 0.8,
            share: 0.1,
            daily_users: 20_000.0,
        }
    }
}

impl PlanParams {
    /// Check every field; the treatment rate baseline × (1 + uplift).
    ///
    /// # Errors
    /// The first field out of its range.
    pub fn validate(&self) -> Result<f64, AbTestError> {
        let baseline = unit(Param::Baseline, self.baseline)?;
        if self.uplift.is_nan() || self.uplift <= 0.0 || self.uplift.is_infinite() {
            return Err(AbTestError::UpliftNotPositive(self.uplift));
        }
        let treatment = baseline * (1.0 + self.uplift);
        if treatment >= 1.0 {
            return Err(AbTestError::TreatmentRateTooHigh {
                baseline,
                uplift: self.uplift,
                treatment,
            });
        }
        self.validate_test()?;
        Ok(treatment)
    }

    /// Check the fields that do not depend on the rates: α, power, share and daily users.
    ///
    /// # Errors
    /// The first of them out of its range.
    pub fn validate_test(&self) -> Result<(), AbTestError> {
        let alpha = unit(Param::Alpha, self.alpha)?;
        let power = unit(Param::Power, self.power)?;
        if self.share.is_nan() || self.share <= 0.0 || self.share > 1.0 {
            return Err(AbTestError::ShareOutOfRange(self.share));
        }
        if self.daily_users.is_nan() || self.daily_users <= 0.0 || self.daily_users.is_infinite() {
            return Err(AbTestError::DailyUsersNotPositive(self.daily_users));
        }
        if power <= alpha {
            return Err(AbTestError::PowerNotAboveAlpha { power, alpha });
        }
        Ok(())
    }

    /// Users entering the test each day (both arms): daily users × share.
    #[must_use]
    pub fn users_in_test_per_day(&self) -> f64 {
        self.daily_users * self.share
    }
}

/// The plan: sample size and duration.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Plan {
    /// The inputs.
    #[serde(flatten)]
    pub params: PlanParams,
    /// baseline × (1 + uplift).
    pub treatment_rate: f64,
    /// daily users × share.
    pub users_in_test_per_day: f64,
    /// Cohen's h = 2·asin√treatment − 2·asin√baseline.
    pub effect_size_h: f64,
    /// The solved sample size per arm before rounding up.
    pub per_arm_exact: f64,
    /// Users per arm (rounded up).
    pub per_arm: u64,
    /// Users in the test: 2 × per arm.
    pub total: u64,
    /// Days to reach `total`: ⌈total / users in the test per day⌉.
    pub days: u64,
}

/// One point of the days-against-uplift curve.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct CurvePoint {
    /// Relative uplift.
    pub uplift: f64,
    /// Users per arm.
    pub per_arm: u64,
    /// Days.
    pub days: u64,
}

/// Days at another share of traffic, for the same uplift.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct ShareEffect {
    /// Share of traffic.
    pub share: f64,
    /// Days.
    pub days: u64,
}

/// Cohen's h between two proportions: 2·asin√p₂ − 2·asin√p₁ (statsmodels'
/// `proportion_effectsize(p2, p1)`).
#[must_use]
pub fn effect_size_h(p1: f64, p2: f64) -> f64 {
    2.0 * p2.sqrt().asin() - 2.0 * p1.sqrt().asin()
}

/// Power of the two-sided z-test with `n` per arm (equal arms) at effect size `h`: both
/// rejection tails, as statsmodels' `NormalIndPower().power(h, n, alpha, ratio=1)`.
#[must_use]
pub fn power_at(h: f64, n_per_arm: f64, alpha: f64) -> f64 {
    power_with_crit(h, n_per_arm, -normal::quantile(alpha / 2.0))
}

/// [`power_at`] with the critical value z₁₋α/₂ given.
fn power_with_crit(h: f64, n_per_arm: f64, crit: f64) -> f64 {
    // Effective n of two equal arms: 1 / (1/n + 1/n) = n / 2.
    let shift = h * (n_per_arm / 2.0).sqrt();
    normal::sf(crit - shift) + normal::cdf(-crit - shift)
}

/// The per-arm sample size (not rounded) at which [`power_at`] equals `power`, for h ≠ 0 and
/// α < power < 1. Bisection to adjacent floats between a bracket found from the one-tail
/// closed form 2((z₁₋α/₂ + z_power)/h)², which is never below the answer (the second tail only
/// adds power).
#[must_use]
pub fn per_arm_exact(h: f64, alpha: f64, power: f64) -> f64 {
    let h = h.abs();
    let crit = -normal::quantile(alpha / 2.0);
    let z_power = normal::quantile(power);
    let gap = |n: f64| power_with_crit(h, n, crit) - power;
    let mut hi = 2.0 * ((crit + z_power) / h).powi(2);
    if !hi.is_finite() || hi <= 0.0 {
        return f64::NAN;
    }
    // Power only rises with n; at n → 0 it is α < power, so halving finds a lower bracket.
    let mut lo = hi / 2.0;
    for _ in 0..2000 {
        if gap(lo) < 0.0 {
            break;
        }
        hi = lo;
        lo /= 2.0;
    }
    for _ in 0..2000 {
        let mid = lo + (hi - lo) / 2.0;
        if mid <= lo || mid >= hi {
            break;
        }
        if gap(mid) < 0.0 {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    hi
}

/// Plan the test.
///
/// # Errors
/// A parameter out of range ([`PlanParams::validate`]).
pub fn plan(params: &PlanParams) -> Result<Plan, AbTestError> {
    let treatment_rate = params.validate()?;
    let effect_size_h = effect_size_h(params.baseline, treatment_rate);
    let per_arm_exact = per_arm_exact(effect_size_h, params.alpha, params.power);
    if !(per_arm_exact.is_finite() && per_arm_exact <= super::MAX_PER_ARM) {
        return Err(AbTestError::UpliftTooSmall {
            baseline: params.baseline,
            uplift: params.uplift,
        });
    }
    let per_arm = per_arm_exact.ceil() as u64;
    let total = 2 * per_arm;
    let users_in_test_per_day = params.users_in_test_per_day();
    Ok(Plan {
        params: *params,
        treatment_rate,
        users_in_test_per_day,
        effect_size_h,
        per_arm_exact,
        per_arm,
        total,
        days: days_for(total, users_in_test_per_day),
    })
}

/// Days against uplift for these uplifts (the other parameters kept); uplifts that are not
/// valid with this baseline (≤ 0, or a treatment rate ≥ 1) are left out.
#[must_use]
pub fn curve(params: &PlanParams, uplifts: &[f64]) -> Vec<CurvePoint> {
    uplifts
        .iter()
        .filter_map(|&uplift| {
            let p = plan(&PlanParams { uplift, ..*params }).ok()?;
            Some(CurvePoint {
                uplift,
                per_arm: p.per_arm,
                days: p.days,
            })
        })
        .collect()
}

/// `n` uplifts spaced evenly on a log scale from a fifth of `around` to four times it (capped
/// where the treatment rate would reach 1): the chart's x axis.
#[must_use]
pub fn uplifts_around(params: &PlanParams, n: usize) -> Vec<f64> {
    let lo = (params.uplift / 5.0).max(1e-4);
    let cap = (0.999 / params.baseline - 1.0).max(lo);
    let hi = (params.uplift * 4.0).min(cap);
    if n < 2 || hi <= lo {
        return vec![params.uplift];
    }
    let step = (hi / lo).ln() / (n - 1) as f64;
    (0..n).map(|i| lo * (step * i as f64).exp()).collect()
}

/// The shares the "lower share" table shows.
pub const SHARES: [f64; 7] = [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0];

/// Days at each share in `shares`, for the plan's sample size.
#[must_use]
pub fn share_effect(plan: &Plan, shares: &[f64]) -> Vec<ShareEffect> {
    shares
        .iter()
        .filter(|&&s| s > 0.0 && s <= 1.0)
        .map(|&share| ShareEffect {
            share,
            days: days_for(plan.total, plan.params.daily_users * share),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn issue_example_by_hand() {
        // 5 % → 5.75 %: h = 2·asin√0.0575 − 2·asin√0.05 = 0.033 275 5; one-tail closed form
        // 2·((1.959 964 + 0.841 621)/h)² = 14 177.1 → 14 178 per arm, 28 356 users,
        // 2 000 a day → 15 days (statsmodels: 14 177.097 414 728 407).
        let p = plan(&PlanParams::default()).expect("valid");
        assert!((p.effect_size_h - 0.033_275_503_949_657_45).abs() < 1e-15);
        assert!((p.per_arm_exact - 14_177.097_414_728_407).abs() < 1e-6);
        assert_eq!((p.per_arm, p.total, p.days), (14_178, 28_356, 15));
        assert!((p.users_in_test_per_day - 2000.0).abs() < 1e-9);
        assert!(power_at(p.effect_size_h, p.per_arm as f64, 0.05) >= 0.8);
        assert!(power_at(p.effect_size_h, p.per_arm as f64 - 1.0, 0.05) < 0.8);
    }

    #[test]
    fn smaller_uplift_and_share_take_longer() {
        let base = PlanParams::default();
        let c = curve(&base, &[0.05, 0.1, 0.15, 0.3, 100.0, -1.0]);
        assert_eq!(c.len(), 4, "invalid uplifts are left out");
        assert!(c.windows(2).all(|w| w[0].days >= w[1].days));
        let p = plan(&base).expect("valid");
        let s = share_effect(&p, &SHARES);
        assert_eq!(s.len(), SHARES.len());
        assert!(s.windows(2).all(|w| w[0].days >= w[1].days));
        // 1 % of 20 000 = 200 a day: 28 356 / 200 → 142 days.
        assert_eq!(s[0].days, 142);
        let u = uplifts_around(&base, 30);
        assert_eq!(u.len(), 30);
        assert!((u[0] - 0.03).abs() < 1e-12 && (u[29] - 0.6).abs() < 1e-12);
    }

    #[test]
    fn invalid_params() {
        let ok = PlanParams::default();
        let err = |p: PlanParams| plan(&p).expect_err("invalid");
        assert!(matches!(
            err(PlanParams {
                baseline: 0.0,
                ..ok
            }),
            AbTestError::OutOfUnitInterval {
                param: Param::Baseline,
                ..
            }
        ));
        assert!(matches!(
            err(PlanParams {
                baseline: 1.0,
                ..ok
            }),
            AbTestError::OutOfUnitInterval { .. }
        ));
        assert!(matches!(
            err(PlanParams { uplift: 0.0, ..ok }),
            AbTestError::UpliftNotPositive(_)
        ));
        assert!(matches!(
            err(PlanParams {
                uplift: f64::NAN,
                ..ok
            }),
            AbTestError::UpliftNotPositive(_)
        ));
        assert!(matches!(
            err(PlanParams {
                baseline: 0.5,
                uplift: 1.0,
                ..ok
            }),
            AbTestError::TreatmentRateTooHigh { .. }
        ));
        assert!(matches!(
            err(PlanParams { share: 0.0, ..ok }),
            AbTestError::ShareOutOfRange(_)
        ));
        assert!(matches!(
            err(PlanParams { share: 1.5, ..ok }),
            AbTestError::ShareOutOfRange(_)
        ));
        assert!(plan(&PlanParams { share: 1.0, ..ok }).is_ok());
        assert!(matches!(
            err(PlanParams {
                daily_users: 0.0,
                ..ok
            }),
            AbTestError::DailyUsersNotPositive(_)
        ));
        assert!(matches!(
            err(PlanParams { alpha: 1.0, ..ok }),
            AbTestError::OutOfUnitInterval {
                param: Param::Alpha,
                ..
            }
        ));
        assert!(matches!(
            err(PlanParams { power: 0.0, ..ok }),
            AbTestError::OutOfUnitInterval {
                param: Param::Power,
                ..
            }
        ));
        assert!(matches!(
            err(PlanParams {
                alpha: 0.5,
                power: 0.4,
                ..ok
            }),
            AbTestError::PowerNotAboveAlpha { .. }
        ));
    }

    #[test]
    fn tiny_effects_are_refused_not_overflowed() {
        for (baseline, uplift) in [(1e-12, 1e-6), (0.5, 1e-17), (1e-300, 1e-3)] {
            let e = plan(&PlanParams {
                baseline,
                uplift,
                ..PlanParams::default()
            });
            assert!(
                matches!(e, Err(AbTestError::UpliftTooSmall { .. })),
                "{baseline} {uplift}: {e:?}"
            );
        }
        // 10¹¹ users per arm is still answered (1 % of 1 % on a 0.1 % rate).
        let p = plan(&PlanParams {
            baseline: 0.001,
            uplift: 0.0001,
            daily_users: 1e-3,
            ..PlanParams::default()
        })
        .expect("valid");
        assert!(p.per_arm > 100_000_000_000 && p.days > 0, "{p:?}");
    }

    #[test]
    fn huge_effect_needs_few_users() {
        // 5 % → 50 % at α = 0.3, power 0.5: the root lies below 2 users (statsmodels' solver
        // starts at 2 and returns NaN here); ours is the exact root.
        let p = plan(&PlanParams {
            uplift: 9.0,
            alpha: 0.3,
            power: 0.5,
            ..PlanParams::default()
        })
        .expect("valid");
        assert!(p.per_arm_exact > 1.0 && p.per_arm_exact < 2.0, "{p:?}");
        assert!((power_at(p.effect_size_h, p.per_arm_exact, 0.3) - 0.5).abs() < 1e-12);
        assert_eq!(p.per_arm, 2);
    }
}
