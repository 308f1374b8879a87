//! The data audit (seed step "audit & cleanse"): what a dataset holds and what looks wrong in it,
//! before any vector is computed.
//!
//! [`audit`] is pure compute over a loaded [`Dataset`]: sizes against the usual guideline for
//! collaborative methods, sparsity and the long tail of interactions per user and item, cold
//! users and items, missing values per column, duplicates (items under different ids with the
//! same normalised title, identical item rows, identical interaction rows), near-duplicate texts
//! (MinHash + LSH, see [`minhash`]), spam-like users (hundreds of interactions within minutes)
//! and identical review texts repeated across users, and the language mix of each text column.
//!
//! Each [`Finding`] lists the rows it concerns (with their 1-based lines in the source files) and
//! which of them excluding the finding would drop; [`Exclusion`] turns chosen findings into a
//! cleaned copy of the dataset. The files on disk are never modified.
//!
//! Findings have a [`Severity`]: `warning` for data-quality problems (duplicates, spam, missing
//! values) — a clean dataset has none — and `info` for properties of the data that guide the
//! choice of method (size guideline, cold users/items, language mix).

mod duplicates;
mod exclude;
mod ids;
mod languages;
pub mod minhash;
mod missing;
pub mod normalise;
mod sizes;
mod spam;

use serde::Serialize;

use crate::data::Dataset;
use crate::error::{ComputeError, Result};

pub use exclude::{Exclusion, ExclusionSummary};
pub use languages::{ColumnLanguages, LanguageShare};
pub use missing::ColumnMissing;
pub use sizes::{Bin, CountStats, Guideline, Sizes};

/// Settings of the audit; [`AuditParams::default`] holds the values the CLI and GUI start with.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuditParams {
    /// Texts whose Jaccard similarity (of character shingles) reaches this are near-duplicates
    /// (0 < t ≤ 1).
    pub near_dup_threshold: f64,
    /// Characters per shingle for near-duplicate texts.
    pub shingle_chars: usize,
    /// MinHash signature length (more = fewer missed pairs, slower).
    pub minhash_hashes: usize,
    /// A user with at least this many interactions inside the window is spam-like.
    pub spam_min_count: usize,
    /// The window for spam-like bursts, in minutes.
    pub spam_window_minutes: u32,
    /// An interaction text (review, comment) repeated word for word at least this many times…
    pub repeated_text_min: usize,
    /// …and at least this long (characters after normalisation) is spam-like.
    pub repeated_text_min_chars: usize,
    /// Users or items with fewer interactions than this are cold.
    pub cold_threshold: usize,
    /// Items the guideline asks for before collaborative methods shine.
    pub guideline_items: usize,
    /// Users the guideline asks for before collaborative methods shine.
    pub guideline_users: usize,
}

impl Default for AuditParams {
    fn default() -> Self {
        Self {
            near_dup_threshold: 0.8,
            shingle_chars: 5,
            minhash_hashes: 128,
            spam_min_count: 100,
            spam_window_minutes: 10,
            repeated_text_min: 5,
            repeated_text_min_chars: 20,
            cold_threshold: 5,
            guideline_items: 10_000,
            guideline_users: 1_000,
        }
    }
}

impl AuditParams {
    /// Check the ranges.
    ///
    /// # Errors
    /// [`ComputeError::InvalidParams`] naming the parameter and its range.
    pub fn validate(&self) -> Result<()> {
        let bad = |s: &str| Err(ComputeError::InvalidParams(s.to_owned()));
        if !(self.near_dup_threshold > 0.0 && self.near_dup_threshold <= 1.0) {
            return bad("the near-duplicate threshold must be in (0, 1]");
        }
        if self.shingle_chars == 0 || self.minhash_hashes == 0 {
            return bad("shingle length and MinHash signature length must be at least 1");
        }
        if self.spam_min_count < 2 || self.spam_window_minutes == 0 {
            return bad(
                "a spam burst needs at least 2 interactions and a window of 1 minute or more",
            );
        }
        if self.repeated_text_min < 2 {
            return bad("a repeated text must occur at least twice");
        }
        Ok(())
    }
}

/// The table a row belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Table {
    /// `items.csv` (or the format's item file).
    Items,
    /// `users.csv`.
    Users,
    /// `interactions.csv`.
    Interactions,
}

/// How much a finding matters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// A property of the data that guides the choice of method; not a defect.
    Info,
    /// A data-quality problem worth cleaning before trusting results.
    Warning,
}

macro_rules! kinds {
    ($($kind:ident => $name:literal, $severity:ident;)*) => {
        /// What a finding is about; its `as_str` name is the stable id used in JSON and the CLI.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        #[serde(rename_all = "snake_case")]
        #[expect(missing_docs, reason = "the stable names beside each variant say what it is")]
        pub enum FindingKind { $($kind,)* }

        impl FindingKind {
            /// Every kind, in report order.
            pub const ALL: &[Self] = &[$(Self::$kind,)*];

            /// The stable snake_case id.
            #[must_use]
            pub fn as_str(self) -> &'static str {
                match self { $(Self::$kind => $name,)* }
            }

            /// Data-quality problem or property of the data.
            #[must_use]
            pub fn severity(self) -> Severity {
                match self { $(Self::$kind => Severity::$severity,)* }
            }
        }
    };
}

kinds! {
    DuplicateItems => "duplicate_items", Warning;
    DuplicateItemRows => "duplicate_item_rows", Warning;
    NearDuplicateTexts => "near_duplicate_texts", Warning;
    DuplicateInteractions => "duplicate_interactions", Warning;
    UnknownIds => "unknown_ids", Warning;
    IdsWithSpaces => "ids_with_spaces", Warning;
    SpamUsers => "spam_users", Warning;
    RepeatedTexts => "repeated_texts", Warning;
    MissingValues => "missing_values", Warning;
    SizeGuideline => "size_guideline", Info;
    ColdUsers => "cold_users", Info;
    ColdItems => "cold_items", Info;
    MixedLanguages => "mixed_languages", Info;
}

impl std::str::FromStr for FindingKind {
    type Err = String;

    fn from_str(s: &str) -> std::result::Result<Self, Self::Err> {
        let s = s.trim();
        Self::ALL
            .iter()
            .copied()
            .find(|k| k.as_str() == s)
            .ok_or_else(|| {
                let names: Vec<&str> = Self::ALL.iter().map(|k| k.as_str()).collect();
                format!(
                    "unknown audit finding \"{s}\" (expected one of: {})",
                    names.join(", ")
                )
            })
    }
}

/// One row a finding concerns.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AffectedRow {
    /// Its table.
    pub table: Table,
    /// Dense row index in that table (file order).
    pub row: u32,
    /// 1-based line in the source file, when the format keeps it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    /// The item id (item rows and interactions).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub item: Option<String>,
    /// The user id (user rows and interactions).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub user: Option<String>,
    /// Rows sharing a group are copies of one another (duplicates); the first is kept.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub group: Option<u32>,
    /// Whether excluding the finding drops this row (false for the kept first copy).
    pub drop: bool,
    /// What is wrong with this row, in English.
    pub note: String,
}

/// One kind of finding with all the rows it concerns.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// Stable id (`duplicate_items`, `spam_users`…).
    pub kind: FindingKind,
    /// Problem or information.
    pub severity: Severity,
    /// How many distinct rows excluding it would drop (0 for findings about the whole dataset).
    pub count: usize,
    /// One English sentence.
    pub message: String,
    /// The rows, in table then row order.
    pub rows: Vec<AffectedRow>,
}

impl Finding {
    fn new(kind: FindingKind, message: String, rows: Vec<AffectedRow>) -> Self {
        Self {
            kind,
            severity: kind.severity(),
            count: rows
                .iter()
                .filter(|r| r.drop)
                .map(|r| (r.table, r.row))
                .collect::<std::collections::BTreeSet<_>>()
                .len(),
            message,
            rows,
        }
    }
}

/// Everything the audit found.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AuditReport {
    /// Dataset display name.
    pub dataset: String,
    /// The settings used.
    pub params: AuditParams,
    /// Sizes, sparsity, long tail and the guideline verdict.
    pub sizes: Sizes,
    /// Missing values per column (every column, also those with none).
    pub missing: Vec<ColumnMissing>,
    /// Language shares per text column.
    pub languages: Vec<ColumnLanguages>,
    /// Findings, warnings first, then in [`FindingKind::ALL`] order.
    pub findings: Vec<Finding>,
}

impl AuditReport {
    /// The finding of a kind, if the audit made one.
    #[must_use]
    pub fn finding(&self, kind: FindingKind) -> Option<&Finding> {
        self.findings.iter().find(|f| f.kind == kind)
    }

    /// Findings that are data-quality problems (severity warning).
    pub fn warnings(&self) -> impl Iterator<Item = &Finding> {
        self.findings
            .iter()
            .filter(|f| f.severity == Severity::Warning)
    }
}

/// Audit `data`.
///
/// # Errors
/// [`ComputeError::InvalidParams`] for out-of-range params.
pub fn audit(data: &Dataset, params: &AuditParams) -> Result<AuditReport> {
    params.validate()?;
    let rows = RowRefs { data };
    let (sizes, mut findings) = sizes::sizes(data, params, &rows);
    let (missing, missing_finding) = missing::missing(data, &rows);
    findings.extend(missing_finding);
    let (languages, language_finding) = languages::languages(data, &rows);
    findings.extend(language_finding);
    findings.extend(duplicates::duplicate_items(data, &rows));
    findings.extend(duplicates::duplicate_item_rows(data, &rows));
    findings.extend(duplicates::duplicate_interactions(data, &rows));
    findings.extend(duplicates::near_duplicate_texts(data, params, &rows));
    findings.extend(ids::unknown_ids(data));
    findings.extend(ids::ids_with_spaces(data, &rows));
    findings.extend(spam::spam_users(data, params, &rows));
    findings.extend(spam::repeated_texts(data, params, &rows));
    findings.sort_by_key(|f| (std::cmp::Reverse(f.severity), f.kind));
    Ok(AuditReport {
        dataset: data.name.clone(),
        params: params.clone(),
        sizes,
        missing,
        languages,
        findings,
    })
}

/// Whether a column holds prose (descriptions, reviews) rather than codes, numbers or links:
/// most filled values are neither numbers nor URLs, and they average at least 20 characters.
pub(crate) fn is_text_column(values: &[String]) -> bool {
    let filled: Vec<&String> = values.iter().filter(|v| !v.is_empty()).collect();
    if filled.is_empty() {
        return false;
    }
    let is_link = |v: &str| {
        let v = v.trim_start().to_ascii_lowercase();
        v.starts_with("http://") || v.starts_with("https://") || v.starts_with("www.")
    };
    let numbers = filled
        .iter()
        .filter(|v| v.parse::<f64>().is_ok() || is_link(v))
        .count();
    let chars: usize = filled.iter().map(|v| v.chars().count()).sum();
    numbers * 2 < filled.len() && chars >= 20 * filled.len()
}

/// Builds [`AffectedRow`]s with ids and source lines filled in.
struct RowRefs<'a> {
    data: &'a Dataset,
}

impl RowRefs<'_> {
    fn row(&self, table: Table, row: usize, note: String) -> AffectedRow {
        let d = self.data;
        let (line, item, user) = match table {
            Table::Items => (
                d.sources.items.line(row),
                d.items.ids.get(row).map(str::to_owned),
                None,
            ),
            Table::Users => (
                d.sources.users.line(row),
                None,
                d.users.ids.get(row).map(str::to_owned),
            ),
            Table::Interactions => {
                let it = d.interactions.get(row);
                (
                    d.sources.interactions.line(row),
                    it.and_then(|i| d.items.ids.get(i.item as usize).map(str::to_owned)),
                    it.and_then(|i| d.users.ids.get(i.user as usize).map(str::to_owned)),
                )
            }
        };
        AffectedRow {
            table,
            row: row as u32,
            line,
            item,
            user,
            group: None,
            drop: true,
            note,
        }
    }

    /// "items.csv:12" or "item 17" when the line is unknown.
    fn place(&self, table: Table, row: usize) -> String {
        let d = self.data;
        let (src, what, id) = match table {
            Table::Items => (&d.sources.items, "item", d.items.ids.get(row)),
            Table::Users => (&d.sources.users, "user", d.users.ids.get(row)),
            Table::Interactions => (&d.sources.interactions, "interaction", None),
        };
        match (src.line(row), id) {
            (Some(line), Some(id)) => format!("{what} {id} ({}:{line})", src.file),
            (Some(line), None) => format!("{}:{line}", src.file),
            (None, Some(id)) => format!("{what} {id}"),
            (None, None) => format!("{what} #{}", row + 1),
        }
    }
}

#[cfg(test)]
pub(crate) mod fixture;
