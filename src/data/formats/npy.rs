//! NumPy `.npy` matrices (2-D, float32 or float64, C order) in and out, through `ndarray-npy`.
//!
//! Vectors are used as `f32`; a float64 file is read and narrowed. Errors name the file and say
//! what shape and type were expected. Non-finite values are rejected with their row.

use std::path::Path;

use ndarray::{Array2, ArrayBase, Data, Ix2};
use ndarray_npy::{ReadNpyError, read_npy, write_npy};

use crate::error::{DataError, Location};

/// Read a 2-D float matrix.
///
/// # Errors
/// Missing file, not a 2-D float32/float64 C-order array, NaN or infinite values.
pub fn read_matrix(path: &Path) -> Result<Array2<f32>, DataError> {
    let file = path.display().to_string();
    if !path.is_file() {
        return Err(DataError::Io {
            file,
            reason: "file not found".to_owned(),
        });
    }
    let m: Array2<f32> = match read_npy::<_, Array2<f32>>(path) {
        Ok(m) => m,
        Err(ReadNpyError::WrongDescriptor(_)) => read_npy::<_, Array2<f64>>(path)
            .map(|m| m.mapv(|v| v as f32))
            .map_err(|e| bad(&file, &e))?,
        Err(e) => return Err(bad(&file, &e)),
    };
    if let Some((r, row)) = m
        .rows()
        .into_iter()
        .enumerate()
        .find(|(_, row)| row.iter().any(|v| !v.is_finite()))
    {
        let found = row
            .iter()
            .find(|v| !v.is_finite())
            .map_or_else(String::new, ToString::to_string);
        return Err(DataError::NotFinite {
            at: Location {
                file,
                line: None,
                column: Some(format!("row {r}")),
                part: crate::error::Part::Column,
            },
            found,
        });
    }
    Ok(m)
}

fn bad(file: &str, e: &ReadNpyError) -> DataError {
    DataError::Io {
        file: file.to_owned(),
        reason: format!("expected a 2-D float32 or float64 .npy array in C order ({e})"),
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

    #[test]
    fn round_trips_f32_reads_f64_and_rejects_bad_files() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("x.npy");
        let x = array![[1.5_f32, -2.0], [0.25, 3.0]];
        write_matrix(&p, &x).unwrap();
        assert_eq!(read_matrix(&p).unwrap(), x);
        write_matrix(&p, &array![[1.0_f64, 2.0]]).unwrap();
        assert_eq!(read_matrix(&p).unwrap(), array![[1.0_f32, 2.0]]);
        write_matrix(&p, &array![[1.0_f32, f32::NAN]]).unwrap();
        let e = read_matrix(&p).unwrap_err().to_string();
        assert!(e.contains("row 0") && e.contains("NaN"), "{e}");
        std::fs::write(&p, b"not numpy").unwrap();
        let e = read_matrix(&p).unwrap_err().to_string();
        assert!(
            e.contains("expected a 2-D float32 or float64 .npy array"),
            "{e}"
        );
        let e = read_matrix(&dir.path().join("none.npy"))
            .unwrap_err()
            .to_string();
        assert!(
            e.ends_with("none.npy: cannot read the file: file not found"),
            "{e}"
        );
    }
}
