//! UMAP (McInnes, Healy & Melville 2018, "UMAP: Uniform Manifold Approximation and Projection
//! for Dimension Reduction"), written here after umap-learn 0.5: the fuzzy simplicial set of the
//! app's own k-NN graph ([`fuzzy`]), the a/b curve fit ([`curve`]) and the SGD layout
//! ([`layout`]). Defaults as umap-learn: 15 neighbours (the point itself counted), `min_dist`
//! 0.1, spread 1, 500 epochs up to 10,000 points and 200 above, 5 negative samples, learning
//! rate 1 decaying linearly, Euclidean distances (the same metric as the app's t-SNE).
//!
//! **Why not a crate.** `umap-rs` 0.4.5 can step epochs, but it is built on ndarray 0.17 and
//! rand 0.9 (the app is pinned to ndarray 0.16 by linfa and uses rand 0.10: two copies of
//! each), pulls sprs, dashmap, indicatif, tracing and typed-builder, and `panic!`s on invalid
//! input. The algorithm is a few hundred lines; written here it streams layouts, checks Cancel
//! inside an epoch, reuses the exact / HNSW graph and never panics.
//!
//! **Initialisation.** umap-learn starts from a spectral embedding of the graph; this starts
//! from the first two principal components, each rescaled to [0, 10] (umap-learn's own scale
//! for the start), plus noise of 1e-4 from the seed — the "PCA init" that umap-learn and uwot
//! offer as an alternative and that keeps the global layout as well on the data this app sees.
//! A component without spread (1-D data) is replaced by seeded uniform noise in [0, 10].
//!
//! **Threads.** Below 10,000 points the layout runs on one thread and the same seed gives the
//! same map; from there on each epoch's edges run on all cores without locks (Hogwild!, as
//! umap-learn does when no `random_state` is set) and the map depends on thread timing.
//!
//! **Size.** [`fit_any`] uses the same plan as t-SNE ([`super::scale`]): exact graph up to
//! 50,000 points, HNSW above, a 100,000-point sample fitted and the rest placed by their
//! neighbours beyond that.

pub mod curve;
pub mod fuzzy;
pub mod layout;
#[cfg(test)]
mod tests;

use ndarray::{Array2, ArrayView2, CowArray, Ix2};

use super::knn_graph::KnnGraph;
use super::scale::{GraphInfo, GraphMethod, ScalePlan, ScaledOutput, fit_scaled};
use super::warning::ProjectionWarning;
use crate::error::{ComputeError, Result};
use crate::index::Hit;
use crate::progress::{Progress, Stage};
use crate::rng::Gen;

/// UMAP parameters.
#[derive(Debug, Clone, PartialEq)]
pub struct UmapParams {
    /// Neighbours per point, the point itself counted (umap-learn's `n_neighbors`); lowered to
    /// n − 1 with a warning for small data.
    pub neighbours: usize,
    /// Smallest distance between points on the map (0 ≤ `min_dist` ≤ `spread`).
    pub min_dist: f32,
    /// Scale of the map's clusters.
    pub spread: f32,
    /// Epochs; `None` = 500 up to 10,000 points, 200 above.
    pub epochs: Option<usize>,
    /// Seed of the negative samples, the start's noise and the sample above 100k points.
    pub seed: u64,
}

impl Default for UmapParams {
    fn default() -> Self {
        Self {
            neighbours: 15,
            min_dist: 0.1,
            spread: 1.0,
            epochs: None,
            seed: 1,
        }
    }
}

/// A finished UMAP layout.
#[derive(Debug, Clone, PartialEq)]
pub struct UmapOutput {
    /// n × 2 coordinates.
    pub xy: Array2<f32>,
    /// Neighbours used (the point itself counted).
    pub neighbours: usize,
    /// Epochs run.
    pub epochs: usize,
    /// Fitted curve parameter a.
    pub a: f32,
    /// Fitted curve parameter b.
    pub b: f32,
    /// Edges of the symmetric fuzzy graph (both directions counted).
    pub edges: usize,
    /// Things the user should know (neighbours lowered, identical points, a sample…).
    pub warnings: Vec<ProjectionWarning>,
}

impl ScaledOutput for UmapOutput {
    fn xy_mut(&mut self) -> &mut Array2<f32> {
        &mut self.xy
    }
    fn warnings_mut(&mut self) -> &mut Vec<ProjectionWarning> {
        &mut self.warnings
    }
}

/// The neighbour count to use for `n` points (at most n − 1) and the warning when it had to
/// be lowered.
#[must_use]
pub fn usable_neighbours(requested: usize, n: usize) -> (usize, Option<ProjectionWarning>) {
    let max = n.saturating_sub(1).max(2);
    if requested > max {
        let warning = ProjectionWarning::NeighboursClamped {
            requested,
            used: max,
            points: n,
        };
        (max, Some(warning))
    } else {
        (requested, None)
    }
}

/// Graph neighbours (self excluded) UMAP needs for `n` points.
#[must_use]
pub fn graph_neighbours(params: &UmapParams, n: usize) -> usize {
    usable_neighbours(params.neighbours, n)
        .0
        .saturating_sub(1)
        .max(1)
}

/// umap-learn's default epochs: 500 up to 10,000 points, 200 above.
#[must_use]
pub fn default_epochs(n: usize) -> usize {
    if n <= 10_000 { 500 } else { 200 }
}

/// UMAP with its parameters, as a [`GraphMethod`].
struct Umap<'a>(&'a UmapParams);

impl GraphMethod for Umap<'_> {
    type Prepared = Prepared;
    type Output = UmapOutput;

    fn name(&self) -> &'static str {
        "UMAP"
    }
    fn seed(&self) -> u64 {
        self.0.seed
    }
    fn neighbours(&self, n: usize) -> usize {
        graph_neighbours(self.0, n)
    }
    fn prepare(
        &self,
        rows: CowArray<'_, f32, Ix2>,
        knn: KnnGraph,
        progress: &Progress,
    ) -> Result<Prepared> {
        prepare(rows.view(), &knn, self.0, progress)
    }
    fn layout(
        &self,
        prepared: Prepared,
        progress: &Progress,
        on_layout: &mut dyn FnMut(usize, &[f32]),
    ) -> Result<UmapOutput> {
        prepared.layout(self.0, progress, on_layout)
    }
}

/// UMAP of every row of `data`, choosing graph and sampling as t-SNE does (see
/// [`super::scale`]); `on_layout` gets `(epoch, n × 2 row-major)` snapshots of all n rows.
///
/// # Errors
/// As [`fit`], the graph search, or `Cancelled`.
pub fn fit_any(
    data: ArrayView2<'_, f32>,
    params: &UmapParams,
    plan: ScalePlan,
    progress: &Progress,
    on_layout: &mut dyn FnMut(usize, &[f32]),
) -> Result<(UmapOutput, GraphInfo)> {
    // Validate before the graph search so bad input fails fast with UMAP's own message.
    validate(data, params)?;
    fit_scaled(data, &Umap(params), plan, progress, on_layout)
}

/// Fit UMAP on `data` with the k-NN graph `knn` (each row sorted nearest first, self
/// excluded, at least [`graph_neighbours`] entries, Euclidean distances). `on_layout` receives
/// `(epoch, n × 2 row-major coordinates)` snapshots while it runs.
///
/// # Errors
/// Fewer than 3 points, non-finite values, invalid parameters, a graph of the wrong shape,
/// `Cancelled`, or a layout that diverged.
pub fn fit(
    data: ArrayView2<'_, f32>,
    knn: &[Vec<Hit>],
    params: &UmapParams,
    progress: &Progress,
    on_layout: &mut dyn FnMut(usize, &[f32]),
) -> Result<UmapOutput> {
    let n = data.nrows();
    validate(data, params)?;
    let k = graph_neighbours(params, n);
    if knn.len() != n || knn.iter().any(|row| row.len() < k) {
        return Err(graph_shape(n, k));
    }
    let graph = KnnGraph::from_rows(knn, k)?;
    prepare(data, &graph, params, progress)?.layout(params, progress, on_layout)
}

/// The error for a graph that does not have `n` rows of at least `k` neighbours.
fn graph_shape(n: usize, k: usize) -> ComputeError {
    ComputeError::InvalidParams(format!(
        "the neighbour graph must have {n} rows of at least {k} neighbours"
    ))
}

/// UMAP ready to lay out: the fuzzy graph's edges and the start layout (the rows and their
/// k-NN graph are no longer needed).
#[derive(Debug)]
pub struct Prepared {
    /// The output without its layout (`xy` zeros), warnings and edge count set.
    out: UmapOutput,
    /// `None` when every point is the same (the layout is one spot).
    fit: Option<(fuzzy::Edges, Vec<f32>)>,
}

/// The first step of [`fit`]: checks, the fuzzy graph and the start layout.
///
/// # Errors
/// As [`fit`].
pub fn prepare(
    data: ArrayView2<'_, f32>,
    knn: &KnnGraph,
    params: &UmapParams,
    progress: &Progress,
) -> Result<Prepared> {
    let n = data.nrows();
    validate(data, params)?;
    let (neighbours, warning) = usable_neighbours(params.neighbours, n);
    let mut warnings: Vec<ProjectionWarning> = warning.into_iter().collect();
    let k = graph_neighbours(params, n);
    if knn.rows() != n || knn.k() < k {
        return Err(graph_shape(n, k));
    }
    let epochs = params.epochs.unwrap_or_else(|| default_epochs(n));
    let (a, b) = curve::find_ab(params.min_dist, params.spread);
    let mut out = UmapOutput {
        xy: Array2::zeros((n, 2)),
        neighbours,
        epochs,
        a,
        b,
        edges: 0,
        warnings: Vec::new(),
    };
    if data.rows().into_iter().all(|r| r == data.row(0)) {
        warnings.push(ProjectionWarning::IdenticalPoints);
        out.warnings = warnings;
        return Ok(Prepared { out, fit: None });
    }
    progress.step(Stage::Project, 0, epochs as u64)?;
    if knn.iter().flatten().any(|h| !h.value.is_finite()) {
        return Err(ComputeError::InvalidParams(
            "UMAP: some distances between points are not finite (coordinates too large?)".into(),
        ));
    }
    let edges = fuzzy::fuzzy_graph(knn, k + 1);
    if edges.head.is_empty() {
        return Err(ComputeError::InvalidParams(
            "UMAP: the neighbour graph has no edges to lay out".into(),
        ));
    }
    let xy = initial_layout(data, params.seed, progress)?;
    out.edges = edges.head.len();
    out.warnings = warnings;
    Ok(Prepared {
        out,
        fit: Some((edges, xy)),
    })
}

impl Prepared {
    /// Run the SGD layout, streaming `(epoch, n × 2 row-major)` snapshots.
    ///
    /// # Errors
    /// `Cancelled`, or a layout that diverged.
    pub fn layout(
        self,
        params: &UmapParams,
        progress: &Progress,
        on_layout: &mut dyn FnMut(usize, &[f32]),
    ) -> Result<UmapOutput> {
        let mut out = self.out;
        let Some((edges, mut xy)) = self.fit else {
            return Ok(out);
        };
        let n = out.xy.nrows();
        let sgd = layout::Sgd {
            a: out.a,
            b: out.b,
            epochs: out.epochs,
            seed: params.seed,
            parallel: n >= layout::PARALLEL_FROM,
        };
        layout::optimise(edges, &mut xy, sgd, progress, on_layout)?;
        if xy.iter().any(|v| !v.is_finite()) {
            return Err(ComputeError::Numerical {
                stage: "UMAP",
                reason: "the layout diverged (NaN)".to_owned(),
            });
        }
        out.xy = Array2::from_shape_vec((n, 2), xy).map_err(|e| ComputeError::Numerical {
            stage: "UMAP",
            reason: e.to_string(),
        })?;
        Ok(out)
    }
}

/// Reject inputs that cannot give a layout.
fn validate(data: ArrayView2<'_, f32>, params: &UmapParams) -> Result<()> {
    let n = data.nrows();
    let invalid = |m: String| Err(ComputeError::InvalidParams(m));
    if n < 3 {
        return invalid(format!("UMAP needs at least 3 points, found {n}"));
    }
    if data.ncols() == 0 {
        return invalid("UMAP needs at least one column".to_owned());
    }
    if let Some(r) = data
        .rows()
        .into_iter()
        .position(|r| r.iter().any(|v| !v.is_finite()))
    {
        return invalid(format!("UMAP input row {r} has a NaN or infinite value"));
    }
    if params.neighbours < 2 {
        return invalid(format!(
            "UMAP needs at least 2 neighbours (the point itself counted), got {}",
            params.neighbours
        ));
    }
    if !(params.spread.is_finite() && params.spread > 0.0) {
        return invalid(format!("spread must be above 0, got {}", params.spread));
    }
    if !(params.min_dist.is_finite() && (0.0..=params.spread).contains(&params.min_dist)) {
        return invalid(format!(
            "min_dist must be between 0 and the spread ({}), got {}",
            params.spread, params.min_dist
        ));
    }
    if params.epochs == Some(0) {
        return invalid("UMAP epochs must be at least 1".to_owned());
    }
    Ok(())
}

/// The first two principal components ([`super::start`]), each rescaled to [0, 10], plus noise of 1e-4 from the
/// seed; a component without spread becomes seeded uniform noise in [0, 10]. Row-major n × 2.
fn initial_layout(data: ArrayView2<'_, f32>, seed: u64, progress: &Progress) -> Result<Vec<f32>> {
    let n = data.nrows();
    let mut xy = super::start::principal_plane(data, progress)?;
    let mut g = Gen::new(seed);
    for mut col in xy.columns_mut() {
        let lo = col.iter().copied().fold(f32::INFINITY, f32::min);
        let hi = col.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        if hi - lo > f32::EPSILON * hi.abs().max(lo.abs()).max(1.0) {
            col.mapv_inplace(|v| 10.0 * (v - lo) / (hi - lo));
        } else {
            col.iter_mut().for_each(|v| *v = 10.0 * g.u01() as f32);
        }
    }
    let mut flat = Vec::with_capacity(2 * n);
    for row in xy.rows() {
        for &v in row {
            flat.push(v + (g.normal() * 1e-4) as f32);
        }
    }
    Ok(flat)
}
