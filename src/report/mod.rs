//! Exports of a finished run, one file per export:
//! - [`projector`]: TensorFlow Embedding Projector pair (`vectors.tsv` + `metadata.tsv` with the
//!   2-D map coordinates as `x`, `y` columns);
//! - [`coordinates`]: the map as CSV (`id,name,kind,category,x,y`);
//! - [`npy`]: the vectors as a float32 `.npy` with the coordinates CSV beside it;
//! - [`jsonl`]: one JSON object per point with its vector (`vector` field);
//! - [`neighbours`]: neighbour lists under both metrics as CSV;
//! - [`recommendations`]: recommendations with reasons as CSV;
//! - [`png`]: the map rasterised to a PNG ([`map_png`]).
//!
//! Every export covers the run's map points in map order — all items, then the users that have
//! a vector — so row `i` of a file is map point `i`. Floats are written in Rust's shortest
//! round-trip form (`{:?}`), so importing an export gives the same `f32` vectors bit for bit.
//! Builders return text or bytes (easy to test and to show); [`write_file`] puts them on disk.
//! `report` reads pipeline types and never imports `gui`.

pub mod coordinates;
pub mod interview_sheet;
pub mod jsonl;
pub mod neighbours;
pub mod npy;
pub mod png;
pub mod projector;
pub mod recommendations;
pub mod workshop_summary;

use std::path::{Path, PathBuf};

use ndarray::ArrayView2;

pub use png::{category_colours, map_png};

use crate::error::ReportError;
use crate::pipeline::RunOutput;

/// A file an export wrote.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Written {
    /// Where.
    pub path: PathBuf,
    /// Its size in bytes.
    pub bytes: u64,
}

/// Refuse a path whose folder does not exist: exports never create folders silently (a typo
/// in a folder name would otherwise scatter files into a new tree).
///
/// # Errors
/// [`ReportError::Write`] naming the missing folder.
pub fn check_folder(path: &Path) -> Result<(), ReportError> {
    match path.parent().filter(|d| !d.as_os_str().is_empty()) {
        Some(dir) if !dir.is_dir() => Err(ReportError::Write {
            path: path.display().to_string(),
            reason: format!(
                "the folder {} does not exist (create it first)",
                dir.display()
            ),
        }),
        _ => Ok(()),
    }
}

/// Write `contents` to `path`, whose folder must exist ([`check_folder`]).
///
/// # Errors
/// [`ReportError::Write`] naming the path (and the missing folder, if that is the reason).
pub fn write_file(path: &Path, contents: &[u8]) -> Result<Written, ReportError> {
    check_folder(path)?;
    std::fs::write(path, contents).map_err(|e| ReportError::Write {
        path: path.display().to_string(),
        reason: e.to_string(),
    })?;
    Ok(Written {
        path: path.to_path_buf(),
        bytes: contents.len() as u64,
    })
}

/// An `f32` in its shortest form that parses back to the same bits (`0.1`, `1.0`, `1e-7`).
#[must_use]
pub fn float(v: f32) -> String {
    format!("{v:?}")
}

/// What exports write about one map point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PointInfo<'a> {
    /// External id.
    pub id: &'a str,
    /// Display name (English or only).
    pub name: &'a str,
    /// `item` or `user`.
    pub kind: &'static str,
    /// Category (items) or segment (users), or `""`.
    pub category: &'a str,
}

/// The id, name, kind and category of map point `point`.
#[must_use]
pub fn point_info(run: &RunOutput, point: usize) -> PointInfo<'_> {
    let p = run.points[point];
    let t = run.data.table(p.kind);
    let r = p.row as usize;
    PointInfo {
        id: &t.ids[r],
        name: t.name(r, false),
        kind: p.kind.as_str(),
        category: t.category(r),
    }
}

/// Check that `xy` has one 2-D row per map point of `run`.
///
/// # Errors
/// [`ReportError::Shape`].
pub fn check_xy(run: &RunOutput, xy: ArrayView2<'_, f32>) -> Result<(), ReportError> {
    if xy.nrows() == run.points.len() && xy.ncols() >= 2 {
        Ok(())
    } else {
        Err(ReportError::Shape {
            expected: run.points.len(),
            found: xy.nrows(),
        })
    }
}

/// A CSV document from a header and rows (quoted where needed by the `csv` crate).
pub(crate) fn csv_text(header: &[&str], rows: impl IntoIterator<Item = Vec<String>>) -> String {
    let mut out = String::new();
    let mut push = |fields: &[String]| {
        let quoted: Vec<String> = fields.iter().map(|f| csv_field(f)).collect();
        out.push_str(&quoted.join(","));
        out.push('\n');
    };
    push(&header.iter().map(|h| (*h).to_owned()).collect::<Vec<_>>());
    for row in rows {
        push(&row);
    }
    out
}

/// One CSV field, quoted (with doubled quotes) when it holds a comma, quote or line break.
fn csv_field(f: &str) -> String {
    if f.contains([',', '"', '\n', '\r']) || f.starts_with(' ') || f.ends_with(' ') {
        format!("\"{}\"", f.replace('"', "\"\""))
    } else {
        f.to_owned()
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use std::sync::Arc;

    use super::*;
    use crate::data::formats::load;
    use crate::pipeline::progress::Progress;
    use crate::pipeline::{RunParams, run};

    /// A small run: 4 items (one named with a comma and quotes) and 2 users with vectors.
    pub(crate) fn small_run() -> (tempfile::TempDir, RunOutput) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("items.csv"),
            "id,title,category,x,y\na,Alpha,one,1,1\nb,\"Beta, \"\"the\"\" second\",one,3,2\nc,Gamma,two,0.1,7\nd,Delta,,2,5\n",
        )
        .unwrap();
        std::fs::write(
            dir.path().join("interactions.csv"),
            "user_id,item_id,rating\nu1,a,5\nu1,b,3\nu2,c,4\n",
        )
        .unwrap();
        let data = Arc::new(load(dir.path(), None).unwrap());
        let params = RunParams {
            loaded: Some(data),
            ..RunParams::new(dir.path())
        };
        let out = run(&params, &Progress::silent()).unwrap();
        (dir, out)
    }

    #[test]
    fn csv_quotes_and_floats_round_trip() {
        assert_eq!(
            csv_text(
                &["a", "b"],
                [vec!["x,y".to_owned(), "say \"hi\"".to_owned()]]
            ),
            "a,b\n\"x,y\",\"say \"\"hi\"\"\"\n"
        );
        for v in [
            0.1_f32,
            1.0,
            -0.0,
            1e-7,
            3.402_823_5e38,
            f32::MIN_POSITIVE,
            1.0 / 3.0,
        ] {
            assert_eq!(
                float(v).parse::<f32>().unwrap().to_bits(),
                v.to_bits(),
                "{v}"
            );
        }
        assert_eq!(float(0.1), "0.1");
        assert_eq!(float(2.0), "2.0");
    }

    #[test]
    fn point_info_and_shape_check() {
        let (_dir, run) = small_run();
        assert_eq!(run.points.len(), 6);
        let b = point_info(&run, 1);
        assert_eq!(
            (b.id, b.name, b.kind, b.category),
            ("b", "Beta, \"the\" second", "item", "one")
        );
        let u = point_info(&run, 5);
        assert_eq!((u.id, u.kind), ("u2", "user"));
        let wrong = ndarray::Array2::<f32>::zeros((3, 2));
        assert_eq!(
            check_xy(&run, wrong.view()).unwrap_err().to_string(),
            "the map has 3 points but the run has 6"
        );
        let dir = tempfile::tempdir().unwrap();
        let w = write_file(&dir.path().join("x.txt"), b"hello").unwrap();
        assert_eq!(w.bytes, 5);
        assert_eq!(std::fs::read(&w.path).unwrap(), b"hello");
        // A missing folder is named, not created.
        let e = write_file(&dir.path().join("sub/x.txt"), b"hello")
            .unwrap_err()
            .to_string();
        assert!(e.contains("sub does not exist"), "{e}");
        assert!(!dir.path().join("sub").exists());
    }
}
