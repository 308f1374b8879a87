//! `embedscope runs`: the runs kept in the workspace; and the `--workspace` / `--no-workspace`
//! options every workspace-using command shares.

use std::path::PathBuf;

use clap::Args;
use serde_json::json;

use crate::store::{Workspace, clock};

/// Where results are kept (global options: before or after the subcommand).
#[derive(Debug, Args)]
pub(super) struct WorkspaceArgs {
    /// Workspace file (default: <data dir>/embedscope/workspace.sqlite, e.g.
    /// ~/.local/share/embedscope/workspace.sqlite; XDG_DATA_HOME is honoured).
    #[arg(long, value_name = "PATH", global = true)]
    workspace: Option<PathBuf>,
    /// Keep nothing: no workspace is read or written.
    #[arg(long, global = true, conflicts_with = "workspace")]
    no_workspace: bool,
}

/// The workspace the options ask for (`None` with `--no-workspace`). Its warning, if any
/// (file set aside, memory only), goes to stderr.
pub(super) fn open_workspace(a: &WorkspaceArgs) -> anyhow::Result<Option<Workspace>> {
    if a.no_workspace {
        return Ok(None);
    }
    let ws = match &a.workspace {
        Some(p) => Workspace::open(p)?,
        None => Workspace::open_default()?,
    };
    if let Some(crate::store::StoreWarning::InMemory {
        reason: reason @ crate::store::InMemoryReason::NotADatabase { .. },
        ..
    }) = ws.warning()
    {
        anyhow::bail!("{reason}");
    }
    if let Some(w) = ws.warning() {
        eprintln!("warning: {w}");
    }
    Ok(Some(ws))
}

/// The same choice for the GUI (which opens the workspace itself, and shows its warning in a
/// banner).
pub(super) fn gui_workspace(a: &WorkspaceArgs) -> crate::gui::WorkspaceChoice {
    match (&a.workspace, a.no_workspace) {
        (_, true) => crate::gui::WorkspaceChoice::Nothing,
        (Some(p), false) => crate::gui::WorkspaceChoice::At(p.clone()),
        (None, false) => crate::gui::WorkspaceChoice::Default,
    }
}

#[derive(Debug, Args)]
pub(super) struct RunsArgs {
    /// Print JSON on stdout.
    #[arg(long)]
    json: bool,
}

/// List the runs, newest first.
pub(super) fn cmd_runs(a: &RunsArgs, w: &WorkspaceArgs) -> anyhow::Result<()> {
    let ws = open_workspace(w)?;
    let runs = match &ws {
        Some(w) => w.list_runs()?,
        None => Vec::new(),
    };
    let file = ws
        .as_ref()
        .and_then(|w| w.path())
        .map(|p| p.display().to_string());
    if a.json {
        let list: Vec<_> = runs
            .iter()
            .map(|r| {
                json!({
                    "id": r.id,
                    "dataset": r.dataset_path.display().to_string(),
                    "fingerprint": r.fingerprint.as_str(),
                    "method": r.method,
                    "created": clock::iso_utc(r.created_at_ms),
                    "items": r.items,
                    "users": r.users,
                    "dimension": r.dimension,
                    "bytes": r.bytes,
                    "params": shown_params(r),
                })
            })
            .collect();
        let doc = json!({ "workspace": file, "runs": list });
        println!("{}", serde_json::to_string_pretty(&doc)?);
        return Ok(());
    }
    println!(
        "workspace: {}",
        file.as_deref().unwrap_or("(none: nothing is kept)")
    );
    if runs.is_empty() {
        println!("no runs yet (embedscope run DATASET saves one)");
    }
    for r in &runs {
        println!(
            "{:>5}  {}  {:<9} {:>7} items {:>7} users {:>4} dims {:>10} bytes  {}",
            r.id,
            clock::iso_utc(r.created_at_ms),
            r.method,
            r.items,
            r.users,
            r.dimension,
            r.bytes,
            r.dataset_path.display()
        );
    }
    Ok(())
}

/// A run's params as `runs --json` shows them: with one method, the one the run used. A run
/// asked for the default features on data without any used a fallback (ALS, say); its
/// `embed` then shows that method with the settings it ran with, and what was asked for
/// moves to `requested_embed` (the workspace key itself is unchanged).
fn shown_params(r: &crate::store::RunInfo) -> serde_json::Value {
    let Ok(mut params) = serde_json::from_str::<serde_json::Value>(&r.params_json) else {
        return json!(r.params_json);
    };
    let asked = params["embed"]["method"]
        .as_str()
        .unwrap_or(&r.method)
        .to_owned();
    if asked != r.method
        && let Some(used) = crate::pipeline::saved::method_named(&r.method)
    {
        let embed = params["embed"].take();
        params["requested_embed"] = embed;
        params["embed"] = serde_json::to_value(crate::pipeline::compare::default_params(used))
            .unwrap_or(serde_json::Value::Null);
    }
    params
}
