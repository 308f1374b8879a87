//! Step 2's pictures: the exact plane drawing (arrows, distance segment, angle arc) and the
//! marks on the map.

use egui::Color32;
use egui_plot::{Line, LineStyle, MarkerShape, Plot, PlotUi};

use super::{Outcome, angle_text};
use crate::gui::i18n::{Key, Lang, fill, tr};
use crate::gui::learn::plot::{self, A_COLOR, B_COLOR, GHOST_COLOR};
use crate::gui::legend_row::{Entry, Swatch, legend_row_ui};
use crate::gui::neighbours_ui::{COSINE_COLOR, EUCLID_COLOR};

/// Points along the angle arc.
const ARC_POINTS: usize = 48;

/// Arrows closer than this (radians) share a line: labels go beside the segment between tips.
const NEAR_PARALLEL: f64 = 0.35;

/// The unit normal of the segment `a → b` on the side away from the origin, when the arrows to
/// `a` and `b` point almost the same way (else `None`: labels beyond the tips do not collide).
fn off_segment(a: [f64; 2], b: [f64; 2]) -> Option<[f64; 2]> {
    let angle = (a[1].atan2(a[0]) - b[1].atan2(b[0])).abs();
    let angle = angle.min(std::f64::consts::TAU - angle);
    let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
    let len = dx.hypot(dy);
    if angle > NEAR_PARALLEL || len <= 0.0 || !len.is_finite() {
        return None;
    }
    let n = [-dy / len, dx / len];
    // Away from the origin: the normal pointing the same way as the segment's midpoint.
    let mid = [f64::midpoint(a[0], b[0]), f64::midpoint(a[1], b[1])];
    let away = n[0] * mid[0] + n[1] * mid[1];
    // Collinear with the origin: "up" on screen.
    let up = if away.abs() < 1e-9 {
        n[1] >= 0.0
    } else {
        away > 0.0
    };
    Some(if up { n } else { [-n[0], -n[1]] })
}

/// The two arrows in their own plane, `height` points tall.
pub(super) fn plane_ui(
    ui: &mut egui::Ui,
    lang: Lang,
    out: &Outcome,
    names: &[String; 2],
    edited: bool,
    origin_name: &str,
    height: f32,
) {
    let b_color = if edited { GHOST_COLOR } else { B_COLOR };
    let mut keys = vec![
        (
            Swatch::Circle(Color32::from_gray(160)),
            origin_name.to_owned(),
        ),
        (Swatch::Line(A_COLOR, false), names[0].clone()),
        (Swatch::Line(b_color, false), b_name(lang, names, edited)),
    ];
    if edited {
        keys.push((
            Swatch::Line(B_COLOR.gamma_multiply(0.5), true),
            before_name(lang, names),
        ));
    }
    keys.push((
        Swatch::Line(EUCLID_COLOR, true),
        tr(lang, Key::Euclidean).to_owned(),
    ));
    keys.push((
        Swatch::Line(COSINE_COLOR, false),
        tr(lang, Key::Cosine).to_owned(),
    ));
    legend_row_ui(ui, &keys);
    Plot::new("learn-plane")
        .height(height)
        .data_aspect(1.0)
        .show_x(false)
        .show_y(false)
        .x_axis_label(tr(lang, Key::LearnPlaneAxes))
        .show(ui, |pui| {
            arrows_ui(pui, lang, out, names, edited, origin_name);
        });
}

fn arrows_ui(
    pui: &mut PlotUi<'_>,
    lang: Lang,
    out: &Outcome,
    names: &[String; 2],
    edited: bool,
    origin_name: &str,
) {
    let origin = [0.0, 0.0];
    let p = &out.after;
    // Room for the names at the tips: invisible corners a little beyond every arrow.
    let tips = [origin, p.a, p.b, out.before.b];
    let (lo, hi) = tips
        .iter()
        .fold(([0.0_f64; 2], [0.0_f64; 2]), |(lo, hi), t| {
            (
                [lo[0].min(t[0]), lo[1].min(t[1])],
                [hi[0].max(t[0]), hi[1].max(t[1])],
            )
        });
    let span = (hi[0] - lo[0]).max(hi[1] - lo[1]).max(1e-6);
    pui.points(
        egui_plot::Points::new(
            "",
            vec![
                [lo[0] - 0.1 * span, lo[1] - 0.15 * span],
                [hi[0] + 0.4 * span, hi[1] + 0.15 * span],
            ],
        )
        .radius(0.0)
        .color(Color32::TRANSPARENT)
        .allow_hover(false),
    );
    plot::dot(
        pui,
        origin_name,
        origin,
        Color32::from_gray(160),
        MarkerShape::Circle,
    );
    if edited {
        let before = before_name(lang, names);
        plot::arrow(
            pui,
            &before,
            origin,
            out.before.b,
            B_COLOR.gamma_multiply(0.5),
            true,
        );
    }
    plot::arrow(pui, &names[0], origin, p.a, A_COLOR, false);
    // Names beyond the tips (never across a shaft), the distance on the far side of the
    // segment from the origin (where the arrows are not). When the arrows point almost the
    // same way, "beyond A" is on the dashed segment to B and B's shaft runs just by A's tip:
    // A's name and the distance then both go on the side of the segment away from the
    // origin (both shafts are on the origin's side), A's name back from its tip.
    let side = off_segment(p.a, p.b);
    let a_label = format!(" {} ", names[0]);
    match side {
        Some(n) => {
            let (dx, dy) = (p.b[0] - p.a[0], p.b[1] - p.a[1]);
            let len = dx.hypot(dy);
            let back = [n[0] - dx / len, n[1] - dy / len];
            plot::label_toward(pui, p.a, back, &a_label, A_COLOR);
        }
        None => plot::label_beyond(pui, origin, p.a, &a_label, A_COLOR),
    }
    let b_name = b_name(lang, names, edited);
    let b_color = if edited { GHOST_COLOR } else { B_COLOR };
    plot::arrow(pui, &b_name, origin, p.b, b_color, false);
    plot::label_beyond(pui, origin, p.b, &format!(" {b_name} "), b_color);
    // The distance: a dashed segment between the tips, its value at the middle.
    pui.line(
        Line::new(tr(lang, Key::Euclidean), vec![p.a, p.b])
            .color(EUCLID_COLOR)
            .width(2.0)
            .style(LineStyle::dashed_dense())
            .allow_hover(false),
    );
    let middle = [f64::midpoint(p.a[0], p.b[0]), f64::midpoint(p.a[1], p.b[1])];
    let d_label = format!(" d = {:.3} ", p.distance);
    match side {
        Some(n) => plot::label_toward(pui, middle, n, &d_label, EUCLID_COLOR),
        None => plot::label_beyond(pui, origin, middle, &d_label, EUCLID_COLOR),
    }
    // The angle: an arc at the origin from A's direction (the x axis) to B's.
    let radius = 0.3 * f64::from(p.norms[0].min(p.norms[1]));
    if radius > 0.0 {
        let theta = p.b[1].atan2(p.b[0]);
        let arc: Vec<[f64; 2]> = (0..=ARC_POINTS)
            .map(|i| {
                let t = theta * i as f64 / ARC_POINTS as f64;
                [radius * t.cos(), radius * t.sin()]
            })
            .collect();
        pui.line(
            Line::new(tr(lang, Key::Cosine), arc)
                .color(COSINE_COLOR)
                .width(2.5)
                .allow_hover(false),
        );
        let (angle, cosine) = angle_text(p);
        let text = fill(tr(lang, Key::LearnArcLabel), &[("a", angle), ("c", cosine)]);
        // Under the origin: the tips and their names are all on or above the first axis.
        let at = [0.0, -0.04 * span];
        plot::label_anchored(pui, at, &text, COSINE_COLOR, egui::Align2::LEFT_TOP);
    }
}

/// B's arrow's name: the copy's when it was edited.
fn b_name(lang: Lang, names: &[String; 2], edited: bool) -> String {
    if edited {
        format!("{} ({})", names[1], tr(lang, Key::LegendWhatIf))
    } else {
        names[1].clone()
    }
}

/// The unedited B's (dashed) arrow's name.
fn before_name(lang: Lang, names: &[String; 2]) -> String {
    format!("{} ({})", names[1], tr(lang, Key::LearnBefore))
}

/// The legend of the map below the plane: both items' rings, and the copy when edited.
pub(super) fn map_keys(lang: Lang, names: &[String; 2], edited: bool) -> Vec<Entry> {
    let mut keys = vec![
        (Swatch::Ring(A_COLOR), names[0].clone()),
        (Swatch::Ring(B_COLOR), names[1].clone()),
    ];
    if edited {
        keys.push((
            Swatch::Diamond(GHOST_COLOR),
            tr(lang, Key::LegendWhatIf).to_owned(),
        ));
    }
    keys
}

/// Both items ringed on the map, and the copy with an arrow from the original.
pub(super) fn map_marks_ui(
    pui: &mut PlotUi<'_>,
    lang: Lang,
    out: &Outcome,
    names: &[String; 2],
    edited: bool,
) {
    let [a, b, copy] = out.xy;
    for (at, name, color) in [(a, &names[0], A_COLOR), (b, &names[1], B_COLOR)] {
        if let Some(at) = at {
            plot::ring(pui, name, at, color, 9.0);
            plot::label(pui, at, &format!(" {name}"), color);
        }
    }
    if edited && let (Some(from), Some(to)) = (b, copy) {
        plot::arrow(pui, "", from, to, GHOST_COLOR, false);
        plot::dot(
            pui,
            tr(lang, Key::LegendWhatIf),
            to,
            GHOST_COLOR,
            MarkerShape::Diamond,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::off_segment;

    #[test]
    fn labels_leave_a_segment_between_almost_parallel_arrows() {
        // Both along +x, B a little higher: the origin is above the line through the tips, so
        // the labels go below it.
        let n = off_segment([1.1, 0.0], [2.4, 0.03]).expect("almost parallel");
        assert!(n[1] < -0.9, "{n:?}");
        let n = off_segment([1.1, 0.0], [2.4, -0.03]).expect("almost parallel");
        assert!(n[1] > 0.9, "{n:?}");
        // Wide apart: labels beyond the tips.
        assert!(off_segment([1.0, 0.0], [0.0, 1.0]).is_none());
        assert!(off_segment([1.0, 0.0], [1.0, 0.0]).is_none());
    }
}
