//! The eframe application: owns [`AppState`], drains worker events in `logic`, draws the panels
//! in `ui`, and applies the [`Command`]s the panels push.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Receiver;

use super::i18n::{Key, Lang};
use super::map_data::MapData;
use super::run_cache::KeptProjection;
use super::state::{AppState, Banner, Command, MethodChoice, Running, Settings};
use super::top_bar_ui;

mod bookmarks;
mod commands;
mod drift;
mod eval;
mod export;
mod goal;
mod interviews;
mod jobs;
mod layout;
mod map_view;
mod methods;
mod model_picker;
mod neighbours;
mod panels;
mod reduced;
mod screen;
mod vector_column;
mod whole_table;
use crate::pipeline::PipelineError;
use crate::pipeline::job::{Event, Job};
use crate::pipeline::{RunOutput, RunParams};
pub use eval::is_model_without_interactions;

const SETTINGS_KEY: &str = "embedscope.settings";
/// List length of the offline evaluation.
const EVAL_K: usize = 10;
/// Recommendations shown for a selected user.
const RECOMMENDATIONS: usize = 10;

/// The application.
pub struct App {
    /// Everything shown.
    pub state: AppState,
    commands: Vec<Command>,
    dialog: Option<Receiver<Option<PathBuf>>>,
    /// The export in flight (its dialog and writing run on their own thread).
    export: Option<Receiver<export::ExportOutcome>>,
    cjk_missing: Arc<AtomicBool>,
    ctx: egui::Context,
    /// Where runs, notes and bookmarks are kept; `None` keeps nothing (tests).
    workspace: Option<crate::store::Location>,
    /// The Learn tab's own state (its picks and what-if copies).
    pub learn: super::learn::LearnState,
    /// The Interviews tab's own state (finder, card, note).
    pub interviews: super::interviews_ui::InterviewsView,
    holdout_job: Option<crate::pipeline::job::Job<crate::pipeline::interview::Holdout>>,
    /// `--no-workspace`: nothing is written, not even the window's settings.
    keep_nothing: bool,
    /// Close the window at this time (`--quit-after-secs`).
    quit_at: Option<std::time::Instant>,
}

impl App {
    /// A new app that immediately starts loading `dataset`. `cjk_missing` is set by the font
    /// provider when no font can render Japanese.
    #[must_use]
    pub fn new(
        ctx: &egui::Context,
        settings: Settings,
        dataset: PathBuf,
        cjk_missing: Arc<AtomicBool>,
    ) -> Self {
        let mut app = Self::idle(ctx, settings, cjk_missing);
        app.open(dataset);
        app
    }

    fn idle(ctx: &egui::Context, mut settings: Settings, cjk_missing: Arc<AtomicBool>) -> Self {
        settings.lang.get_or_insert_with(Lang::from_system);
        if settings.presenter {
            super::presenter::apply(ctx, true);
        }
        Self {
            state: AppState {
                settings,
                ..AppState::default()
            },
            commands: Vec::new(),
            dialog: None,
            export: None,
            cjk_missing,
            ctx: ctx.clone(),
            workspace: None,
            learn: super::learn::LearnState::default(),
            interviews: super::interviews_ui::InterviewsView::default(),
            holdout_job: None,
            keep_nothing: false,
            quit_at: None,
        }
    }

    /// Like [`Self::new`], keeping runs, notes and bookmarks in `workspace` (reopening a
    /// dataset then shows its last map without recomputing).
    #[must_use]
    pub fn with_workspace(
        ctx: &egui::Context,
        settings: Settings,
        dataset: PathBuf,
        cjk_missing: Arc<AtomicBool>,
        workspace: &crate::store::Workspace,
    ) -> Self {
        let mut app = Self::idle(ctx, settings, cjk_missing);
        app.state.banner = workspace.warning().cloned().map(Banner::Workspace);
        app.workspace = Some(workspace.location().clone());
        app.state.compare.has_workspace = true;
        app.open(dataset);
        app
    }

    /// Build from eframe's creation context: restore settings, install fonts, open the
    /// workspace the command line asked for.
    #[must_use]
    pub fn from_creation(
        cc: &eframe::CreationContext<'_>,
        dataset: PathBuf,
        launch: &super::LaunchOptions,
    ) -> Self {
        let settings: Settings = cc
            .storage
            .and_then(|s| eframe::get_value(s, SETTINGS_KEY))
            .unwrap_or_default();
        let cjk_missing = super::fonts::install(&cc.egui_ctx, Some("ja"));
        let mut app = Self::launch(
            &cc.egui_ctx,
            settings,
            dataset,
            cjk_missing,
            &launch.workspace,
        );
        app.quit_at = launch.quit_after.map(|d| std::time::Instant::now() + d);
        app
    }

    /// A new app on `dataset` keeping its results where `workspace` says (`--workspace PATH`,
    /// the default file, or nothing at all with `--no-workspace`).
    #[must_use]
    pub fn launch(
        ctx: &egui::Context,
        settings: Settings,
        dataset: PathBuf,
        cjk_missing: Arc<AtomicBool>,
        workspace: &super::WorkspaceChoice,
    ) -> Self {
        let opened = match workspace {
            super::WorkspaceChoice::Nothing => {
                let mut app = Self::new(ctx, settings, dataset, cjk_missing);
                app.keep_nothing = true;
                return app;
            }
            super::WorkspaceChoice::At(path) => crate::store::Workspace::open(path),
            super::WorkspaceChoice::Default => crate::store::Workspace::open_default(),
        };
        match opened {
            Ok(ws) => Self::with_workspace(ctx, settings, dataset, cjk_missing, &ws),
            Err(e) => {
                eprintln!("embedscope: no workspace: {e}");
                Self::new(ctx, settings, dataset, cjk_missing)
            }
        }
    }

    /// The workspace file runs are kept in (`None`: nothing kept on disk).
    #[must_use]
    pub fn workspace_file(&self) -> Option<&std::path::Path> {
        self.workspace.as_ref().and_then(|w| w.file())
    }

    /// Whether the session keeps nothing (`--no-workspace`): no workspace, no settings saved.
    #[must_use]
    pub fn keeps_nothing(&self) -> bool {
        self.keep_nothing
    }

    /// Queue a command (as a panel would).
    pub fn push(&mut self, c: Command) {
        self.commands.push(c);
    }

    /// One frame for hosts without eframe (tests): logic, draw, apply.
    pub fn update(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        self.logic(&ctx);
        self.draw(ui);
        self.apply_commands();
    }

    /// Drain worker and dialog messages and dropped folders; apply queued commands.
    pub fn logic(&mut self, ctx: &egui::Context) {
        self.drain_job();
        self.drain_eval();
        self.drain_projection();
        self.drain_clusters();
        self.drain_neighbours();
        self.drain_holdout();
        self.drain_audit();
        self.drain_compare();
        self.drain_drift();
        self.drain_whole_table();
        self.learn.tradeoff.poll();
        self.learn.freshness.poll();
        self.learn.reduce.poll();
        self.drain_export();
        self.drain_model_picker();
        self.sync_coloring();
        if let Some(rx) = &self.dialog
            && let Ok(choice) = rx.try_recv()
        {
            self.dialog = None;
            match choice {
                Some(path) => self.commands.push(Command::Open(path)),
                None => self.state.banner = Some(Banner::Info(Key::DialogNone)),
            }
        }
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .filter(|p| !p.as_os_str().is_empty())
                .collect()
        });
        if let Some(path) = dropped.into_iter().next() {
            self.commands
                .push(if super::model_picker::looks_like_model(&path) {
                    Command::ChooseModel(path)
                } else {
                    Command::Open(crate::data::formats::dataset_root(&path))
                });
        }
        self.state.cjk_missing = self.cjk_missing.load(Ordering::Relaxed);
        if let Some(at) = self.quit_at {
            let now = std::time::Instant::now();
            if now >= at {
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            } else {
                ctx.request_repaint_after(at - now);
            }
        }
        self.apply_commands();
    }

    /// Draw every panel.
    pub fn draw(&mut self, ui: &mut egui::Ui) {
        let state = &self.state;
        let cmds = &mut self.commands;
        egui::Panel::top("top_bar").show(ui, |ui| top_bar_ui::top_bar_ui(ui, state, cmds));
        egui::Panel::top("tabs").show(ui, |ui| super::learn::tabs_ui(ui, state, cmds));
        if state.tab == super::state::Tab::Interviews {
            egui::CentralPanel::default().show(ui, |ui| {
                // The tab's two columns scroll on their own (interviews_ui).
                self.interviews_tab_ui(ui);
            });
            return;
        }
        if state.tab == super::state::Tab::Learn {
            egui::CentralPanel::default().show(ui, |ui| {
                super::learn::learn_ui(ui, state, &mut self.learn, cmds);
            });
            if !self.commands.is_empty() {
                self.ctx.request_repaint();
            }
            return;
        }
        self.map_tab_ui(ui);
        let (state, cmds) = (&self.state, &mut self.commands);
        super::windows_ui::windows_ui(&ui.ctx().clone(), state, cmds);
        if !self.commands.is_empty() {
            self.ctx.request_repaint();
        }
    }

    pub(super) fn start(&mut self, params: RunParams) {
        if let Some(r) = &self.state.running {
            r.job.cancel();
        }
        let path = params.dataset.clone();
        let ctx = self.ctx.clone();
        let wake = move || ctx.request_repaint();
        // A cleaned copy (audit exclusions) is not the dataset on disk: not cached.
        let cached = self.workspace.clone().filter(|_| !self.state.excluded_run);
        let job = match (self.vector_column_for(&path), cached) {
            (Some(column), _) => vector_column::spawn_with_column(params, column, wake),
            (None, Some(location)) => Job::spawn_task(
                "embedscope-pipeline",
                move |p| {
                    crate::pipeline::saved::run_in_workspace(&params, &location, p).map(Box::new)
                },
                wake,
            ),
            (None, None) => Job::spawn(params, wake),
        };
        match job {
            Ok(job) => {
                self.state.running = Some(Running {
                    job,
                    path,
                    stage: crate::pipeline::progress::Stage::Load,
                    done: 0,
                    total: 1,
                    since: std::time::Instant::now(),
                });
            }
            Err(e) => self.state.banner = Some(Banner::Error(e)),
        }
    }

    /// Show a finished run with its PCA 1/2 `map`. With `same_dataset`, the current run goes to
    /// the cache with its layouts and the selection carries over to the same entity. `kept`:
    /// the layouts the run had when it was cached (none: those saved with it).
    fn install(
        &mut self,
        run: Arc<RunOutput>,
        map: MapData,
        same_dataset: bool,
        kept: Option<KeptProjection>,
    ) {
        let selected_entity = self
            .state
            .run
            .as_ref()
            .zip(self.state.selected)
            .map(|(r, p)| r.points[p]);
        if let (true, Some(old), Some(old_map)) =
            (same_dataset, self.state.run.take(), self.state.map.take())
        {
            self.state.cache_run(old, old_map);
            // A run of the same method with other settings (a knob moved) supersedes the
            // cached one: one run per method, so "compare runs" never lists a method twice.
            let method = run.embeddings.method;
            self.state
                .cache
                .retain(|c| c.method != MethodChoice::of(method));
        } else {
            self.state.cache.clear();
            self.state.feature_weights.clear();
        }
        self.state.settings.method = MethodChoice::of(run.embeddings.method);
        self.state.settings.last_dataset = Some(run.data.root.clone());
        self.state.path_text = run.data.root.display().to_string();
        self.state.selected = if same_dataset {
            selected_entity.and_then(|e| run.point_of(e))
        } else {
            None
        };
        self.state.projection.reset();
        let kept = kept.unwrap_or_else(|| KeptProjection::saved(&run));
        // Marks and clusters belong to the points of the run they were made on.
        let view = &mut self.state.map_view;
        (view.marked, view.clusters, view.cluster_job) = (Vec::new(), None, None);
        // So does a whole-table search (a search in flight finishes unseen).
        self.state.whole_table = crate::gui::whole_table_ui::WholeTableView::default();
        let map = if let Some(shown) = self.state.projection.resume(&run, kept, self.wake()) {
            shown
        } else {
            self.state.projection.initial_map(&run, map, self.wake())
        };
        self.state.run = Some(run);
        self.state.map = Some(map);
        self.refresh_bookmarks();
        self.refresh_goal();
        self.reset_ann();
        self.commands.push(Command::Select(self.state.selected));
    }

    fn drain_job(&mut self) {
        let Some(running) = &mut self.state.running else {
            return;
        };
        let mut finished = None;
        for ev in running.job.poll() {
            match ev {
                Event::Progress { stage, done, total } => {
                    if stage != running.stage {
                        running.since = std::time::Instant::now();
                    }
                    running.stage = stage;
                    running.done = done;
                    running.total = total;
                }
                Event::Finished(result) => finished = Some(result),
            }
        }
        let Some(result) = finished else { return };
        let path = running.path.clone();
        self.state.running = None;
        match result {
            Ok(run) => {
                let same = self
                    .state
                    .run
                    .as_ref()
                    .is_some_and(|r| Arc::ptr_eq(&r.data, &run.data));
                let map = MapData::build(&run);
                self.install(Arc::new(*run), map, same, None);
                if matches!(self.state.banner, Some(Banner::Error(_))) {
                    self.state.banner = None;
                }
            }
            Err(e) => {
                // The method shown is the method of the run still on screen.
                if let Some(run) = &self.state.run {
                    self.state.settings.method = MethodChoice::of(run.embeddings.method);
                    self.state.path_text = run.data.root.display().to_string();
                }
                if self.ask_vector_column(path, &e) {
                    return;
                }
                if matches!(e, PipelineError::Cancelled) {
                    self.state.banner = Some(Banner::Info(Key::Cancelled));
                } else {
                    log_error(&e);
                    self.state.banner = Some(Banner::Error(e));
                }
            }
        }
    }
}

fn log_error(e: &PipelineError) {
    eprintln!("embedscope: {e}");
}

impl eframe::App for App {
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        App::logic(self, ctx);
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.draw(ui);
        self.apply_commands();
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        if !self.keep_nothing {
            eframe::set_value(storage, SETTINGS_KEY, &self.state.settings);
        }
    }

    fn persist_egui_memory(&self) -> bool {
        !self.keep_nothing
    }
}
