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

/// Element type stored in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dtype {
    /// 32-bit float.
    F32,
    /// IEEE half.
    F16,
    /// bfloat16.
    Bf16,
    /// 64-bit float.
    F64,
    /// 64-bit integer (model2vec's token `mapping`; exact in f32 below 2²⁴).
    I64,
    /// 32-bit integer.
    I32,
}

impl Dtype {
    fn parse(s: &str) -> Option<Self> {
        match s {
            "F32" => Some(Self::F32),
            "F16" => Some(Self::F16),
            "BF16" => Some(Self::Bf16),
            "F64" => Some(Self::F64),
            "I64" => Some(Self::I64),
            "I32" => Some(Self::I32),
            _ => None,
        }
    }

    /// Bytes per element.
    #[must_use]
    pub fn size(self) -> usize {
        match self {
            Self::F16 | Self::Bf16 => 2,
            Self::F32 | Self::I32 => 4,
            Self::F64 | Self::I64 => 8,
        }
    }
}

/// A tensor converted to f32, row-major.
#[derive(Debug, Clone, PartialEq)]
pub struct Tensor {
    /// Dimensions.
    pub shape: Vec<usize>,
    /// `shape.iter().product()` values.
    pub data: Vec<f32>,
}

#[derive(Debug, Clone)]
struct Entry {
    file: usize,
    dtype: Dtype,
    shape: Vec<usize>,
    /// Absolute byte offset in the file.
    start: u64,
}

/// The headers of a model's safetensors file(s): names, types, shapes, where the data is.
#[derive(Debug, Clone)]
pub struct TensorIndex {
    files: Vec<PathBuf>,
    entries: BTreeMap<String, Entry>,
}

#[derive(serde::Deserialize)]
struct RawEntry {
    dtype: String,
    shape: Vec<usize>,
    data_offsets: [u64; 2],
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

fn convert(dtype: Dtype, raw: &[u8], out: &mut [f32]) {
    match dtype {
        Dtype::F16 => {
            for (o, c) in out.iter_mut().zip(raw.chunks_exact(2)) {
                *o = half::f16::from_le_bytes([c[0], c[1]]).to_f32();
            }
        }
        Dtype::Bf16 => {
            for (o, c) in out.iter_mut().zip(raw.chunks_exact(2)) {
                *o = half::bf16::from_le_bytes([c[0], c[1]]).to_f32();
            }
        }
        Dtype::F64 => {
            for (o, c) in out.iter_mut().zip(raw.chunks_exact(8)) {
                let mut b = [0u8; 8];
                b.copy_from_slice(c);
                *o = f64::from_le_bytes(b) as f32;
            }
        }
        Dtype::I64 => {
            for (o, c) in out.iter_mut().zip(raw.chunks_exact(8)) {
                let mut b = [0u8; 8];
                b.copy_from_slice(c);
                *o = i64::from_le_bytes(b) as f32;
            }
        }
        Dtype::I32 => {
            for (o, c) in out.iter_mut().zip(raw.chunks_exact(4)) {
                *o = i32::from_le_bytes([c[0], c[1], c[2], c[3]]) as f32;
            }
        }
        Dtype::F32 => {
            for (o, c) in out.iter_mut().zip(raw.chunks_exact(4)) {
                *o = f32::from_le_bytes([c[0], c[1], c[2], c[3]]);
            }
        }
    }
}

fn shard_files(index: &Path) -> Result<Vec<PathBuf>, ModelError> {
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

fn read_header(
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

#[cfg(test)]
mod tests {
    use super::*;

    fn write(path: &Path, header: &str, data: &[u8]) {
        let mut bytes = (header.len() as u64).to_le_bytes().to_vec();
        bytes.extend_from_slice(header.as_bytes());
        bytes.extend_from_slice(data);
        std::fs::write(path, bytes).unwrap();
    }

    #[test]
    fn reads_f16_and_f32() {
        let dir = tempfile::tempdir().unwrap();
        let mut data = Vec::new();
        for v in [1.5f32, -2.0] {
            data.extend_from_slice(&v.to_le_bytes());
        }
        for v in [0.25f32, 3.0] {
            data.extend_from_slice(&half::f16::from_f32(v).to_le_bytes());
        }
        write(
            &dir.path().join("model.safetensors"),
            r#"{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F16","shape":[1,2],"data_offsets":[8,12]},"__metadata__":{"format":"pt"}}"#,
            &data,
        );
        let idx = TensorIndex::open(dir.path()).unwrap();
        let mut h = xxhash_rust::xxh3::Xxh3::new();
        assert_eq!(idx.read("a", &mut h).unwrap().data, vec![1.5, -2.0]);
        let b = idx.read("b", &mut h).unwrap();
        assert_eq!((b.shape, b.data), (vec![1, 2], vec![0.25, 3.0]));
        assert_eq!(idx.f32_bytes(|_| true), 16);
    }

    #[test]
    fn rows_and_the_streamed_hash_match_the_whole_read() {
        let dir = tempfile::tempdir().unwrap();
        let values: Vec<f32> = (0..15).map(|v| v as f32 * 0.5).collect();
        let data: Vec<u8> = values
            .iter()
            .flat_map(|v| half::f16::from_f32(*v).to_le_bytes())
            .collect();
        write(
            &dir.path().join("model.safetensors"),
            r#"{"t":{"dtype":"F16","shape":[5,3],"data_offsets":[0,30]}}"#,
            &data,
        );
        let idx = TensorIndex::open(dir.path()).unwrap();
        let (mut whole, mut streamed) = (
            xxhash_rust::xxh3::Xxh3::new(),
            xxhash_rust::xxh3::Xxh3::new(),
        );
        let all = idx.read("t", &mut whole).unwrap().data;
        idx.hash_only("t", &mut streamed).unwrap();
        assert_eq!(whole.digest(), streamed.digest());
        // Rows 0, 2 and 3: a run of one and a run of two.
        let rows = idx.read_rows("t", &[0, 2, 3]).unwrap();
        assert_eq!(rows[..3], all[..3]);
        assert_eq!(rows[3..], all[6..12]);
        assert_eq!(rows, vec![0.0, 0.5, 1.0, 3.0, 3.5, 4.0, 4.5, 5.0, 5.5]);
        let e = idx.read_rows("t", &[4, 5]).unwrap_err().to_string();
        assert!(e.contains("row 5 asked of a 5-row matrix"), "{e}");
    }

    #[test]
    fn truncated_and_unknown_dtype_are_errors() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("model.safetensors");
        write(
            &p,
            r#"{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]}}"#,
            &[0; 8],
        );
        let e = TensorIndex::open(dir.path()).unwrap_err().to_string();
        assert!(
            e.contains("model.safetensors") && e.contains("truncated"),
            "{e}"
        );
        write(
            &p,
            r#"{"a":{"dtype":"I8","shape":[4],"data_offsets":[0,4]}}"#,
            &[0; 4],
        );
        let e = TensorIndex::open(dir.path()).unwrap_err().to_string();
        assert!(e.contains("dtype I8"), "{e}");
        std::fs::write(&p, [1, 2, 3]).unwrap();
        let e = TensorIndex::open(dir.path()).unwrap_err().to_string();
        assert!(e.contains("shorter than the 8-byte header"), "{e}");
        std::fs::write(&p, [255; 16]).unwrap();
        let e = TensorIndex::open(dir.path()).unwrap_err().to_string();
        assert!(e.contains("does not fit"), "{e}");
    }
}
