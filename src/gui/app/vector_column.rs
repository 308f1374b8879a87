//! Loading a file again with the vector column the user chose ([`crate::gui::vector_column_ui`]).
//! The choice is remembered for that path; such a run loads the file with
//! [`LoadOptions::vector_column`] in the worker and is not cached in the workspace (its cache
//! key does not include the column).

use std::path::PathBuf;
use std::sync::Arc;

use super::App;
use crate::data::formats::{LoadOptions, load_tracked};
use crate::error::DataError;
use crate::gui::state::Command;
use crate::gui::vector_column_ui::VectorChoice;
use crate::pipeline::PipelineError;
use crate::pipeline::job::Job;
use crate::pipeline::{RunOutput, RunParams};

impl App {
    /// Apply a vector-column command.
    pub(super) fn vector_column_command(&mut self, c: &Command) {
        match c {
            Command::SetVectorChoice(i) => {
                if let Some(v) = &mut self.state.vector_choice
                    && *i < v.candidates.len()
                {
                    v.chosen = *i;
                }
            }
            Command::LoadVectorColumn => {
                let Some(v) = self.state.vector_choice.take() else {
                    return;
                };
                let Some(column) = v.candidates.get(v.chosen).cloned() else {
                    return;
                };
                self.state.vector_column = Some((v.path.clone(), column));
                self.commands.push(Command::Open(v.path));
            }
            Command::DismissVectorChoice => self.state.vector_choice = None,
            _ => {}
        }
    }

    /// Ask for the vector column when `e` says the file at `path` has several; true if asked.
    pub(super) fn ask_vector_column(&mut self, path: PathBuf, e: &PipelineError) -> bool {
        let PipelineError::Data(DataError::SeveralVectorColumns { candidates, .. }) = e else {
            return false;
        };
        self.state.vector_choice = Some(VectorChoice {
            path,
            candidates: candidates.clone(),
            chosen: 0,
        });
        true
    }

    /// The column chosen for `path`, if any.
    pub(super) fn vector_column_for(&self, path: &std::path::Path) -> Option<String> {
        self.state
            .vector_column
            .as_ref()
            .filter(|(p, _)| p == path)
            .map(|(_, c)| c.clone())
    }
}

/// Run the pipeline, loading the file first with `column` as its vector column.
pub(super) fn spawn_with_column(
    mut params: RunParams,
    column: String,
    wake: impl Fn() + Send + Sync + Clone + 'static,
) -> Result<Job<Box<RunOutput>>, PipelineError> {
    Job::spawn_task(
        "embedscope-pipeline",
        move |p| {
            if params.loaded.is_none() {
                let opts = LoadOptions {
                    vector_column: Some(column),
                    ..LoadOptions::default()
                };
                params.loaded = Some(Arc::new(load_tracked(&params.dataset, &opts, p)?));
            }
            crate::pipeline::run(&params, p).map(Box::new)
        },
        wake,
    )
}
