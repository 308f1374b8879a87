//! `embedscope compare`: two runs of the workspace side by side — Procrustes disparity, the
//! items whose neighbours changed most, and how far each category's centre moved; or, with
//! `--window-a/--window-b`, one method trained on two time windows (seasonal drift,
//! [`super::compare_window`]).

use std::path::PathBuf;

use anyhow::bail;
use clap::Args;
use serde_json::{Value, json};

use super::embed_arg::EmbedArg;
use super::runs::{WorkspaceArgs, open_workspace};
use crate::data::StrColumn;
use crate::data::formats::Format;
use crate::eval::compare::{CompareParams, Comparison, Side, compare};
use crate::pipeline::compare::{ComparedRun, computed, stored};
use crate::pipeline::progress::Progress;

#[derive(Debug, Args)]
#[expect(
    clippy::struct_excessive_bools,
    reason = "clap flags: each is an independent on/off option of the command"
)]
pub(super) struct CompareArgs {
    /// Run A: an id listed by `embedscope runs`.
    #[arg(required_unless_present = "dataset", requires = "run_b")]
    run_a: Option<i64>,
    /// Run B: an id listed by `embedscope runs` (aligned onto A).
    run_b: Option<i64>,
    /// Instead of run ids: compute (or read back) both runs on this dataset with --method-a
    /// and --method-b; they are kept in the workspace, so they get ids. Or train one method on
    /// two time windows of its interactions with --window-a and --window-b.
    #[arg(long, conflicts_with_all = ["run_a", "run_b"])]
    pub(super) dataset: Option<PathBuf>,
    /// Method of run A with --dataset.
    #[arg(long, value_enum, requires_all = ["dataset", "method_b"])]
    method_a: Option<EmbedArg>,
    /// Method of run B with --dataset.
    #[arg(long, value_enum, requires_all = ["dataset", "method_a"])]
    method_b: Option<EmbedArg>,
    /// Seasonal drift: train --method on the interactions of this window (FROM..TO, dates as
    /// YYYY-MM-DD, both days included, UTC) …
    #[arg(long, value_name = "FROM..TO", requires_all = ["dataset", "window_b"], conflicts_with_all = ["method_a", "method_b"], value_parser = window_parser)]
    pub(super) window_a: Option<crate::data::window::TimeWindow>,
    /// … and on this one, aligned onto window A: the items and categories that moved most.
    #[arg(long, value_name = "FROM..TO", requires = "window_a", value_parser = window_parser)]
    pub(super) window_b: Option<crate::data::window::TimeWindow>,
    /// The method trained on both windows (one that learns from interactions).
    #[arg(long, value_enum, default_value = "als", requires = "window_a")]
    pub(super) method: EmbedArg,
    /// With windows: interactions an item needs in each window to be compared.
    #[arg(long, default_value_t = 2, requires = "window_a")]
    pub(super) min_item_interactions: usize,
    /// The text model of `text-model` (or hybrid) sides with --dataset: `--model DIR`.
    #[command(flatten)]
    pub(super) text_model: super::text_model_arg::TextModelArgs,
    /// Dataset format with --dataset (default: detected from the files).
    #[arg(long, requires = "dataset", value_parser = super::format_parser())]
    pub(super) format: Option<Format>,
    /// Neighbours per item for the Jaccard index.
    #[arg(long, default_value_t = 10)]
    pub(super) k: usize,
    /// How many of the most changed items to list.
    #[arg(long, default_value_t = 20)]
    pub(super) top: usize,
    /// Take neighbours from the raw vectors (as the neighbours panel does) instead of each run
    /// centred on its mean (which ignores a shift of a whole run).
    #[arg(long)]
    pub(super) raw_neighbours: bool,
    /// With --json: add `per_item`, every shared item's displacement and Jaccard index in run
    /// A's item order (for colouring a map).
    #[arg(long)]
    pub(super) per_item: bool,
    /// Compare two runs of different datasets anyway (their ids may name different things):
    /// a warning naming both datasets goes to stderr and `dataset_warning` into the JSON.
    #[arg(long)]
    force: bool,
    /// Print JSON on stdout.
    #[arg(long)]
    pub(super) json: bool,
}

pub(super) fn cmd_compare(a: &CompareArgs, w: &WorkspaceArgs) -> anyhow::Result<()> {
    if a.k == 0 {
        bail!("--k must be at least 1");
    }
    if let (Some(dataset), Some(wa), Some(wb)) = (&a.dataset, a.window_a, a.window_b) {
        return super::compare_window::cmd_compare_windows(a, dataset, wa, wb);
    }
    let mut ws = open_workspace(w)?;
    let progress = Progress::silent();
    let mut dataset_warning = None;
    let (run_a, run_b) = match (&a.dataset, a.method_a, a.method_b, a.run_a, a.run_b) {
        (Some(dataset), Some(ma), Some(mb), _, _) => {
            let mut side = |m: EmbedArg| -> anyhow::Result<ComparedRun> {
                // --model goes to the side(s) that use a text model.
                let embed = match m {
                    EmbedArg::TextModel | EmbedArg::Hybrid => a.text_model.apply(m.defaults())?,
                    _ => m.defaults(),
                };
                let (run, failed) = computed(ws.as_mut(), dataset, a.format, embed, &progress)?;
                if let Some(e) = failed {
                    eprintln!("warning: the run was not saved in the workspace: {e:#}");
                }
                Ok(run)
            };
            (side(ma)?, side(mb)?)
        }
        (None, _, _, Some(ia), Some(ib)) => {
            let Some(ws) = &ws else {
                bail!(
                    "run ids need a workspace: drop --no-workspace, or compute both runs with --dataset PATH --method-a … --method-b …"
                );
            };
            let a_run = stored(ws, ia)?;
            let b_run = stored(ws, ib)?;
            dataset_warning = same_dataset(ws, ia, ib, a.force)?;
            (a_run, b_run)
        }
        _ => bail!(
            "give two run ids, or --dataset PATH --method-a M --method-b M, or --dataset PATH --window-a FROM..TO --window-b FROM..TO"
        ),
    };
    let params = CompareParams {
        k: a.k,
        centre: !a.raw_neighbours,
    };
    let cmp = compare(&run_a.items(), &run_b.items(), &params, &progress)?;
    let per_item = a.per_item.then_some(&run_a.ids);
    let mut doc = document(&cmp, &run_json(&run_a), &run_json(&run_b), a.top, per_item);
    if let Some(w) = &dataset_warning {
        eprintln!("warning: {w}");
        doc["dataset_warning"] = json!(w);
    }
    if a.json {
        println!("{}", serde_json::to_string_pretty(&doc)?);
    } else {
        print_text(&doc, cmp.items.len());
    }
    Ok(())
}

/// Whether runs `ia` and `ib` are of one dataset: the same bytes (fingerprint), or the same
/// folder or file (its files changed between them: the retraining case). Otherwise an error —
/// item ids of two datasets may name different things — or, with `force`, the warning to print.
fn same_dataset(
    ws: &crate::store::Workspace,
    ia: i64,
    ib: i64,
    force: bool,
) -> anyhow::Result<Option<String>> {
    let runs = ws.list_runs()?;
    let (Some(ra), Some(rb)) = (
        runs.iter().find(|r| r.id == ia),
        runs.iter().find(|r| r.id == ib),
    ) else {
        return Ok(None);
    };
    let place = |p: &std::path::Path| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf());
    if ra.fingerprint == rb.fingerprint || place(&ra.dataset_path) == place(&rb.dataset_path) {
        return Ok(None);
    }
    let both = format!(
        "run {ia} is of {} and run {ib} of {} (different datasets: an id may name different items in each)",
        ra.dataset_path.display(),
        rb.dataset_path.display()
    );
    if force {
        Ok(Some(format!("{both}; compared anyway (--force)")))
    } else {
        bail!("{both}; compare runs of one dataset, or add --force to match them by id anyway")
    }
}

fn round(v: f64) -> f64 {
    (v * 1e6).round() / 1e6
}

fn run_json(r: &ComparedRun) -> Value {
    json!({
        "id": r.run_id,
        "method": r.method.as_str(),
        "dataset": r.dataset.display().to_string(),
        "cached": r.cached,
        "items": r.ids.len(),
        "dimension": r.vectors.ncols(),
    })
}

/// The JSON document (the text output is printed from it too). `per_item`: run A's item ids
/// (one per row the comparison's `row_a` counts), to list every shared item.
pub(super) fn document(
    cmp: &Comparison,
    run_a: &Value,
    run_b: &Value,
    top: usize,
    per_item: Option<&StrColumn>,
) -> Value {
    let items: Vec<Value> = cmp
        .items
        .iter()
        .take(top)
        .map(|i| {
            json!({
                "id": i.id,
                "title": i.title,
                "category": i.category,
                "displacement": round(i.displacement),
                "jaccard": round(i.jaccard),
                "neighbours_a": i.neighbours_a,
                "neighbours_b": i.neighbours_b,
            })
        })
        .collect();
    let notes: Vec<Value> = cmp
        .notes
        .iter()
        .map(|n| {
            let mut v = serde_json::to_value(n).unwrap_or(Value::Null);
            v["message"] = json!(n.to_string());
            v
        })
        .collect();
    let mut doc = json!({
        "cmd": "compare",
        "run_a": run_a,
        "run_b": run_b,
        "shared": cmp.shared,
        "only_a": cmp.only_a,
        "only_b": cmp.only_b,
        "disparity": round(cmp.disparity),
        "scale": round(cmp.scale),
        "reflection": cmp.reflection,
        "k": cmp.k,
        "centred": cmp.centred,
        "mean_jaccard": round(cmp.mean_jaccard),
        "notes": notes,
        "items": items,
        "categories": cmp.categories.iter().map(|c| json!({
            "category": c.category,
            "shift": round(c.shift),
            "mean_displacement": round(c.mean_displacement),
            "items": c.items,
        })).collect::<Vec<_>>(),
    });
    if let Some(ids) = per_item {
        let rows = ids.len();
        let d = cmp.displacement_by_row(Side::A, rows);
        let j = cmp.jaccard_by_row(Side::A, rows);
        let shared: Vec<usize> = (0..rows).filter(|&r| d[r].is_some()).collect();
        doc["per_item"] = json!({
            "id": shared.iter().map(|&r| &ids[r]).collect::<Vec<_>>(),
            "displacement": shared.iter().map(|&r| d[r].map(|v| round(f64::from(v)))).collect::<Vec<_>>(),
            "jaccard": shared.iter().map(|&r| j[r].map(|v| round(f64::from(v)))).collect::<Vec<_>>(),
        });
    }
    doc
}

fn describe(r: &Value) -> String {
    if let Some(w) = r["window"].as_str() {
        return format!(
            "window {w} ({}, {} interactions, {} users)",
            r["method"].as_str().unwrap_or(""),
            r["interactions"],
            r["users"]
        );
    }
    let id = r["id"]
        .as_i64()
        .map_or_else(|| "(not kept)".to_owned(), |i| format!("run {i}"));
    format!(
        "{id} ({}, {} dims{})",
        r["method"].as_str().unwrap_or(""),
        r["dimension"],
        if r["cached"] == true {
            ", read back"
        } else {
            ""
        }
    )
}

/// Terminal columns of a character: 2 for East Asian wide and fullwidth ones (kana, kanji,
/// hangul, fullwidth forms), so that Japanese titles line up.
fn columns(c: char) -> usize {
    let wide = matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6);
    if wide { 2 } else { 1 }
}

/// `s` cut to `width` terminal columns (ending in `…` when cut) and padded to exactly `width`.
fn cell(s: &str, width: usize) -> String {
    let total: usize = s.chars().map(columns).sum();
    let mut out = String::new();
    let mut used = 0;
    if total <= width {
        out.push_str(s);
        used = total;
    } else {
        for c in s.chars() {
            if used + columns(c) > width - 1 {
                break;
            }
            out.push(c);
            used += columns(c);
        }
        out.push('…');
        used += 1;
    }
    out.extend(std::iter::repeat_n(' ', width.saturating_sub(used)));
    out
}

pub(super) fn print_text(doc: &Value, total: usize) {
    let f = |k: &str| doc[k].as_f64().unwrap_or(0.0);
    println!(
        "compare {} with {}",
        describe(&doc["run_a"]),
        describe(&doc["run_b"])
    );
    println!(
        "  dataset: {}",
        doc["run_a"]["dataset"].as_str().unwrap_or("")
    );
    println!(
        "  {} shared items ({} only in A, {} only in B)",
        doc["shared"], doc["only_a"], doc["only_b"]
    );
    println!(
        "  Procrustes disparity {:.4} (0 = same shape up to rotation, shift and scale; 1 = unrelated){}",
        f("disparity"),
        if doc["reflection"] == true {
            "; B is mirrored"
        } else {
            ""
        }
    );
    println!(
        "  top-{} cosine neighbours ({}): mean Jaccard {:.3}",
        doc["k"],
        if doc["centred"] == true {
            "each run centred"
        } else {
            "raw vectors"
        },
        f("mean_jaccard")
    );
    for n in doc["notes"].as_array().into_iter().flatten() {
        println!("  note: {}", n["message"].as_str().unwrap_or(""));
    }
    let items = doc["items"].as_array().map_or(&[][..], Vec::as_slice);
    println!();
    println!("most changed neighbourhoods ({} of {total}):", items.len());
    println!(
        "  {:<10} {:<32} {:<16} {:>7} {:>12}",
        "id", "title", "category", "Jaccard", "displacement"
    );
    for i in items {
        println!(
            "  {} {} {} {:>7.3} {:>12.3}",
            cell(i["id"].as_str().unwrap_or(""), 10),
            cell(i["title"].as_str().unwrap_or(""), 32),
            cell(i["category"].as_str().unwrap_or(""), 16),
            i["jaccard"].as_f64().unwrap_or(0.0),
            i["displacement"].as_f64().unwrap_or(0.0)
        );
    }
    let cats = doc["categories"].as_array().map_or(&[][..], Vec::as_slice);
    if !cats.is_empty() {
        println!();
        println!("categories that moved most (1 = an average item's distance from the centre):");
        println!(
            "  {} {:>12} {:>12} {:>7}",
            cell("category", 24),
            "centre shift",
            "mean moved",
            "items"
        );
        for c in cats {
            println!(
                "  {} {:>12.3} {:>12.3} {:>7}",
                cell(c["category"].as_str().unwrap_or(""), 24),
                c["shift"].as_f64().unwrap_or(0.0),
                c["mean_displacement"].as_f64().unwrap_or(0.0),
                c["items"]
            );
        }
    }
}

/// `--window-a` / `--window-b` values.
fn window_parser(s: &str) -> Result<crate::data::window::TimeWindow, String> {
    crate::data::window::TimeWindow::parse(s).map_err(|e| e.to_string())
}
