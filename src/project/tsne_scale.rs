//! t-SNE at any size: which neighbour graph to use, and what to do with more points than t-SNE
//! can lay out in reasonable time. One entry point, [`fit_any`], used by the GUI and the CLI.
//!
//! - Up to [`ScalePlan::exact_graph_max`] points (50,000) the affinity graph is the exact k-NN
//!   graph (GEMM tiles, [`batch_knn`]): 50k² pairs take a few seconds on two cores.
//! - Above that the graph comes from an HNSW index ([`HnswIndex`], M = 16, ef = 2k): the
//!   exact graph grows with n², the HNSW one with n·log n. The graph's recall@k is measured on
//!   a sample of rows and reported as a warning line, so an approximate graph is never silent.
//! - Above [`ScalePlan::max_points`] (100,000) t-SNE is fitted on a seeded random sample of that
//!   many points; every other point is placed at the distance-weighted mean of its
//!   [`PLACE_K`] nearest sampled points in the original space (found in the sample's HNSW index),
//!   so the map still shows every point and streamed layouts move them all. This is the
//!   "out-of-sample by neighbours" extension (as in openTSNE's `prepare_partial` initialisation);
//!   FFT t-SNE on 1M points would take tens of minutes here, and the map could not settle
//!   visibly. The warning says how many points were fitted and how many placed.

use ndarray::{Array2, ArrayView2, Axis};

use super::tsne::{self, TsneOutput, TsneParams};
use super::warning::ProjectionWarning;
use crate::error::Result;
use crate::index::Hit;
use crate::index::hnsw::{HnswIndex, HnswParams, recall, sample_rows};
use crate::index::knn::{KnnMetric, batch_knn};
use crate::pipeline::progress::Progress;
use crate::rng::Gen;

/// Sampled neighbours that place a point that t-SNE did not fit.
pub const PLACE_K: usize = 5;
/// Rows whose HNSW graph neighbours are checked against exact ones.
const RECALL_SAMPLE: usize = 200;

/// Size limits of [`fit_any`].
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

/// How the affinity graph was found.
#[derive(Debug, Clone, PartialEq)]
pub struct GraphInfo {
    /// "exact" or "hnsw".
    pub index: &'static str,
    /// Recall@k of the graph against exact neighbours (1 for the exact graph).
    pub recall: f64,
    /// Points t-SNE fitted (the rest were placed by their neighbours).
    pub fitted: usize,
}

/// t-SNE of every row of `data`, choosing graph and sampling by `plan`; `on_layout` gets
/// snapshots of all n rows.
///
/// # Errors
/// As [`tsne::fit`], the graph search, or `Cancelled`.
pub fn fit_any(
    data: ArrayView2<'_, f32>,
    params: &TsneParams,
    plan: ScalePlan,
    progress: &Progress,
    on_layout: &mut dyn FnMut(usize, &[f32]),
) -> Result<(TsneOutput, GraphInfo)> {
    let n = data.nrows();
    if n <= plan.max_points {
        let (knn, info) = graph(data, params, plan, progress)?;
        let out = tsne::fit(data, &knn, params, progress, on_layout)?;
        return Ok((out, info));
    }
    let mut rows: Vec<usize> = (0..n).collect();
    Gen::new(params.seed).shuffle(&mut rows);
    rows.truncate(plan.max_points);
    rows.sort_unstable();
    let sample = data.select(Axis(0), &rows);
    let (knn, mut info) = graph(sample.view(), params, plan, progress)?;
    let placement = place(data, &sample, &rows, progress)?;
    let mut full = vec![0.0_f32; 2 * n];
    let out = tsne::fit(sample.view(), &knn, params, progress, &mut |it, layout| {
        placement.expand(layout, &mut full);
        on_layout(it, &full);
    })?;
    let sample_xy = out.xy.as_slice().map(<[f32]>::to_vec).unwrap_or_default();
    placement.expand(&sample_xy, &mut full);
    let xy = Array2::from_shape_vec((n, 2), full).map_err(|e| {
        crate::error::PipelineError::Numerical {
            stage: "t-SNE",
            reason: e.to_string(),
        }
    })?;
    let mut warnings = out.warnings;
    warnings.push(ProjectionWarning::Sampled {
        sample: rows.len(),
        total: n,
        seed: params.seed,
        neighbours: PLACE_K,
    });
    info.fitted = rows.len();
    Ok((
        TsneOutput {
            xy,
            warnings,
            ..out
        },
        info,
    ))
}

/// The k-NN graph t-SNE needs (self excluded, nearest first).
fn graph(
    data: ArrayView2<'_, f32>,
    params: &TsneParams,
    plan: ScalePlan,
    progress: &Progress,
) -> Result<(Vec<Vec<Hit>>, GraphInfo)> {
    let n = data.nrows();
    let (perplexity, _) = tsne::usable_perplexity(params.perplexity, n);
    let k = tsne::neighbours_for(perplexity, n);
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
    // from the exact scan so t-SNE gets the neighbours it needs.
    let short: Vec<usize> = (0..n).filter(|&r| knn[r].len() < k).collect();
    if !short.is_empty() {
        let fixed = batch_knn(
            data,
            data.select(Axis(0), &short).view(),
            k + 1,
            KnnMetric::Euclidean,
            false,
            progress,
        )?;
        for (&r, mut row) in short.iter().zip(fixed) {
            row.retain(|h| h.row as usize != r);
            row.truncate(k);
            knn[r] = row;
        }
    }
    let checked = sample_rows(n, RECALL_SAMPLE);
    let exact = batch_knn(
        data,
        data.select(Axis(0), &checked).view(),
        k + 1,
        KnnMetric::Euclidean,
        false,
        progress,
    )?;
    let exact: Vec<Vec<Hit>> = exact
        .into_iter()
        .zip(&checked)
        .map(|(mut row, &r)| {
            row.retain(|h| h.row as usize != r);
            row.truncate(k);
            row
        })
        .collect();
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Three tight, far-apart clusters of `per` points in 10-D.
    fn clusters(per: usize) -> (Array2<f32>, Vec<usize>) {
        let mut g = Gen::new(5);
        let n = 3 * per;
        let labels: Vec<usize> = (0..n).map(|i| i % 3).collect();
        let x = Array2::from_shape_fn((n, 10), |(i, j)| {
            let centre = if j == labels[i] { 20.0 } else { 0.0 };
            centre + g.normal() as f32 * 0.5
        });
        (x, labels)
    }

    /// Share of points whose nearest other point on the map has the same label.
    fn label_agreement(xy: &Array2<f32>, labels: &[usize]) -> f64 {
        let knn = batch_knn(
            xy.view(),
            xy.view(),
            1,
            KnnMetric::Euclidean,
            true,
            &Progress::silent(),
        )
        .unwrap();
        let same = knn
            .iter()
            .enumerate()
            .filter(|(i, row)| labels[row[0].row as usize] == labels[*i])
            .count();
        same as f64 / labels.len() as f64
    }

    fn quick() -> TsneParams {
        TsneParams {
            perplexity: 10.0,
            iterations: 300,
            ..TsneParams::default()
        }
    }

    #[test]
    fn hnsw_graph_separates_clusters_and_reports_recall() {
        let (x, labels) = clusters(150);
        let plan = ScalePlan {
            exact_graph_max: 100,
            max_points: 10_000,
        };
        let (out, info) = fit_any(
            x.view(),
            &quick(),
            plan,
            &Progress::silent(),
            &mut |_, _| {},
        )
        .unwrap();
        assert_eq!(info.index, "hnsw");
        assert!(info.recall > 0.9, "graph recall {}", info.recall);
        assert_eq!(info.fitted, 450);
        assert_eq!(out.xy.dim(), (450, 2));
        assert!(label_agreement(&out.xy, &labels) > 0.95);
    }

    #[test]
    fn above_the_limit_a_sample_is_fitted_and_the_rest_placed_beside_it() {
        let (x, labels) = clusters(200);
        let plan = ScalePlan {
            exact_graph_max: 1_000,
            max_points: 240,
        };
        let mut snapshots = 0;
        let (out, info) = fit_any(
            x.view(),
            &quick(),
            plan,
            &Progress::silent(),
            &mut |_, l| {
                assert_eq!(l.len(), 2 * 600);
                snapshots += 1;
            },
        )
        .unwrap();
        assert_eq!(info.fitted, 240);
        assert_eq!(info.index, "exact");
        assert!(snapshots > 0);
        assert_eq!(out.xy.dim(), (600, 2));
        assert!(out.xy.iter().all(|v| v.is_finite()));
        // Placed points land among their own cluster.
        assert!(label_agreement(&out.xy, &labels) > 0.95);
        assert!(
            out.warnings
                .iter()
                .any(|w| w.to_string().contains("240 of the 600"))
        );
    }

    #[test]
    fn small_data_uses_the_exact_graph() {
        let (x, _) = clusters(20);
        let (out, info) = fit_any(
            x.view(),
            &quick(),
            ScalePlan::default(),
            &Progress::silent(),
            &mut |_, _| {},
        )
        .unwrap();
        assert_eq!(info.index, "exact");
        assert!((info.recall - 1.0).abs() < f64::EPSILON);
        assert_eq!(out.xy.nrows(), 60);
    }
}
