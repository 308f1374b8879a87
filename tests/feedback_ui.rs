//! Feedback the app gives (kittest, the whole app): re-running on a cleaned copy says what went
//! and what is left, with the button in view; the audit's counts agree; grey "not measured"
//! points are explained; the map and the controls stay put while t-SNE runs.

pub mod common;

use std::collections::BTreeSet;

use common::kittest::{Setup, app, loaded, push, step_until};
use common::sample;
use egui_kittest::kittest::Queryable;
use embedscope::data::audit::{AuditParams, FindingKind, audit};
use embedscope::data::formats::load_native;
use embedscope::gui::i18n::Lang;
use embedscope::gui::map_colors::ColorBy;
use embedscope::gui::state::{Banner, Command};

#[test]
fn rerun_on_a_cleaned_copy_says_what_happened_with_the_button_in_view() {
    let mut h = Setup::new(sample("streaming")).size(1600.0, 1000.0).build();
    step_until(&mut h, loaded);
    let before = {
        let d = &app(&h).state.run.as_ref().expect("loaded").data;
        [d.items.len(), d.users.len(), d.interactions.len()]
    };
    push(&mut h, Command::ShowAudit(true));
    step_until(&mut h, |a| a.state.audit.report.is_some());
    push(
        &mut h,
        Command::SetAuditExcluded(BTreeSet::from(["duplicate_items".to_owned()])),
    );
    h.run_steps(3);
    // The findings are long; the button is still inside the window on screen.
    let button = h.get_by_label("Re-run without excluded rows");
    let rect = button.rect();
    assert!(
        rect.bottom() <= 1000.0 && rect.top() >= 0.0,
        "button in view: {rect:?}"
    );
    button.click();
    step_until(&mut h, |a| a.state.excluded_run && loaded(a));
    let a = app(&h);
    let d = &a.state.run.as_ref().expect("cleaned run").data;
    let now = [d.items.len(), d.users.len(), d.interactions.len()];
    assert_eq!(now[0], before[0] - 3, "the three planted copies went");
    let removed = [0, 1, 2].map(|i| before[i] - now[i]);
    assert!(
        matches!(&a.state.banner, Some(Banner::Cleaned { removed: r, now: n }) if *r == removed && *n == now),
        "{:?}",
        a.state.banner
    );
    let text = format!(
        "removed 3 items, {} users and {} interactions; the map now has {} items",
        removed[1], removed[2], now[0]
    );
    assert!(h.query_all_by_label_contains(&text).count() >= 1, "{text}");
}

#[test]
fn the_audit_says_how_its_row_lists_add_up_to_the_counts() {
    let data = load_native(&sample("streaming")).expect("loads");
    let report = audit(&data, &AuditParams::default()).expect("audit");
    let f = report
        .findings
        .iter()
        .find(|f| f.kind == FindingKind::DuplicateItems)
        .expect("planted duplicates");
    let kept = f.rows.iter().filter(|r| !r.drop).count();
    assert!(kept > 0);
    assert_eq!(f.count, f.rows.len() - kept, "count = rows dropped");
    let mut h = Setup::new(sample("streaming")).size(1600.0, 1000.0).build();
    step_until(&mut h, loaded);
    push(&mut h, Command::ShowAudit(true));
    step_until(&mut h, |a| a.state.audit.report.is_some());
    h.run_steps(3);
    let header = format!(
        "{} rows listed: {} dropped if excluded, {kept} kept",
        f.rows.len(),
        f.count
    );
    assert!(
        h.query_all_by_label_contains(&header).count() >= 1,
        "{header}"
    );
}

#[test]
fn grey_points_of_neighbours_kept_are_explained() {
    let mut h = Setup::new(sample("streaming")).size(1600.0, 1000.0).build();
    step_until(&mut h, loaded);
    step_until(&mut h, |a| a.state.projection.quality.is_some());
    push(&mut h, Command::SetColorBy(ColorBy::Quality));
    h.run_steps(3);
    let q = app(&h).state.projection.quality.clone().expect("quality");
    assert!(q.sample < q.per_point.len(), "a sample on 7,000 points");
    let text = format!(
        "scored on a sample of {} of the {} points",
        q.sample,
        q.per_point.len()
    );
    assert!(h.query_all_by_label_contains(&text).count() >= 1, "{text}");
    // In Japanese too.
    push(&mut h, Command::SetLang(Lang::Ja));
    h.run_steps(3);
    let ja = format!("{}点のうち{}点の標本", q.per_point.len(), q.sample);
    assert!(h.query_all_by_label_contains(&ja).count() >= 1, "{ja}");
}

#[test]
fn the_map_and_controls_stay_put_while_tsne_runs() {
    let mut h = Setup::new(sample("streaming")).size(1600.0, 1000.0).build();
    step_until(&mut h, loaded);
    h.run_steps(3);
    let map_top = |h: &egui_kittest::Harness<'_, common::kittest::Slot>| {
        embedscope::gui::map_ui::plot_rect(&h.ctx)
            .expect("the map was drawn")
            .top()
    };
    let top = map_top(&h);
    h.get_by_label("t-SNE").click();
    step_until(&mut h, |a| a.state.projection.running());
    let mut cancel_at = None;
    let mut frames = 0;
    let start = std::time::Instant::now();
    while app(&h).state.projection.running() && start.elapsed().as_secs() < 120 {
        h.step();
        frames += 1;
        assert!(
            (map_top(&h) - top).abs() < 0.5,
            "the map moved at frame {frames}"
        );
        let cancels: Vec<egui::Rect> = h.query_all_by_label("Cancel").map(|c| c.rect()).collect();
        if !cancels.is_empty() {
            assert_eq!(
                *cancel_at.get_or_insert_with(|| cancels.clone()),
                cancels,
                "Cancel moved at frame {frames}"
            );
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    assert!(
        cancel_at.is_some(),
        "Cancel was offered while running ({frames} frames): {:?}",
        h.query_all_by_label_contains("t-SNE")
            .map(|n| format!("{n:?}").chars().take(200).collect::<String>())
            .collect::<Vec<_>>()
    );
    step_until(&mut h, |a| !a.state.projection.running());
    h.run_steps(3);
    assert!(
        (map_top(&h) - top).abs() < 0.5,
        "the finished layout's notes did not push the map"
    );
}
