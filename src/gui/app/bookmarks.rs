//! Bookmarks: save the selection, the marked points and the map view of the dataset on screen
//! under a name in the workspace; restore or delete them ([`crate::gui::bookmarks_ui`]).
//!
//! A bookmark stores its points as (kind, id) so it survives edits of the file. The selected
//! point, if any, is stored first and the bookmark's `projection` then ends in
//! [`SELECTED_SUFFIX`]; the other points are the marked ones. `projection` names the layout:
//! `pca:X:Y` (0-based components), `tsne` or `umap`. SQLite calls are quick and run on the UI thread,
//! like saving a note.

use super::App;
use crate::data::{Kind, PointRef};
use crate::gui::map_ui;
use crate::gui::projection::Layout;
use crate::gui::state::{Banner, Command};
use crate::store::bookmarks::{Bookmark, ViewRect};

/// Marks a bookmark whose first point is the selection.
pub const SELECTED_SUFFIX: &str = "+selected";

impl App {
    /// Apply a bookmark command.
    pub(super) fn bookmark_command(&mut self, c: Command) {
        match c {
            Command::SetBookmarkName(n) => self.state.bookmarks.name = n,
            Command::SaveBookmark(name) => self.save_bookmark(&name),
            Command::RestoreBookmark(name) => self.restore_bookmark(&name),
            Command::DeleteBookmark(name) => {
                let Some(run) = self.state.run.clone() else {
                    return;
                };
                let deleted = self.workspace.as_ref().map(|loc| {
                    loc.connect()
                        .and_then(|mut ws| ws.delete_bookmark(&run.data.root, &name))
                });
                if let Some(Err(e)) = deleted {
                    self.state.banner = Some(Banner::Error(e.into()));
                }
                self.refresh_bookmarks();
            }
            _ => {}
        }
    }

    /// Re-read this dataset's bookmarks from the workspace.
    pub(super) fn refresh_bookmarks(&mut self) {
        let view = &mut self.state.bookmarks;
        view.available = self.workspace.is_some();
        view.list.clear();
        let (Some(loc), Some(run)) = (&self.workspace, &self.state.run) else {
            return;
        };
        match loc.connect().and_then(|ws| ws.bookmarks(&run.data.root)) {
            Ok(list) => view.list = list,
            Err(e) => self.state.banner = Some(Banner::Error(e.into())),
        }
    }

    fn save_bookmark(&mut self, name: &str) {
        let (Some(run), Some(loc)) = (self.state.run.clone(), self.workspace.clone()) else {
            return;
        };
        let selected = self.state.selected;
        let points: Vec<(Kind, &str)> = selected
            .iter()
            .chain(
                self.state
                    .map_view
                    .marked
                    .iter()
                    .filter(|&&p| Some(p) != selected),
            )
            .map(|&p| {
                let r = run.points[p];
                (r.kind, &run.data.table(r.kind).ids[r.row as usize])
            })
            .collect();
        let mut projection = match self.state.projection.layout {
            Layout::Pca { x, y } => format!("pca:{x}:{y}"),
            Layout::Tsne => "tsne".to_owned(),
            Layout::Umap => "umap".to_owned(),
        };
        if selected.is_some() {
            projection.push_str(SELECTED_SUFFIX);
        }
        let [x_min, x_max, y_min, y_max] =
            map_ui::view_bounds(&self.ctx).unwrap_or([-1.0, 1.0, -1.0, 1.0]);
        let view = ViewRect {
            x_min,
            x_max,
            y_min,
            y_max,
        };
        let saved = loc
            .connect()
            .and_then(|mut ws| ws.save_bookmark(&run.data.root, name, &projection, &points, view));
        match saved {
            Ok(_) => self.state.bookmarks.name.clear(),
            Err(e) => self.state.banner = Some(Banner::Error(e.into())),
        }
        self.refresh_bookmarks();
    }

    fn restore_bookmark(&mut self, name: &str) {
        let Some(run) = self.state.run.clone() else {
            return;
        };
        let Some(b) = self.state.bookmarks.list.iter().find(|b| b.name == name) else {
            return;
        };
        let Bookmark {
            projection,
            points,
            view,
            ..
        } = b.clone();
        // Points whose ids are gone from the file are skipped.
        let mut found = points.iter().map(|(kind, id)| {
            let row = run.data.table(*kind).find(id)?;
            run.point_of(PointRef { kind: *kind, row })
        });
        let (layout, has_selection) = match projection.strip_suffix(SELECTED_SUFFIX) {
            Some(l) => (l, true),
            None => (projection.as_str(), false),
        };
        let selected = if has_selection {
            found.next().flatten()
        } else {
            None
        };
        let mut marked: Vec<usize> = found.flatten().collect();
        marked.sort_unstable();
        marked.dedup();
        let mut parts = layout.split(':');
        match (parts.next(), parts.next(), parts.next()) {
            (Some("pca"), Some(x), Some(y)) => {
                if let (Ok(x), Ok(y)) = (x.parse(), y.parse()) {
                    self.commands.push(Command::ShowPca(x, y));
                }
            }
            (Some("tsne"), ..) if self.state.projection.tsne.is_some() => {
                self.commands.push(Command::ShowTsne);
            }
            (Some("umap"), ..) if self.state.projection.umap.result.is_some() => {
                self.commands.push(Command::ShowUmap);
            }
            _ => {}
        }
        self.commands.push(Command::Mark(marked));
        self.commands.push(Command::Select(selected));
        map_ui::request_view(&self.ctx, [view.x_min, view.x_max, view.y_min, view.y_max]);
        self.ctx.request_repaint();
    }
}
