//! The map as CSV: `id,name,kind,category,x,y`, one row per map point in map order.
//!
//! Opens in any spreadsheet; beside a `.npy` of the vectors it is also the metadata the
//! `.npy` loader reads back (ids, names, categories).

use ndarray::ArrayView2;

use super::{check_xy, csv_text, float, point_info};
use crate::error::ReportError;
use crate::pipeline::RunOutput;

/// The header row.
pub const HEADER: [&str; 6] = ["id", "name", "kind", "category", "x", "y"];

/// The rows of the coordinates table (also the projector's metadata, in another order).
pub(crate) fn rows(run: &RunOutput, xy: ArrayView2<'_, f32>) -> Vec<Vec<String>> {
    (0..run.points.len())
        .map(|i| {
            let p = point_info(run, i);
            vec![
                p.id.to_owned(),
                p.name.to_owned(),
                p.kind.to_owned(),
                p.category.to_owned(),
                float(xy[[i, 0]]),
                float(xy[[i, 1]]),
            ]
        })
        .collect()
}

/// The coordinates CSV of `run` with map positions `xy` (one row per map point).
///
/// # Errors
/// [`ReportError::Shape`] when `xy` does not have one row per map point.
pub fn coordinates_csv(run: &RunOutput, xy: ArrayView2<'_, f32>) -> Result<String, ReportError> {
    check_xy(run, xy)?;
    Ok(csv_text(&HEADER, rows(run, xy)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::tests::small_run;

    #[test]
    fn one_row_per_point_with_quoting() {
        let (_dir, run) = small_run();
        let text = coordinates_csv(&run, run.xy.view()).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 7);
        assert_eq!(lines[0], "id,name,kind,category,x,y");
        assert!(
            lines[2].starts_with("b,\"Beta, \"\"the\"\" second\",item,one,"),
            "{}",
            lines[2]
        );
        assert!(lines[6].starts_with("u2,u2,user,,"), "{}", lines[6]);
        // x and y parse back to the map's own numbers.
        let last: Vec<&str> = lines[6].rsplitn(3, ',').collect();
        assert_eq!(
            last[1].parse::<f32>().unwrap().to_bits(),
            run.xy[[5, 0]].to_bits()
        );
        assert_eq!(
            last[0].parse::<f32>().unwrap().to_bits(),
            run.xy[[5, 1]].to_bits()
        );
    }
}
