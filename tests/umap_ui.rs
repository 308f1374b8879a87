//! UMAP in the app (kittest, no window): clicking "UMAP" computes it in the worker, the map
//! switches to it and is scored; its parameters reach the next run; Cancel stops a long run;
//! a bookmark remembers "umap" and restores it.

pub mod common;

use common::kittest::{Setup, app, loaded, push, step_until};
use common::sample;
use egui_kittest::kittest::Queryable;
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
    let out = a.state.projection.umap.result.as_ref().unwrap();
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
    push(
        &mut h,
        Command::SetUmapParams(UmapParams {
            neighbours: 8,
            epochs: Some(60),
            seed: 4,
            ..UmapParams::default()
        }),
    );
    h.run_steps(2);
    h.get_by_label("compute UMAP").click();
    h.run_steps(1);
    step_until(&mut h, |a| !a.state.projection.umap.running());
    let out = app(&h).state.projection.umap.result.clone().unwrap();
    assert_eq!((out.neighbours, out.epochs), (8, 60));
    assert!(out.xy.iter().zip(&first).any(|(a, b)| (a - b).abs() > 1e-3));

    // A very long run stops on Cancel and keeps the previous result.
    push(
        &mut h,
        Command::SetUmapParams(UmapParams {
            epochs: Some(1_000_000),
            ..UmapParams::default()
        }),
    );
    h.run_steps(2);
    h.get_by_label("compute UMAP").click();
    step_until(&mut h, |a| a.state.projection.umap.epoch > 0);
    assert!(app(&h).state.projection.umap.running());
    h.get_by_label("Cancel").click();
    step_until(&mut h, |a| !a.state.projection.umap.running());
    assert_eq!(app(&h).state.projection.umap.result.as_ref(), Some(&out));

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
