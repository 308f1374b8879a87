//! Step 5 of the Learn tab in the whole app (kittest, no window), on the streaming sample: tick
//! dimensions 8 and 16 only, press Measure, Cancel stops the worker without a table or an error;
//! Measure again and the table measured in the worker appears with one row per setting and
//! its recall values printed.

pub mod common;

use std::time::Duration;

use common::kittest::{Setup, Slot, app, loaded, step_until_within};
use common::sample;
use egui::accesskit::{Role, Toggled};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable};
use embedscope::gui::learn::Step;
use embedscope::gui::state::Tab;
use embedscope::pipeline::tradeoff::IndexKind;

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
    let mut h = Setup::new(sample("streaming")).size(1600.0, 1400.0).build();
    step_until_within(&mut h, Duration::from_mins(2), loaded);
    h.get_by_label("Learn").click();
    step_until_within(&mut h, Duration::from_secs(10), |a| {
        a.state.tab == Tab::Learn
    });
    h.get_by_label("5 Trade-offs").click();
    step_until_within(&mut h, Duration::from_secs(10), |a| {
        a.learn.step == Step::TradeOffs
    });
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
    step_until_within(&mut h, Duration::from_mins(1), |a| {
        !a.learn.tradeoff.is_running()
    });
    assert!(app(&h).learn.tradeoff.table_for(&root).is_none());
    assert!(h.query_by_label("Measure").is_some());

    // Measure again and wait for the table.
    h.get_by_label("Measure").click();
    h.run_steps(2);
    assert!(
        h.query_by_label("Cancel").is_some(),
        "Cancel offered while measuring"
    );
    assert!(
        h.query_by_label_contains("Nothing measured yet").is_none(),
        "no \"nothing measured\" while measuring"
    );
    step_until_within(&mut h, Duration::from_mins(5), |a| {
        a.learn.tradeoff.table_for(&root).is_some()
    });
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
    headers_fit_in_plain_words(&mut h);
}

/// Every column of the table fits: each header ends inside the 1600-point window; the jargon
/// (p95, nDCG) is in the tooltips, the headers are plain words.
fn headers_fit_in_plain_words(h: &mut Harness<'_, Slot>) {
    // Every column fits: the last header ends inside the window; the jargon is explained on
    // hover (plain words on the header).
    h.run_steps(2);
    for header in [
        "setting",
        "vectors",
        "index size",
        "typical search (µs)",
        "slow searches (µs)",
        "found in top 10",
        "ranking quality",
        "same as exact",
    ] {
        let r = h.get_by_label(header).rect();
        assert!(
            r.left() >= 0.0 && r.right() <= 1600.0,
            "{header} cut: {r:?}"
        );
    }
    assert!(h.query_by_label("p95 (µs)").is_none());
    assert!(h.query_by_label("nDCG@10").is_none());
}
