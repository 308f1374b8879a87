//! The Learn tab's pictures: the run's PCA map (components 1 and 2, whatever layout the Map tab
//! shows, because what-if vectors are placed with the same PCA) drawn faintly, with the step's
//! points, arrows and labels on top; and small drawing helpers shared by the steps.

use egui::{Align2, Color32, RichText};
use egui_plot::{Arrows, Line, LineStyle, MarkerShape, Plot, PlotPoint, PlotUi, Points, Text};

use crate::data::Kind;
use crate::gui::legend_row::{Entry, Swatch, legend_row_ui};
use crate::gui::state::AppState;
use crate::pipeline::RunOutput;

/// Above this many points the faint background is thinned (every n-th point).
const BACKGROUND_LIMIT: usize = 20_000;
/// Colour of what-if points and arrows.
pub const GHOST_COLOR: Color32 = Color32::from_rgb(255, 80, 200);
/// Colour of the first pick (A).
pub const A_COLOR: Color32 = Color32::from_rgb(90, 200, 255);
/// Colour of the second pick (B).
pub const B_COLOR: Color32 = Color32::from_rgb(255, 190, 60);
/// Colour of the third pick (C).
pub const C_COLOR: Color32 = Color32::from_rgb(120, 220, 120);

/// Map position of `point` (PCA components 1 and 2).
#[must_use]
pub fn pos(run: &RunOutput, point: usize) -> Option<[f64; 2]> {
    (point < run.xy.nrows()).then(|| [f64::from(run.xy[[point, 0]]), f64::from(run.xy[[point, 1]])])
}

/// Draw the PCA map of `run` faintly, then whatever `add` draws on top; above the plot, a
/// legend row: the map's colour groups, then the step's own marks (`keys`).
pub fn map_ui(
    ui: &mut egui::Ui,
    id_salt: &str,
    state: &AppState,
    run: &RunOutput,
    keys: &[Entry],
    add: impl FnOnce(&mut PlotUi<'_>),
) {
    let ratio = &run.pca.explained_variance_ratio;
    let pct = |i: usize| ratio.get(i).copied().unwrap_or(0.0) * 100.0;
    let ja = state.lang().is_ja();
    let mut legend = background_legend(state, run, ja);
    legend.extend(keys.iter().cloned());
    legend_row_ui(ui, &legend);
    Plot::new(("learn-map", id_salt))
        .data_aspect(1.0)
        .show_x(false)
        .show_y(false)
        .x_axis_label(format!("PC1 ({:.1}%)", pct(0)))
        .y_axis_label(format!("PC2 ({:.1}%)", pct(1)))
        .show(ui, |pui| {
            background_ui(pui, state, run, ja);
            add(pui);
        });
}

/// The legend entries of the faint background: one per colour group of the map.
fn background_legend(state: &AppState, run: &RunOutput, ja: bool) -> Vec<Entry> {
    let n = run.points.len();
    let Some(map) = state.map.as_ref().filter(|m| m.coloring.group.len() == n) else {
        return Vec::new();
    };
    map.coloring
        .groups
        .iter()
        .map(|g| {
            let color = g.color.gamma_multiply(0.7);
            let swatch = if g.diamond {
                Swatch::Diamond(color)
            } else {
                Swatch::Circle(color)
            };
            (swatch, if ja { &g.label_ja } else { &g.label }.clone())
        })
        .collect()
}

/// Every point, faint, one series per legend group of the map's colouring.
fn background_ui(pui: &mut PlotUi<'_>, state: &AppState, run: &RunOutput, ja: bool) {
    let n = run.points.len();
    let stride = n.div_ceil(BACKGROUND_LIMIT).max(1);
    let Some(map) = state.map.as_ref().filter(|m| m.coloring.group.len() == n) else {
        let all: Vec<[f64; 2]> = (0..n).step_by(stride).filter_map(|p| pos(run, p)).collect();
        pui.points(
            Points::new("", all)
                .color(Color32::from_gray(110))
                .radius(2.5),
        );
        return;
    };
    let coloring = &map.coloring;
    let mut by_group: Vec<Vec<[f64; 2]>> = vec![Vec::new(); coloring.groups.len()];
    for p in (0..n).step_by(stride) {
        if let (Some(list), Some(at)) = (
            coloring
                .group
                .get(p)
                .and_then(|&g| by_group.get_mut(g as usize)),
            pos(run, p),
        ) {
            list.push(at);
        }
    }
    for (g, points) in coloring.groups.iter().zip(by_group) {
        let name = if ja { &g.label_ja } else { &g.label };
        let shape = if g.diamond {
            MarkerShape::Diamond
        } else {
            MarkerShape::Circle
        };
        pui.points(
            Points::new(name.as_str(), points)
                .color(g.color.gamma_multiply(0.45))
                .shape(shape)
                .radius(3.0)
                .filled(true)
                .allow_hover(false),
        );
    }
}

/// A hollow ring around `at`.
pub fn ring(pui: &mut PlotUi<'_>, name: &str, at: [f64; 2], color: Color32, radius: f32) {
    pui.points(
        Points::new(name, vec![at])
            .shape(MarkerShape::Circle)
            .filled(false)
            .radius(radius)
            .color(color)
            .allow_hover(false),
    );
}

/// A filled marker at `at`.
pub fn dot(pui: &mut PlotUi<'_>, name: &str, at: [f64; 2], color: Color32, shape: MarkerShape) {
    pui.points(
        Points::new(name, vec![at])
            .shape(shape)
            .filled(true)
            .radius(6.0)
            .color(color)
            .allow_hover(false),
    );
}

/// An arrow from `from` to `to` (dashed shaft when `dashed`).
pub fn arrow(
    pui: &mut PlotUi<'_>,
    name: &str,
    from: [f64; 2],
    to: [f64; 2],
    color: Color32,
    dashed: bool,
) {
    let style = if dashed {
        LineStyle::dashed_loose()
    } else {
        LineStyle::Solid
    };
    pui.line(
        Line::new(name, vec![from, to])
            .color(color)
            .width(2.0)
            .style(style)
            .allow_hover(false),
    );
    // The head: a short arrow ending at the tip (its own shaft hides under the line).
    let near = [
        to[0] - (to[0] - from[0]) * 0.02,
        to[1] - (to[1] - from[1]) * 0.02,
    ];
    if (to[0] - from[0]).hypot(to[1] - from[1]) > 0.0 {
        pui.arrows(
            Arrows::new("", vec![near], vec![to])
                .tip_length(12.0)
                .color(color)
                .highlight(true)
                .allow_hover(false),
        );
    }
}

/// A text label at `at`, its left-bottom corner on the point (a little off it).
pub fn label(pui: &mut PlotUi<'_>, at: [f64; 2], text: &str, color: Color32) {
    label_anchored(pui, at, text, color, Align2::LEFT_BOTTOM);
}

/// The corner of a label sitting at the tip of the direction `from → to`, beyond the tip, so
/// the text continues the line instead of being struck through by it: pointing right puts the
/// text's left edge on the tip, pointing up its bottom edge.
#[must_use]
pub fn anchor_beyond(from: [f64; 2], to: [f64; 2]) -> Align2 {
    let (dx, dy) = (to[0] - from[0], to[1] - from[1]);
    match (dx >= 0.0, dy >= 0.0) {
        (true, true) => Align2::LEFT_BOTTOM,
        (true, false) => Align2::LEFT_TOP,
        (false, true) => Align2::RIGHT_BOTTOM,
        (false, false) => Align2::RIGHT_TOP,
    }
}

/// A text label at the tip of `from → to`, beyond it (see [`anchor_beyond`]).
pub fn label_beyond(
    pui: &mut PlotUi<'_>,
    from: [f64; 2],
    to: [f64; 2],
    text: &str,
    color: Color32,
) {
    label_anchored(pui, to, text, color, anchor_beyond(from, to));
}

/// A text label beside `at` in the direction `dir` (plot units), a few pixels off the point,
/// so a line through `at` across `dir` does not strike it through.
pub fn label_toward(pui: &mut PlotUi<'_>, at: [f64; 2], dir: [f64; 2], text: &str, color: Color32) {
    let (dx, dy) = (dir[0], dir[1]);
    let len = dx.hypot(dy).max(f64::MIN_POSITIVE);
    let (ux, uy) = (dx / len, dy / len);
    let anchor = match (ux.abs() < 0.38, uy.abs() < 0.38) {
        (true, _) if uy >= 0.0 => Align2::CENTER_BOTTOM,
        (true, _) => Align2::CENTER_TOP,
        (_, true) if ux >= 0.0 => Align2::LEFT_CENTER,
        (_, true) => Align2::RIGHT_CENTER,
        _ => anchor_beyond([0.0, 0.0], [ux, uy]),
    };
    // 5 px off the point, in plot units.
    let t = pui.transform();
    let (px, py) = (5.0 / t.dpos_dvalue_x().abs(), 5.0 / t.dpos_dvalue_y().abs());
    label_anchored(pui, [at[0] + ux * px, at[1] + uy * py], text, color, anchor);
}

/// A text label at `at`, placed by `anchor` (which corner of the text sits on the point).
pub fn label_anchored(
    pui: &mut PlotUi<'_>,
    at: [f64; 2],
    text: &str,
    color: Color32,
    anchor: Align2,
) {
    pui.text(
        Text::new(
            "",
            PlotPoint::new(at[0], at[1]),
            RichText::new(text).size(14.0).color(color),
        )
        .color(color)
        .anchor(anchor)
        .allow_hover(false),
    );
}

/// Numbers (ranks) beside their points, each where it covers no marked point (the ranked
/// points, `others`, `also`) and no other number; a rank with no free corner is left out (its
/// ring and the list beside the map still show it).
pub fn ranks(
    pui: &mut PlotUi<'_>,
    ranked: &[(usize, [f64; 2])],
    others: &[[f64; 2]],
    also: [f64; 2],
    color: Color32,
) {
    let transform = *pui.transform();
    let screen = |p: [f64; 2]| transform.position_from_point(&PlotPoint::new(p[0], p[1]));
    let font = egui::FontId::proportional(14.0);
    let labels: Vec<(egui::Pos2, egui::Vec2)> = ranked
        .iter()
        .map(|(rank, at)| {
            let size = pui
                .ctx()
                .fonts_mut(|f| f.layout_no_wrap(rank.to_string(), font.clone(), color))
                .size();
            (screen(*at), size)
        })
        .collect();
    let obstacles: Vec<egui::Rect> = ranked
        .iter()
        .map(|(_, p)| *p)
        .chain(others.iter().copied())
        .chain(std::iter::once(also))
        .map(|p| egui::Rect::from_center_size(screen(p), egui::vec2(18.0, 18.0)))
        .collect();
    let anchors = crate::gui::label_place::place_labels(&labels, &obstacles, *transform.frame());
    for (((rank, _), (at, _)), anchor) in ranked.iter().zip(&labels).zip(anchors) {
        let Some(anchor) = anchor else { continue };
        let shifted = crate::gui::label_place::label_anchor_point(*at, anchor);
        let p = transform.value_from_position(shifted);
        label_anchored(pui, [p.x, p.y], &rank.to_string(), color, anchor);
    }
}

/// The map marker of a point: users as diamonds, items as circles.
#[must_use]
pub fn shape_of(run: &RunOutput, point: usize) -> MarkerShape {
    match run.points.get(point).map(|p| p.kind) {
        Some(Kind::User) => MarkerShape::Diamond,
        _ => MarkerShape::Circle,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_go_beyond_the_tip_away_from_the_shaft() {
        let o = [0.0, 0.0];
        // Pointing right along the axis: the text starts at the tip, above the line.
        assert_eq!(anchor_beyond(o, [2.0, 0.0]), Align2::LEFT_BOTTOM);
        // Up-left: the text ends at the tip and sits above it.
        assert_eq!(anchor_beyond(o, [-1.0, 1.0]), Align2::RIGHT_BOTTOM);
        assert_eq!(anchor_beyond(o, [-1.0, -1.0]), Align2::RIGHT_TOP);
        assert_eq!(anchor_beyond(o, [1.0, -1.0]), Align2::LEFT_TOP);
    }
}
