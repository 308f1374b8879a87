//! Map colouring by a comparison of two runs ([`crate::eval::compare`]): each item point gets
//! a band of how far it moved after alignment, or of how much its neighbourhood changed
//! (1 − Jaccard of its top-k neighbour sets). Bands run light → dark (ColorBrewer YlOrRd, a
//! sequential scale readable by the colour-blind); the legend names each band's range, so it is
//! the scale. Items not in both runs, and users, are grey.
//!
//! The values come from [`Comparison::displacement_by_row`] / [`Comparison::jaccard_by_row`]
//! when one side's rows are the on-screen run's item rows (two methods of the same dataset);
//! otherwise (a run read back from the workspace) they are matched by item id.

use std::collections::HashMap;

use egui::Color32;

use super::map_colors::{Coloring, Group, MISSING_COLOR, group};
use crate::data::Kind;
use crate::eval::compare::{Comparison, Side};
use crate::pipeline::RunOutput;

/// ColorBrewer YlOrRd, five classes: little change → much change.
pub const CHANGE_SCALE: [Color32; 5] = [
    Color32::from_rgb(255, 255, 178),
    Color32::from_rgb(254, 204, 92),
    Color32::from_rgb(253, 141, 60),
    Color32::from_rgb(240, 59, 32),
    Color32::from_rgb(189, 0, 38),
];

/// Which per-item measure of the comparison colours the map.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeMeasure {
    /// Distance between the item in A and in aligned B (bands of equal width up to the largest).
    Displacement,
    /// 1 − Jaccard of the item's neighbour sets (bands of 0.2).
    NeighbourChange,
}

/// The measure per item row of `run` (`None`: not in both runs).
#[must_use]
pub fn per_item_row(cmp: &Comparison, run: &RunOutput, measure: ChangeMeasure) -> Vec<Option<f32>> {
    let ids = &run.data.items.ids;
    let rows = ids.len();
    let value = |v: Option<f32>| match measure {
        ChangeMeasure::Displacement => v,
        ChangeMeasure::NeighbourChange => v.map(|j| 1.0 - j),
    };
    let matches = |row_of: fn(&crate::eval::compare::ItemChange) -> u32| {
        cmp.items
            .iter()
            .all(|c| ids.get(row_of(c) as usize) == Some(&c.id))
    };
    let side = if matches(|c| c.row_a) {
        Some(Side::A)
    } else if matches(|c| c.row_b) {
        Some(Side::B)
    } else {
        None
    };
    if let Some(side) = side {
        let raw = match measure {
            ChangeMeasure::Displacement => cmp.displacement_by_row(side, rows),
            ChangeMeasure::NeighbourChange => cmp.jaccard_by_row(side, rows),
        };
        return raw.into_iter().map(value).collect();
    }
    let row_of: HashMap<&str, usize> = ids.iter().enumerate().map(|(r, id)| (id, r)).collect();
    let mut out = vec![None; rows];
    for c in &cmp.items {
        if let Some(&r) = row_of.get(c.id.as_str()) {
            let v = match measure {
                ChangeMeasure::Displacement => c.displacement,
                ChangeMeasure::NeighbourChange => c.jaccard,
            };
            out[r] = value(Some(v as f32));
        }
    }
    out
}

/// Colour the run's points by `measure` of `cmp`: five bands and a grey "not compared" group.
#[must_use]
pub fn by_comparison(run: &RunOutput, cmp: &Comparison, measure: ChangeMeasure) -> Coloring {
    let per_row = per_item_row(cmp, run, measure);
    let per_point: Vec<Option<f32>> = run
        .points
        .iter()
        .map(|p| match p.kind {
            Kind::Item => per_row.get(p.row as usize).copied().flatten(),
            Kind::User => None,
        })
        .collect();
    let top = match measure {
        ChangeMeasure::Displacement => per_point
            .iter()
            .flatten()
            .copied()
            .fold(0.0_f32, f32::max)
            .max(f32::MIN_POSITIVE),
        ChangeMeasure::NeighbourChange => 1.0,
    };
    banded(&per_point, top, measure)
}

/// Five equal bands over [0, `top`]; the last band includes `top`.
fn banded(per_point: &[Option<f32>], top: f32, measure: ChangeMeasure) -> Coloring {
    let n = CHANGE_SCALE.len();
    let width = top / n as f32;
    let mut groups: Vec<Group> = CHANGE_SCALE
        .iter()
        .enumerate()
        .map(|(b, &color)| {
            let (lo, hi) = (width * b as f32, width * (b + 1) as f32);
            let (label, label_ja) = match measure {
                ChangeMeasure::Displacement => (
                    format!("moved {lo:.2}–{hi:.2}"),
                    format!("移動量 {lo:.2}–{hi:.2}"),
                ),
                ChangeMeasure::NeighbourChange => {
                    let (lo, hi) = (lo * 100.0, hi * 100.0);
                    (
                        format!("neighbours changed {lo:.0}–{hi:.0}%"),
                        format!("近傍の変化 {lo:.0}–{hi:.0}%"),
                    )
                }
            };
            group(label, label_ja, color)
        })
        .collect();
    groups.push(group("not in both runs", "片方の実行のみ", MISSING_COLOR));
    Coloring::by_bands(per_point, groups, |v| (v / width).floor().max(0.0) as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn neighbour_change_bands_of_a_fifth() {
        let c = banded(
            &[
                Some(0.0),
                Some(0.19),
                Some(0.2),
                Some(0.99),
                Some(1.0),
                None,
            ],
            1.0,
            ChangeMeasure::NeighbourChange,
        );
        assert_eq!(c.group, vec![0, 0, 1, 4, 4, 5]);
        assert_eq!(c.groups[1].label, "neighbours changed 20–40%");
        assert_eq!(c.groups[4].label_ja, "近傍の変化 80–100%");
        assert_eq!(c.colors[3], CHANGE_SCALE[4]);
        assert_eq!(c.colors[5], MISSING_COLOR);
    }

    #[test]
    fn displacement_bands_up_to_the_largest() {
        let c = banded(
            &[Some(0.0), Some(0.5), Some(2.0), None],
            2.0,
            ChangeMeasure::Displacement,
        );
        // Width 0.4: 0.5 is in the second band, the largest in the last.
        assert_eq!(c.group, vec![0, 1, 4, 5]);
        assert_eq!(c.groups[0].label, "moved 0.00–0.40");
        assert_eq!(c.groups[5].label, "not in both runs");
    }
}
