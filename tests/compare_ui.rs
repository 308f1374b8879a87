//! The compare-runs window in the whole app (kittest, no window) with a workspace in a
//! temporary folder: the cafés are embedded twice (features, then ALS), both runs are saved;
//! the window lists them, compares them by id, and colours the map by displacement and by
//! neighbour change, with the legend bands named; picking the same run twice gives no change.

pub mod common;

use common::kittest::{Setup, Slot, app, loaded, step_until};
use common::sample;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable};
use embedscope::data::{Kind, PointRef};
use embedscope::eval::compare::{CompareParams, compare};
use embedscope::gui::App;
use embedscope::gui::compare_colors::CHANGE_SCALE;
use embedscope::gui::map_colors::{ColorBy, MISSING_COLOR};
use embedscope::gui::state::{Command, MethodChoice};
use embedscope::pipeline::compare::stored;
use embedscope::pipeline::progress::Progress;
use embedscope::store::Workspace;

/// The colour the map gives the item `id`.
fn color_of(a: &App, id: &str) -> egui::Color32 {
    let run = a.state.run.as_ref().expect("loaded");
    let row = run.data.items.find(id).expect("known id");
    let point = run
        .point_of(PointRef {
            kind: Kind::Item,
            row,
        })
        .expect("on the map");
    a.state.map.as_ref().expect("map").coloring.colors[point]
}

/// Embed the cafés with features, then ALS (both saved), and open the compare window: it
/// lists both runs, the two newest picked (B = newest). Returns the features and ALS run ids.
fn two_saved_runs(h: &mut Harness<'_, Slot>) -> (i64, i64) {
    step_until(h, loaded);
    let features_id = app(h)
        .state
        .run
        .as_ref()
        .expect("loaded")
        .run_id
        .expect("saved");
    h.state_mut()
        .as_mut()
        .expect("loaded")
        .push(Command::SetMethod(MethodChoice::Als));
    step_until(h, |a| {
        loaded(a)
            && MethodChoice::of(a.state.run.as_ref().expect("loaded").embeddings.method)
                == MethodChoice::Als
    });
    let als_id = app(h)
        .state
        .run
        .as_ref()
        .expect("loaded")
        .run_id
        .expect("saved");
    assert_ne!(features_id, als_id);

    // The window lists both saved runs; the two newest are picked (B = newest).
    h.get_by_label("compare runs…").click();
    step_until(h, |a| a.state.compare.saved_runs.is_some());
    assert_eq!(
        app(h)
            .state
            .compare
            .saved_runs
            .as_ref()
            .expect("loaded")
            .len(),
        2
    );
    assert_eq!(app(h).state.compare.stored, Some((features_id, als_id)));
    let pickers: Vec<String> = h
        .query_all_by_role(Role::ComboBox)
        .filter_map(|n| n.accesskit_node().value())
        .filter(|v| v.starts_with('#'))
        .collect();
    assert_eq!(pickers.len(), 2, "{pickers:?}");
    // Methods named as the top bar names them; the open dataset by its display name.
    assert!(
        pickers[0].starts_with(&format!(
            "#{features_id} · numeric features · Cafés of Kawabe · 147 items · d = 4"
        )),
        "{pickers:?}"
    );
    assert!(
        pickers[1].starts_with(&format!(
            "#{als_id} · ALS (collaborative) · Cafés of Kawabe · 147 items · d = 32"
        )),
        "{pickers:?}"
    );
    (features_id, als_id)
}

#[test]
fn saved_runs_are_compared_by_id_and_colour_the_map() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("ws.sqlite");
    let mut h = Setup::new(sample("cafes"))
        .size(1500.0, 1100.0)
        .workspace(path.clone())
        .build();
    let (features_id, als_id) = two_saved_runs(&mut h);
    h.get_by_label("compare saved runs").click();
    step_until(&mut h, |a| a.state.compare.result.is_some());
    let cmp = app(&h).state.compare.result.clone().unwrap();

    // The same numbers as comparing the stored runs directly.
    let ws = Workspace::open(&path).unwrap();
    let (a, b) = (
        stored(&ws, features_id).unwrap(),
        stored(&ws, als_id).unwrap(),
    );
    let direct = compare(
        &a.items(),
        &b.items(),
        &CompareParams::default(),
        &Progress::silent(),
    )
    .unwrap();
    assert_eq!(cmp.shared, a.ids.len(), "every café is in both runs");
    assert_eq!(cmp.shared, direct.shared);
    assert!((cmp.disparity - direct.disparity).abs() < 1e-9);
    assert_eq!(cmp.items[0].id, direct.items[0].id);

    // Colour by displacement: five bands of equal width up to the largest; the item that
    // moved most is in the darkest.
    h.get_by_label("moved (comparison)").click();
    step_until(&mut h, |a| {
        a.state.map.as_ref().unwrap().colored_by.0 == ColorBy::Displacement
    });
    let most = cmp
        .items
        .iter()
        .max_by(|x, y| x.displacement.total_cmp(&y.displacement))
        .unwrap();
    assert_eq!(color_of(app(&h), &most.id), CHANGE_SCALE[4]);
    let width = most.displacement / 5.0;
    let mut bands_used = std::collections::BTreeSet::new();
    for item in &cmp.items {
        let band = ((item.displacement / width).floor() as usize).min(4);
        bands_used.insert(band);
        assert_eq!(
            color_of(app(&h), &item.id),
            CHANGE_SCALE[band],
            "{}",
            item.id
        );
    }
    assert!(bands_used.len() >= 2, "{bands_used:?}");
    // The legend names the bands in use (the darkest holds the item that moved most).
    let top = format!("moved {:.2}–{:.2}", 4.0 * width, most.displacement);
    assert!(h.query_by_label_contains(&top).is_some(), "legend {top}");

    // By neighbour change: 1 − Jaccard in bands of 0.2.
    h.get_by_label("neighbours changed (comparison)").click();
    step_until(&mut h, |a| {
        a.state.map.as_ref().unwrap().colored_by.0 == ColorBy::NeighbourChange
    });
    for item in &cmp.items {
        let band = (((1.0 - item.jaccard) / 0.2).floor() as usize).min(4);
        assert_eq!(
            color_of(app(&h), &item.id),
            CHANGE_SCALE[band],
            "{}",
            item.id
        );
    }
    assert!(
        h.query_by_label_contains("neighbours changed 80–100%")
            .is_some()
    );
    assert_ne!(color_of(app(&h), &cmp.items[0].id), MISSING_COLOR);

    // Pick the features run as B too: a run against itself has not changed at all.
    let b_combo = h
        .query_all_by_label("B")
        .filter(|n| n.accesskit_node().role() == Role::ComboBox)
        .nth(1)
        .expect("the saved-runs B picker");
    b_combo.click();
    h.run_steps(3);
    h.query_all_by_label_contains(&format!("#{features_id} · numeric features"))
        .last()
        .expect("listed in the open picker")
        .click();
    step_until(&mut h, |a| {
        a.state.compare.stored == Some((features_id, features_id))
            && a.state.compare.job.is_none()
            && a.state
                .compare
                .result
                .as_ref()
                .is_some_and(|c| c.disparity < 1e-6)
    });
    let same = app(&h).state.compare.result.clone().unwrap();
    assert!((same.mean_jaccard - 1.0).abs() < 1e-9);
}
