//! The BERT / XLM-RoBERTa encoder forward pass on packed sequences.
//!
//! Follows `transformers`' `BertModel` (post-LayerNorm blocks: self-attention → dense →
//! residual → LayerNorm → feed-forward → residual → LayerNorm). XLM-RoBERTa is the same network
//! with position ids starting at `pad_token_id + 1`. The sequences of a batch are packed
//! without padding: all linear layers run as one GEMM over every token of the batch, and
//! attention runs per sequence, so no mask is needed and no work is spent on padding.

use ndarray::{Array1, Array2, ArrayViewMut2};

use super::ops;
use crate::data::models::{Activation, EncoderConfig, Family, ModelError, Tensor};
use std::collections::BTreeMap;
use std::path::Path;

struct Layer {
    q_w: Array2<f32>,
    q_b: Array1<f32>,
    k_w: Array2<f32>,
    k_b: Array1<f32>,
    v_w: Array2<f32>,
    v_b: Array1<f32>,
    o_w: Array2<f32>,
    o_b: Array1<f32>,
    ln1_g: Array1<f32>,
    ln1_b: Array1<f32>,
    i_w: Array2<f32>,
    i_b: Array1<f32>,
    f_w: Array2<f32>,
    f_b: Array1<f32>,
    ln2_g: Array1<f32>,
    ln2_b: Array1<f32>,
}

/// One worker thread's buffers for [`Encoder::forward`], grown to the largest batch it has run
/// (batches are formed from texts sorted by length, so they grow once and are reused after).
#[derive(Debug, Default)]
pub(super) struct Scratch {
    bufs: [Vec<f32>; 7],
}

impl Scratch {
    /// The seven `tokens ×` width buffers (x, q, k, v, ctx, attn: hidden; inter: intermediate),
    /// zeroed.
    fn buffers(
        &mut self,
        tokens: usize,
        hidden: usize,
        intermediate: usize,
    ) -> Option<[ArrayViewMut2<'_, f32>; 7]> {
        let widths = [hidden, hidden, hidden, hidden, hidden, hidden, intermediate];
        let mut views = Vec::with_capacity(7);
        for (buf, w) in self.bufs.iter_mut().zip(widths) {
            buf.clear();
            buf.resize(tokens * w, 0.0);
            views.push(ArrayViewMut2::from_shape((tokens, w), buf.as_mut_slice()).ok()?);
        }
        views.try_into().ok()
    }
}

/// A transformer encoder's weights, taken out of a model folder's tensors.
pub(super) struct Encoder {
    config: EncoderConfig,
    /// Rows of the token table (also when it was left in the file).
    vocab: usize,
    /// The token table (no rows when it was left in the file).
    word: Array2<f32>,
    position: Array2<f32>,
    token_type: Array1<f32>,
    ln_g: Array1<f32>,
    ln_b: Array1<f32>,
    layers: Vec<Layer>,
}

/// Takes tensors out of the map by name, checking shapes.
struct Taker<'a> {
    tensors: &'a mut BTreeMap<String, Tensor>,
    path: &'a Path,
}

impl Taker<'_> {
    fn take(&mut self, names: &[&str], shape: &[usize]) -> Result<Vec<f32>, ModelError> {
        let found = names.iter().find_map(|n| self.tensors.remove(*n));
        let Some(t) = found else {
            return Err(ModelError::BadTensor {
                path: self.path.to_path_buf(),
                tensor: names.first().copied().unwrap_or_default().to_owned(),
                reason: "missing from the weights".to_owned(),
            });
        };
        if t.shape != shape {
            return Err(ModelError::BadTensor {
                path: self.path.to_path_buf(),
                tensor: names.first().copied().unwrap_or_default().to_owned(),
                reason: format!("expected shape {shape:?}, found {:?}", t.shape),
            });
        }
        Ok(t.data)
    }

    fn matrix(&mut self, name: &str, rows: usize, cols: usize) -> Result<Array2<f32>, ModelError> {
        let data = self.take(&[&format!("{name}.weight")], &[rows, cols])?;
        Array2::from_shape_vec((rows, cols), data).map_err(|e| self.shape_err(name, &e))
    }

    fn vector(&mut self, name: &str, n: usize) -> Result<Array1<f32>, ModelError> {
        Ok(Array1::from(self.take(&[&format!("{name}.bias")], &[n])?))
    }

    /// LayerNorm weight and bias (`weight`/`bias`, or the old `gamma`/`beta`).
    fn norm(&mut self, name: &str, n: usize) -> Result<(Array1<f32>, Array1<f32>), ModelError> {
        let g = self.take(&[&format!("{name}.weight"), &format!("{name}.gamma")], &[n])?;
        let b = self.take(&[&format!("{name}.bias"), &format!("{name}.beta")], &[n])?;
        Ok((Array1::from(g), Array1::from(b)))
    }

    fn shape_err(&self, name: &str, e: &ndarray::ShapeError) -> ModelError {
        ModelError::BadTensor {
            path: self.path.to_path_buf(),
            tensor: name.to_owned(),
            reason: e.to_string(),
        }
    }
}

impl Encoder {
    /// Take the encoder's tensors out of `tensors`. With `deferred_rows` the token table was
    /// left in its file (that many rows): [`Encoder::forward`] is then given the rows the
    /// texts use.
    pub(super) fn from_tensors(
        config: &EncoderConfig,
        tensors: &mut BTreeMap<String, Tensor>,
        path: &Path,
        deferred_rows: Option<usize>,
    ) -> Result<Self, ModelError> {
        let h = config.hidden_size;
        let i = config.intermediate_size;
        let vocab = tensors
            .get("embeddings.word_embeddings.weight")
            .and_then(|t| t.shape.first().copied())
            .unwrap_or(0);
        let types = tensors
            .get("embeddings.token_type_embeddings.weight")
            .and_then(|t| t.shape.first().copied())
            .unwrap_or(1);
        let mut tk = Taker { tensors, path };
        let word = match deferred_rows {
            Some(_) => Array2::zeros((0, h)),
            None => tk.matrix("embeddings.word_embeddings", vocab, h)?,
        };
        let position = tk.matrix(
            "embeddings.position_embeddings",
            config.max_position_embeddings,
            h,
        )?;
        let token_type = tk.matrix("embeddings.token_type_embeddings", types, h)?;
        let token_type = token_type.row(0).to_owned();
        let (ln_g, ln_b) = tk.norm("embeddings.LayerNorm", h)?;
        let mut layers = Vec::with_capacity(config.num_layers);
        for l in 0..config.num_layers {
            let p = format!("encoder.layer.{l}");
            let (ln1_g, ln1_b) = tk.norm(&format!("{p}.attention.output.LayerNorm"), h)?;
            let (ln2_g, ln2_b) = tk.norm(&format!("{p}.output.LayerNorm"), h)?;
            layers.push(Layer {
                q_w: tk.matrix(&format!("{p}.attention.self.query"), h, h)?,
                q_b: tk.vector(&format!("{p}.attention.self.query"), h)?,
                k_w: tk.matrix(&format!("{p}.attention.self.key"), h, h)?,
                k_b: tk.vector(&format!("{p}.attention.self.key"), h)?,
                v_w: tk.matrix(&format!("{p}.attention.self.value"), h, h)?,
                v_b: tk.vector(&format!("{p}.attention.self.value"), h)?,
                o_w: tk.matrix(&format!("{p}.attention.output.dense"), h, h)?,
                o_b: tk.vector(&format!("{p}.attention.output.dense"), h)?,
                ln1_g,
                ln1_b,
                i_w: tk.matrix(&format!("{p}.intermediate.dense"), i, h)?,
                i_b: tk.vector(&format!("{p}.intermediate.dense"), i)?,
                f_w: tk.matrix(&format!("{p}.output.dense"), h, i)?,
                f_b: tk.vector(&format!("{p}.output.dense"), h)?,
                ln2_g,
                ln2_b,
            });
        }
        Ok(Self {
            config: config.clone(),
            vocab: deferred_rows.unwrap_or(vocab),
            word,
            position,
            token_type,
            ln_g,
            ln_b,
            layers,
        })
    }

    /// Rows of the token embedding table.
    pub(super) fn vocab_rows(&self) -> usize {
        self.vocab
    }

    /// Hidden states of every token of `seqs`, packed: row `offsets[s] + t` is token `t` of
    /// sequence `s`. Ids index `word` (the rows the texts use, when the table was deferred)
    /// or else the model's own table (ids below [`Encoder::vocab_rows`]); sequences are no
    /// longer than the position table allows. `cancelled` is asked between layers. The
    /// buffers live in `scratch` (one per worker thread), so batches reuse memory.
    pub(super) fn forward<'s>(
        &self,
        seqs: &[&[u32]],
        word: Option<&Array2<f32>>,
        cancelled: &dyn Fn() -> bool,
        scratch: &'s mut Scratch,
    ) -> Option<ArrayViewMut2<'s, f32>> {
        let word = word.unwrap_or(&self.word);
        let c = &self.config;
        let h = c.hidden_size;
        let total: usize = seqs.iter().map(|s| s.len()).sum();
        let first_pos = match c.family {
            Family::XlmRoberta => c.pad_token_id + 1,
            _ => 0,
        };
        let [mut x, mut q, mut k, mut v, mut ctx, mut attn, mut inter] =
            scratch.buffers(total, h, c.intermediate_size)?;
        let mut row = 0;
        for seq in seqs {
            for (t, &id) in seq.iter().enumerate() {
                let mut r = x.row_mut(row);
                r.assign(&word.row(id as usize));
                r += &self.position.row(first_pos + t);
                r += &self.token_type;
                row += 1;
            }
        }
        ops::layer_norm(&mut x, &self.ln_g, &self.ln_b, c.layer_norm_eps);
        for layer in &self.layers {
            if cancelled() {
                return None;
            }
            ops::linear(x.view(), &layer.q_w, &layer.q_b, &mut q);
            ops::linear(x.view(), &layer.k_w, &layer.k_b, &mut k);
            ops::linear(x.view(), &layer.v_w, &layer.v_b, &mut v);
            self.attention(seqs, &q, &k, &v, &mut ctx);
            ops::linear(ctx.view(), &layer.o_w, &layer.o_b, &mut attn);
            attn += &x;
            ops::layer_norm(&mut attn, &layer.ln1_g, &layer.ln1_b, c.layer_norm_eps);
            ops::linear(attn.view(), &layer.i_w, &layer.i_b, &mut inter);
            if let Some(sl) = inter.as_slice_mut() {
                match c.activation {
                    Activation::Gelu => ops::gelu(sl),
                    Activation::GeluTanh => ops::gelu_tanh(sl),
                    Activation::Relu => ops::relu(sl),
                }
            }
            ops::linear(inter.view(), &layer.f_w, &layer.f_b, &mut x);
            x += &attn;
            ops::layer_norm(&mut x, &layer.ln2_g, &layer.ln2_b, c.layer_norm_eps);
        }
        Some(x)
    }

    /// Scaled dot-product attention per sequence and head: `softmax(QKᵀ/√d) V`, on the
    /// row-major buffers (row = token, head `h` in columns `h·d..(h+1)·d`).
    fn attention(
        &self,
        seqs: &[&[u32]],
        q: &ArrayViewMut2<f32>,
        k: &ArrayViewMut2<f32>,
        v: &ArrayViewMut2<f32>,
        ctx: &mut ArrayViewMut2<f32>,
    ) {
        let h = self.config.hidden_size;
        let heads = self.config.num_heads;
        ctx.fill(0.0);
        let (Some(qd), Some(kd), Some(vd), Some(cd)) =
            (q.as_slice(), k.as_slice(), v.as_slice(), ctx.as_slice_mut())
        else {
            return;
        };
        let lens: Vec<usize> = seqs.iter().map(|s| s.len()).collect();
        ops::attention_packed(&lens, qd, kd, vd, cd, h, heads);
    }
}
