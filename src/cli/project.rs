//! `embedscope project`: PCA, t-SNE or UMAP of a `.npy` matrix to a 2-D `.npy` map, for side-by-side
//! measurement with other libraries (`shared/bench/peers.py project` / `quality`).

use std::path::PathBuf;
use std::time::Instant;

use clap::Args;
use serde_json::json;

use crate::data::formats::npy::{read_matrix, write_matrix};
use crate::pipeline::progress::Progress;
use crate::project::tsne::TsneParams;
use crate::project::umap::UmapParams;

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub(super) enum MethodArg {
    /// Principal component analysis (first two components).
    Pca,
    /// t-SNE (Barnes-Hut below 10,000 points, FFT-interpolated above).
    Tsne,
    /// UMAP (fuzzy k-NN graph + SGD layout, after umap-learn).
    Umap,
}

#[derive(Debug, Args)]
pub(super) struct ProjectArgs {
    /// Input matrix (.npy, float32/float64, n × d).
    #[arg(long)]
    input: PathBuf,
    /// Projection method.
    #[arg(long, value_enum)]
    method: MethodArg,
    /// t-SNE perplexity.
    #[arg(long, default_value_t = 30.0)]
    perplexity: f32,
    /// t-SNE iterations (the 250 of early exaggeration included).
    #[arg(long, default_value_t = 1000)]
    iterations: usize,
    /// t-SNE learning rate (default: auto).
    #[arg(long)]
    learning_rate: Option<f32>,
    /// UMAP neighbours per point (the point itself counted, as umap-learn's `n_neighbors`).
    #[arg(long, default_value_t = 15)]
    neighbors: usize,
    /// UMAP smallest distance between points on the map.
    #[arg(long, default_value_t = 0.1)]
    min_dist: f32,
    /// UMAP epochs (default: 500 up to 10,000 points, 200 above).
    #[arg(long)]
    epochs: Option<usize>,
    /// Seed (t-SNE's random initialisation without PCA; UMAP's negative samples and start
    /// noise; the sample above 100,000 points).
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Start t-SNE from random noise instead of PCA.
    #[arg(long)]
    random_init: bool,
    /// Output map (.npy, float32, n × 2).
    #[arg(long)]
    output: PathBuf,
    /// Print JSON on stdout.
    #[arg(long)]
    json: bool,
}

pub(super) fn cmd_project(a: &ProjectArgs) -> anyhow::Result<()> {
    let x = read_matrix(&a.input)?;
    let progress = Progress::silent();
    let start = Instant::now();
    let mut doc = json!({"cmd": "project", "n": x.nrows(), "dim": x.ncols()});
    let xy = match a.method {
        MethodArg::Pca => {
            let pca = crate::project::Pca::fit(&x)?;
            let xy = pca.transform(x.view(), (0, 1))?;
            doc["method"] = json!("pca");
            doc["explained_variance_ratio"] = json!(
                pca.explained_variance_ratio
                    .iter()
                    .take(2)
                    .collect::<Vec<_>>()
            );
            xy
        }
        MethodArg::Tsne => {
            let params = TsneParams {
                perplexity: a.perplexity,
                iterations: a.iterations,
                learning_rate: a.learning_rate,
                seed: a.seed,
                pca_init: !a.random_init,
            };
            let (out, graph) = crate::project::tsne_scale::fit_any(
                x.view(),
                &params,
                crate::project::tsne_scale::ScalePlan::default(),
                &progress,
                &mut |_, _| {},
            )?;
            doc["method"] = json!("tsne");
            doc["params"] = json!({"perplexity": out.perplexity, "iterations": a.iterations, "seed": a.seed, "init": if a.random_init {"random"} else {"pca"}, "learning_rate": a.learning_rate.map_or(json!("auto"), |l| json!(l))});
            doc["gradient"] = json!(out.gradient);
            doc["neighbours"] =
                json!({"k": out.neighbours, "index": graph.index, "recall_at_k": graph.recall});
            doc["fitted_points"] = json!(graph.fitted);
            doc["kl_divergence"] = json!(out.kl_divergence);
            let warnings: Vec<String> = out.warnings.iter().map(ToString::to_string).collect();
            doc["warnings"] = json!(warnings);
            out.xy
        }
        MethodArg::Umap => umap(a, &x, &progress, &mut doc)?,
    };
    doc["wall_s"] = json!(start.elapsed().as_secs_f64());
    write_matrix(&a.output, &xy)?;
    doc["out"] = json!(a.output.display().to_string());
    if a.json {
        println!("{doc}");
    } else {
        // The JSON carries the warnings (perplexity clamped, …); in text they go to stderr.
        for w in doc["warnings"].as_array().into_iter().flatten() {
            eprintln!("warning: {}", w.as_str().unwrap_or(""));
        }
        println!(
            "{} × {} → {} in {:.3} s",
            x.nrows(),
            x.ncols(),
            a.output.display(),
            doc["wall_s"].as_f64().unwrap_or(0.0)
        );
    }
    Ok(())
}

/// UMAP of `x` with the size plan of t-SNE; fills `doc` in the shape of the t-SNE answer.
fn umap(
    a: &ProjectArgs,
    x: &ndarray::Array2<f32>,
    progress: &Progress,
    doc: &mut serde_json::Value,
) -> anyhow::Result<ndarray::Array2<f32>> {
    let params = UmapParams {
        neighbours: a.neighbors,
        min_dist: a.min_dist,
        epochs: a.epochs,
        seed: a.seed,
        ..UmapParams::default()
    };
    let (out, graph) = crate::project::umap::fit_any(
        x.view(),
        &params,
        crate::project::scale::ScalePlan::default(),
        progress,
        &mut |_, _| {},
    )?;
    doc["method"] = json!("umap");
    doc["params"] = json!({"neighbors": out.neighbours, "min_dist": a.min_dist, "spread": params.spread, "epochs": out.epochs, "seed": a.seed, "init": "pca", "a": out.a, "b": out.b});
    doc["neighbours"] =
        json!({"k": out.neighbours, "index": graph.index, "recall_at_k": graph.recall});
    doc["fitted_points"] = json!(graph.fitted);
    doc["edges"] = json!(out.edges);
    let warnings: Vec<String> = out.warnings.iter().map(ToString::to_string).collect();
    doc["warnings"] = json!(warnings);
    Ok(out.xy)
}
