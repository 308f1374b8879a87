//! The compare panel's two time windows in the whole app (kittest, no window): on the streaming
//! sample the windows are pre-filled with the first and last whole quarter, "compare windows"
//! trains ALS on each in the worker and shows the categories that moved most — horror, planted
//! in the summer, first; a bad window says why and disables the button; a dataset without
//! timestamps says there is nothing to compare; both languages.

pub mod common;

use common::kittest::{Setup, Slot, app, loaded, push, step_until};
use common::{ITEMS, dataset, sample};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable as _};
use embedscope::data::sample::season::PLANTED_GENRE;
use embedscope::gui::i18n::Lang;
use embedscope::gui::state::Command;

fn open_compare(h: &mut Harness<'_, Slot>, button: &str) {
    step_until(h, loaded);
    h.get_by_label(button).click();
    step_until(h, |a| a.state.compare.drift.for_root.is_some());
}

#[test]
fn windows_find_the_planted_genre() {
    let mut h = Setup::new(sample("streaming")).size(1500.0, 1100.0).build();
    open_compare(&mut h, "compare runs…");
    assert_eq!(
        app(&h).state.compare.drift.texts,
        (
            "2026-01-01..2026-03-31".to_owned(),
            "2026-07-01..2026-09-30".to_owned()
        )
    );
    assert!(
        h.query_by_label("Two time windows (seasonal drift)")
            .is_some()
    );
    assert!(
        h.query_by_label_contains("The interactions run from 2026-01-01 to 2026-10-27")
            .is_some()
    );
    h.get_by_label("compare windows").click();
    step_until(&mut h, |a| {
        a.state.compare.drift.shown.is_some() && a.state.compare.drift.job.is_none()
    });
    let cmp = app(&h).state.compare.result.clone().expect("a comparison");
    assert_eq!(cmp.categories[0].category, PLANTED_GENRE);
    assert!(
        h.query_by_label_contains("Window A 2026-01-01..2026-03-31:")
            .is_some()
    );
    assert!(
        h.query_by_label_contains(&format!("Categories that moved most: {PLANTED_GENRE}"))
            .is_some()
    );

    // A window that is not one: the message names it, the button is off.
    push(
        &mut h,
        Command::SetDriftWindows(
            "2026-04-31..2026-06-30".into(),
            "2026-07-01..2026-09-30".into(),
        ),
    );
    h.run_steps(2);
    assert!(
        h.query_by_label_contains("\"2026-04-31..2026-06-30\" is not a time window")
            .is_some()
    );
    assert!(
        h.get_by_label("compare windows")
            .accesskit_node()
            .is_disabled()
    );

    // Too few interactions in a window: the worker's error in the panel.
    push(
        &mut h,
        Command::SetDriftWindows(
            "2026-01-01..2026-01-01".into(),
            "2026-07-01..2026-09-30".into(),
        ),
    );
    h.run_steps(2);
    h.get_by_label("compare windows").click();
    step_until(&mut h, |a| a.state.compare.error.is_some());
    assert!(
        h.query_by_label_contains("at least 100 are needed to train on it")
            .is_some()
    );
}

#[test]
fn japanese_and_no_timestamps() {
    let dir = dataset(&[
        ("items.csv", ITEMS),
        ("interactions.csv", b"user_id,item_id\nu1,a\nu1,b\nu2,d\n"),
    ]);
    let mut h = Setup::new(dir.path().to_path_buf())
        .lang(Lang::Ja)
        .size(1500.0, 1100.0)
        .build();
    open_compare(&mut h, "実行を比較…");
    assert!(h.query_by_label("2つの期間（季節による変化）").is_some());
    assert!(
        h.query_by_label_contains("タイムスタンプがないため、期間を比較できません")
            .is_some()
    );
    assert!(h.query_by_label("期間を比較").is_none());

    let mut h = Setup::new(sample("cafes"))
        .lang(Lang::Ja)
        .size(1500.0, 1100.0)
        .build();
    open_compare(&mut h, "実行を比較…");
    assert!(h.query_by_label("期間を比較").is_some());
    push(
        &mut h,
        Command::SetDriftWindows(
            "2026-03-01..2026-01-01".into(),
            "2026-07-01..2026-09-30".into(),
        ),
    );
    h.run_steps(2);
    assert!(
        h.query_by_label_contains("終わりの日が始まりの日より前です")
            .is_some()
    );
}
