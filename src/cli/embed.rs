//! `embedscope embed`: texts (one per line) or a dataset's items through a sentence encoder or
//! static model from a local folder, to a float32 `.npy`; `embedscope models`: the models
//! found on this machine. Nothing is ever downloaded.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::Context as _;
use clap::Args;
use serde_json::json;

use crate::data::formats::npy::write_matrix;
use crate::data::models::{ModelFolder, cache_roots, discover};
use crate::embed::text_model::{EncodeOptions, TextEncoder, default_columns, item_texts};
use crate::pipeline::progress::Progress;

#[derive(Debug, Args)]
pub(super) struct EmbedArgs {
    /// Dataset whose items to embed (rows in item order, ids in a .csv beside the output).
    /// Without it, `--input` gives the texts.
    dataset: Option<PathBuf>,
    /// Model folder (Hugging Face / sentence-transformers layout, or model2vec).
    #[arg(long)]
    model: PathBuf,
    /// Text file, one UTF-8 text per line (one output row per line).
    #[arg(long, conflicts_with = "dataset")]
    input: Option<PathBuf>,
    /// Dataset columns joined into each item's text (default: title and description).
    #[arg(long, value_delimiter = ',')]
    columns: Vec<String>,
    /// Output matrix (.npy, float32, rows × dim).
    #[arg(long)]
    output: PathBuf,
    /// Texts per batch.
    #[arg(long, default_value_t = 64)]
    batch: usize,
    /// Text put before every input (e.g. "query: " or "passage: " for e5 models; default: the
    /// model's default prompt, if it names one).
    #[arg(long)]
    prefix: Option<String>,
    /// Print JSON on stdout.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
pub(super) struct ModelsArgs {
    /// Print JSON on stdout.
    #[arg(long)]
    json: bool,
}

/// Texts of `path`, one per line; empty lines and bad UTF-8 are errors naming the lines.
fn read_lines(path: &Path) -> anyhow::Result<Vec<String>> {
    let bytes =
        std::fs::read(path).with_context(|| format!("{}: cannot read the file", path.display()))?;
    let body = bytes.strip_suffix(b"\n").unwrap_or(&bytes);
    if body.is_empty() {
        anyhow::bail!(
            "{}: the file is empty (expected one text per line)",
            path.display()
        );
    }
    let mut texts = Vec::new();
    let mut empty = Vec::new();
    for (i, line) in body.split(|&b| b == b'\n').enumerate() {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let Ok(text) = std::str::from_utf8(line) else {
            anyhow::bail!(
                "{}:{}: the text is not valid UTF-8 (save the file as UTF-8)",
                path.display(),
                i + 1
            );
        };
        if text.trim().is_empty() {
            empty.push(i + 1);
        }
        texts.push(text.to_owned());
    }
    if !empty.is_empty() {
        let shown: Vec<String> = empty.iter().take(10).map(ToString::to_string).collect();
        anyhow::bail!(
            "{}: empty text on line{} {}{} (every line must hold a text)",
            path.display(),
            if empty.len() > 1 { "s" } else { "" },
            shown.join(", "),
            if empty.len() > 10 {
                format!(" and {} more", empty.len() - 10)
            } else {
                String::new()
            }
        );
    }
    Ok(texts)
}

pub(super) fn cmd_embed(a: &EmbedArgs) -> anyhow::Result<()> {
    let (texts, ids) = match (&a.dataset, &a.input) {
        (Some(ds), None) => {
            let data = crate::data::formats::load(ds, None)?;
            let cols = if a.columns.is_empty() {
                default_columns(&data)
            } else {
                a.columns.clone()
            };
            (item_texts(&data, &cols)?, Some(data.items.ids.clone()))
        }
        (None, Some(input)) => (read_lines(input)?, None),
        _ => anyhow::bail!("give a dataset or --input FILE (one text per line)"),
    };
    let start = Instant::now();
    let encoder = TextEncoder::new(ModelFolder::open(&a.model)?)?;
    let load_secs = start.elapsed().as_secs_f64();
    let opts = EncodeOptions {
        prefix: a.prefix.clone(),
        batch_size: a.batch,
    };
    let t = Instant::now();
    let progress = if a.json {
        Progress::silent()
    } else {
        super::progress_bar::stderr_progress()
    };
    let (x, stats) = encoder.encode(&texts, &opts, &progress)?;
    let secs = t.elapsed().as_secs_f64();
    write_matrix(&a.output, &x)?;
    if let Some(ids) = ids {
        let mut csv = String::from("id\n");
        for id in &ids {
            csv.push_str(&csv_field(id));
            csv.push('\n');
        }
        let path = a.output.with_extension("csv");
        std::fs::write(&path, csv).with_context(|| format!("{}: cannot write", path.display()))?;
    }
    let info = encoder.info();
    let rows_per_s = if secs > 0.0 {
        stats.rows as f64 / secs
    } else {
        0.0
    };
    if a.json {
        let doc = json!({
            "model": {
                "path": info.path,
                "name": info.name,
                "family": info.family,
                "dim": info.dim,
                "max_length": info.max_length,
                "pooling": info.pooling,
                "normalize": info.normalize,
            },
            "rows": stats.rows,
            "truncated": stats.truncated,
            "tokens": stats.tokens,
            "load_seconds": load_secs,
            "seconds": secs,
            "rows_per_s": rows_per_s,
            "output": a.output,
        });
        println!("{doc}");
    } else {
        println!(
            "{} ({}, {} dims, {} pooling{}): {} rows in {secs:.2} s ({rows_per_s:.0} rows/s), {} truncated at {} tokens → {}",
            info.name,
            info.family.as_str(),
            info.dim,
            info.pooling,
            if info.normalize { ", normalized" } else { "" },
            stats.rows,
            stats.truncated,
            info.max_length
                .map_or_else(|| "no limit".to_owned(), |m| m.to_string()),
            a.output.display()
        );
    }
    Ok(())
}

fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

#[expect(
    clippy::unnecessary_wraps,
    reason = "same signature as every subcommand"
)]
pub(super) fn cmd_models(a: &ModelsArgs) -> anyhow::Result<()> {
    let roots = cache_roots();
    let models = discover();
    if a.json {
        println!("{}", json!({"models": models, "searched": roots}));
        return Ok(());
    }
    if models.is_empty() {
        println!("No models found. Searched:");
        for r in &roots {
            println!("  {}", r.display());
        }
        println!(
            "embedscope never downloads. On a connected machine, download a model (e.g. with \
             sentence-transformers or `hf download`), copy its folder here, and pass it with --model DIR \
             (or put it in one of the folders above)."
        );
        return Ok(());
    }
    for m in &models {
        println!(
            "{}\t{}\t{} dims\t{:.1} MB\t{}",
            m.name,
            m.family.as_str(),
            m.dim,
            m.size_bytes as f64 / 1e6,
            m.path.display()
        );
    }
    Ok(())
}
