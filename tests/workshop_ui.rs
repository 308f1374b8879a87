//! Workshop-ready screens at 1600 × 1000: a selected user's ten recommendations and their
//! reasons in view without scrolling; one map where ALS items spread beside the users; the
//! legend above the map (never over points); audit, compare and export docked under the map;
//! presenter mode; export to a typed path.

pub mod common;

use common::kittest::{Setup, Slot, app, loaded, push, step_until};
use common::sample;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable};
use embedscope::data::{Kind, PointRef};
use embedscope::embed::Method;
use embedscope::gui::App;
use embedscope::gui::map_scale::spread;
use embedscope::gui::state::Command;

const W: f32 = 1600.0;
const H: f32 = 1000.0;

fn cafes() -> Harness<'static, Slot> {
    let mut h = Setup::new(sample("cafes")).size(W, H).build();
    step_until(&mut h, loaded);
    h
}

fn user_point(a: &App, id: &str) -> usize {
    let run = a.state.run.as_ref().expect("loaded");
    let row = run.data.users.find(id).expect("a sample user");
    run.point_of(PointRef {
        kind: Kind::User,
        row,
    })
    .expect("on the map")
}

fn on_screen(r: egui::Rect) -> bool {
    r.min.x >= 0.0 && r.min.y >= 0.0 && r.max.x <= W + 0.5 && r.max.y <= H + 0.5
}

fn is_als(a: &App) -> bool {
    loaded(a)
        && a.state
            .run
            .as_ref()
            .is_some_and(|r| r.embeddings.method == Method::Als)
}

#[test]
fn a_users_ten_recommendations_and_reasons_are_in_view() {
    let mut h = cafes();
    let u01 = user_point(app(&h), "u01");
    push(&mut h, Command::Select(Some(u01)));
    step_until(&mut h, |a| {
        a.state.recommendations.is_some() && a.state.funnel.is_some()
    });
    h.run_steps(2);
    // The recommendations tab opens by itself for a user.
    h.get_by_label("Recommendations (10)");
    let heading = h.get_by_label("Recommended for this user").rect();
    assert!(on_screen(heading));
    assert!(on_screen(
        h.get_by_label_contains("Two-stage funnel: 147 items")
            .rect()
    ));
    assert!(on_screen(
        h.get_by_label_contains("Ranks after each item").rect()
    ));
    let a = app(&h);
    let run = a.state.run.as_ref().unwrap();
    let recs = a.state.recommendations.clone().unwrap();
    assert_eq!(recs.len(), 10);
    for r in &recs {
        let name = run.data.items.name(r.item as usize, false);
        // In the right panel (the list on the left has the same names), wholly on screen.
        let node = h
            .query_all_by_label(name)
            .find(|n| n.rect().min.x >= heading.min.x - 1.0)
            .unwrap_or_else(|| panic!("{name} is not in the right panel"));
        assert!(on_screen(node.rect()), "{name} at {:?}", node.rect());
    }
    // The top two reasons in words with their share, the last one in view too.
    let shown: Vec<String> = recs
        .iter()
        .flat_map(|r| r.because.iter().take(2))
        .map(|b| {
            format!(
                "{:.0} % {}",
                b.share * 100.0,
                run.data.items.name(b.item as usize, false)
            )
        })
        .collect();
    assert!(shown.len() >= 10, "every item has a reason");
    for text in &shown {
        let node = h
            .query_all_by_label(text)
            .find(|n| n.rect().min.x >= heading.min.x - 1.0)
            .unwrap_or_else(|| panic!("reason {text} not shown"));
        assert!(on_screen(node.rect()), "{text} at {:?}", node.rect());
    }
    // "because they had …" is said once above the list, not on every row.
    assert_eq!(h.query_all_by_label("because they had …").count(), 1);
    assert_eq!(h.query_all_by_label("because they had").count(), 0);

    // The neighbour lists are one click away, and stay chosen for this user.
    h.get_by_label("Neighbours").click();
    h.run_steps(3);
    assert!(h.query_by_label("Recommended for this user").is_none());
    assert!(h.query_by_label("Euclidean distance").is_some());
    // Another user: recommendations first again.
    let u02 = user_point(app(&h), "u02");
    push(&mut h, Command::Select(Some(u02)));
    step_until(&mut h, |a| a.state.selected == Some(u02));
    h.run_steps(3);
    assert!(h.query_by_label("Recommended for this user").is_some());
}

#[test]
fn als_items_spread_beside_the_users_and_raw_lengths_stay_available() {
    let mut h = cafes();
    h.get_by_label("ALS (collaborative)").click();
    step_until(&mut h, is_als);
    h.run_steps(2);
    let ratio = |a: &App| {
        let (run, map) = (a.state.run.as_ref().unwrap(), a.state.map.as_ref().unwrap());
        spread(run, &map.xy, Kind::Item) / spread(run, &map.xy, Kind::User)
    };
    let scaled = ratio(app(&h));
    assert!(
        scaled >= 0.25,
        "items' spread is {:.1} % of the users'",
        scaled * 100.0
    );
    h.get_by_label_contains("Display only: users and items each scaled");
    // The raw lengths: items collapse under the users.
    h.get_by_label("raw lengths").click();
    h.run_steps(3);
    let raw = ratio(app(&h));
    eprintln!("items' 2-D spread / users': scaled {scaled:.3}, raw {raw:.3}");
    assert!(raw < scaled / 2.0, "raw {raw:.3} vs scaled {scaled:.3}");
    h.get_by_label_contains("Raw lengths: users' vectors are");
    // The choice is kept when the layout is shown again.
    h.get_by_label("users and items on one scale").click();
    h.run_steps(3);
    assert!((ratio(app(&h)) - scaled).abs() < 1e-9);
}

#[test]
fn the_legend_sits_above_the_map_and_hides_a_group() {
    let mut h = cafes();
    let plot = embedscope::gui::map_ui::plot_rect(&h.ctx).expect("map drawn");
    let users = h.get_by_label("users").rect();
    assert!(
        users.max.y <= plot.min.y,
        "legend entry {users:?} is outside the plot {plot:?}"
    );
    h.get_by_label("users").click();
    h.run_steps(2);
    let a = app(&h);
    let hidden =
        embedscope::gui::map_legend_ui::hidden_groups(&h.ctx, a.state.map.as_ref().unwrap());
    assert_eq!(hidden.last(), Some(&true), "the users' group is hidden");
    assert_eq!(hidden.iter().filter(|h| **h).count(), 1);
    h.get_by_label("users").click();
    h.run_steps(2);
    let a = app(&h);
    let hidden =
        embedscope::gui::map_legend_ui::hidden_groups(&h.ctx, a.state.map.as_ref().unwrap());
    assert!(hidden.iter().all(|h| !h));
}

#[test]
fn audit_compare_and_export_dock_under_the_map() {
    let mut h = cafes();
    let toolbar = h.get_by_label("Export…").rect();
    push(&mut h, Command::ShowAudit(true));
    push(&mut h, Command::ShowCompare(true));
    step_until(&mut h, |a| a.state.audit.report.is_some());
    h.run_steps(3);
    let plot = embedscope::gui::map_ui::plot_rect(&h.ctx).expect("map drawn");
    for title in ["Data audit", "Comparing two runs"] {
        let r = h
            .query_all_by_label_contains(title)
            .map(|n| n.rect())
            .find(|r| r.min.y > toolbar.max.y)
            .unwrap_or_else(|| panic!("{title} not docked"));
        assert!(
            r.min.y >= plot.max.y,
            "{title} {r:?} under the map {plot:?}"
        );
    }
}

#[test]
fn compare_defaults_to_two_runs_of_the_dataset_on_screen() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws.sqlite");
    let mut h = Setup::new(sample("cafes"))
        .size(W, H)
        .workspace(ws.clone())
        .build();
    step_until(&mut h, loaded);
    h.get_by_label("ALS (collaborative)").click();
    step_until(&mut h, is_als);
    push(
        &mut h,
        Command::SetMethod(embedscope::gui::state::MethodChoice::Features),
    );
    step_until(&mut h, |a| loaded(a) && !is_als(a));
    push(&mut h, Command::Open(sample("streaming")));
    step_until(&mut h, |a| {
        loaded(a)
            && a.state
                .run
                .as_ref()
                .is_some_and(|r| r.data.root.ends_with("streaming"))
    });
    push(&mut h, Command::Open(sample("cafes")));
    step_until(&mut h, |a| {
        loaded(a)
            && a.state
                .run
                .as_ref()
                .is_some_and(|r| r.data.root.ends_with("cafes"))
    });
    push(&mut h, Command::ShowCompare(true));
    step_until(&mut h, |a| a.state.compare.saved_runs.is_some());
    h.run_steps(3);
    let a = app(&h);
    let runs = a.state.compare.saved_runs.clone().unwrap();
    assert_eq!(
        runs.len(),
        3,
        "cafés features, cafés ALS, streaming features"
    );
    let run = a.state.run.as_ref().unwrap();
    let (ra, rb) =
        embedscope::gui::compare_ui::default_pair(&runs, run.run_id, &run.data.root).unwrap();
    assert_ne!(ra, rb);
    assert_eq!(a.state.compare.stored, Some((ra, rb)), "picked by default");
    for id in [ra, rb] {
        let info = runs.iter().find(|r| r.id == id).unwrap();
        assert!(info.dataset_path.ends_with("cafes"), "{info:?}");
    }
    // The newest run is streaming's: it is not in the default pair.
    assert!(runs[0].dataset_path.ends_with("streaming"));
    // The pickers show the pair.
    let pickers: Vec<String> = h
        .query_all_by_role(egui::accesskit::Role::ComboBox)
        .filter_map(|n| n.accesskit_node().value())
        .filter(|v| v.starts_with('#'))
        .collect();
    assert_eq!(pickers.len(), 2, "{pickers:?}");
    assert!(pickers[0].starts_with(&format!("#{ra} ")), "{pickers:?}");
    assert!(pickers[1].starts_with(&format!("#{rb} ")), "{pickers:?}");
}

#[test]
fn presenter_mode_scales_text_and_ctrl_plus_zooms_further() {
    let mut h = cafes();
    assert!(embedscope::gui::presenter::smallest_text(&h.ctx) < 10.0);
    h.get_by_label("Presenter mode").click();
    h.run_steps(3);
    assert!(app(&h).state.settings.presenter);
    assert!((h.ctx.zoom_factor() - embedscope::gui::presenter::ZOOM).abs() < 1e-6);
    // The smallest text: 14 pt × 1.4 ≈ 20 px.
    let smallest = embedscope::gui::presenter::smallest_text(&h.ctx);
    assert!(smallest >= 13.0, "smallest text {smallest}");
    assert!(smallest * h.ctx.zoom_factor() >= 18.0);
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::Plus);
    h.run_steps(2);
    assert!(h.ctx.zoom_factor() > embedscope::gui::presenter::ZOOM);
    h.get_by_label("Presenter mode").click();
    h.run_steps(3);
    assert!(!app(&h).state.settings.presenter);
    assert!((h.ctx.zoom_factor() - 1.0).abs() < 1e-6);
    assert!(embedscope::gui::presenter::smallest_text(&h.ctx) < 10.0);
}

#[test]
fn export_to_a_typed_path_without_a_dialog() {
    let mut h = cafes();
    h.get_by_label("Export…").click();
    h.run_steps(2);
    h.get_by_label("Export to a typed path…").click();
    h.run_steps(3);
    assert!(app(&h).state.export_panel.kind.is_some());
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("typed.csv");
    push(
        &mut h,
        Command::SetExportPath(file.to_string_lossy().into_owned()),
    );
    h.run_steps(2);
    h.get_by_label("Write").click();
    h.run_steps(1);
    step_until(&mut h, |a| a.state.exporting.is_none());
    let text = std::fs::read_to_string(&file).expect("the typed path was written");
    assert_eq!(text.lines().count(), 228, "header + 227 points");
    assert!(matches!(
        app(&h).state.banner,
        Some(embedscope::gui::state::Banner::Exported(_))
    ));
}
