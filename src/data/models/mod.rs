//! Model folders on disk: sentence encoders and static embedding models in the Hugging Face /
//! sentence-transformers layout, read into f32 tensors + a tokenizer, never downloaded.
//!
//! A folder is one of
//! - a **transformer** (BERT or XLM-RoBERTa): `config.json`, `tokenizer.json`,
//!   `model.safetensors` (or shards + `model.safetensors.index.json`), and where present
//!   `modules.json` with `1_Pooling/config.json` (CLS / mean / max …) and a `Normalize` module,
//!   `sentence_bert_config.json` (`max_seq_length`), `config_sentence_transformers.json`
//!   (prompts). Without `modules.json` sentence-transformers' default applies: mean pooling, no
//!   normalisation.
//! - a **model2vec static model**: `config.json` with `"model_type": "model2vec"` and
//!   `normalize`, `tokenizer.json`, `model.safetensors` holding `embeddings`.
//! - a **sentence-transformers StaticEmbedding**: `modules.json` naming
//!   `0_StaticEmbedding/` (`tokenizer.json` + `model.safetensors` holding `embedding.weight`).
//!
//! [`ModelFolder::open`] checks everything before loading (missing files, architecture, dtypes,
//! truncated weights, vocabulary vs matrix, free memory) and every error names the file.
//! [`discover`] lists the models in the Hugging Face and sentence-transformers caches.

mod config;
mod discover;
mod error;
pub mod safetensors;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub use config::{Activation, ConfigKind, EncoderConfig, Family, ModuleEntry, Pooling, Prompts};
pub use discover::{ModelInfo, cache_roots, discover, discover_in, inspect, weights_identity};
pub use error::ModelError;
pub use safetensors::{Tensor, TensorIndex};

/// The families named in "unsupported architecture" errors.
pub const SUPPORTED_FAMILIES: &str = "bert, xlm-roberta (also roberta, camembert), model2vec static models, sentence-transformers StaticEmbedding";

/// Which static-model library's rules to follow (they tokenise slightly differently).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StaticStyle {
    /// model2vec: text cut to `max_length` × the median token length in characters, at most
    /// `max_length` tokens, then unknown tokens dropped; optional per-token `weights` and a
    /// `mapping` from token to row.
    Model2Vec {
        /// Token limit (`None`: no truncation).
        max_length: Option<usize>,
    },
    /// sentence-transformers `StaticEmbedding`: every token kept, an `EmbeddingBag` mean.
    SentenceTransformers,
}

/// What runs on the tensors.
#[derive(Debug, Clone, PartialEq)]
pub enum ModelKind {
    /// A transformer encoder.
    Encoder(EncoderConfig),
    /// A static embedding table.
    Static(StaticStyle),
}

/// A loaded model: tokenizer, f32 tensors and how to pool. Built by [`ModelFolder::open`];
/// `embed::text_model` runs it.
pub struct ModelFolder {
    /// The folder opened.
    pub path: PathBuf,
    /// Display name (`owner/name` for Hugging Face cache folders, else the folder name).
    pub name: String,
    /// Transformer or static.
    pub kind: ModelKind,
    /// The tokenizer from `tokenizer.json` (truncation set to `max_length` for encoders,
    /// padding off).
    pub tokenizer: tokenizers::Tokenizer,
    /// Tensors by name, without the `bert.` / `roberta.` prefix; pooler weights are skipped.
    pub tensors: BTreeMap<String, Tensor>,
    /// Pooling modes (mean for static models).
    pub pooling: Pooling,
    /// Whether prompt tokens take part in pooling (sentence-transformers' `include_prompt`).
    pub include_prompt: bool,
    /// Whether rows are scaled to unit length.
    pub normalize: bool,
    /// Longest input in tokens (specials included); longer texts are truncated.
    pub max_length: usize,
    /// Prompts from `config_sentence_transformers.json`.
    pub prompts: Prompts,
    /// xxh3 of the tensors' names and raw bytes: the model's identity for caching results.
    pub weights_hash: u64,
    /// Bytes of the f32 tensors.
    pub weights_bytes: u64,
    /// An encoder's token-embedding table when it was left in its file
    /// ([`OpenOptions::defer_token_table`]): it is not in `tensors`, and only the rows the
    /// texts use are read, when they are known.
    pub token_table: Option<DeferredTable>,
}

/// A token-embedding table left in its file (hashed with the rest when the model was opened).
/// For all-MiniLM-L6-v2 it is half the weights (30,522 × 384 floats, 47 MB) of which 5,000
/// titles use about 8,000 rows; for XLM-RoBERTa models (250,002 rows) it is most of them.
#[derive(Debug, Clone)]
pub struct DeferredTable {
    index: TensorIndex,
    name: String,
    /// Rows (the vocabulary size).
    pub rows: usize,
    /// Width.
    pub dim: usize,
}

impl DeferredTable {
    /// Rows `ids` (sorted, distinct), converted to f32, one after the other.
    ///
    /// # Errors
    /// An id beyond the table, I/O errors (naming the file).
    pub fn read_rows(&self, ids: &[u32]) -> Result<Vec<f32>, ModelError> {
        self.index.read_rows(&self.name, ids)
    }
}

impl std::fmt::Debug for ModelFolder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ModelFolder")
            .field("path", &self.path)
            .field("kind", &self.kind)
            .field("pooling", &self.pooling)
            .field("normalize", &self.normalize)
            .field("max_length", &self.max_length)
            .finish_non_exhaustive()
    }
}

/// Options of [`ModelFolder::open_with`].
#[derive(Debug, Clone, Copy, Default)]
pub struct OpenOptions {
    /// Refuse models whose f32 weights exceed this many bytes (default: the system's available
    /// memory, when it can be read).
    pub available_bytes: Option<u64>,
    /// Leave an encoder's token-embedding table in the file and read only the rows the texts
    /// use ([`ModelFolder::token_table`]); its bytes are still hashed into the model's identity.
    pub defer_token_table: bool,
}

/// Where the parts of a model folder are, before anything big is read.
#[derive(Debug, Clone)]
pub(crate) struct Layout {
    pub(crate) kind: ModelKind,
    /// Folder holding `tokenizer.json` and the weights.
    pub(crate) dir: PathBuf,
    pub(crate) pooling: Pooling,
    pub(crate) include_prompt: bool,
    pub(crate) normalize: bool,
}

impl Layout {
    pub(crate) fn read(root: &Path) -> Result<Self, ModelError> {
        if !root.is_dir() {
            return Err(ModelError::NotAFolder {
                path: root.to_path_buf(),
            });
        }
        let modules_path = root.join("modules.json");
        let modules: Vec<ModuleEntry> = if modules_path.is_file() {
            config::read_json(&modules_path)?
        } else {
            Vec::new()
        };
        let mut pooling = None;
        let mut include_prompt = true;
        let mut normalize = false;
        let mut dir = root.to_path_buf();
        let mut st_static = false;
        for m in &modules {
            match m.short_kind() {
                "Transformer" => dir = m.dir(root),
                "StaticEmbedding" => {
                    dir = m.dir(root);
                    st_static = true;
                }
                "Pooling" => {
                    let (p, inc) = config::read_pooling(&m.dir(root).join("config.json"))?;
                    pooling = Some(p);
                    include_prompt = inc;
                }
                "Normalize" => normalize = true,
                other => {
                    return Err(ModelError::UnsupportedModule {
                        path: modules_path.clone(),
                        found: other.to_owned(),
                    });
                }
            }
        }
        let config_path = dir.join("config.json");
        let kind = if st_static && !config_path.is_file() {
            ModelKind::Static(StaticStyle::SentenceTransformers)
        } else {
            match config::read_config(&config_path)? {
                ConfigKind::Model2Vec {
                    normalize: n,
                    max_length,
                } => {
                    normalize = n;
                    ModelKind::Static(StaticStyle::Model2Vec { max_length })
                }
                ConfigKind::Encoder(_) if st_static => {
                    ModelKind::Static(StaticStyle::SentenceTransformers)
                }
                ConfigKind::Encoder(c) => ModelKind::Encoder(c),
            }
        };
        if matches!(kind, ModelKind::Static(_)) {
            pooling = Some(Pooling::mean());
        }
        Ok(Self {
            kind,
            dir,
            pooling: pooling.unwrap_or_else(Pooling::mean),
            include_prompt,
            normalize,
        })
    }
}

/// The tensor holding the token embedding table, for a kind of model.
pub(crate) fn embedding_name(kind: &ModelKind) -> &'static str {
    match kind {
        ModelKind::Encoder(_) => "embeddings.word_embeddings.weight",
        ModelKind::Static(StaticStyle::Model2Vec { .. }) => "embeddings",
        ModelKind::Static(StaticStyle::SentenceTransformers) => "embedding.weight",
    }
}

/// The prefix the checkpoint puts before the tensor names (`bert.`, `roberta.`, or none).
pub(crate) fn tensor_prefix(index: &TensorIndex, kind: &ModelKind) -> Option<String> {
    let want = embedding_name(kind);
    [
        "",
        "bert.",
        "roberta.",
        "xlm_roberta.",
        "model.",
        "0.",
        "encoder.",
    ]
    .iter()
    .find(|p| index.shape(&format!("{p}{want}")).is_some())
    .map(|p| (*p).to_owned())
}

/// Tensors the forward pass never reads.
fn unused(name: &str) -> bool {
    name.starts_with("pooler.") || name.ends_with("position_ids")
}

/// Free memory from `/proc/meminfo` (`MemAvailable`), when the system says.
#[must_use]
pub fn available_memory_bytes() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = text.lines().find(|l| l.starts_with("MemAvailable:"))?;
    let kb: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb * 1024)
}

impl ModelFolder {
    /// Open the model folder at `path`, refusing models larger than the available memory.
    ///
    /// # Errors
    /// See [`ModelError`]: every problem names the file.
    pub fn open(path: &Path) -> Result<Self, ModelError> {
        Self::open_with(
            path,
            &OpenOptions {
                available_bytes: available_memory_bytes(),
                defer_token_table: true,
            },
        )
    }

    /// [`ModelFolder::open`] with explicit options.
    ///
    /// # Errors
    /// See [`ModelError`].
    pub fn open_with(path: &Path, opts: &OpenOptions) -> Result<Self, ModelError> {
        let layout = Layout::read(path)?;
        let tok_path = layout.dir.join("tokenizer.json");
        if !tok_path.is_file() {
            return Err(ModelError::MissingFile {
                path: tok_path,
                what: "the tokenizer (tokenizer.json)",
            });
        }
        let index = TensorIndex::open(&layout.dir)?;
        let weights_path = index.files().first().cloned().unwrap_or_default();
        let Some(prefix) = tensor_prefix(&index, &layout.kind) else {
            return Err(ModelError::BadTensor {
                path: weights_path,
                tensor: embedding_name(&layout.kind).to_owned(),
                reason: "not in the weights file (is this the right model folder?)".to_owned(),
            });
        };
        let keep = |n: &str| n.strip_prefix(prefix.as_str()).is_some_and(|s| !unused(s));
        let weights_bytes = index.f32_bytes(keep);
        if let Some(avail) = opts.available_bytes
            && weights_bytes > avail
        {
            return Err(ModelError::TooLarge {
                path: path.to_path_buf(),
                needed_bytes: weights_bytes,
                available_bytes: avail,
            });
        }
        let tokenizer =
            tokenizers::Tokenizer::from_file(&tok_path).map_err(|e| ModelError::BadTokenizer {
                path: tok_path.clone(),
                reason: e.to_string(),
            })?;
        let emb_shape = index
            .shape(&format!("{prefix}{}", embedding_name(&layout.kind)))
            .unwrap_or(&[]);
        let rows = emb_shape.first().copied().unwrap_or(0);
        if emb_shape.len() != 2 {
            return Err(ModelError::BadTensor {
                path: weights_path,
                tensor: embedding_name(&layout.kind).to_owned(),
                reason: format!("expected a 2-D matrix, found shape {emb_shape:?}"),
            });
        }
        let vocab = tokenizer.get_vocab_size(true);
        let mapped = index.shape(&format!("{prefix}mapping")).is_some();
        if vocab > rows && !mapped {
            return Err(ModelError::VocabMismatch {
                path: tok_path,
                tokenizer: vocab,
                matrix: rows,
            });
        }
        let max_length = max_length(path, &layout)?;
        let tokenizer = configure_tokenizer(tokenizer, &layout.kind, max_length, &tok_path)?;
        let mut hash = xxhash_rust::xxh3::Xxh3::new();
        let mut tensors = BTreeMap::new();
        let names: Vec<String> = index
            .names()
            .filter(|n| keep(n))
            .map(str::to_owned)
            .collect();
        let table_name = format!("{prefix}{}", embedding_name(&layout.kind));
        let defer = opts.defer_token_table && matches!(layout.kind, ModelKind::Encoder(_));
        let mut token_table = None;
        for name in names {
            if defer && name == table_name {
                index.hash_only(&name, &mut hash)?;
                token_table = Some(DeferredTable {
                    index: index.clone(),
                    name: name.clone(),
                    rows,
                    dim: emb_shape.get(1).copied().unwrap_or(0),
                });
                continue;
            }
            let t = index.read(&name, &mut hash)?;
            tensors.insert(name[prefix.len()..].to_owned(), t);
        }
        let prompts = config::read_prompts(&path.join("config_sentence_transformers.json"))?;
        Ok(Self {
            path: path.to_path_buf(),
            name: discover::display_name(path),
            kind: layout.kind,
            tokenizer,
            tensors,
            pooling: layout.pooling,
            include_prompt: layout.include_prompt,
            normalize: layout.normalize,
            max_length,
            prompts,
            weights_hash: hash.digest(),
            weights_bytes,
            token_table,
        })
    }

    /// Encoder family.
    #[must_use]
    pub fn family(&self) -> Family {
        match &self.kind {
            ModelKind::Encoder(c) => c.family,
            ModelKind::Static(_) => Family::Static,
        }
    }
}

/// The longest input: `sentence_bert_config.json`'s `max_seq_length`, else the smaller of the
/// tokenizer's `model_max_length` and the position table (as sentence-transformers does);
/// model2vec's default of 512 tokens for static models.
fn max_length(root: &Path, layout: &Layout) -> Result<usize, ModelError> {
    match &layout.kind {
        ModelKind::Static(StaticStyle::Model2Vec { max_length }) => {
            Ok(max_length.unwrap_or(usize::MAX))
        }
        ModelKind::Static(StaticStyle::SentenceTransformers) => Ok(usize::MAX),
        ModelKind::Encoder(c) => {
            let limit = c.max_tokens();
            let sbert = config::read_max_seq_length(&root.join("sentence_bert_config.json"))?;
            let tok = config::read_tokenizer_max_length(&layout.dir.join("tokenizer_config.json"));
            Ok(sbert.or(tok).map_or(limit, |v| v.min(limit)).max(2))
        }
    }
}

fn configure_tokenizer(
    mut tok: tokenizers::Tokenizer,
    kind: &ModelKind,
    max_length: usize,
    path: &Path,
) -> Result<tokenizers::Tokenizer, ModelError> {
    tok.with_padding(None);
    // sentence-transformers' StaticEmbedding keeps the file's truncation; model2vec sets its
    // own `max_length`; encoders truncate at the model's limit.
    let truncation = match kind {
        ModelKind::Static(StaticStyle::SentenceTransformers) => return Ok(tok),
        ModelKind::Static(StaticStyle::Model2Vec { max_length: None }) => None,
        _ => Some(tokenizers::TruncationParams {
            max_length,
            ..tokenizers::TruncationParams::default()
        }),
    };
    tok.with_truncation(truncation)
        .map_err(|e| ModelError::BadTokenizer {
            path: path.to_path_buf(),
            reason: e.to_string(),
        })?;
    Ok(tok)
}
