//! Runs in the workspace: the key a run is saved under, saving a finished [`RunOutput`], and
//! rebuilding one from a [`StoredRun`] without recomputing the vectors or the map.
//!
//! The key is the dataset's fingerprint plus [`params_json`]: the embedder and its parameters,
//! the format and row limit the dataset was read with, and this build's version (a new version
//! may compute differently, so its runs are not mixed with older ones).

use std::path::Path;
use std::sync::Arc;

use ndarray::Array2;

mod layout;
mod layout_meta;
#[cfg(test)]
mod layout_tests;

pub use layout::{Finished, FinishedTsne, FinishedUmap, SavedLayout, next_generation, save_layout};

use super::RunOutput;
use crate::data::formats::Format;
use crate::data::{Dataset, Kind, PointRef, StrColumn};
use crate::embed::{EmbedParams, Embeddings, Method};
use crate::pipeline::error::{PipelineError, Result};
use crate::project::Pca;
use crate::store::StoreError;
use crate::store::{Fingerprint, NewRun, StoredRun, Workspace};

/// The params half of a run's key, as compact JSON text.
#[must_use]
pub fn params_json(embed: &EmbedParams, format: Option<Format>, limit: Option<usize>) -> String {
    serde_json::json!({
        "embedscope": env!("CARGO_PKG_VERSION"),
        "embed": embed,
        "format": format,
        "limit": limit,
        "projection": "pca",
    })
    .to_string()
}

/// What [`save`] keeps beside the arrays so [`restore`] can rebuild the [`Embeddings`], and
/// the items' ids, titles and categories, so that a run can be compared with another (see
/// [`super::compare`]) even after its dataset's files have changed. Runs saved before the item
/// fields existed read them as empty.
#[derive(serde::Serialize, serde::Deserialize)]
pub(crate) struct Extra {
    dim_names: Vec<String>,
    raw_units: Vec<(f64, f64)>,
    /// Item ids, one per item row.
    #[serde(default)]
    pub(crate) item_ids: StrColumn,
    /// Item titles; empty when every title is its id (word vectors).
    #[serde(default)]
    pub(crate) item_titles: StrColumn,
    /// Item categories, when the dataset has them.
    #[serde(default)]
    pub(crate) item_categories: Option<StrColumn>,
    /// The text model's report, for runs of the text model.
    #[serde(default)]
    pub(crate) text_model: Option<crate::embed::text_model::TextModelReport>,
}

/// Save a finished run (vectors, the PCA map, the summary) under `fingerprint` + `params_json`;
/// returns the run id.
///
/// # Errors
/// The workspace could not write (nothing is saved then).
pub fn save(
    ws: &mut Workspace,
    fingerprint: &Fingerprint,
    dataset: &Path,
    params_json: &str,
    out: &RunOutput,
) -> std::result::Result<i64, StoreError> {
    let json = |v: serde_json::Result<String>| v.map_err(|e| StoreError::Invalid(e.to_string()));
    let metrics = json(serde_json::to_string(&out.summary()))?;
    let items = &out.data.items;
    let extra = json(serde_json::to_string(&Extra {
        dim_names: out.embeddings.dim_names.clone(),
        raw_units: out.embeddings.raw_units.clone(),
        item_ids: items.ids.clone(),
        item_titles: if items.names == items.ids {
            StrColumn::default()
        } else {
            items.names.clone()
        },
        item_categories: items.categories.clone(),
        text_model: out.embeddings.text_model.clone(),
    }))?;
    ws.save_run(&NewRun {
        fingerprint,
        dataset_path: dataset,
        params_json,
        method: out.embeddings.method.as_str(),
        items: out.embeddings.items.view(),
        users: out.embeddings.users.view(),
        user_placed: &out.embeddings.user_placed,
        projections: &[("pca", out.xy.view())],
        metrics_json: &metrics,
        extra_json: &extra,
    })
}

/// The method named `name` by [`Method::as_str`].
pub(crate) fn method_named(name: &str) -> Option<Method> {
    [
        Method::Features,
        Method::Als,
        Method::Content,
        Method::Hybrid,
        Method::Item2Vec,
        Method::Imported,
        Method::TextModel,
    ]
    .into_iter()
    .find(|m| m.as_str() == name)
}

/// Rebuild the [`RunOutput`] of a stored run on its dataset `data` (loaded from the files with
/// the run's fingerprint): vectors and map as saved; the index, the PCA axes (for other axis
/// pairs) and the interaction stats are cheap and recomputed. `timings` is empty.
///
/// # Errors
/// The stored run does not fit `data` (other sizes) or names an unknown method.
pub fn restore(data: Arc<Dataset>, run: &StoredRun) -> Result<RunOutput> {
    let bad = |what: String| {
        PipelineError::Store(StoreError::Malformed {
            path: run.info.dataset_path.clone(),
            what: format!("run {}: {what}", run.info.id),
        })
    };
    let Some(method) = method_named(&run.info.method) else {
        return Err(bad(format!("unknown method \"{}\"", run.info.method)));
    };
    if run.items.nrows() != data.items.len() || run.users.nrows() != data.users.len() {
        return Err(bad(format!(
            "saved for {} items and {} users, the dataset has {} and {}",
            run.items.nrows(),
            run.users.nrows(),
            data.items.len(),
            data.users.len()
        )));
    }
    let extra: Extra = serde_json::from_str(&run.extra_json).unwrap_or(Extra {
        dim_names: Vec::new(),
        raw_units: Vec::new(),
        item_ids: StrColumn::default(),
        item_titles: StrColumn::default(),
        item_categories: None,
        text_model: None,
    });
    let embeddings = Embeddings {
        method,
        items: run.items.clone().into(),
        users: run.users.clone(),
        user_placed: run.user_placed.clone(),
        dim_names: extra.dim_names,
        raw_units: extra.raw_units,
        text_model: extra.text_model,
    };
    let mut points: Vec<PointRef> = (0..data.items.len() as u32)
        .map(|row| PointRef {
            kind: Kind::Item,
            row,
        })
        .collect();
    let user_rows: Vec<usize> = (0..embeddings.user_placed.len())
        .filter(|&r| embeddings.user_placed[r])
        .collect();
    points.extend(user_rows.iter().map(|&r| PointRef {
        kind: Kind::User,
        row: r as u32,
    }));
    let stats = crate::data::stats::InteractionStats::of(&data);
    let index =
        super::index_points(&embeddings, &user_rows, &stats).map_err(|e| bad(e.to_string()))?;
    let pca = Pca::fit(&embeddings.items)?;
    let xy: Array2<f32> = match run.projection("pca") {
        Some(xy) if xy.dim() == (points.len(), 2) => xy.clone(),
        _ => pca.transform(index.data(), (0, 1))?,
    };
    let points_len = points.len();
    Ok(RunOutput {
        data,
        embeddings,
        points,
        index,
        pca,
        xy,
        timings: Vec::new(),
        stats,
        run_id: Some(run.info.id),
        saved_tsne: layout::stored_tsne(run, points_len),
        saved_umap: layout::stored_umap(run, points_len),
        reduced: None,
    })
}

/// [`super::run`] through the workspace at `location`: a run of the same dataset bytes with the
/// same params is read back (vectors, map and any saved t-SNE or UMAP) instead of recomputed; a new run
/// is saved. The workspace never stops a run: if it cannot be opened, read or written, the run
/// is computed (and not kept) and the reason is logged once.
///
/// # Errors
/// As [`super::run`].
pub fn run_in_workspace(
    params: &super::RunParams,
    location: &crate::store::Location,
    progress: &super::progress::Progress,
) -> Result<RunOutput> {
    let log =
        |what: &str, e: &dyn std::fmt::Display| eprintln!("embedscope: workspace {what}: {e}");
    let mut ws = match location.connect() {
        Ok(w) => w,
        Err(e) => {
            log("unavailable", &e);
            return super::run(params, progress);
        }
    };
    // A text model is keyed by the hash of its weights, read here in the worker.
    let resolved;
    let params = if matches!(
        params.embed,
        EmbedParams::TextModel(_) | EmbedParams::Hybrid(_)
    ) {
        resolved = super::RunParams {
            embed: params.embed.clone().resolved()?,
            ..params.clone()
        };
        &resolved
    } else {
        params
    };
    let root = crate::data::formats::dataset_root(&params.dataset);
    let key = params_json(&params.embed, None, None);
    // Reading every byte of a large dataset takes a while: it fills the load bar, and Cancel
    // stops it.
    let mut on_bytes = |done, total| {
        progress
            .step(super::progress::Stage::Load, done, total)
            .is_ok()
    };
    let fingerprint = match ws.fingerprint_with(&root, &mut on_bytes) {
        Ok(Some(f)) => Some(f.fingerprint),
        Ok(None) => return Err(PipelineError::Cancelled),
        Err(e) => {
            log("fingerprint", &e);
            None
        }
    };
    if let Some(fp) = &fingerprint {
        match ws.load_run(fp, &key) {
            Ok(Some(stored)) => {
                progress.step(super::progress::Stage::Load, 0, 1)?;
                let data = match &params.loaded {
                    Some(d) => Arc::clone(d),
                    None => Arc::new(crate::data::formats::load(&params.dataset, None)?),
                };
                match restore(data, &stored) {
                    Ok(out) => return Ok(out),
                    Err(e) => log("run could not be restored, recomputing", &e),
                }
            }
            Ok(None) => {}
            Err(e) => log("read", &e),
        }
    }
    let mut out = super::run(params, progress)?;
    if let Some(fp) = &fingerprint {
        // Shown while the run is written (no steps within it; Cancel no longer applies: the
        // run is done). A cancel pressed just now is the caller's to handle.
        let _ = progress.step(super::progress::Stage::Save, 0, 1);
        match save(&mut ws, fp, &root, &key, &out) {
            Ok(id) => out.run_id = Some(id),
            Err(e) => log("save", &e),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::progress::Progress;
    use crate::pipeline::{RunParams, run};

    fn cafes() -> std::path::PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data/cafes")
    }

    #[test]
    fn params_json_names_method_version_format_and_limit() {
        let p = params_json(&EmbedParams::default(), Some(Format::Native), Some(10));
        let v: serde_json::Value = serde_json::from_str(&p).unwrap();
        assert_eq!(v["embed"]["method"], "features");
        assert_eq!(v["format"], "native");
        assert_eq!(v["limit"], 10);
        assert_eq!(v["embedscope"], env!("CARGO_PKG_VERSION"));
        let als = params_json(
            &EmbedParams::Als(crate::embed::als::AlsParams::default()),
            None,
            None,
        );
        assert_ne!(als, p);
        assert!(als.contains("\"method\":\"als\""), "{als}");
        // Same input, same text: it is a look-up key.
        assert_eq!(
            p,
            params_json(&EmbedParams::default(), Some(Format::Native), Some(10))
        );
    }

    #[test]
    fn save_then_restore_gives_the_same_map_and_vectors() {
        let out = run(&RunParams::new(cafes()), &Progress::silent()).unwrap();
        let mut ws = Workspace::in_memory(None).unwrap();
        let fp = ws.fingerprint(&cafes()).unwrap().fingerprint;
        let key = params_json(&EmbedParams::default(), None, None);
        let id = save(&mut ws, &fp, &cafes(), &key, &out).unwrap();
        let stored = ws.load_run(&fp, &key).unwrap().unwrap();
        assert_eq!(stored.info.id, id);
        let back = restore(Arc::clone(&out.data), &stored).unwrap();
        assert_eq!(back.xy, out.xy);
        assert_eq!(back.embeddings.items, out.embeddings.items);
        assert_eq!(back.embeddings.user_placed, out.embeddings.user_placed);
        assert_eq!(back.points, out.points);
        assert_eq!(back.embeddings.dim_names, out.embeddings.dim_names);
        assert_eq!(back.embeddings.method, Method::Features);
        let summary: serde_json::Value = serde_json::from_str(&stored.metrics_json).unwrap();
        assert_eq!(summary["items"], 147);
    }
}
