//! UMAP in the app (kittest, no window): clicking "UMAP" computes it in the worker, the map
//! switches to it and is scored; its parameters reach the next run; Cancel stops a long run;
//! a bookmark remembers "umap" and restores it; a finished UMAP is kept in the workspace and is
//! there again (with its bookmark) when the app reopens; the controls speak Japanese.

pub mod common;

use common::kittest::{Setup, app, finish_umap, loaded, push, start_umap, step_until};
use common::sample;
use egui_kittest::kittest::Queryable;
use embedscope::gui::i18n::Lang;
use embedscope::gui::projection::Layout;
use embedscope::gui::state::Command;
use embedscope::project::umap::UmapParams;

#[test]
fn run_umap_from_the_map_and_bookmark_it() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = Setup::new(sample("cafes"))
        .workspace(dir.path().join("ws.sqlite"))
        .build();
    step_until(&mut h, loaded);
    h.run_steps(2);
    assert!(matches!(
        app(&h).state.projection.layout,
        Layout::Pca { .. }
    ));
    // Hovering the layout button explains UMAP against t-SNE.
    h.get_by_label("UMAP").hover();
    for _ in 0..60 {
        h.step();
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    assert!(
        h.query_by_label_contains("keeps more of the global layout")
            .is_some()
    );

    // The layout button starts UMAP; it finishes, takes the map and is scored.
    h.get_by_label("UMAP").click();
    step_until(&mut h, |a| {
        a.state.projection.umap.result.is_some() && !a.state.projection.umap.running()
    });
    let a = app(&h);
    let points = a.state.run.as_ref().unwrap().points.len();
    let out = &a.state.projection.umap.result.as_ref().unwrap().out;
    assert_eq!(a.state.projection.layout, Layout::Umap);
    assert_eq!(out.xy.nrows(), points);
    assert_eq!((out.neighbours, out.epochs), (15, 500));
    assert_eq!(a.state.map.as_ref().unwrap().xy.len(), points);
    let first = out.xy.clone();
    step_until(&mut h, |a| a.state.projection.quality.is_some());
    assert!(h.query_by_label_contains("How much the map lies").is_some());
    // Its controls are on screen.
    for label in [
        "neighbours",
        "min. distance",
        "epochs: auto",
        "compute UMAP",
    ] {
        assert!(
            h.query_all_by_label_contains(label).next().is_some(),
            "{label}"
        );
    }

    // New parameters reach the next run.
    finish_umap(
        &mut h,
        UmapParams {
            neighbours: 8,
            epochs: Some(60),
            seed: 4,
            ..UmapParams::default()
        },
        "compute UMAP",
    );
    let done = app(&h).state.projection.umap.result.clone().unwrap();
    let out = &done.out;
    assert_eq!((out.neighbours, out.epochs), (8, 60));
    assert!(out.xy.iter().zip(&first).any(|(a, b)| (a - b).abs() > 1e-3));

    // A very long run stops on Cancel and keeps the previous result.
    start_umap(
        &mut h,
        UmapParams {
            epochs: Some(1_000_000),
            ..UmapParams::default()
        },
        "compute UMAP",
    );
    step_until(&mut h, |a| a.state.projection.umap.epoch > 0);
    assert!(app(&h).state.projection.umap.running());
    h.get_by_label("Cancel").click();
    step_until(&mut h, |a| !a.state.projection.umap.running());
    assert_eq!(app(&h).state.projection.umap.result.as_ref(), Some(&done));

    // A bookmark remembers the UMAP layout.
    push(&mut h, Command::ShowUmap);
    push(&mut h, Command::SaveBookmark("umap view".into()));
    h.run_steps(3);
    let list = &app(&h).state.bookmarks.list;
    assert_eq!(list[0].projection, "umap");
    h.get_by_label("PCA").click();
    step_until(&mut h, |a| {
        matches!(a.state.projection.layout, Layout::Pca { .. })
    });
    push(&mut h, Command::RestoreBookmark("umap view".into()));
    step_until(&mut h, |a| a.state.projection.layout == Layout::Umap);
    let map = &app(&h).state.map.as_ref().unwrap().xy;
    assert!((map[0][0] - f64::from(out.xy[[0, 0]])).abs() < 1e-6);
}

/// Wait (at most a minute) until the UMAP of run `id` is in the workspace file: it is written
/// off the UI thread.
fn wait_for_saved_umap(path: &std::path::Path, id: i64) -> ndarray::Array2<f32> {
    let start = std::time::Instant::now();
    loop {
        let ws = embedscope::store::Workspace::open(path).expect("workspace");
        if let Some(xy) = ws.run(id).expect("the run").projection("umap") {
            return xy.clone();
        }
        assert!(start.elapsed() < common::kittest::TIMEOUT, "UMAP not saved");
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

#[test]
fn a_finished_umap_and_its_bookmark_survive_reopening_the_workspace() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws.sqlite");
    let mut h = Setup::new(sample("cafes")).workspace(ws.clone()).build();
    step_until(&mut h, loaded);
    finish_umap(
        &mut h,
        UmapParams {
            epochs: Some(50),
            ..UmapParams::default()
        },
        "UMAP",
    );
    let a = app(&h);
    let id = a.state.run.as_ref().unwrap().run_id.expect("run kept");
    let computed = a
        .state
        .projection
        .umap
        .result
        .as_ref()
        .unwrap()
        .out
        .xy
        .clone();
    assert_eq!(
        a.state.projection.umap.result.as_ref().unwrap().out.epochs,
        50
    );
    push(&mut h, Command::SaveBookmark("umap view".into()));
    h.run_steps(3);
    assert_eq!(app(&h).state.bookmarks.list[0].projection, "umap");
    assert_eq!(wait_for_saved_umap(&ws, id), computed);
    drop(h);

    // A new app on the same workspace: the run is read back with its UMAP, nothing runs.
    let mut h = Setup::new(sample("cafes")).workspace(ws).build();
    step_until(&mut h, loaded);
    let a = app(&h);
    assert_eq!(a.state.run.as_ref().unwrap().run_id, Some(id));
    assert!(matches!(a.state.projection.layout, Layout::Pca { .. }));
    assert!(!a.state.projection.umap.running());
    let restored = a
        .state
        .projection
        .umap
        .result
        .as_ref()
        .expect("UMAP restored");
    assert_eq!(restored.out.xy, computed);

    // The bookmark shows it without running UMAP.
    push(&mut h, Command::RestoreBookmark("umap view".into()));
    step_until(&mut h, |a| a.state.projection.layout == Layout::Umap);
    let a = app(&h);
    assert!(!a.state.projection.umap.running());
    let map = &a.state.map.as_ref().unwrap().xy;
    let last = computed.nrows() - 1;
    assert!((map[last][1] - f64::from(computed[[last, 1]])).abs() < 1e-6);

    // So does the layout button.
    h.get_by_label("PCA").click();
    step_until(&mut h, |a| {
        matches!(a.state.projection.layout, Layout::Pca { .. })
    });
    h.get_by_label("UMAP").click();
    h.run_steps(2);
    let a = app(&h);
    assert_eq!(a.state.projection.layout, Layout::Umap);
    assert!(!a.state.projection.umap.running());
}

#[test]
fn umap_controls_speak_japanese() {
    let mut h = Setup::new(sample("cafes")).lang(Lang::Ja).build();
    step_until(&mut h, loaded);
    start_umap(
        &mut h,
        UmapParams {
            epochs: Some(1_000_000),
            ..UmapParams::default()
        },
        "UMAP",
    );
    step_until(&mut h, |a| a.state.projection.umap.epoch > 0);
    h.run_steps(1);
    assert!(h.query_by_label_contains("UMAP エポック").is_some());
    h.get_by_label("キャンセル").click();
    step_until(&mut h, |a| !a.state.projection.umap.running());
    for label in [
        "近傍数",
        "最小距離",
        "エポック数：自動",
        "シード",
        "UMAP を計算",
    ] {
        assert!(
            h.query_all_by_label_contains(label).next().is_some(),
            "{label}"
        );
    }
}
