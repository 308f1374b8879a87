//! One JSON object per map point: `id`, `name`, `kind`, `category`, `x`, `y` and the `vector`
//! — a single `.jsonl` file the JSONL loader reads back (the vector field becomes the
//! imported vectors, bit for bit). A point with no data behind it (no interactions, or a vector of
//! almost zero length: [`crate::pipeline::no_data`]) also carries `"no_data":true`.

use std::fmt::Write as _;

use ndarray::ArrayView2;

use super::{check_xy, float, point_info};
use crate::error::ReportError;
use crate::pipeline::RunOutput;

/// A JSON string literal.
fn string(s: &str) -> String {
    serde_json::Value::from(s).to_string()
}

/// The JSONL document.
///
/// # Errors
/// [`ReportError::Shape`] when `xy` does not have one row per map point.
pub fn points_jsonl(run: &RunOutput, xy: ArrayView2<'_, f32>) -> Result<String, ReportError> {
    check_xy(run, xy)?;
    let mut out = String::new();
    for i in 0..run.points.len() {
        let p = point_info(run, i);
        // Numbers are written as their shortest f32 text (a finite float's text is valid
        // JSON); going through serde_json's f64 would print another, longer decimal.
        let vector: Vec<String> = run.index.row(i).iter().map(|v| float(*v)).collect();
        let _ = writeln!(
            out,
            "{{\"id\":{},\"name\":{},\"kind\":{},\"category\":{},\"x\":{},\"y\":{},\"vector\":[{}]{}}}",
            string(p.id),
            string(p.name),
            string(p.kind),
            string(p.category),
            float(xy[[i, 0]]),
            float(xy[[i, 1]]),
            vector.join(","),
            if run.index.is_no_data(i) {
                ",\"no_data\":true"
            } else {
                ""
            }
        );
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::formats::load;
    use crate::report::tests::small_run;

    #[test]
    fn jsonl_round_trips_bit_for_bit() {
        let (_dir, run) = small_run();
        let text = points_jsonl(&run, run.xy.view()).unwrap();
        assert!(
            text.lines()
                .next()
                .unwrap()
                .starts_with("{\"id\":\"a\",\"name\":\"Alpha\",\"kind\":\"item\"")
        );
        let out = tempfile::tempdir().unwrap();
        let path = out.path().join("points.jsonl");
        std::fs::write(&path, &text).unwrap();
        let back = load(&path, None).unwrap();
        let v = back.item_vectors.unwrap();
        assert_eq!(v.dim(), run.index.data().dim());
        assert!(
            v.iter()
                .zip(run.index.data().iter())
                .all(|(a, b)| a.to_bits() == b.to_bits())
        );
        assert_eq!(back.items.ids, ["a", "b", "c", "d", "u1", "u2"]);
        assert_eq!(back.items.category(2), "two");
    }
}
