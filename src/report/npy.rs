//! The vectors as a float32 `.npy` (map points in map order, C order), with the coordinates
//! CSV (`id,name,kind,category,x,y`) beside it under the same stem — which is exactly what the
//! `.npy` loader reads back as metadata.

use std::path::{Path, PathBuf};

use ndarray::ArrayView2;
use ndarray_npy::WriteNpyExt as _;

use super::{Written, coordinates::coordinates_csv, write_file};
use crate::error::ReportError;
use crate::pipeline::RunOutput;

/// The run's vectors as `.npy` bytes (float32, little-endian, C order).
///
/// # Errors
/// [`ReportError::Write`] if the encoder fails (it writes to memory, so only on a bug).
pub fn vectors_npy(run: &RunOutput) -> Result<Vec<u8>, ReportError> {
    let mut out = Vec::new();
    run.index
        .data()
        .write_npy(&mut out)
        .map_err(|e| ReportError::Write {
            path: "(memory)".to_owned(),
            reason: e.to_string(),
        })?;
    Ok(out)
}

/// The `.npy` file for an export to `path`: `path` itself when it ends in `.npy`, else `path`
/// with `.npy` appended (`vecs` → `vecs.npy`, never a file without the extension the loader
/// looks for).
#[must_use]
pub fn npy_path(path: &Path) -> PathBuf {
    let has_npy = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("npy"));
    if has_npy {
        path.to_path_buf()
    } else {
        let mut name = path.as_os_str().to_owned();
        name.push(".npy");
        PathBuf::from(name)
    }
}

/// Write the `.npy` ([`npy_path`]: `PATH.npy`) and the coordinates CSV beside it (`PATH.csv`).
///
/// # Errors
/// [`ReportError::Shape`] or [`ReportError::Write`].
pub fn write_vectors_npy(
    run: &RunOutput,
    xy: ArrayView2<'_, f32>,
    path: &Path,
) -> Result<Vec<Written>, ReportError> {
    let csv = coordinates_csv(run, xy)?;
    let npy = npy_path(path);
    Ok(vec![
        write_file(&npy, &vectors_npy(run)?)?,
        write_file(&npy.with_extension("csv"), csv.as_bytes())?,
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::formats::load;
    use crate::report::tests::small_run;

    #[test]
    fn npy_round_trips_bit_for_bit_with_its_metadata() {
        let (_dir, run) = small_run();
        let out = tempfile::tempdir().unwrap();
        let path = out.path().join("vectors.npy");
        let written = write_vectors_npy(&run, run.xy.view(), &path).unwrap();
        assert_eq!(written[1].path, out.path().join("vectors.csv"));
        let back = load(&path, None).unwrap();
        let v = back.item_vectors.unwrap();
        assert_eq!(v.dim(), run.index.data().dim());
        assert!(
            v.iter()
                .zip(run.index.data().iter())
                .all(|(a, b)| a.to_bits() == b.to_bits())
        );
        assert_eq!(back.items.ids, ["a", "b", "c", "d", "u1", "u2"]);
        assert_eq!(&back.items.names[1], "Beta, \"the\" second");
        assert_eq!(back.items.category(0), "one");
        let kind = back
            .items
            .metadata
            .iter()
            .find(|m| m.name == "kind")
            .unwrap();
        assert_eq!(kind.values[4], "user");
    }
}
