//! Seasonal drift: the same method trained on two time windows of the interactions (say January
//! to March and April to June), run B aligned onto run A by Procrustes and measured as any two
//! runs are ([`crate::eval::compare`]): which items and which categories moved most.
//!
//! Only methods that learn from interactions can drift (ALS, item2vec, the hybrid); features and
//! text do not change with the window. An item is compared when it has at least
//! [`DriftParams::min_item_interactions`] interactions in each window: an item nobody touched in
//! a window has no vector of its own there (ALS leaves it near zero), and hundreds of those would
//! drown the items that did move. The comparison's rows are mapped back to the dataset's item
//! rows, so it can colour the map of the same dataset.

use ndarray::Axis;

use crate::data::window::{TimeWindow, restrict};
use crate::data::{Dataset, StrColumn};
use crate::embed::{self, EmbedParams, Method};
use crate::eval::compare::{CompareParams, Comparison, RunItems, compare};
use crate::pipeline::error::{PipelineError, Result};
use crate::progress::Progress;

/// Fewest interactions a window must hold to train on it.
pub const MIN_WINDOW_INTERACTIONS: usize = 100;

/// What to compare.
#[derive(Debug, Clone)]
pub struct DriftParams {
    /// The method, trained once per window.
    pub embed: EmbedParams,
    /// The earlier (reference) window.
    pub window_a: TimeWindow,
    /// The later window, aligned onto A.
    pub window_b: TimeWindow,
    /// Neighbours and centring of the comparison.
    pub compare: CompareParams,
    /// Interactions an item needs in each window to be compared.
    pub min_item_interactions: usize,
}

impl DriftParams {
    /// ALS (the app's defaults) on two windows; items need 2 interactions in each.
    #[must_use]
    pub fn als(window_a: TimeWindow, window_b: TimeWindow) -> Self {
        Self {
            embed: super::compare::default_params(Method::Als),
            window_a,
            window_b,
            compare: CompareParams::default(),
            min_item_interactions: 2,
        }
    }
}

/// One window's side of the comparison.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct WindowSide {
    /// The window.
    pub window: TimeWindow,
    /// Interactions inside it.
    pub interactions: usize,
    /// Users with at least one of them.
    pub users: usize,
    /// Items with at least the minimum of them.
    pub items: usize,
}

/// The result: the comparison (rows are the dataset's item rows) and what each window held.
#[derive(Debug, Clone)]
pub struct Drift {
    /// The method trained on both windows.
    pub method: Method,
    /// Window A.
    pub a: WindowSide,
    /// Window B.
    pub b: WindowSide,
    /// Interactions an item needed in each window.
    pub min_item_interactions: usize,
    /// Items of the dataset left out (too few interactions in a window).
    pub left_out: usize,
    /// B aligned onto A.
    pub comparison: Comparison,
}

/// Whether a method's vectors depend on the interactions (so a window changes them).
#[must_use]
pub fn learns_from_interactions(method: Method) -> bool {
    matches!(method, Method::Als | Method::Item2Vec | Method::Hybrid)
}

/// Train `params.embed` on each window of `data` and compare the two runs.
///
/// # Errors
/// A method that does not learn from interactions; no timestamps; a window with fewer than
/// [`MIN_WINDOW_INTERACTIONS`]; fewer than 2 items with enough interactions in both windows;
/// the method's own errors; `Cancelled`.
pub fn drift(data: &Dataset, params: &DriftParams, progress: &Progress) -> Result<Drift> {
    let method = params.embed.method();
    if !learns_from_interactions(method) {
        return Err(PipelineError::InvalidParams(format!(
            "{} does not learn from interactions, so a time window does not change it; compare windows with als, item2vec or hybrid",
            method.as_str()
        )));
    }
    let da = restrict(data, params.window_a, MIN_WINDOW_INTERACTIONS)?;
    let db = restrict(data, params.window_b, MIN_WINDOW_INTERACTIONS)?;
    let min = params.min_item_interactions.max(1);
    let (count_a, count_b) = (item_counts(&da), item_counts(&db));
    let kept: Vec<usize> = (0..data.items.len())
        .filter(|&r| count_a[r] >= min && count_b[r] >= min)
        .collect();
    if kept.len() < 2 {
        return Err(PipelineError::InvalidParams(format!(
            "only {} item(s) have {min} or more interactions in both windows {} and {}; at least 2 are needed to align them",
            kept.len(),
            params.window_a,
            params.window_b
        )));
    }
    let ea = embed::embed(&da, &params.embed, progress)?;
    let eb = embed::embed(&db, &params.embed, progress)?;
    let pick = |v: &StrColumn| -> StrColumn { kept.iter().map(|&r| &v[r]).collect() };
    let ids = pick(&data.items.ids);
    let titles = pick(&data.items.names);
    let categories = data.items.categories.as_ref().map(pick);
    let va = ea.items.select(Axis(0), &kept);
    let vb = eb.items.select(Axis(0), &kept);
    let side = |vectors| RunItems {
        ids: &ids,
        titles: &titles,
        categories: categories.as_ref(),
        vectors,
    };
    let mut comparison = compare(
        &side(va.view()),
        &side(vb.view()),
        &params.compare,
        progress,
    )?;
    for item in &mut comparison.items {
        item.row_a = kept[item.row_a as usize] as u32;
        item.row_b = kept[item.row_b as usize] as u32;
    }
    let window_side = |d: &Dataset, window, counts: &[usize]| WindowSide {
        window,
        interactions: d.interactions.len(),
        users: distinct_users(d),
        items: counts.iter().filter(|&&n| n >= min).count(),
    };
    Ok(Drift {
        method,
        a: window_side(&da, params.window_a, &count_a),
        b: window_side(&db, params.window_b, &count_b),
        min_item_interactions: min,
        left_out: data.items.len() - kept.len(),
        comparison,
    })
}

/// Interactions per item.
fn item_counts(data: &Dataset) -> Vec<usize> {
    let mut n = vec![0; data.items.len()];
    for it in &data.interactions {
        n[it.item as usize] += 1;
    }
    n
}

fn distinct_users(data: &Dataset) -> usize {
    let mut seen = vec![false; data.users.len()];
    for it in &data.interactions {
        seen[it.user as usize] = true;
    }
    seen.iter().filter(|s| **s).count()
}
