//! Sentence encoders (BERT, XLM-RoBERTa) and static models (model2vec, sentence-transformers
//! StaticEmbedding) run on the CPU on tensors already loaded by
//! [`ModelFolder`](crate::data::models::ModelFolder), with the same numbers as
//! sentence-transformers / model2vec (tests compare to 1e-5 against fixtures those libraries
//! computed: `tests/fixtures/text_models/make_fixtures.py`).
//!
//! **Why our own forward pass.** A BERT encoder is six matrix products per layer plus LayerNorm,
//! GELU and attention; what decides speed is the GEMM and not wasting work. Here the GEMM is faer's
//! `matmul` (its `gemm` kernels choose AVX2/FMA or AVX-512 at run time, behind a safe API; see
//! `ops::linear`): on an AVX-512 host ndarray's matrixmultiply (AVX2 at most) ran MiniLM at 0.69×
//! of torch/oneDNN, faer at 1.21×. Nothing is spent on padding: the sequences of a batch are
//! *packed* (every linear layer is one GEMM over all tokens of the batch, attention runs per
//! sequence), batches are formed from texts sorted by token count, and batches run in parallel on
//! every core (rayon), each on one thread. candle (candle-core/nn/transformers 0.11.1) was measured
//! on the same model and texts (`bench/candle_peer/`): 2.6–3.5× slower at 2 threads (114–169
//! against 320–445 rows/s on a loaded host, 3.5× the CPU time: a third of its time is spent in its
//! element-wise thread barrier, and its GEMM stays on AVX2 on an AVX-512 CPU), 186 MB peak RSS
//! against 125 MB, equal outputs; it also pads batches to a rectangle, pulls a much larger
//! dependency tree, and its BERT covers neither XLM-RoBERTa's position offset nor
//! sentence-transformers pooling, which we would write anyway. Measured on the real
//! all-MiniLM-L6-v2 (`bench/text_model_bench.py`): every row has cosine ≥ 0.9999999 with
//! sentence-transformers (max |Δ| 5.4e-7) on 5,000 English/Japanese titles, 494 Japanese texts and
//! 20 rows truncated at 256 tokens. Throughput against sentence-transformers at 2 threads is
//! measured by the same script with a release build.
//!
//! Cost: O(Σ tokens · (4h² + 2h·i) · layers) for the linear layers plus
//! O(Σ len² · h · layers) for attention. Memory: the weights without the token table (only the
//! rows the texts use are read from it, after tokenising: [`crate::data::models::DeferredTable`])
//! plus, per running batch, a few `tokens × max(h, i)` buffers.

mod columns;
mod dataset;
mod encoder;
mod ops;
mod pooling;
mod static_model;

use std::sync::atomic::{AtomicU64, Ordering};

use ndarray::Array2;
use rayon::prelude::*;

use crate::data::models::{DeferredTable, Family, ModelError, ModelFolder, ModelKind, Pooling};
use crate::error::{ComputeError, Result};
use crate::progress::{Progress, Stage};

pub use columns::{available_columns, default_columns, item_texts};
pub use dataset::{DEFAULT_BATCH, TextModelParams, TextModelReport, embed_dataset, item_vectors};
use encoder::Encoder;
use static_model::StaticTable;

/// What a model is, for display and JSON.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct EncoderInfo {
    /// The folder.
    pub path: std::path::PathBuf,
    /// Display name.
    pub name: String,
    /// bert, xlm-roberta or static.
    pub family: Family,
    /// Width of the output rows.
    pub dim: usize,
    /// Longest input in tokens (`None`: no limit).
    pub max_length: Option<usize>,
    /// Pooling modes.
    pub pooling: String,
    /// Whether rows are unit length.
    pub normalize: bool,
    /// xxh3 of the weights (the model's identity for caches).
    pub weights_hash: u64,
}

/// Options of one [`TextEncoder::encode`] call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EncodeOptions {
    /// Text put before every input (e5's "query: "); `None` uses the model's default prompt
    /// from `config_sentence_transformers.json`, if any.
    pub prefix: Option<String>,
    /// Texts per batch (sorted by length first).
    pub batch_size: usize,
}

impl Default for EncodeOptions {
    fn default() -> Self {
        Self {
            prefix: None,
            batch_size: 64,
        }
    }
}

/// What an [`TextEncoder::encode`] call did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
pub struct EncodeStats {
    /// Rows encoded.
    pub rows: usize,
    /// Rows cut at the model's maximum length.
    pub truncated: usize,
    /// Tokens run through the model.
    pub tokens: usize,
}

/// Most tokens in one transformer batch. A batch's buffers take ≈ 15 KB per token for a
/// MiniLM (6·hidden + intermediate floats), per worker thread: 512 tokens keep them near 8 MB
/// (measured on the 5,000 streaming titles with all-MiniLM-L6-v2: peak RSS 146–149 MB without
/// transparent huge pages against 168 MB at 1,024 tokens, at the same rows/s) and a batch short
/// enough for Cancel to answer within a layer's time. Short texts are still batched
/// `batch_size` at a time.
const MAX_BATCH_TOKENS: usize = 512;

/// Consecutive runs of `order` (texts sorted by token count) of at most `size` texts and
/// `max_tokens` tokens (a single longer text is a batch of its own).
fn batches<'a>(
    order: &'a [usize],
    tokenized: &[(Vec<u32>, bool)],
    size: usize,
    max_tokens: usize,
) -> Vec<&'a [usize]> {
    let mut out = Vec::new();
    let (mut start, mut tokens) = (0, 0);
    for (i, &t) in order.iter().enumerate() {
        let n = tokenized[t].0.len();
        if i > start && (i - start >= size || tokens + n > max_tokens) {
            out.push(&order[start..i]);
            (start, tokens) = (i, 0);
        }
        tokens += n;
    }
    if start < order.len() {
        out.push(&order[start..]);
    }
    out
}

enum Engine {
    Transformer(Box<Encoder>),
    Static(StaticTable),
}

/// A model ready to turn texts into rows.
pub struct TextEncoder {
    info: EncoderInfo,
    tokenizer: tokenizers::Tokenizer,
    engine: Engine,
    pooling: Pooling,
    include_prompt: bool,
    normalize: bool,
    default_prompt: Option<String>,
    /// The token table left in its file: each [`TextEncoder::encode`] reads the rows its texts
    /// use. all-MiniLM-L6-v2 on the 5,000 streaming titles peaks at 127 MB instead of 175 MB
    /// (f32 weights 90 MB, output 8 MB; `bench/text_model_bench.py`).
    deferred: Option<DeferredTable>,
}

impl std::fmt::Debug for TextEncoder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TextEncoder")
            .field("info", &self.info)
            .finish_non_exhaustive()
    }
}

impl TextEncoder {
    /// Build the encoder, taking the folder's tensors (no copy).
    ///
    /// # Errors
    /// Missing or mis-shaped tensors, ids the tokenizer can produce beyond the table.
    pub fn new(folder: ModelFolder) -> Result<Self, ModelError> {
        let family = folder.family();
        let mut tensors = folder.tensors;
        let path = folder.path.clone();
        let deferred = folder.token_table;
        let (engine, width) = match &folder.kind {
            ModelKind::Encoder(c) => (
                Engine::Transformer(Box::new(Encoder::from_tensors(
                    c,
                    &mut tensors,
                    &path,
                    deferred.as_ref().map(|d| d.rows),
                )?)),
                c.hidden_size,
            ),
            ModelKind::Static(style) => {
                let t = StaticTable::from_tensors(*style, &mut tensors, &folder.tokenizer, &path)?;
                let w = t.table.ncols();
                (Engine::Static(t), w)
            }
        };
        let rows = match &engine {
            Engine::Transformer(e) => e.vocab_rows(),
            Engine::Static(t) => t.vocab_rows(),
        };
        let vocab = folder.tokenizer.get_vocab_size(true);
        if vocab > rows {
            return Err(ModelError::VocabMismatch {
                path: path.join("tokenizer.json"),
                tokenizer: vocab,
                matrix: rows,
            });
        }
        let static_model = matches!(engine, Engine::Static(_));
        Ok(Self {
            info: EncoderInfo {
                path,
                name: folder.name,
                family,
                dim: width * folder.pooling.count(),
                max_length: (folder.max_length < usize::MAX).then_some(folder.max_length),
                pooling: if static_model {
                    "mean".to_owned()
                } else {
                    folder.pooling.name()
                },
                normalize: folder.normalize,
                weights_hash: folder.weights_hash,
            },
            tokenizer: folder.tokenizer,
            engine,
            pooling: folder.pooling,
            include_prompt: folder.include_prompt,
            normalize: folder.normalize,
            default_prompt: folder.prompts.default_text().map(str::to_owned),
            deferred,
        })
    }

    /// What this model is.
    #[must_use]
    pub fn info(&self) -> &EncoderInfo {
        &self.info
    }

    /// Encode `texts` (one output row each, in order).
    ///
    /// # Errors
    /// [`ComputeError::Cancelled`] through `progress`; [`ComputeError::InvalidParams`] for a
    /// zero batch size or a tokenizer failure.
    pub fn encode<S: AsRef<str> + Sync>(
        &self,
        texts: &[S],
        opts: &EncodeOptions,
        progress: &Progress,
    ) -> Result<(Array2<f32>, EncodeStats)> {
        if opts.batch_size == 0 {
            return Err(ComputeError::InvalidParams(
                "batch size must be at least 1".to_owned(),
            ));
        }
        let total = texts.len() as u64;
        progress.step(Stage::Embed, 0, total)?;
        let prefix = opts.prefix.as_deref().or(self.default_prompt.as_deref());
        let skip = match (prefix, self.include_prompt) {
            (Some(p), false) if !p.is_empty() => self.prompt_tokens(p)?,
            _ => 0,
        };
        let mut tokenized = self.tokenize_all(texts, prefix, progress)?;
        let word = self.used_rows(&mut tokenized)?;
        let mut order: Vec<usize> = (0..texts.len()).collect();
        order.sort_by_key(|&i| (tokenized[i].0.len(), i));
        let dim = self.info.dim;
        let done = AtomicU64::new(0);
        let cancelled = || progress.cancel_token().is_cancelled();
        let cap = match self.engine {
            Engine::Transformer(_) => MAX_BATCH_TOKENS,
            Engine::Static(_) => usize::MAX,
        };
        let batches = batches(&order, &tokenized, opts.batch_size, cap);
        // Each batch writes its rows straight into the output (one copy of the result in
        // memory, not a second one collected per batch first).
        let out = std::sync::Mutex::new(Array2::<f32>::zeros((texts.len(), dim)));
        batches.par_iter().try_for_each_init(
            encoder::Scratch::default,
            |scratch, batch| -> Result<()> {
                let rows = self.run_batch(
                    batch,
                    &tokenized,
                    word.as_ref(),
                    skip,
                    dim,
                    &cancelled,
                    scratch,
                )?;
                {
                    let mut out = out
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner);
                    for (i, row) in rows {
                        if let Some(dst) = out.row_mut(i).as_slice_mut() {
                            dst.copy_from_slice(&row);
                        }
                    }
                }
                let d = done.fetch_add(batch.len() as u64, Ordering::Relaxed) + batch.len() as u64;
                progress.step(Stage::Embed, d.min(total.saturating_sub(1)), total)
            },
        )?;
        let out = out
            .into_inner()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        progress.step(Stage::Embed, total, total)?;
        let stats = EncodeStats {
            rows: texts.len(),
            truncated: tokenized.iter().filter(|t| t.1).count(),
            tokens: tokenized.iter().map(|t| t.0.len()).sum(),
        };
        Ok((out, stats))
    }

    /// Token ids per text and whether it was truncated.
    fn tokenize_all<S: AsRef<str> + Sync>(
        &self,
        texts: &[S],
        prefix: Option<&str>,
        progress: &Progress,
    ) -> Result<Vec<(Vec<u32>, bool)>> {
        let specials = matches!(self.engine, Engine::Transformer(_));
        let max_chars = match &self.engine {
            Engine::Static(t) => t.max_chars,
            Engine::Transformer(_) => None,
        };
        let rows = match &self.engine {
            Engine::Transformer(e) => e.vocab_rows(),
            Engine::Static(t) => t.vocab_rows(),
        };
        texts
            .par_iter()
            .map(|t| {
                // A million rows take seconds to tokenise: Cancel is answered here too.
                if progress.cancel_token().is_cancelled() {
                    return Err(ComputeError::Cancelled);
                }
                let mut text = match prefix {
                    Some(p) => format!("{p}{}", t.as_ref()),
                    None => t.as_ref().to_owned(),
                };
                let mut cut = false;
                if let Some(m) = max_chars
                    && let Some((at, _)) = text.char_indices().nth(m)
                {
                    text.truncate(at);
                    cut = true;
                }
                let enc = self
                    .tokenizer
                    .encode(text, specials)
                    .map_err(|e| ComputeError::InvalidParams(format!("tokenizer: {e}")))?;
                let ids = enc.get_ids().to_vec();
                if let Some(&bad) = ids.iter().find(|&&id| id as usize >= rows) {
                    return Err(ComputeError::InvalidParams(format!(
                        "tokenizer produced id {bad} beyond the embedding matrix ({rows} rows)"
                    )));
                }
                Ok((ids, cut || !enc.get_overflowing().is_empty()))
            })
            .collect()
    }

    /// With the token table left in its file: read the rows `tokenized` uses and renumber its
    /// ids to index them (distinct ids in ascending order).
    fn used_rows(&self, tokenized: &mut [(Vec<u32>, bool)]) -> Result<Option<Array2<f32>>> {
        let Some(table) = &self.deferred else {
            return Ok(None);
        };
        let mut used: Vec<u32> = tokenized.iter().flat_map(|t| t.0.iter().copied()).collect();
        used.sort_unstable();
        used.dedup();
        let rows = table.read_rows(&used)?;
        for (ids, _) in tokenized.iter_mut() {
            for id in ids.iter_mut() {
                // Every id is in `used`, by construction.
                *id = used.binary_search(id).unwrap_or_default() as u32;
            }
        }
        let rows = Array2::from_shape_vec((used.len(), table.dim), rows)
            .map_err(|e| ComputeError::InvalidParams(format!("token table: {e}")))?;
        Ok(Some(rows))
    }

    /// Tokens the prompt takes at the start of a sequence (with the leading special token), as
    /// sentence-transformers counts them for `include_prompt = false`.
    fn prompt_tokens(&self, prompt: &str) -> Result<usize> {
        let enc = self
            .tokenizer
            .encode(prompt, true)
            .map_err(|e| ComputeError::InvalidParams(format!("tokenizer: {e}")))?;
        Ok(enc.get_ids().len().saturating_sub(1))
    }

    #[expect(clippy::too_many_arguments)] // the batch, its inputs and the worker's state
    fn run_batch(
        &self,
        batch: &[usize],
        tokenized: &[(Vec<u32>, bool)],
        word: Option<&Array2<f32>>,
        skip: usize,
        dim: usize,
        cancelled: &dyn Fn() -> bool,
        scratch: &mut encoder::Scratch,
    ) -> Result<Vec<(usize, Vec<f32>)>> {
        let mut rows = Vec::with_capacity(batch.len());
        match &self.engine {
            Engine::Static(table) => {
                for &i in batch {
                    let mut row = vec![0.0; dim];
                    table.mean_into(&tokenized[i].0, &mut row);
                    if self.normalize {
                        static_normalize(table, &mut row);
                    }
                    rows.push((i, row));
                }
            }
            Engine::Transformer(enc) => {
                let seqs: Vec<&[u32]> = batch.iter().map(|&i| tokenized[i].0.as_slice()).collect();
                let Some(hidden) = enc.forward(&seqs, word, cancelled, scratch) else {
                    return Err(ComputeError::Cancelled);
                };
                let mut start = 0;
                for (&i, seq) in batch.iter().zip(&seqs) {
                    let n = seq.len();
                    let mut row = vec![0.0; dim];
                    if n > 0 {
                        let tokens = hidden.slice(ndarray::s![start..start + n, ..]);
                        pooling::pool(tokens, self.pooling, skip, &mut row);
                    }
                    if self.normalize {
                        pooling::normalize(&mut row, 1e-12);
                    }
                    rows.push((i, row));
                    start += n;
                }
            }
        }
        Ok(rows)
    }
}

/// model2vec divides by `‖x‖ + 1e-32`; sentence-transformers' Normalize by `max(‖x‖, 1e-12)`.
fn static_normalize(table: &StaticTable, row: &mut [f32]) {
    match table.style {
        crate::data::models::StaticStyle::Model2Vec { .. } => {
            let norm = row.iter().map(|v| v * v).sum::<f32>().sqrt() + 1e-32;
            for v in row.iter_mut() {
                *v /= norm;
            }
        }
        crate::data::models::StaticStyle::SentenceTransformers => pooling::normalize(row, 1e-12),
    }
}

#[cfg(test)]
mod batch_tests {
    use super::batches;

    #[test]
    fn batches_respect_count_and_token_caps() {
        let tok: Vec<(Vec<u32>, bool)> = [3, 3, 3, 5, 600, 700]
            .iter()
            .map(|&n| (vec![0; n], false))
            .collect();
        let order: Vec<usize> = (0..6).collect();
        let b = batches(&order, &tok, 2, 1024);
        assert_eq!(b, vec![&[0, 1][..], &[2, 3], &[4], &[5]]);
        let b = batches(&order, &tok, 64, 1024);
        assert_eq!(b, vec![&[0, 1, 2, 3, 4][..], &[5]]);
        assert!(batches(&[], &tok, 4, 10).is_empty());
    }
}
