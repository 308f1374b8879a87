//! `embedscope abtest plan` and `embedscope abtest read`: the online A/B test after the offline
//! evaluation ([`crate::eval::abtest`]): users and days needed to see an uplift, and what a
//! finished or running test says, with a verdict in words.

use std::fmt::Write as _;

use clap::{Args, Subcommand};
use serde_json::json;

use crate::eval::abtest::plan::{SHARES, curve, share_effect};
use crate::eval::abtest::{
    ArmCounts, CurvePoint, Plan, PlanParams, ReadParams, Reading, ShareEffect, Verdict, plan, read,
    thousands,
};

/// The uplifts of the days-against-uplift table (the planned one is added).
const CURVE_UPLIFTS: [f64; 9] = [0.01, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3, 0.5, 1.0];

#[derive(Debug, Args)]
pub(super) struct AbtestArgs {
    #[command(subcommand)]
    command: AbtestCommand,
}

#[derive(Debug, Subcommand)]
enum AbtestCommand {
    /// Users per arm, total users and days a two-sided test on two proportions needs to detect
    /// a relative uplift (sample size as statsmodels' NormalIndPower with Cohen's h).
    Plan(PlanArgs),
    /// Read a test: rates, relative lift with its 95 % interval, the pooled z-test and a
    /// verdict (significant up / down, or keep running N more days).
    Read(ReadArgs),
}

/// The test's design, shared by `plan` and `read`.
#[derive(Debug, Args)]
struct DesignArgs {
    /// Significance level alpha of the two-sided test.
    #[arg(long, default_value_t = 0.05)]
    alpha: f64,
    /// Power: the chance of detecting the uplift if it is real.
    #[arg(long, default_value_t = 0.8)]
    power: f64,
    /// Share of all traffic in the test (both arms), in (0, 1].
    #[arg(long, default_value_t = 0.1)]
    share: f64,
    /// Users a day on the site or app.
    #[arg(long, default_value_t = 20_000.0)]
    daily_users: f64,
    /// Print JSON on stdout.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
struct PlanArgs {
    /// Conversion rate today (CTR or CVR), in (0, 1): 0.05 = 5 %.
    #[arg(long)]
    baseline: f64,
    /// Smallest relative uplift worth detecting: 0.15 = +15 %.
    #[arg(long)]
    uplift: f64,
    #[command(flatten)]
    design: DesignArgs,
}

#[derive(Debug, Args)]
struct ReadArgs {
    /// Control arm as VISITORS,CONVERSIONS (e.g. 10000,500).
    #[arg(long, value_parser = parse_arm, value_name = "VISITORS,CONVERSIONS")]
    control: ArmCounts,
    /// Treatment arm as VISITORS,CONVERSIONS (e.g. 10000,560).
    #[arg(long, value_parser = parse_arm, value_name = "VISITORS,CONVERSIONS")]
    treatment: ArmCounts,
    /// Planned users per arm [default: planned from the control's rate with --uplift and
    /// --power].
    #[arg(long)]
    planned_per_arm: Option<u64>,
    /// The minimum detectable uplift the test was planned for (when --planned-per-arm is not
    /// given).
    #[arg(long, default_value_t = 0.15)]
    uplift: f64,
    #[command(flatten)]
    design: DesignArgs,
}

/// `10000,500` → 10 000 visitors, 500 conversions.
pub(super) fn parse_arm(s: &str) -> Result<ArmCounts, String> {
    let bad = || {
        format!(
            "expected VISITORS,CONVERSIONS as two whole numbers (e.g. 10000,500), found \"{s}\""
        )
    };
    let (v, c) = s.split_once(',').ok_or_else(bad)?;
    let number = |t: &str| t.trim().replace('_', "").parse::<u64>().map_err(|_| bad());
    Ok(ArmCounts {
        visitors: number(v)?,
        conversions: number(c)?,
    })
}

pub(super) fn cmd_abtest(a: &AbtestArgs) -> anyhow::Result<()> {
    match &a.command {
        AbtestCommand::Plan(p) => cmd_plan(p),
        AbtestCommand::Read(r) => cmd_read(r),
    }
}

fn cmd_plan(a: &PlanArgs) -> anyhow::Result<()> {
    let d = &a.design;
    let params = PlanParams {
        baseline: a.baseline,
        uplift: a.uplift,
        alpha: d.alpha,
        power: d.power,
        share: d.share,
        daily_users: d.daily_users,
    };
    let p = plan(&params)?;
    let mut uplifts = CURVE_UPLIFTS.to_vec();
    if !uplifts.contains(&a.uplift) {
        uplifts.push(a.uplift);
        uplifts.sort_by(f64::total_cmp);
    }
    let points = curve(&params, &uplifts);
    let shares = share_effect(&p, &SHARES);
    if d.json {
        let mut v = serde_json::to_value(&p)?;
        v["test"] =
            json!("two-sided z-test on two proportions, Cohen's h, statsmodels NormalIndPower");
        v["curve"] = serde_json::to_value(&points)?;
        v["days_by_share"] = serde_json::to_value(&shares)?;
        println!("{}", serde_json::to_string_pretty(&v)?);
    } else {
        print!("{}", plan_text(&p, &points, &shares));
    }
    Ok(())
}

fn cmd_read(a: &ReadArgs) -> anyhow::Result<()> {
    let d = &a.design;
    let params = ReadParams {
        alpha: d.alpha,
        planned_per_arm: a.planned_per_arm,
        uplift: a.uplift,
        power: d.power,
        share: d.share,
        daily_users: d.daily_users,
    };
    let r = read(a.control, a.treatment, &params)?;
    let sentence = verdict_sentence(&r, a.uplift);
    if d.json {
        let mut v = serde_json::to_value(&r)?;
        v["lift_ci95_method"] = json!("katz_log_ratio");
        v["test"] = json!("two-sided pooled z-test (statsmodels proportions_ztest)");
        v["verdict_text"] = json!(sentence);
        println!("{}", serde_json::to_string_pretty(&v)?);
    } else {
        print!("{}", read_text(&r, &sentence));
    }
    Ok(())
}

/// A signed percentage: 0.123 → "+12.3 %".
fn signed_pct(x: f64) -> String {
    format!("{:+.1} %", x * 100.0)
}

fn plan_text(p: &Plan, points: &[CurvePoint], shares: &[ShareEffect]) -> String {
    let q = &p.params;
    let mut out = String::from(
        "A/B test plan (two-sided z-test on two proportions; sample size as statsmodels NormalIndPower)\n",
    );
    let rows = [
        ("baseline rate", format!("{:.3} %", q.baseline * 100.0)),
        (
            "treatment rate",
            format!(
                "{:.3} % ({})",
                p.treatment_rate * 100.0,
                signed_pct(q.uplift)
            ),
        ),
        ("alpha / power", format!("{} / {}", q.alpha, q.power)),
        ("effect size (Cohen's h)", format!("{:.5}", p.effect_size_h)),
        ("users per arm", thousands(p.per_arm)),
        ("users in total", thousands(p.total)),
        (
            "users in the test per day",
            format!(
                "{} ({:.1} % of {})",
                thousands(p.users_in_test_per_day.round() as u64),
                q.share * 100.0,
                thousands(q.daily_users.round() as u64)
            ),
        ),
        ("days", p.days.to_string()),
    ];
    for (label, value) in rows {
        let _ = writeln!(out, "  {label:<26} {value}");
    }
    let _ = writeln!(out, "\nDays against uplift (smaller effects take longer):");
    let _ = writeln!(
        out,
        "  {:>9}  {:>14}  {:>7}",
        "uplift", "users per arm", "days"
    );
    for c in points {
        let _ = writeln!(
            out,
            "  {:>9}  {:>14}  {:>7}",
            signed_pct(c.uplift),
            thousands(c.per_arm),
            c.days
        );
    }
    let _ = writeln!(out, "\nDays against the share of traffic in the test:");
    let _ = writeln!(out, "  {:>7}  {:>7}", "share", "days");
    for s in shares {
        let _ = writeln!(out, "  {:>5.0} %  {:>7}", s.share * 100.0, s.days);
    }
    out
}

/// The verdict in one or two English sentences.
fn verdict_sentence(r: &Reading, uplift: f64) -> String {
    let lift = match (r.lift, r.lift_ci95) {
        (Some(l), Some([lo, hi])) => format!(
            "{}, 95 % interval {} to {}",
            signed_pct(l),
            signed_pct(lo),
            signed_pct(hi)
        ),
        (Some(l), None) => signed_pct(l),
        (None, _) => "no lift (the control has no conversions)".to_owned(),
    };
    let p = format!("p = {:.4}", r.p_value);
    let mut s = match r.verdict {
        Verdict::SignificantUp => format!(
            "Significant: the treatment converts better, {lift}; {p} < {}.",
            r.alpha
        ),
        Verdict::SignificantDown => format!(
            "Significant: the treatment converts worse, {lift}; {p} < {}. Do not launch it.",
            r.alpha
        ),
        Verdict::NotSignificantYet => {
            match (r.more_days, r.more_users_per_arm, r.planned_per_arm) {
                (Some(days), Some(more), Some(planned)) => format!(
                    "Not significant yet ({p} ≥ {}, lift {lift}): keep running about {days} more days \
                 ({} more users per arm to the planned {}).",
                    r.alpha,
                    thousands(more),
                    thousands(planned)
                ),
                _ => format!(
                    "Not significant yet ({p} ≥ {}): keep collecting data (no plan: the control has no \
                 conversions to plan from; give --planned-per-arm).",
                    r.alpha
                ),
            }
        }
        Verdict::NotSignificant => format!(
            "Not significant with the planned {} users per arm reached ({p} ≥ {}, lift {lift}): an \
             uplift of {} or more is unlikely; any real difference is smaller.",
            thousands(r.planned_per_arm.unwrap_or(0)),
            r.alpha,
            signed_pct(uplift)
        ),
    };
    if matches!(r.verdict, Verdict::NotSignificantYet) || r.early_stop_warning {
        s.push_str(
            " Do not stop early: checking the p-value every day and stopping at the first \
             p < alpha makes a false win far more likely than alpha; decide at the planned sample.",
        );
    }
    if r.early_stop_warning {
        s.push_str(" (This result came before the planned sample.)");
    }
    s
}

fn read_text(r: &Reading, sentence: &str) -> String {
    let mut out = String::from("A/B test reading (two-sided pooled z-test on two proportions)\n");
    let _ = writeln!(
        out,
        "  {:<10} {:>12} {:>12} {:>9}",
        "arm", "visitors", "conversions", "rate"
    );
    for (name, a, rate) in [
        ("control", r.control, r.rate_control),
        ("treatment", r.treatment, r.rate_treatment),
    ] {
        let _ = writeln!(
            out,
            "  {name:<10} {:>12} {:>12} {:>7.3} %",
            thousands(a.visitors),
            thousands(a.conversions),
            rate * 100.0
        );
    }
    let lift = r.lift.map_or_else(|| "—".to_owned(), signed_pct);
    let ci = r.lift_ci95.map_or_else(
        || "—".to_owned(),
        |[lo, hi]| format!("{} to {}", signed_pct(lo), signed_pct(hi)),
    );
    let _ = writeln!(
        out,
        "  relative lift {lift} (95 % interval, Katz log ratio: {ci})"
    );
    let _ = writeln!(
        out,
        "  z = {:.4}, p = {:.6} (alpha {})",
        r.z, r.p_value, r.alpha
    );
    let _ = writeln!(out, "  verdict: {}\n  {sentence}", r.verdict.key());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arm_syntax() {
        assert_eq!(
            parse_arm("10000,500"),
            Ok(ArmCounts {
                visitors: 10_000,
                conversions: 500
            })
        );
        assert_eq!(parse_arm(" 10_000 , 5 ").map(|a| a.visitors), Ok(10_000));
        for bad in [
            "10000",
            "10000;500",
            "a,b",
            "-1,0",
            "1.5,1",
            "10000,500,3",
            "",
        ] {
            assert!(parse_arm(bad).is_err(), "{bad}");
        }
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(thousands(12), "12");
        assert_eq!(signed_pct(0.15), "+15.0 %");
    }
}
