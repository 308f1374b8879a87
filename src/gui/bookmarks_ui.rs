//! The Bookmarks menu of the top bar: save the current selection, marked points and map view
//! under a name; list this dataset's bookmarks (click one to restore it); delete them.
//! Bookmarks live in the workspace ([`crate::store::bookmarks`]); without a workspace the menu
//! says so.

use super::i18n::{Key, tr};
use super::state::{AppState, Command};

/// The bookmarks of the dataset on screen and the name being typed.
#[derive(Debug, Default)]
pub struct BookmarksView {
    /// Name for the next save.
    pub name: String,
    /// This dataset's bookmarks, sorted by name (read from the workspace).
    pub list: Vec<crate::store::bookmarks::Bookmark>,
    /// A workspace keeps bookmarks (otherwise the menu explains why it is empty).
    pub available: bool,
}

/// Draw the Bookmarks menu button.
pub fn bookmarks_menu_ui(ui: &mut egui::Ui, state: &AppState, cmds: &mut Vec<Command>) {
    let lang = state.lang();
    let t = |k| tr(lang, k);
    if state.run.is_none() {
        return;
    }
    let view = &state.bookmarks;
    let config = egui::containers::menu::MenuConfig::new()
        .close_behavior(egui::PopupCloseBehavior::CloseOnClickOutside);
    let (button, _) = egui::containers::menu::MenuButton::new(t(Key::Bookmarks))
        .config(config)
        .ui(ui, |ui| {
            ui.set_min_width(260.0);
            if !view.available {
                ui.label(t(Key::BookmarksNoWorkspace));
                return;
            }
            ui.horizontal(|ui| {
                let mut name = view.name.clone();
                let edit = ui.add(
                    egui::TextEdit::singleline(&mut name)
                        .hint_text(t(Key::BookmarkNameHint))
                        .desired_width(160.0),
                );
                if edit.changed() {
                    cmds.push(Command::SetBookmarkName(name.clone()));
                }
                let save = ui
                    .add_enabled(
                        !name.trim().is_empty(),
                        egui::Button::new(t(Key::BookmarkSave)),
                    )
                    .on_hover_text(t(Key::BookmarkSaveHover));
                if save.clicked() {
                    cmds.push(Command::SaveBookmark(name.trim().to_owned()));
                }
            });
            ui.separator();
            if view.list.is_empty() {
                ui.label(t(Key::BookmarksEmpty));
            }
            for b in &view.list {
                ui.horizontal(|ui| {
                    let label = format!("{} ({})", b.name, b.points.len());
                    if ui
                        .button(label)
                        .on_hover_text(t(Key::BookmarkRestoreHover))
                        .clicked()
                    {
                        cmds.push(Command::RestoreBookmark(b.name.clone()));
                    }
                    if ui
                        .small_button("×")
                        .on_hover_text(t(Key::BookmarkDelete))
                        .clicked()
                    {
                        cmds.push(Command::DeleteBookmark(b.name.clone()));
                    }
                });
            }
        });
    button.on_hover_text(t(Key::BookmarksHover));
}
