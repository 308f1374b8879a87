//! The desktop GUI (`eframe`/`egui`). The only module that imports `egui`, `eframe` and `egui_plot`.
//!
//! `app.rs` owns the state and the worker; each panel is a function in its own `*_ui.rs` that
//! reads `&AppState` and pushes [`state::Command`]s.

pub mod app;
pub mod audit_ui;
pub mod bench;
pub mod bookmarks_ui;
pub mod command;
pub mod compare_colors;
pub mod compare_ui;
pub mod evaluation_ui;
pub mod fonts;
pub mod i18n;
pub mod interview_card_ui;
pub mod interviews_ui;
pub mod label_place;
pub mod learn;
pub mod list_ui;
pub mod map_colors;
pub mod map_data;
pub mod map_density;
pub mod map_grid;
pub mod map_tools_ui;
pub mod map_ui;
pub mod neighbours_ui;
pub mod projection;
pub mod projection_ui;
pub mod projection_umap;
pub mod recommend_ui;
pub mod run_cache;
pub mod state;
pub mod top_bar_ui;
pub mod tradeoff_ui;
pub mod umap_ui;
pub mod vector_card_ui;
pub mod vector_column_ui;
pub mod windows_ui;

use std::path::{Path, PathBuf};

pub use app::App;

/// Open the window on `dataset` (the glow renderer: 3–4× faster than wgpu on software GL).
///
/// # Errors
/// The window or GL context could not be created.
pub fn run_native(dataset: &Path) -> anyhow::Result<()> {
    let dataset = resolve_default(dataset);
    let options = eframe::NativeOptions {
        renderer: eframe::Renderer::Glow,
        system_font_fallback: false,
        viewport: egui::ViewportBuilder::default()
            .with_title("embedscope")
            .with_inner_size([1500.0, 920.0])
            .with_drag_and_drop(true),
        ..Default::default()
    };
    eframe::run_native(
        "embedscope",
        options,
        Box::new(move |cc| Ok(Box::new(App::from_creation(cc, dataset)))),
    )
    .map_err(|e| anyhow::anyhow!("could not open the window: {e}"))
}

/// The bundled sample is found relative to the working directory, or else next to the sources
/// the binary was built from (so `target/release/embedscope` works from any folder).
fn resolve_default(path: &Path) -> PathBuf {
    if path.exists() || path.is_absolute() {
        return path.to_path_buf();
    }
    let beside_sources = Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
    if beside_sources.exists() {
        beside_sources
    } else {
        path.to_path_buf()
    }
}
