//! `--model DIR [--columns …] [--prefix TEXT] [--batch N]`: the text model for
//! `--method text-model` (and the content part of `--method hybrid`), shared by `run`, `export`,
//! `compare`, `recommend` and `eval`.

use std::path::PathBuf;

use anyhow::bail;
use clap::Args;

use crate::embed::EmbedParams;
use crate::embed::text_model::{DEFAULT_BATCH, TextModelParams};

/// The model flags.
#[derive(Debug, Clone, Args)]
pub(super) struct TextModelArgs {
    /// Model folder for `--method text-model` (a sentence-transformers / Hugging Face folder or
    /// a model2vec static model; `embedscope models` lists those on this machine). With
    /// `--method hybrid` it replaces TF-IDF as the content part. Nothing is ever downloaded.
    #[arg(long, value_name = "DIR")]
    pub(super) model: Option<PathBuf>,
    /// Item text columns for the text model, comma-separated (default: title, and description
    /// when there is one).
    #[arg(long, value_delimiter = ',', requires = "model")]
    pub(super) columns: Vec<String>,
    /// Text put before every item for the text model (e.g. "passage: " for e5); default: the
    /// model's own prompt, if any.
    #[arg(long, requires = "model")]
    pub(super) prefix: Option<String>,
    /// Texts per batch for the text model.
    #[arg(long, default_value_t = DEFAULT_BATCH, requires = "model")]
    pub(super) batch: usize,
}

impl TextModelArgs {
    /// The text model these flags name (identity hashed), if any.
    ///
    /// # Errors
    /// A zero batch; the model folder's errors.
    pub(super) fn params(&self) -> anyhow::Result<Option<TextModelParams>> {
        let Some(model) = &self.model else {
            return Ok(None);
        };
        if self.batch == 0 {
            bail!("--batch must be at least 1");
        }
        let p = TextModelParams::for_model(model)?;
        Ok(Some(TextModelParams {
            batch_size: self.batch,
            ..p.with_text(self.columns.clone(), self.prefix.clone())
        }))
    }

    /// `embed` with the model put in: the text model's settings, or the hybrid's content part.
    ///
    /// # Errors
    /// `--method text-model` without `--model`; `--model` with a method that uses no text
    /// model; the model folder's errors.
    pub(super) fn apply(&self, embed: EmbedParams) -> anyhow::Result<EmbedParams> {
        let tm = self.params()?;
        Ok(match (embed, tm) {
            (EmbedParams::TextModel(_), Some(tm)) => EmbedParams::TextModel(tm),
            (EmbedParams::TextModel(_), None) => bail!(
                "--method text-model needs --model DIR (`embedscope models` lists the models on this machine; nothing is downloaded)"
            ),
            (EmbedParams::Hybrid(h), tm @ Some(_)) => {
                EmbedParams::Hybrid(crate::embed::hybrid::HybridParams {
                    text_model: tm,
                    ..h
                })
            }
            (other, Some(_)) => bail!(
                "--model is used by --method text-model (or hybrid); this command runs \"{}\"",
                other.method().as_str()
            ),
            (other, None) => other,
        })
    }
}
