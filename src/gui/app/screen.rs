//! Commands about how the screen is arranged: the right panel's tab, the map's scale of users
//! against items, presenter mode, and the export panel's typed path.

use super::App;
use crate::gui::state::{Command, ExportKind};

impl App {
    pub(super) fn screen_command(&mut self, c: Command) {
        match c {
            Command::ShowSideTab(tab) => {
                self.state.side_tab = self.state.selected.map(|p| (tab, p));
            }
            Command::SetMapScale(scale) => {
                self.state.projection.scale = scale;
                if let (Some(run), crate::gui::projection::Layout::Pca { x, y }) =
                    (self.state.run.clone(), self.state.projection.layout)
                {
                    let wake = self.wake();
                    match self.state.projection.show_pca(&run, x, y, wake) {
                        Ok(map) => self.state.map = Some(map),
                        Err(e) => {
                            self.state.banner = Some(crate::gui::state::Banner::Error(e));
                        }
                    }
                }
            }
            Command::SetPresenter(on) => {
                self.state.settings.presenter = on;
                crate::gui::presenter::apply(&self.ctx, on);
            }
            Command::ShowExportPanel(kind) => {
                if let Some(kind) = kind
                    && self.state.export_panel.path.is_empty()
                {
                    self.state.export_panel.path = default_export_path(kind);
                }
                self.state.export_panel.kind = kind;
            }
            Command::SetExportPath(p) => self.state.export_panel.path = p,
            _ => {}
        }
    }
}

/// Where the export panel proposes to write `kind`: its usual name in the working folder.
pub(super) fn default_export_path(kind: ExportKind) -> String {
    let name = super::export::default_name(kind);
    std::env::current_dir()
        .map_or_else(|_| name.into(), |d| d.join(name))
        .display()
        .to_string()
}
