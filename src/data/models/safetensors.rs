//! Reading safetensors files (one file or shards listed in `model.safetensors.index.json`) into
//! f32 tensors.
//!
//! The format (github.com/huggingface/safetensors): an 8-byte little-endian header length, a
//! JSON header `{name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__": {…}}`, then
//! the raw little-endian data. Our own reader (≈150 lines) rather than the `safetensors` crate:
//! it reads one tensor at a time with `seek` + `read_exact` straight into its f32 buffer (no
//! memory map, no whole-file buffer), so peak memory is the f32 weights plus one tensor's raw
//! bytes when converting from f16/bf16, and every error names the file and the tensor.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::path::{Path, PathBuf};

use super::ModelError;

mod dtype;
mod header;
#[cfg(test)]
mod tests;

pub use dtype::Dtype;
use dtype::convert;
use header::{Entry, read_header, shard_files};

/// A tensor converted to f32, row-major.
#[derive(Debug, Clone, PartialEq)]
pub struct Tensor {
    /// Dimensions.
    pub shape: Vec<usize>,
    /// `shape.iter().product()` values.
    pub data: Vec<f32>,
}

/// The headers of a model's safetensors file(s): names, types, shapes, where the data is.
#[derive(Debug, Clone)]
pub struct TensorIndex {
    files: Vec<PathBuf>,
    entries: BTreeMap<String, Entry>,
}

impl TensorIndex {
    /// Read the header of `model.safetensors`, or of every shard named in
    /// `model.safetensors.index.json`, in `dir`.
    ///
    /// # Errors
    /// Missing weights, a truncated or malformed header, unknown dtypes, offsets outside the file.
    pub fn open(dir: &Path) -> Result<Self, ModelError> {
        let single = dir.join("model.safetensors");
        let index = dir.join("model.safetensors.index.json");
        let files = if single.is_file() {
            vec![single]
        } else if index.is_file() {
            shard_files(&index)?
        } else {
            return Err(ModelError::MissingFile {
                path: single,
                what: "the weights: model.safetensors or model.safetensors.index.json with its shards",
            });
        };
        let mut entries = BTreeMap::new();
        for (i, f) in files.iter().enumerate() {
            read_header(f, i, &mut entries)?;
        }
        Ok(Self { files, entries })
    }

    /// Tensor names, sorted.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.entries.keys().map(String::as_str)
    }

    /// Shape of `name`, if present.
    #[must_use]
    pub fn shape(&self, name: &str) -> Option<&[usize]> {
        self.entries.get(name).map(|e| e.shape.as_slice())
    }

    /// The weights file(s).
    #[must_use]
    pub fn files(&self) -> &[PathBuf] {
        &self.files
    }

    /// Bytes the tensors whose names pass `keep` take once converted to f32.
    pub fn f32_bytes(&self, keep: impl Fn(&str) -> bool) -> u64 {
        self.entries
            .iter()
            .filter(|(n, _)| keep(n))
            .map(|(_, e)| e.shape.iter().product::<usize>() as u64 * 4)
            .sum()
    }

    /// Feed `name` and its raw bytes to `hash` exactly as [`TensorIndex::read`] does, reading
    /// 1 MiB at a time and keeping nothing (the token table of a model whose rows are read
    /// later, only those the texts use).
    ///
    /// # Errors
    /// As [`TensorIndex::read`].
    pub fn hash_only(
        &self,
        name: &str,
        hash: &mut xxhash_rust::xxh3::Xxh3,
    ) -> Result<(), ModelError> {
        let (e, path) = self.entry(name)?;
        let mut f = File::open(path).map_err(|err| ModelError::io(path, &err))?;
        f.seek(SeekFrom::Start(e.start))
            .map_err(|err| ModelError::io(path, &err))?;
        let mut left = e.shape.iter().product::<usize>() * e.dtype.size();
        let mut buf = vec![0u8; left.min(1 << 20)];
        hash.update(name.as_bytes());
        while left > 0 {
            let chunk = &mut buf[..left.min(1 << 20)];
            f.read_exact(chunk)
                .map_err(|err| truncated(path, name, &err))?;
            hash.update(chunk);
            left -= chunk.len();
        }
        Ok(())
    }

    /// Rows `rows` (sorted, distinct) of the 2-D tensor `name` as f32, row after row: runs of
    /// consecutive rows are read with one seek and one read each.
    ///
    /// # Errors
    /// Absent or non-2-D tensor, a row beyond the matrix, I/O errors.
    pub fn read_rows(&self, name: &str, rows: &[u32]) -> Result<Vec<f32>, ModelError> {
        let (e, path) = self.entry(name)?;
        let bad = |reason: String| ModelError::BadTensor {
            path: path.clone(),
            tensor: name.to_owned(),
            reason,
        };
        let [n_rows, dim] = e.shape[..] else {
            return Err(bad(format!(
                "expected a 2-D matrix, found shape {:?}",
                e.shape
            )));
        };
        if let Some(&r) = rows.iter().find(|&&r| r as usize >= n_rows) {
            return Err(bad(format!("row {r} asked of a {n_rows}-row matrix")));
        }
        let size = e.dtype.size();
        let row_bytes = (dim * size) as u64;
        let mut f = File::open(path).map_err(|err| ModelError::io(path, &err))?;
        let mut out = vec![0f32; rows.len() * dim];
        let mut raw = Vec::new();
        let mut i = 0;
        while i < rows.len() {
            let mut j = i + 1;
            while j < rows.len() && rows[j] == rows[j - 1] + 1 {
                j += 1;
            }
            f.seek(SeekFrom::Start(e.start + u64::from(rows[i]) * row_bytes))
                .map_err(|err| ModelError::io(path, &err))?;
            raw.resize((j - i) * dim * size, 0);
            f.read_exact(&mut raw)
                .map_err(|err| truncated(path, name, &err))?;
            convert(e.dtype, &raw, &mut out[i * dim..j * dim]);
            i = j;
        }
        Ok(out)
    }

    fn entry(&self, name: &str) -> Result<(&Entry, &PathBuf), ModelError> {
        match self.entries.get(name) {
            Some(e) => Ok((e, &self.files[e.file])),
            None => Err(ModelError::BadTensor {
                path: self.files.first().map_or_else(PathBuf::new, Clone::clone),
                tensor: name.to_owned(),
                reason: "not in the weights file".to_owned(),
            }),
        }
    }

    /// Read `name` as f32, feeding its raw bytes to `hash`.
    ///
    /// # Errors
    /// Absent tensor, I/O errors, a file shorter than the header says.
    pub fn read(
        &self,
        name: &str,
        hash: &mut xxhash_rust::xxh3::Xxh3,
    ) -> Result<Tensor, ModelError> {
        let (e, path) = self.entry(name)?;
        let n: usize = e.shape.iter().product();
        let mut f = File::open(path).map_err(|err| ModelError::io(path, &err))?;
        f.seek(SeekFrom::Start(e.start))
            .map_err(|err| ModelError::io(path, &err))?;
        let truncated = |err: std::io::Error| truncated(path, name, &err);
        let mut data = vec![0f32; n];
        hash.update(name.as_bytes());
        match e.dtype {
            Dtype::F32 => {
                let bytes: &mut [u8] = bytemuck::cast_slice_mut(&mut data);
                f.read_exact(bytes).map_err(truncated)?;
                hash.update(bytes);
                if cfg!(target_endian = "big") {
                    for v in &mut data {
                        *v = f32::from_bits(u32::from_le(v.to_bits()));
                    }
                }
            }
            dtype => {
                let mut raw = vec![0u8; n * dtype.size()];
                f.read_exact(&mut raw).map_err(truncated)?;
                hash.update(&raw);
                convert(dtype, &raw, &mut data);
            }
        }
        Ok(Tensor {
            shape: e.shape.clone(),
            data,
        })
    }
}

fn truncated(path: &Path, name: &str, err: &std::io::Error) -> ModelError {
    ModelError::BadSafetensors {
        path: path.to_path_buf(),
        reason: format!("tensor \"{name}\": the file ends before its data ({err})"),
    }
}
