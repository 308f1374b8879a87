//! The goal & KPI card's commands: edit the draft, keep it in the workspace, read it back when
//! a dataset comes on screen ([`crate::gui::goal_ui`]). SQLite calls are quick and run on the UI
//! thread, like saving a note.

use super::App;
use crate::gui::state::{Banner, Command};

impl App {
    /// Apply a goal command.
    pub(super) fn goal_command(&mut self, c: Command) {
        match c {
            Command::SetGoalDraft(goal) => self.state.goal.draft = goal,
            Command::SaveGoal => self.save_goal(),
            _ => {}
        }
    }

    /// Read the goal kept for the dataset on screen (the draft follows it; no goal keeps the
    /// draft's metric and target with an empty sentence).
    pub(super) fn refresh_goal(&mut self) {
        let view = &mut self.state.goal;
        view.available = self.workspace.is_some();
        view.saved = None;
        let (Some(loc), Some(run)) = (&self.workspace, &self.state.run) else {
            return;
        };
        match loc.connect().and_then(|ws| ws.goal(&run.data.root)) {
            Ok(Some(goal)) => {
                view.draft = goal.clone();
                view.saved = Some(goal);
            }
            Ok(None) => view.draft.sentence.clear(),
            Err(e) => self.state.banner = Some(Banner::Error(e.into())),
        }
    }

    fn save_goal(&mut self) {
        let (Some(run), Some(loc)) = (self.state.run.clone(), self.workspace.clone()) else {
            return;
        };
        let goal = self.state.goal.draft.clone();
        if goal.validate().is_err() {
            return;
        }
        match loc
            .connect()
            .and_then(|ws| ws.set_goal(&run.data.root, &goal))
        {
            Ok(()) => self.state.goal.saved = Some(goal),
            Err(e) => self.state.banner = Some(Banner::Error(e.into())),
        }
    }
}
