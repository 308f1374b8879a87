//! t-SNE at any size: one entry point, [`fit_any`], used by the GUI and the CLI. The size plan
//! (exact k-NN graph up to 50,000 points, HNSW above, a 100,000-point sample fitted and the
//! rest placed by their neighbours beyond that) is shared with UMAP and lives in
//! [`super::scale`]; FFT t-SNE on 1M points would take tens of minutes here, and the map could
//! not settle visibly.

use ndarray::{Array2, ArrayView2, CowArray, Ix2};

use super::knn_graph::KnnGraph;
pub use super::scale::{GraphInfo, PLACE_K, ScalePlan};
use super::scale::{GraphMethod, ScaledOutput, fit_scaled};
use super::tsne::{self, Prepared, TsneOutput, TsneParams};
use super::warning::ProjectionWarning;
use crate::error::Result;
use crate::progress::Progress;

impl ScaledOutput for TsneOutput {
    fn xy_mut(&mut self) -> &mut Array2<f32> {
        &mut self.xy
    }
    fn warnings_mut(&mut self) -> &mut Vec<ProjectionWarning> {
        &mut self.warnings
    }
}

/// t-SNE with its parameters, as a [`GraphMethod`].
struct Tsne<'a>(&'a TsneParams);

impl GraphMethod for Tsne<'_> {
    type Prepared = Prepared;
    type Output = TsneOutput;

    fn name(&self) -> &'static str {
        "t-SNE"
    }
    fn seed(&self) -> u64 {
        self.0.seed
    }
    fn neighbours(&self, n: usize) -> usize {
        let (perplexity, _) = tsne::usable_perplexity(self.0.perplexity, n);
        tsne::neighbours_for(perplexity, n)
    }
    fn prepare(
        &self,
        rows: CowArray<'_, f32, Ix2>,
        knn: KnnGraph,
        progress: &Progress,
    ) -> Result<Prepared> {
        tsne::prepare(rows, knn, self.0, progress)
    }
    fn layout(
        &self,
        prepared: Prepared,
        progress: &Progress,
        on_layout: &mut dyn FnMut(usize, &[f32]),
    ) -> Result<TsneOutput> {
        prepared.layout(self.0, progress, on_layout)
    }
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
    fit_scaled(data, &Tsne(params), plan, progress, on_layout)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::knn::{KnnMetric, batch_knn};

    /// Three tight, far-apart clusters of `per` points in 10-D.
    fn clusters(per: usize) -> (Array2<f32>, Vec<usize>) {
        crate::project::fixtures::clusters(per, 20.0, 0.5)
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
