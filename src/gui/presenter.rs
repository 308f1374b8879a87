//! Presenter mode: one switch that scales everything for a projector. It zooms the whole UI
//! (text, widgets and the map's markers, which are sized in points) and raises the small text —
//! the map-honesty line, the vector card's explanation, reasons and notes — to the body size,
//! with weak (grey) text made brighter, so the smallest text is readable from the back of a
//! room. Ctrl + / Ctrl − / Ctrl 0 zoom further or back, as everywhere in egui.
//!
//! Sizes: egui's default body text is 12.5 points and small text 9; at a zoom of 1.4 on a
//! 1920 × 1080 projector the smallest text here is 14 × 1.4 ≈ 20 pixels — about the 18–24 px
//! floor presentation guides give for a room, where 9 × 1 = 9 px is not.

use egui::{FontId, TextStyle};

/// The UI zoom in presenter mode.
pub const ZOOM: f32 = 1.4;
/// Body and small text size in presenter mode, in points (before the zoom).
pub const TEXT_SIZE: f32 = 14.0;
/// Map markers grow by this much more in presenter mode (they already follow the zoom).
pub const MARKER_SCALE: f32 = 1.3;

/// Switch presenter mode on or off: zoom and text sizes of every style (dark and light).
pub fn apply(ctx: &egui::Context, on: bool) {
    ctx.set_zoom_factor(if on { ZOOM } else { 1.0 });
    let defaults = egui::Style::default().text_styles;
    ctx.all_styles_mut(|style| {
        style.text_styles.clone_from(&defaults);
        if on {
            for (text_style, font) in &mut style.text_styles {
                let size = match text_style {
                    TextStyle::Small | TextStyle::Body | TextStyle::Button => TEXT_SIZE,
                    TextStyle::Monospace => TEXT_SIZE - 1.0,
                    TextStyle::Heading => TEXT_SIZE + 6.0,
                    TextStyle::Name(_) => font.size.max(TEXT_SIZE),
                };
                *font = FontId::new(size, font.family.clone());
            }
        }
        style.visuals.weak_text_color = on.then(|| {
            if style.visuals.dark_mode {
                egui::Color32::from_gray(190)
            } else {
                egui::Color32::from_gray(70)
            }
        });
    });
}

/// The map's marker radius for `radius` at normal size.
#[must_use]
pub fn marker(radius: f32, on: bool) -> f32 {
    if on { radius * MARKER_SCALE } else { radius }
}

/// The smallest text size any style of `ctx` uses, in points before the zoom.
#[must_use]
pub fn smallest_text(ctx: &egui::Context) -> f32 {
    ctx.global_style()
        .text_styles
        .values()
        .map(|f| f.size)
        .fold(f32::INFINITY, f32::min)
}

/// The side panels' widths in points: the list on the left, the neighbours on the right.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PanelWidths {
    /// The list: default, least and most.
    pub list: [f32; 3],
    /// The neighbours and recommendations: default, least and most.
    pub side: [f32; 3],
}

/// Side-panel widths for a screen `width` points wide. The map keeps at least half of the
/// screen by default; in presenter mode (where the zoom leaves 1920 / 1.4 ≈ 1371 points) the
/// panels take a share of the screen instead of the fixed sizes that fit a 1600-point window,
/// and neither can be dragged (or pushed by its contents) past its largest width.
#[must_use]
pub fn panel_widths(width: f32, on: bool) -> PanelWidths {
    if on {
        let list = (width * 0.13).clamp(130.0, 230.0);
        let side = (width * 0.31).clamp(300.0, 540.0);
        PanelWidths {
            list: [list, 120.0, (width * 0.22).max(list)],
            side: [side, 260.0, (width * 0.42).max(side)],
        }
    } else {
        PanelWidths {
            list: [230.0, 160.0, (width * 0.3).max(230.0)],
            side: [540.0, 380.0, (width * 0.45).max(540.0)],
        }
    }
}

#[cfg(test)]
mod tests {
    use super::panel_widths;

    #[test]
    fn presenter_panels_leave_the_map_most_of_a_1920_by_1080_projector() {
        let width = 1920.0 / super::ZOOM;
        let w = panel_widths(width, true);
        let map = width - w.list[0] - w.side[0];
        assert!(map / width >= 0.55, "map share {}", map / width);
        // The least widths still leave room for the lists' names and values.
        assert!(w.side[1] >= 250.0 && w.list[1] >= 120.0);
        // Dragged wide, both panels together still leave the map a third.
        assert!(width - w.list[2] - w.side[2] >= width / 3.0);
    }

    #[test]
    fn normal_panels_keep_their_sizes_at_1600() {
        let w = panel_widths(1600.0, false);
        assert_eq!((w.list[0], w.side[0]), (230.0, 540.0));
        assert!(w.side[2] >= w.side[0] && w.list[2] >= w.list[0]);
    }
}
