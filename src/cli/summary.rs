//! `embedscope summary DATASET [--format md|html] [--lang en|ja] [-o FILE]`: the one-page
//! workshop summary ([`crate::report::workshop_summary`], the same page as the app's Export
//! menu): the goal kept in the workspace for the dataset, where each method of an evaluation
//! report (`--eval`, the JSON of `embedscope eval --json`) stands against its target, and an A/B
//! test plan (`--baseline --uplift …`) and reading (`--control --treatment`) when given.

use std::path::PathBuf;

use anyhow::{Context as _, bail};
use clap::{Args, ValueEnum};

use super::runs::{WorkspaceArgs, open_workspace};
use crate::eval::abtest::{ArmCounts, PlanParams, ReadParams, plan, read};
use crate::eval::goal::standings;
use crate::report::workshop_summary::{self, Summary};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(super) enum SummaryFormat {
    /// Markdown.
    Md,
    /// A self-contained HTML page.
    Html,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(super) enum LangArg {
    /// English.
    En,
    /// Japanese.
    Ja,
}

#[derive(Debug, Args)]
pub(super) struct SummaryArgs {
    /// The dataset (its goal is read from the workspace).
    dataset: PathBuf,
    /// Page format [default: html when -o ends in .html or .htm, else md].
    #[arg(long, value_enum)]
    format: Option<SummaryFormat>,
    /// Language of the headings and sentences.
    #[arg(long, value_enum, default_value = "en")]
    lang: LangArg,
    /// Write the page here (default: stdout).
    #[arg(short = 'o', long = "out")]
    out: Option<PathBuf>,
    /// An evaluation report (`embedscope eval DATASET --json > eval.json`): each method
    /// against the goal's target, at the goal's k.
    #[arg(long, value_name = "FILE")]
    eval: Option<PathBuf>,
    /// A/B plan: the conversion rate today, in (0, 1).
    #[arg(long, requires = "uplift")]
    baseline: Option<f64>,
    /// A/B plan: the smallest relative uplift worth detecting (0.15 = +15 %).
    #[arg(long)]
    uplift: Option<f64>,
    /// A/B design: significance level.
    #[arg(long, default_value_t = 0.05)]
    alpha: f64,
    /// A/B design: power.
    #[arg(long, default_value_t = 0.8)]
    power: f64,
    /// A/B design: share of traffic in the test.
    #[arg(long, default_value_t = 0.1)]
    share: f64,
    /// A/B design: users a day.
    #[arg(long, default_value_t = 20_000.0)]
    daily_users: f64,
    /// A/B reading: the control arm as VISITORS,CONVERSIONS.
    #[arg(long, requires = "treatment", value_parser = super::abtest::parse_arm)]
    control: Option<ArmCounts>,
    /// A/B reading: the treatment arm as VISITORS,CONVERSIONS.
    #[arg(long, requires = "control", value_parser = super::abtest::parse_arm)]
    treatment: Option<ArmCounts>,
}

pub(super) fn cmd_summary(a: &SummaryArgs, w: &WorkspaceArgs) -> anyhow::Result<()> {
    let ja = a.lang == LangArg::Ja;
    let html = match a.format {
        Some(f) => f == SummaryFormat::Html,
        None => a.out.as_ref().is_some_and(|p| {
            p.extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"))
        }),
    };
    let data = crate::data::formats::load_with(&a.dataset, None, None)?;
    let goal = match open_workspace(w)? {
        Some(ws) => ws.goal(&data.root)?,
        None => None,
    };
    let report: Option<serde_json::Value> = match &a.eval {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("reading {}", path.display()))?;
            let v: serde_json::Value = serde_json::from_str(&text).with_context(|| {
                format!(
                    "{}: not JSON (expected the output of embedscope eval --json)",
                    path.display()
                )
            })?;
            if !v["methods"].is_object() {
                bail!(
                    "{}: no \"methods\" (expected the output of embedscope eval --json)",
                    path.display()
                );
            }
            Some(v)
        }
        None => None,
    };
    let rows = match (&goal, &report) {
        (Some(g), Some(r)) => standings(g, r),
        _ => Vec::new(),
    };
    let planned = match (a.baseline, a.uplift) {
        (Some(baseline), Some(uplift)) => Some(plan(&PlanParams {
            baseline,
            uplift,
            alpha: a.alpha,
            power: a.power,
            share: a.share,
            daily_users: a.daily_users,
        })?),
        _ => None,
    };
    let reading = match (a.control, a.treatment) {
        (Some(c), Some(t)) => Some(read(
            c,
            t,
            &ReadParams {
                alpha: a.alpha,
                planned_per_arm: planned.as_ref().map(|p| p.per_arm),
                uplift: a.uplift.unwrap_or(ReadParams::default().uplift),
                power: a.power,
                share: a.share,
                daily_users: a.daily_users,
            },
        )?),
        _ => None,
    };
    let s = Summary {
        dataset: data.display_name(ja),
        goal: goal.as_ref(),
        standings: &rows,
        plan: planned.as_ref(),
        reading: reading.as_ref(),
    };
    let page = if html {
        workshop_summary::html(&s, ja)
    } else {
        workshop_summary::markdown(&s, ja)
    };
    match &a.out {
        Some(path) => {
            let written = crate::report::write_file(path, page.as_bytes())?;
            eprintln!("wrote {}", written.path.display());
        }
        None => print!("{page}"),
    }
    Ok(())
}
