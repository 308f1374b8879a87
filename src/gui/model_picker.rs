//! The text model picker's state: the models found on this machine (searched in the worker
//! when the picker opens), the folder typed, chosen or dropped, and why a folder was refused.
//! Drawn by [`super::model_picker_ui`]; the app applies its commands (`app/model_picker.rs`).

use std::path::{Path, PathBuf};
use std::sync::mpsc;

use crate::data::models::{ModelInfo, cache_roots, discover_in, inspect};
use crate::pipeline::PipelineError;
use crate::pipeline::job::Job;

/// What the picker shows.
#[derive(Debug, Default)]
pub struct ModelPicker {
    /// The panel is open.
    pub open: bool,
    /// The folder path typed.
    pub typed: String,
    /// Models found in the Hugging Face and sentence-transformers caches (`None`: not searched).
    pub found: Option<Vec<ModelInfo>>,
    /// The folders searched.
    pub roots: Vec<PathBuf>,
    /// The search in flight.
    pub search: Option<Job<Vec<ModelInfo>>>,
    /// The chosen model, described.
    pub chosen: Option<ModelInfo>,
    /// Why the last folder was refused.
    pub error: Option<PipelineError>,
    /// The system folder dialog, when open.
    pub dialog: Option<mpsc::Receiver<Option<PathBuf>>>,
}

impl ModelPicker {
    /// Start searching the caches (once; the panel shows a spinner meanwhile).
    pub fn search(&mut self, wake: impl Fn() + Send + Sync + Clone + 'static) {
        if self.found.is_some() || self.search.is_some() {
            return;
        }
        let roots = cache_roots();
        self.roots.clone_from(&roots);
        match Job::spawn_task(
            "embedscope-models",
            move |_| Ok::<_, PipelineError>(discover_in(&roots)),
            wake,
        ) {
            Ok(job) => self.search = Some(job),
            Err(e) => self.error = Some(e),
        }
    }

    /// Collect a finished search.
    pub fn poll(&mut self) {
        let Some(job) = &mut self.search else { return };
        for ev in job.poll() {
            if let crate::pipeline::job::Event::Finished(r) = ev {
                match r {
                    Ok(found) => self.found = Some(found),
                    Err(e) => {
                        self.found = Some(Vec::new());
                        self.error = Some(e);
                    }
                }
            }
        }
        if job.is_finished() {
            self.search = None;
        }
    }

    /// Check the folder at `path` (configs and the weights' header only: a few milliseconds)
    /// and remember it; `None` with `error` set when it is not a usable model.
    pub fn choose(&mut self, path: &Path) -> Option<PathBuf> {
        match inspect(path) {
            Ok(info) => {
                self.typed = path.display().to_string();
                self.error = None;
                let folder = info.path.clone();
                self.chosen = Some(info);
                Some(folder)
            }
            Err(e) => {
                self.error = Some(PipelineError::Model(e));
                None
            }
        }
    }
}

/// Whether a dropped folder is a model (rather than a dataset): it has a model's
/// `config.json` + `tokenizer.json`, or a sentence-transformers `modules.json`.
#[must_use]
pub fn looks_like_model(path: &Path) -> bool {
    path.is_dir()
        && (path.join("modules.json").is_file()
            || (path.join("tokenizer.json").is_file()
                && path.join("config.json").is_file()
                && (path.join("model.safetensors").is_file()
                    || path.join("model.safetensors.index.json").is_file())))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture(name: &str) -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/fixtures/text_models")
            .join(name)
    }

    #[test]
    fn choosing_a_fixture_model_describes_it_and_a_dataset_is_refused() {
        let mut p = ModelPicker::default();
        let bert = fixture("bert_cls");
        assert!(looks_like_model(&bert), "{}", bert.display());
        assert_eq!(p.choose(&bert), Some(bert.clone()));
        assert!(p.chosen.as_ref().is_some_and(|m| m.dim > 0));
        let cafes = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data/cafes");
        assert!(!looks_like_model(&cafes));
        assert_eq!(p.choose(&cafes), None);
        assert!(matches!(p.error, Some(PipelineError::Model(_))));
    }
}
