//! Placing point labels so that they overlap neither each other nor the marked points: a greedy
//! pass over the four candidate positions of cartographic point labelling (Christensen, Marks &
//! Shieber 1995, "An empirical study of algorithms for point-feature label placement", the
//! 4-position model). Used by the trade-off chart and the Learn tab's ranked points.

use egui::{Align2, Pos2, Rect, Vec2};

/// Corners a label may take around its point, in order of preference (right-above first).
const ANCHORS: [Align2; 4] = [
    Align2::LEFT_BOTTOM,
    Align2::LEFT_TOP,
    Align2::RIGHT_BOTTOM,
    Align2::RIGHT_TOP,
];

/// Gap between a point and its label, along each axis (points): clear of a ring of radius 8.
const GAP: f32 = 7.0;

/// For each label (its point on screen and its size): the anchor of the first corner whose box
/// stays inside `frame` and overlaps neither a label placed before nor an `obstacle` (the
/// markers) other than the label's own point; `None` when every corner collides. Labels are
/// kept `GAP` points off their point; the returned anchor is for that shifted position, see
/// [`label_rect`].
#[must_use]
pub fn place_labels(
    labels: &[(Pos2, Vec2)],
    obstacles: &[Rect],
    frame: Rect,
) -> Vec<Option<Align2>> {
    let mut placed: Vec<Rect> = Vec::new();
    labels
        .iter()
        .map(|(at, size)| {
            let anchor = ANCHORS.into_iter().find(|a| {
                let r = label_rect(*at, *size, *a);
                frame.contains_rect(r)
                    && placed.iter().all(|o| !o.intersects(r))
                    && obstacles
                        .iter()
                        .all(|m| m.contains(*at) || !m.intersects(r))
            })?;
            placed.push(label_rect(*at, *size, anchor));
            Some(anchor)
        })
        .collect()
}

/// The anchor point of a label of `anchor` kept `GAP` off its point `at` (diagonally).
#[must_use]
pub fn label_anchor_point(at: Pos2, anchor: Align2) -> Pos2 {
    let dx = if anchor.x() == egui::Align::Min {
        GAP
    } else {
        -GAP
    };
    let dy = if anchor.y() == egui::Align::Max {
        -GAP
    } else {
        GAP
    };
    at + egui::vec2(dx, dy)
}

/// The box of a label of `size` placed by `anchor` at `at`.
#[must_use]
pub fn label_rect(at: Pos2, size: Vec2, anchor: Align2) -> Rect {
    anchor.anchor_size(label_anchor_point(at, anchor), size)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_of_close_points_do_not_overlap_each_other_or_the_points() {
        let frame = Rect::from_min_size(Pos2::ZERO, egui::vec2(400.0, 200.0));
        let size = egui::vec2(60.0, 12.0);
        let pts = [
            (egui::pos2(100.0, 100.0), size),
            (egui::pos2(100.0, 106.0), size),
            (egui::pos2(108.0, 100.0), size),
            (egui::pos2(395.0, 5.0), size),
        ];
        let markers: Vec<Rect> = pts
            .iter()
            .map(|(p, _)| Rect::from_center_size(*p, egui::vec2(8.0, 8.0)))
            .collect();
        let anchors = place_labels(&pts, &markers, frame);
        assert_eq!(anchors[0], Some(Align2::LEFT_BOTTOM));
        // Near the right edge, the label goes to the left of its point, below it.
        assert_eq!(anchors[3], Some(Align2::RIGHT_TOP));
        let rects: Vec<Rect> = pts
            .iter()
            .zip(&anchors)
            .filter_map(|((p, s), a)| Some(label_rect(*p, *s, (*a)?)))
            .collect();
        assert!(rects.len() >= 3, "{anchors:?}");
        for (i, a) in rects.iter().enumerate() {
            assert!(frame.contains_rect(*a));
            for m in &markers {
                assert!(!m.intersects(*a), "{a:?} covers the point {m:?}");
            }
            for b in &rects[i + 1..] {
                assert!(!a.intersects(*b), "{a:?} overlaps {b:?}");
            }
        }
    }
}
