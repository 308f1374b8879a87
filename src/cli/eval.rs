//! `embedscope eval`: offline evaluation of several methods on one split.

use std::path::PathBuf;

use clap::Args;
use serde_json::Value;

use super::embed_arg::{label, settings_json};
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
    /// ALS latent factors [default: the app's, 32].
    #[arg(long)]
    pub(super) factors: Option<usize>,
    /// ALS iterations [default: the app's, 15].
    #[arg(long)]
    pub(super) iterations: Option<usize>,
    /// ALS L2 regularisation [default: the app's, 0.05].
    #[arg(long)]
    pub(super) regularization: Option<f32>,
    /// ALS confidence scale (confidence = 1 + alpha·r) [default: the app's, 2].
    #[arg(long, allow_negative_numbers = true)]
    pub(super) alpha: Option<f32>,
    /// ALS conjugate-gradient steps per row and half-iteration [default: the app's, 3]; not
    /// used with `--regularization-scale spark`, which solves each row exactly as Spark does.
    #[arg(long)]
    pub(super) cg_steps: Option<usize>,
    /// The model of `text-model` and `hybrid-text-model` (added to the default methods when
    /// given).
    #[command(flatten)]
    pub(super) text_model: super::text_model_arg::TextModelArgs,
    /// The vectors of the `imported` method: a Spark ALS model folder, or any dataset holding
    /// user and item vectors with the dataset's ids (added to the default methods when given).
    #[arg(long, value_name = "PATH")]
    pub(super) vectors: Option<PathBuf>,
    /// ALS regularisation convention: plain (one λ for every row, as the `implicit` library) or
    /// spark (ALS-WR: λ times each user's and item's number of interactions, run as Spark
    /// MLlib runs it: items updated first, each row solved exactly).
    #[arg(long, value_enum, default_value_t = ScaleArg::Plain)]
    pub(super) regularization_scale: ScaleArg,
    /// Print JSON on stdout.
    #[arg(long)]
    pub(super) json: bool,
}

/// `--regularization-scale`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(super) enum ScaleArg {
    /// One λ for every row.
    Plain,
    /// λ times each row's number of interactions (ALS-WR, Spark's convention).
    Spark,
}

impl ScaleArg {
    /// The ALS setting it names.
    pub(super) fn scale(self) -> crate::embed::als::RegularizationScale {
        match self {
            Self::Plain => crate::embed::als::RegularizationScale::Plain,
            Self::Spark => crate::embed::als::RegularizationScale::Spark,
        }
    }
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
    if a.vectors.is_some() && !methods.contains(&EvalMethod::Imported) && defaults {
        methods.push(EvalMethod::Imported);
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
    // The app's ALS settings (the ones `recommend`, `run`, `export` and the GUI use), each
    // overridden by its flag.
    let d = crate::embed::als::AlsParams::default();
    if a.cg_steps.is_some() && a.regularization_scale == ScaleArg::Spark {
        eprintln!(
            "note: --cg-steps is not used with --regularization-scale spark (ALS-WR solves each row exactly, as Spark does)"
        );
    }
    let als = crate::embed::als::AlsParams {
        factors: a.factors.unwrap_or(d.factors),
        iterations: a.iterations.unwrap_or(d.iterations),
        regularization: a.regularization.unwrap_or(d.regularization),
        alpha: a.alpha.unwrap_or(d.alpha),
        seed: a.seed,
        cg_steps: a.cg_steps.unwrap_or(d.cg_steps),
        regularization_scale: a.regularization_scale.scale(),
    };
    let params = EvalParams {
        methods,
        k: a.k,
        als,
        item2vec: crate::embed::item2vec::Item2VecParams {
            seed: a.seed,
            ..crate::embed::item2vec::Item2VecParams::default()
        },
        seed: a.seed,
        source,
        text_model,
        vectors: a.vectors.clone(),
    };
    let data = crate::data::formats::load(&a.dataset, a.format)?;
    let mut report = evaluate(&data, &params, &Progress::silent())?;
    label_methods(&mut report, &params);
    if a.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print_eval_text(&report, a.k);
    }
    Ok(())
}

/// Add `method_settings` and `method_label` to each fitted method, as `run` and `recommend`
/// print them, so "als" here and "als" there can be seen to be one model.
fn label_methods(report: &mut Value, params: &crate::pipeline::evaluate::EvalParams) {
    use crate::embed::EmbedParams;
    let Some(methods) = report["methods"].as_object_mut() else {
        return;
    };
    for (name, m) in methods.iter_mut() {
        let p = match name.as_str() {
            "als" => EmbedParams::Als(params.als.clone()),
            "hybrid" => EmbedParams::Hybrid(crate::embed::hybrid::HybridParams {
                als: params.als.clone(),
                ..crate::embed::hybrid::HybridParams::default()
            }),
            "item2vec" => EmbedParams::Item2Vec(params.item2vec.clone()),
            _ => continue,
        };
        if let Some(m) = m.as_object_mut() {
            m.insert("method_settings".into(), settings_json(&p));
            m.insert("method_label".into(), Value::from(label(&p)));
        }
    }
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
    if let Some(methods) = report["methods"].as_object() {
        for (name, m) in methods {
            if let Some(l) = m["method_label"].as_str() {
                println!("{name}: {l}");
            }
        }
        if let Some(m) = methods.get("imported")
            && m.get("missing_users").is_some()
        {
            print_imported(m, report);
        }
    }
}

/// Where the imported vectors came from and how many evaluated users and items had none.
fn print_imported(m: &Value, report: &Value) {
    let trained = m["trained_by"]["label"]
        .as_str()
        .map_or_else(String::new, |l| format!(" ({l})"));
    println!(
        "imported: vectors of {}{trained}; {} of {} evaluated users and {} of {} items have no vector (those users count with recall 0; those items are never recommended)",
        m["vectors"].as_str().unwrap_or(""),
        m["missing_users"],
        report["eval_users"],
        m["missing_items"],
        report["items"],
    );
}
