//! Finished t-SNE and UMAP layouts in the app (kittest, no window): switching the embedding
//! method and back brings the layout computed for that run back (the selector and the map
//! agree, nothing is recomputed, another run never shows it), and a layout read back from the
//! workspace shows the same parameters and warnings as when it was computed.

pub mod common;

use common::kittest::{Setup, Slot, app, finish_umap, loaded, push, step_until};
use common::sample;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable};
use embedscope::gui::App;
use embedscope::gui::projection::Layout;
use embedscope::gui::state::{Command, MethodChoice};
use embedscope::project::umap::UmapParams;

fn method(a: &App) -> MethodChoice {
    MethodChoice::of(a.state.run.as_ref().expect("loaded").embeddings.method)
}

fn switch_to(h: &mut Harness<'_, Slot>, m: MethodChoice) {
    push(h, Command::SetMethod(m));
    step_until(h, |a| loaded(a) && method(a) == m);
}

/// The map's first and last points equal rows 0 and n − 1 of `xy`.
fn map_is(a: &App, xy: &ndarray::Array2<f32>) -> bool {
    let map = &a.state.map.as_ref().expect("map").xy;
    let last = xy.nrows() - 1;
    map.len() == xy.nrows()
        && [0, last]
            .iter()
            .all(|&r| (0..2).all(|c| (map[r][c] - f64::from(xy[[r, c]])).abs() < 1e-6))
}

fn quick_umap(h: &mut Harness<'_, Slot>, params: UmapParams) {
    finish_umap(h, params, "UMAP");
}

#[test]
fn switching_the_method_and_back_keeps_the_layout_of_each_run() {
    let mut h = Setup::new(sample("cafes")).build();
    step_until(&mut h, loaded);
    quick_umap(
        &mut h,
        UmapParams {
            epochs: Some(50),
            ..UmapParams::default()
        },
    );
    let features_umap = app(&h).state.projection.umap.result.clone().unwrap();
    assert_eq!(app(&h).state.projection.layout, Layout::Umap);

    // Another method: its own run, on PCA 1/2, without the features run's UMAP.
    switch_to(&mut h, MethodChoice::Als);
    let a = app(&h);
    let als = a.state.run.clone().unwrap();
    assert_eq!(a.state.projection.layout, Layout::default());
    assert_eq!(a.state.projection.umap.result, None);
    // ALS's PCA map shows users and items each at median length 1 (the default scale).
    let als_pca = embedscope::gui::map_scale::scale_per_kind(&als, &als.xy, (0, 1)).unwrap();
    assert!(map_is(a, &als_pca), "the ALS run's own PCA map");

    // Back to features (from the cache): its UMAP is on screen again, not recomputed.
    switch_to(&mut h, MethodChoice::Features);
    let a = app(&h);
    assert_eq!(a.state.projection.layout, Layout::Umap);
    assert!(!a.state.projection.umap.running());
    assert_eq!(
        a.state.projection.umap.result.as_ref(),
        Some(&features_umap)
    );
    assert!(map_is(a, &features_umap.out.xy), "the map shows the UMAP");
    h.run_steps(2);
    assert!(
        h.query_by_label_contains("this map: 15 neighbours")
            .is_some()
    );

    // On PCA when leaving: PCA when coming back, and the UMAP button shows the kept layout.
    h.get_by_label("PCA").click();
    step_until(&mut h, |a| a.state.projection.layout == Layout::default());
    switch_to(&mut h, MethodChoice::Als);
    switch_to(&mut h, MethodChoice::Features);
    let a = app(&h);
    let features = a.state.run.clone().unwrap();
    assert_eq!(a.state.projection.layout, Layout::default());
    assert!(map_is(a, &features.xy), "selector and map both say PCA");
    h.get_by_label("UMAP").click();
    h.run_steps(2);
    let a = app(&h);
    assert_eq!(a.state.projection.layout, Layout::Umap);
    assert!(!a.state.projection.umap.running());
    assert!(map_is(a, &features_umap.out.xy));

    // The ALS run never got the features run's layout.
    switch_to(&mut h, MethodChoice::Als);
    let a = app(&h);
    assert!(std::sync::Arc::ptr_eq(a.state.run.as_ref().unwrap(), &als));
    assert_eq!(a.state.projection.umap.result, None);
    assert_eq!(a.state.projection.layout, Layout::default());
    assert!(map_is(a, &als_pca));
}

/// Wait (at most a minute) until run `id` has t-SNE and UMAP saved with their details: they
/// are written off the UI thread.
fn wait_for_saved_details(path: &std::path::Path, id: i64) {
    let start = std::time::Instant::now();
    loop {
        let ws = embedscope::store::Workspace::open(path).expect("workspace");
        let run = ws.run(id).expect("the run");
        if run.projection_meta("tsne").is_some() && run.projection_meta("umap").is_some() {
            return;
        }
        assert!(
            start.elapsed() < common::kittest::TIMEOUT,
            "layouts not saved"
        );
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
}

/// Every label the row above the map shows for the layout on screen that names its
/// parameters or warns.
fn layout_notes(h: &Harness<'_, Slot>) -> Vec<String> {
    let mut notes: Vec<String> = ["this map:", "too large", "too many"]
        .iter()
        .flat_map(|s| h.query_all_by_label_contains(s))
        // A label's text is its accesskit value.
        .filter_map(|n| n.accesskit_node().value())
        .collect();
    notes.sort();
    notes
}

#[test]
fn a_reopened_layout_shows_its_parameters_and_warnings() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws.sqlite");
    let mut h = Setup::new(sample("cafes")).workspace(ws.clone()).build();
    step_until(&mut h, loaded);
    let points = app(&h).state.run.as_ref().unwrap().points.len();
    // Too many neighbours and too large a perplexity for the cafés: both are lowered.
    quick_umap(
        &mut h,
        UmapParams {
            neighbours: 500,
            min_dist: 0.25,
            epochs: Some(50),
            seed: 4,
            ..UmapParams::default()
        },
    );
    h.run_steps(2);
    let umap_notes = layout_notes(&h);
    assert_eq!(
        umap_notes,
        [
            format!(
                "500 neighbours are too many for {points} points (at most n − 1 = {}); using {}",
                points - 1,
                points - 1
            ),
            format!(
                "this map: {} neighbours · min. distance 0.25 · 50 epochs · seed 4",
                points - 1
            ),
        ]
    );
    push(&mut h, Command::SetTsneParams(100.0, 250));
    h.run_steps(2);
    h.get_by_label("t-SNE").click();
    step_until(&mut h, |a| {
        a.state.projection.tsne.is_some() && !a.state.projection.running()
    });
    h.run_steps(2);
    let tsne_notes = layout_notes(&h);
    let used = (points - 1) as f32 / 3.0;
    assert_eq!(tsne_notes.len(), 2, "{tsne_notes:?}");
    assert!(tsne_notes[0].starts_with(&format!("perplexity 100 is too large for {points} points")));
    assert_eq!(
        tsne_notes[1],
        format!("this map: perplexity {used:.1} · 250 iterations · seed 1")
    );
    let id = app(&h)
        .state
        .run
        .as_ref()
        .unwrap()
        .run_id
        .expect("run kept");
    wait_for_saved_details(&ws, id);
    drop(h);

    // A new app on the same workspace: the same notes, nothing recomputed.
    let mut h = Setup::new(sample("cafes")).workspace(ws).build();
    step_until(&mut h, loaded);
    h.get_by_label("t-SNE").click();
    h.run_steps(2);
    assert_eq!(app(&h).state.projection.layout, Layout::Tsne);
    assert!(!app(&h).state.projection.running());
    assert_eq!(layout_notes(&h), tsne_notes);
    h.get_by_label("UMAP").click();
    h.run_steps(2);
    assert_eq!(app(&h).state.projection.layout, Layout::Umap);
    assert!(!app(&h).state.projection.umap.running());
    assert_eq!(layout_notes(&h), umap_notes);
}

#[test]
fn a_knob_change_replaces_the_run_of_its_method_in_the_cache() {
    let mut h = Setup::new(sample("cafes")).build();
    step_until(&mut h, loaded);
    switch_to(&mut h, MethodChoice::Als);
    switch_to(&mut h, MethodChoice::Features);
    let cached = |a: &App| a.state.cache.iter().map(|c| c.method).collect::<Vec<_>>();
    assert_eq!(cached(app(&h)), vec![MethodChoice::Als]);
    let before = app(&h).state.run.clone().unwrap();
    // New feature weights: a new features run; the old one is not kept beside it.
    push(&mut h, Command::SetFeatureWeights(vec![2.0, 1.0, 1.0, 1.0]));
    step_until(&mut h, |a| {
        loaded(a)
            && a.state
                .run
                .as_ref()
                .is_some_and(|r| !std::sync::Arc::ptr_eq(r, &before))
    });
    assert_eq!(cached(app(&h)), vec![MethodChoice::Als]);
    assert_eq!(method(app(&h)), MethodChoice::Features);
}
