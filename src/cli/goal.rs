//! `embedscope goal set|show|clear DATASET`: the goal & KPI kept in the workspace with a
//! dataset — the same record as the app's goal card (evaluation panel, Learn step 0), read by
//! `freshness` for its target and by `summary`.

use std::path::{Path, PathBuf};

use anyhow::{Context as _, bail};
use clap::{Args, Subcommand};
use serde_json::json;

use super::runs::{WorkspaceArgs, open_workspace};
use crate::eval::goal::Goal;
use crate::store::Workspace;

#[derive(Debug, Args)]
pub(super) struct GoalArgs {
    #[command(subcommand)]
    command: GoalCommand,
}

#[derive(Debug, Subcommand)]
enum GoalCommand {
    /// Keep the goal for a dataset (replacing any).
    Set(SetArgs),
    /// Print the goal kept for a dataset.
    Show(ShowArgs),
    /// Forget the goal kept for a dataset.
    Clear(ShowArgs),
}

#[derive(Debug, Args)]
struct SetArgs {
    /// The dataset the goal is for.
    dataset: PathBuf,
    /// The goal in one sentence, e.g. "+15 % purchases through recommendations".
    #[arg(long)]
    sentence: String,
    /// The offline metric standing for it: recall, ndcg, precision, map, hit_rate, coverage or
    /// novelty, optionally with its k (`recall@10`).
    #[arg(long, default_value = "recall@10")]
    metric: String,
    /// The list length k (when --metric has no `@k`).
    #[arg(long)]
    k: Option<usize>,
    /// The value to reach, e.g. 0.2 for Recall@10 = 0.2.
    #[arg(long, allow_negative_numbers = true)]
    target: f64,
    /// Print the kept goal as JSON.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
struct ShowArgs {
    /// The dataset.
    dataset: PathBuf,
    /// Print JSON on stdout.
    #[arg(long)]
    json: bool,
}

pub(super) fn cmd_goal(a: &GoalArgs, w: &WorkspaceArgs) -> anyhow::Result<()> {
    let Some(ws) = open_workspace(w)? else {
        bail!("goals are kept in the workspace: drop --no-workspace");
    };
    match &a.command {
        GoalCommand::Set(s) => set(&ws, s),
        GoalCommand::Show(s) => {
            let root = dataset_root(&s.dataset)?;
            print(&root, ws.goal(&root)?.as_ref(), s.json)
        }
        GoalCommand::Clear(s) => {
            let root = dataset_root(&s.dataset)?;
            let cleared = Goal {
                sentence: String::new(),
                ..Goal::default()
            };
            ws.set_goal(&root, &cleared)?;
            if s.json {
                println!(
                    "{}",
                    json!({"dataset": root.display().to_string(), "goal": null})
                );
            } else {
                println!("no goal kept for {} any more", root.display());
            }
            Ok(())
        }
    }
}

/// The folder (or file) the app keys the dataset's goal by: the dataset as loaded, so a typo
/// is an error rather than a goal kept for nothing.
pub(super) fn dataset_root(path: &Path) -> anyhow::Result<PathBuf> {
    let data = crate::data::formats::load_with(path, None, None)?;
    Ok(data.root)
}

/// `recall@10` → ("recall", Some(10)); `ndcg` → ("ndcg", None).
fn split_metric(s: &str) -> anyhow::Result<(String, Option<usize>)> {
    let lower = s.trim().to_ascii_lowercase();
    match lower.split_once('@') {
        Some((m, k)) => {
            let k = k.parse::<usize>().with_context(|| {
                format!("--metric {s}: expected METRIC@K with K a whole number")
            })?;
            Ok((m.to_owned(), Some(k)))
        }
        None => Ok((lower, None)),
    }
}

fn set(ws: &Workspace, s: &SetArgs) -> anyhow::Result<()> {
    let (metric, at) = split_metric(&s.metric)?;
    let k = match (at, s.k) {
        (Some(a), Some(b)) if a != b => bail!("--metric says k = {a} but --k says {b}"),
        (Some(k), _) | (None, Some(k)) => k,
        (None, None) => 10,
    };
    let goal = Goal {
        sentence: s.sentence.trim().to_owned(),
        metric,
        k,
        target: s.target,
    };
    goal.validate()?;
    let root = dataset_root(&s.dataset)?;
    ws.set_goal(&root, &goal)?;
    print(&root, Some(&goal), s.json)
}

fn print(root: &Path, goal: Option<&Goal>, as_json: bool) -> anyhow::Result<()> {
    if as_json {
        let g = goal.map(|g| {
            json!({
                "sentence": g.sentence,
                "metric": g.metric,
                "k": g.k,
                "target": g.target,
                "kpi": g.metric_key(),
            })
        });
        println!(
            "{}",
            serde_json::to_string_pretty(
                &json!({"dataset": root.display().to_string(), "goal": g})
            )?
        );
        return Ok(());
    }
    match goal {
        Some(g) => {
            println!("goal for {}:", root.display());
            println!("  {}", g.sentence);
            println!("  offline KPI: {} ≥ {}", g.metric_key(), g.target);
        }
        None => println!(
            "no goal kept for {} (embedscope goal set DATASET --sentence \"…\" --metric recall@10 --target 0.2)",
            root.display()
        ),
    }
    Ok(())
}
