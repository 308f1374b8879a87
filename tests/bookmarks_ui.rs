//! The Bookmarks menu (kittest, no window, a temporary workspace file): save the selection,
//! marked points and view under a name through the menu, change everything, restore it by
//! clicking the bookmark, delete it; a second app on the same workspace lists it.

pub mod common;

use std::sync::Arc;

use common::kittest::{Setup, Slot, app, loaded, push, step_until};
use common::sample;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use embedscope::gui::state::Command;

fn view(h: &Harness<'_, Slot>) -> [f64; 4] {
    embedscope::gui::map_ui::view_bounds(&h.ctx).expect("the map was drawn")
}

#[test]
fn save_restore_and_delete_a_bookmark() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws.sqlite");
    let mut h = Setup::new(sample("cafes")).workspace(ws.clone()).build();
    step_until(&mut h, loaded);
    h.run_steps(2);
    assert!(app(&h).state.bookmarks.available);
    assert!(app(&h).state.bookmarks.list.is_empty());

    // Select point 3, mark points 0 and 5, zoom to a part of the map.
    push(&mut h, Command::Select(Some(3)));
    push(&mut h, Command::Mark(vec![0, 5]));
    embedscope::gui::map_ui::request_view(&h.ctx, [0.5, 2.5, 0.0, 1.0]);
    h.run_steps(3);
    let saved_view = view(&h);

    h.get_by_label("Bookmarks").click();
    h.run_steps(2);
    push(&mut h, Command::SetBookmarkName("quiet corner".into()));
    h.run_steps(2);
    h.get_by_label("Save").click();
    h.run_steps(3);
    let list = &app(&h).state.bookmarks.list;
    assert_eq!(list.len(), 1);
    assert_eq!(list[0].name, "quiet corner");
    let run = Arc::clone(app(&h).state.run.as_ref().unwrap());
    let id = |p: usize| run.data.items.ids[run.points[p].row as usize].to_owned();
    assert_eq!(
        list[0]
            .points
            .iter()
            .map(|(_, i)| i.clone())
            .collect::<Vec<_>>(),
        [id(3), id(0), id(5)]
    );
    assert_eq!(list[0].projection, "pca:0:1+selected");
    assert!((list[0].view.x_min - saved_view[0]).abs() < 1e-9);

    // Change everything, then restore by clicking the bookmark.
    push(&mut h, Command::Select(Some(7)));
    push(&mut h, Command::Mark(vec![]));
    embedscope::gui::map_ui::request_view(&h.ctx, [10.0, 30.0, 10.0, 20.0]);
    h.run_steps(3);
    assert!((view(&h)[0] - saved_view[0]).abs() > 1.0);
    h.get_by_label("quiet corner (3)").click();
    h.run_steps(4);
    let a = app(&h);
    assert_eq!(a.state.selected, Some(3));
    assert_eq!(a.state.map_view.marked, [0, 5]);
    // The same centre; the same size within 2 % (the plot keeps its 1:1 aspect by growing the
    // rectangle a little).
    let back = view(&h);
    let centre = |v: [f64; 4]| [f64::midpoint(v[0], v[1]), f64::midpoint(v[2], v[3])];
    let (c, s) = (centre(back), centre(saved_view));
    assert!(
        (c[0] - s[0]).abs() < 1e-6 && (c[1] - s[1]).abs() < 1e-6,
        "{back:?} vs {saved_view:?}"
    );
    let ratio = (back[1] - back[0]) / (saved_view[1] - saved_view[0]);
    assert!((ratio - 1.0).abs() < 0.02, "{back:?} vs {saved_view:?}");

    // Kept in the workspace: another app on the same file lists it.
    drop(h);
    let mut h = Setup::new(sample("cafes")).workspace(ws).build();
    step_until(&mut h, loaded);
    assert_eq!(app(&h).state.bookmarks.list.len(), 1);
    h.get_by_label("Bookmarks").click();
    h.run_steps(2);
    h.get_by_label("×").click();
    h.run_steps(3);
    assert!(app(&h).state.bookmarks.list.is_empty());
    h.get_by_label("No bookmarks for this dataset yet.");
}
