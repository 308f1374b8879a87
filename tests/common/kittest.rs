//! The whole app under `egui_kittest`: a harness that creates the [`App`] on its first frame,
//! and helpers that step it until the worker (its own thread) has done something.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use egui_kittest::Harness;
use embedscope::gui::App;
use embedscope::gui::WorkspaceChoice;
use embedscope::gui::i18n::Lang;
use embedscope::gui::state::{Command, Settings};

/// The harness state: the app, created on the first frame (it needs the `egui::Context`).
pub type Slot = Option<App>;

/// How the app under test starts: dataset, language, window size and workspace.
#[derive(Debug, Clone)]
pub struct Setup {
    /// The dataset opened at start.
    pub dataset: PathBuf,
    /// The UI language.
    pub lang: Lang,
    /// The window size in points.
    pub size: egui::Vec2,
    /// A workspace file, or none (nothing kept).
    pub workspace: Option<PathBuf>,
}

impl Setup {
    /// English, 1500 × 950, no workspace.
    pub fn new(dataset: PathBuf) -> Self {
        Self {
            dataset,
            lang: Lang::En,
            size: egui::vec2(1500.0, 950.0),
            workspace: None,
        }
    }

    /// Start in `lang`.
    pub fn lang(self, lang: Lang) -> Self {
        Self { lang, ..self }
    }

    /// A window of `width` × `height` points.
    pub fn size(self, width: f32, height: f32) -> Self {
        Self {
            size: egui::vec2(width, height),
            ..self
        }
    }

    /// Keep runs in the workspace file `path`.
    pub fn workspace(self, path: PathBuf) -> Self {
        Self {
            workspace: Some(path),
            ..self
        }
    }

    /// The harness (with the CJK fonts installed, as the app does).
    pub fn build(self) -> Harness<'static, Slot> {
        let settings = Settings {
            lang: Some(self.lang),
            ..Settings::default()
        };
        let (dataset, workspace) = (self.dataset, self.workspace);
        Harness::builder()
            .with_size(self.size)
            .with_context_setup(|ctx| {
                let _cjk_missing = embedscope::gui::fonts::install(ctx, Some("ja"));
            })
            .build_ui_state(
                move |ui, slot: &mut Slot| {
                    let app = slot.get_or_insert_with(|| {
                        let quit = Arc::new(AtomicBool::new(false));
                        // As the binary does with `--workspace PATH` / `--no-workspace`.
                        let choice = workspace
                            .clone()
                            .map_or(WorkspaceChoice::Nothing, WorkspaceChoice::At);
                        App::launch(ui.ctx(), settings.clone(), dataset.clone(), quit, &choice)
                    });
                    app.update(ui);
                },
                None,
            )
    }
}

/// The app on `dataset` in English, 1500 × 950, without a workspace.
pub fn harness(dataset: PathBuf) -> Harness<'static, Slot> {
    Setup::new(dataset).build()
}

/// The app (after the first frame).
pub fn app<'h>(h: &'h Harness<'_, Slot>) -> &'h App {
    h.state().as_ref().expect("app created on the first frame")
}

/// Queue a command as a panel would.
pub fn push(h: &mut Harness<'_, Slot>, c: Command) {
    h.state_mut().as_mut().expect("app").push(c);
}

/// How long [`step_until`] waits.
pub const TIMEOUT: Duration = Duration::from_mins(1);

/// Step until `done` holds (then one more frame), at most [`TIMEOUT`].
pub fn step_until(h: &mut Harness<'_, Slot>, done: impl Fn(&App) -> bool) {
    step_until_within(h, TIMEOUT, done);
}

/// Step until `done` holds (then one more frame), at most `timeout`. Bounded steps rather than
/// `Harness::run`: the worker keeps requesting repaints, which can exceed `run`'s step limit.
pub fn step_until_within(
    h: &mut Harness<'_, Slot>,
    timeout: Duration,
    done: impl Fn(&App) -> bool,
) {
    let start = Instant::now();
    loop {
        h.step();
        if h.state().as_ref().is_some_and(&done) {
            h.step();
            return;
        }
        assert!(start.elapsed() < timeout, "timed out waiting for the UI");
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// A run is shown and the worker is idle.
pub fn loaded(a: &App) -> bool {
    a.state.run.is_some() && !a.state.is_busy()
}

/// Set the UMAP parameters as the controls would and click `button` ("UMAP", "compute UMAP").
pub fn start_umap(
    h: &mut Harness<'_, Slot>,
    params: embedscope::project::umap::UmapParams,
    button: &str,
) {
    push(h, Command::SetUmapParams(params));
    h.run_steps(2);
    egui_kittest::kittest::Queryable::get_by_label(h, button).click();
    h.run_steps(1);
}

/// [`start_umap`], then wait until it has finished with a result.
pub fn finish_umap(
    h: &mut Harness<'_, Slot>,
    params: embedscope::project::umap::UmapParams,
    button: &str,
) {
    start_umap(h, params, button);
    step_until(h, |a| {
        a.state.projection.umap.result.is_some() && !a.state.projection.umap.running()
    });
}
