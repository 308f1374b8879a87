//! The results reader: visitors and conversions per arm → rates, relative lift with its 95 %
//! interval, the pooled two-proportion z-test, and a verdict that says whether to stop.

use super::normal;
use super::plan::{PlanParams, plan};
use super::{AbTestError, Param, days_for, unit};

/// Which arm of the test.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Arm {
    /// The current experience.
    Control,
    /// The new one.
    Treatment,
}

impl std::fmt::Display for Arm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::Control => "control",
            Self::Treatment => "treatment",
        })
    }
}

/// What one arm saw.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ArmCounts {
    /// Users (or sessions) in the arm.
    pub visitors: u64,
    /// Of them, how many converted (clicked, bought…).
    pub conversions: u64,
}

impl ArmCounts {
    fn check(self, arm: Arm) -> Result<Self, AbTestError> {
        if self.visitors == 0 {
            return Err(AbTestError::NoVisitors { arm });
        }
        if self.conversions > self.visitors {
            return Err(AbTestError::ConversionsExceedVisitors {
                arm,
                conversions: self.conversions,
                visitors: self.visitors,
            });
        }
        Ok(self)
    }

    /// conversions / visitors.
    #[must_use]
    pub fn rate(self) -> f64 {
        self.conversions as f64 / self.visitors as f64
    }
}

/// How the reading is judged, and the plan it is held against.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ReadParams {
    /// Significance level of the two-sided test.
    pub alpha: f64,
    /// The planned users per arm; `None` plans it from the observed control rate with
    /// `uplift` and `power` at `alpha`.
    pub planned_per_arm: Option<u64>,
    /// Minimum detectable uplift the test was planned for.
    pub uplift: f64,
    /// Planned power.
    pub power: f64,
    /// Share of traffic in the test.
    pub share: f64,
    /// Users a day.
    pub daily_users: f64,
}

impl Default for ReadParams {
    /// The planner's defaults ([`PlanParams::default`]), no fixed plan.
    fn default() -> Self {
        let p = PlanParams::default();
        Self {
            alpha: p.alpha,
            planned_per_arm: None,
            uplift: p.uplift,
            power: p.power,
            share: p.share,
            daily_users: p.daily_users,
        }
    }
}

/// What the test says, in one stable key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Verdict {
    /// p < α and the treatment converts better.
    SignificantUp,
    /// p < α and the treatment converts worse.
    SignificantDown,
    /// Not significant and the planned sample is not reached: keep running.
    NotSignificantYet,
    /// Not significant with the planned sample reached: no difference of the planned size.
    NotSignificant,
}

impl Verdict {
    /// The stable key (`significant_up`, …).
    #[must_use]
    pub fn key(self) -> &'static str {
        match self {
            Self::SignificantUp => "significant_up",
            Self::SignificantDown => "significant_down",
            Self::NotSignificantYet => "not_significant_yet",
            Self::NotSignificant => "not_significant",
        }
    }
}

/// The reading of a test.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Reading {
    /// The control arm.
    pub control: ArmCounts,
    /// The treatment arm.
    pub treatment: ArmCounts,
    /// Control conversion rate.
    pub rate_control: f64,
    /// Treatment conversion rate.
    pub rate_treatment: f64,
    /// Relative lift rate_treatment / rate_control − 1 (`None` when the control has no
    /// conversions).
    pub lift: Option<f64>,
    /// 95 % interval of the lift: Katz's log interval of the rate ratio, minus 1 (`None` when
    /// an arm has no conversions).
    pub lift_ci95: Option<[f64; 2]>,
    /// z statistic (treatment − control over the pooled standard error); 0 when the pooled
    /// rate is 0 or 1 (statsmodels returns NaN there: no evidence either way).
    pub z: f64,
    /// Two-sided p-value.
    pub p_value: f64,
    /// The significance level used.
    pub alpha: f64,
    /// The verdict.
    pub verdict: Verdict,
    /// Planned users per arm, when known.
    pub planned_per_arm: Option<u64>,
    /// Users per arm still missing to the plan (0 once reached).
    pub more_users_per_arm: Option<u64>,
    /// Days still needed at the planned traffic.
    pub more_days: Option<u64>,
    /// Significant before the planned sample: stopping now overstates the evidence.
    pub early_stop_warning: bool,
}

/// `proportions_ztest([t, c], [n_t, n_c])`: z and the two-sided p-value, pooled variance.
#[must_use]
pub fn z_test(control: ArmCounts, treatment: ArmCounts) -> (f64, f64) {
    let (nt, nc) = (treatment.visitors as f64, control.visitors as f64);
    let diff = treatment.rate() - control.rate();
    let pooled = (treatment.conversions as f64 + control.conversions as f64) / (nt + nc);
    let std = (pooled * (1.0 - pooled) * (1.0 / nt + 1.0 / nc)).sqrt();
    if std == 0.0 || !std.is_finite() {
        return (0.0, 1.0);
    }
    let z = diff / std;
    (z, 2.0 * normal::sf(z.abs()))
}

/// Katz's log interval of treatment rate / control rate at level 1 − `alpha`
/// (`confint_proportions_2indep(t, n_t, c, n_c, compare="ratio", method="log")`); `None`
/// when an arm has no conversions.
#[must_use]
pub fn ratio_interval(control: ArmCounts, treatment: ArmCounts, alpha: f64) -> Option<[f64; 2]> {
    if control.conversions == 0 || treatment.conversions == 0 {
        return None;
    }
    let (ct, nt) = (treatment.conversions as f64, treatment.visitors as f64);
    let (cc, nc) = (control.conversions as f64, control.visitors as f64);
    let ratio = (ct / nt) / (cc / nc);
    let var = 1.0 / ct - 1.0 / nt + 1.0 / cc - 1.0 / nc;
    let half = -normal::quantile(alpha / 2.0) * var.max(0.0).sqrt();
    Some([(ratio.ln() - half).exp(), (ratio.ln() + half).exp()])
}

/// Read a test.
///
/// # Errors
/// An arm with no visitors or more conversions than visitors; α, power, share or daily users
/// out of range.
pub fn read(
    control: ArmCounts,
    treatment: ArmCounts,
    params: &ReadParams,
) -> Result<Reading, AbTestError> {
    let control = control.check(Arm::Control)?;
    let treatment = treatment.check(Arm::Treatment)?;
    let alpha = unit(Param::Alpha, params.alpha)?;
    // The baseline of the plan is the observed control rate (checked when planning).
    let traffic = PlanParams {
        baseline: control.rate(),
        uplift: params.uplift,
        alpha,
        power: params.power,
        share: params.share,
        daily_users: params.daily_users,
    };
    traffic.validate_test()?;
    if params.uplift.is_nan() || params.uplift <= 0.0 || params.uplift.is_infinite() {
        return Err(AbTestError::UpliftNotPositive(params.uplift));
    }
    let (rate_control, rate_treatment) = (control.rate(), treatment.rate());
    let lift = (control.conversions > 0).then(|| rate_treatment / rate_control - 1.0);
    let lift_ci95 = ratio_interval(control, treatment, 0.05).map(|[lo, hi]| [lo - 1.0, hi - 1.0]);
    let (z, p_value) = z_test(control, treatment);
    let planned_per_arm = params
        .planned_per_arm
        .or_else(|| plan(&traffic).ok().map(|p| p.per_arm));
    let seen = control.visitors.min(treatment.visitors);
    let more_users_per_arm = planned_per_arm.map(|n| n.saturating_sub(seen));
    let more_days =
        more_users_per_arm.map(|m| days_for(m.saturating_mul(2), traffic.users_in_test_per_day()));
    let reached = more_users_per_arm.is_some_and(|m| m == 0);
    let significant = p_value < alpha;
    let verdict = match (significant, z > 0.0) {
        (true, true) => Verdict::SignificantUp,
        (true, false) => Verdict::SignificantDown,
        (false, _) if reached => Verdict::NotSignificant,
        (false, _) => Verdict::NotSignificantYet,
    };
    Ok(Reading {
        control,
        treatment,
        rate_control,
        rate_treatment,
        lift,
        lift_ci95,
        z,
        p_value,
        alpha,
        verdict,
        planned_per_arm,
        more_users_per_arm,
        more_days,
        early_stop_warning: significant && more_users_per_arm.is_some_and(|m| m > 0),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn arm(visitors: u64, conversions: u64) -> ArmCounts {
        ArmCounts {
            visitors,
            conversions,
        }
    }

    #[test]
    fn issue_example_by_hand() {
        // 5.0 % vs 5.6 % of 10 000: pooled 0.053, se = √(0.053·0.947·2/10 000) = 0.003 168 2,
        // z = 0.006 / se = 1.893 75, p = 0.058 26 (statsmodels: 1.8937529756356748,
        // 0.05825780603351623).
        let r = read(arm(10_000, 500), arm(10_000, 560), &ReadParams::default()).expect("valid");
        assert!((r.z - 1.893_752_975_635_674_8).abs() < 1e-12);
        assert!((r.p_value - 0.058_257_806_033_516_23).abs() < 1e-12);
        assert!((r.lift.expect("lift") - 0.12).abs() < 1e-12);
        let [lo, hi] = r.lift_ci95.expect("interval");
        assert!((lo - (0.995_972_539_279_672_1 - 1.0)).abs() < 1e-12);
        assert!((hi - (1.259_472_475_925_122_3 - 1.0)).abs() < 1e-12);
        // Planned for +15 % on 5 %: 14 178 per arm; 4 178 more per arm at 2 000 a day → 5 days.
        assert_eq!(r.verdict, Verdict::NotSignificantYet);
        assert_eq!(r.planned_per_arm, Some(14_178));
        assert_eq!(r.more_users_per_arm, Some(4_178));
        assert_eq!(r.more_days, Some(5));
        assert!(!r.early_stop_warning);
    }

    #[test]
    fn verdicts() {
        let d = ReadParams::default();
        let up = read(arm(20_000, 1000), arm(20_000, 1200), &d).expect("valid");
        assert_eq!(up.verdict, Verdict::SignificantUp);
        assert!(!up.early_stop_warning, "20 000 ≥ the planned 14 178");
        let down = read(arm(20_000, 1200), arm(20_000, 1000), &d).expect("valid");
        assert_eq!(down.verdict, Verdict::SignificantDown);
        assert!(down.z < 0.0);
        let flat = read(arm(20_000, 1000), arm(20_000, 1010), &d).expect("valid");
        assert_eq!(flat.verdict, Verdict::NotSignificant);
        assert_eq!(flat.more_days, Some(0));
        let early = read(arm(5_000, 200), arm(5_000, 300), &d).expect("valid");
        assert_eq!(early.verdict, Verdict::SignificantUp);
        assert!(early.early_stop_warning);
        let fixed = read(
            arm(5_000, 250),
            arm(5_000, 260),
            &ReadParams {
                planned_per_arm: Some(6_000),
                ..d
            },
        )
        .expect("valid");
        // 1 000 more per arm = 2 000 users = one day at 2 000 a day.
        assert_eq!(
            (fixed.more_users_per_arm, fixed.more_days),
            (Some(1000), Some(1))
        );
        assert_eq!(Verdict::NotSignificantYet.key(), "not_significant_yet");
    }

    #[test]
    fn huge_counts_do_not_overflow() {
        let big = u64::MAX / 2 + 7;
        let r = read(
            arm(big, big - 3),
            arm(big, big),
            &ReadParams {
                planned_per_arm: Some(u64::MAX),
                ..ReadParams::default()
            },
        )
        .expect("valid");
        assert!(r.p_value.is_finite() && r.more_days.is_some());
    }

    #[test]
    fn degenerate_counts() {
        let d = ReadParams::default();
        let none = read(arm(10, 0), arm(10, 0), &d).expect("valid");
        assert_eq!((none.z, none.p_value), (0.0, 1.0));
        assert_eq!((none.lift, none.lift_ci95), (None, None));
        assert_eq!(none.planned_per_arm, None, "no baseline to plan from");
        let all = read(arm(10, 10), arm(10, 10), &d).expect("valid");
        assert_eq!((all.z, all.p_value), (0.0, 1.0));
        assert_eq!(all.lift_ci95, Some([0.0, 0.0]));
    }

    #[test]
    fn invalid_counts() {
        let d = ReadParams::default();
        assert_eq!(
            read(arm(0, 0), arm(10, 1), &d),
            Err(AbTestError::NoVisitors { arm: Arm::Control })
        );
        assert_eq!(
            read(arm(10, 1), arm(10, 11), &d),
            Err(AbTestError::ConversionsExceedVisitors {
                arm: Arm::Treatment,
                conversions: 11,
                visitors: 10
            })
        );
        assert!(read(arm(10, 1), arm(10, 1), &ReadParams { alpha: 0.0, ..d }).is_err());
        assert!(read(arm(10, 1), arm(10, 1), &ReadParams { share: 2.0, ..d }).is_err());
    }
}
