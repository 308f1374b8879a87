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
                self.show_in_scale();
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

impl App {
    /// The layout on screen in the chosen scale of users against items: PCA at once, t-SNE
    /// and UMAP computed again when they were fit in the other scale.
    fn show_in_scale(&mut self) {
        use crate::gui::projection::Layout;
        let Some(run) = self.state.run.clone() else {
            return;
        };
        let p = &self.state.projection;
        let want = crate::gui::map_scale::fits_scaled(p.scale, &run);
        match p.layout {
            Layout::Pca { x, y } => {
                let wake = self.wake();
                match self.state.projection.show_pca(&run, x, y, wake) {
                    Ok(map) => self.state.map = Some(map),
                    Err(e) => self.state.banner = Some(crate::gui::state::Banner::Error(e)),
                }
            }
            Layout::Tsne if p.tsne.as_ref().is_none_or(|t| t.scaled != want) => {
                self.commands.push(Command::RunTsne);
            }
            Layout::Umap if p.umap.result.as_ref().is_none_or(|u| u.scaled != want) => {
                self.commands.push(Command::RunUmap);
            }
            Layout::Tsne | Layout::Umap => {}
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
