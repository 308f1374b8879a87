//! `embedscope knn`: k nearest neighbours of query vectors in a data matrix, with build time,
//! queries per second and index size, for side-by-side measurement (`peers.py knn`).

use std::path::PathBuf;
use std::time::Instant;

use clap::Args;
use ndarray::Array2;
use serde_json::json;

use crate::data::formats::npy::{read_matrix, write_matrix};
use crate::index::knn::{KnnMetric, batch_knn};
use crate::pipeline::progress::Progress;

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub(super) enum MetricArg {
    /// Euclidean distance.
    Euclidean,
    /// Cosine similarity.
    Cosine,
    /// Dot product.
    Dot,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub(super) enum IndexArg {
    /// Exact search (tiled matrix products, all cores).
    Exact,
}

#[derive(Debug, Args)]
pub(super) struct KnnArgs {
    /// Data matrix (.npy, n × d).
    #[arg(long)]
    input: PathBuf,
    /// Query matrix (.npy, q × d).
    #[arg(long)]
    queries: PathBuf,
    /// Neighbours per query.
    #[arg(long, default_value_t = 10)]
    k: usize,
    /// Metric.
    #[arg(long, value_enum, default_value_t = MetricArg::Euclidean)]
    metric: MetricArg,
    /// Index.
    #[arg(long, value_enum, default_value_t = IndexArg::Exact)]
    index: IndexArg,
    /// Output neighbour ids (.npy, int64, q × k, −1 = none).
    #[arg(long)]
    output: Option<PathBuf>,
    /// Print JSON on stdout.
    #[arg(long)]
    json: bool,
}

pub(super) fn cmd_knn(a: &KnnArgs) -> anyhow::Result<()> {
    anyhow::ensure!(a.k > 0, "k must be at least 1");
    let x = read_matrix(&a.input)?;
    let q = read_matrix(&a.queries)?;
    anyhow::ensure!(
        x.ncols() == q.ncols(),
        "{} has {} dimensions but {} has {}",
        a.queries.display(),
        q.ncols(),
        a.input.display(),
        x.ncols()
    );
    let metric = match a.metric {
        MetricArg::Euclidean => KnnMetric::Euclidean,
        MetricArg::Cosine => KnnMetric::Cosine,
        MetricArg::Dot => KnnMetric::Dot,
    };
    let IndexArg::Exact = a.index;
    // The exact index is the data itself (cosine keeps a normalised copy while searching).
    let build = Instant::now();
    let index_bytes = x.len() * std::mem::size_of::<f32>();
    let build_s = build.elapsed().as_secs_f64();
    let start = Instant::now();
    let hits = batch_knn(x.view(), q.view(), a.k, metric, false, &Progress::silent())?;
    let query_s = start.elapsed().as_secs_f64();
    let mut ids = Array2::<i64>::from_elem((q.nrows(), a.k), -1);
    for (mut row, list) in ids.rows_mut().into_iter().zip(&hits) {
        for (slot, h) in row.iter_mut().zip(list) {
            *slot = i64::from(h.row);
        }
    }
    if let Some(out) = &a.output {
        write_matrix(out, &ids)?;
    }
    let doc = json!({
        "cmd": "knn", "index": "exact", "metric": metric.as_str(), "n": x.nrows(), "dim": x.ncols(),
        "n_queries": q.nrows(), "k": a.k, "threads": rayon::current_num_threads(),
        "build_s": build_s, "query_s": query_s, "qps": q.nrows() as f64 / query_s.max(1e-12),
        "index_bytes": index_bytes, "recall_at_k": 1.0,
        "out": a.output.as_ref().map(|p| p.display().to_string()),
    });
    if a.json {
        println!("{doc}");
    } else {
        println!(
            "{} queries × {} points, k = {}: {:.0} queries/s (exact)",
            q.nrows(),
            x.nrows(),
            a.k,
            doc["qps"].as_f64().unwrap_or(0.0)
        );
    }
    Ok(())
}
