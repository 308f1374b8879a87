//! `embedscope compare --dataset DIR --window-a FROM..TO --window-b FROM..TO [--method als]`:
//! seasonal drift — one method trained on two time windows of the interactions, B aligned onto
//! A ([`crate::pipeline::drift`]). Printed like any comparison, the categories that moved most
//! first; the windows' runs are not kept in the workspace (they are of part of the data).

use std::path::Path;

use anyhow::bail;
use serde_json::{Value, json};

use super::compare::{CompareArgs, document, print_text};
use super::embed_arg::EmbedArg;
use crate::data::window::TimeWindow;
use crate::eval::compare::CompareParams;
use crate::pipeline::drift::{Drift, DriftParams, WindowSide, drift};
use crate::pipeline::progress::Progress;

pub(super) fn cmd_compare_windows(
    a: &CompareArgs,
    dataset: &Path,
    window_a: TimeWindow,
    window_b: TimeWindow,
) -> anyhow::Result<()> {
    if a.k == 0 {
        bail!("--k must be at least 1");
    }
    let embed = match a.method {
        EmbedArg::TextModel | EmbedArg::Hybrid => a.text_model.apply(a.method.defaults())?,
        m => m.defaults(),
    };
    let data = crate::data::formats::load_with(dataset, a.format, None)?;
    let params = DriftParams {
        embed,
        compare: CompareParams {
            k: a.k,
            centre: !a.raw_neighbours,
        },
        min_item_interactions: a.min_item_interactions,
        ..DriftParams::als(window_a, window_b)
    };
    let d = drift(&data, &params, &Progress::silent())?;
    let shown = std::fs::canonicalize(&data.root).unwrap_or_else(|_| data.root.clone());
    let side = |s: &WindowSide| window_json(&d, s, &shown);
    let per_item = a.per_item.then_some(&data.items.ids);
    let mut doc = document(&d.comparison, &side(&d.a), &side(&d.b), a.top, per_item);
    doc["cmd"] = json!("compare-windows");
    doc["min_item_interactions"] = json!(d.min_item_interactions);
    doc["left_out"] = json!(d.left_out);
    if a.json {
        println!("{}", serde_json::to_string_pretty(&doc)?);
    } else {
        print_text(&doc, d.comparison.items.len());
        println!();
        println!(
            "{} of {} items compared (each with {} or more interactions in both windows)",
            d.comparison.shared,
            data.items.len(),
            d.min_item_interactions
        );
    }
    Ok(())
}

fn window_json(d: &Drift, s: &WindowSide, dataset: &Path) -> Value {
    json!({
        "id": null,
        "method": d.method.as_str(),
        "dataset": dataset.display().to_string(),
        "window": s.window.to_string(),
        "interactions": s.interactions,
        "users": s.users,
        "items": s.items,
        "dimension": d.comparison.dim_a,
    })
}
