//! Learn steps 0 and 7 in the whole app (kittest, no window): the Learn tab opens on the goal
//! card (the evaluation panel's widget, "Step 0 of 7"); step 7 measures model freshness in the
//! worker on the cafés (progress, then a chart and the means per age) and reads the retraining
//! interval against the goal's target — none without a goal, "below even right after training"
//! above the freshest mean, "enough" at 0 — in English and Japanese; a dataset without
//! timestamps says the study needs them.

pub mod common;

use common::kittest::{Setup, Slot, app, loaded, push, step_until};
use common::{ITEMS, dataset, sample};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use embedscope::eval::goal::Goal;
use embedscope::gui::i18n::Lang;
use embedscope::gui::learn::Step;
use embedscope::gui::state::{Command, Tab};

fn learn(dir: std::path::PathBuf, lang: Lang) -> Harness<'static, Slot> {
    let mut h = Setup::new(dir).lang(lang).size(1500.0, 1100.0).build();
    step_until(&mut h, loaded);
    push(&mut h, Command::SetTab(Tab::Learn));
    step_until(&mut h, |a| a.state.tab == Tab::Learn);
    h
}

fn goal(target: f64) -> Goal {
    Goal {
        sentence: "+15 % views through recommendations".into(),
        metric: "recall".into(),
        k: 10,
        target,
    }
}

/// Go to step 7 and measure.
fn measure(h: &mut Harness<'_, Slot>, step_label: &str, button: &str) {
    h.get_by_label(step_label).click();
    h.run_steps(2);
    assert_eq!(app(h).learn.step, Step::Freshness);
    h.get_by_label(button).click();
    step_until(h, |a| {
        let root = &a.state.run.as_ref().expect("loaded").data.root;
        a.learn.freshness.result_for(root).is_some() && !a.learn.freshness.is_running()
    });
}

#[test]
fn goal_first_then_freshness_against_its_target() {
    let mut h = learn(sample("cafes"), Lang::En);
    // Step 0: the goal card.
    assert_eq!(app(&h).learn.step, Step::Goal);
    assert!(h.query_by_label("Step 0 of 7").is_some());
    assert!(h.query_by_label("0 Goal & KPI").is_some());
    assert!(h.query_by_label("Save goal").is_some());
    assert!(
        h.query_by_label_contains("Agree on the goal first")
            .is_some()
    );

    measure(&mut h, "7 Model freshness", "measure freshness");
    let root = app(&h).state.run.as_ref().unwrap().data.root.clone();
    let f = app(&h).learn.freshness.result_for(&root).unwrap().clone();
    // The cafés' ~30 visits a week: the first cutoff after 1,000 of them, ages 1–8 weeks.
    assert_eq!(f.k, 10);
    assert_eq!(f.by_age.len(), 8);
    assert_eq!(f.by_age[0].age_days, 7);
    let evaluated = f.by_age[0].models;
    assert!(evaluated >= 1 && f.by_age.iter().all(|a| a.models == evaluated));
    assert_eq!(f.rows.len(), 8 * evaluated);
    // Said on the card and in place of the retraining sentence.
    assert_eq!(
        h.query_all_by_label_contains("No goal with Recall@k or nDCG@k yet")
            .count(),
        2
    );
    assert!(h.query_by_label("model age (days)").is_some());

    // A target above the freshest mean: retraining cannot reach it.
    let above = f.by_age[0].recall + 0.01;
    push(&mut h, Command::SetGoalDraft(goal(above)));
    h.run_steps(3);
    assert!(
        h.query_by_label_contains("even right after training")
            .is_some()
    );
    assert!(
        h.query_by_label_contains(&format!(
            "Target from the goal (step 0): Recall@10 ≥ {above}"
        ))
        .is_some()
    );
    // Target 0: every age meets it.
    push(&mut h, Command::SetGoalDraft(goal(0.0)));
    h.run_steps(3);
    assert!(
        h.query_by_label_contains("retraining every 8 weeks is enough")
            .is_some()
    );
}

#[test]
fn japanese_steps_and_no_timestamps() {
    let mut h = learn(sample("cafes"), Lang::Ja);
    assert!(h.query_by_label("ステップ 0 / 7").is_some());
    assert!(h.query_by_label("0 ゴールと KPI").is_some());
    assert!(h.query_by_label("ゴールを保存").is_some());
    measure(&mut h, "7 モデルの鮮度", "鮮度を測る");
    push(&mut h, Command::SetGoalDraft(goal(0.0)));
    h.run_steps(3);
    assert!(
        h.query_by_label_contains("8週ごとの再学習で十分です")
            .is_some()
    );
    assert!(h.query_by_label("モデルの経過日数").is_some());

    let dir = dataset(&[
        ("items.csv", ITEMS),
        ("interactions.csv", b"user_id,item_id\nu1,a\nu1,b\nu2,d\n"),
    ]);
    let mut h = learn(dir.path().to_path_buf(), Lang::Ja);
    h.get_by_label("7 モデルの鮮度").click();
    h.run_steps(2);
    assert!(
        h.query_by_label_contains("タイムスタンプがないため、鮮度を測れません")
            .is_some()
    );
    assert!(h.query_by_label("鮮度を測る").is_none());
}
