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
