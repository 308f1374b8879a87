//! The two sides of a run comparison: a run read back from the workspace by id, or a run
//! computed on the fly for a dataset and a method (and saved, so it gets an id). The comparison
//! itself is [`crate::eval::compare::compare`].
//!
//! A stored run knows its items' ids (kept beside its vectors by [`saved::save`]), so it can be
//! compared after its dataset's files have changed — the before/after-retraining case. Runs
//! saved before the ids were kept read them from the dataset files, which must then still be
//! the bytes the run was computed from (same fingerprint).

use std::path::{Path, PathBuf};
use std::sync::Arc;

use ndarray::Array2;

use super::progress::Progress;
use super::saved::{self, Extra};
use super::{RunOutput, RunParams};
use crate::data::StrColumn;
use crate::data::formats::{self, Format};
use crate::embed::als::AlsParams;
use crate::embed::{EmbedParams, Method};
use crate::eval::compare::RunItems;
use crate::pipeline::error::{PipelineError, Result};
use crate::store::StoreError;
use crate::store::{StoredRun, Workspace};

/// One side of a comparison, owned.
#[derive(Debug, Clone)]
pub struct ComparedRun {
    /// The run's id in the workspace (`None` when nothing is kept).
    pub run_id: Option<i64>,
    /// Its embedding method.
    pub method: Method,
    /// Its dataset (as saved: the folder or file).
    pub dataset: PathBuf,
    /// Whether the vectors were read back from the workspace rather than computed now.
    pub cached: bool,
    /// Item ids, one per row of `vectors`.
    pub ids: StrColumn,
    /// Item titles.
    pub titles: StrColumn,
    /// Item categories, when the dataset has them.
    pub categories: Option<StrColumn>,
    /// Item vectors (shared with the run they come from, not copied).
    pub vectors: Arc<Array2<f32>>,
}

impl ComparedRun {
    /// The view [`crate::eval::compare::compare`] reads.
    #[must_use]
    pub fn items(&self) -> RunItems<'_> {
        RunItems {
            ids: &self.ids,
            titles: &self.titles,
            categories: self.categories.as_ref(),
            vectors: self.vectors.view(),
        }
    }

    /// A finished run's items.
    #[must_use]
    pub fn from_output(out: &RunOutput, run_id: Option<i64>, dataset: PathBuf) -> Self {
        let items = &out.data.items;
        Self {
            run_id,
            method: out.embeddings.method,
            dataset,
            cached: false,
            ids: items.ids.clone(),
            titles: items.names.clone(),
            categories: items.categories.clone(),
            vectors: Arc::clone(&out.embeddings.items),
        }
    }
}

/// The embedder a method name stands for when a run is computed on the fly: the GUI's
/// settings (ALS as [`AlsParams::default`]: 32 factors and α = 2, quick enough to feel live),
/// so a run made in the app and one made here share their workspace key.
#[must_use]
pub fn default_params(method: Method) -> EmbedParams {
    let als = AlsParams::default();
    match method {
        Method::Features => EmbedParams::default(),
        Method::Als => EmbedParams::Als(als),
        Method::Content => EmbedParams::Content(crate::embed::tfidf_svd::TfidfSvdParams::default()),
        Method::Hybrid => EmbedParams::Hybrid(crate::embed::hybrid::HybridParams {
            als,
            ..crate::embed::hybrid::HybridParams::default()
        }),
        Method::Item2Vec => {
            EmbedParams::Item2Vec(crate::embed::item2vec::Item2VecParams::default())
        }
        Method::Imported => EmbedParams::Imported,
        // No model is chosen by default: the caller names the folder (`--model DIR`, the GUI's
        // model picker); without one the run says so.
        Method::TextModel => {
            EmbedParams::TextModel(crate::embed::text_model::TextModelParams::default())
        }
    }
}

/// Run `id` of the workspace, with its items' ids, titles and categories.
///
/// # Errors
/// No such run; a damaged run; an old run (saved without ids) whose dataset cannot be read
/// or has changed since.
pub fn stored(ws: &Workspace, id: i64) -> Result<ComparedRun> {
    let run = ws.run(id)?;
    let bad = |what: String| {
        PipelineError::Store(StoreError::Malformed {
            path: ws
                .path()
                .map_or_else(|| PathBuf::from(":memory:"), Path::to_path_buf),
            what: format!("run {id}: {what}"),
        })
    };
    let Some(method) = saved::method_named(&run.info.method) else {
        return Err(bad(format!("unknown method \"{}\"", run.info.method)));
    };
    let extra: Option<Extra> = serde_json::from_str(&run.extra_json).ok();
    let (ids, titles, categories) = match extra {
        Some(e) if !e.item_ids.is_empty() => {
            let titles = if e.item_titles.is_empty() {
                e.item_ids.clone()
            } else {
                e.item_titles
            };
            (e.item_ids, titles, e.item_categories)
        }
        _ => items_from_files(ws, &run)?,
    };
    let rows = run.items.nrows();
    if ids.len() != rows
        || titles.len() != rows
        || categories.as_ref().is_some_and(|c| c.len() != rows)
    {
        return Err(bad(format!(
            "{rows} item vectors but {} ids and {} titles",
            ids.len(),
            titles.len()
        )));
    }
    Ok(ComparedRun {
        run_id: Some(id),
        method,
        dataset: run.info.dataset_path.clone(),
        cached: true,
        ids,
        titles,
        categories,
        vectors: Arc::new(run.items),
    })
}

type ItemColumns = (StrColumn, StrColumn, Option<StrColumn>);

/// Ids, titles and categories of a run saved without them, from its dataset's files — which
/// must be the bytes the run was computed from.
fn items_from_files(ws: &Workspace, run: &StoredRun) -> Result<ItemColumns> {
    let params: serde_json::Value = serde_json::from_str(&run.info.params_json).unwrap_or_default();
    let format = params["format"]
        .as_str()
        .and_then(|f| f.replace('_', "-").parse::<Format>().ok());
    let limit = params["limit"].as_u64().map(|l| l as usize);
    let path = &run.info.dataset_path;
    let now = ws.fingerprint(path).map_err(PipelineError::Store)?;
    if now.fingerprint != run.info.fingerprint {
        return Err(PipelineError::InvalidParams(format!(
            "run {} was saved without its item ids, and its dataset {} has changed since, so its rows cannot be matched to items (compute it again with embedscope run or compare --dataset)",
            run.info.id,
            path.display()
        )));
    }
    let data = formats::load_with(path, format, limit)?;
    let items = data.items;
    Ok((items.ids, items.names, items.categories))
}

/// Compute (or read back) the run of `embed` on `dataset`. With a workspace, a run of the
/// same bytes and params is read back; otherwise it is computed and saved. The second value
/// is a save that failed (the comparison goes on without an id).
///
/// # Errors
/// The dataset cannot be loaded; the method cannot run on it; `Cancelled`.
pub fn computed(
    ws: Option<&mut Workspace>,
    dataset: &Path,
    format: Option<Format>,
    embed: EmbedParams,
    progress: &Progress,
) -> Result<(ComparedRun, Option<StoreError>)> {
    let root = formats::dataset_root(dataset);
    let shown = std::fs::canonicalize(&root).unwrap_or_else(|_| root.clone());
    let data = Arc::new(formats::load_with(dataset, format, None)?);
    let embed = embed.resolved()?;
    let method = embed.method();
    let key = saved::params_json(&embed, format, None);
    let fingerprint = ws
        .as_ref()
        .and_then(|w| w.fingerprint(&root).ok())
        .map(|f| f.fingerprint);
    if let (Some(w), Some(fp)) = (ws.as_ref(), &fingerprint)
        && let Ok(Some(run)) = w.load_run(fp, &key)
        && run.items.nrows() == data.items.len()
    {
        let mut side = ComparedRun::without_vectors(&data, method, Some(run.info.id), shown);
        side.vectors = Arc::new(run.items);
        side.cached = true;
        return Ok((side, None));
    }
    let params = RunParams {
        embed,
        loaded: Some(Arc::clone(&data)),
        ..RunParams::new(dataset)
    };
    let out = super::run(&params, progress)?;
    let (run_id, failed) = match (ws, &fingerprint) {
        (Some(w), Some(fp)) => match saved::save(w, fp, &shown, &key, &out) {
            Ok(id) => (Some(id), None),
            Err(e) => (None, Some(e)),
        },
        _ => (None, None),
    };
    Ok((ComparedRun::from_output(&out, run_id, shown), failed))
}

impl ComparedRun {
    /// Ids, titles and categories of `data`, with no vectors yet.
    fn without_vectors(
        data: &crate::data::Dataset,
        method: Method,
        run_id: Option<i64>,
        dataset: PathBuf,
    ) -> Self {
        Self {
            run_id,
            method,
            dataset,
            cached: false,
            ids: data.items.ids.clone(),
            titles: data.items.names.clone(),
            categories: data.items.categories.clone(),
            vectors: Arc::new(Array2::zeros((0, 0))),
        }
    }
}

/// The runs saved in the workspace at `location`, newest first (for a picker; opens its own
/// connection, so call it on the worker).
///
/// # Errors
/// The workspace cannot be opened or read.
pub fn saved_runs(location: &crate::store::Location) -> Result<Vec<crate::store::RunInfo>> {
    Ok(location.connect()?.list_runs()?)
}

/// Compare runs `a` and `b` saved in the workspace at `location` (B aligned onto A), on its
/// own connection.
///
/// # Errors
/// No such run, a damaged run, or `Cancelled`.
pub fn compare_saved(
    location: &crate::store::Location,
    a: i64,
    b: i64,
    params: &crate::eval::compare::CompareParams,
    progress: &Progress,
) -> Result<crate::eval::compare::Comparison> {
    let ws = location.connect()?;
    let run_a = stored(&ws, a)?;
    let run_b = stored(&ws, b)?;
    Ok(crate::eval::compare::compare(
        &run_a.items(),
        &run_b.items(),
        params,
        progress,
    )?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_finished_run_lends_its_vectors_without_copying() {
        let cafes = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data/cafes");
        let out = super::super::run(&RunParams::new(&cafes), &Progress::silent()).unwrap();
        let side = ComparedRun::from_output(&out, Some(3), cafes);
        assert!(Arc::ptr_eq(&side.vectors, &out.embeddings.items));
        assert_eq!(side.items().vectors.dim(), (147, out.embeddings.dim()));
        assert_eq!(&side.ids[0], "c001");
    }
}
