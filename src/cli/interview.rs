//! `embedscope interview`: the candidate finder (`--candidates … --json`) and interview sheets
//! (`--out sheet.html|sheet.md`) for one user, a list, or a shortlist.

use std::path::{Path, PathBuf};

use anyhow::bail;
use clap::Args;

use super::LoadArgs;
use super::runs::{WorkspaceArgs, open_workspace};
use crate::data::Kind;
use crate::pipeline::interview::card::{UserCard, user_card};
use crate::pipeline::interview::{CandidateKind, Holdout, candidates};
use crate::pipeline::progress::Progress;
use crate::pipeline::{self, RunParams};
use crate::report::interview_sheet::{sheet_html_with_goal, sheet_markdown_with_goal};

#[derive(Debug, Args)]
pub(super) struct InterviewArgs {
    /// Dataset folder or file.
    dataset: PathBuf,
    #[command(flatten)]
    load: LoadArgs,
    /// One user's id.
    #[arg(long, conflicts_with_all = ["users", "candidates"])]
    user: Option<String>,
    /// Several user ids, comma-separated.
    #[arg(long, value_delimiter = ',', conflicts_with = "candidates")]
    users: Vec<String>,
    /// Find candidates: heavy, churned, worst or best (per-user recall@k of the run's vectors;
    /// the output names the method). Ties go to the user with more interactions.
    #[arg(long, value_enum)]
    candidates: Option<KindArg>,
    /// How many candidates.
    #[arg(long, default_value_t = 5)]
    n: usize,
    /// Churned: silent for more than this many days before the dataset's latest timestamp.
    #[arg(long, default_value_t = 30)]
    silent_days: u32,
    /// The cut-off k of per-user recall.
    #[arg(long, default_value_t = 10)]
    k: usize,
    /// Only users whose column equals a value (case-insensitive): `column=value`, for any user
    /// column the sheet shows — the category by its name (`segment`, or `occupation` in
    /// MovieLens) and the other columns (`age_band`, `gender`, …).
    #[arg(long = "where", value_name = "COLUMN=VALUE")]
    filter: Option<String>,
    /// Sheet language.
    #[arg(long, value_enum, default_value_t = LangArg::En)]
    lang: LangArg,
    /// Write the sheet here (.html or .md).
    #[arg(long)]
    out: Option<PathBuf>,
    /// Print JSON on stdout.
    #[arg(long)]
    json: bool,
}

#[derive(Debug, Clone, Copy, clap::ValueEnum)]
enum KindArg {
    Heavy,
    Churned,
    Worst,
    Best,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum LangArg {
    Ja,
    En,
}

pub(super) fn cmd_interview(a: &InterviewArgs, w: &WorkspaceArgs) -> anyhow::Result<()> {
    if a.user.is_none() && a.users.is_empty() && a.candidates.is_none() {
        bail!("give --user ID, --users ID,ID or --candidates heavy|churned|worst|best");
    }
    if a.n == 0 || a.k == 0 {
        bail!("--n and --k must be at least 1");
    }
    let filter = match &a.filter {
        Some(f) => match f.split_once('=') {
            Some((c, v)) => Some((c.trim(), v.trim())),
            None => bail!("--where: expected COLUMN=VALUE, found \"{f}\""),
        },
        None => None,
    };
    if let Some(out) = &a.out {
        crate::report::check_folder(out)?;
    }
    let data = a.load.load(&a.dataset)?;
    let params = RunParams {
        loaded: Some(std::sync::Arc::new(data)),
        ..RunParams::new(a.dataset.clone())
    };
    let run = pipeline::run(&params, &Progress::silent())?;
    let holdout = Holdout::compute(&run, a.k)?;
    let users: Vec<u32> = if let Some(kind) = a.candidates {
        let kind = match kind {
            KindArg::Heavy => CandidateKind::Heavy,
            KindArg::Churned => CandidateKind::Churned {
                silent_days: a.silent_days,
            },
            KindArg::Worst => CandidateKind::Worst { k: a.k },
            KindArg::Best => CandidateKind::Best { k: a.k },
        };
        let list = candidates(&run, Some(&holdout), kind, filter, a.n)?;
        let ranked_by = ranked_by(&run, kind, a.k);
        if a.json && a.out.is_none() {
            let doc = serde_json::json!({"dataset": run.data.name, "k": a.k, "ranked_by": ranked_by, "candidates": list});
            println!("{}", serde_json::to_string_pretty(&doc)?);
        } else if a.out.is_none() {
            println!("{}", ranked_by["text"].as_str().unwrap_or(""));
            for c in &list {
                println!(
                    "{:<10} {:<24} {:>5} interactions  {:>6} days silent  recall@{} {}",
                    c.id,
                    c.name,
                    c.interactions,
                    c.days_silent
                        .map_or_else(String::new, |d| format!("{d:.0}")),
                    a.k,
                    c.recall
                        .map_or_else(|| "-".to_owned(), |r| format!("{r:.2}"))
                );
            }
        }
        list.iter().map(|c| c.user).collect()
    } else {
        let ids: Vec<&String> = a.user.iter().chain(&a.users).collect();
        let mut rows = Vec::new();
        for id in ids {
            let Some(u) = run.data.users.find(id) else {
                bail!("{}: no user with id \"{id}\"", a.dataset.display());
            };
            rows.push(u);
        }
        rows
    };
    let Some(out) = &a.out else {
        if a.candidates.is_none() {
            bail!("--out sheet.html|sheet.md is needed with --user/--users");
        }
        return Ok(());
    };
    let ws = open_workspace(w)?;
    let ja = a.lang == LangArg::Ja;
    let mut cards = Vec::new();
    for &u in &users {
        let note = match &ws {
            Some(ws) => ws.note(&a.dataset, Kind::User, &run.data.users.ids[u as usize])?,
            None => None,
        };
        cards.push(user_card(&run, Some(&holdout), u, ja, note)?);
    }
    // The project's goal (kept by the GUI's goal card) heads the sheet.
    let goal = match &ws {
        Some(ws) => ws.goal(&a.dataset)?,
        None => None,
    };
    let written = write_sheet(out, &cards, ja, goal.as_ref())?;
    if a.json {
        println!(
            "{}",
            serde_json::to_string_pretty(
                &serde_json::json!({"written": written, "users": cards.iter().map(|c| &c.id).collect::<Vec<_>>()})
            )?
        );
    } else {
        for f in &written {
            println!("wrote {} ({} bytes)", f.path.display(), f.bytes);
        }
    }
    Ok(())
}

/// What the candidate list is ranked by, as JSON with a `text` sentence: for worst/best, the
/// per-user Recall@k of the run's vectors (which method, which settings) on the held-out split.
fn ranked_by(run: &pipeline::RunOutput, kind: CandidateKind, k: usize) -> serde_json::Value {
    use super::embed_arg::{label, used_params};
    use crate::pipeline::interview::{HOLDOUT_FRACTION, HOLDOUT_SEED};
    let used = used_params(&crate::embed::EmbedParams::default(), run.embeddings.method);
    let ties = "ties: more interactions first";
    let (key, text) = match kind {
        CandidateKind::Heavy => (
            "interactions",
            "ranked by interactions, most first".to_owned(),
        ),
        CandidateKind::Churned { silent_days } => (
            "days_silent",
            format!("ranked by days silent (more than {silent_days}), longest first; {ties}"),
        ),
        CandidateKind::Worst { .. } | CandidateKind::Best { .. } => (
            "recall",
            format!(
                "ranked by per-user recall@{k} of the {} vectors, {} first (taste = mean of the user's train items, {:.0} % of each user's items held out, seed {HOLDOUT_SEED}); {ties}",
                label(&used),
                if matches!(kind, CandidateKind::Worst { .. }) {
                    "lowest"
                } else {
                    "highest"
                },
                HOLDOUT_FRACTION * 100.0
            ),
        ),
    };
    serde_json::json!({
        "value": key,
        "method": run.embeddings.method.as_str(),
        "method_label": label(&used),
        "k": k,
        "ties": "more interactions first, then file order",
        "text": text,
    })
}

/// Write the sheet by extension: `.md` (PNGs beside it) or HTML otherwise.
fn write_sheet(
    out: &Path,
    cards: &[UserCard],
    ja: bool,
    goal: Option<&crate::eval::goal::Goal>,
) -> anyhow::Result<Vec<crate::report::Written>> {
    use crate::report::write_file;
    let markdown = out
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("md") || e.eq_ignore_ascii_case("markdown"));
    if !markdown {
        return Ok(vec![write_file(
            out,
            sheet_html_with_goal(cards, ja, goal).as_bytes(),
        )?]);
    }
    let stem = out
        .file_stem()
        .map_or_else(|| "sheet".to_owned(), |s| s.to_string_lossy().into_owned());
    let dir = out.parent().unwrap_or(Path::new(""));
    let names: Vec<String> = cards
        .iter()
        .map(|c| format!("{stem}-{}.png", sanitize(&c.id)))
        .collect();
    let mut written = vec![write_file(
        out,
        sheet_markdown_with_goal(cards, ja, &names, goal).as_bytes(),
    )?];
    for (c, n) in cards.iter().zip(&names) {
        written.push(write_file(&dir.join(n), &c.map_png)?);
    }
    Ok(written)
}

/// A user id made safe for a file name.
fn sanitize(id: &str) -> String {
    id.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect()
}
