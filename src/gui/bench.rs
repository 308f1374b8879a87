//! CPU time of map frames, for `embedscope bench`: the map panel laid out and tessellated for
//! a 1280 × 800 window while the pointer drags (pans) it, exactly as the app draws it, without
//! the GPU upload.

use std::sync::Arc;
use std::time::Instant;

use egui::{Event, PointerButton, Pos2, RawInput, Rect, pos2, vec2};

use super::map_data::MapData;
use super::state::AppState;
use crate::pipeline::RunOutput;

/// Milliseconds per frame for `frames` frames of panning over `run`'s map (after two warm-up
/// frames that lay out and fit the view).
#[must_use]
pub fn map_frame_times(run: Arc<RunOutput>, frames: usize) -> Vec<f64> {
    let ctx = egui::Context::default();
    let mut state = AppState {
        map: Some(MapData::build(&run)),
        run: Some(run),
        ..AppState::default()
    };
    state.settings.lang = Some(super::i18n::Lang::En);
    let screen = Rect::from_min_size(Pos2::ZERO, vec2(1280.0, 800.0));
    let start = pos2(640.0, 450.0);
    let mut times = Vec::with_capacity(frames);
    for f in 0..frames + 3 {
        let at = pos2(start.x + 3.0 * f as f32, start.y + (f % 7) as f32);
        let mut events = vec![Event::PointerMoved(at)];
        if f == 2 {
            events.push(Event::PointerButton {
                pos: at,
                button: PointerButton::Primary,
                pressed: true,
                modifiers: egui::Modifiers::NONE,
            });
        }
        let input = RawInput {
            screen_rect: Some(screen),
            events,
            ..RawInput::default()
        };
        let t = Instant::now();
        let mut cmds = Vec::new();
        let out = ctx.run_ui(input, |ui| super::map_ui::map_ui(ui, &state, &mut cmds));
        let shapes = ctx.tessellate(out.shapes, out.pixels_per_point);
        std::hint::black_box(shapes);
        if f >= 3 {
            times.push(t.elapsed().as_secs_f64() * 1e3);
        }
    }
    times
}
