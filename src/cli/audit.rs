//! `embedscope audit`: the data audit of a dataset — sizes against the guideline, long tail,
//! missing values, duplicates, near-duplicate texts, spam-like users, language mix — as a
//! readable list or (`--json`) the whole report.

use std::fmt::Write as _;
use std::path::PathBuf;

use clap::Args;

use crate::data::audit::{AuditParams, AuditReport, Severity, audit};

/// Rows listed per finding in the text output (the JSON has them all).
const ROWS_SHOWN: usize = 5;

#[derive(Debug, Args)]
pub(super) struct AuditArgs {
    /// Dataset: a native folder (items.csv…), a MovieLens folder, or an interactions file.
    pub(super) dataset: PathBuf,
    /// Dataset format (default: detected from the files).
    #[arg(long, value_parser = super::format_parser())]
    pub(super) format: Option<crate::data::formats::Format>,
    /// Jaccard similarity (0–1] from which two texts count as near-duplicates.
    #[arg(long, default_value_t = 0.8)]
    pub(super) near_dup_threshold: f64,
    /// A user with at least this many interactions within --spam-minutes is spam-like.
    #[arg(long, default_value_t = 100)]
    pub(super) spam_count: usize,
    /// The window for spam-like bursts, in minutes.
    #[arg(long, default_value_t = 10)]
    pub(super) spam_minutes: u32,
    /// Users and items with fewer interactions than this are cold.
    #[arg(long, default_value_t = 5)]
    pub(super) cold_threshold: usize,
    /// List every affected row in the text output (default: the first 5 per finding).
    #[arg(long)]
    pub(super) all_rows: bool,
    /// Print the report as JSON on stdout.
    #[arg(long)]
    pub(super) json: bool,
}

pub(super) fn cmd_audit(a: &AuditArgs) -> anyhow::Result<()> {
    // Interactions naming undefined ids are a finding here, not a refusal: the audit lists
    // every one (`run` and the other commands still stop at the first).
    let opts = crate::data::formats::LoadOptions {
        format: a.format,
        unknown_ids: true,
        ..crate::data::formats::LoadOptions::default()
    };
    let data = crate::data::formats::load_opts(&a.dataset, &opts)?;
    let params = AuditParams {
        near_dup_threshold: a.near_dup_threshold,
        spam_min_count: a.spam_count,
        spam_window_minutes: a.spam_minutes,
        cold_threshold: a.cold_threshold,
        ..AuditParams::default()
    };
    let report = audit(&data, &params)?;
    if a.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
    } else {
        print!("{}", text(&report, a.all_rows));
    }
    Ok(())
}

/// The readable form of a report.
fn text(r: &AuditReport, all_rows: bool) -> String {
    let s = &r.sizes;
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{}: {} items, {} users, {} interactions ({} distinct pairs, sparsity {:.4}%)",
        r.dataset,
        s.items,
        s.users,
        s.interactions,
        s.distinct_pairs,
        s.sparsity * 100.0
    );
    let _ = writeln!(
        out,
        "interactions per user: median {}, max {}; per item: median {}, max {}",
        s.per_user.median, s.per_user.max, s.per_item.median, s.per_item.max
    );
    let problems = r.warnings().count();
    let _ = writeln!(
        out,
        "{problems} data-quality finding(s), {} informational",
        r.findings.len() - problems
    );
    for f in &r.findings {
        let tag = match f.severity {
            Severity::Warning => "warning",
            Severity::Info => "info",
        };
        let _ = writeln!(out, "\n[{tag}] {}: {}", f.kind.as_str(), f.message);
        let shown = if all_rows { f.rows.len() } else { ROWS_SHOWN };
        for row in f.rows.iter().take(shown) {
            let at = row
                .line
                .map_or_else(|| format!("row {}", row.row + 1), |l| format!("line {l}"));
            let ids = [row.user.as_deref(), row.item.as_deref()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" → ");
            let mark = if row.drop { "-" } else { " " };
            let _ = writeln!(
                out,
                "  {mark} {:<12} {at:<11} {ids:<14} {}",
                format!("{:?}", row.table).to_lowercase(),
                row.note
            );
        }
        if f.rows.len() > shown {
            let _ = writeln!(
                out,
                "    … {} more (--all-rows or --json)",
                f.rows.len() - shown
            );
        }
    }
    out
}
