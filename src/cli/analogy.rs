//! `embedscope analogy`: A − B + C ≈ ? among the items, under distance and direction.

use std::path::PathBuf;

use anyhow::bail;
use clap::Args;
use serde_json::{Value, json};

use super::{round6, run_pipeline};
use crate::index::Hit;
use crate::pipeline::analogy::analogy;

#[derive(Debug, Args)]
pub(super) struct AnalogyArgs {
    /// Dataset (any format `run` reads).
    dataset: PathBuf,
    /// Item id of A (e.g. king).
    #[arg(long)]
    a: String,
    /// Item id of B, subtracted (e.g. man).
    #[arg(long)]
    b: String,
    /// Item id of C, added (e.g. woman).
    #[arg(long)]
    c: String,
    /// Answers per metric.
    #[arg(long, default_value_t = 5)]
    k: usize,
    /// Print JSON on stdout.
    #[arg(long)]
    json: bool,
}

pub(super) fn cmd_analogy(a: &AnalogyArgs) -> anyhow::Result<()> {
    if a.k == 0 {
        bail!("--k must be at least 1");
    }
    let out = run_pipeline(a.dataset.clone())?;
    let items = &out.data.items;
    let find = |id: &str| -> anyhow::Result<u32> {
        items
            .find(id)
            .ok_or_else(|| anyhow::anyhow!("{}: no item with id \"{id}\"", a.dataset.display()))
    };
    let (ra, rb, rc) = (find(&a.a)?, find(&a.b)?, find(&a.c)?);
    let ans = analogy(&out, ra, rb, rc, a.k).map_err(anyhow::Error::msg)?;
    let entry = |h: &Hit, key: &str| -> Value {
        let r = out.points[h.row as usize].row as usize;
        json!({"id": items.ids[r], "name": items.name(r, false), key: round6(h.value)})
    };
    let who = |r: u32| json!({"id": items.ids[r as usize], "name": items.name(r as usize, false)});
    let mut doc = json!({
        "a": who(ra), "b": who(rb), "c": who(rc),
        "method": out.embeddings.method.as_str(),
        "euclidean": ans.euclidean.iter().map(|h| entry(h, "distance")).collect::<Vec<_>>(),
    });
    match &ans.cosine {
        Ok(list) => doc["cosine"] = list.iter().map(|h| entry(h, "similarity")).collect(),
        Err(e) => {
            doc["cosine"] = json!([]);
            doc["cosine_undefined"] = json!(e.to_string());
        }
    }
    if a.json {
        println!("{}", serde_json::to_string_pretty(&doc)?);
    } else {
        println!(
            "{} − {} + {} ≈",
            items.name(ra as usize, false),
            items.name(rb as usize, false),
            items.name(rc as usize, false)
        );
        for (metric, key) in [("Euclidean", "distance"), ("cosine", "similarity")] {
            let names: Vec<String> = doc[metric.to_lowercase()]
                .as_array()
                .into_iter()
                .flatten()
                .map(|e| {
                    format!(
                        "{} ({:.3})",
                        e["name"].as_str().unwrap_or(""),
                        e[key].as_f64().unwrap_or(f64::NAN)
                    )
                })
                .collect();
            println!("  by {metric}: {}", names.join(", "));
        }
    }
    Ok(())
}
