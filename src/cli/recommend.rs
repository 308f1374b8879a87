//! `embedscope recommend`: one user's recommendations through the two-stage funnel, with reasons.

use std::path::PathBuf;

use anyhow::bail;
use clap::Args;
use serde_json::{Value, json};

use super::embed_arg::{label, settings_json, used_params};
use super::round6;
use crate::pipeline::progress::Progress;
use crate::pipeline::{self, RunParams};

#[derive(Debug, Args)]
pub(super) struct RecommendArgs {
    /// Dataset folder.
    pub(super) dataset: PathBuf,
    /// Id of the user.
    #[arg(long)]
    pub(super) user: String,
    /// How many items to show.
    #[arg(long, default_value_t = 10)]
    pub(super) n: usize,
    /// Embedding method (default: the numeric features; a dataset without them falls back to
    /// ALS with the same settings as `--method als`). The output names the settings used.
    #[arg(long, value_enum, default_value_t = MethodArg::Features)]
    pub(super) method: MethodArg,
    #[command(flatten)]
    pub(super) text_model: super::text_model_arg::TextModelArgs,
    /// Score by (default: dot for ALS, cosine for features).
    #[arg(long, value_enum)]
    pub(super) metric: Option<MetricArg>,
    /// Stage-2 weight of popularity.
    #[arg(long, default_value_t = 0.0)]
    pub(super) popularity: f32,
    /// Stage-2 weight of recency.
    #[arg(long, default_value_t = 0.0)]
    pub(super) recency: f32,
    /// Stage-2 diversity λ (MMR), 0–1.
    #[arg(long, default_value_t = 0.0)]
    pub(super) diversity: f32,
    /// Print JSON on stdout.
    #[arg(long)]
    pub(super) json: bool,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub(super) enum MethodArg {
    Features,
    Als,
    /// A sentence encoder from `--model DIR` (users = mean of their items).
    TextModel,
    /// Text (TF-IDF, or the `--model`) and ALS combined.
    Hybrid,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub(super) enum MetricArg {
    Dot,
    Cosine,
    Euclidean,
}

pub(super) fn cmd_recommend(a: &RecommendArgs) -> anyhow::Result<()> {
    use crate::pipeline::recommend_query::{default_metric, explain, funnel, lists_by_metric};
    use crate::recommend::ScoreMetric;
    use crate::recommend::rerank::RerankWeights;
    if a.n == 0 {
        bail!("--n must be at least 1");
    }
    if !(0.0..=1.0).contains(&a.diversity) || a.popularity < 0.0 || a.recency < 0.0 {
        bail!("--popularity and --recency must be ≥ 0 and --diversity between 0 and 1");
    }
    let embed = a
        .text_model
        .apply(crate::pipeline::compare::default_params(match a.method {
            MethodArg::Features => crate::embed::Method::Features,
            MethodArg::Als => crate::embed::Method::Als,
            MethodArg::TextModel => crate::embed::Method::TextModel,
            MethodArg::Hybrid => crate::embed::Method::Hybrid,
        }))?;
    let params = RunParams {
        embed,
        ..RunParams::new(a.dataset.clone())
    };
    let out = pipeline::run(&params, &Progress::silent())?;
    let used = used_params(&params.embed, out.embeddings.method);
    let Some(user) = out.data.users.find(&a.user) else {
        bail!("{}: no user with id \"{}\"", a.dataset.display(), a.user);
    };
    let metric = match a.metric {
        Some(MetricArg::Dot) => ScoreMetric::Dot,
        Some(MetricArg::Cosine) => ScoreMetric::Cosine,
        Some(MetricArg::Euclidean) => ScoreMetric::Euclidean,
        None => default_metric(out.embeddings.method),
    };
    let weights = RerankWeights {
        similarity: 1.0,
        popularity: a.popularity,
        recency: a.recency,
        diversity: a.diversity,
    };
    let Some(f) = funnel(&out, user, a.n, weights, metric) else {
        return cold_start(&out, a);
    };
    let chosen: Vec<(u32, f32)> = f
        .shown
        .iter()
        .map(|r| (r.item, metric.shown(r.similarity)))
        .collect();
    let recs = explain(&out, user, &chosen);
    let items = &out.data.items;
    let name = |i: u32| items.name(i as usize, false).to_owned();
    let by_metric = lists_by_metric(&out, user, a.n);
    let ranks = |item: u32| -> Value {
        by_metric.as_ref().map_or(Value::Null, |l| {
            l.lists
                .iter()
                .map(|(m, _)| {
                    (
                        m.as_str().to_owned(),
                        json!(l.rank(*m, item).map(|r| r + 1)),
                    )
                })
                .collect::<serde_json::Map<_, _>>()
                .into()
        })
    };
    let list: Vec<Value> = recs
        .iter()
        .zip(&f.shown)
        .enumerate()
        .map(|(rank, (r, s))| {
            json!({
                "id": items.ids[r.item as usize], "name": name(r.item), "score": round6(r.score),
                "stage2_score": round6(s.score), "stage1_rank": s.stage1_rank + 1, "rank": rank + 1,
                "because": r.because.iter().map(|b| json!({"id": items.ids[b.item as usize], "name": name(b.item), "share": round6(b.share)})).collect::<Vec<_>>(),
                "features": r.dims.iter().filter_map(|d| items.features.names.get(*d)).collect::<Vec<_>>(),
                "rank_by_metric": ranks(r.item),
            })
        })
        .collect();
    let doc = json!({
        "user": {"id": a.user, "name": out.data.users.name(user as usize, false)},
        "method": out.embeddings.method.as_str(),
        "method_settings": settings_json(&used),
        "method_label": label(&used),
        "metric": metric.as_str(),
        "funnel": {"catalogue": f.catalogue, "seen": f.seen, "candidates": f.candidates, "shown": f.shown.len()},
        "items": list,
        "metric_overlap": by_metric.as_ref().map(|l| l.overlaps().iter().map(|(x, y, n)| (format!("{}_{}", x.as_str(), y.as_str()), json!(n))).collect::<serde_json::Map<_, _>>()),
    });
    if a.json {
        println!("{}", serde_json::to_string_pretty(&doc)?);
    } else {
        print_text(&doc);
    }
    Ok(())
}

/// The human-readable form of the JSON document.
fn print_text(doc: &Value) {
    let f = &doc["funnel"];
    println!(
        "{} items → {} candidates → {} shown ({} already had); {}, scored by {}",
        f["catalogue"],
        f["candidates"],
        f["shown"],
        f["seen"],
        doc["method_label"].as_str().unwrap_or(""),
        doc["metric"].as_str().unwrap_or("")
    );
    if let Some(o) = doc["metric_overlap"].as_object() {
        let parts: Vec<String> = o.iter().map(|(k, v)| format!("{k} {v}")).collect();
        println!("same items in each metric's top list: {}", parts.join(", "));
    }
    for it in doc["items"].as_array().into_iter().flatten() {
        let because: Vec<String> = it["because"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|b| {
                format!(
                    "{} {:.0}%",
                    b["name"].as_str().unwrap_or(""),
                    b["share"].as_f64().unwrap_or(0.0) * 100.0
                )
            })
            .collect();
        println!(
            "{:>3}. {:<32} {:>8.4}  because: {}",
            it["rank"].as_u64().unwrap_or(0),
            it["name"].as_str().unwrap_or(""),
            it["score"].as_f64().unwrap_or(f64::NAN),
            because.join(", ")
        );
    }
}

/// A user without interactions has no taste vector: say so and show the most popular items.
fn cold_start(out: &crate::pipeline::RunOutput, a: &RecommendArgs) -> anyhow::Result<()> {
    let items = &out.data.items;
    let users_of = &out.stats.users_of;
    let order = out.stats.by_popularity();
    let note = format!(
        "user \"{}\" has no interactions yet (cold start), so there is no taste vector: showing the most popular items instead",
        a.user
    );
    let list: Vec<Value> = order
        .iter()
        .take(a.n)
        .enumerate()
        .map(|(rank, &i)| {
            let i = i as usize;
            json!({"id": items.ids[i], "name": items.name(i, false), "users": users_of[i], "rank": rank + 1})
        })
        .collect();
    if a.json {
        println!(
            "{}",
            serde_json::to_string_pretty(
                &json!({"user": {"id": a.user}, "cold_start": note, "items": list})
            )?
        );
    } else {
        println!("{note}");
        for (rank, &i) in order.iter().take(a.n).enumerate() {
            println!(
                "{:>3}. {:<32} {} users",
                rank + 1,
                items.name(i as usize, false),
                users_of[i as usize]
            );
        }
    }
    Ok(())
}
