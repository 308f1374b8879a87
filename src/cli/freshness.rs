//! `embedscope freshness DATASET [--method als] [--step week] [--k 10] [--json]`: how fast a
//! model goes stale ([`crate::eval::freshness`]): trained up to the end of week w and evaluated
//! on each later week, Recall@k and nDCG@k against the model's age, and the retraining interval
//! at which the mean falls below the target — `--target`, else the goal kept in the workspace
//! for the dataset (`embedscope goal set`, or the app's goal card). JSON: `rows` of
//! `{"trained_until", "evaluated_on", "age_days", "recall@k", "ndcg@k", "users"}`, their mean
//! per age in `by_age`, and `retrain_every`.

use std::path::PathBuf;
use std::time::Instant;

use anyhow::bail;
use clap::{Args, ValueEnum};
use serde_json::{Value, json};

use super::runs::{WorkspaceArgs, open_workspace};
use crate::eval::freshness::{FreshMethod, Freshness, FreshnessParams, Retrain, freshness};
use crate::eval::goal::Goal;

/// A period length.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub(super) enum StepArg {
    /// One day.
    Day,
    /// Seven days.
    Week,
    /// Thirty days.
    Month,
}

impl StepArg {
    fn days(self) -> i64 {
        match self {
            Self::Day => 1,
            Self::Week => 7,
            Self::Month => 30,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Self::Day => "day",
            Self::Week => "week",
            Self::Month => "month",
        }
    }
}

/// The model measured.
#[derive(Debug, Clone, Copy, ValueEnum)]
pub(super) enum FreshMethodArg {
    /// Implicit ALS with the app's defaults (32 factors).
    Als,
    /// The most popular items of the training part.
    Popularity,
}

/// The metric the target is read against.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(super) enum TargetMetric {
    /// Recall@k.
    Recall,
    /// nDCG@k.
    Ndcg,
}

#[derive(Debug, Args)]
pub(super) struct FreshnessArgs {
    /// Dataset whose interactions carry timestamps (Unix seconds).
    dataset: PathBuf,
    /// The model to train at each cutoff.
    #[arg(long, value_enum, default_value = "als")]
    method: FreshMethodArg,
    /// Period length: the model is trained up to the end of a period and evaluated on each
    /// later one.
    #[arg(long, value_enum, default_value = "week")]
    step: StepArg,
    /// List length (default: the kept goal's k when its metric is recall or ndcg, else 10).
    #[arg(long)]
    k: Option<usize>,
    /// Oldest model age measured, in periods (steps).
    #[arg(long, default_value_t = 8)]
    horizon: usize,
    /// How many of the last whole periods are evaluated, each by a model of every age
    /// (evaluated + horizon − 1 models are trained).
    #[arg(long, default_value_t = 5)]
    evaluated: usize,
    /// Interactions the training part needs before the first cutoff.
    #[arg(long, default_value_t = 1000)]
    min_train: usize,
    /// The value the metric must keep (default: the goal kept in the workspace, if its metric
    /// is recall or ndcg).
    #[arg(long)]
    target: Option<f64>,
    /// The metric `--target` is read against.
    #[arg(long, value_enum, default_value = "recall", requires = "target")]
    metric: TargetMetric,
    /// Print JSON on stdout.
    #[arg(long)]
    json: bool,
}

/// The target: (metric, value, where it came from).
type Target = (TargetMetric, f64, &'static str);

pub(super) fn cmd_freshness(a: &FreshnessArgs, w: &WorkspaceArgs) -> anyhow::Result<()> {
    if let Some(t) = a.target
        && !(t.is_finite() && t >= 0.0)
    {
        bail!("--target must be a number ≥ 0, got {t}");
    }
    let data = crate::data::formats::load_with(&a.dataset, None, None)?;
    let goal = match (a.target, open_workspace(w)?) {
        (None, Some(ws)) => ws.goal(&data.root)?,
        _ => None,
    };
    let from_goal = goal.as_ref().and_then(goal_target);
    let k = a.k.or(from_goal.map(|g| g.1)).unwrap_or(10);
    let target: Option<Target> = match (a.target, from_goal) {
        (Some(t), _) => Some((a.metric, t, "--target")),
        (None, Some((m, gk, t))) if gk == k => Some((m, t, "goal")),
        _ => None,
    };
    let params = FreshnessParams {
        method: match a.method {
            FreshMethodArg::Als => FreshMethod::Als,
            FreshMethodArg::Popularity => FreshMethod::Popularity,
        },
        step_days: a.step.days(),
        k,
        horizon: a.horizon,
        min_train: a.min_train,
        evaluated: a.evaluated,
        ..FreshnessParams::default()
    };
    let start = Instant::now();
    let f = freshness(&data, &params, &super::progress_bar::stderr_progress())?;
    let secs = start.elapsed().as_secs_f64();
    let doc = document(&f, a, target, &data.name, secs);
    if a.json {
        println!("{}", serde_json::to_string_pretty(&doc)?);
    } else {
        print_text(&doc, &f);
    }
    Ok(())
}

/// The goal's metric, k and target, when the metric is one freshness measures.
fn goal_target(g: &Goal) -> Option<(TargetMetric, usize, f64)> {
    match g.metric.as_str() {
        "recall" => Some((TargetMetric::Recall, g.k, g.target)),
        "ndcg" => Some((TargetMetric::Ndcg, g.k, g.target)),
        _ => None,
    }
}

fn round(v: f64) -> f64 {
    (v * 1e6).round() / 1e6
}

fn document(
    f: &Freshness,
    a: &FreshnessArgs,
    target: Option<Target>,
    dataset: &str,
    secs: f64,
) -> Value {
    let (rk, nk) = (format!("recall@{}", f.k), format!("ndcg@{}", f.k));
    let rows: Vec<Value> = f
        .rows
        .iter()
        .map(|r| {
            let mut v = json!({
                "trained_until": r.trained_until,
                "evaluated_on": r.evaluated_on,
                "age_days": r.age_days,
            });
            v[&rk] = json!(round(r.recall));
            v[&nk] = json!(round(r.ndcg));
            v["users"] = json!(r.users);
            v
        })
        .collect();
    let by_age: Vec<Value> = f
        .by_age
        .iter()
        .map(|m| {
            let mut v = json!({"age_days": m.age_days, "models": m.models});
            v[&rk] = json!(round(m.recall));
            v[&nk] = json!(round(m.ndcg));
            v
        })
        .collect();
    let name = |m: TargetMetric| match m {
        TargetMetric::Recall => rk.clone(),
        TargetMetric::Ndcg => nk.clone(),
    };
    let retrain = target.and_then(|(m, t, _)| f.retrain_every(t, m == TargetMetric::Ndcg));
    json!({
        "cmd": "freshness",
        "dataset": dataset,
        "method": f.method.as_str(),
        "step": a.step.name(),
        "step_days": f.step_days,
        "k": f.k,
        "horizon": a.horizon,
        "models": f.rows.iter().map(|r| &r.trained_until).collect::<std::collections::BTreeSet<_>>().len(),
        "rows": rows,
        "by_age": by_age,
        "target": target.map(|(m, t, source)| json!({"metric": name(m), "value": t, "source": source})),
        "retrain_every": retrain.map(|r| retrain_json(r, f.step_days)),
        "seconds": (secs * 1000.0).round() / 1000.0,
    })
}

fn retrain_json(r: Retrain, step_days: i64) -> Value {
    match r {
        Retrain::Every { periods } => json!({
            "kind": "every",
            "periods": periods,
            "days": periods as i64 * step_days,
        }),
        Retrain::NotWithin { periods } => json!({
            "kind": "not_within",
            "periods": periods,
            "days": periods as i64 * step_days,
        }),
        Retrain::BelowWhenFresh => json!({"kind": "below_when_fresh"}),
    }
}

fn print_text(doc: &Value, f: &Freshness) {
    let step = doc["step"].as_str().unwrap_or("");
    println!(
        "freshness of {} on {}: trained up to the end of a {step}, evaluated on each later {step} (k = {}, {} models, {:.1} s)",
        f.method.as_str(),
        doc["dataset"].as_str().unwrap_or(""),
        f.k,
        doc["models"],
        doc["seconds"].as_f64().unwrap_or(0.0)
    );
    println!();
    println!(
        "  {:<13} {:<13} {:>8} {:>10} {:>10} {:>7}",
        "trained until", "evaluated on", "age (d)", "recall", "ndcg", "users"
    );
    for r in &f.rows {
        println!(
            "  {:<13} {:<13} {:>8} {:>10.4} {:>10.4} {:>7}",
            r.trained_until, r.evaluated_on, r.age_days, r.recall, r.ndcg, r.users
        );
    }
    println!();
    println!("mean by age:");
    for m in &f.by_age {
        println!(
            "  {:>4} days  recall {:.4}  ndcg {:.4}  ({} models)",
            m.age_days, m.recall, m.ndcg, m.models
        );
    }
    let Some(t) = doc["target"].as_object() else {
        println!();
        println!(
            "no target (give --target, or keep a goal for this dataset): no retraining interval"
        );
        return;
    };
    let metric = t["metric"].as_str().unwrap_or("");
    let value = t["value"].as_f64().unwrap_or(0.0);
    let r = &doc["retrain_every"];
    println!();
    match r["kind"].as_str() {
        Some("every") => println!(
            "{metric} stays at or above {value} for {} {step}(s), then falls below: retrain every {} {step}(s) ({} days)",
            r["periods"], r["periods"], r["days"]
        ),
        Some("not_within") => println!(
            "{metric} stays at or above {value} for all {} {step}(s) measured: retraining every {} {step}(s) is enough",
            r["periods"], r["periods"]
        ),
        Some("below_when_fresh") => println!(
            "{metric} is below {value} even right after training: retraining more often will not reach the target"
        ),
        _ => {}
    }
}
