//! `embedscope tradeoff DATASET --reduce pca,gaussian,sparse --dims 32,64,128 [--json]`: the
//! dimension study of the dataset's vectors ([`crate::pipeline::tradeoff::reduce`]). A k the
//! vectors cannot be reduced to is skipped with its reason on stderr (and in `"skipped"`);
//! when no k can be used at all, the command fails with exit code 2.

use std::sync::Arc;

use super::TradeoffArgs;
use crate::index::metric::Metric;
use crate::pipeline::progress::Progress;
use crate::pipeline::tradeoff::reduce::{ReduceStudyParams, ReduceTable, reduce_study_dataset};
use crate::project::reduce::Reduction;

fn parse_metric(name: &str) -> anyhow::Result<Metric> {
    match name.trim().to_ascii_lowercase().as_str() {
        "cosine" | "cos" => Ok(Metric::Cosine),
        "euclidean" | "l2" => Ok(Metric::Euclidean),
        other => anyhow::bail!("unknown metric \"{other}\" (available: cosine, euclidean)"),
    }
}

pub(super) fn cmd_reduce(a: &TradeoffArgs) -> anyhow::Result<()> {
    let reductions = a
        .reduce
        .as_deref()
        .unwrap_or_default()
        .iter()
        .map(|s| Reduction::parse(s))
        .collect::<Result<Vec<_>, _>>()?;
    let indexes = super::parse_indexes(a.index.as_deref().unwrap_or(&["exact".into()]))?;
    let params = ReduceStudyParams {
        reductions,
        dims: a.dims.clone(),
        metric: parse_metric(&a.metric)?,
        indexes,
        queries: a.queries,
        query_repeats: a.query_repeats,
        seed: a.seed,
        ..ReduceStudyParams::default()
    };
    // Invalid params are reported before the (possibly slow) load.
    params.validate()?;
    let data = Arc::new(crate::data::formats::load(&a.dataset, a.format)?);
    let table = reduce_study_dataset(&data, &params, &Progress::silent())?;
    for s in &table.skipped {
        eprintln!(
            "embedscope: skipped {} to k = {}: {}",
            s.reduction, s.dim, s.reason
        );
    }
    if a.json {
        println!("{}", serde_json::to_string_pretty(&table)?);
    } else {
        print!("{}", text_table(&table));
    }
    Ok(())
}

/// The aligned text table.
fn text_table(t: &ReduceTable) -> String {
    use std::fmt::Write as _;
    let mut out = format!(
        "{}: {} {} vectors of {} dimensions, {} queries by {}; measured in {:.2} s\n",
        t.dataset,
        t.items,
        t.vectors,
        t.full_dim,
        t.queries,
        t.metric.as_str(),
        t.total_s
    );
    let _ = writeln!(
        out,
        "{:<9} {:>5} {:<6} {:>10} {:>11} {:>10} {:>10} {:>9} {:>9}",
        "reduction",
        "dim",
        "index",
        "recall@10",
        "index",
        "build ms",
        "reduce ms",
        "p50 µs",
        "p95 µs"
    );
    for r in &t.rows {
        let _ = writeln!(
            out,
            "{:<9} {:>5} {:<6} {:>10.4} {:>11} {:>10.2} {:>10.1} {:>9.1} {:>9.1}",
            r.reduction,
            r.dim,
            r.index.as_str(),
            r.neighbour_recall_at_10,
            crate::pipeline::tradeoff::human_bytes(r.index_bytes),
            r.build_ms,
            r.reduce_ms,
            r.latency_us_p50,
            r.latency_us_p95
        );
    }
    for s in &t.skipped {
        let _ = writeln!(
            out,
            "skipped: {} to k = {}: {}",
            s.reduction, s.dim, s.reason
        );
    }
    for note in &t.notes {
        let _ = writeln!(out, "note: {note}");
    }
    out
}
