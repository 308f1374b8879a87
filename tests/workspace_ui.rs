//! The GUI keeps its results where the command line says, as the CLI does: `--workspace PATH`
//! keeps runs in that file, `--no-workspace` keeps nothing — no workspace, and nothing handed to
//! eframe's settings file when the window closes.

pub mod common;

use std::collections::BTreeMap;

use common::kittest::{Setup, app, loaded, push, step_until};
use common::sample;
use egui_kittest::kittest::Queryable;
use embedscope::gui::state::Command;

/// eframe's settings storage, recording what the app writes.
#[derive(Default)]
struct Recorder(BTreeMap<String, String>);

impl eframe::Storage for Recorder {
    fn get_string(&self, key: &str) -> Option<String> {
        self.0.get(key).cloned()
    }
    fn set_string(&mut self, key: &str, value: String) {
        self.0.insert(key.to_owned(), value);
    }
    fn remove_string(&mut self, key: &str) {
        self.0.remove(key);
    }
    fn flush(&mut self) {}
}

#[test]
fn workspace_path_keeps_the_run_in_that_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("mine.sqlite");
    let mut h = Setup::new(sample("cafes")).workspace(file.clone()).build();
    step_until(&mut h, loaded);
    let a = app(&h);
    assert_eq!(a.workspace_file(), Some(file.as_path()));
    assert!(!a.keeps_nothing());
    let runs = embedscope::store::Workspace::open(&file)
        .unwrap()
        .list_runs()
        .unwrap();
    assert_eq!(
        runs.len(),
        1,
        "the run on screen is kept in --workspace's file"
    );
    assert!(runs[0].dataset_path.ends_with("cafes"));
    // Closing the window saves the settings.
    let mut saved = Recorder::default();
    eframe::App::save(h.state_mut().as_mut().unwrap(), &mut saved);
    assert!(saved.0.contains_key("embedscope.settings"));
}

#[test]
fn no_workspace_keeps_nothing() {
    let mut h = Setup::new(sample("cafes")).build();
    step_until(&mut h, loaded);
    let a = app(&h);
    assert!(a.keeps_nothing());
    assert_eq!(a.workspace_file(), None);
    assert!(
        a.state.run.as_ref().unwrap().run_id.is_none(),
        "not saved anywhere"
    );
    // The compare window has no saved runs to offer, and says why.
    push(&mut h, Command::ShowCompare(true));
    h.run_steps(3);
    h.get_by_label("No workspace is open, so no runs are kept to pick from.");
    // Closing the window hands eframe nothing to write: no settings, no egui memory.
    let app_mut = h.state_mut().as_mut().unwrap();
    let mut saved = Recorder::default();
    eframe::App::save(app_mut, &mut saved);
    assert!(saved.0.is_empty(), "wrote {:?}", saved.0.keys());
    assert!(!eframe::App::persist_egui_memory(app_mut));
}
