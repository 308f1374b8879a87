//! `embedscope knn`: k nearest neighbours of query vectors in a data matrix, exact or through an
//! HNSW graph, with build time, queries per second (median of `--repeat` runs after a warm-up,
//! as `peers.py knn` measures; every run's seconds in `query_s_runs`), latency percentiles for
//! `--single`, index bytes and recall@k against exact search, for side-by-side measurement.

use std::path::PathBuf;
use std::time::Instant;

use clap::Args;
use ndarray::{Array2, ArrayView2, s};
use serde_json::json;

use crate::data::formats::npy::{read_matrix, write_matrix};
use crate::gui::bench::process_cpu_ns;
use crate::index::Hit;
use crate::index::hnsw::{HnswIndex, HnswParams, recall};
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

impl MetricArg {
    pub(super) fn metric(self) -> KnnMetric {
        match self {
            Self::Euclidean => KnnMetric::Euclidean,
            Self::Cosine => KnnMetric::Cosine,
            Self::Dot => KnnMetric::Dot,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(super) enum IndexArg {
    /// Exact search (tiled matrix products, all cores).
    Exact,
    /// Approximate search in an HNSW graph.
    Hnsw,
}

#[derive(Debug, Args)]
pub(super) struct KnnArgs {
    /// Data matrix (.npy, n × d).
    #[arg(long)]
    input: PathBuf,
    /// Query matrix (.npy, q × d).
    #[arg(long)]
    queries: PathBuf,
    /// Neighbours per query (more than the data has: clamped to its size, with a warning).
    #[arg(long, default_value_t = 10)]
    k: usize,
    /// Metric.
    #[arg(long, value_enum, default_value_t = MetricArg::Euclidean)]
    metric: MetricArg,
    /// Index.
    #[arg(long, value_enum, default_value_t = IndexArg::Exact)]
    index: IndexArg,
    /// HNSW: candidate list while searching, at least k (default: 64, or k when larger).
    #[arg(long)]
    ef: Option<usize>,
    /// HNSW: links per node, at least 2.
    #[arg(long = "M", alias = "m", default_value_t = 16)]
    m: usize,
    /// HNSW: candidate list while building.
    #[arg(long, default_value_t = 200)]
    ef_construction: usize,
    /// HNSW: store vectors as 16-bit floats (half the memory).
    #[arg(long)]
    half: bool,
    /// Time one query at a time (reports latency p50 / p99) instead of one batch.
    #[arg(long)]
    single: bool,
    /// Timed repetitions (the median is reported).
    #[arg(long, default_value_t = 3)]
    repeat: usize,
    /// Output neighbour ids (.npy, int64, q × k, −1 = none).
    #[arg(long)]
    output: Option<PathBuf>,
    /// Print JSON on stdout.
    #[arg(long)]
    json: bool,
}

/// One way of answering a batch of queries.
enum Engine {
    Exact,
    Hnsw(Box<HnswIndex>),
}

impl Engine {
    fn answer(
        &self,
        x: ArrayView2<'_, f32>,
        q: ArrayView2<'_, f32>,
        k: usize,
        metric: KnnMetric,
    ) -> anyhow::Result<Vec<Vec<Hit>>> {
        Ok(match self {
            Self::Exact => batch_knn(x, q, k, metric, false, &Progress::silent())?,
            Self::Hnsw(h) => h.search_batch(q, k, &Progress::silent())?,
        })
    }
}

fn median(v: &mut [f64]) -> f64 {
    v.sort_by(f64::total_cmp);
    v.get(v.len() / 2).copied().unwrap_or(0.0)
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let at = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[at.min(sorted.len() - 1)]
}

/// Hits of the last run, seconds of every run in order, single-query latencies in ms, and the
/// CPU seconds (all threads) of every run, when the platform tells.
type Timings = (Vec<Vec<Hit>>, Vec<f64>, Vec<f64>, Vec<f64>);

/// Timings of `repeat` runs.
fn time_queries(
    engine: &Engine,
    a: &KnnArgs,
    x: ArrayView2<'_, f32>,
    q: ArrayView2<'_, f32>,
    metric: KnnMetric,
) -> anyhow::Result<Timings> {
    let k = a.k.min(x.nrows());
    engine.answer(x, q.slice(s![..q.nrows().min(16), ..]), k, metric)?; // warm-up
    let mut runs = Vec::new();
    let mut latencies_ms = Vec::new();
    let mut hits = Vec::new();
    let mut cpu_runs = Vec::new();
    for _ in 0..a.repeat.max(1) {
        let cpu = process_cpu_ns();
        let start = Instant::now();
        if a.single {
            hits.clear();
            for i in 0..q.nrows() {
                let t = Instant::now();
                let one = engine.answer(x, q.slice(s![i..=i, ..]), k, metric)?;
                latencies_ms.push(t.elapsed().as_secs_f64() * 1e3);
                hits.extend(one);
            }
        } else {
            hits = engine.answer(x, q, k, metric)?;
        }
        runs.push(start.elapsed().as_secs_f64());
        if let (Some(before), Some(after)) = (cpu, process_cpu_ns()) {
            cpu_runs.push(after.saturating_sub(before) as f64 * 1e-9);
        }
    }
    latencies_ms.sort_by(f64::total_cmp);
    Ok((hits, runs, latencies_ms, cpu_runs))
}

/// The HNSW search list: `--ef` when given (it must be at least k), else 64 or k if larger.
fn search_list(a: &KnnArgs, k: usize) -> anyhow::Result<usize> {
    anyhow::ensure!(
        a.m >= 2,
        "--M must be at least 2 (links per node in the HNSW graph), found {}",
        a.m
    );
    anyhow::ensure!(
        a.ef_construction >= 1,
        "--ef-construction must be at least 1"
    );
    match a.ef {
        Some(ef) if ef < k => anyhow::bail!(
            "--ef {ef} is smaller than k = {k}: the search keeps ef candidates, so it could never return k neighbours (give --ef {k} or more)"
        ),
        Some(ef) => Ok(ef),
        None => Ok(64.max(k)),
    }
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
    anyhow::ensure!(x.nrows() > 0, "{} has no rows", a.input.display());
    // Like `neighbours`, a k above the data is clamped (each query gets every point), and said.
    let k = a.k.min(x.nrows());
    if k < a.k {
        eprintln!(
            "warning: k = {} is more than the {} points of {}: {k} neighbours per query",
            a.k,
            x.nrows(),
            a.input.display()
        );
    }
    let ef_search = if a.index == IndexArg::Hnsw {
        search_list(a, k)?
    } else {
        64.max(k)
    };
    let metric = a.metric.metric();
    let params = HnswParams {
        connectivity: a.m,
        ef_construction: a.ef_construction,
        ef_search,
        half_precision: a.half,
    };
    let build = Instant::now();
    let (engine, index_bytes) = match a.index {
        // The exact index is the data itself.
        IndexArg::Exact => (Engine::Exact, x.len() * std::mem::size_of::<f32>()),
        IndexArg::Hnsw => {
            let h = HnswIndex::build(x.view(), metric, params, &Progress::silent())?;
            let bytes = h.memory_bytes();
            (Engine::Hnsw(Box::new(h)), bytes)
        }
    };
    let build_s = build.elapsed().as_secs_f64();
    let (hits, runs, latencies, cpu_runs) = time_queries(&engine, a, x.view(), q.view(), metric)?;
    let query_s = median(&mut runs.clone());
    let recall_at_k = match engine {
        Engine::Exact => 1.0,
        Engine::Hnsw(_) => {
            let exact = batch_knn(x.view(), q.view(), k, metric, false, &Progress::silent())?;
            recall(&exact, &hits)
        }
    };
    let mut ids = Array2::<i64>::from_elem((q.nrows(), k), -1);
    for (mut row, list) in ids.rows_mut().into_iter().zip(&hits) {
        for (slot, h) in row.iter_mut().zip(list) {
            *slot = i64::from(h.row);
        }
    }
    if let Some(out) = &a.output {
        write_matrix(out, &ids)?;
    }
    let index_name = match a.index {
        IndexArg::Exact => "exact",
        IndexArg::Hnsw => "hnsw",
    };
    let mut doc = json!({
        "cmd": "knn", "index": index_name, "metric": metric.as_str(), "n": x.nrows(), "dim": x.ncols(),
        "n_queries": q.nrows(), "k": k, "k_requested": a.k, "threads": rayon::current_num_threads(),
        "mode": if a.single { "single" } else { "batch" },
        "build_s": build_s, "query_s": query_s, "query_s_runs": runs,
        "qps": q.nrows() as f64 / query_s.max(1e-12),
        "index_bytes": index_bytes, "recall_at_k": recall_at_k,
        "out": a.output.as_ref().map(|p| p.display().to_string()),
    });
    if a.index == IndexArg::Hnsw {
        doc["params"] = json!({"M": a.m, "ef_construction": a.ef_construction, "ef": params.ef_search, "half": a.half});
    }
    if !cpu_runs.is_empty() {
        // CPU seconds of all threads per run: on a shared machine, where wall time also counts
        // the time other processes took, this is the steadier figure for comparing builds.
        doc["query_cpu_s"] = json!(median(&mut cpu_runs.clone()));
    }
    if a.single {
        doc["latency_ms_p50"] = json!(percentile(&latencies, 0.5));
        doc["latency_ms_p99"] = json!(percentile(&latencies, 0.99));
    }
    if a.json {
        println!("{doc}");
    } else {
        print_text(&doc, index_name, a.repeat.max(1));
    }
    Ok(())
}

/// The text summary, read from the JSON document (latency percentiles with `--single`).
fn print_text(doc: &serde_json::Value, index_name: &str, repeat: usize) {
    let f = |key: &str| doc[key].as_f64().unwrap_or(0.0);
    let k = &doc["k"];
    println!(
        "{} queries × {} points, k = {k}: {:.0} queries/s ({index_name}, recall@{k} {:.4}), build {:.2} s, index {:.1} MB",
        doc["n_queries"],
        doc["n"],
        f("qps"),
        f("recall_at_k"),
        f("build_s"),
        f("index_bytes") / 1e6
    );
    if doc.get("latency_ms_p50").is_some() {
        println!(
            "latency per query: p50 {:.4} ms, p99 {:.4} ms ({} queries × {repeat} runs)",
            f("latency_ms_p50"),
            f("latency_ms_p99"),
            doc["n_queries"]
        );
    }
}
