//! Choosing what to run: opening a dataset with the current method, switching the method
//! (instantly from the cache when it was run before), and re-running it when a knob changes.

use std::path::PathBuf;
use std::sync::Arc;

use super::App;
use crate::gui::state::{Command, MethodChoice};
use crate::pipeline::RunParams;

impl App {
    pub(super) fn open(&mut self, path: PathBuf) {
        self.state.path_text = path.display().to_string();
        self.state.excluded_run = false;
        // A new dataset starts with unweighted features (and the text model only when one is
        // chosen).
        let settings = &self.state.settings;
        let method = match settings.method {
            MethodChoice::TextModel if settings.text_model.is_none() => MethodChoice::Features,
            m => m,
        };
        let embed = settings.embed_params(method, &[]);
        self.start(RunParams {
            dataset: path,
            embed,
            loaded: None,
        });
    }

    /// Switch the embedding method: instant from the cache, else re-run on the loaded data.
    pub(super) fn set_method(&mut self, method: MethodChoice) {
        if method == MethodChoice::TextModel && self.state.settings.text_model.is_none() {
            // No model yet: the picker comes first.
            self.model_command(Command::ShowModelPicker(true));
            return;
        }
        self.state.settings.method = method;
        let Some(run) = self.state.run.clone() else {
            return;
        };
        if MethodChoice::of(run.embeddings.method) == method {
            // The method of a reduced copy on screen: back to its full vectors.
            if run.reduced.is_some() {
                self.use_reduced(None);
            }
            return;
        }
        if let Some(pos) = self.state.cache.iter().position(|c| c.method == method) {
            let cached = self.state.cache.remove(pos);
            self.install(cached.run, cached.map, true, Some(cached.projection));
            return;
        }
        let params = RunParams {
            dataset: run.data.root.clone(),
            embed: self.embed_params(method),
            loaded: Some(Arc::clone(&run.data)),
        };
        self.start(params);
    }

    /// Parameters of `method` with the current knobs (hybrid weight, feature weights, ALS
    /// regularisation).
    pub(super) fn embed_params(&self, method: MethodChoice) -> crate::embed::EmbedParams {
        self.state
            .settings
            .embed_params(method, &self.state.feature_weights)
    }

    /// A knob of `method` changed: forget its cached run and re-embed if it is on screen.
    pub(super) fn rerun_method(&mut self, method: MethodChoice) {
        self.state.cache.retain(|c| c.method != method);
        if let Some(run) = self.state.run.clone()
            && MethodChoice::of(run.embeddings.method) == method
        {
            self.start(RunParams {
                dataset: run.data.root.clone(),
                embed: self.embed_params(method),
                loaded: Some(Arc::clone(&run.data)),
            });
        }
    }
}
