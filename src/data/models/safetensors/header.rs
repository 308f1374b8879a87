//! The headers of safetensors files: an 8-byte little-endian length, then JSON naming each
//! tensor's dtype, shape and data offsets; and the shard list of `model.safetensors.index.json`.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

use super::super::ModelError;
use super::dtype::Dtype;

/// Where one tensor is: its file (index into the list of files), type, shape and offset.
#[derive(Debug, Clone)]
pub(super) struct Entry {
    pub(super) file: usize,
    pub(super) dtype: Dtype,
    pub(super) shape: Vec<usize>,
    /// Absolute byte offset in the file.
    pub(super) start: u64,
}

/// A tensor's entry in the header, as written.
#[derive(serde::Deserialize)]
struct RawEntry {
    dtype: String,
    shape: Vec<usize>,
    data_offsets: [u64; 2],
}

/// The shard files named in `model.safetensors.index.json`, each once, sorted.
pub(super) fn shard_files(index: &Path) -> Result<Vec<PathBuf>, ModelError> {
    #[derive(serde::Deserialize)]
    struct Index {
        weight_map: BTreeMap<String, String>,
    }
    let text = std::fs::read_to_string(index).map_err(|e| ModelError::io(index, &e))?;
    let parsed: Index = serde_json::from_str(&text).map_err(|e| ModelError::json(index, e))?;
    let dir = index.parent().unwrap_or_else(|| Path::new("."));
    let mut names: Vec<&String> = parsed.weight_map.values().collect();
    names.sort();
    names.dedup();
    let files: Vec<PathBuf> = names.into_iter().map(|n| dir.join(n)).collect();
    if let Some(missing) = files.iter().find(|f| !f.is_file()) {
        return Err(ModelError::MissingFile {
            path: missing.clone(),
            what: "a weights shard listed in model.safetensors.index.json",
        });
    }
    Ok(files)
}

/// Read one file's header into `entries` (tensors of file number `file`), checking every
/// tensor's type, size and offsets against the file.
pub(super) fn read_header(
    path: &Path,
    file: usize,
    entries: &mut BTreeMap<String, Entry>,
) -> Result<(), ModelError> {
    let bad = |reason: String| ModelError::BadSafetensors {
        path: path.to_path_buf(),
        reason,
    };
    let mut f = File::open(path).map_err(|e| ModelError::io(path, &e))?;
    let file_len = f.metadata().map_err(|e| ModelError::io(path, &e))?.len();
    let mut len_bytes = [0u8; 8];
    f.read_exact(&mut len_bytes).map_err(|_| {
        bad(format!(
            "{file_len} bytes, shorter than the 8-byte header length"
        ))
    })?;
    let header_len = u64::from_le_bytes(len_bytes);
    if header_len > file_len.saturating_sub(8) || header_len > 100_000_000 {
        return Err(bad(format!(
            "header length {header_len} does not fit in the {file_len}-byte file"
        )));
    }
    let mut header = vec![0u8; header_len as usize];
    f.read_exact(&mut header)
        .map_err(|e| bad(format!("cannot read the header: {e}")))?;
    let json: BTreeMap<String, serde_json::Value> = serde_json::from_slice(&header)
        .map_err(|e| bad(format!("the header is not valid JSON: {e}")))?;
    let data_start = 8 + header_len;
    let data_len = file_len - data_start;
    for (name, value) in json {
        if name == "__metadata__" {
            continue;
        }
        let raw: RawEntry =
            serde_json::from_value(value).map_err(|e| bad(format!("tensor \"{name}\": {e}")))?;
        let Some(dtype) = Dtype::parse(&raw.dtype) else {
            return Err(ModelError::UnknownDtype {
                path: path.to_path_buf(),
                tensor: name,
                dtype: raw.dtype,
            });
        };
        let [begin, end] = raw.data_offsets;
        let n = raw
            .shape
            .iter()
            .try_fold(1u64, |a, &d| a.checked_mul(d as u64))
            .unwrap_or(u64::MAX);
        let want = n.saturating_mul(dtype.size() as u64);
        if end < begin || end - begin != want {
            return Err(bad(format!(
                "tensor \"{name}\": data_offsets [{begin}, {end}] do not match shape {:?} × {} bytes",
                raw.shape,
                dtype.size()
            )));
        }
        if end > data_len {
            return Err(bad(format!(
                "tensor \"{name}\" ends at byte {end} of the data but the file holds only {data_len} (truncated file?)"
            )));
        }
        entries.insert(
            name,
            Entry {
                file,
                dtype,
                shape: raw.shape,
                start: data_start + begin,
            },
        );
    }
    Ok(())
}
