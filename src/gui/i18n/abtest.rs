//! The A/B test planner's and reader's texts that take numbers: errors
//! ([`AbTestError`]) and the verdict sentence, in the UI language.

use super::{Key, Lang, fill, tr};
use crate::eval::abtest::{AbTestError, Arm, Param, Reading, Verdict, thousands};

/// A rate as a percentage with up to three decimals: 0.0575 → "5.75 %".
#[must_use]
pub fn pct(x: f64) -> String {
    let s = format!("{:.3}", x * 100.0);
    let s = s.trim_end_matches('0').trim_end_matches('.');
    format!("{s} %")
}

/// A relative change with its sign: 0.12 → "+12.0 %".
#[must_use]
pub fn signed_pct(x: f64) -> String {
    format!("{:+.1} %", x * 100.0)
}

fn arm_name(lang: Lang, arm: Arm) -> &'static str {
    tr(
        lang,
        match arm {
            Arm::Control => Key::AbControl,
            Arm::Treatment => Key::AbTreatment,
        },
    )
}

/// An A/B test input error in the UI language.
#[must_use]
pub fn abtest_error_message(lang: Lang, e: &AbTestError) -> String {
    match e {
        AbTestError::OutOfUnitInterval { param, value } => fill(
            tr(lang, Key::AbErrUnit),
            &[
                (
                    "param",
                    tr(
                        lang,
                        match param {
                            Param::Baseline => Key::AbBaseline,
                            Param::Alpha => Key::AbAlpha,
                            Param::Power => Key::AbPower,
                        },
                    )
                    .to_owned(),
                ),
                ("value", value.to_string()),
            ],
        ),
        AbTestError::UpliftNotPositive(v) => {
            fill(tr(lang, Key::AbErrUplift), &[("value", v.to_string())])
        }
        AbTestError::TreatmentRateTooHigh {
            baseline,
            uplift,
            treatment,
        } => fill(
            tr(lang, Key::AbErrTooHigh),
            &[
                ("baseline", pct(*baseline)),
                ("uplift", signed_pct(*uplift)),
                ("treatment", pct(*treatment)),
            ],
        ),
        AbTestError::ShareOutOfRange(v) => {
            fill(tr(lang, Key::AbErrShare), &[("value", v.to_string())])
        }
        AbTestError::DailyUsersNotPositive(v) => {
            fill(tr(lang, Key::AbErrDaily), &[("value", v.to_string())])
        }
        AbTestError::PowerNotAboveAlpha { power, alpha } => fill(
            tr(lang, Key::AbErrPowerAlpha),
            &[("power", power.to_string()), ("alpha", alpha.to_string())],
        ),
        AbTestError::UpliftTooSmall { baseline, uplift } => fill(
            tr(lang, Key::AbErrTooSmall),
            &[
                ("baseline", pct(*baseline)),
                ("uplift", signed_pct(*uplift)),
            ],
        ),
        AbTestError::NoVisitors { arm } => fill(
            tr(lang, Key::AbErrNoVisitors),
            &[("arm", arm_name(lang, *arm).to_owned())],
        ),
        AbTestError::ConversionsExceedVisitors {
            arm,
            conversions,
            visitors,
        } => fill(
            tr(lang, Key::AbErrConversions),
            &[
                ("arm", arm_name(lang, *arm).to_owned()),
                ("conversions", thousands(*conversions)),
                ("visitors", thousands(*visitors)),
            ],
        ),
    }
}

/// The verdict in plain words: one sentence, plus the warning against stopping early when the
/// test is still running or was significant before its planned sample. `uplift` is the
/// planned minimum detectable uplift.
#[must_use]
pub fn verdict_sentence(lang: Lang, r: &Reading, uplift: f64) -> Vec<String> {
    let lift = match (r.lift, r.lift_ci95) {
        (Some(l), Some([lo, hi])) => format!(
            "{}, 95 %: {} … {}",
            signed_pct(l),
            signed_pct(lo),
            signed_pct(hi)
        ),
        (Some(l), None) => signed_pct(l),
        (None, _) => "—".to_owned(),
    };
    let mut args = vec![
        ("lift", lift),
        ("p", format!("{:.4}", r.p_value)),
        ("alpha", r.alpha.to_string()),
        ("uplift", signed_pct(uplift)),
        (
            "planned",
            r.planned_per_arm.map_or_else(String::new, thousands),
        ),
    ];
    let key = match (r.verdict, r.more_days, r.more_users_per_arm) {
        (Verdict::SignificantUp, ..) => Key::AbVerdictUp,
        (Verdict::SignificantDown, ..) => Key::AbVerdictDown,
        (Verdict::NotSignificantYet, Some(days), Some(more)) => {
            args.push(("days", days.to_string()));
            args.push(("more", thousands(more)));
            Key::AbVerdictYet
        }
        (Verdict::NotSignificantYet, ..) => Key::AbVerdictYetNoPlan,
        (Verdict::NotSignificant, ..) => Key::AbVerdictNone,
    };
    let mut out = vec![fill(tr(lang, key), &args)];
    if r.verdict == Verdict::NotSignificantYet || r.early_stop_warning {
        out.push(tr(lang, Key::AbNoPeeking).to_owned());
    }
    if r.early_stop_warning {
        out.push(tr(lang, Key::AbEarly).to_owned());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::abtest::{ArmCounts, PlanParams, ReadParams, read};

    #[test]
    fn verdict_in_both_languages() {
        let arm = |visitors, conversions| ArmCounts {
            visitors,
            conversions,
        };
        let r = read(arm(10_000, 500), arm(10_000, 560), &ReadParams::default()).expect("valid");
        let en = verdict_sentence(Lang::En, &r, 0.15);
        assert_eq!(
            en[0],
            "Not significant yet (p = 0.0583 ≥ 0.05): keep running about 5 more days (4,178 more users per arm to the planned 14,178)."
        );
        assert!(en[1].starts_with("Do not stop early"));
        let ja = verdict_sentence(Lang::Ja, &r, 0.15);
        assert!(
            ja[0].contains("あと約 5 日") && ja[0].contains("14,178"),
            "{}",
            ja[0]
        );
        assert_eq!(pct(0.0575), "5.75 %");
        assert_eq!(pct(0.05), "5 %");
        assert_eq!(signed_pct(0.15), "+15.0 %");
    }

    #[test]
    fn every_error_is_translated() {
        let bad = [
            PlanParams {
                baseline: 0.0,
                ..PlanParams::default()
            },
            PlanParams {
                baseline: 0.9,
                uplift: 0.2,
                ..PlanParams::default()
            },
            PlanParams {
                share: 0.0,
                ..PlanParams::default()
            },
        ];
        for p in bad {
            let e = crate::eval::abtest::plan(&p).expect_err("invalid");
            let (en, ja) = (
                abtest_error_message(Lang::En, &e),
                abtest_error_message(Lang::Ja, &e),
            );
            assert!(!en.contains('{') && !ja.contains('{'), "{en} / {ja}");
            assert_ne!(en, ja);
        }
        let e = AbTestError::ConversionsExceedVisitors {
            arm: Arm::Treatment,
            conversions: 11,
            visitors: 10,
        };
        assert_eq!(
            abtest_error_message(Lang::En, &e),
            "Treatment (B): 11 conversions is more than its 10 visitors."
        );
    }
}
