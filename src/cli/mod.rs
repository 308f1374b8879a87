//! The command line: `run`, `runs`, `compare`, `neighbours`, `recommend`, `eval`, `project`,
//! `knn`, `analogy`, `audit`, `tradeoff`, `abtest`, `freshness`, `goal`, `summary`, `bench`, `export`, `sample`; no subcommand opens the GUI. One file
//! per subcommand beside this one.
//!
//! Same pipeline as the GUI. With `--json` the result goes to stdout as one JSON document;
//! errors go to stderr and the exit code is 2.

mod abtest;
mod analogy;
mod audit;
mod bench;
mod bench_10m;
mod bench_memory;
mod compare;
mod compare_window;
mod embed;
mod embed_arg;
mod eval;
mod export;
mod freshness;
mod goal;
mod interview;
mod knn;
mod neighbours;
mod progress_bar;
mod project;
mod recommend;
mod run;
mod runs;
mod sample;
mod summary;
mod text_model_arg;
mod tradeoff;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};

use crate::pipeline::progress::Progress;
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
    #[command(flatten)]
    workspace: runs::WorkspaceArgs,
    /// Close the window by itself after this many seconds (smoke tests of the GUI).
    #[arg(long, hide = true, value_name = "SECS")]
    quit_after_secs: Option<u64>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run load → embed → index → PCA on a dataset and print a summary; the result is kept in
    /// the workspace, and the same dataset with the same params is read back, not recomputed.
    Run(run::RunArgs),
    /// List the runs kept in the workspace (newest first).
    Runs(runs::RunsArgs),
    /// Compare two runs (drift, retraining, two methods): align B onto A (Procrustes) and list
    /// the items whose neighbours changed most, with per-category centre shifts.
    Compare(compare::CompareArgs),
    /// Nearest neighbours of one item or user under Euclidean distance and cosine similarity.
    #[command(alias = "neighbors")]
    Neighbours(neighbours::NeighbourArgs),
    /// Regenerate the bundled sample datasets (fixed seeds) into a folder, listing each file
    /// written with its rows and size.
    Sample(SampleArgs),
    /// Offline evaluation: each method's Precision/Recall/nDCG/MAP/hit rate/coverage/novelty at k.
    Eval(eval::EvalArgs),
    /// Recommendations for one user through the two-stage funnel, with reasons.
    Recommend(recommend::RecommendArgs),
    /// Project a .npy matrix to 2-D with PCA, t-SNE or UMAP (writes a .npy map).
    Project(project::ProjectArgs),
    /// k nearest neighbours of query vectors in a .npy matrix (exact scan or HNSW graph), with build time, queries/s, index bytes and recall.
    Knn(knn::KnnArgs),
    /// Vector arithmetic among the items: A − B + C ≈ ? under distance and direction.
    Analogy(analogy::AnalogyArgs),
    /// The latency / accuracy / cost trade-off: ALS at several dimensions × exact and HNSW
    /// indexes, each with index memory, build time, query latency and Recall/nDCG@k, measured;
    /// with --reduce, the dimension study of the dataset's vectors (PCA or random projection to
    /// each k: neighbour recall@10, index memory, build time, latency).
    Tradeoff(tradeoff::TradeoffArgs),
    /// Model freshness: train up to the end of each week (or day, month), evaluate on each
    /// later one — Recall@k and nDCG@k against the model's age, and how often to retrain to
    /// stay at the goal's target.
    Freshness(freshness::FreshnessArgs),
    /// The goal & KPI kept in the workspace with a dataset (the app's goal card): set, show,
    /// clear.
    Goal(goal::GoalArgs),
    /// The one-page workshop summary (goal, KPI standings, A/B plan and result) as Markdown or
    /// HTML, in English or Japanese.
    Summary(summary::SummaryArgs),
    /// The online A/B test after the offline numbers: `plan` (users per arm and days to see an
    /// uplift) and `read` (lift, z-test p-value and a verdict).
    Abtest(abtest::AbtestArgs),
    /// The built-in benchmarks (k-NN, HNSW, PCA, t-SNE, map frame time, memory) with ratios
    /// against peer libraries.
    Bench(bench::BenchArgs),
    /// Data audit: sizes vs the guideline, long tail, missing values, duplicates, spam, languages.
    Audit(audit::AuditArgs),
    /// Run one method and write the map or vectors for other tools: projector (a folder of
    /// vectors.tsv + metadata.tsv), npy (+ a .csv beside it), csv, jsonl, png, neighbours,
    /// recommendations.
    Export(export::ExportArgs),
    /// N=1 interview preparation: find users to talk to (heavy, churned, worst/best served) and
    /// write interview sheets (HTML or Markdown) with their card and suggested questions.
    Interview(interview::InterviewArgs),
    /// Texts (one per line) or a dataset's items through a sentence encoder or static model
    /// from a local folder, to a float32 .npy. Never downloads.
    Embed(embed::EmbedArgs),
    /// The sentence encoders and static models found on this machine (Hugging Face and
    /// sentence-transformers caches).
    Models(embed::ModelsArgs),
}

/// How to read a dataset (shared by `run` and `export`).
#[derive(Debug, Args)]
pub(super) struct LoadArgs {
    /// Dataset format (default: detected from the files).
    #[arg(long, value_parser = format_parser())]
    pub(super) format: Option<crate::data::formats::Format>,
    /// Read only the first N rows of a vector file (word vectors, projector, .npy, Parquet).
    #[arg(long)]
    pub(super) limit: Option<usize>,
    /// The field or column holding the vectors when a file has several (JSONL, Parquet).
    #[arg(long)]
    pub(super) vector_column: Option<String>,
    /// Read a seeded uniform sample of N rows of a Parquet table (file or folder) in one pass,
    /// instead of every row (a table too large for memory is sampled without being asked).
    #[arg(long)]
    pub(super) sample: Option<usize>,
    /// Seed of `--sample`.
    #[arg(long, default_value_t = 0, requires = "sample")]
    pub(super) seed: u64,
    /// Stratify `--sample` by this column (a Hive partition key or a flat column): each value
    /// gets an equal share, small ones whole.
    #[arg(long, requires = "sample")]
    pub(super) stratify: Option<String>,
}

impl LoadArgs {
    /// Load `dataset` with these options.
    pub(super) fn load(&self, dataset: &std::path::Path) -> anyhow::Result<crate::data::Dataset> {
        let opts = crate::data::formats::LoadOptions {
            format: self.format,
            limit: self.limit,
            vector_column: self.vector_column.clone(),
            unknown_ids: false,
            sample: self
                .sample
                .map(|rows| crate::data::formats::table_sample::SampleRequest {
                    rows,
                    seed: self.seed,
                    stratify: self.stratify.clone(),
                }),
        };
        Ok(crate::data::formats::load_opts(dataset, &opts)?)
    }
}

/// The dataset `--format` values: one list for every command, so each `--help` shows the same
/// `[possible values: …]` (the formats the loaders read, [`crate::data::formats::Format::ALL`]).
pub(super) fn format_parser()
-> impl clap::builder::TypedValueParser<Value = crate::data::formats::Format> {
    use crate::data::formats::Format;
    use clap::builder::TypedValueParser as _;
    clap::builder::PossibleValuesParser::new(Format::ALL.map(Format::as_str))
        .try_map(|s| s.parse::<Format>())
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
    quiet_on_broken_pipe();
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
            crate::gui::LaunchOptions {
                workspace: runs::gui_workspace(&cli.workspace),
                quit_after: cli.quit_after_secs.map(std::time::Duration::from_secs),
            },
        ),
        Some(Command::Run(a)) => run::cmd_run(&a, &cli.workspace),
        Some(Command::Runs(a)) => runs::cmd_runs(&a, &cli.workspace),
        Some(Command::Compare(a)) => compare::cmd_compare(&a, &cli.workspace),
        Some(Command::Neighbours(a)) => neighbours::cmd_neighbours(&a),
        Some(Command::Eval(a)) => eval::cmd_eval(&a),
        Some(Command::Recommend(a)) => recommend::cmd_recommend(&a),
        Some(Command::Project(a)) => project::cmd_project(&a),
        Some(Command::Knn(a)) => knn::cmd_knn(&a),
        Some(Command::Analogy(a)) => analogy::cmd_analogy(&a),
        Some(Command::Bench(a)) => bench::cmd_bench(&a),
        Some(Command::Audit(a)) => audit::cmd_audit(&a),
        Some(Command::Export(a)) => export::cmd_export(&a),
        Some(Command::Interview(a)) => interview::cmd_interview(&a, &cli.workspace),
        Some(Command::Tradeoff(a)) => tradeoff::cmd_tradeoff(&a),
        Some(Command::Abtest(a)) => abtest::cmd_abtest(&a),
        Some(Command::Freshness(a)) => freshness::cmd_freshness(&a, &cli.workspace),
        Some(Command::Goal(a)) => goal::cmd_goal(&a, &cli.workspace),
        Some(Command::Summary(a)) => summary::cmd_summary(&a, &cli.workspace),
        Some(Command::Embed(a)) => embed::cmd_embed(&a),
        Some(Command::Models(a)) => embed::cmd_models(&a),
        Some(Command::Sample(a)) => sample::cmd_sample(&a.out),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(2)
        }
    }
}

/// Output into a closed pipe (`embedscope audit … | head -1`) ends the program quietly with
/// exit code 0, as ripgrep and coreutils do, for every command: Rust ignores SIGPIPE, so
/// `print!` panics on EPIPE, and that one panic is recognised here instead of wrapping each
/// command's print sites.
fn quiet_on_broken_pipe() {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let text = info.payload_as_str().unwrap_or("");
        if text.starts_with("failed printing to std") && text.contains("Broken pipe") {
            std::process::exit(0);
        }
        default(info);
    }));
}

/// An error caused by writing into a closed pipe (a command that writes with `write!`).
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
    })
}

pub(super) fn run_pipeline(dataset: PathBuf) -> anyhow::Result<RunOutput> {
    Ok(pipeline::run(
        &RunParams::new(dataset),
        &Progress::silent(),
    )?)
}

pub(super) fn round6(v: f32) -> f64 {
    (f64::from(v) * 1e6).round() / 1e6
}
