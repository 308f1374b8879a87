//! `embedscope neighbours`: one point's nearest neighbours under Euclidean distance and cosine
//! similarity, with the overlap.

use std::path::PathBuf;

use anyhow::bail;
use clap::Args;
use serde_json::{Value, json};

use super::{round6, run_pipeline};
use crate::data::{Kind, PointRef};
use crate::index::metric::norm;
use crate::pipeline::RunOutput;
use crate::pipeline::query::{self, Comparison, KindFilter, Neighbour};

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("query").required(true).args(["item", "user"])))]
pub(super) struct NeighbourArgs {
    /// Dataset folder.
    pub(super) dataset: PathBuf,
    /// Id of the item to query.
    #[arg(long)]
    pub(super) item: Option<String>,
    /// Id of the user to query.
    #[arg(long)]
    pub(super) user: Option<String>,
    /// How many neighbours per metric (at least 1).
    #[arg(long, default_value_t = 5)]
    pub(super) k: usize,
    /// Which points may be neighbours.
    #[arg(long, value_enum, default_value_t = FilterArg::All)]
    pub(super) only: FilterArg,
    /// Print JSON on stdout.
    #[arg(long)]
    pub(super) json: bool,
    /// When the dataset is a sample of a larger Parquet table: also search the whole table by
    /// a streaming exact scan of its parts (`whole_table` in the JSON).
    #[arg(long)]
    pub(super) whole_table: bool,
    /// Open a Parquet table as a seeded sample of N rows (as `run --sample`).
    #[arg(long)]
    pub(super) sample: Option<usize>,
    /// Seed of `--sample`.
    #[arg(long, default_value_t = 0, requires = "sample")]
    pub(super) seed: u64,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub(super) enum FilterArg {
    All,
    Items,
    Users,
}

pub(super) fn cmd_neighbours(a: &NeighbourArgs) -> anyhow::Result<()> {
    if a.k == 0 {
        bail!("--k must be at least 1");
    }
    let out = match a.sample {
        None => run_pipeline(a.dataset.clone())?,
        Some(rows) => {
            let opts = crate::data::formats::LoadOptions {
                sample: Some(crate::data::formats::table_sample::SampleRequest {
                    rows,
                    seed: a.seed,
                    stratify: None,
                }),
                ..crate::data::formats::LoadOptions::default()
            };
            let data = crate::data::formats::load_opts(&a.dataset, &opts)?;
            crate::pipeline::run(
                &crate::pipeline::RunParams {
                    loaded: Some(std::sync::Arc::new(data)),
                    ..crate::pipeline::RunParams::new(a.dataset.clone())
                },
                &crate::pipeline::progress::Progress::silent(),
            )?
        }
    };
    let (kind, id) = match (&a.item, &a.user) {
        (Some(id), _) => (Kind::Item, id.as_str()),
        (None, Some(id)) => (Kind::User, id.as_str()),
        (None, None) => bail!("give --item <id> or --user <id>"),
    };
    let table = out.data.table(kind);
    let Some(row) = table.find(id) else {
        bail!(
            "{}: no {} with id \"{id}\"",
            a.dataset.display(),
            kind.as_str()
        );
    };
    let Some(point) = out.point_of(PointRef { kind, row }) else {
        bail!("user \"{id}\" has no interactions with a positive rating, so it has no vector");
    };
    let filter = match a.only {
        FilterArg::All => KindFilter::All,
        FilterArg::Items => KindFilter::Items,
        FilterArg::Users => KindFilter::Users,
    };
    let cmp = query::compare(&out, point, a.k, filter)?;
    let mut doc = neighbours_json(&out, &cmp);
    let whole = if a.whole_table {
        let vector = out.index.row(point).to_vec();
        let found = crate::pipeline::table_query::whole_table_neighbours(
            &out.data,
            &vector,
            a.k,
            Some(id),
            &super::progress_bar::stderr_progress(),
        )?;
        doc["whole_table"] = serde_json::to_value(&found)?;
        Some(found)
    } else {
        None
    };
    if a.json {
        println!("{}", serde_json::to_string_pretty(&doc)?);
    } else {
        print_neighbours_text(&out, &cmp);
        if let Some(w) = whole {
            print_whole_table(&w);
        }
    }
    Ok(())
}

fn print_whole_table(w: &crate::pipeline::table_query::TableNeighbours) {
    println!(
        "The whole table ({} rows in {:.1} s, {:.0} rows/s):",
        crate::data::thousands(w.rows_searched),
        w.seconds,
        w.rows_per_s
    );
    let mark = |in_sample: bool| {
        if in_sample {
            ""
        } else {
            "  (not in the sample)"
        }
    };
    println!("  Euclidean distance (nearest first):");
    for (i, h) in w.euclidean.iter().enumerate() {
        println!(
            "    {:>2}. {:>8.4}  {}{}",
            i + 1,
            h.value,
            h.id,
            mark(h.in_sample)
        );
    }
    println!("  Cosine similarity (most similar first):");
    for (i, h) in w.cosine.iter().enumerate() {
        println!(
            "    {:>2}. {:>8.4}  {}{}",
            i + 1,
            h.value,
            h.id,
            mark(h.in_sample)
        );
    }
}

fn entity_json(out: &RunOutput, p: PointRef) -> serde_json::Map<String, Value> {
    let t = out.data.table(p.kind);
    let r = p.row as usize;
    let mut m = serde_json::Map::new();
    m.insert("id".into(), json!(t.ids[r]));
    m.insert("name".into(), json!(t.name(r, false)));
    m.insert("kind".into(), json!(p.kind.as_str()));
    m
}

fn list_json(out: &RunOutput, list: &[Neighbour], key: &str) -> Value {
    Value::Array(
        list.iter()
            .map(|n| {
                let mut m = entity_json(out, n.entity);
                m.insert(key.into(), json!(round6(n.value)));
                m.insert("shared".into(), json!(n.shared));
                Value::Object(m)
            })
            .collect(),
    )
}

/// The JSON document of `embedscope neighbours --json` (the shape is a contract).
#[must_use]
pub fn neighbours_json(out: &RunOutput, cmp: &Comparison) -> Value {
    let q = out.points[cmp.query];
    let vector = out.index.row(cmp.query).to_vec();
    let mut query = entity_json(out, q);
    query.insert(
        "category".into(),
        json!(out.data.table(q.kind).category(q.row as usize)),
    );
    query.insert(
        "vector".into(),
        json!(vector.iter().map(|v| round6(*v)).collect::<Vec<_>>()),
    );
    query.insert("norm".into(), json!(round6(norm(&vector))));
    query.insert("no_data".into(), json!(out.index.is_no_data(cmp.query)));
    let mut doc = serde_json::Map::new();
    doc.insert("query".into(), Value::Object(query));
    doc.insert("k".into(), json!(cmp.k));
    doc.insert("dimensions".into(), json!(out.embeddings.dim_names));
    doc.insert(
        "euclidean".into(),
        list_json(out, &cmp.euclidean, "distance"),
    );
    match &cmp.cosine {
        Ok(list) => {
            doc.insert("cosine".into(), list_json(out, list, "similarity"));
        }
        Err(e) => {
            doc.insert("cosine".into(), json!([]));
            doc.insert("cosine_undefined".into(), json!(e.to_string()));
        }
    }
    doc.insert("overlap".into(), json!(cmp.overlap));
    // Which rows the lists searched: every row, or the sample on the map.
    doc.insert(
        "searched".into(),
        match &out.data.sources.sample {
            Some(s) => json!({"rows": "sample", "label": s.label_en(), "sample_rows": s.rows, "table_rows": s.of}),
            None => json!({"rows": "all"}),
        },
    );
    doc.insert("left_out_no_data".into(), json!(cmp.left_out_no_data));
    Value::Object(doc)
}

fn print_neighbours_text(out: &RunOutput, cmp: &Comparison) {
    let q = out.points[cmp.query];
    let t = out.data.table(q.kind);
    println!(
        "{} {} — {} (norm {:.3}){}",
        q.kind.as_str(),
        &t.ids[q.row as usize],
        t.name(q.row as usize, false),
        norm(&out.index.row(cmp.query).to_vec()),
        if out.index.is_no_data(cmp.query) {
            "  [no data]"
        } else {
            ""
        }
    );
    let name = |n: &Neighbour| {
        let t = out.data.table(n.entity.kind);
        format!(
            "{} {}{}",
            &t.ids[n.entity.row as usize],
            t.name(n.entity.row as usize, false),
            if n.shared { "" } else { "  *only here*" }
        )
    };
    println!("Euclidean distance (nearest first):");
    for (i, n) in cmp.euclidean.iter().enumerate() {
        println!("  {:>2}. {:>8.4}  {}", i + 1, n.value, name(n));
    }
    println!("Cosine similarity (most similar first):");
    match &cmp.cosine {
        Ok(list) => {
            for (i, n) in list.iter().enumerate() {
                println!("  {:>2}. {:>8.4}  {}", i + 1, n.value, name(n));
            }
        }
        Err(e) => println!("  —  {e}"),
    }
    println!("{} of {} shared", cmp.overlap, cmp.euclidean.len());
    if cmp.left_out_no_data > 0 {
        println!(
            "{} without data left out (no interactions, or a vector of almost zero length)",
            cmp.left_out_no_data
        );
    }
}
