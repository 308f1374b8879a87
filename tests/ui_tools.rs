//! UI tests of the map tools and the windows over the map (kittest, no window): find by a
//! regular expression, box selection by dragging, colour by k-means clusters, approximate
//! (HNSW) neighbour lists that say their recall, the data audit window re-running without the
//! planted duplicates, and comparing two methods' runs.

pub mod common;

use common::kittest::{app, harness, loaded, step_until};
use common::sample;
use egui_kittest::kittest::{NodeT as _, Queryable};
use embedscope::gui::map_colors::ColorBy;
use embedscope::gui::state::{Command, MapTool, MethodChoice};

#[test]
fn find_by_regex_marks_and_selects_and_a_bad_pattern_says_why() {
    let mut h = harness(sample("cafes"));
    step_until(&mut h, loaded);
    // The find field (its hint is not a label): typed text arrives as SetFind.
    h.state_mut()
        .as_mut()
        .unwrap()
        .push(Command::SetFind("^caf[ée] komorebi".into()));
    h.run_steps(3);
    h.get_by_label("find").click();
    step_until(&mut h, |a| !a.state.map_view.marked.is_empty());
    let a = app(&h);
    let run = a.state.run.as_ref().unwrap();
    let names: Vec<&str> = a
        .state
        .map_view
        .marked
        .iter()
        .map(|&p| &run.data.items.names[run.points[p].row as usize])
        .collect();
    assert!(
        names
            .iter()
            .all(|n| n.to_lowercase().starts_with("café komorebi")),
        "{names:?}"
    );
    assert_eq!(a.state.selected, a.state.map_view.marked.first().copied());
    assert!(h.query_all_by_label_contains(" marked").next().is_some());
    // An unclosed group is not a pattern: the reason is shown, nothing is marked.
    h.state_mut()
        .as_mut()
        .unwrap()
        .push(Command::SetFind("(caf".into()));
    h.state_mut().as_mut().unwrap().push(Command::Find);
    step_until(&mut h, |a| a.state.map_view.find_error.is_some());
    assert!(h.query_by_label_contains("not a valid pattern").is_some());
}

#[test]
fn dragging_a_box_marks_the_points_inside() {
    let mut h = harness(sample("cafes"));
    step_until(&mut h, loaded);
    h.get_by_label("box").click();
    step_until(&mut h, |a| a.state.map_view.tool == MapTool::Box);
    let rect = embedscope::gui::map_ui::plot_rect(&h.ctx).expect("the map was drawn");
    let (from, to) = (
        rect.min + egui::vec2(5.0, 5.0),
        rect.max - egui::vec2(5.0, 5.0),
    );
    let button = |pos, pressed| egui::Event::PointerButton {
        pos,
        button: egui::PointerButton::Primary,
        pressed,
        modifiers: egui::Modifiers::NONE,
    };
    h.event(egui::Event::PointerMoved(from));
    h.event(button(from, true));
    h.step();
    for i in 1..=10 {
        let p = from + (to - from) * (i as f32 / 10.0);
        h.event(egui::Event::PointerMoved(p));
        h.step();
    }
    h.event(button(to, false));
    step_until(&mut h, |a| !a.state.map_view.marked.is_empty());
    // Nearly the whole plot: nearly every point (the box is inset by 5 px).
    let a = app(&h);
    let n = a.state.run.as_ref().unwrap().points.len();
    assert!(
        a.state.map_view.marked.len() * 10 >= n * 8,
        "{} of {n}",
        a.state.map_view.marked.len()
    );
}

#[test]
fn colour_by_clusters_runs_k_means_in_the_worker() {
    let mut h = harness(sample("cafes"));
    step_until(&mut h, loaded);
    h.get_by_label("colour").click();
    h.run_steps(3);
    h.get_by_label("k-means clusters").click();
    step_until(&mut h, |a| {
        a.state.map_view.clusters.is_some()
            && a.state.map.as_ref().unwrap().colored_by.0 == ColorBy::Cluster
    });
    let a = app(&h);
    let (labels, _) = a.state.map_view.clusters.as_ref().unwrap();
    assert_eq!(labels.len(), a.state.run.as_ref().unwrap().points.len());
    assert!(labels.iter().any(|&l| l > 0), "more than one cluster");
    assert!(h.query_by_label_contains("cluster 1").is_some());
}

#[test]
fn approximate_lists_say_their_measured_recall() {
    let mut h = harness(sample("cafes"));
    step_until(&mut h, loaded);
    h.state_mut()
        .as_mut()
        .unwrap()
        .push(Command::Select(Some(0)));
    step_until(&mut h, |a| a.state.comparison.is_some());
    assert!(
        h.query_by_label_contains("exact: every point was compared")
            .is_some()
    );
    h.get_by_label("approximate (HNSW)").click();
    step_until(&mut h, |a| a.state.ann.indexes.is_some());
    let ann = app(&h).state.ann.indexes.clone().unwrap();
    assert!(ann.recall_euclidean > 0.9 && ann.recall_euclidean <= 1.0);
    assert!(
        h.query_by_label_contains("approximate (HNSW): recall@10")
            .is_some()
    );
}

#[test]
fn the_audit_window_reruns_without_the_planted_duplicates() {
    let mut h = harness(sample("streaming"));
    step_until(&mut h, loaded);
    let items_before = app(&h).state.run.as_ref().unwrap().data.items.len();
    h.get_by_label("data audit…").click();
    step_until(&mut h, |a| a.state.audit.report.is_some());
    // The findings scroll in the docked audit (its Re-run bar stays put below them).
    h.get_by_label("Duplicate items under different ids")
        .scroll_to_me();
    h.run_steps(3);
    h.get_by_label("Duplicate items under different ids")
        .click();
    step_until(&mut h, |a| {
        a.state.audit.excluded.contains("duplicate_items")
    });
    // The button is below the findings in the window's scroll area (clicked in tests/audit_ui.rs).
    h.state_mut().as_mut().unwrap().push(Command::AuditRerun);
    step_until(&mut h, |a| {
        loaded(a)
            && a.state.excluded_run
            && a.state.run.as_ref().unwrap().data.items.len() < items_before
    });
    let items_after = app(&h).state.run.as_ref().unwrap().data.items.len();
    assert_eq!(
        items_before - items_after,
        3,
        "the three planted duplicate items"
    );
}

#[test]
fn comparing_two_methods_lists_the_most_changed_items() {
    let mut h = harness(sample("cafes"));
    step_until(&mut h, loaded);
    h.state_mut()
        .as_mut()
        .unwrap()
        .push(Command::SetMethod(MethodChoice::Als));
    step_until(&mut h, |a| {
        loaded(a)
            && MethodChoice::of(a.state.run.as_ref().unwrap().embeddings.method)
                == MethodChoice::Als
    });
    h.get_by_label("compare runs…").click();
    h.run_steps(3);
    h.get_by_label("compare").click();
    step_until(&mut h, |a| a.state.compare.result.is_some());
    let cmp = app(&h).state.compare.result.clone().unwrap();
    assert_eq!(
        cmp.shared,
        app(&h).state.run.as_ref().unwrap().data.items.len()
    );
    assert!(!cmp.items.is_empty());
}

#[test]
fn the_interviews_tab_finds_churned_users_and_shows_a_card() {
    let mut h = harness(sample("streaming"));
    step_until(&mut h, loaded);
    h.get_by_label("Interviews").click();
    step_until(&mut h, |a| {
        a.state.tab == embedscope::gui::state::Tab::Interviews
    });
    h.get_by_label("Churned").click();
    h.run_steps(3);
    assert!(h.query_by_label_contains("Suggested questions").is_none());
    // Candidates read "name (id)" in the finder's first column ("Viewer 0042 (42)").
    let first: String = h
        .query_all_by_label_contains("Viewer ")
        .filter_map(|n| n.accesskit_node().label())
        .find(|l| l.ends_with(')'))
        .expect("a churned candidate is listed");
    h.get_by_label(&first).click();
    h.run_steps(3);
    assert!(h.query_by_label_contains("Suggested questions").is_some());
}
