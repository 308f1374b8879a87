//! Step 5 of the Learn tab in the whole app (kittest, no window), on the streaming sample: tick
//! dimensions 8 and 16 only, press Measure, Cancel stops the worker without a table or an error;
//! Measure again and the table measured in the worker appears with one row per setting and
//! its recall values printed.

mod common;

use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::{Duration, Instant};

use common::sample;
use egui::accesskit::{Role, Toggled};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable};
use embedscope::gui::App;
use embedscope::gui::i18n::Lang;
use embedscope::gui::learn::Step;
use embedscope::gui::state::{Settings, Tab};
use embedscope::pipeline::tradeoff::IndexKind;

type Slot = Option<App>;

fn harness() -> Harness<'static, Slot> {
    let settings = Settings {
        lang: Some(Lang::En),
        ..Settings::default()
    };
    let dataset = sample("streaming");
    Harness::builder()
        .with_size(egui::vec2(1600.0, 1400.0))
        .with_context_setup(|ctx| {
            let _cjk_missing = embedscope::gui::fonts::install(ctx, Some("ja"));
        })
        .build_ui_state(
            move |ui, slot: &mut Slot| {
                let app = slot.get_or_insert_with(|| {
                    App::new(
                        ui.ctx(),
                        settings.clone(),
                        dataset.clone(),
                        Arc::new(AtomicBool::new(false)),
                    )
                });
                app.update(ui);
            },
            None,
        )
}

fn app<'h>(h: &'h Harness<'_, Slot>) -> &'h App {
    h.state().as_ref().expect("app created on the first frame")
}

/// Step until `done` holds (the worker runs on its own thread), at most `secs`.
fn step_until(h: &mut Harness<'_, Slot>, secs: u64, done: impl Fn(&App) -> bool) {
    let start = Instant::now();
    loop {
        h.step();
        if h.state().as_ref().is_some_and(&done) {
            h.step();
            return;
        }
        assert!(
            start.elapsed() < Duration::from_secs(secs),
            "timed out waiting for the UI"
        );
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// Click the checkbox labelled `label` so that it ends `on`.
fn tick(h: &mut Harness<'_, Slot>, label: &str, on: bool) {
    let node = h
        .query_all_by_label(label)
        .find(|n| n.accesskit_node().role() == Role::CheckBox)
        .unwrap_or_else(|| panic!("no checkbox labelled {label}"));
    let is_on = node.accesskit_node().toggled() == Some(Toggled::True);
    if is_on != on {
        node.click();
        h.run_steps(2);
    }
}

#[test]
fn step_5_measures_the_ticked_settings_in_the_worker_and_cancel_stops_it() {
    let mut h = harness();
    step_until(&mut h, 120, |a| a.state.run.is_some() && !a.state.is_busy());
    h.get_by_label("Learn").click();
    step_until(&mut h, 10, |a| a.state.tab == Tab::Learn);
    h.get_by_label("5 Trade-offs").click();
    step_until(&mut h, 10, |a| a.learn.step == Step::TradeOffs);
    assert!(
        h.query_by_label(
            "Nothing measured yet: choose dimensions and indexes, then press Measure."
        )
        .is_some()
    );
    for (d, on) in [
        ("4", false),
        ("8", true),
        ("16", true),
        ("32", false),
        ("64", false),
        ("128", false),
        ("256", false),
    ] {
        tick(&mut h, d, on);
    }
    let root = app(&h)
        .state
        .run
        .as_ref()
        .expect("loaded")
        .data
        .root
        .clone();

    // Measure, then Cancel while it runs: no table, no error, the Measure button is back.
    h.get_by_label("Measure").click();
    h.run_steps(2);
    assert!(app(&h).learn.tradeoff.is_running());
    h.get_by_label("Cancel").click();
    step_until(&mut h, 60, |a| !a.learn.tradeoff.is_running());
    assert!(app(&h).learn.tradeoff.table_for(&root).is_none());
    assert!(h.query_by_label("Measure").is_some());

    // Measure again and wait for the table.
    h.get_by_label("Measure").click();
    h.run_steps(2);
    assert!(
        h.query_by_label("Cancel").is_some(),
        "Cancel offered while measuring"
    );
    step_until(&mut h, 300, |a| a.learn.tradeoff.table_for(&root).is_some());
    let table = app(&h)
        .learn
        .tradeoff
        .table_for(&root)
        .expect("measured")
        .clone();
    let settings: Vec<(usize, IndexKind)> =
        table.settings.iter().map(|r| (r.dim, r.index)).collect();
    assert_eq!(
        settings,
        [
            (8, IndexKind::Exact),
            (8, IndexKind::Hnsw),
            (16, IndexKind::Exact),
            (16, IndexKind::Hnsw),
        ]
    );
    assert!(table.users_evaluated > 1000, "{}", table.users_evaluated);
    for label in ["d=8 exact", "d=8 HNSW", "d=16 exact", "d=16 HNSW"] {
        let _ = h.get_by_label(label);
    }
    for r in &table.settings {
        assert!(r.recall_at_k > 0.0 && r.recall_at_k <= 1.0, "{r:?}");
        let recall = format!("{:.4}", r.recall_at_k);
        assert!(h.query_all_by_label(&recall).count() >= 1, "{recall}");
    }
    assert!(h.query_by_label("Cancel").is_none(), "finished: no Cancel");
}
