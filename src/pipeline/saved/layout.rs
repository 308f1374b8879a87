//! t-SNE and UMAP layouts kept with a run in the workspace: the coordinates, the parameters
//! they were asked for, what the method reported (perplexity or neighbours used, warnings such
//! as "fitted on a sample"), and a save generation so that the newest layout wins when two
//! saves race (see [`crate::store::projections`]).
//!
//! The details are stored as JSON beside the map (see [`super::layout_meta`]); a map saved
//! without details (older workspaces) comes back with `params: None` and no warnings.

use ndarray::{Array2, ArrayView2};

use super::layout_meta::Meta;
use crate::project::tsne::{TsneOutput, TsneParams};
use crate::project::umap::{UmapOutput, UmapParams};
use crate::store::{StoreError, StoredRun};

/// A layout computed after the run (in the GUI) and kept with it in the workspace.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SavedLayout {
    /// The t-SNE map.
    Tsne,
    /// The UMAP map.
    Umap,
}

impl SavedLayout {
    /// The projection's name in the workspace.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Tsne => "tsne",
            Self::Umap => "umap",
        }
    }
}

/// A finished t-SNE with what it was asked for.
#[derive(Debug, Clone, PartialEq)]
pub struct FinishedTsne {
    /// The parameters of the run; `None` when not known (saved before they were kept).
    pub params: Option<TsneParams>,
    /// The layout and what t-SNE reported.
    pub out: TsneOutput,
    /// Save order: a later layout of the same run has a larger generation (0 = never saved).
    pub generation: u64,
    /// Fit on the vectors with users and items each scaled to median length 1 (for display;
    /// false for the raw vectors, and for layouts saved before this was kept).
    pub scaled: bool,
}

/// A finished UMAP with what it was asked for.
#[derive(Debug, Clone, PartialEq)]
pub struct FinishedUmap {
    /// The parameters of the run; `None` when not known (saved before they were kept).
    pub params: Option<UmapParams>,
    /// The layout and what UMAP reported.
    pub out: UmapOutput,
    /// Save order, as [`FinishedTsne::generation`].
    pub generation: u64,
    /// Fit on vectors scaled per kind, as [`FinishedTsne::scaled`].
    pub scaled: bool,
}

/// A finished layout to keep with its run.
#[derive(Debug, Clone, PartialEq)]
pub enum Finished {
    /// A t-SNE layout.
    Tsne(FinishedTsne),
    /// A UMAP layout.
    Umap(FinishedUmap),
}

impl Finished {
    /// Which layout it is.
    #[must_use]
    pub fn kind(&self) -> SavedLayout {
        match self {
            Self::Tsne(_) => SavedLayout::Tsne,
            Self::Umap(_) => SavedLayout::Umap,
        }
    }

    /// The coordinates.
    #[must_use]
    pub fn xy(&self) -> ArrayView2<'_, f32> {
        match self {
            Self::Tsne(t) => t.out.xy.view(),
            Self::Umap(u) => u.out.xy.view(),
        }
    }

    /// The save generation.
    #[must_use]
    pub fn generation(&self) -> u64 {
        match self {
            Self::Tsne(t) => t.generation,
            Self::Umap(u) => u.generation,
        }
    }
}

/// The generation for a layout finishing now, after one of generation `last`: above `last` and
/// at least the wall clock in milliseconds, so it is also above what an earlier session saved.
#[must_use]
pub fn next_generation(last: u64) -> u64 {
    let now_ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as u64);
    last.saturating_add(1).max(now_ms)
}

/// Keep a finished t-SNE or UMAP with run `run_id` (replacing an earlier one of that kind),
/// unless a layout of a later generation is already kept. Returns whether it was written.
///
/// # Errors
/// The workspace could not be opened or written.
pub fn save_layout(
    location: &crate::store::Location,
    run_id: i64,
    layout: &Finished,
) -> Result<bool, StoreError> {
    let mut ws = location.connect()?;
    ws.save_projection_if_newer(
        run_id,
        layout.kind().as_str(),
        layout.xy(),
        i64::try_from(layout.generation()).unwrap_or(i64::MAX),
        &Meta::of(layout).to_json(),
    )
}

/// The stored map `kind` of `run` with its details, if it has one row per point (`points`).
fn stored(run: &StoredRun, kind: SavedLayout, points: usize) -> Option<(Array2<f32>, Meta, u64)> {
    let xy = run
        .projection(kind.as_str())
        .filter(|p| p.dim() == (points, 2))?
        .clone();
    let (meta, generation) = run
        .projection_meta(kind.as_str())
        .map_or((Meta::default(), 0), |m| {
            (Meta::from_json(&m.meta_json), m.generation.max(0) as u64)
        });
    Some((xy, meta, generation))
}

/// The t-SNE kept with `run`, if it fits `points` points.
pub(super) fn stored_tsne(run: &StoredRun, points: usize) -> Option<FinishedTsne> {
    let (xy, meta, generation) = stored(run, SavedLayout::Tsne, points)?;
    Some(meta.into_tsne(xy, generation))
}

/// The UMAP kept with `run`, if it fits `points` points.
pub(super) fn stored_umap(run: &StoredRun, points: usize) -> Option<FinishedUmap> {
    let (xy, meta, generation) = stored(run, SavedLayout::Umap, points)?;
    Some(meta.into_umap(xy, generation))
}
