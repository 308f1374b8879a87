//! Comparing two runs' item vectors (drift, retraining, two embedding methods): which items
//! moved, whose neighbours changed, and how far each category's centre shifted.
//!
//! The two runs are matched by item id. Run B is aligned onto run A by orthogonal Procrustes
//! ([`crate::project::procrustes`]: both centred and scaled to unit Frobenius norm, rotated and
//! optimally scaled; runs of different dimensions are zero-padded), so a run that is only
//! rotated, shifted, mirrored or rescaled shows no change at all. Then, per shared item:
//! - **displacement**: ‖a − b̂‖ after alignment, in units of A's root-mean-square radius (1 = as
//!   far as an average item is from the centre); the mean of the squared displacements equals
//!   the Procrustes disparity;
//! - **Jaccard**: |N_A ∩ N_B| / |N_A ∪ N_B| of its top-k cosine neighbour sets among the shared
//!   items (exact, [`crate::index::knn::batch_knn`]), each run on its own — by default after
//!   centring each run on the mean of its shared items, so that shifting a whole run (which the
//!   alignment factors out) does not count as change either;
//! - per category, the **shift** of its centre (mean of its items) between A and aligned B, in the
//!   same units (how far the category moved as a group), and the **mean displacement** of its
//!   items (how far its items moved, each on its own way).
//!
//! Items are listed by neighbourhood change, 1 − Jaccard (most changed first); ties (common: with
//! k = 10 there are only a few Jaccard values) by displacement, larger first (to 1e-4, so rounding
//! noise does not decide), then by id.
//! Pure: no I/O, no threads of its own (kNN runs on rayon like the rest of the index).

mod compute;

pub use compute::compare;

use ndarray::ArrayView2;

use crate::data::StrColumn;

/// One run's items as the comparison reads them (row i of `vectors` is item `ids[i]`).
#[derive(Debug, Clone, Copy)]
pub struct RunItems<'a> {
    /// Item ids, unique.
    pub ids: &'a StrColumn,
    /// Display titles, as long as `ids`.
    pub titles: &'a StrColumn,
    /// Category per item, when the dataset has one.
    pub categories: Option<&'a StrColumn>,
    /// One vector per item.
    pub vectors: ArrayView2<'a, f32>,
}

/// How to compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CompareParams {
    /// Neighbours per item for the Jaccard index (clamped to the shared items − 1, with a note).
    pub k: usize,
    /// Centre each run on the mean of its shared items before taking cosine neighbours (default).
    /// `false` uses the raw vectors, as the app's neighbours panel does.
    pub centre: bool,
}

impl Default for CompareParams {
    fn default() -> Self {
        Self {
            k: 10,
            centre: true,
        }
    }
}

/// Something the reader of a comparison should know; the GUI translates these, the CLI prints
/// their English `Display`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "note", rename_all = "snake_case")]
pub enum Note {
    /// k was larger than the number of other shared items.
    KClamped {
        /// k asked for.
        requested: usize,
        /// k used.
        used: usize,
    },
    /// The runs have different dimensions; the smaller was zero-padded.
    Padded {
        /// Dimension of run A.
        dim_a: usize,
        /// Dimension of run B.
        dim_b: usize,
    },
    /// Some shared items have a zero vector (after centring, if any) in one run: they have no
    /// direction, so their cosine neighbours are arbitrary.
    ZeroVectors {
        /// `"A"` or `"B"`.
        run: String,
        /// How many.
        count: usize,
    },
}

impl std::fmt::Display for Note {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::KClamped { requested, used } => write!(
                f,
                "k = {requested} is more than the other shared items; using k = {used}"
            ),
            Self::Padded { dim_a, dim_b } => write!(
                f,
                "run A has {dim_a} dimensions and run B {dim_b}: the smaller was padded with zeros to align them"
            ),
            Self::ZeroVectors { run, count } => write!(
                f,
                "{count} item(s) have a zero vector in run {run}: their cosine neighbours are arbitrary"
            ),
        }
    }
}

/// How one shared item changed.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct ItemChange {
    /// Item id.
    pub id: String,
    /// Title (run A's).
    pub title: String,
    /// Category (run A's, else B's; empty without one).
    pub category: String,
    /// Row in run A.
    pub row_a: u32,
    /// Row in run B.
    pub row_b: u32,
    /// Distance between A and aligned B, in units of A's RMS radius.
    pub displacement: f64,
    /// Jaccard index of the top-k neighbour sets (1 = same neighbours).
    pub jaccard: f64,
    /// Neighbour ids in run A, nearest first.
    pub neighbours_a: Vec<String>,
    /// Neighbour ids in run B, nearest first.
    pub neighbours_b: Vec<String>,
}

/// How far one category's centre moved.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CategoryShift {
    /// The category.
    pub category: String,
    /// Distance between its centre in A and in aligned B, in units of A's RMS radius.
    pub shift: f64,
    /// Mean displacement of its items, in the same units.
    #[serde(default)]
    pub mean_displacement: f64,
    /// Shared items in it.
    pub items: usize,
}

/// The result of comparing run A with run B.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Comparison {
    /// Items in both runs.
    pub shared: usize,
    /// Items only in A.
    pub only_a: usize,
    /// Items only in B.
    pub only_b: usize,
    /// Dimension of A's vectors.
    pub dim_a: usize,
    /// Dimension of B's vectors.
    pub dim_b: usize,
    /// Neighbours per item actually used.
    pub k: usize,
    /// Whether neighbours were taken after centring each run.
    pub centred: bool,
    /// Procrustes residual Σ‖a − b̂‖² over the standardised sets: 0 = same shape, ≤ 1.
    pub disparity: f64,
    /// The optimal scale applied to standardised B.
    pub scale: f64,
    /// Whether the best alignment mirrors B.
    pub reflection: bool,
    /// Mean Jaccard index over the shared items.
    pub mean_jaccard: f64,
    /// Every shared item, most changed neighbourhood first (1 − Jaccard descending, ties by
    /// displacement descending, then id).
    pub items: Vec<ItemChange>,
    /// Per category, largest shift first (ties by name); empty without categories.
    pub categories: Vec<CategoryShift>,
    /// What to know when reading the numbers.
    pub notes: Vec<Note>,
}

/// Which run's rows a per-row array follows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// Run A's item rows.
    A,
    /// Run B's item rows.
    B,
}

impl Comparison {
    /// Displacement per item row of run `side` (`rows` = that run's item count); `None` for
    /// items not in both runs. For colouring a map.
    #[must_use]
    pub fn displacement_by_row(&self, side: Side, rows: usize) -> Vec<Option<f32>> {
        self.by_row(side, rows, |c| c.displacement)
    }

    /// Jaccard index per item row of run `side`; `None` for items not in both runs.
    #[must_use]
    pub fn jaccard_by_row(&self, side: Side, rows: usize) -> Vec<Option<f32>> {
        self.by_row(side, rows, |c| c.jaccard)
    }

    fn by_row(&self, side: Side, rows: usize, f: impl Fn(&ItemChange) -> f64) -> Vec<Option<f32>> {
        let mut out = vec![None; rows];
        for c in &self.items {
            let row = match side {
                Side::A => c.row_a,
                Side::B => c.row_b,
            } as usize;
            if let Some(slot) = out.get_mut(row) {
                *slot = Some(f(c) as f32);
            }
        }
        out
    }
}
