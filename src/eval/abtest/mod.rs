//! The online A/B test that follows the offline evaluation: how many users and days a test
//! needs to see a given uplift ([`plan`]), and what a finished (or running) test says
//! ([`read()`]). Pure arithmetic, microseconds per call.
//!
//! The statistics are those of statsmodels, and the tests compare with it
//! (`bench/abtest_reference.py` → `tests/fixtures/abtest_reference.json`):
//! - effect size: Cohen's h = 2·asin√p₂ − 2·asin√p₁ (`proportion_effectsize(p2, p1)`);
//! - sample size per arm: the n solving `NormalIndPower().power(h, n, α, ratio=1,
//!   alternative="two-sided") = power`, where the two-sided power counts both rejection tails,
//!   Φ̄(z₁₋α/₂ − |h|√(n/2)) + Φ(−z₁₋α/₂ − |h|√(n/2)); solved by bisection to machine precision
//!   (statsmodels uses Brent's method) and rounded up;
//! - the z-test: `proportions_ztest` with the pooled rate, two-sided;
//! - the 95 % interval of the relative lift: Katz's log interval of the rate ratio
//!   (`confint_proportions_2indep(compare="ratio", method="log")`) minus 1.
//!
//! The normal distribution in full double precision lives in [`normal`].

pub mod normal;
pub mod plan;
pub mod read;

pub use plan::{CurvePoint, Plan, PlanParams, ShareEffect, plan};
pub use read::{Arm, ArmCounts, ReadParams, Reading, Verdict, read};

/// A number the planner or the reader cannot work with. The `Display` text is the English
/// message of the CLI; the GUI translates each variant.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum AbTestError {
    /// A probability that must lie strictly between 0 and 1 does not.
    #[error("{param} must be strictly between 0 and 1, got {value}")]
    OutOfUnitInterval {
        /// Which one.
        param: Param,
        /// The value given.
        value: f64,
    },
    /// The minimum detectable uplift is zero, negative or not a number.
    #[error("the uplift must be greater than 0 (a relative change, 0.15 = +15 %), got {0}")]
    UpliftNotPositive(f64),
    /// baseline × (1 + uplift) reaches 1: no such rate.
    #[error(
        "baseline {baseline} with uplift {uplift} gives a treatment rate of {treatment}, which must stay below 1"
    )]
    TreatmentRateTooHigh {
        /// Baseline rate.
        baseline: f64,
        /// Relative uplift.
        uplift: f64,
        /// baseline × (1 + uplift).
        treatment: f64,
    },
    /// The share of traffic in the test is not in (0, 1].
    #[error("the share of traffic in the test must be in (0, 1], got {0}")]
    ShareOutOfRange(f64),
    /// Daily users is zero, negative or not a number.
    #[error("daily users must be greater than 0, got {0}")]
    DailyUsersNotPositive(f64),
    /// The power asked for is not above the significance level (any sample would do).
    #[error("the power ({power}) must be greater than the significance level alpha ({alpha})")]
    PowerNotAboveAlpha {
        /// Power.
        power: f64,
        /// Significance level.
        alpha: f64,
    },
    /// The uplift is so small next to the baseline that the test would need more than
    /// [`MAX_PER_ARM`] users per arm (or the two rates are equal in floating point).
    #[error(
        "an uplift of {uplift} on a baseline of {baseline} is too small to detect: it would need more than 10^15 users per arm"
    )]
    UpliftTooSmall {
        /// Baseline rate.
        baseline: f64,
        /// Relative uplift.
        uplift: f64,
    },
    /// An arm has no visitors.
    #[error("{arm}: no visitors (need at least 1)")]
    NoVisitors {
        /// Which arm.
        arm: Arm,
    },
    /// An arm has more conversions than visitors.
    #[error("{arm}: {conversions} conversions is more than its {visitors} visitors")]
    ConversionsExceedVisitors {
        /// Which arm.
        arm: Arm,
        /// Conversions given.
        conversions: u64,
        /// Visitors given.
        visitors: u64,
    },
}

/// The largest sample per arm the planner answers with (10¹⁵ users: more than there are).
pub const MAX_PER_ARM: f64 = 1e15;

/// The probabilities [`AbTestError::OutOfUnitInterval`] can name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Param {
    /// The baseline (control) conversion rate.
    Baseline,
    /// The significance level α.
    Alpha,
    /// The power 1 − β.
    Power,
}

impl std::fmt::Display for Param {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Baseline => "the baseline rate",
            Self::Alpha => "the significance level alpha",
            Self::Power => "the power",
        })
    }
}

/// `value` when it lies strictly between 0 and 1.
fn unit(param: Param, value: f64) -> Result<f64, AbTestError> {
    if value > 0.0 && value < 1.0 {
        Ok(value)
    } else {
        Err(AbTestError::OutOfUnitInterval { param, value })
    }
}

/// Whole days to gather `users` at `per_day` users a day (0 for none).
fn days_for(users: u64, per_day: f64) -> u64 {
    (users as f64 / per_day).ceil() as u64
}

/// A count with thousands separators, for display: 28356 → "28,356".
#[must_use]
pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}
