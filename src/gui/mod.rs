//! The desktop GUI (`eframe`/`egui`). The only module that imports `egui`, `eframe` and `egui_plot`.
//!
//! `app.rs` owns the state and the worker; each panel is a function in its own `*_ui.rs` that
//! reads `&AppState` and pushes [`state::Command`]s.

pub mod abtest_ui;
pub mod als_settings_ui;
pub mod app;
pub mod audit_ui;
pub mod bench;
pub mod bookmarks_ui;
pub mod command;
pub mod compare_colors;
pub mod compare_ui;
pub mod drift_ui;
pub mod evaluation_ui;
pub mod export_panel_ui;
pub mod fonts;
pub mod goal_ui;
pub mod i18n;
pub mod interview_card_ui;
pub mod interviews_ui;
pub mod label_place;
pub mod learn;
pub mod legend_row;
pub mod list_ui;
pub mod map_colors;
pub mod map_data;
pub mod map_density;
pub mod map_grid;
pub mod map_legend_ui;
pub mod map_scale;
pub mod map_tools_ui;
pub mod map_ui;
pub mod model_picker;
pub mod model_picker_ui;
pub mod neighbours_ui;
pub mod presenter;
pub mod progress_text;
pub mod projection;
pub mod projection_ui;
pub mod projection_umap;
pub mod provenance_ui;
pub mod recommend_ui;
pub mod reduce_ui;
pub mod run_cache;
pub mod settings;
pub mod state;
pub mod top_bar_ui;
pub mod tradeoff_ui;
pub mod umap_ui;
pub mod vector_card_ui;
pub mod vector_column_ui;
pub mod whole_table_ui;
pub mod windows_ui;

use std::path::{Path, PathBuf};

pub use app::App;

/// Where the GUI keeps runs, notes and bookmarks: the same choice as the CLI's
/// `--workspace PATH` / `--no-workspace`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum WorkspaceChoice {
    /// The per-user workspace ([`crate::store::default_path`]).
    #[default]
    Default,
    /// This workspace file.
    At(PathBuf),
    /// Keep nothing: no workspace is read or written, and the window writes no settings file.
    Nothing,
}

/// How the window starts (from the command line).
#[derive(Debug, Clone, Default)]
pub struct LaunchOptions {
    /// Where results are kept.
    pub workspace: WorkspaceChoice,
    /// Close the window by itself after this long (smoke tests of the binary).
    pub quit_after: Option<std::time::Duration>,
}

/// The window icon (rendered from `assets/icons/embedscope.svg` by `assets/icons/render.sh`).
/// 128 px: a 256 px icon (256 KiB of pixels) is over X11's basic request size, and winit then
/// silently sets none.
pub const ICON_PNG: &[u8] = include_bytes!("../../assets/icons/embedscope-128.png");

/// The app id: the Wayland app id and the name of `assets/linux/embedscope.desktop`, so desktops
/// group the window under that menu entry. eframe also names the settings folder after it.
pub const APP_ID: &str = "embedscope";

/// The window's icon, decoded from [`ICON_PNG`].
///
/// # Errors
/// The bundled PNG does not decode (a broken build).
pub fn window_icon() -> anyhow::Result<egui::IconData> {
    eframe::icon_data::from_png_bytes(ICON_PNG)
        .map_err(|e| anyhow::anyhow!("assets/icons/embedscope-128.png: {e}"))
}

/// Open the window on `dataset` (the glow renderer: 3–4× faster than wgpu on software GL).
///
/// # Errors
/// The window or GL context could not be created.
pub fn run_native(dataset: &Path, launch: LaunchOptions) -> anyhow::Result<()> {
    let dataset = resolve_default(dataset);
    let keep_nothing = launch.workspace == WorkspaceChoice::Nothing;
    let mut viewport = egui::ViewportBuilder::default()
        .with_title("embedscope")
        .with_app_id(APP_ID)
        .with_inner_size([1500.0, 920.0])
        .with_drag_and_drop(true);
    match window_icon() {
        Ok(icon) => viewport = viewport.with_icon(icon),
        Err(e) => eprintln!("embedscope: no window icon: {e:#}"),
    }
    let options = eframe::NativeOptions {
        renderer: eframe::Renderer::Glow,
        system_font_fallback: false,
        viewport,
        // Keeping nothing: the window's size is not saved, and the settings file is only read
        // (naming it stops eframe from creating its folder); the app saves nothing to it.
        persist_window: !keep_nothing,
        persistence_path: keep_nothing.then(settings_file).flatten(),
        ..Default::default()
    };
    eframe::run_native(
        APP_ID,
        options,
        Box::new(move |cc| Ok(Box::new(App::from_creation(cc, dataset, &launch)))),
    )
    .map_err(|e| anyhow::anyhow!("could not open the window: {e}"))
}

/// eframe's settings file (`<data dir>/embedscope/app.ron`, as eframe names it on Linux and
/// macOS; Windows adds a `data` folder).
fn settings_file() -> Option<PathBuf> {
    let dir = dirs::data_dir()?.join("embedscope");
    let dir = if cfg!(windows) { dir.join("data") } else { dir };
    Some(dir.join("app.ron"))
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

#[cfg(test)]
mod tests {
    #[test]
    fn window_icon_decodes_to_128_square_rgba() {
        let icon = super::window_icon().unwrap();
        assert_eq!((icon.width, icon.height), (128, 128));
        assert_eq!(icon.rgba.len(), 128 * 128 * 4);
        // Transparent corner, opaque centre.
        assert_eq!(icon.rgba[3], 0);
        let centre = (64 * 128 + 64) * 4;
        assert_eq!(icon.rgba[centre + 3], 255);
    }
}
