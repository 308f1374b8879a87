//! CPU time of map frames, for `embedscope bench`: the map panel laid out and tessellated for
//! a 1280 × 800 window while the pointer drags (pans) it, exactly as the app draws it, without
//! the GPU upload.

use std::sync::Arc;
use std::time::Instant;

use egui::{Event, PointerButton, Pos2, RawInput, Rect, pos2, vec2};

use super::map_data::MapData;
use super::state::AppState;
use crate::pipeline::RunOutput;

/// What [`map_frame_times`] measured.
#[derive(Debug, Clone, PartialEq)]
pub struct FrameTimes {
    /// CPU milliseconds of the drawing thread per measured frame (Linux: from
    /// `/proc/thread-self/schedstat`, so other processes on the machine do not inflate it;
    /// elsewhere the wall time). The threads that draw a big density image's bands are not
    /// counted: wall time is the measure.
    pub ms: Vec<f64>,
    /// Wall-clock milliseconds per measured frame.
    pub wall_ms: Vec<f64>,
    /// Measured frames whose density image was drawn anew (the view moved and the map was in
    /// density mode); 0 when the view showed few enough points to draw them one by one.
    pub rasterised: usize,
}

/// Milliseconds per frame for `frames` frames of panning over `run`'s map, zoomed in 2.5× so
/// that the view cuts through the data (after three warm-up frames that lay out, zoom and press).
#[must_use]
pub fn map_frame_times(run: Arc<RunOutput>, frames: usize) -> FrameTimes {
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
    let mut wall = Vec::with_capacity(frames);
    let mut rasterised = 0;
    let mut last_drawn = None;
    for f in 0..frames + 3 {
        let at = pos2(start.x + 3.0 * f as f32, start.y + (f % 7) as f32);
        let mut events = vec![Event::PointerMoved(at)];
        if f == 1 {
            // Zoom in first, so the view cuts through the data and every pan moves the edge of
            // the density image: the worst case (zoomed out, the whole image just slides).
            events.push(Event::Zoom(2.5));
        }
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
        let cpu = thread_cpu_ns();
        let mut cmds = Vec::new();
        let mut out = ctx.run_ui(input, |ui| super::map_ui::map_ui(ui, &state, &mut cmds));
        // No GPU here: the texture uploads are measured as rasterisation, then dropped.
        out.textures_delta.clear();
        let shapes = ctx.tessellate(out.shapes, out.pixels_per_point);
        std::hint::black_box(shapes);
        if f >= 3 {
            let wall_ms = t.elapsed().as_secs_f64() * 1e3;
            wall.push(wall_ms);
            times.push(match (cpu, thread_cpu_ns()) {
                (Some(a), Some(b)) => (b.saturating_sub(a)) as f64 / 1e6,
                _ => wall_ms,
            });
            let drawn = super::map_density::cached_bounds(&ctx);
            if drawn.is_some() && drawn != last_drawn {
                rasterised += 1;
            }
            last_drawn = drawn;
        } else {
            last_drawn = super::map_density::cached_bounds(&ctx);
        }
    }
    FrameTimes {
        ms: times,
        wall_ms: wall,
        rasterised,
    }
}

/// Nanoseconds this thread has run on a CPU (Linux), if known.
fn thread_cpu_ns() -> Option<u64> {
    schedstat_ns("/proc/thread-self/schedstat")
}

/// Nanoseconds all threads of this process have run on a CPU (Linux), if known: time taken
/// from other processes on a busy machine is not counted, unlike wall time.
#[must_use]
pub fn process_cpu_ns() -> Option<u64> {
    let mut total = 0;
    for task in std::fs::read_dir("/proc/self/task").ok()? {
        let path = task.ok()?.path().join("schedstat");
        total += schedstat_ns(&path.to_string_lossy())?;
    }
    Some(total)
}

fn schedstat_ns(path: &str) -> Option<u64> {
    let text = std::fs::read_to_string(path).ok()?;
    text.split_whitespace().next()?.parse().ok()
}
