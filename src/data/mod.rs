//! The dataset model — items, users, interactions, numeric features and metadata — and its loaders.
//!
//! Ids are interned to dense `u32` indices at load time; strings live here once. Everything a
//! loader returns is validated (finite numbers, unique ids, interactions that name known users
//! and items), so compute code can trust it.

pub mod audit;
mod entities;
pub mod formats;
pub mod manifest;
pub mod models;
pub mod sample;
pub mod stats;
mod str_column;
pub mod vocabulary;
pub mod window;

use std::path::PathBuf;

use ndarray::Array2;

pub use entities::Entities;
pub use manifest::Manifest;
pub use str_column::StrColumn;

/// Which table a row belongs to.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// A catalogue entry (a café, a film…).
    Item,
    /// A person who interacts with items.
    User,
}

impl Kind {
    /// Lower-case English name, as used in JSON and the CLI.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Item => "item",
            Self::User => "user",
        }
    }
}

/// A reference to one row of the items or users table: a point on the map.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct PointRef {
    /// Which table.
    pub kind: Kind,
    /// Dense row index in that table.
    pub row: u32,
}

/// A free-form text column kept for display, colouring and search.
#[derive(Debug, Clone, PartialEq)]
pub struct MetaColumn {
    /// Column name from the header.
    pub name: String,
    /// One value per row (empty string when missing).
    pub values: Vec<String>,
}

/// Numeric feature columns: one row per entity, one column per feature.
#[derive(Debug, Clone, PartialEq)]
pub struct Features {
    /// Column names from the header.
    pub names: Vec<String>,
    /// English display labels (the manifest's, or the column name).
    pub labels: Vec<String>,
    /// Japanese display labels (the manifest's, or the English label).
    pub labels_ja: Vec<String>,
    /// Raw values as read, `rows × names.len()`, all finite.
    pub values: Array2<f64>,
}

impl Features {
    /// No features, for `rows` entities.
    #[must_use]
    pub fn none(rows: usize) -> Self {
        Self {
            names: Vec::new(),
            labels: Vec::new(),
            labels_ja: Vec::new(),
            values: Array2::zeros((rows, 0)),
        }
    }

    /// Number of feature columns.
    #[must_use]
    pub fn dim(&self) -> usize {
        self.names.len()
    }
}

/// One user–item event.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Interaction {
    /// Dense user index.
    pub user: u32,
    /// Dense item index.
    pub item: u32,
    /// Rating or weight (1.0 when the file has none).
    pub rating: f32,
    /// Unix seconds, when given.
    pub timestamp: Option<i64>,
}

/// A loaded, validated dataset.
#[derive(Debug, Clone)]
pub struct Dataset {
    /// Display name (manifest name or folder name).
    pub name: String,
    /// Japanese display name, if the manifest has one.
    pub name_ja: Option<String>,
    /// The folder it was loaded from.
    pub root: PathBuf,
    /// The catalogue.
    pub items: Entities,
    /// The people (from `users.csv`, or the ids seen in `interactions.csv`).
    pub users: Entities,
    /// Events, in file order.
    pub interactions: Vec<Interaction>,
    /// Vectors computed elsewhere (`item_vectors.csv`: id + one column per dimension), one row
    /// per item in item order, when the folder has them.
    pub item_vectors: Option<std::sync::Arc<Array2<f32>>>,
    /// Vectors of the users learned in the items' space (a Spark ALS model's `userFactors`),
    /// one row per user in user order; `None` elsewhere (users are then placed by their items).
    pub user_vectors: Option<std::sync::Arc<Array2<f32>>>,
    /// Who trained the vectors, when the files say (a Spark ALS model's metadata).
    pub trained_by: Option<formats::spark_als::TrainedBy>,
    /// Interaction columns beyond user, item, rating and timestamp (a review text, a device…),
    /// kept as text, one value per interaction.
    pub interaction_metadata: Vec<MetaColumn>,
    /// Where each row came from, for messages that point into the files (the data audit).
    pub sources: Sources,
    /// Labels of data values and the verb, from `dataset.toml` (empty elsewhere).
    pub vocabulary: vocabulary::Vocabulary,
}

/// The file and 1-based line of each row of one table.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceLines {
    /// File name as shown to the user (`items.csv`); empty when the rows came from no file.
    pub file: String,
    /// 1-based line of each row (the header is line 1); empty when unknown.
    pub lines: Vec<u64>,
}

impl SourceLines {
    /// Lines of the rows of `file`.
    #[must_use]
    pub fn new(file: impl Into<String>, lines: Vec<u64>) -> Self {
        Self {
            file: file.into(),
            lines,
        }
    }

    /// The line of row `row`, when known.
    #[must_use]
    pub fn line(&self, row: usize) -> Option<u64> {
        self.lines.get(row).copied()
    }
}

/// Source lines of the three tables (empty where a format does not keep them).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sources {
    /// Item rows.
    pub items: SourceLines,
    /// User rows.
    pub users: SourceLines,
    /// Interaction rows.
    pub interactions: SourceLines,
    /// Interaction lines left out because they name ids no table defines: only when loaded
    /// for the audit ([`formats::LoadOptions::unknown_ids`]); otherwise such a line is an error.
    pub unknown_ids: Vec<UnknownIdLine>,
    /// When the rows are a sample of a larger table: which.
    pub sample: Option<RowSample>,
}

/// The rows of a dataset are a sample of a table too large to read whole.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowSample {
    /// Rows in the sample.
    pub rows: usize,
    /// Rows in the table.
    pub of: u64,
    /// Seed of the draw.
    pub seed: u64,
    /// The column the sample is stratified by, if any (else uniform).
    pub stratified_by: Option<String>,
    /// The table's vector column (for queries against the whole table).
    pub vector_column: String,
}

/// `1234567` → `1,234,567`.
#[must_use]
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

impl RowSample {
    /// "a 2,000,000-row sample of 310,000,000 rows" (with "stratified by genre" when it is).
    #[must_use]
    pub fn label_en(&self) -> String {
        let s = format!(
            "a {}-row sample of {} rows",
            thousands(self.rows as u64),
            thousands(self.of)
        );
        match &self.stratified_by {
            Some(c) => format!("{s}, stratified by {c}"),
            None => s,
        }
    }
}

/// An interaction line naming a user or item id that the users or items file does not define.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownIdLine {
    /// The interactions file.
    pub file: String,
    /// Its 1-based line.
    pub line: Option<u64>,
    /// `user` or `item`.
    pub kind: String,
    /// The id as written.
    pub id: String,
    /// The file that defines ids of this kind.
    pub defined_in: String,
}

impl UnknownIdLine {
    /// Under `audit` (`unknown` is `Some`), an unknown-id error of an interactions line is
    /// recorded there and the line skipped (`Ok(None)`); any other error, or any error without a
    /// list (`run`), is returned.
    ///
    /// # Errors
    /// `resolved`'s error when it is not recorded.
    pub fn record<T>(
        resolved: Result<T, crate::error::DataError>,
        unknown: Option<&mut Vec<Self>>,
    ) -> Result<Option<T>, crate::error::DataError> {
        match (resolved, unknown) {
            (Ok(pair), _) => Ok(Some(pair)),
            (
                Err(crate::error::DataError::UnknownId {
                    at,
                    kind,
                    id,
                    defined_in,
                }),
                Some(list),
            ) => {
                list.push(Self {
                    file: at.file,
                    line: at.line,
                    kind: kind.to_owned(),
                    id: id.into(),
                    defined_in: defined_in.into(),
                });
                Ok(None)
            }
            (Err(e), _) => Err(e),
        }
    }
}

impl Dataset {
    /// Display name in the given language (the manifest's `name_ja` when `ja`).
    #[must_use]
    pub fn display_name(&self, ja: bool) -> &str {
        match &self.name_ja {
            Some(n) if ja && !n.is_empty() => n,
            _ => &self.name,
        }
    }

    /// Category (items) or segment (users) of a row for display: the table's `*_ja` column,
    /// else the manifest's label, else the value.
    #[must_use]
    pub fn category_label(&self, kind: Kind, row: usize, ja: bool) -> &str {
        let table = self.table(kind);
        let own = table.category_label(row, ja);
        if own != table.category(row) {
            return own;
        }
        self.vocabulary
            .category(kind == Kind::User, table.category(row), ja)
    }

    /// A category or segment value (not a row) for display.
    #[must_use]
    pub fn category_value_label<'a>(&'a self, kind: Kind, value: &'a str, ja: bool) -> &'a str {
        self.vocabulary.category(kind == Kind::User, value, ja)
    }

    /// The table for a kind.
    #[must_use]
    pub fn table(&self, kind: Kind) -> &Entities {
        match kind {
            Kind::Item => &self.items,
            Kind::User => &self.users,
        }
    }
}

#[cfg(test)]
mod tests;
