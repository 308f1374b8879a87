//! The dimension study in the whole app (kittest, no window), on a dataset with imported
//! vectors (200 items, 48 dimensions spanning an 8-dimensional subspace): step 5 of the Learn
//! tab measures PCA / Gaussian / sparse reductions in the worker, the rows appear, "Use this
//! copy" puts the PCA-8 copy on screen (map, index and neighbours from 8 dimensions, the method
//! labelled as reduced), and "Back to the full vectors" restores the 48-dimensional run.

pub mod common;

use std::time::Duration;

use common::kittest::{Setup, Slot, app, loaded, push, step_until_within};
use common::vectors_dataset;
use egui::accesskit::{Role, Toggled};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable};
use embedscope::gui::i18n::Lang;
use embedscope::gui::learn::Step;
use embedscope::gui::state::{Command, Tab};
use embedscope::project::reduce::Reduction;

fn tick(h: &mut Harness<'_, Slot>, label: &str, on: bool) {
    let node = h
        .query_all_by_label(label)
        .find(|n| n.accesskit_node().role() == Role::CheckBox)
        .unwrap_or_else(|| panic!("no checkbox labelled {label}"));
    if (node.accesskit_node().toggled() == Some(Toggled::True)) != on {
        node.click();
        h.run_steps(2);
    }
}

fn open_step_5(h: &mut Harness<'_, Slot>) {
    step_until_within(h, Duration::from_mins(1), loaded);
    push(h, Command::SetTab(Tab::Learn));
    step_until_within(h, Duration::from_secs(10), |a| a.state.tab == Tab::Learn);
    h.get_by_label("5 Trade-offs").click();
    step_until_within(h, Duration::from_secs(10), |a| {
        a.learn.step == Step::TradeOffs
    });
}

#[test]
fn the_study_measures_in_the_worker_and_a_reduced_copy_can_be_used_and_undone() {
    let dir = vectors_dataset(200, 48, 8, 3);
    let mut h = Setup::new(dir.path().to_path_buf())
        .size(1600.0, 2200.0)
        .build();
    open_step_5(&mut h);
    let full = std::sync::Arc::clone(&app(&h).state.run.as_ref().expect("loaded").embeddings.items);
    assert_eq!(full.dim(), (200, 48));
    assert!(h.query_by_label("No reduction measured yet.").is_some());
    // 48 dimensions, 200 items: k = 2 … 32 are offered, 64 and above are not.
    for k in ["k=2", "k=4", "k=16"] {
        tick(&mut h, k, false);
    }
    tick(&mut h, "k=8", true);
    tick(&mut h, "k=32", true);
    assert!(h.query_by_label("k=64").is_none());

    h.get_by_label("Measure reductions").click();
    h.run_steps(2);
    assert!(app(&h).learn.reduce.is_running());
    step_until_within(&mut h, Duration::from_mins(2), |a| {
        a.learn.reduce.table_for(&full).is_some()
    });
    let table = app(&h)
        .learn
        .reduce
        .table_for(&full)
        .expect("measured")
        .clone();
    let rows: Vec<(&str, usize)> = table.rows.iter().map(|r| (r.reduction, r.dim)).collect();
    assert_eq!(
        rows,
        [
            ("none", 48),
            ("pca", 8),
            ("pca", 32),
            ("gaussian", 8),
            ("gaussian", 32),
            ("sparse", 8),
            ("sparse", 32),
        ]
    );
    // The vectors span 8 dimensions: PCA to 8 keeps the neighbours (7 digits written).
    assert!(
        table.rows[1].neighbour_recall_at_10 >= 0.99,
        "{:?}",
        table.rows[1]
    );
    for r in &table.rows {
        let shown = format!("{:.3}", r.neighbour_recall_at_10);
        assert!(
            h.query_all_by_label(&shown).count() >= 1,
            "{shown} not shown"
        );
    }
    assert_eq!(h.query_all_by_label("Use this copy").count(), 6);

    // Use the PCA-8 copy (the first reduced row).
    h.query_all_by_label("Use this copy")
        .next()
        .expect("a use button")
        .click();
    step_until_within(&mut h, Duration::from_mins(1), |a| {
        loaded(a) && a.state.run.as_ref().is_some_and(|r| r.reduced.is_some())
    });
    {
        let run = app(&h).state.run.as_ref().expect("run");
        let copy = run.reduced.as_ref().expect("reduced");
        assert_eq!(
            (copy.params.reduction, copy.params.dim),
            (Reduction::Pca, 8)
        );
        assert_eq!(run.embeddings.items.dim(), (200, 8));
        assert_eq!(run.index.dim(), 8);
        assert_eq!(run.xy.nrows(), 200);
    }
    h.run_steps(2);
    assert!(
        h.query_by_label("imported vectors · PCA to 8 of 48 dims")
            .is_some(),
        "the method is labelled as a reduced copy"
    );
    assert!(h.query_by_label("in use").is_some());
    // The neighbours of a point come from the copy.
    push(&mut h, Command::Select(Some(0)));
    step_until_within(&mut h, Duration::from_secs(30), |a| {
        a.state.comparison.as_ref().is_some_and(Result::is_ok)
    });

    // Back to the full vectors: at once, the same matrix as before.
    h.get_by_label("Back to the full vectors").click();
    step_until_within(&mut h, Duration::from_secs(10), |a| {
        a.state.run.as_ref().is_some_and(|r| r.reduced.is_none())
    });
    let run = app(&h).state.run.as_ref().expect("run");
    assert!(std::sync::Arc::ptr_eq(&run.embeddings.items, &full));
    h.run_steps(2);
    assert!(h.query_by_label("imported vectors").is_some());
}

#[test]
fn japanese_labels_of_the_study() {
    let dir = vectors_dataset(60, 12, 3, 4);
    let mut h = Setup::new(dir.path().to_path_buf())
        .lang(Lang::Ja)
        .size(1600.0, 2200.0)
        .build();
    step_until_within(&mut h, Duration::from_mins(1), loaded);
    push(&mut h, Command::SetTab(Tab::Learn));
    step_until_within(&mut h, Duration::from_secs(10), |a| {
        a.state.tab == Tab::Learn
    });
    h.get_by_label("5 トレードオフ").click();
    h.run_steps(3);
    assert!(h.query_by_label("削減を測定する").is_some());
    assert!(h.query_by_label("削減はまだ測定していません。").is_some());
}
