//! A run whose vectors are a dimension-reduced copy of another run's ([`crate::project::reduce`]):
//! the items and the placed users go through the same linear map (so users stay the means of
//! their items and zero rows stay zero), and the map, the exact index and the PCA are rebuilt
//! on the copy. The copy remembers the run it was made from, so the full vectors come back
//! without recomputing, and it is never saved in the workspace (its `run_id` is `None`).

use std::sync::Arc;
use std::time::Instant;

use ndarray::Axis;

use super::progress::{Progress, Stage};
use super::{RunOutput, StageTiming};
use crate::embed::Embeddings;
use crate::pipeline::error::Result;
use crate::project::Pca;
use crate::project::reduce::{self, ReduceParams};

/// What a reduced copy was made from and how.
#[derive(Debug, Clone)]
pub struct ReducedCopy {
    /// The reduction and its k.
    pub params: ReduceParams,
    /// The run with the full vectors.
    pub from: Arc<RunOutput>,
}

impl ReducedCopy {
    /// The full vectors' dimension.
    #[must_use]
    pub fn from_dim(&self) -> usize {
        self.from.embeddings.items.ncols()
    }
}

/// `base`'s run with its vectors reduced by `params` (fitted on the item vectors). When `base`
/// is itself a reduced copy, its full vectors are reduced instead.
///
/// # Errors
/// k = 0 or above the vectors' dimension or rows, a failing fit, or `Cancelled`.
pub fn reduced_run(
    base: &Arc<RunOutput>,
    params: &ReduceParams,
    progress: &Progress,
) -> Result<RunOutput> {
    let base = match &base.reduced {
        Some(r) => Arc::clone(&r.from),
        None => Arc::clone(base),
    };
    let start = Instant::now();
    let full = &base.embeddings;
    progress.step(Stage::Embed, 0, 2)?;
    let reducer = reduce::fit(full.items.view(), params, progress)?;
    let items = reducer.transform(full.items.view(), progress)?;
    progress.step(Stage::Embed, 1, 2)?;
    let users = reducer.transform(full.users.view(), progress)?;
    let embed_ms = start.elapsed().as_secs_f64() * 1e3;
    let embeddings = Embeddings {
        method: full.method,
        items: Arc::new(items),
        users,
        user_placed: full.user_placed.clone(),
        dim_names: (1..=params.dim)
            .map(|i| format!("{} {i}", params.reduction.as_str()))
            .collect(),
        raw_units: Vec::new(),
        text_model: full.text_model.clone(),
    };
    progress.step(Stage::Index, 0, 1)?;
    let clock = Instant::now();
    let user_rows: Vec<usize> = base.points[base.data.items.len()..]
        .iter()
        .map(|p| p.row as usize)
        .collect();
    let index = super::index_points(&embeddings, &user_rows, &base.stats)?;
    let index_ms = clock.elapsed().as_secs_f64() * 1e3;
    progress.step(Stage::Project, 0, 1)?;
    let clock = Instant::now();
    let pca = Pca::fit(&embeddings.items)?;
    let xy = pca.transform(index.data(), (0, 1))?;
    let project_ms = clock.elapsed().as_secs_f64() * 1e3;
    progress.step(Stage::Project, 1, 1)?;
    debug_assert_eq!(embeddings.items.len_of(Axis(0)), base.data.items.len());
    Ok(RunOutput {
        data: Arc::clone(&base.data),
        embeddings,
        points: base.points.clone(),
        index,
        pca,
        xy,
        timings: vec![
            StageTiming {
                stage: Stage::Embed,
                millis: embed_ms,
            },
            StageTiming {
                stage: Stage::Index,
                millis: index_ms,
            },
            StageTiming {
                stage: Stage::Project,
                millis: project_ms,
            },
        ],
        stats: base.stats.clone(),
        run_id: None,
        saved_tsne: None,
        saved_umap: None,
        reduced: Some(ReducedCopy {
            params: *params,
            from: base,
        }),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::reduce::Reduction;

    #[test]
    fn the_copy_has_k_columns_keeps_points_and_remembers_the_full_run() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data/cafes");
        let run = super::super::run(&super::super::RunParams::new(root), &Progress::silent());
        let base = Arc::new(run.unwrap());
        let params = ReduceParams {
            reduction: Reduction::Gaussian,
            dim: 2,
            seed: 1,
        };
        let copy = Arc::new(reduced_run(&base, &params, &Progress::silent()).unwrap());
        assert_eq!(copy.embeddings.items.ncols(), 2);
        assert_eq!(copy.embeddings.users.ncols(), 2);
        assert_eq!(copy.points, base.points);
        assert_eq!(copy.index.dim(), 2);
        assert_eq!(copy.xy.nrows(), base.xy.nrows());
        assert_eq!(copy.embeddings.method, base.embeddings.method);
        let r = copy.reduced.as_ref().unwrap();
        assert!(Arc::ptr_eq(&r.from, &base));
        assert_eq!(r.from_dim(), 4);
        // A copy of a copy reduces the full vectors again.
        let again = reduced_run(
            &copy,
            &ReduceParams { dim: 3, ..params },
            &Progress::silent(),
        )
        .unwrap();
        assert!(Arc::ptr_eq(&again.reduced.unwrap().from, &base));
        assert_eq!(again.embeddings.items.ncols(), 3);
        // Users without a vector stay at zero.
        for (row, placed) in base.embeddings.user_placed.iter().enumerate() {
            if !placed {
                assert!(copy.embeddings.users.row(row).iter().all(|v| *v == 0.0));
            }
        }
        // k above the dimension is an error, not a panic.
        assert!(
            reduced_run(
                &base,
                &ReduceParams { dim: 5, ..params },
                &Progress::silent()
            )
            .is_err()
        );
    }
}
