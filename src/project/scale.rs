//! Neighbour-graph projections (t-SNE, UMAP) at any size: which k-NN graph to use, and what to
//! do with more points than the method can lay out in reasonable time. Shared by
//! [`super::tsne_scale::fit_any`] and [`super::umap::fit_any`], which differ only in the fit
//! itself and in how many neighbours it needs.
//!
//! - Up to [`ScalePlan::exact_graph_max`] points (50,000) the graph is the exact k-NN graph
//!   (GEMM tiles, [`batch_knn`]): 50k² pairs take a few seconds on two cores.
//! - Above that the graph comes from an HNSW index ([`HnswIndex`], M = 16, ef = 2k): the exact
//!   graph grows with n², the HNSW one with n·log n. The graph's recall@k is measured on a
//!   sample of rows and reported in [`GraphInfo`], so an approximate graph is never silent.
//! - Above [`ScalePlan::max_points`] (100,000) the method is fitted on a seeded random sample of
//!   that many points; every other point is placed at the distance-weighted mean of its
//!   [`PLACE_K`] nearest sampled points in the original space (found in the sample's HNSW
//!   index), so the map still shows every point and streamed layouts move them all. This is the
//!   "out-of-sample by neighbours" extension (as in openTSNE's `prepare_partial`
//!   initialisation). A [`ProjectionWarning::Sampled`] says how many points were fitted and how
//!   many placed.

use ndarray::{Array2, ArrayView2, Axis};

use super::warning::ProjectionWarning;
use crate::error::{PipelineError, Result};
use crate::index::Hit;
use crate::index::hnsw::{HnswIndex, HnswParams, recall, sample_rows};
use crate::index::knn::{KnnMetric, batch_knn};
use crate::pipeline::progress::Progress;
use crate::rng::Gen;

/// Sampled neighbours that place a point that the method did not fit.
pub const PLACE_K: usize = 5;
/// Rows whose HNSW graph neighbours are checked against exact ones.
const RECALL_SAMPLE: usize = 200;

/// Size limits of a scaled fit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScalePlan {
    /// Largest n for the exact k-NN graph.
    pub exact_graph_max: usize,
    /// Largest n fitted directly; above it a sample of this size is fitted.
    pub max_points: usize,
}

impl Default for ScalePlan {
    fn default() -> Self {
        Self {
            exact_graph_max: 50_000,
            max_points: 100_000,
        }
    }
}

/// How the neighbour graph was found.
#[derive(Debug, Clone, PartialEq)]
pub struct GraphInfo {
    /// "exact" or "hnsw".
    pub index: &'static str,
    /// Recall@k of the graph against exact neighbours (1 for the exact graph).
    pub recall: f64,
    /// Points the method fitted (the rest were placed by their neighbours).
    pub fitted: usize,
}

/// A finished layout whose coordinates and warnings [`fit_scaled`] can extend to all rows.
pub trait ScaledOutput {
    /// The n × 2 coordinates.
    fn xy_mut(&mut self) -> &mut Array2<f32>;
    /// The warnings shown with the layout.
    fn warnings_mut(&mut self) -> &mut Vec<ProjectionWarning>;
}

/// A method for [`fit_scaled`]: its name, its seed (which also draws the sample) and how many
/// graph neighbours it needs for n points.
pub struct Method<'a> {
    /// Name in messages ("t-SNE", "UMAP").
    pub name: &'static str,
    /// Seed of the sample above [`ScalePlan::max_points`].
    pub seed: u64,
    /// Neighbours per point (self excluded) for n points.
    pub neighbours: &'a dyn Fn(usize) -> usize,
}

/// The fit of one method on rows with their k-NN graph, streaming `(iteration, layout)`.
pub type FitFn<'a, T> =
    dyn FnMut(ArrayView2<'_, f32>, &[Vec<Hit>], &mut dyn FnMut(usize, &[f32])) -> Result<T> + 'a;

/// Fit `method` on every row of `data`, choosing graph and sampling by `plan`; `on_layout`
/// gets snapshots of all n rows.
///
/// # Errors
/// As `fit`, the graph search, or `Cancelled`.
pub fn fit_scaled<T: ScaledOutput>(
    data: ArrayView2<'_, f32>,
    method: &Method<'_>,
    plan: ScalePlan,
    progress: &Progress,
    on_layout: &mut dyn FnMut(usize, &[f32]),
    fit: &mut FitFn<'_, T>,
) -> Result<(T, GraphInfo)> {
    let n = data.nrows();
    if n <= plan.max_points {
        let (knn, info) = knn_graph(data, (method.neighbours)(n), plan, progress)?;
        let out = fit(data, &knn, on_layout)?;
        return Ok((out, info));
    }
    let mut rows: Vec<usize> = (0..n).collect();
    Gen::new(method.seed).shuffle(&mut rows);
    rows.truncate(plan.max_points);
    rows.sort_unstable();
    let sample = data.select(Axis(0), &rows);
    let k = (method.neighbours)(rows.len());
    let (knn, mut info) = knn_graph(sample.view(), k, plan, progress)?;
    let placement = place(data, &sample, &rows, progress)?;
    let mut full = vec![0.0_f32; 2 * n];
    let mut out = fit(sample.view(), &knn, &mut |it, layout| {
        placement.expand(layout, &mut full);
        on_layout(it, &full);
    })?;
    let sample_xy = out
        .xy_mut()
        .as_slice()
        .map(<[f32]>::to_vec)
        .unwrap_or_default();
    placement.expand(&sample_xy, &mut full);
    *out.xy_mut() = Array2::from_shape_vec((n, 2), full).map_err(|e| PipelineError::Numerical {
        stage: method.name,
        reason: e.to_string(),
    })?;
    out.warnings_mut().push(ProjectionWarning::Sampled {
        method: method.name,
        sample: rows.len(),
        total: n,
        seed: method.seed,
        neighbours: PLACE_K,
    });
    info.fitted = rows.len();
    Ok((out, info))
}

/// The k-NN graph of `data` with `k` neighbours per row (self excluded, nearest first,
/// Euclidean distances): exact up to [`ScalePlan::exact_graph_max`] rows, HNSW above.
///
/// # Errors
/// The index build or search failed, or `Cancelled`.
pub fn knn_graph(
    data: ArrayView2<'_, f32>,
    k: usize,
    plan: ScalePlan,
    progress: &Progress,
) -> Result<(Vec<Vec<Hit>>, GraphInfo)> {
    let n = data.nrows();
    if n <= plan.exact_graph_max {
        let knn = batch_knn(data, data, k, KnnMetric::Euclidean, true, progress)?;
        return Ok((
            knn,
            GraphInfo {
                index: "exact",
                recall: 1.0,
                fitted: n,
            },
        ));
    }
    let hnsw_params = HnswParams {
        ef_construction: 100,
        ef_search: (2 * k).max(64),
        ..HnswParams::default()
    };
    let index = HnswIndex::build(data, KnnMetric::Euclidean, hnsw_params, progress)?;
    let mut knn = index.search_batch(data, k + 1, progress)?;
    for (r, row) in knn.iter_mut().enumerate() {
        row.retain(|h| h.row as usize != r);
        row.truncate(k);
    }
    // A graph row can come back short only on degenerate data (many exact duplicates); pad it
    // from the exact scan so the method gets the neighbours it needs.
    let short: Vec<usize> = (0..n).filter(|&r| knn[r].len() < k).collect();
    if !short.is_empty() {
        for (&r, row) in short.iter().zip(exact_rows(data, &short, k, progress)?) {
            knn[r] = row;
        }
    }
    let checked = sample_rows(n, RECALL_SAMPLE);
    let exact = exact_rows(data, &checked, k, progress)?;
    let approx: Vec<Vec<Hit>> = checked.iter().map(|&r| knn[r].clone()).collect();
    Ok((
        knn,
        GraphInfo {
            index: "hnsw",
            recall: recall(&exact, &approx),
            fitted: n,
        },
    ))
}

/// Exact `k` neighbours (self excluded) of the rows `rows` of `data`.
fn exact_rows(
    data: ArrayView2<'_, f32>,
    rows: &[usize],
    k: usize,
    progress: &Progress,
) -> Result<Vec<Vec<Hit>>> {
    let found = batch_knn(
        data,
        data.select(Axis(0), rows).view(),
        k + 1,
        KnnMetric::Euclidean,
        false,
        progress,
    )?;
    Ok(found
        .into_iter()
        .zip(rows)
        .map(|(mut row, &r)| {
            row.retain(|h| h.row as usize != r);
            row.truncate(k);
            row
        })
        .collect())
}

/// Where every row goes given the sample's layout: sampled rows take their own position, the
/// others the weighted mean of their nearest sampled rows.
struct Placement {
    /// For each row of the data: up to [`PLACE_K`] (sample position, weight) pairs summing to
    /// 1, unused slots weighing 0. One flat array: a million rows, no million small vectors.
    from: Vec<[(u32, f32); PLACE_K]>,
}

/// A row of [`Placement::from`] that places nothing (all weights 0).
const UNPLACED: [(u32, f32); PLACE_K] = [(0, 0.0); PLACE_K];

impl Placement {
    /// Fill `full` (2·n floats) from the sample's layout `layout` (2·m floats).
    fn expand(&self, layout: &[f32], full: &mut [f32]) {
        for (r, parts) in self.from.iter().enumerate() {
            let (mut x, mut y) = (0.0_f32, 0.0_f32);
            for &(s, w) in parts {
                let s = s as usize;
                if let (Some(&sx), Some(&sy)) = (layout.get(2 * s), layout.get(2 * s + 1)) {
                    x += w * sx;
                    y += w * sy;
                }
            }
            full[2 * r] = x;
            full[2 * r + 1] = y;
        }
    }
}

/// The placement of every row of `data` relative to `sample` (= `data` rows `rows`, sorted).
fn place(
    data: ArrayView2<'_, f32>,
    sample: &Array2<f32>,
    rows: &[usize],
    progress: &Progress,
) -> Result<Placement> {
    let mut from = vec![UNPLACED; data.nrows()];
    let mut sampled = vec![false; data.nrows()];
    for (s, &r) in rows.iter().enumerate() {
        from[r][0] = (s as u32, 1.0);
        sampled[r] = true;
    }
    let others: Vec<usize> = (0..data.nrows()).filter(|&r| !sampled[r]).collect();
    drop(sampled);
    let index = HnswIndex::build(
        sample.view(),
        KnnMetric::Euclidean,
        HnswParams {
            ef_construction: 100,
            ef_search: 32,
            ..HnswParams::default()
        },
        progress,
    )?;
    for chunk in others.chunks(65_536) {
        let queries = data.select(Axis(0), chunk);
        let found = index.search_batch(queries.view(), PLACE_K, progress)?;
        for (&r, hits) in chunk.iter().zip(found) {
            // Inverse-distance weights; an exact duplicate of a sampled point sits on it.
            let mut parts = UNPLACED;
            for (slot, h) in parts.iter_mut().zip(&hits) {
                *slot = (h.row, 1.0 / h.value.max(1e-6));
            }
            let total: f32 = parts.iter().map(|w| w.1).sum();
            if total > 0.0 {
                for slot in &mut parts {
                    slot.1 /= total;
                }
                from[r] = parts;
            }
        }
    }
    Ok(Placement { from })
}
