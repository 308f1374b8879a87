//! Applying the text model picker's commands: choose a folder (typed, from the cache list, the
//! system dialog or dropped), the text columns and prefix, and embed the items with it.

use super::App;
use crate::gui::state::{Banner, Command, MethodChoice};

impl App {
    /// One of the picker's commands.
    pub(super) fn model_command(&mut self, c: Command) {
        match c {
            Command::ShowModelPicker(open) => {
                self.state.model_picker.open = open;
                if open {
                    let wake = self.wake();
                    self.state.model_picker.search(wake);
                }
            }
            Command::SetModelPath(s) => self.state.model_picker.typed = s,
            Command::ChooseModel(path) => self.choose_model(&path),
            Command::PickModelFolder => self.pick_model_folder(),
            Command::SetTextColumns(cols) if cols != self.state.settings.text_columns => {
                self.state.settings.text_columns = cols;
                self.forget_text_model_runs();
            }
            Command::SetTextPrefix(p) if p != self.state.settings.text_prefix => {
                self.state.settings.text_prefix = p;
                self.forget_text_model_runs();
            }
            Command::EmbedTextModel => self.embed_text_model(),
            Command::SetHybridTextModel(on) => {
                self.state.settings.hybrid_text_model = on;
                self.rerun_method(MethodChoice::Hybrid);
            }
            _ => {}
        }
    }

    /// Use the model at `path` when it is one; the picker shows why not otherwise.
    fn choose_model(&mut self, path: &std::path::Path) {
        self.state.model_picker.open = true;
        if let Some(folder) = self.state.model_picker.choose(path)
            && self.state.settings.text_model.as_ref() != Some(&folder)
        {
            self.state.settings.text_model = Some(folder);
            self.forget_text_model_runs();
        }
    }

    /// Runs made with other text-model settings are not offered for instant switching back.
    fn forget_text_model_runs(&mut self) {
        let hybrid = self.state.settings.hybrid_text_model;
        self.state.cache.retain(|c| {
            c.method != MethodChoice::TextModel && !(hybrid && c.method == MethodChoice::Hybrid)
        });
    }

    /// Embed the items with the chosen model (read back from the workspace when it has the run).
    fn embed_text_model(&mut self) {
        if self.state.settings.text_model.is_none() {
            self.state.model_picker.open = true;
            return;
        }
        let on_screen = self
            .state
            .run
            .as_ref()
            .is_some_and(|r| MethodChoice::of(r.embeddings.method) == MethodChoice::TextModel);
        if on_screen {
            self.rerun_method(MethodChoice::TextModel);
        } else {
            self.state
                .cache
                .retain(|c| c.method != MethodChoice::TextModel);
            self.commands
                .push(Command::SetMethod(MethodChoice::TextModel));
        }
    }

    /// The system folder dialog for a model, on its own thread.
    fn pick_model_folder(&mut self) {
        if self.state.model_picker.dialog.is_some() {
            return;
        }
        match super::commands::pick_path_dialog("embedscope-model-dialog", false, &self.ctx) {
            Ok(rx) => self.state.model_picker.dialog = Some(rx),
            Err(e) => self.state.banner = Some(Banner::Error(e)),
        }
    }

    /// A finished cache search or folder dialog.
    pub(super) fn drain_model_picker(&mut self) {
        self.state.model_picker.poll();
        if let Some(rx) = &self.state.model_picker.dialog
            && let Ok(choice) = rx.try_recv()
        {
            self.state.model_picker.dialog = None;
            if let Some(path) = choice {
                self.commands.push(Command::ChooseModel(path));
            }
        }
    }
}
