//! `embedscope run`: load → embed → index → PCA, with the result kept in the workspace. The
//! same dataset (same bytes) with the same params is then read back instead of recomputed.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use clap::Args;
use serde_json::{Value, json};

use super::embed_arg::{label, settings_json, used_params};
use super::runs::{WorkspaceArgs, open_workspace};
use crate::data::formats;
use crate::pipeline::progress::{Progress, Stage};
use crate::pipeline::{self, RunParams, saved};
use crate::store::{Fingerprint, Workspace};

#[derive(Debug, Args)]
pub(super) struct RunArgs {
    /// Dataset: a native folder (items.csv…), a MovieLens folder, or an interactions file.
    dataset: PathBuf,
    #[command(flatten)]
    load: super::LoadArgs,
    /// Drop the rows of these audit findings first (comma list, e.g.
    /// duplicate_items,spam_users; see `embedscope audit`). The files are not modified; such a
    /// run is not kept in the workspace.
    #[arg(long, value_delimiter = ',')]
    exclude_audit: Vec<crate::data::audit::FindingKind>,
    /// Embedding method (default: numeric features, else what the data has), with the app's
    /// default settings (the output names them).
    #[arg(long, value_enum)]
    method: Option<super::embed_arg::EmbedArg>,
    #[command(flatten)]
    text_model: super::text_model_arg::TextModelArgs,
    /// Print JSON on stdout.
    #[arg(long)]
    json: bool,
}

/// The summary as JSON plus `run_id` (null without a workspace) and `cached`.
pub(super) fn cmd_run(a: &RunArgs, w: &WorkspaceArgs) -> anyhow::Result<()> {
    let embed = a.text_model.apply(
        a.method
            .map(super::embed_arg::EmbedArg::defaults)
            .unwrap_or_default(),
    )?;
    if !a.exclude_audit.is_empty() {
        return run_excluding(a, &embed);
    }
    // A sample is a draw, not the dataset: it is not kept in the workspace.
    let mut ws = if a.load.sample.is_some() {
        None
    } else {
        open_workspace(w)?
    };
    let root = formats::dataset_root(&a.dataset);
    let key = saved::params_json(&embed, a.load.format, a.load.limit);
    // The fingerprint reads the files only when the cache cannot vouch for them. If it cannot
    // read them, the loader below says precisely what is wrong (file, line, column).
    let fingerprint = ws
        .as_ref()
        .and_then(|w| w.fingerprint(&root).ok())
        .map(|f| f.fingerprint);
    let cached = match (&ws, &fingerprint) {
        (Some(w), Some(fp)) => cached_summary(w, fp, &key),
        _ => None,
    };
    let mut summary = if let Some(v) = cached {
        v
    } else {
        let (data, load_ms) = timed_load(a)?;
        let params = RunParams {
            loaded: Some(Arc::new(data)),
            embed: embed.clone(),
            ..RunParams::new(a.dataset.clone())
        };
        let mut out = pipeline::run(&params, &progress(a))?;
        add_load_time(&mut out, load_ms);
        let mut v = serde_json::to_value(out.summary())?;
        let run_id = match (ws.as_mut(), &fingerprint) {
            (Some(w), Some(fp)) => save(w, fp, &root, &key, &out),
            _ => None,
        };
        v["run_id"] = json!(run_id);
        v["cached"] = json!(false);
        v
    };
    add_settings(&mut summary, &embed);
    if let Some(t) = formats::spark_als::read_trained_by(&root) {
        summary["trained_by"] = t.to_json();
    }
    if a.json {
        println!("{}", serde_json::to_string_pretty(&summary)?);
    } else {
        print_text(&summary);
    }
    Ok(())
}

/// A run on the dataset minus the rows of the chosen audit findings (not cached).
fn run_excluding(a: &RunArgs, embed: &crate::embed::EmbedParams) -> anyhow::Result<()> {
    use crate::data::audit::{AuditParams, Exclusion, audit};
    let (data, load_ms) = timed_load(a)?;
    let report = audit(&data, &AuditParams::default())?;
    let (clean, excluded) = Exclusion::from_report(&report, &a.exclude_audit).apply(&data);
    let params = RunParams {
        loaded: Some(Arc::new(clean)),
        embed: embed.clone(),
        ..RunParams::new(a.dataset.clone())
    };
    let mut out = pipeline::run(&params, &progress(a))?;
    add_load_time(&mut out, load_ms);
    let mut v = serde_json::to_value(out.summary())?;
    add_settings(&mut v, embed);
    v["run_id"] = Value::Null;
    v["cached"] = json!(false);
    v["audit_exclusion"] = serde_json::to_value(&excluded)?;
    if a.json {
        println!("{}", serde_json::to_string_pretty(&v)?);
    } else {
        let kinds: Vec<&str> = excluded.kinds.iter().map(|k| k.as_str()).collect();
        println!(
            "excluded by the audit ({}): {} items, {} users, {} interactions",
            kinds.join(", "),
            excluded.items_removed,
            excluded.users_removed,
            excluded.interactions_removed
        );
        print_text(&v);
    }
    Ok(())
}

/// Read the dataset, timing it: the pipeline is handed the data already read, so its own load
/// stage would only count what it does after the files are parsed.
fn timed_load(a: &RunArgs) -> anyhow::Result<(crate::data::Dataset, f64)> {
    let start = Instant::now();
    let data = a.load.load(&a.dataset)?;
    Ok((data, start.elapsed().as_secs_f64() * 1e3))
}

/// Count the reading of the files (done before the pipeline) in the run's load stage.
fn add_load_time(out: &mut pipeline::RunOutput, load_ms: f64) {
    if let Some(t) = out.timings.iter_mut().find(|t| t.stage == Stage::Load) {
        t.millis += load_ms;
    }
}

/// Progress on stderr for the slow text model (rows/s, time left), silent otherwise.
fn progress(a: &RunArgs) -> Progress {
    if a.text_model.model.is_some() && !a.json {
        super::progress_bar::stderr_progress()
    } else {
        Progress::silent()
    }
}

/// Add `method_settings` and `method_label`: the settings of the method the run used (the
/// requested ones, or the fallback's defaults on data without numeric features).
fn add_settings(v: &mut Value, requested: &crate::embed::EmbedParams) {
    if let Some(m) = v["method"].as_str().and_then(saved::method_named) {
        let used = used_params(requested, m);
        v["method_settings"] = settings_json(&used);
        v["method_label"] = json!(label(&used));
    }
}

/// The stored summary of the run under this key, with `run_id` and `cached: true`. A stored
/// run that cannot be read is reported and recomputed (the new save replaces it).
fn cached_summary(ws: &Workspace, fp: &Fingerprint, key: &str) -> Option<Value> {
    match ws.load_run(fp, key) {
        Ok(Some(run)) => {
            let mut v: Value = serde_json::from_str(&run.metrics_json).ok()?;
            v["run_id"] = json!(run.info.id);
            v["cached"] = json!(true);
            Some(v)
        }
        Ok(None) => None,
        Err(e) => {
            eprintln!("warning: {e:#}; computing the run again");
            None
        }
    }
}

/// Save, or warn and go on: the result is printed either way.
fn save(
    ws: &mut Workspace,
    fp: &Fingerprint,
    root: &std::path::Path,
    key: &str,
    out: &pipeline::RunOutput,
) -> Option<i64> {
    let dataset = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    match saved::save(ws, fp, &dataset, key, out) {
        Ok(id) => Some(id),
        Err(e) => {
            eprintln!("warning: the run was not saved in the workspace: {e:#}");
            None
        }
    }
}

fn print_text(s: &Value) {
    let n = |k: &str| s[k].as_u64().unwrap_or(0);
    let ratio = |i: usize| s["explained_variance_ratio"][i].as_f64().unwrap_or(0.0) * 100.0;
    println!(
        "{}: {} items, {} users ({} placed), {} interactions",
        s["dataset"].as_str().unwrap_or(""),
        n("items"),
        n("users"),
        n("users_placed"),
        n("interactions")
    );
    println!(
        "vectors: {} dimensions by {}; map: PCA ({:.1}% + {:.1}% of variance)",
        n("dimension"),
        s["method_label"]
            .as_str()
            .or_else(|| s["method"].as_str())
            .unwrap_or(""),
        ratio(0),
        ratio(1)
    );
    if let Some(l) = s["trained_by"]["label"].as_str() {
        println!("{l}");
    }
    if let Some(stages) = s["timings_ms"].as_object() {
        for (stage, ms) in stages {
            println!("  {stage:<8} {:>9.2} ms", ms.as_f64().unwrap_or(0.0));
        }
    }
    println!(
        "  total    {:>9.2} ms",
        s["total_ms"].as_f64().unwrap_or(0.0)
    );
    match (s["run_id"].as_i64(), s["cached"].as_bool()) {
        (Some(id), Some(true)) => {
            println!("workspace: run {id}, read back (timings are those of the original run)");
        }
        (Some(id), _) => println!("workspace: saved as run {id}"),
        (None, _) => {}
    }
}
