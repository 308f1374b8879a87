//! NumPy `.npy` matrices (2-D, float32 or float64, C order) in and out.
//!
//! Reading follows the format specification (NEP 1, `numpy.lib.format`): the magic
//! `\x93NUMPY`, a version byte pair, a little-endian header length (`u16` in 1.0, `u32` in 2.0
//! and 3.0) and a Python dict literal `{'descr': '<f4', 'fortran_order': False, 'shape': (n, d), }`.
//! It is hand-written rather than `ndarray-npy`'s `read_npy` because the header is checked before
//! any data is read — dtype, order, dimensions, and the file size against the shape, so a
//! truncated file or an absurd shape fails at once with a message saying which — and the data is
//! then streamed in chunks with byte progress and Cancel. Writing uses `ndarray-npy`.
//!
//! Vectors are used as `f32`; a float64 file is read and narrowed. Non-finite values are
//! rejected with their (0-based) row and column.

use std::io::Read;
use std::path::Path;

use ndarray::{Array2, ArrayBase, Data, Ix2};
use ndarray_npy::write_npy;

use super::progress::{ProgressRead, read_error};
use crate::error::{DataError, Location, NpyProblem, Part};
use crate::progress::{Progress, Stage};

/// The element type of a `.npy` file this app reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dtype {
    /// `<f4` / `>f4`.
    F32,
    /// `<f8` / `>f8`.
    F64,
}

impl Dtype {
    /// Bytes per element.
    #[must_use]
    pub fn size(self) -> usize {
        match self {
            Self::F32 => 4,
            Self::F64 => 8,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Self::F32 => "float32",
            Self::F64 => "float64",
        }
    }
}

/// A checked `.npy` header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NpyHeader {
    /// Element type.
    pub dtype: Dtype,
    /// Big-endian elements (`>f4`).
    pub big_endian: bool,
    /// Rows (first axis).
    pub rows: usize,
    /// Columns (second axis).
    pub cols: usize,
    /// Bytes before the data (magic, version, length, dict).
    pub data_offset: u64,
}

/// The value text of `key` in a Python dict literal (a quoted string, a tuple, or a word).
fn dict_value<'a>(dict: &'a str, key: &str) -> Option<&'a str> {
    let start = dict
        .find(&format!("'{key}'"))
        .or_else(|| dict.find(&format!("\"{key}\"")))?;
    let rest = dict[start + key.len() + 2..]
        .trim_start()
        .strip_prefix(':')?;
    let rest = rest.trim_start();
    let end = match rest.chars().next()? {
        q @ ('\'' | '"') => rest[1..].find(q)? + 2,
        '(' => rest.find(')')? + 1,
        _ => rest.find([',', '}']).unwrap_or(rest.len()),
    };
    Some(rest[..end].trim())
}

/// Read and check the header of a `.npy` file of `file_len` bytes (named `file` in messages).
///
/// # Errors
/// Not a `.npy` file, an unsupported version, dtype or order, not 2-D, no rows, or a file too
/// short for its shape — each with its own message.
pub fn read_header(r: &mut impl Read, file: &str, file_len: u64) -> Result<NpyHeader, DataError> {
    let bad = |problem: NpyProblem| DataError::Npy {
        file: file.to_owned(),
        problem: Box::new(problem),
    };
    let short = || bad(NpyProblem::HeaderTruncated);
    let mut magic = [0u8; 8];
    r.read_exact(&mut magic).map_err(|_| short())?;
    if &magic[..6] != b"\x93NUMPY" {
        return Err(bad(NpyProblem::NotNpy));
    }
    let (major, minor) = (magic[6], magic[7]);
    let (len, prefix) = match major {
        1 => {
            let mut b = [0u8; 2];
            r.read_exact(&mut b).map_err(|_| short())?;
            (u64::from(u16::from_le_bytes(b)), 10)
        }
        2 | 3 => {
            let mut b = [0u8; 4];
            r.read_exact(&mut b).map_err(|_| short())?;
            (u64::from(u32::from_le_bytes(b)), 12)
        }
        _ => {
            return Err(bad(NpyProblem::Version { major, minor }));
        }
    };
    if prefix + len > file_len {
        return Err(short());
    }
    let mut dict = vec![0u8; len as usize];
    r.read_exact(&mut dict).map_err(|_| short())?;
    let dict = String::from_utf8_lossy(&dict);
    let dict = dict.trim();
    let unreadable = || {
        bad(NpyProblem::Unreadable {
            header: dict.to_owned(),
        })
    };
    let descr = dict_value(dict, "descr").ok_or_else(unreadable)?;
    let order = dict_value(dict, "fortran_order").ok_or_else(unreadable)?;
    let shape = dict_value(dict, "shape").ok_or_else(unreadable)?;
    let descr = descr.trim_matches(['\'', '"']);
    let (big_endian, dtype) = match descr {
        "<f4" | "=f4" | "|f4" => (false, Dtype::F32),
        ">f4" => (true, Dtype::F32),
        "<f8" | "=f8" | "|f8" => (false, Dtype::F64),
        ">f8" => (true, Dtype::F64),
        other => {
            return Err(bad(NpyProblem::Dtype {
                found: other.to_owned(),
            }));
        }
    };
    if order == "True" {
        return Err(bad(NpyProblem::Fortran));
    }
    let dims: Vec<&str> = shape
        .trim_matches(['(', ')'])
        .split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    let dims: Vec<usize> = dims
        .iter()
        .map(|d| d.parse())
        .collect::<Result<_, _>>()
        .map_err(|_| unreadable())?;
    let [rows, cols] = dims[..] else {
        return Err(bad(NpyProblem::Dimensions {
            shape: shape.to_owned(),
            found: dims.len(),
        }));
    };
    if rows == 0 || cols == 0 {
        return Err(bad(NpyProblem::NoVectors {
            shape: shape.to_owned(),
        }));
    }
    let data_offset = prefix + len;
    let needed = (rows as u128) * (cols as u128) * (dtype.size() as u128);
    let have = u128::from(file_len - data_offset);
    if have < needed {
        return Err(bad(NpyProblem::DataTruncated {
            have,
            needed,
            shape: shape.to_owned(),
            dtype: dtype.name(),
        }));
    }
    Ok(NpyHeader {
        dtype,
        big_endian,
        rows,
        cols,
        data_offset,
    })
}

/// Read a 2-D float matrix (messages name the path as given).
///
/// # Errors
/// Missing file, not a 2-D float32/float64 C-order array, truncated, NaN or infinite values.
pub fn read_matrix(path: &Path) -> Result<Array2<f32>, DataError> {
    read_matrix_with(path, &path.display().to_string(), None, None)
}

/// Read the first `limit` rows (all when `None`) of a `.npy` matrix named `file` in messages,
/// reporting bytes read to `progress`.
///
/// # Errors
/// As [`read_matrix`], or [`super::progress::cancelled`].
pub fn read_matrix_with(
    path: &Path,
    file: &str,
    limit: Option<usize>,
    progress: Option<&Progress>,
) -> Result<Array2<f32>, DataError> {
    if !path.is_file() {
        return Err(DataError::Io {
            file: file.to_owned(),
            reason: "file not found".to_owned(),
        });
    }
    let f = std::fs::File::open(path).map_err(|e| read_error(file, &e))?;
    let file_len = f.metadata().map_or(0, |m| m.len());
    let mut r =
        std::io::BufReader::with_capacity(1 << 16, ProgressRead::new(f, file_len, progress));
    let h = read_header(&mut r, file, file_len)?;
    let rows = limit.map_or(h.rows, |l| l.min(h.rows));
    if h.dtype == Dtype::F32 && !h.big_endian && cfg!(target_endian = "little") {
        return read_f32_direct(&mut r, file, (rows, h.cols), file_len, progress);
    }
    let mut out = Vec::with_capacity(rows * h.cols);
    let size = h.dtype.size();
    // Whole rows per chunk, about 1 MiB.
    let chunk_rows = ((1 << 20) / (h.cols * size)).max(1);
    let mut buf = vec![0u8; chunk_rows * h.cols * size];
    let mut row = 0;
    while row < rows {
        let n = chunk_rows.min(rows - row);
        let bytes = &mut buf[..n * h.cols * size];
        r.read_exact(bytes).map_err(|e| read_error(file, &e))?;
        for (i, b) in bytes.chunks_exact(size).enumerate() {
            let x = decode(b, h);
            if !x.is_finite() {
                let (rr, c) = (row + i / h.cols, i % h.cols);
                return Err(DataError::NotFinite {
                    at: Location {
                        file: file.to_owned(),
                        line: None,
                        column: Some(format!("row {rr}, column {c} (0-based)")),
                        part: Part::Free,
                    },
                    found: x.to_string(),
                });
            }
            out.push(x);
        }
        row += n;
    }
    if let Some(p) = progress {
        p.step(Stage::Load, file_len, file_len)
            .map_err(|_| super::progress::cancelled(file))?;
    }
    Array2::from_shape_vec((rows, h.cols), out).map_err(|e| DataError::in_file(file, e.to_string()))
}

/// One element as `f32` (float64 narrowed; a finite float64 beyond the f32 range becomes
/// infinite and is reported).
/// Little-endian float32 on a little-endian machine: the bytes are the floats, so they are
/// read straight into the matrix (no per-value decode: at 10M × 64 this was most of the load),
/// then checked for NaN and infinities.
fn read_f32_direct(
    r: &mut impl Read,
    file: &str,
    (rows, cols): (usize, usize),
    file_len: u64,
    progress: Option<&Progress>,
) -> Result<Array2<f32>, DataError> {
    let mut out = vec![0.0_f32; rows * cols];
    // About 1 MiB per read, as the decoding path reads, so progress and Cancel stay responsive.
    let chunk = ((1 << 20) / (cols * 4).max(1)).max(1) * cols;
    for block in out.chunks_mut(chunk) {
        r.read_exact(bytemuck::cast_slice_mut(block))
            .map_err(|e| read_error(file, &e))?;
    }
    if let Some(i) = out.iter().position(|x| !x.is_finite()) {
        return Err(DataError::NotFinite {
            at: Location {
                file: file.to_owned(),
                line: None,
                column: Some(format!("row {}, column {} (0-based)", i / cols, i % cols)),
                part: Part::Free,
            },
            found: out[i].to_string(),
        });
    }
    if let Some(p) = progress {
        p.step(Stage::Load, file_len, file_len)
            .map_err(|_| super::progress::cancelled(file))?;
    }
    Array2::from_shape_vec((rows, cols), out).map_err(|e| DataError::in_file(file, e.to_string()))
}

fn decode(b: &[u8], h: NpyHeader) -> f32 {
    match (h.dtype, h.big_endian) {
        (Dtype::F32, false) => f32::from_le_bytes([b[0], b[1], b[2], b[3]]),
        (Dtype::F32, true) => f32::from_be_bytes([b[0], b[1], b[2], b[3]]),
        (Dtype::F64, be) => {
            let a = [b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]];
            (if be {
                f64::from_be_bytes(a)
            } else {
                f64::from_le_bytes(a)
            }) as f32
        }
    }
}

/// Write a 2-D matrix (any element type `ndarray-npy` writes: f32, i64…).
///
/// # Errors
/// The file cannot be written.
pub fn write_matrix<A, S>(path: &Path, m: &ArrayBase<S, Ix2>) -> Result<(), DataError>
where
    A: ndarray_npy::WritableElement,
    S: Data<Elem = A>,
{
    write_npy(path, m).map_err(|e| DataError::Io {
        file: path.display().to_string(),
        reason: e.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    fn npy(descr: &str, shape: &str, fortran: bool, data: &[u8]) -> Vec<u8> {
        let order = if fortran { "True" } else { "False" };
        let mut dict =
            format!("{{'descr': '{descr}', 'fortran_order': {order}, 'shape': {shape}, }}");
        while (10 + dict.len() + 1) % 64 != 0 {
            dict.push(' ');
        }
        dict.push('\n');
        let mut out = b"\x93NUMPY\x01\x00".to_vec();
        out.extend_from_slice(&(dict.len() as u16).to_le_bytes());
        out.extend_from_slice(dict.as_bytes());
        out.extend_from_slice(data);
        out
    }

    fn err(bytes: &[u8]) -> String {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.npy");
        std::fs::write(&p, bytes).unwrap();
        read_matrix_with(&p, "x.npy", None, None)
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn round_trips_f32_reads_f64_big_endian_and_limits() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.npy");
        let x = array![[1.5_f32, -2.0], [0.25, 3.0], [f32::MIN_POSITIVE, -0.0]];
        write_matrix(&p, &x).unwrap();
        let y = read_matrix(&p).unwrap();
        assert!(x.iter().zip(&y).all(|(a, b)| a.to_bits() == b.to_bits()));
        let two = read_matrix_with(&p, "x.npy", Some(2), None).unwrap();
        assert_eq!(two, array![[1.5_f32, -2.0], [0.25, 3.0]]);
        write_matrix(&p, &array![[1.0_f64, 2.0]]).unwrap();
        assert_eq!(read_matrix(&p).unwrap(), array![[1.0_f32, 2.0]]);
        let be: Vec<u8> = [1.0_f32, -4.0]
            .iter()
            .flat_map(|v| v.to_be_bytes())
            .collect();
        std::fs::write(&p, npy(">f4", "(1, 2)", false, &be)).unwrap();
        assert_eq!(read_matrix(&p).unwrap(), array![[1.0_f32, -4.0]]);
    }

    #[test]
    fn bad_files_say_what_is_wrong() {
        let four: Vec<u8> = [1.0_f32, 2.0, 3.0, 4.0]
            .iter()
            .flat_map(|v| v.to_le_bytes())
            .collect();
        assert_eq!(
            err(b"not numpy at all"),
            "x.npy: not a NumPy .npy file (it does not start with \\x93NUMPY)"
        );
        assert_eq!(
            err(&npy("<i8", "(2, 2)", false, &four)),
            "x.npy: dtype '<i8' is not supported (expected float32 '<f4' or float64 '<f8')"
        );
        assert_eq!(
            err(&npy("<f4", "(2, 2)", true, &four)),
            "x.npy: the array is in Fortran (column-major) order; save it in C order (numpy.ascontiguousarray)"
        );
        assert_eq!(
            err(&npy("<f4", "(4,)", false, &four)),
            "x.npy: shape (4,) has 1 dimension(s); expected 2 (rows × dimensions)"
        );
        assert_eq!(
            err(&npy("<f4", "(0, 4)", false, &[])),
            "x.npy: shape (0, 4) holds no vectors (expected at least one row and one column)"
        );
        assert_eq!(
            err(&npy("<f4", "(3, 2)", false, &four)),
            "x.npy: the file holds 16 of the 24 data bytes of a (3, 2) float32 array (truncated?)"
        );
        assert_eq!(
            err(&npy("<f4", "(3, 2)", false, &four)[..20]),
            "x.npy: the file ends inside the .npy header (truncated?)"
        );
        let nan: Vec<u8> = [1.0_f32, 2.0, f32::NAN, 4.0]
            .iter()
            .flat_map(|v| v.to_le_bytes())
            .collect();
        assert_eq!(
            err(&npy("<f4", "(2, 2)", false, &nan)),
            "x.npy: row 1, column 0 (0-based): expected a finite number, found \"NaN\" (NaN and infinity cannot be placed on a map)"
        );
        let dir = tempfile::tempdir().unwrap();
        let e = read_matrix(&dir.path().join("none.npy"))
            .unwrap_err()
            .to_string();
        assert!(
            e.ends_with("none.npy: cannot read the file: file not found"),
            "{e}"
        );
    }
}
