//! A NumPy `.npy` matrix as a dataset: one item per row, carrying its vector, with an optional
//! metadata table beside it.
//!
//! The metadata is the first of `STEM.csv`, `STEM.tsv`, `metadata.tsv`, `metadata.csv` in the
//! same folder (`STEM` = the `.npy` file's name without extension): a header row, then one row
//! per vector — the counts must match. Columns as in
//! [`columns_dataset`](super::vectors::columns_dataset): `id`/`item_id` gives the ids (else row
//! numbers from 0), `name`/`title`/`word` the names (else the ids), a `category`/`label`/
//! `genre`/`class`/`cluster`/`type` column colours the map; the rest are metadata. This is also what
//! `embedscope export --format npy` writes (`vectors.npy` + `vectors.csv`).

use std::path::{Path, PathBuf};

use super::csv_table::CsvTable;
use super::npy::{read_header, read_matrix_with};
use super::vectors::columns_dataset;
use crate::data::{Dataset, MetaColumn};
use crate::error::DataError;
use crate::progress::Progress;

/// The metadata file of a `.npy` file, if there is one.
#[must_use]
pub fn metadata_path(npy: &Path) -> Option<PathBuf> {
    let dir = npy.parent().unwrap_or(Path::new("."));
    let stem = npy.file_stem()?.to_string_lossy().into_owned();
    [
        format!("{stem}.csv"),
        format!("{stem}.tsv"),
        "metadata.tsv".to_owned(),
        "metadata.csv".to_owned(),
    ]
    .into_iter()
    .map(|name| dir.join(name))
    .find(|p| p.is_file())
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// Load a `.npy` file (first `limit` rows) with its metadata.
///
/// # Errors
/// The `.npy` errors of [`read_header`] / [`read_matrix_with`]; a metadata table that cannot
/// be read or has a different number of rows (both counts are named).
pub fn load_npy(
    path: &Path,
    limit: Option<usize>,
    progress: Option<&Progress>,
) -> Result<Dataset, DataError> {
    let file = file_name(path);
    let meta = match metadata_path(path) {
        Some(meta_path) => {
            // Check the row count against the header before reading any vectors.
            let total_rows = {
                let mut f = std::fs::File::open(path).map_err(|e| DataError::Io {
                    file: file.clone(),
                    reason: e.to_string(),
                })?;
                let len = f.metadata().map_or(0, |m| m.len());
                read_header(&mut f, &file, len)?.rows
            };
            Some(read_metadata(&meta_path, &file, total_rows, progress)?)
        }
        None => None,
    };
    let m = read_matrix_with(path, &file, limit, progress)?;
    let n = m.nrows();
    let columns = meta.map_or_else(Vec::new, |t| {
        (0..t.header.len())
            .map(|c| MetaColumn {
                name: t.header[c].clone(),
                values: t.rows[..n].iter().map(|r| r[c].clone()).collect(),
            })
            .collect()
    });
    Ok(columns_dataset(path, columns, m))
}

/// Read the metadata table and check it has `rows` rows.
pub(super) fn read_metadata(
    path: &Path,
    npy_file: &str,
    rows: usize,
    progress: Option<&Progress>,
) -> Result<CsvTable, DataError> {
    let file = file_name(path);
    let bytes = super::progress::read_all(path, &file, progress)?;
    let tab = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("tsv"));
    let t = CsvTable::parse_delimited(&file, &bytes, if tab { b'\t' } else { b',' })?;
    if t.rows.len() != rows {
        return Err(DataError::MetadataRows {
            file,
            rows: t.rows.len(),
            vectors: rows,
            vectors_file: npy_file.to_string(),
        });
    }
    Ok(t)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::formats::npy::write_matrix;
    use ndarray::array;

    #[test]
    fn rows_become_items_with_metadata_beside() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("emb.npy");
        write_matrix(&p, &array![[1.0_f32, 0.0], [0.0, 1.0], [0.5, 0.5]]).unwrap();
        // No metadata: row numbers.
        let d = load_npy(&p, None, None).unwrap();
        assert_eq!(d.items.ids, ["0", "1", "2"]);
        assert_eq!(d.name, "emb");
        // A TSV beside it with the same stem: ids, names, a label colours the map.
        std::fs::write(
            dir.path().join("emb.tsv"),
            "id\tword\tlabel\tfreq\nk\tking\troyal\t10\nq\tqueen\troyal\t8\na\tapple\tfood\t3\n",
        )
        .unwrap();
        let d = load_npy(&p, Some(2), None).unwrap();
        assert_eq!(d.items.ids, ["k", "q"]);
        assert_eq!(d.items.names, ["king", "queen"]);
        assert_eq!(d.items.category(1), "royal");
        assert_eq!(d.items.metadata[0].name, "freq");
        assert_eq!(d.item_vectors.unwrap().dim(), (2, 2));
        std::fs::write(dir.path().join("emb.tsv"), "id\nk\nq\n").unwrap();
        assert_eq!(
            load_npy(&p, None, None).unwrap_err().to_string(),
            "emb.tsv: 2 metadata rows for 3 vectors in emb.npy (the first line is the header; one row per vector)"
        );
    }
}
