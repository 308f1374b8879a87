//! What can go wrong while opening a model folder. Every message names the file.

use std::path::PathBuf;

/// A model folder that cannot be used, with the file and the problem.
#[derive(Debug, thiserror::Error)]
pub enum ModelError {
    /// The path does not exist or is not a folder.
    #[error("{}: not a model folder (it does not exist or is not a directory)", path.display())]
    NotAFolder {
        /// The path given.
        path: PathBuf,
    },
    /// A file the model needs is absent.
    #[error("{}: file not found ({what})", path.display())]
    MissingFile {
        /// The file expected.
        path: PathBuf,
        /// What it is for.
        what: &'static str,
    },
    /// A file could not be read.
    #[error("{}: cannot read the file: {reason}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The operating system's message.
        reason: String,
    },
    /// A JSON file that does not parse or lacks a field.
    #[error("{}: {reason}", path.display())]
    BadJson {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
    /// `config.json` names an architecture this app cannot run.
    #[error(
        "{}: unsupported architecture \"{found}\" (supported: {})",
        path.display(),
        crate::data::models::SUPPORTED_FAMILIES
    )]
    UnsupportedArchitecture {
        /// The config file.
        path: PathBuf,
        /// The `model_type` / architecture found.
        found: String,
    },
    /// A sentence-transformers module this app does not implement.
    #[error("{}: unsupported module \"{found}\" (supported: Transformer, StaticEmbedding, Pooling, Normalize)", path.display())]
    UnsupportedModule {
        /// `modules.json`.
        path: PathBuf,
        /// The module type.
        found: String,
    },
    /// A safetensors file that is truncated or malformed.
    #[error("{}: not a valid safetensors file: {reason}", path.display())]
    BadSafetensors {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        reason: String,
    },
    /// A tensor stored in a type this app cannot convert to f32.
    #[error(
        "{}: tensor \"{tensor}\" has dtype {dtype} (supported: F32, F16, BF16, F64)",
        path.display()
    )]
    UnknownDtype {
        /// The file.
        path: PathBuf,
        /// Tensor name.
        tensor: String,
        /// The dtype found.
        dtype: String,
    },
    /// A tensor the architecture needs is absent or has the wrong shape.
    #[error("{}: tensor \"{tensor}\": {reason}", path.display())]
    BadTensor {
        /// The weights file (or folder when sharded).
        path: PathBuf,
        /// Tensor name.
        tensor: String,
        /// Expected vs found.
        reason: String,
    },
    /// The tokenizer file does not load.
    #[error("{}: cannot load the tokenizer: {reason}", path.display())]
    BadTokenizer {
        /// `tokenizer.json`.
        path: PathBuf,
        /// The tokenizers library's message.
        reason: String,
    },
    /// The tokenizer knows more tokens than the embedding matrix has rows.
    #[error(
        "{}: the tokenizer has {tokenizer} tokens but the embedding matrix has {matrix} rows (tokenizer and weights do not belong together)",
        path.display()
    )]
    VocabMismatch {
        /// `tokenizer.json`.
        path: PathBuf,
        /// Tokens in the tokenizer.
        tokenizer: usize,
        /// Rows in the embedding matrix.
        matrix: usize,
    },
    /// Loading the weights would not fit in the free memory.
    #[error(
        "{}: the model needs {:.1} MB as f32 but only {:.1} MB of memory are free; close other programs or pick a smaller model",
        path.display(),
        *needed_bytes as f64 / 1e6,
        *available_bytes as f64 / 1e6
    )]
    TooLarge {
        /// The model folder.
        path: PathBuf,
        /// Bytes the f32 weights take.
        needed_bytes: u64,
        /// Bytes available.
        available_bytes: u64,
    },
}

impl ModelError {
    /// An I/O error on `path`.
    pub(crate) fn io(path: &std::path::Path, e: &std::io::Error) -> Self {
        Self::Io {
            path: path.to_path_buf(),
            reason: e.to_string(),
        }
    }

    /// A JSON problem in `path`.
    pub(crate) fn json(path: &std::path::Path, reason: impl std::fmt::Display) -> Self {
        Self::BadJson {
            path: path.to_path_buf(),
            reason: reason.to_string(),
        }
    }
}
