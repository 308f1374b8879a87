//! Neighbour-graph projections (t-SNE, UMAP) at any size: which k-NN graph to use, and what to
//! do with more points than the method can lay out in reasonable time. Shared by
//! [`super::tsne_scale::fit_any`] and [`super::umap::fit_any`], which differ only in the
//! [`GraphMethod`] they pass.
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
//!
//! **Memory.** A method runs in two steps ([`GraphMethod::prepare`], then
//! [`GraphMethod::layout`]) so that the sample's copy and the graph are freed before the
//! method's own structures and the placement are allocated: at 1M × 64 the t-SNE affinities
//! and the input matrix alone take most of the 2.5× budget. The graph is one flat array
//! ([`KnnGraph`]), searched in chunks.

use ndarray::{Array2, ArrayView2, Axis, CowArray, Ix2, s};

use super::knn_graph::KnnGraph;
use super::warning::ProjectionWarning;
use crate::error::{ComputeError, Result};
use crate::index::Hit;
use crate::index::hnsw::{HnswIndex, HnswParams, recall, sample_rows};
use crate::index::knn::{KnnMetric, batch_knn};
use crate::progress::{Progress, Stage};
use crate::rng::Gen;

pub use super::placement::PLACE_K;
use super::placement::place;
/// Rows whose HNSW graph neighbours are checked against exact ones.
const RECALL_SAMPLE: usize = 200;
/// Queries per HNSW search batch: the per-row result vectors of one batch are freed before the
/// next, so they never add up to a second copy of the graph.
const SEARCH_CHUNK: usize = 8192;

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

/// A neighbour-graph method for [`fit_scaled`], in two steps.
pub trait GraphMethod {
    /// What [`Self::prepare`] hands to [`Self::layout`] (affinities, start layout…).
    type Prepared;
    /// The finished layout.
    type Output: ScaledOutput;
    /// Name in messages ("t-SNE", "UMAP").
    fn name(&self) -> &'static str;
    /// Seed of the sample above [`ScalePlan::max_points`].
    fn seed(&self) -> u64;
    /// Neighbours per point (self excluded) for n points.
    fn neighbours(&self, n: usize) -> usize;
    /// Everything that needs the rows and their graph (`knn`, [`Self::neighbours`] per row);
    /// both are dropped when it returns, before the placement of unsampled rows is built.
    ///
    /// # Errors
    /// Invalid rows or parameters, or `Cancelled`.
    fn prepare(
        &self,
        rows: CowArray<'_, f32, Ix2>,
        knn: KnnGraph,
        progress: &Progress,
    ) -> Result<Self::Prepared>;
    /// The layout, streaming `(iteration, n × 2 row-major)` snapshots of the prepared rows.
    ///
    /// # Errors
    /// A numerical failure or `Cancelled`.
    fn layout(
        &self,
        prepared: Self::Prepared,
        progress: &Progress,
        on_layout: &mut dyn FnMut(usize, &[f32]),
    ) -> Result<Self::Output>;
}

/// Fit `method` on every row of `data`, choosing graph and sampling by `plan`; `on_layout`
/// gets snapshots of all n rows.
///
/// # Errors
/// As the method, the graph search, or `Cancelled`.
pub fn fit_scaled<M: GraphMethod>(
    data: ArrayView2<'_, f32>,
    method: &M,
    plan: ScalePlan,
    progress: &Progress,
    on_layout: &mut dyn FnMut(usize, &[f32]),
) -> Result<(M::Output, GraphInfo)> {
    let n = data.nrows();
    if n <= plan.max_points {
        let (knn, info) = knn_graph(data, method.neighbours(n), plan, progress)?;
        let prepared = method.prepare(data.into(), knn, progress)?;
        let out = method.layout(prepared, progress, on_layout)?;
        return Ok((out, info));
    }
    let mut rows: Vec<usize> = (0..n).collect();
    Gen::new(method.seed()).shuffle(&mut rows);
    rows.truncate(plan.max_points);
    rows.shrink_to_fit();
    rows.sort_unstable();
    let sample = data.select(Axis(0), &rows);
    let (knn, mut info, index) =
        knn_graph_keeping(sample.view(), method.neighbours(rows.len()), plan, progress)?;
    // Placement first, in the graph's own index (then freed), before the method's structures.
    let placement = place(data, &rows, index, progress)?;
    let prepared = method.prepare(sample.into(), knn, progress)?;
    let mut full = vec![0.0_f32; 2 * n];
    let mut out = method.layout(prepared, progress, &mut |it, layout| {
        placement.expand(layout, &mut full);
        on_layout(it, &full);
    })?;
    if let Some(sample_xy) = out.xy_mut().as_slice() {
        placement.expand(sample_xy, &mut full);
    }
    drop(placement);
    *out.xy_mut() = Array2::from_shape_vec((n, 2), full).map_err(|e| ComputeError::Numerical {
        stage: method.name(),
        reason: e.to_string(),
    })?;
    out.warnings_mut().push(ProjectionWarning::Sampled {
        method: method.name(),
        sample: rows.len(),
        total: n,
        seed: method.seed(),
        neighbours: PLACE_K,
    });
    info.fitted = rows.len();
    Ok((out, info))
}

/// `progress`'s cancel token without its reports, for searches whose own counts would make
/// the overall progress jump back.
fn quiet(progress: &Progress) -> Progress {
    Progress::new(progress.cancel_token().clone(), |_, _, _| true)
}

/// Recompute the distances of exact k-NN lists directly, `√Σ(xᵢ − yᵢ)²`, and re-sort each list.
/// The GEMM form `‖q‖² + ‖x‖² − 2q·x` of [`batch_knn`] leaves rounding noise where a distance
/// should be 0 (an exact duplicate can come out 0.02 away in 384 dimensions), and UMAP's ρ —
/// the distance to the nearest *non-identical* neighbour — needs true zeros. A coordinate too
/// large to square gives an infinite distance here, not a silent 0.
fn exact_distances(data: ArrayView2<'_, f32>, knn: &mut [Vec<Hit>]) {
    use rayon::prelude::*;
    knn.par_iter_mut().enumerate().for_each(|(i, hits)| {
        let q = data.row(i);
        for h in hits.iter_mut() {
            let x = data.row(h.row as usize);
            let d2: f32 = q.iter().zip(x.iter()).map(|(a, b)| (a - b) * (a - b)).sum();
            h.value = d2.sqrt();
        }
        hits.sort_by(|a, b| a.value.total_cmp(&b.value).then(a.row.cmp(&b.row)));
    });
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
) -> Result<(KnnGraph, GraphInfo)> {
    knn_graph_keeping(data, k, plan, progress).map(|(graph, info, _)| (graph, info))
}

/// [`knn_graph`], with the HNSW index it searched when it used one.
fn knn_graph_keeping(
    data: ArrayView2<'_, f32>,
    k: usize,
    plan: ScalePlan,
    progress: &Progress,
) -> Result<(KnnGraph, GraphInfo, Option<HnswIndex>)> {
    let n = data.nrows();
    if n <= plan.exact_graph_max {
        let mut knn = batch_knn(data, data, k, KnnMetric::Euclidean, true, progress)?;
        exact_distances(data, &mut knn);
        let info = GraphInfo {
            index: "exact",
            recall: 1.0,
            fitted: n,
        };
        return Ok((KnnGraph::from_rows(&knn, k)?, info, None));
    }
    let hnsw_params = HnswParams {
        ef_construction: 100,
        ef_search: (2 * k).max(64),
        ..HnswParams::default()
    };
    let index = HnswIndex::build(data, KnnMetric::Euclidean, hnsw_params, progress)?;
    let mut knn = KnnGraph::with_capacity(n, k);
    // A graph row can come back short only on degenerate data (many exact duplicates); it is
    // padded here and filled from the exact scan below.
    let mut short = Vec::new();
    let search = quiet(progress);
    for start in (0..n).step_by(SEARCH_CHUNK) {
        progress.step(Stage::Index, start as u64, n as u64)?;
        let end = (start + SEARCH_CHUNK).min(n);
        let found = index.search_batch(data.slice(s![start..end, ..]), k + 1, &search)?;
        for (r, mut row) in (start..end).zip(found) {
            row.retain(|h| h.row as usize != r);
            if row.len() < k {
                short.push(r);
                row.resize(k, Hit { row: 0, value: 0.0 });
            }
            knn.push_row(&row)?;
        }
    }
    if !short.is_empty() {
        for (&r, row) in short.iter().zip(exact_rows(data, &short, k, progress)?) {
            knn.set_row(r, &row);
        }
    }
    let checked = sample_rows(n, RECALL_SAMPLE);
    let exact = exact_rows(data, &checked, k, progress)?;
    let approx: Vec<Vec<Hit>> = checked.iter().map(|&r| knn.row(r).to_vec()).collect();
    Ok((
        knn,
        GraphInfo {
            index: "hnsw",
            recall: recall(&exact, &approx),
            fitted: n,
        },
        Some(index),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_graph_gives_duplicates_distance_zero() {
        // 300 random 384-d rows offset by 10, each stored twice: in the GEMM form many copies
        // came out a few hundredths apart instead of 0.
        let mut g = Gen::new(7);
        let (n, d) = (300, 384);
        let mut data = Array2::<f32>::zeros((2 * n, d));
        for i in 0..n {
            for j in 0..d {
                let v = 10.0 + g.normal() as f32;
                data[[i, j]] = v;
                data[[n + i, j]] = v;
            }
        }
        let (graph, info) =
            knn_graph(data.view(), 3, ScalePlan::default(), &Progress::silent()).unwrap();
        assert_eq!(info.index, "exact");
        for i in 0..2 * n {
            let first = graph.row(i)[0];
            assert_eq!(
                first.row as usize,
                (i + n) % (2 * n),
                "row {i}: its copy first"
            );
            assert_eq!(first.value.to_bits(), 0, "row {i}: copy at {}", first.value);
            assert!(
                graph.row(i)[1].value > 10.0,
                "row {i}: next neighbour is a real one"
            );
        }
    }
}
