//! Map series derived once per run: points grouped by category with a colour each, and picking
//! (screen position → nearest point).

use std::collections::BTreeMap;

use egui::{Color32, Pos2};
use egui_plot::{PlotPoint, PlotTransform};

use crate::data::Kind;
use crate::pipeline::RunOutput;

/// Distinguishable colours for categories (Okabe–Ito plus a few), cycled when there are more.
const PALETTE: [Color32; 12] = [
    Color32::from_rgb(230, 159, 0),
    Color32::from_rgb(86, 180, 233),
    Color32::from_rgb(0, 158, 115),
    Color32::from_rgb(240, 228, 66),
    Color32::from_rgb(0, 114, 178),
    Color32::from_rgb(213, 94, 0),
    Color32::from_rgb(204, 121, 167),
    Color32::from_rgb(148, 103, 189),
    Color32::from_rgb(140, 86, 75),
    Color32::from_rgb(127, 200, 80),
    Color32::from_rgb(23, 190, 207),
    Color32::from_rgb(188, 189, 34),
];
/// Colour of user markers.
pub const USER_COLOR: Color32 = Color32::from_rgb(200, 200, 200);

/// One legend entry: the points of one category (or all users).
#[derive(Debug, Clone)]
pub struct Series {
    /// English label.
    pub label: String,
    /// Japanese label.
    pub label_ja: String,
    /// Marker colour.
    pub color: Color32,
    /// Map coordinates.
    pub points: Vec<PlotPoint>,
}

/// Everything the map draws that depends only on the run.
#[derive(Debug, Clone)]
pub struct MapData {
    /// Item series by category (sorted by category name).
    pub items: Vec<Series>,
    /// All placed users.
    pub users: Series,
    /// Position of every point.
    pub xy: Vec<PlotPoint>,
    /// Colour of every point.
    pub colors: Vec<Color32>,
}

impl MapData {
    /// Group the run's points by category, at the run's own (PCA) positions.
    #[must_use]
    pub fn build(run: &RunOutput) -> Self {
        Self::build_with(run, run.xy.view())
    }

    /// Group the run's points by category at positions `xy` (one row per point).
    #[must_use]
    pub fn build_with(run: &RunOutput, xy: ndarray::ArrayView2<'_, f32>) -> Self {
        let items = &run.data.items;
        let xy: Vec<PlotPoint> = xy
            .rows()
            .into_iter()
            .map(|r| PlotPoint::new(f64::from(r[0]), f64::from(r[1])))
            .collect();
        let mut by_cat: BTreeMap<&str, (String, Vec<PlotPoint>)> = BTreeMap::new();
        for (p, pt) in run.points.iter().zip(&xy) {
            if p.kind == Kind::Item {
                let r = p.row as usize;
                let entry = by_cat
                    .entry(items.category(r))
                    .or_insert_with(|| (items.category_label(r, true).to_owned(), Vec::new()));
                entry.1.push(*pt);
            }
        }
        let color_of: BTreeMap<&str, Color32> = by_cat
            .keys()
            .enumerate()
            .map(|(i, c)| (*c, PALETTE[i % PALETTE.len()]))
            .collect();
        let colors = run
            .points
            .iter()
            .map(|p| match p.kind {
                Kind::Item => color_of
                    .get(items.category(p.row as usize))
                    .copied()
                    .unwrap_or(PALETTE[0]),
                Kind::User => USER_COLOR,
            })
            .collect();
        let series = by_cat
            .into_iter()
            .map(|(cat, (ja, points))| {
                let label = if cat.is_empty() {
                    "items".to_owned()
                } else {
                    cat.to_owned()
                };
                let label_ja = if ja.is_empty() {
                    "アイテム".to_owned()
                } else {
                    ja
                };
                Series {
                    color: color_of.get(cat).copied().unwrap_or(PALETTE[0]),
                    label,
                    label_ja,
                    points,
                }
            })
            .collect();
        let users = Series {
            label: "users".to_owned(),
            label_ja: "ユーザー".to_owned(),
            color: USER_COLOR,
            points: run
                .points
                .iter()
                .zip(&xy)
                .filter(|(p, _)| p.kind == Kind::User)
                .map(|(_, pt)| *pt)
                .collect(),
        };
        Self {
            items: series,
            users,
            xy,
            colors,
        }
    }

    /// The `k` points nearest to point `p` on the map (not in the vectors), nearest first.
    #[must_use]
    pub fn nearest_on_map(&self, p: usize, k: usize) -> Vec<usize> {
        let Some(c) = self.xy.get(p) else {
            return Vec::new();
        };
        let mut d: Vec<(f64, usize)> = self
            .xy
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != p)
            .map(|(i, q)| ((q.x - c.x).powi(2) + (q.y - c.y).powi(2), i))
            .collect();
        let k = k.min(d.len());
        if k == 0 {
            return Vec::new();
        }
        d.select_nth_unstable_by(k - 1, |a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        d.truncate(k);
        d.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        d.into_iter().map(|(_, i)| i).collect()
    }

    /// The point nearest to screen position `pos`, if within `max_px` pixels.
    #[must_use]
    pub fn pick(&self, transform: &PlotTransform, pos: Pos2, max_px: f32) -> Option<usize> {
        let mut best: Option<(f32, usize)> = None;
        for (i, p) in self.xy.iter().enumerate() {
            let d = transform.position_from_point(p).distance_sq(pos);
            if d <= max_px * max_px && best.is_none_or(|(bd, _)| d < bd) {
                best = Some((d, i));
            }
        }
        best.map(|(_, i)| i)
    }
}
