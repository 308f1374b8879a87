//! Static embeddings: each token has one vector; a text is the mean of its tokens' vectors.
//!
//! Two rule sets, matching their reference implementations:
//! - model2vec (`StaticModel.encode`): the text is first cut to `max_length` × the median
//!   token length in characters, tokenised without special tokens and truncated to
//!   `max_length` tokens, the unknown token is dropped, rows are looked up through the optional
//!   `mapping`, scaled by the optional per-token `weights`, averaged; an empty text gives a zero
//!   row; `normalize` divides by `‖x‖ + 1e-32`.
//! - sentence-transformers `StaticEmbedding`: tokenised without special tokens, every token
//!   kept, `EmbeddingBag` mean (zero for an empty text); a `Normalize` module after it.

use std::collections::BTreeMap;
use std::path::Path;

use ndarray::Array2;

use crate::data::models::{ModelError, StaticStyle, Tensor};

/// A static embedding table with the model2vec extras.
pub(super) struct StaticTable {
    pub(super) style: StaticStyle,
    pub(super) table: Array2<f32>,
    /// Token id → row of `table` (model2vec vocabulary quantisation).
    mapping: Option<Vec<usize>>,
    /// Per-token weight, indexed by token id.
    weights: Option<Vec<f32>>,
    /// Dropped before averaging (model2vec).
    pub(super) unk_id: Option<u32>,
    /// Characters kept per text before tokenising (model2vec), when truncating.
    pub(super) max_chars: Option<usize>,
}

impl StaticTable {
    pub(super) fn from_tensors(
        style: StaticStyle,
        tensors: &mut BTreeMap<String, Tensor>,
        tokenizer: &tokenizers::Tokenizer,
        path: &Path,
    ) -> Result<Self, ModelError> {
        let name = match style {
            StaticStyle::Model2Vec { .. } => "embeddings",
            StaticStyle::SentenceTransformers => "embedding.weight",
        };
        let bad = |reason: String| ModelError::BadTensor {
            path: path.to_path_buf(),
            tensor: name.to_owned(),
            reason,
        };
        let t = tensors
            .remove(name)
            .ok_or_else(|| bad("missing from the weights".to_owned()))?;
        let [rows, dim] = t.shape[..] else {
            return Err(bad(format!(
                "expected a 2-D matrix, found shape {:?}",
                t.shape
            )));
        };
        let table = Array2::from_shape_vec((rows, dim), t.data).map_err(|e| bad(e.to_string()))?;
        let mapping = tensors.remove("mapping").map(|m| {
            m.data
                .iter()
                .map(|&v| v.max(0.0) as usize)
                .collect::<Vec<_>>()
        });
        if let Some(m) = &mapping
            && let Some(&worst) = m.iter().max()
            && worst >= rows
        {
            return Err(bad(format!("mapping points to row {worst} of {rows}")));
        }
        let weights = tensors.remove("weights").map(|w| w.data);
        let (unk_id, max_chars) = match style {
            StaticStyle::Model2Vec { max_length } => (
                unk_id(tokenizer),
                max_length.map(|m| m.saturating_mul(median_token_chars(tokenizer))),
            ),
            StaticStyle::SentenceTransformers => (None, None),
        };
        Ok(Self {
            style,
            table,
            mapping,
            weights,
            unk_id,
            max_chars,
        })
    }

    /// Tokens the table can look up (ids at or above this are out of range).
    pub(super) fn vocab_rows(&self) -> usize {
        self.mapping.as_ref().map_or(self.table.nrows(), Vec::len)
    }

    /// The mean vector of `ids` into `out` (zeros when `ids` is empty).
    pub(super) fn mean_into(&self, ids: &[u32], out: &mut [f32]) {
        out.fill(0.0);
        let mut n = 0usize;
        for &id in ids {
            if Some(id) == self.unk_id {
                continue;
            }
            let id = id as usize;
            let row = self.mapping.as_ref().map_or(id, |m| m[id]);
            let w = self
                .weights
                .as_ref()
                .and_then(|w| w.get(id))
                .copied()
                .unwrap_or(1.0);
            for (o, &v) in out.iter_mut().zip(self.table.row(row)) {
                *o += w * v;
            }
            n += 1;
        }
        if n > 0 {
            let inv = n as f32;
            for v in out.iter_mut() {
                *v /= inv;
            }
        }
    }
}

/// model2vec's unknown token: the model's `unk_token` (WordPiece, BPE, WordLevel) or `unk_id`
/// (Unigram).
fn unk_id(tokenizer: &tokenizers::Tokenizer) -> Option<u32> {
    let json: serde_json::Value = serde_json::from_str(&tokenizer.to_string(false).ok()?).ok()?;
    let model = json.get("model")?;
    if let Some(tok) = model.get("unk_token") {
        return tok.as_str().and_then(|t| tokenizer.token_to_id(t));
    }
    model.get("unk_id")?.as_u64().map(|v| v as u32)
}

/// `int(np.median([len(token) for token in vocab]))` as model2vec computes it (characters,
/// added tokens included).
fn median_token_chars(tokenizer: &tokenizers::Tokenizer) -> usize {
    let mut lens: Vec<usize> = tokenizer
        .get_vocab(true)
        .keys()
        .map(|t| t.chars().count())
        .collect();
    if lens.is_empty() {
        return 1;
    }
    lens.sort_unstable();
    let n = lens.len();
    if n % 2 == 1 {
        lens[n / 2]
    } else {
        usize::midpoint(lens[n / 2 - 1], lens[n / 2])
    }
}
