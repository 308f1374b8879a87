//! `embedscope eval`: offline evaluation of several methods on one split.

use std::path::PathBuf;

use clap::Args;
use serde_json::Value;

use crate::pipeline::progress::Progress;

#[derive(Debug, Args)]
pub(super) struct EvalArgs {
    /// Dataset folder (supplies ids, names and metadata; its interactions are split unless
    /// --train/--test are given).
    pub(super) dataset: PathBuf,
    /// Dataset format (default: detected from the files).
    #[arg(long, value_parser = super::format_parser())]
    pub(super) format: Option<crate::data::formats::Format>,
    /// Comma-separated methods: als, item2vec, content, hybrid, popularity, random,
    /// text-model, hybrid-text-model (the last two need --model DIR).
    #[arg(long, default_value = DEFAULT_METHODS, value_delimiter = ',')]
    pub(super) methods: Vec<String>,
    /// List length k.
    #[arg(long, default_value_t = 10)]
    pub(super) k: usize,
    /// Train split file (user<TAB>item<TAB>rating<TAB>timestamp, no header, original ids).
    #[arg(long, requires = "test")]
    pub(super) train: Option<PathBuf>,
    /// Test split file (same format).
    #[arg(long, requires = "train")]
    pub(super) test: Option<PathBuf>,
    /// How to split the dataset when no files are given.
    #[arg(long, value_enum, default_value_t = SplitArg::Random)]
    pub(super) split: SplitArg,
    /// Share of each user's interactions held out (random split).
    #[arg(long, default_value_t = 0.2)]
    pub(super) test_fraction: f64,
    /// Seed (split, ALS initialisation, random baseline).
    #[arg(long, default_value_t = 42)]
    pub(super) seed: u64,
    /// ALS latent factors.
    #[arg(long, default_value_t = 64)]
    pub(super) factors: usize,
    /// ALS iterations.
    #[arg(long, default_value_t = 15)]
    pub(super) iterations: usize,
    /// ALS L2 regularisation.
    #[arg(long, default_value_t = 0.05)]
    pub(super) regularization: f32,
    /// ALS confidence scale (confidence = 1 + alpha·r).
    #[arg(long, default_value_t = 1.0, allow_negative_numbers = true)]
    pub(super) alpha: f32,
    /// ALS conjugate-gradient steps per row and half-iteration.
    #[arg(long, default_value_t = 3)]
    pub(super) cg_steps: usize,
    /// The model of `text-model` and `hybrid-text-model` (added to the default methods when
    /// given).
    #[command(flatten)]
    pub(super) text_model: super::text_model_arg::TextModelArgs,
    /// Print JSON on stdout.
    #[arg(long)]
    pub(super) json: bool,
}

/// The methods `eval` compares unless told otherwise.
const DEFAULT_METHODS: &str = "als,item2vec,content,hybrid,popularity,random";

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub(super) enum SplitArg {
    /// Per-user random holdout (--test-fraction, --seed).
    Random,
    /// Per-user leave-last-out by timestamp.
    Last,
}

pub(super) fn cmd_eval(a: &EvalArgs) -> anyhow::Result<()> {
    use crate::pipeline::evaluate::{EvalMethod, EvalParams, EvalSource, evaluate};
    let mut methods = a
        .methods
        .iter()
        .map(|m| EvalMethod::parse(m))
        .collect::<Result<Vec<_>, _>>()?;
    let text_model = a.text_model.params()?;
    let defaults = a.methods.join(",") == DEFAULT_METHODS;
    if text_model.is_some() && defaults {
        // The default table gains the text model's rows when a model is given.
        methods.insert(3, EvalMethod::TextModel);
        methods.insert(5, EvalMethod::HybridTextModel);
    }
    if text_model.is_none()
        && let Some(m) = methods
            .iter()
            .find(|m| matches!(m, EvalMethod::TextModel | EvalMethod::HybridTextModel))
    {
        anyhow::bail!(
            "--methods {} needs --model DIR (`embedscope models` lists the models on this machine)",
            m.as_str().replace('_', "-")
        );
    }
    let source = match (&a.train, &a.test) {
        (Some(train), Some(test)) => EvalSource::Files {
            train: train.clone(),
            test: test.clone(),
        },
        _ => EvalSource::Split(match a.split {
            SplitArg::Random => crate::eval::split::SplitKind::Random {
                fraction: a.test_fraction,
                seed: a.seed,
            },
            SplitArg::Last => crate::eval::split::SplitKind::LeaveLastOut,
        }),
    };
    let als = crate::embed::als::AlsParams {
        factors: a.factors,
        iterations: a.iterations,
        regularization: a.regularization,
        alpha: a.alpha,
        seed: a.seed,
        cg_steps: a.cg_steps,
    };
    let params = EvalParams {
        methods,
        k: a.k,
        als,
        seed: a.seed,
        source,
        text_model,
    };
    let data = crate::data::formats::load(&a.dataset, a.format)?;
    let report = evaluate(&data, &params, &Progress::silent())?;
    if a.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print_eval_text(&report, a.k);
    }
    Ok(())
}

fn print_eval_text(report: &Value, k: usize) {
    println!(
        "{}: {} users evaluated, {} items with interactions (of {} in the catalogue), {} train / {} test pairs, k = {k}",
        report["dataset"].as_str().unwrap_or(""),
        report["eval_users"],
        report["items"],
        report["catalogue_items"],
        report["train_pairs"],
        report["test_pairs"]
    );
    println!(
        "  coverage@{k} = share of those {} items in some top-{k} list; diversity@{k} = mean 1 − max(cos, 0) between a list's items' feature vectors (0 = alike, 1 = unrelated)",
        report["items"]
    );
    let cols = crate::pipeline::evaluate::REPORTED_METRICS;
    print!("{:<12}", "method");
    for c in cols.iter().chain(&["diversity"]) {
        print!("{:>13}", format!("{c}@{k}"));
    }
    println!("{:>9}", "fit s");
    let mut notes = Vec::new();
    if let Some(methods) = report["methods"].as_object() {
        for (name, m) in methods {
            print!("{name:<12}");
            if let Some(e) = m["error"].as_str() {
                println!("  not evaluated: {e}");
                continue;
            }
            for c in cols.iter().chain(&["diversity"]) {
                match m[format!("{c}@{k}")].as_f64() {
                    Some(v) => print!("{v:>13.4}"),
                    None => print!("{:>13}", "—"),
                }
            }
            println!("{:>9.3}", m["fit_s"].as_f64().unwrap_or(0.0));
            if let Some(n) = m["diversity_note"].as_str()
                && !notes.contains(&n)
            {
                notes.push(n);
            }
        }
    }
    for n in notes {
        println!("diversity@{k} —: {n}");
    }
}
