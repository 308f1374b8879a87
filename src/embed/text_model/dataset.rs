//! The "text model" embedder of the pipeline: each item's text (chosen columns joined by
//! newlines) through a sentence encoder or static model from a local folder; users are the
//! rating-weighted mean of their items, as for the other content methods.
//!
//! The workspace keeps a run under its parameters, and here those are the model's
//! [`weights_identity`] (not its path: a moved folder still finds its runs, a changed model never
//! reuses them), the text columns and the prefix. Items whose text is empty get no vector (a
//! zero row, shown as "no data"), never the vector of an empty string.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Instant;

use ndarray::Array2;

use super::{EncodeOptions, TextEncoder, default_columns, item_texts};
use crate::data::Dataset;
use crate::data::models::{ModelFolder, inspect, weights_identity};
use crate::embed::{Embeddings, Method, features};
use crate::error::{ComputeError, Result};
use crate::progress::Progress;

/// Texts per batch when none is given: long enough to keep the GEMM busy, short enough to
/// report progress often.
pub const DEFAULT_BATCH: usize = 64;

/// Parameters of the text-model embedder. Serialised as part of the workspace key: only the
/// fields that change the vectors are.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TextModelParams {
    /// The model folder.
    #[serde(skip)]
    pub model: PathBuf,
    /// Display name (`owner/name` for the Hugging Face cache).
    #[serde(skip)]
    pub model_name: String,
    /// [`weights_identity`] of the model, as 16 hex digits ("" until [`Self::for_model`]).
    pub weights: String,
    /// Item text columns, joined by newlines; empty = title (+ description when there is one).
    pub columns: Vec<String>,
    /// Text put before every item (e5's "passage: "); `None` = the model's default prompt.
    pub prefix: Option<String>,
    /// Texts per batch (does not change the vectors: batches are packed, never padded).
    #[serde(skip)]
    pub batch_size: usize,
    /// Item vectors already computed with exactly these settings on the same dataset (the run
    /// on screen, handed to the evaluation so it does not encode the catalogue twice).
    #[serde(skip)]
    pub precomputed: Option<Arc<Array2<f32>>>,
}

impl Default for TextModelParams {
    fn default() -> Self {
        Self {
            model: PathBuf::new(),
            model_name: String::new(),
            weights: String::new(),
            columns: Vec::new(),
            prefix: None,
            batch_size: DEFAULT_BATCH,
            precomputed: None,
        }
    }
}

impl TextModelParams {
    /// Parameters for the model at `folder`: reads its configs and hashes its weights (no
    /// tensors are loaded).
    ///
    /// # Errors
    /// Not a model folder, unsupported model, unreadable weights (each naming the file).
    pub fn for_model(folder: impl Into<PathBuf>) -> Result<Self> {
        let model = folder.into();
        let info = inspect(&model)?;
        let weights = format!("{:016x}", weights_identity(&model)?);
        Ok(Self {
            model,
            model_name: info.name,
            weights,
            ..Self::default()
        })
    }

    /// These parameters with the model's identity and name filled in, when they are not yet
    /// ([`Self::for_model`] reads them; the GUI builds params on the UI thread and leaves the
    /// hashing of the weights to the worker).
    ///
    /// # Errors
    /// No model chosen; the model folder's errors.
    pub fn resolved(self) -> Result<Self> {
        if self.model.as_os_str().is_empty() {
            return Err(no_model());
        }
        if !self.weights.is_empty() && !self.model_name.is_empty() {
            return Ok(self);
        }
        let found = Self::for_model(&self.model)?;
        Ok(Self {
            weights: found.weights,
            model_name: found.model_name,
            ..self
        })
    }

    /// The same parameters with these columns and prefix.
    #[must_use]
    pub fn with_text(mut self, columns: Vec<String>, prefix: Option<String>) -> Self {
        self.columns = columns;
        self.prefix = prefix.filter(|p| !p.is_empty());
        self
    }

    /// The columns used on `data` (the given ones, else the default ones).
    #[must_use]
    pub fn columns_for(&self, data: &Dataset) -> Vec<String> {
        if self.columns.is_empty() {
            default_columns(data)
        } else {
            self.columns.clone()
        }
    }
}

fn no_model() -> ComputeError {
    ComputeError::InvalidParams(
        "the text model needs a model folder (CLI: --model DIR; `embedscope models` lists the models on this machine)".to_owned(),
    )
}

/// What a text-model run did, for the run summary, the CLI and the GUI.
#[derive(Debug, Clone, PartialEq, Default, serde::Serialize, serde::Deserialize)]
pub struct TextModelReport {
    /// Model display name.
    pub model: String,
    /// bert, xlm-roberta or static.
    pub family: String,
    /// Output width.
    pub dim: usize,
    /// The model folder.
    #[serde(default)]
    pub path: PathBuf,
    /// Columns the texts were built from.
    pub columns: Vec<String>,
    /// The prefix given (`None`: the model's own prompt, if any).
    #[serde(default)]
    pub prefix: Option<String>,
    /// Items encoded.
    pub rows: usize,
    /// Rows cut at the model's maximum length.
    pub truncated: usize,
    /// The model's maximum length in tokens (`None`: no limit).
    pub max_length: Option<usize>,
    /// Items left without a vector because their text is empty.
    pub empty_rows: usize,
    /// Ids of the first such items (at most 10).
    pub empty_ids: Vec<String>,
    /// Seconds spent encoding (model loading excluded).
    pub seconds: f64,
    /// Seconds spent loading the model.
    pub load_seconds: f64,
}

impl TextModelReport {
    /// Rows per second of the encoding.
    #[must_use]
    pub fn rows_per_s(&self) -> f64 {
        if self.seconds > 0.0 {
            self.rows as f64 / self.seconds
        } else {
            0.0
        }
    }
}

/// Item vectors of `data` from the text model: one row per item (zero for empty texts), and
/// what happened.
///
/// # Errors
/// No model chosen, model errors (naming the file), unknown columns, `Cancelled`.
pub fn item_vectors(
    data: &Dataset,
    p: &TextModelParams,
    progress: &Progress,
) -> Result<(Array2<f32>, TextModelReport)> {
    if p.model.as_os_str().is_empty() {
        return Err(no_model());
    }
    let columns = p.columns_for(data);
    let texts = item_texts(data, &columns)?;
    if let Some(items) = p.precomputed.as_ref().filter(|x| x.nrows() == texts.len()) {
        return Ok((items.as_ref().clone(), TextModelReport::default()));
    }
    let start = Instant::now();
    let encoder = TextEncoder::new(ModelFolder::open(&p.model)?)?;
    let load_seconds = start.elapsed().as_secs_f64();
    let kept: Vec<usize> = (0..texts.len())
        .filter(|&i| !texts[i].trim().is_empty())
        .collect();
    let kept_texts: Vec<&str> = kept.iter().map(|&i| texts[i].as_str()).collect();
    let opts = EncodeOptions {
        prefix: p.prefix.clone(),
        batch_size: p.batch_size.max(1),
    };
    let t = Instant::now();
    let (x, stats) = encoder.encode(&kept_texts, &opts, progress)?;
    let seconds = t.elapsed().as_secs_f64();
    let info = encoder.info();
    let mut items = Array2::<f32>::zeros((texts.len(), info.dim));
    for (row, &i) in x.rows().into_iter().zip(&kept) {
        items.row_mut(i).assign(&row);
    }
    let empty: Vec<usize> = (0..texts.len())
        .filter(|&i| texts[i].trim().is_empty())
        .collect();
    let report = TextModelReport {
        model: info.name.clone(),
        family: info.family.as_str().to_owned(),
        dim: info.dim,
        path: p.model.clone(),
        columns,
        prefix: p.prefix.clone(),
        rows: stats.rows,
        truncated: stats.truncated,
        max_length: info.max_length,
        empty_rows: empty.len(),
        empty_ids: empty
            .iter()
            .take(10)
            .map(|&i| data.items.ids[i].to_owned())
            .collect(),
        seconds,
        load_seconds,
    };
    Ok((items, report))
}

/// Embed `data` with the text model: items from their text, users = rating-weighted mean of
/// their items.
///
/// # Errors
/// As [`item_vectors`].
pub fn embed_dataset(
    data: &Dataset,
    p: &TextModelParams,
    progress: &Progress,
) -> Result<Embeddings> {
    let (items, report) = item_vectors(data, p, progress)?;
    let (users, user_placed) = features::user_means(data, &items);
    Ok(Embeddings {
        method: Method::TextModel,
        dim_names: (1..=items.ncols()).map(|d| format!("v{d}")).collect(),
        items: Arc::new(items),
        users: users.mapv(|x| x as f32),
        user_placed,
        raw_units: Vec::new(),
        text_model: Some(report),
    })
}
