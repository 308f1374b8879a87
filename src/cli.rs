//! The command line: `run`, `neighbours`, `sample`; no subcommand opens the GUI.
//!
//! Same pipeline as the GUI. With `--json` the result goes to stdout as one JSON document;
//! errors go to stderr and the exit code is 2.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context as _, bail};
use clap::{Args, Parser, Subcommand};
use serde_json::{Value, json};

use crate::data::{Kind, PointRef};
use crate::index::metric::norm;
use crate::pipeline::progress::Progress;
use crate::pipeline::query::{self, Comparison, KindFilter, Neighbour};
use crate::pipeline::{self, RunOutput, RunParams};

/// The bundled sample opened when no dataset is given.
pub const DEFAULT_DATASET: &str = "sample_data/cafes";

#[derive(Debug, Parser)]
#[command(name = "embedscope", version, about = "See embeddings and recommendations: users and items on one map, Euclidean vs cosine neighbours side by side.", long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
    /// Dataset folder to open in the GUI (default: the bundled cafés sample).
    #[arg(long, global = false)]
    dataset: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run load → embed → index → PCA on a dataset folder and print a summary.
    Run(RunArgs),
    /// Nearest neighbours of one item or user under Euclidean distance and cosine similarity.
    #[command(alias = "neighbors")]
    Neighbours(NeighbourArgs),
    /// Regenerate the bundled sample datasets (fixed seeds) into a folder.
    Sample(SampleArgs),
    /// Offline evaluation: each method's Precision/Recall/nDCG/MAP/hit rate/coverage/novelty at k.
    Eval(EvalArgs),
    /// Recommendations for one user through the two-stage funnel, with reasons.
    Recommend(RecommendArgs),
}

#[derive(Debug, Args)]
struct RecommendArgs {
    /// Dataset folder.
    dataset: PathBuf,
    /// Id of the user.
    #[arg(long)]
    user: String,
    /// How many items to show.
    #[arg(long, default_value_t = 10)]
    n: usize,
    /// Embedding method.
    #[arg(long, value_enum, default_value_t = MethodArg::Features)]
    method: MethodArg,
    /// Score by (default: dot for ALS, cosine for features).
    #[arg(long, value_enum)]
    metric: Option<MetricArg>,
    /// Stage-2 weight of popularity.
    #[arg(long, default_value_t = 0.0)]
    popularity: f32,
    /// Stage-2 weight of recency.
    #[arg(long, default_value_t = 0.0)]
    recency: f32,
    /// Stage-2 diversity λ (MMR), 0–1.
    #[arg(long, default_value_t = 0.0)]
    diversity: f32,
    /// Print JSON on stdout.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum MethodArg {
    Features,
    Als,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum MetricArg {
    Dot,
    Cosine,
    Euclidean,
}

#[derive(Debug, Args)]
struct EvalArgs {
    /// Dataset folder (supplies ids, names and metadata; its interactions are split unless
    /// --train/--test are given).
    dataset: PathBuf,
    /// Comma-separated methods: als, popularity, random.
    #[arg(long, default_value = "als,popularity,random", value_delimiter = ',')]
    methods: Vec<String>,
    /// List length k.
    #[arg(long, default_value_t = 10)]
    k: usize,
    /// Train split file (user<TAB>item<TAB>rating<TAB>timestamp, no header, original ids).
    #[arg(long, requires = "test")]
    train: Option<PathBuf>,
    /// Test split file (same format).
    #[arg(long, requires = "train")]
    test: Option<PathBuf>,
    /// How to split the dataset when no files are given.
    #[arg(long, value_enum, default_value_t = SplitArg::Random)]
    split: SplitArg,
    /// Share of each user's interactions held out (random split).
    #[arg(long, default_value_t = 0.2)]
    test_fraction: f64,
    /// Seed (split, ALS initialisation, random baseline).
    #[arg(long, default_value_t = 42)]
    seed: u64,
    /// ALS latent factors.
    #[arg(long, default_value_t = 64)]
    factors: usize,
    /// ALS iterations.
    #[arg(long, default_value_t = 15)]
    iterations: usize,
    /// ALS L2 regularisation.
    #[arg(long, default_value_t = 0.05)]
    regularization: f32,
    /// ALS confidence scale (confidence = 1 + alpha·r).
    #[arg(long, default_value_t = 1.0, allow_negative_numbers = true)]
    alpha: f32,
    /// Print JSON on stdout.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum SplitArg {
    /// Per-user random holdout (--test-fraction, --seed).
    Random,
    /// Per-user leave-last-out by timestamp.
    Last,
}

#[derive(Debug, Args)]
struct RunArgs {
    /// Dataset folder (items.csv, optional users.csv, interactions.csv, dataset.toml).
    dataset: PathBuf,
    /// Print JSON on stdout.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Args)]
#[command(group(clap::ArgGroup::new("query").required(true).args(["item", "user"])))]
struct NeighbourArgs {
    /// Dataset folder.
    dataset: PathBuf,
    /// Id of the item to query.
    #[arg(long)]
    item: Option<String>,
    /// Id of the user to query.
    #[arg(long)]
    user: Option<String>,
    /// How many neighbours per metric (at least 1).
    #[arg(long, default_value_t = 5)]
    k: usize,
    /// Which points may be neighbours.
    #[arg(long, value_enum, default_value_t = FilterArg::All)]
    only: FilterArg,
    /// Print JSON on stdout.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum FilterArg {
    All,
    Items,
    Users,
}

#[derive(Debug, Args)]
struct SampleArgs {
    /// Output folder (gets `cafes/` and `streaming/`).
    #[arg(long)]
    out: PathBuf,
}

/// Entry point of the binary: parse, dispatch, report errors once (stderr, exit code 2).
#[must_use]
pub fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return if e.use_stderr() {
                ExitCode::from(2)
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let result = match cli.command {
        None => crate::gui::run_native(
            &cli.dataset
                .unwrap_or_else(|| PathBuf::from(DEFAULT_DATASET)),
        ),
        Some(Command::Run(a)) => cmd_run(&a),
        Some(Command::Neighbours(a)) => cmd_neighbours(&a),
        Some(Command::Eval(a)) => cmd_eval(&a),
        Some(Command::Recommend(a)) => cmd_recommend(&a),
        Some(Command::Sample(a)) => crate::data::sample::generate(&a.out)
            .with_context(|| format!("writing samples to {}", a.out.display())),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

fn run_pipeline(dataset: PathBuf) -> anyhow::Result<RunOutput> {
    Ok(pipeline::run(
        &RunParams::new(dataset),
        &Progress::silent(),
    )?)
}

fn cmd_run(a: &RunArgs) -> anyhow::Result<()> {
    let out = run_pipeline(a.dataset.clone())?;
    let s = out.summary();
    if a.json {
        println!("{}", serde_json::to_string_pretty(&s)?);
    } else {
        println!(
            "{}: {} items, {} users ({} placed), {} interactions",
            s.dataset, s.items, s.users, s.users_placed, s.interactions
        );
        println!(
            "vectors: {} dimensions by {}; map: PCA ({:.1}% + {:.1}% of variance)",
            s.dimension,
            s.method,
            s.explained_variance_ratio[0] * 100.0,
            s.explained_variance_ratio[1] * 100.0
        );
        for (stage, ms) in &s.timings_ms {
            println!("  {stage:<8} {:>9.2} ms", ms.as_f64().unwrap_or(0.0));
        }
        println!("  total    {:>9.2} ms", s.total_ms);
    }
    Ok(())
}

fn cmd_neighbours(a: &NeighbourArgs) -> anyhow::Result<()> {
    if a.k == 0 {
        bail!("--k must be at least 1");
    }
    let out = run_pipeline(a.dataset.clone())?;
    let (kind, id) = match (&a.item, &a.user) {
        (Some(id), _) => (Kind::Item, id.as_str()),
        (None, Some(id)) => (Kind::User, id.as_str()),
        (None, None) => bail!("give --item <id> or --user <id>"),
    };
    let table = out.data.table(kind);
    let Some(row) = table.find(id) else {
        bail!(
            "{}: no {} with id \"{id}\"",
            a.dataset.display(),
            kind.as_str()
        );
    };
    let Some(point) = out.point_of(PointRef { kind, row }) else {
        bail!("user \"{id}\" has no interactions with a positive rating, so it has no vector");
    };
    let filter = match a.only {
        FilterArg::All => KindFilter::All,
        FilterArg::Items => KindFilter::Items,
        FilterArg::Users => KindFilter::Users,
    };
    let cmp = query::compare(&out, point, a.k, filter)?;
    let doc = neighbours_json(&out, &cmp);
    if a.json {
        println!("{}", serde_json::to_string_pretty(&doc)?);
    } else {
        print_neighbours_text(&out, &cmp);
    }
    Ok(())
}

fn cmd_recommend(a: &RecommendArgs) -> anyhow::Result<()> {
    use crate::pipeline::recommend_query::{default_metric, explain, funnel};
    use crate::recommend::ScoreMetric;
    use crate::recommend::rerank::RerankWeights;
    if a.n == 0 {
        bail!("--n must be at least 1");
    }
    if !(0.0..=1.0).contains(&a.diversity) || a.popularity < 0.0 || a.recency < 0.0 {
        bail!("--popularity and --recency must be ≥ 0 and --diversity between 0 and 1");
    }
    let embed = match a.method {
        MethodArg::Features => crate::embed::EmbedParams::Features,
        MethodArg::Als => crate::embed::EmbedParams::Als(crate::embed::als::AlsParams {
            factors: 32,
            alpha: 2.0,
            ..Default::default()
        }),
    };
    let params = RunParams {
        embed,
        ..RunParams::new(a.dataset.clone())
    };
    let out = pipeline::run(&params, &Progress::silent())?;
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
        bail!(
            "user \"{}\" has no interactions, so there is no taste vector yet (cold start): try the most popular items",
            a.user
        );
    };
    let chosen: Vec<(u32, f32)> = f
        .shown
        .iter()
        .map(|r| (r.item, metric.shown(r.similarity)))
        .collect();
    let recs = explain(&out, user, &chosen);
    let items = &out.data.items;
    let name = |i: u32| items.name(i as usize, false).to_owned();
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
            })
        })
        .collect();
    let doc = json!({
        "user": {"id": a.user, "name": out.data.users.name(user as usize, false)},
        "method": out.embeddings.method.as_str(),
        "metric": metric.as_str(),
        "funnel": {"catalogue": f.catalogue, "seen": f.seen, "candidates": f.candidates, "shown": f.shown.len()},
        "items": list,
    });
    if a.json {
        println!("{}", serde_json::to_string_pretty(&doc)?);
    } else {
        println!(
            "{} items → {} candidates → {} shown ({} already had), {} by {}",
            f.catalogue,
            f.candidates,
            f.shown.len(),
            f.seen,
            out.embeddings.method.as_str(),
            metric.as_str()
        );
        for (rank, r) in recs.iter().enumerate() {
            let because: Vec<String> = r
                .because
                .iter()
                .map(|b| format!("{} {:.0}%", name(b.item), b.share * 100.0))
                .collect();
            println!(
                "{:>3}. {:<32} {:>8.4}  because: {}",
                rank + 1,
                name(r.item),
                r.score,
                because.join(", ")
            );
        }
    }
    Ok(())
}

fn cmd_eval(a: &EvalArgs) -> anyhow::Result<()> {
    use crate::pipeline::evaluate::{EvalMethod, EvalParams, EvalSource, evaluate};
    let methods = a
        .methods
        .iter()
        .map(|m| EvalMethod::parse(m))
        .collect::<Result<Vec<_>, _>>()?;
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
        ..crate::embed::als::AlsParams::default()
    };
    let params = EvalParams {
        methods,
        k: a.k,
        als,
        seed: a.seed,
        source,
    };
    let data = crate::data::formats::load_native(&a.dataset)?;
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
        "{}: {} users evaluated, {} items, {} train / {} test pairs, k = {k}",
        report["dataset"].as_str().unwrap_or(""),
        report["eval_users"],
        report["items"],
        report["train_pairs"],
        report["test_pairs"]
    );
    let cols = [
        "precision",
        "recall",
        "ndcg",
        "map",
        "hit_rate",
        "coverage",
        "novelty",
    ];
    print!("{:<12}", "method");
    for c in cols {
        print!("{:>11}", format!("{c}@{k}"));
    }
    println!("{:>9}", "fit s");
    if let Some(methods) = report["methods"].as_object() {
        for (name, m) in methods {
            print!("{name:<12}");
            for c in cols {
                print!(
                    "{:>11.4}",
                    m[format!("{c}@{k}")].as_f64().unwrap_or(f64::NAN)
                );
            }
            println!("{:>9.3}", m["fit_s"].as_f64().unwrap_or(0.0));
        }
    }
}

fn entity_json(out: &RunOutput, p: PointRef) -> serde_json::Map<String, Value> {
    let t = out.data.table(p.kind);
    let r = p.row as usize;
    let mut m = serde_json::Map::new();
    m.insert("id".into(), json!(t.ids[r]));
    m.insert("name".into(), json!(t.name(r, false)));
    m.insert("kind".into(), json!(p.kind.as_str()));
    m
}

fn list_json(out: &RunOutput, list: &[Neighbour], key: &str) -> Value {
    Value::Array(
        list.iter()
            .map(|n| {
                let mut m = entity_json(out, n.entity);
                m.insert(key.into(), json!(round6(n.value)));
                m.insert("shared".into(), json!(n.shared));
                Value::Object(m)
            })
            .collect(),
    )
}

fn round6(v: f32) -> f64 {
    (f64::from(v) * 1e6).round() / 1e6
}

/// The JSON document of `embedscope neighbours --json` (the shape is a contract).
#[must_use]
pub fn neighbours_json(out: &RunOutput, cmp: &Comparison) -> Value {
    let q = out.points[cmp.query];
    let vector = out.index.row(cmp.query).to_vec();
    let mut query = entity_json(out, q);
    query.insert(
        "category".into(),
        json!(out.data.table(q.kind).category(q.row as usize)),
    );
    query.insert(
        "vector".into(),
        json!(vector.iter().map(|v| round6(*v)).collect::<Vec<_>>()),
    );
    query.insert("norm".into(), json!(round6(norm(&vector))));
    let mut doc = serde_json::Map::new();
    doc.insert("query".into(), Value::Object(query));
    doc.insert("k".into(), json!(cmp.k));
    doc.insert("dimensions".into(), json!(out.embeddings.dim_names));
    doc.insert(
        "euclidean".into(),
        list_json(out, &cmp.euclidean, "distance"),
    );
    match &cmp.cosine {
        Ok(list) => {
            doc.insert("cosine".into(), list_json(out, list, "similarity"));
        }
        Err(e) => {
            doc.insert("cosine".into(), json!([]));
            doc.insert("cosine_undefined".into(), json!(e.to_string()));
        }
    }
    doc.insert("overlap".into(), json!(cmp.overlap));
    Value::Object(doc)
}

fn print_neighbours_text(out: &RunOutput, cmp: &Comparison) {
    let q = out.points[cmp.query];
    let t = out.data.table(q.kind);
    println!(
        "{} {} — {} (norm {:.3})",
        q.kind.as_str(),
        t.ids[q.row as usize],
        t.name(q.row as usize, false),
        norm(&out.index.row(cmp.query).to_vec())
    );
    let name = |n: &Neighbour| {
        let t = out.data.table(n.entity.kind);
        format!(
            "{} {}{}",
            t.ids[n.entity.row as usize],
            t.name(n.entity.row as usize, false),
            if n.shared { "" } else { "  *only here*" }
        )
    };
    println!("Euclidean distance (nearest first):");
    for (i, n) in cmp.euclidean.iter().enumerate() {
        println!("  {:>2}. {:>8.4}  {}", i + 1, n.value, name(n));
    }
    println!("Cosine similarity (most similar first):");
    match &cmp.cosine {
        Ok(list) => {
            for (i, n) in list.iter().enumerate() {
                println!("  {:>2}. {:>8.4}  {}", i + 1, n.value, name(n));
            }
        }
        Err(e) => println!("  —  {e}"),
    }
    println!("{} of {} shared", cmp.overlap, cmp.euclidean.len());
}
