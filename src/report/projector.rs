//! TensorFlow Embedding Projector export: `vectors.tsv` (one vector per line, tab-separated,
//! no header) and `metadata.tsv` (`name`, `id`, `kind`, `category`, `x`, `y`).
//!
//! The Projector's rule: a metadata file with one column has no header, with two or more the
//! first line is the header. This export always writes six columns, so always a header; the
//! first column (`name`) is what the Projector shows as the label. `x`, `y` are the 2-D map
//! coordinates, so the Projector can colour or search by them. Tabs and line breaks inside
//! values would break the format and are replaced by spaces.

use std::path::Path;

use ndarray::ArrayView2;

use super::{Written, check_xy, float, point_info, write_file};
use crate::error::ReportError;
use crate::pipeline::RunOutput;

/// Metadata columns, in order.
pub const METADATA_HEADER: [&str; 6] = ["name", "id", "kind", "category", "x", "y"];

fn clean(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

/// `vectors.tsv`: the run's vectors (map points in map order), shortest round-trip floats.
#[must_use]
pub fn vectors_tsv(run: &RunOutput) -> String {
    let mut out = String::new();
    for i in 0..run.points.len() {
        let row: Vec<String> = run.index.row(i).iter().map(|v| float(*v)).collect();
        out.push_str(&row.join("\t"));
        out.push('\n');
    }
    out
}

/// `metadata.tsv`: a header, then name, id, kind, category, x, y per map point.
///
/// # Errors
/// [`ReportError::Shape`] when `xy` does not have one row per map point.
pub fn metadata_tsv(run: &RunOutput, xy: ArrayView2<'_, f32>) -> Result<String, ReportError> {
    check_xy(run, xy)?;
    let mut out = METADATA_HEADER.join("\t");
    out.push('\n');
    for i in 0..run.points.len() {
        let p = point_info(run, i);
        let row = [
            clean(p.name),
            clean(p.id),
            p.kind.to_owned(),
            clean(p.category),
            float(xy[[i, 0]]),
            float(xy[[i, 1]]),
        ];
        out.push_str(&row.join("\t"));
        out.push('\n');
    }
    Ok(out)
}

/// Write `dir/vectors.tsv` and `dir/metadata.tsv` (the Projector's "Load" dialog takes the two
/// files). `dir` itself is created if missing, but not its parent folders: a missing parent is
/// refused, naming it.
///
/// # Errors
/// [`ReportError::Shape`] or [`ReportError::Write`].
pub fn write_projector(
    run: &RunOutput,
    xy: ArrayView2<'_, f32>,
    dir: &Path,
) -> Result<Vec<Written>, ReportError> {
    let metadata = metadata_tsv(run, xy)?;
    super::check_folder(dir)?;
    if !dir.is_dir() {
        std::fs::create_dir(dir).map_err(|e| ReportError::Write {
            path: dir.display().to_string(),
            reason: e.to_string(),
        })?;
    }
    Ok(vec![
        write_file(&dir.join("vectors.tsv"), vectors_tsv(run).as_bytes())?,
        write_file(&dir.join("metadata.tsv"), metadata.as_bytes())?,
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::formats::{Format, load};
    use crate::report::tests::small_run;

    #[test]
    fn projector_pair_round_trips_bit_for_bit() {
        let (_dir, run) = small_run();
        let out = tempfile::tempdir().unwrap();
        let written = write_projector(&run, run.xy.view(), out.path()).unwrap();
        assert_eq!(written.len(), 2);
        let meta = std::fs::read_to_string(out.path().join("metadata.tsv")).unwrap();
        assert_eq!(
            meta.lines().next().unwrap(),
            "name\tid\tkind\tcategory\tx\ty"
        );
        assert!(
            meta.lines()
                .nth(2)
                .unwrap()
                .starts_with("Beta, \"the\" second\tb\titem\tone\t")
        );
        let back = load(out.path(), Some(Format::Projector)).unwrap();
        let v = back.item_vectors.unwrap();
        assert_eq!(v.dim(), run.index.data().dim());
        assert!(
            v.iter()
                .zip(run.index.data().iter())
                .all(|(a, b)| a.to_bits() == b.to_bits())
        );
        assert_eq!(back.items.ids, ["a", "b", "c", "d", "u1", "u2"]);
        assert_eq!(&back.items.names[1], "Beta, \"the\" second");
        assert_eq!(back.items.category(2), "two");
    }
}
