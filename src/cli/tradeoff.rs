//! `embedscope tradeoff`: the latency / accuracy / cost table of ALS dimension × index kind,
//! measured on the dataset (see [`crate::pipeline::tradeoff`]); with `--reduce`, the dimension
//! study of the dataset's vectors instead ([`reduce`]).

mod reduce;

use std::path::PathBuf;

use clap::Args;

use crate::pipeline::progress::Progress;
use crate::pipeline::tradeoff::human_bytes;
use crate::pipeline::tradeoff::{IndexKind, TradeoffParams, TradeoffTable, tradeoff};

/// [`crate::pipeline::tradeoff::DEFAULT_DIMS`] as typed on the command line (`--help` shows the comma syntax it accepts;
/// a test checks the two agree).
const DEFAULT_DIMS_ARG: &str = "8,16,32,64,128";

#[derive(Debug, Args)]
pub(super) struct TradeoffArgs {
    /// Dataset folder or file (its interactions are split per user into train and test).
    pub(super) dataset: PathBuf,
    /// Dataset format (default: detected from the files).
    #[arg(long, value_parser = super::format_parser())]
    pub(super) format: Option<crate::data::formats::Format>,
    /// Latent dimensions (ALS factors) to measure, comma-separated: e.g. `--dims 8,16,32`; with
    /// `--reduce`, the target dimensions k of the reduced copies.
    #[arg(long, value_delimiter = ',', value_name = "D,D,…", default_value = DEFAULT_DIMS_ARG)]
    pub(super) dims: Vec<usize>,
    /// Index kinds, comma-separated: `--index exact,hnsw` (or one of them) [default: exact,hnsw]
    /// (with `--reduce`: exact, so one row per reduction and k).
    #[arg(long, value_delimiter = ',', value_name = "KIND,…")]
    pub(super) index: Option<Vec<String>>,
    /// Measure dimension reduction of the dataset's vectors instead of ALS dimensions:
    /// reductions to k = each of `--dims`, comma-separated from `pca`, `gaussian`, `sparse`
    /// (e.g. `--reduce pca,gaussian,sparse --dims 32,64,128`). The vectors are the imported
    /// ones, else those `embedscope run` makes; `--k`, `--test-fraction` and `--iterations`
    /// do not apply.
    #[arg(long, value_delimiter = ',', value_name = "REDUCTION,…")]
    pub(super) reduce: Option<Vec<String>>,
    /// With `--reduce`: the metric of every neighbour list (`cosine` or `euclidean`).
    #[arg(long, default_value = "cosine", value_name = "METRIC")]
    pub(super) metric: String,
    /// With `--reduce`: items queried (an evenly spaced sample when there are more).
    #[arg(long, default_value_t = 300)]
    pub(super) queries: usize,
    /// List length k of Recall@k and nDCG@k.
    #[arg(long, default_value_t = 10)]
    pub(super) k: usize,
    /// Seed of the split and of ALS.
    #[arg(long, default_value_t = 42)]
    pub(super) seed: u64,
    /// Share of each user's interactions held out.
    #[arg(long, default_value_t = 0.2)]
    pub(super) test_fraction: f64,
    /// ALS iterations per dimension [default: the app's, 15, as `eval` and `recommend`; fewer
    /// make large dimensions quicker].
    #[arg(long)]
    pub(super) iterations: Option<usize>,
    /// Times each query is timed (the fastest counts, so scheduler pauses on a busy machine do
    /// not pass for query time).
    #[arg(long, default_value_t = 3)]
    pub(super) query_repeats: usize,
    /// Print JSON on stdout.
    #[arg(long)]
    pub(super) json: bool,
}

pub(super) fn cmd_tradeoff(a: &TradeoffArgs) -> anyhow::Result<()> {
    if a.reduce.is_some() {
        return reduce::cmd_reduce(a);
    }
    let indexes = parse_indexes(
        a.index
            .as_deref()
            .unwrap_or(&["exact".into(), "hnsw".into()]),
    )?;
    let defaults = TradeoffParams::default();
    let params = TradeoffParams {
        dims: a.dims.clone(),
        indexes,
        k: a.k,
        seed: a.seed,
        test_fraction: a.test_fraction,
        query_repeats: a.query_repeats,
        als: crate::embed::als::AlsParams {
            iterations: a.iterations.unwrap_or(defaults.als.iterations),
            ..defaults.als.clone()
        },
        ..defaults
    };
    // Invalid params are reported before the (possibly slow) load.
    params.validate()?;
    let data = crate::data::formats::load(&a.dataset, a.format)?;
    let table = tradeoff(&data, &params, &Progress::silent())?;
    let als = crate::embed::EmbedParams::Als(params.als.clone());
    if a.json {
        let mut v = serde_json::to_value(&table)?;
        let mut settings = super::embed_arg::settings_json(&als);
        settings["factors"] = serde_json::json!("dim");
        v["method"] = serde_json::json!("als");
        v["method_settings"] = settings;
        v["method_label"] = serde_json::json!(dims_label(&params.als));
        println!("{}", serde_json::to_string_pretty(&v)?);
    } else {
        print!("{}", text_table(&table, &dims_label(&params.als)));
    }
    Ok(())
}

fn parse_indexes(names: &[String]) -> anyhow::Result<Vec<IndexKind>> {
    Ok(names
        .iter()
        .map(|s| IndexKind::parse(s))
        .collect::<Result<Vec<_>, _>>()?)
}

/// The ALS label of `eval` and `recommend` with the factors standing for each row's dim:
/// `als (dim factors, α 2, λ 0.05, 15 iterations)`.
fn dims_label(als: &crate::embed::als::AlsParams) -> String {
    super::embed_arg::label(&crate::embed::EmbedParams::Als(als.clone())).replacen(
        &format!("({} factors", als.factors),
        "(dim factors",
        1,
    )
}

/// The aligned text table.
fn text_table(t: &TradeoffTable, method_label: &str) -> String {
    use std::fmt::Write as _;
    let k = t.k;
    let mut out = format!(
        "{}: {} users evaluated, {} items, {} train / {} test pairs, k = {k}, {method_label}; measured in {:.2} s\n",
        t.dataset, t.users_evaluated, t.items, t.train_pairs, t.test_pairs, t.total_s
    );
    let _ = writeln!(
        out,
        "{:>5} {:<6} {:>8} {:>11} {:>11} {:>11} {:>10} {:>9} {:>9} {:>10} {:>9} {:>10}",
        "dim",
        "index",
        "fit s",
        "vectors",
        "index",
        "allocated",
        "build ms",
        "p50 µs",
        "p95 µs",
        format!("recall@{k}"),
        format!("ndcg@{k}"),
        "vs exact"
    );
    for r in &t.settings {
        let _ = writeln!(
            out,
            "{:>5} {:<6} {:>8.3} {:>11} {:>11} {:>11} {:>10.2} {:>9.1} {:>9.1} {:>10.4} {:>9.4} {:>10.3}",
            r.dim,
            r.index.as_str(),
            r.fit_s,
            human_bytes(r.embedding_bytes),
            human_bytes(r.index_bytes),
            human_bytes(r.allocated_bytes),
            r.build_ms,
            r.latency_us_p50,
            r.latency_us_p95,
            r.recall_at_k,
            r.ndcg_at_k,
            r.exact_agreement
        );
    }
    for note in &t.params.notes {
        let _ = writeln!(out, "note: {note}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn byte_units() {
        assert_eq!(human_bytes(640), "640 B");
        assert_eq!(human_bytes(2560), "2.5 KiB");
        assert_eq!(human_bytes(5000 * 128 * 4), "2.44 MiB");
    }

    #[test]
    fn dims_label_says_the_app_settings_with_factors_per_row() {
        let als = TradeoffParams::default().als;
        assert_eq!(
            dims_label(&als),
            "als (dim factors, α 2, λ 0.05, 15 iterations)"
        );
    }

    #[test]
    fn default_dims_text_is_the_default_dims() {
        let parsed: Vec<usize> = DEFAULT_DIMS_ARG
            .split(',')
            .map(|d| d.parse().unwrap())
            .collect();
        assert_eq!(parsed, crate::pipeline::tradeoff::DEFAULT_DIMS.to_vec());
    }
}
