//! t-SNE through the `bhtsne` crate: Barnes-Hut below 10,000 points, FFT-interpolated FIt-SNE
//! (Linderman et al. 2019) from 10,000 up, always fed the app's own exact k-NN graph (the crate
//! accepts precomputed neighbours, so the vantage-point tree is never built).
//!
//! Conventions follow openTSNE / scikit-learn: perplexity 30, 1,000 iterations of which the
//! first 250 use early exaggeration 12, learning rate "auto" (max(n / 12 / 4, 50)), PCA
//! initialisation rescaled to a standard deviation of 1e-4.
//!
//! A fit runs in two steps: [`prepare`] (checks, start layout, affinities; the rows and the
//! graph are freed before the crate builds its affinities) and [`Prepared::layout`] (the two
//! optimisation phases, streamed). [`fit`] does both. How the crate is driven — affinities built
//! once and reused by both phases, Cancel by unwinding — is in the private module `tsne_run`.

use bhtsne::Neighbor;
use ndarray::{Array2, ArrayView2, CowArray, Ix2};

use super::knn_graph::KnnGraph;
use super::tsne_run;
use super::warning::ProjectionWarning;
use crate::error::{PipelineError, Result};
use crate::index::Hit;
use crate::progress::{Progress, Stage};
use crate::rng::Gen;

/// t-SNE parameters.
#[derive(Debug, Clone, PartialEq)]
pub struct TsneParams {
    /// Effective number of neighbours (clamped to (n − 1) / 3 with a warning).
    pub perplexity: f32,
    /// Iterations, the 250 of early exaggeration included.
    pub iterations: usize,
    /// Step size; `None` = auto.
    pub learning_rate: Option<f32>,
    /// Seed of the random initialisation (with `pca_init = false`).
    pub seed: u64,
    /// Start from the first two principal components (rescaled) instead of random noise.
    pub pca_init: bool,
}

impl Default for TsneParams {
    fn default() -> Self {
        Self {
            perplexity: 30.0,
            iterations: 1000,
            learning_rate: None,
            seed: 1,
            pca_init: true,
        }
    }
}

/// Points from which the FFT-interpolated gradient is used.
pub const FFT_FROM: usize = 10_000;
/// Early-exaggeration iterations.
pub(super) const EXAGGERATION_ITERATIONS: usize = 250;

/// A finished t-SNE layout.
#[derive(Debug, Clone, PartialEq)]
pub struct TsneOutput {
    /// n × 2 coordinates.
    pub xy: Array2<f32>,
    /// The perplexity actually used.
    pub perplexity: f32,
    /// "barnes-hut" or "fft".
    pub gradient: &'static str,
    /// Neighbours per point in the affinity graph.
    pub neighbours: usize,
    /// The crate's final KL divergence estimate, when it reports one.
    pub kl_divergence: Option<f32>,
    /// Things the user should know (perplexity clamped, identical points…).
    pub warnings: Vec<ProjectionWarning>,
}

/// The perplexity to use for `n` points and the warning when it had to be lowered.
#[must_use]
pub fn usable_perplexity(requested: f32, n: usize) -> (f32, Option<ProjectionWarning>) {
    // The crate requires n − 1 ≥ 3·⌊perplexity⌋ and uses 3·perplexity neighbours.
    let max = ((n.saturating_sub(1)) as f32 / 3.0).max(1.0);
    if requested > max {
        (
            max,
            Some(ProjectionWarning::PerplexityClamped {
                requested,
                used: max,
                points: n,
            }),
        )
    } else {
        (requested, None)
    }
}

/// Neighbours per point for a perplexity (3·perplexity, at most n − 1).
#[must_use]
pub fn neighbours_for(perplexity: f32, n: usize) -> usize {
    ((3.0 * perplexity) as usize).clamp(1, n.saturating_sub(1).max(1))
}

/// Fit t-SNE on `data` with the k-NN graph `knn` (each row sorted nearest first, self
/// excluded, at least [`neighbours_for`] entries, Euclidean distances). `on_layout` receives
/// `(iteration, n × 2 row-major coordinates)` snapshots while it runs.
///
/// # Errors
/// Fewer than 3 points, non-finite values, invalid parameters, a graph of the wrong shape,
/// `Cancelled`, or a failure inside the crate.
pub fn fit(
    data: ArrayView2<'_, f32>,
    knn: &[Vec<Hit>],
    params: &TsneParams,
    progress: &Progress,
    on_layout: &mut dyn FnMut(usize, &[f32]),
) -> Result<TsneOutput> {
    let n = data.nrows();
    validate(data, params)?;
    let k = neighbours_for(usable_perplexity(params.perplexity, n).0, n);
    if knn.len() != n || knn.iter().any(|row| row.len() < k) {
        return Err(graph_shape(n, k));
    }
    let graph = KnnGraph::from_rows(knn, k)?;
    prepare(data.into(), graph, params, progress)?.layout(params, progress, on_layout)
}

/// The error for a graph that does not have `n` rows of at least `k` neighbours.
fn graph_shape(n: usize, k: usize) -> PipelineError {
    PipelineError::InvalidParams(format!(
        "the neighbour graph must have {n} rows of at least {k} neighbours"
    ))
}

/// The first step of [`fit`]: checks, the start layout and the affinities. The rows and the
/// graph are freed before the affinities are built (at 100,000 rows they are 26 MB and 72 MB
/// next to the crate's ~190 MB peak).
///
/// # Errors
/// As [`fit`].
pub fn prepare(
    rows: CowArray<'_, f32, Ix2>,
    knn: KnnGraph,
    params: &TsneParams,
    progress: &Progress,
) -> Result<Prepared> {
    let n = rows.nrows();
    validate(rows.view(), params)?;
    let (perplexity, warning) = usable_perplexity(params.perplexity, n);
    let mut warnings: Vec<ProjectionWarning> = warning.into_iter().collect();
    let k = neighbours_for(perplexity, n);
    if knn.rows() != n || knn.k() < k {
        return Err(graph_shape(n, k));
    }
    let gradient = if n >= FFT_FROM { "fft" } else { "barnes-hut" };
    let mut prepared = Prepared {
        n,
        perplexity,
        gradient,
        neighbours: k,
        warnings: Vec::new(),
        fit: None,
    };
    let identical = knn
        .iter()
        .all(|row| row[..k].iter().all(|h| h.value == 0.0))
        && rows.rows().into_iter().all(|r| r == rows.row(0));
    if identical {
        warnings.push(ProjectionWarning::IdenticalPoints);
        prepared.warnings = warnings;
        return Ok(prepared);
    }
    let init = initial_layout(rows.view(), params, progress)?;
    drop(rows);
    let neighbors: Vec<Vec<Neighbor<f32>>> = knn
        .iter()
        .map(|row| {
            row[..k]
                .iter()
                .map(|h| Neighbor {
                    index: h.row as usize,
                    distance: h.value,
                })
                .collect()
        })
        .collect();
    drop(knn);
    progress.step(Stage::Project, 0, params.iterations as u64)?;
    let t = tsne_run::affinities(neighbors, perplexity, params, &init)?;
    prepared.warnings = warnings;
    prepared.fit = Some((t, init));
    Ok(prepared)
}

/// t-SNE ready to lay out ([`prepare`]d): the affinities built, the rows and the graph freed.
pub struct Prepared {
    n: usize,
    perplexity: f32,
    gradient: &'static str,
    neighbours: usize,
    warnings: Vec<ProjectionWarning>,
    /// The crate holding the affinities, and the start layout; `None` when every point is the
    /// same (the layout is one spot).
    fit: Option<(tsne_run::Fit, Vec<f32>)>,
}

impl Prepared {
    /// Run the optimisation, streaming `(iteration, n × 2 row-major)` snapshots.
    ///
    /// # Errors
    /// `Cancelled`, a failure inside the crate, or a layout that diverged.
    pub fn layout(
        self,
        params: &TsneParams,
        progress: &Progress,
        on_layout: &mut dyn FnMut(usize, &[f32]),
    ) -> Result<TsneOutput> {
        let n = self.n;
        let mut out = TsneOutput {
            xy: Array2::zeros((n, 2)),
            perplexity: self.perplexity,
            gradient: self.gradient,
            neighbours: self.neighbours,
            kl_divergence: None,
            warnings: self.warnings,
        };
        let Some((t, init)) = self.fit else {
            return Ok(out);
        };
        let (layout, kl) = tsne_run::optimise(t, init, params, progress, on_layout)?;
        let total = params.iterations as u64;
        progress.step(Stage::Project, total, total)?;
        out.xy = Array2::from_shape_vec((n, 2), layout).map_err(|e| PipelineError::Numerical {
            stage: "t-SNE",
            reason: e.to_string(),
        })?;
        if out.xy.iter().any(|v| !v.is_finite()) {
            return Err(PipelineError::Numerical {
                stage: "t-SNE",
                reason: "the layout diverged (NaN); try a smaller learning rate".to_owned(),
            });
        }
        out.kl_divergence = kl;
        Ok(out)
    }
}

/// Reject inputs the crate would panic on or produce NaN from.
fn validate(data: ArrayView2<'_, f32>, params: &TsneParams) -> Result<()> {
    let n = data.nrows();
    let invalid = |m: String| Err(PipelineError::InvalidParams(m));
    if n < 3 {
        return invalid(format!("t-SNE needs at least 3 points, found {n}"));
    }
    if let Some(r) = data
        .rows()
        .into_iter()
        .position(|r| r.iter().any(|v| !v.is_finite()))
    {
        return invalid(format!("t-SNE input row {r} has a NaN or infinite value"));
    }
    if !(params.perplexity.is_finite() && params.perplexity > 0.0) {
        return invalid(format!(
            "perplexity must be above 0, got {}",
            params.perplexity
        ));
    }
    if params.iterations == 0 {
        return invalid("t-SNE iterations must be at least 1".to_owned());
    }
    if params
        .learning_rate
        .is_some_and(|l| !(l.is_finite() && l > 0.0))
    {
        return invalid("the learning rate must be above 0".to_owned());
    }
    Ok(())
}

/// PCA (first two components of a sample, [`super::start`], rescaled to standard deviation 1e-4 along the first) or seeded
/// Gaussian noise of the same scale; row-major n × 2.
fn initial_layout(
    data: ArrayView2<'_, f32>,
    params: &TsneParams,
    progress: &Progress,
) -> Result<Vec<f32>> {
    const STD: f32 = 1e-4;
    let n = data.nrows();
    if params.pca_init && data.ncols() >= 2 {
        let xy = super::start::principal_plane(data, progress)?;
        let col = xy.column(0);
        let mean = col.sum() / n as f32;
        let sd = (col.iter().map(|v| (v - mean) * (v - mean)).sum::<f32>() / n as f32).sqrt();
        if sd > 0.0 {
            return Ok(xy.iter().map(|v| v / sd * STD).collect());
        }
    }
    let mut g = Gen::new(params.seed);
    Ok((0..n * 2).map(|_| g.normal() as f32 * STD).collect())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::progress::CancelToken;
    use crate::project::fixtures::exact_graph as graph;
    use std::time::{Duration, Instant};

    /// Three well-separated Gaussian clusters in 10 dimensions, 50 points each.
    fn clusters() -> (Array2<f32>, Vec<usize>) {
        crate::project::fixtures::clusters(50, 10.0, 1.0)
    }

    #[test]
    fn separates_clusters_and_streams_layouts() {
        let (x, labels) = clusters();
        let params = TsneParams {
            perplexity: 15.0,
            iterations: 500,
            ..TsneParams::default()
        };
        let knn = graph(&x, neighbours_for(15.0, 150));
        let mut snapshots = 0;
        let out = fit(x.view(), &knn, &params, &Progress::silent(), &mut |_, l| {
            assert_eq!(l.len(), 300);
            snapshots += 1;
        })
        .unwrap();
        assert!(snapshots >= 1);
        assert_eq!(out.gradient, "barnes-hut");
        assert!(out.warnings.is_empty());
        // Every point's nearest map neighbour is in its own cluster.
        let map_knn = graph(&out.xy, 1);
        let agree = (0..150)
            .filter(|&i| labels[map_knn[i][0].row as usize] == labels[i])
            .count();
        assert_eq!(agree, 150);
        let t = crate::project::quality::trustworthiness(x.view(), out.xy.view(), 5);
        assert!(t > 0.9, "trustworthiness {t}");
    }

    #[test]
    fn bad_inputs_are_clear_and_perplexity_is_clamped() {
        let p = Progress::silent();
        let none = &mut |_: usize, _: &[f32]| {};
        let two = Array2::<f32>::zeros((2, 3));
        let e = fit(two.view(), &[], &TsneParams::default(), &p, none).unwrap_err();
        assert_eq!(
            e.to_string(),
            "invalid parameter: t-SNE needs at least 3 points, found 2"
        );
        let mut nan = Array2::<f32>::zeros((5, 2));
        nan[[3, 1]] = f32::NAN;
        let e = fit(nan.view(), &[], &TsneParams::default(), &p, none).unwrap_err();
        assert!(e.to_string().contains("row 3 has a NaN"), "{e}");
        // 20 points cannot have perplexity 30: clamped to 19/3 with a warning.
        let (x, _) = clusters();
        let x20 = x.slice(ndarray::s![..20, ..]).to_owned();
        let params = TsneParams {
            iterations: 300,
            ..TsneParams::default()
        };
        let out = fit(x20.view(), &graph(&x20, 19), &params, &p, none).unwrap();
        assert!((out.perplexity - 19.0 / 3.0).abs() < 1e-5);
        assert_eq!(
            out.warnings[0].to_string(),
            "perplexity 30 is too large for 20 points (at most (n − 1)/3 = 6.3); using 6.3"
        );
        // Identical points: one spot, a warning, no NaN.
        let same = Array2::<f32>::ones((6, 3));
        let out = fit(same.view(), &graph(&same, 5), &params, &p, none).unwrap();
        assert!(out.xy.iter().all(|v| *v == 0.0));
        assert_eq!(
            out.warnings.last(),
            Some(&ProjectionWarning::IdenticalPoints)
        );
        // A graph of the wrong shape.
        assert!(fit(x20.view(), &graph(&x20, 2), &params, &p, none).is_err());
    }

    #[test]
    fn prepare_then_layout_with_one_phase_and_a_flat_graph() {
        let (x, labels) = clusters();
        // 200 iterations: early exaggeration only (one phase on the cached affinities).
        let params = TsneParams {
            perplexity: 10.0,
            iterations: 200,
            ..TsneParams::default()
        };
        let p = Progress::silent();
        let k = neighbours_for(10.0, 150);
        assert_eq!(k, 30);
        // A graph with more neighbours than needed is cut to k.
        let knn = KnnGraph::from_rows(&graph(&x, 40), 40).unwrap();
        let prepared = prepare(x.view().into(), knn, &params, &p).unwrap();
        let out = prepared.layout(&params, &p, &mut |_, _| {}).unwrap();
        assert_eq!((out.neighbours, out.gradient), (30, "barnes-hut"));
        assert!(out.kl_divergence.is_some_and(f32::is_finite));
        let map_knn = graph(&out.xy, 1);
        let agree = (0..150)
            .filter(|&i| labels[map_knn[i][0].row as usize] == labels[i])
            .count();
        // Still compressed by the exaggeration, but the clusters are apart (chance: a third).
        // Not 145: with the test threads sharing the pool, sums run in another order and a
        // 144 was seen once.
        assert!(agree >= 135, "{agree} of 150");
        // Too few neighbours per row, or rows missing: named in the error.
        let short = KnnGraph::from_rows(&graph(&x, 20), 20).unwrap();
        let e = prepare(x.view().into(), short, &params, &p).err().unwrap();
        assert_eq!(
            e.to_string(),
            "invalid parameter: the neighbour graph must have 150 rows of at least 30 neighbours"
        );
    }

    #[test]
    fn cancel_stops_the_fit() {
        let (x, _) = clusters();
        let knn = graph(&x, neighbours_for(30.0, 150));
        let token = CancelToken::default();
        let progress = Progress::new(token.clone(), |_, _, _| true);
        let started = Instant::now();
        let e = fit(
            x.view(),
            &knn,
            &TsneParams::default(),
            &progress,
            &mut |_, _| {
                token.cancel();
            },
        )
        .unwrap_err();
        assert!(matches!(e, PipelineError::Cancelled), "{e}");
        assert!(started.elapsed() < Duration::from_secs(2));
    }
}
