//! Step 2's pictures: the exact plane drawing (arrows, distance segment, angle arc) and the
//! marks on the map.

use egui::Color32;
use egui_plot::{Corner, Legend, Line, LineStyle, MarkerShape, Plot, PlotUi};

use super::{Outcome, angle_text};
use crate::gui::i18n::{Key, Lang, fill, tr};
use crate::gui::learn::plot::{self, A_COLOR, B_COLOR, GHOST_COLOR};
use crate::gui::neighbours_ui::{COSINE_COLOR, EUCLID_COLOR};

/// Points along the angle arc.
const ARC_POINTS: usize = 48;

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
    Plot::new("learn-plane")
        .height(height)
        .data_aspect(1.0)
        .legend(
            Legend::default()
                .position(Corner::LeftTop)
                .follow_insertion_order(true),
        )
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
        let before = format!("{} ({})", names[1], tr(lang, Key::LearnBefore));
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
    // segment from the origin (where the arrows are not).
    plot::label_beyond(pui, origin, p.a, &format!(" {} ", names[0]), A_COLOR);
    let (b_name, b_color) = if edited {
        (
            format!("{} ({})", names[1], tr(lang, Key::LegendWhatIf)),
            GHOST_COLOR,
        )
    } else {
        (names[1].clone(), B_COLOR)
    };
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
    plot::label_beyond(
        pui,
        origin,
        middle,
        &format!(" d = {:.3} ", p.distance),
        EUCLID_COLOR,
    );
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
