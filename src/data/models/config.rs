//! The JSON files of a model folder: `config.json` (architecture), `modules.json` (the
//! sentence-transformers pipeline), `1_Pooling/config.json`, `sentence_bert_config.json` (max
//! length) and `config_sentence_transformers.json` (prompts).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::ModelError;

/// The encoder families this app runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Family {
    /// BERT (all-MiniLM-*, bge-*-en, e5-*-v2, multilingual MiniLM).
    Bert,
    /// XLM-RoBERTa / RoBERTa (multilingual-e5-*, paraphrase-multilingual-*, bge-m3 dense):
    /// BERT with position ids offset by `pad_token_id + 1`.
    XlmRoberta,
    /// A static model: token lookup + mean (model2vec, sentence-transformers StaticEmbedding).
    Static,
}

impl Family {
    /// Stable name used in JSON and the CLI.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Bert => "bert",
            Self::XlmRoberta => "xlm-roberta",
            Self::Static => "static",
        }
    }
}

/// The `hidden_act` of a transformer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Activation {
    /// Exact GELU, x·Φ(x) (`"gelu"`).
    Gelu,
    /// The tanh approximation (`"gelu_new"`, `"gelu_pytorch_tanh"`).
    GeluTanh,
    /// max(0, x).
    Relu,
}

/// The transformer hyper-parameters from `config.json`.
#[derive(Debug, Clone, PartialEq)]
pub struct EncoderConfig {
    /// BERT or XLM-RoBERTa.
    pub family: Family,
    /// Width of the hidden states.
    pub hidden_size: usize,
    /// Attention heads per layer.
    pub num_heads: usize,
    /// Transformer layers.
    pub num_layers: usize,
    /// Width of the feed-forward layer.
    pub intermediate_size: usize,
    /// Feed-forward activation.
    pub activation: Activation,
    /// LayerNorm epsilon.
    pub layer_norm_eps: f32,
    /// Rows of the position embedding table.
    pub max_position_embeddings: usize,
    /// Padding token id (XLM-R positions start at `pad_token_id + 1`).
    pub pad_token_id: usize,
}

impl EncoderConfig {
    /// Longest input (tokens, specials included) the position table allows.
    #[must_use]
    pub fn max_tokens(&self) -> usize {
        match self.family {
            Family::XlmRoberta => self
                .max_position_embeddings
                .saturating_sub(self.pad_token_id + 1),
            _ => self.max_position_embeddings,
        }
    }
}

#[derive(serde::Deserialize)]
struct RawConfig {
    model_type: Option<String>,
    architectures: Option<Vec<String>>,
    hidden_size: Option<usize>,
    num_attention_heads: Option<usize>,
    num_hidden_layers: Option<usize>,
    intermediate_size: Option<usize>,
    hidden_act: Option<String>,
    layer_norm_eps: Option<f64>,
    max_position_embeddings: Option<usize>,
    pad_token_id: Option<usize>,
    position_embedding_type: Option<String>,
    normalize: Option<bool>,
}

/// What `config.json` describes.
#[derive(Debug, Clone, PartialEq)]
pub enum ConfigKind {
    /// A transformer encoder.
    Encoder(EncoderConfig),
    /// A model2vec static model, with its `normalize` flag.
    Model2Vec {
        /// Whether output rows are scaled to unit length.
        normalize: bool,
        /// Token limit (`max_length`: 512 when absent, none when `null`).
        max_length: Option<usize>,
    },
}

pub(crate) fn read_json<T: serde::de::DeserializeOwned>(path: &Path) -> Result<T, ModelError> {
    let text = std::fs::read_to_string(path).map_err(|e| ModelError::io(path, &e))?;
    serde_json::from_str(&text).map_err(|e| ModelError::json(path, e))
}

/// Parse `config.json`.
///
/// # Errors
/// Unreadable JSON, unsupported architectures, missing hyper-parameters.
pub fn read_config(path: &Path) -> Result<ConfigKind, ModelError> {
    if !path.is_file() {
        return Err(ModelError::MissingFile {
            path: path.to_path_buf(),
            what: "the model's config.json",
        });
    }
    let value: serde_json::Value = read_json(path)?;
    let m2v_max_length = match value.get("max_length") {
        None => Some(512),
        Some(v) => v.as_u64().map(|n| n as usize),
    };
    let raw: RawConfig = serde_json::from_value(value).map_err(|e| ModelError::json(path, e))?;
    let model_type = raw.model_type.clone().unwrap_or_default();
    let family = match model_type.as_str() {
        "model2vec" => {
            return Ok(ConfigKind::Model2Vec {
                normalize: raw.normalize.unwrap_or(false),
                max_length: m2v_max_length,
            });
        }
        "bert" => Family::Bert,
        "xlm-roberta" | "roberta" | "camembert" => Family::XlmRoberta,
        "" if raw.hidden_size.is_none() && raw.normalize.is_some() => {
            return Ok(ConfigKind::Model2Vec {
                normalize: raw.normalize.unwrap_or(false),
                max_length: m2v_max_length,
            });
        }
        other => {
            let found = if other.is_empty() {
                raw.architectures
                    .as_ref()
                    .and_then(|a| a.first().cloned())
                    .unwrap_or_else(|| "(no model_type)".to_owned())
            } else {
                other.to_owned()
            };
            return Err(ModelError::UnsupportedArchitecture {
                path: path.to_path_buf(),
                found,
            });
        }
    };
    if let Some(p) = raw.position_embedding_type.as_deref()
        && p != "absolute"
    {
        return Err(ModelError::UnsupportedArchitecture {
            path: path.to_path_buf(),
            found: format!("{model_type} with position_embedding_type \"{p}\""),
        });
    }
    let need = |v: Option<usize>, field: &str| {
        v.filter(|&n| n > 0)
            .ok_or_else(|| ModelError::json(path, format!("missing or zero \"{field}\"")))
    };
    let activation = match raw.hidden_act.as_deref().unwrap_or("gelu") {
        "gelu" => Activation::Gelu,
        "gelu_new" | "gelu_pytorch_tanh" | "gelu_fast" => Activation::GeluTanh,
        "relu" => Activation::Relu,
        other => {
            return Err(ModelError::json(
                path,
                format!("hidden_act \"{other}\" is not supported (gelu, gelu_new, relu)"),
            ));
        }
    };
    let hidden_size = need(raw.hidden_size, "hidden_size")?;
    let num_heads = need(raw.num_attention_heads, "num_attention_heads")?;
    if hidden_size % num_heads != 0 {
        return Err(ModelError::json(
            path,
            format!(
                "hidden_size {hidden_size} is not a multiple of num_attention_heads {num_heads}"
            ),
        ));
    }
    Ok(ConfigKind::Encoder(EncoderConfig {
        family,
        hidden_size,
        num_heads,
        num_layers: need(raw.num_hidden_layers, "num_hidden_layers")?,
        intermediate_size: need(raw.intermediate_size, "intermediate_size")?,
        activation,
        layer_norm_eps: raw.layer_norm_eps.unwrap_or(1e-12) as f32,
        max_position_embeddings: need(raw.max_position_embeddings, "max_position_embeddings")?,
        pad_token_id: raw.pad_token_id.unwrap_or(match family {
            Family::XlmRoberta => 1,
            _ => 0,
        }),
    }))
}

/// How token vectors become one row (sentence-transformers `Pooling`). Several modes are
/// concatenated in the order sentence-transformers uses: cls, max, mean, mean_sqrt_len,
/// weighted mean, last token.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[expect(
    clippy::struct_excessive_bools,
    reason = "one switch per sentence-transformers pooling mode, any combination allowed"
)]
pub struct Pooling {
    /// The first token's vector.
    pub cls: bool,
    /// Element-wise max over tokens.
    pub max: bool,
    /// Mean over tokens.
    pub mean: bool,
    /// Sum over tokens / √length.
    pub mean_sqrt_len: bool,
    /// Mean weighted by position (1, 2, …).
    pub weighted_mean: bool,
    /// The last token's vector.
    pub last_token: bool,
}

impl Pooling {
    /// Mean pooling (the sentence-transformers default for a plain transformer folder).
    #[must_use]
    pub fn mean() -> Self {
        Self {
            mean: true,
            ..Self::default()
        }
    }

    /// How many modes are on (the output is that many × hidden wide).
    #[must_use]
    pub fn count(self) -> usize {
        [
            self.cls,
            self.max,
            self.mean,
            self.mean_sqrt_len,
            self.weighted_mean,
            self.last_token,
        ]
        .iter()
        .filter(|&&b| b)
        .count()
    }

    /// Short name: "cls", "mean", "max", or modes joined by "+".
    #[must_use]
    pub fn name(self) -> String {
        let names = [
            (self.cls, "cls"),
            (self.max, "max"),
            (self.mean, "mean"),
            (self.mean_sqrt_len, "mean_sqrt_len"),
            (self.weighted_mean, "weighted_mean"),
            (self.last_token, "last_token"),
        ];
        let on: Vec<&str> = names.iter().filter(|(b, _)| *b).map(|(_, n)| *n).collect();
        on.join("+")
    }
}

#[derive(serde::Deserialize)]
#[expect(
    clippy::struct_excessive_bools,
    reason = "mirrors sentence-transformers' Pooling config file"
)]
struct RawPooling {
    #[serde(default)]
    pooling_mode_cls_token: bool,
    #[serde(default)]
    pooling_mode_mean_tokens: bool,
    #[serde(default)]
    pooling_mode_max_tokens: bool,
    #[serde(default)]
    pooling_mode_mean_sqrt_len_tokens: bool,
    #[serde(default)]
    pooling_mode_weightedmean_tokens: bool,
    #[serde(default)]
    pooling_mode_lasttoken: bool,
    #[serde(default = "yes")]
    include_prompt: bool,
    /// sentence-transformers ≥ 6: `"mean"` or a list of modes instead of the booleans.
    pooling_mode: Option<serde_json::Value>,
}

fn yes() -> bool {
    true
}

/// Parse a sentence-transformers Pooling `config.json`; also returns `include_prompt`.
///
/// # Errors
/// Unreadable JSON or no mode switched on.
pub fn read_pooling(path: &Path) -> Result<(Pooling, bool), ModelError> {
    let raw: RawPooling = read_json(path)?;
    let mut p = Pooling {
        cls: raw.pooling_mode_cls_token,
        max: raw.pooling_mode_max_tokens,
        mean: raw.pooling_mode_mean_tokens,
        mean_sqrt_len: raw.pooling_mode_mean_sqrt_len_tokens,
        weighted_mean: raw.pooling_mode_weightedmean_tokens,
        last_token: raw.pooling_mode_lasttoken,
    };
    if let Some(mode) = &raw.pooling_mode {
        let modes: Vec<&serde_json::Value> = match mode {
            serde_json::Value::Array(a) => a.iter().collect(),
            other => vec![other],
        };
        for m in modes {
            match m.as_str().unwrap_or_default() {
                "cls" => p.cls = true,
                "max" => p.max = true,
                "mean" => p.mean = true,
                "mean_sqrt_len_tokens" => p.mean_sqrt_len = true,
                "weightedmean" => p.weighted_mean = true,
                "lasttoken" => p.last_token = true,
                _ => {
                    return Err(ModelError::json(
                        path,
                        format!(
                            "unknown pooling_mode {m} (cls, max, mean, mean_sqrt_len_tokens, weightedmean, lasttoken)"
                        ),
                    ));
                }
            }
        }
    }
    if p.count() == 0 {
        return Err(ModelError::json(path, "no pooling mode is switched on"));
    }
    Ok((p, raw.include_prompt))
}

/// One entry of `modules.json`.
#[derive(Debug, Clone, serde::Deserialize)]
pub struct ModuleEntry {
    /// Sub-folder ("" or "." for the root).
    #[serde(default)]
    pub path: String,
    /// Python class, e.g. `sentence_transformers.models.Pooling`.
    #[serde(rename = "type")]
    pub kind: String,
}

impl ModuleEntry {
    /// The class name without its Python module path.
    #[must_use]
    pub fn short_kind(&self) -> &str {
        self.kind.rsplit('.').next().unwrap_or(&self.kind)
    }

    /// The module's folder inside `root`.
    #[must_use]
    pub fn dir(&self, root: &Path) -> PathBuf {
        if self.path.is_empty() || self.path == "." {
            root.to_path_buf()
        } else {
            root.join(&self.path)
        }
    }
}

/// `max_seq_length` from `sentence_bert_config.json` (or a StaticEmbedding's own config).
pub(crate) fn read_max_seq_length(path: &Path) -> Result<Option<usize>, ModelError> {
    #[derive(serde::Deserialize)]
    struct Raw {
        max_seq_length: Option<usize>,
    }
    if !path.is_file() {
        return Ok(None);
    }
    Ok(read_json::<Raw>(path)?.max_seq_length)
}

/// `model_max_length` from `tokenizer_config.json`, when it is a real limit (transformers
/// writes 1e30 for "none").
pub(crate) fn read_tokenizer_max_length(path: &Path) -> Option<usize> {
    #[derive(serde::Deserialize)]
    struct Raw {
        model_max_length: Option<f64>,
    }
    let raw: Raw = read_json(path).ok()?;
    raw.model_max_length
        .filter(|&v| v > 0.0 && v < 1e9)
        .map(|v| v as usize)
}

/// Prompts from `config_sentence_transformers.json`.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Prompts {
    /// Name → text (e.g. "query" → "query: ").
    pub prompts: BTreeMap<String, String>,
    /// The prompt used when none is named.
    pub default_prompt_name: Option<String>,
}

impl Prompts {
    /// The default prompt's text, if any.
    #[must_use]
    pub fn default_text(&self) -> Option<&str> {
        self.default_prompt_name
            .as_ref()
            .and_then(|n| self.prompts.get(n))
            .map(String::as_str)
    }
}

pub(crate) fn read_prompts(path: &Path) -> Result<Prompts, ModelError> {
    #[derive(serde::Deserialize)]
    struct Raw {
        #[serde(default)]
        prompts: BTreeMap<String, String>,
        default_prompt_name: Option<String>,
    }
    if !path.is_file() {
        return Ok(Prompts::default());
    }
    let raw: Raw = read_json(path)?;
    Ok(Prompts {
        prompts: raw.prompts,
        default_prompt_name: raw.default_prompt_name,
    })
}
