//! `embedscope export`: run the pipeline on a dataset with one method, then write the map or
//! the vectors in another tool's format (see [`crate::report`]).
//!
//! Where files go (`--out PATH`):
//! - `projector`: PATH is a **folder**; it gets `vectors.tsv` and `metadata.tsv`;
//! - `npy`: `PATH.npy` (PATH itself when it ends in `.npy`) and the coordinates CSV beside it
//!   (`PATH.csv`);
//! - `csv`, `jsonl`, `png`, `neighbours`, `recommendations`: PATH is the file.
//!
//! Missing parent folders are refused (naming the folder) before anything is computed: a typo
//! in a folder name should not silently make a new tree.

use std::path::PathBuf;

use anyhow::{Context as _, bail};
use clap::{Args, ValueEnum};
use ndarray::Array2;
use serde_json::json;

use super::embed_arg::{EmbedArg, label, settings_json, used_params};
use crate::data::formats::{Format, LoadOptions, load_opts};
use crate::pipeline::progress::Progress;
use crate::pipeline::query::KindFilter;
use crate::pipeline::recommend_query::default_metric;
use crate::pipeline::{self, RunOutput, RunParams};
use crate::report::{self, Written};

#[derive(Debug, Args)]
pub(super) struct ExportArgs {
    /// Dataset (any format `run` reads).
    dataset: PathBuf,
    /// Dataset format (default: detected from the files).
    #[arg(long, value_parser = super::format_parser())]
    format_in: Option<Format>,
    /// Read only the first N rows of a vector file.
    #[arg(long)]
    limit: Option<usize>,
    /// The field or column holding the vectors when a JSONL or Parquet file has several.
    #[arg(long)]
    vector_column: Option<String>,
    /// Embedding method (default: numeric features, else what the data has), with the app's
    /// default settings (the output names them).
    #[arg(long, value_enum)]
    method: Option<EmbedArg>,
    #[command(flatten)]
    text_model: super::text_model_arg::TextModelArgs,
    /// The 2-D map written with the points.
    #[arg(long, value_enum, default_value_t = MapArg::Pca)]
    map: MapArg,
    /// What to write.
    #[arg(long, value_enum)]
    format: OutFormat,
    /// Where: a folder for `projector` (created; its parent must exist); `PATH.npy` + `PATH.csv`
    /// for `npy`; else the file. Missing parent folders are refused, not created.
    #[arg(long)]
    out: PathBuf,
    /// Image size for `png`, WIDTHxHEIGHT.
    #[arg(long, default_value = "1200x900")]
    size: String,
    /// Neighbours per metric for `neighbours`.
    #[arg(long, default_value_t = 10)]
    k: usize,
    /// Items per user for `recommendations`.
    #[arg(long, default_value_t = 10)]
    n: usize,
    /// Print JSON on stdout (the files written, with byte sizes).
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum MapArg {
    /// First two principal components (the run's own map).
    Pca,
    /// t-SNE (perplexity 30, 1000 iterations, PCA start).
    Tsne,
    /// UMAP (15 neighbours, min. distance 0.1, umap-learn's epochs, seed 1).
    Umap,
}

impl MapArg {
    fn name(self) -> &'static str {
        match self {
            Self::Pca => "pca",
            Self::Tsne => "tsne",
            Self::Umap => "umap",
        }
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum OutFormat {
    /// TensorFlow Projector folder: vectors.tsv + metadata.tsv (with x, y).
    Projector,
    /// float32 .npy of the vectors, with the coordinates CSV beside it.
    Npy,
    /// Coordinates CSV: id,name,kind,category,x,y.
    Csv,
    /// One JSON object per point, with its vector.
    Jsonl,
    /// The map as a PNG image, coloured by category.
    Png,
    /// Each item's k nearest items under Euclidean and cosine (CSV).
    Neighbours,
    /// Each user's top n items with reasons (CSV).
    Recommendations,
}

impl OutFormat {
    fn name(self) -> &'static str {
        match self {
            Self::Projector => "projector",
            Self::Npy => "npy",
            Self::Csv => "csv",
            Self::Jsonl => "jsonl",
            Self::Png => "png",
            Self::Neighbours => "neighbours",
            Self::Recommendations => "recommendations",
        }
    }
}

fn parse_size(s: &str) -> anyhow::Result<[u32; 2]> {
    let parsed = s
        .split_once(['x', 'X'])
        .and_then(|(w, h)| Some([w.trim().parse().ok()?, h.trim().parse().ok()?]));
    match parsed {
        Some([w, h]) if w > 0 && h > 0 => Ok([w, h]),
        _ => bail!("--size: expected WIDTHxHEIGHT in pixels, like 1200x900, found \"{s}\""),
    }
}

/// The map coordinates to export: the run's PCA map, or a t-SNE or UMAP layout of all its
/// points. UMAP runs as in the app (same size plan, default parameters and seed), so up to
/// 10,000 points the same data gives the same map.
fn map_xy(out: &RunOutput, map: MapArg) -> anyhow::Result<Array2<f32>> {
    use crate::index::knn::{KnnMetric, batch_knn};
    use crate::project::tsne::{self, TsneParams};
    match map {
        MapArg::Pca => Ok(out.xy.clone()),
        MapArg::Tsne => {
            let points = out.index.data();
            let params = TsneParams::default();
            let (perplexity, _) = tsne::usable_perplexity(params.perplexity, points.nrows());
            let k = tsne::neighbours_for(perplexity, points.nrows());
            let progress = Progress::silent();
            let knn = batch_knn(points, points, k, KnnMetric::Euclidean, true, &progress)?;
            Ok(tsne::fit(points, &knn, &params, &progress, &mut |_, _| {})?.xy)
        }
        MapArg::Umap => {
            let (umap, _) = crate::project::umap::fit_any(
                out.index.data(),
                &crate::project::umap::UmapParams::default(),
                crate::project::scale::ScalePlan::default(),
                &Progress::silent(),
                &mut |_, _| {},
            )?;
            Ok(umap.xy)
        }
    }
}

fn write(a: &ExportArgs, out: &RunOutput, xy: &Array2<f32>) -> anyhow::Result<Vec<Written>> {
    let one = |text: &[u8]| -> anyhow::Result<Vec<Written>> {
        Ok(vec![report::write_file(&a.out, text)?])
    };
    match a.format {
        OutFormat::Projector => Ok(report::projector::write_projector(out, xy.view(), &a.out)?),
        OutFormat::Npy => Ok(report::npy::write_vectors_npy(out, xy.view(), &a.out)?),
        OutFormat::Csv => one(report::coordinates::coordinates_csv(out, xy.view())?.as_bytes()),
        OutFormat::Jsonl => one(report::jsonl::points_jsonl(out, xy.view())?.as_bytes()),
        OutFormat::Png => {
            let categories: Vec<&str> = (0..out.points.len())
                .map(|i| report::point_info(out, i).category)
                .collect();
            let colours = report::category_colours(&categories);
            one(&report::map_png(
                xy.view(),
                &colours,
                parse_size(&a.size)?,
                None,
            )?)
        }
        OutFormat::Neighbours => {
            if a.k == 0 {
                bail!("--k must be at least 1");
            }
            let items: Vec<usize> = (0..out.data.items.len()).collect();
            let text = report::neighbours::neighbours_csv(out, &items, a.k, KindFilter::Items)?;
            one(text.as_bytes())
        }
        OutFormat::Recommendations => {
            if a.n == 0 {
                bail!("--n must be at least 1");
            }
            let users: Vec<u32> = (0..out.data.users.len() as u32).collect();
            let metric = default_metric(out.embeddings.method);
            let text = report::recommendations::recommendations_csv(out, &users, a.n, metric);
            one(text.as_bytes())
        }
    }
}

pub(super) fn cmd_export(a: &ExportArgs) -> anyhow::Result<()> {
    if matches!(a.format, OutFormat::Png) {
        parse_size(&a.size)?;
    }
    report::check_folder(&a.out)?;
    let opts = LoadOptions {
        format: a.format_in,
        limit: a.limit,
        vector_column: a.vector_column.clone(),
        ..LoadOptions::default()
    };
    let data = load_opts(&a.dataset, &opts)?;
    let params = RunParams {
        loaded: Some(std::sync::Arc::new(data)),
        embed: a
            .text_model
            .apply(a.method.map(EmbedArg::defaults).unwrap_or_default())?,
        ..RunParams::new(a.dataset.clone())
    };
    let out = pipeline::run(&params, &Progress::silent())?;
    let used = used_params(&params.embed, out.embeddings.method);
    let xy = map_xy(&out, a.map)?;
    let written =
        write(a, &out, &xy).with_context(|| format!("exporting to {}", a.out.display()))?;
    if a.json {
        let doc = json!({
            "cmd": "export",
            "format": a.format.name(),
            "method": out.embeddings.method.as_str(),
            "method_settings": settings_json(&used),
            "method_label": label(&used),
            "map": a.map.name(),
            "points": out.points.len(),
            "dimension": out.embeddings.dim(),
            "files": written,
        });
        println!("{}", serde_json::to_string_pretty(&doc)?);
    } else {
        println!(
            "{} points by {}, map {}",
            out.points.len(),
            label(&used),
            a.map.name()
        );
        for w in &written {
            println!("wrote {} ({} bytes)", w.path.display(), w.bytes);
        }
    }
    Ok(())
}
