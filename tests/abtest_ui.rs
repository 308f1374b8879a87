//! The A/B test panel under kittest: the planner's numbers follow its inputs (set through
//! accesskit, as a screen reader would), the reader's verdict follows the counts, in English and
//! Japanese; and the whole app reaches the panel from the evaluation panel and the Learn tab.
//! Expected numbers are statsmodels' (tests/fixtures/abtest_reference.json, the CLI tests):
//! +15 % on 5 % → 14,178 per arm, 15 days at 10 % of 20,000.

pub mod common;

use common::kittest::{app, harness, loaded, step_until};
use common::sample;
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT as _, Queryable};
use embedscope::gui::abtest_ui::{AbTestView, abtest_ui};
use embedscope::gui::i18n::Lang;
use embedscope::gui::learn::Step;
use embedscope::gui::state::Tab;

fn panel(lang: Lang) -> Harness<'static, AbTestView> {
    let mut h = Harness::builder()
        .with_size(egui::vec2(900.0, 1500.0))
        .with_context_setup(|ctx| {
            let _cjk_missing = embedscope::gui::fonts::install(ctx, Some("ja"));
        })
        .build_ui_state(
            move |ui, view: &mut AbTestView| abtest_ui(ui, view, lang),
            AbTestView::default(),
        );
    h.run_steps(2);
    h
}

/// Set the drag value labelled `label` (the number, not its text label) to `value`.
fn set_number(h: &mut Harness<'_, AbTestView>, label: &str, value: f64) {
    h.query_all_by_label(label)
        .find(|n| n.accesskit_node().role() == egui::accesskit::Role::SpinButton)
        .unwrap_or_else(|| panic!("no number field labelled {label}"))
        .set_value_accesskit(value);
    h.run_steps(2);
}

#[test]
fn planner_numbers_follow_the_inputs() {
    let mut h = panel(Lang::En);
    for shown in ["5.75 %", "14,178", "28,356", "2,000", "0.0333"] {
        assert!(h.query_by_label(shown).is_some(), "{shown}");
    }
    assert!(
        h.query_by_label("We need 15 days at 10 % of traffic to see +15.0 %.")
            .is_some()
    );
    // +20 %: 8,143 per arm (statsmodels 8,142.3), 16,286 users, 9 days.
    set_number(&mut h, "Smallest uplift worth detecting", 20.0);
    assert!((h.state().params.uplift - 0.2).abs() < 1e-12);
    assert!(h.query_by_label("8,143").is_some());
    assert!(h.query_by_label("16,286").is_some());
    assert!(
        h.query_by_label("We need 9 days at 10 % of traffic to see +20.0 %.")
            .is_some()
    );
    // Half the share: 1,000 a day → 17 days.
    set_number(&mut h, "Share of traffic in the test", 5.0);
    assert!(
        h.query_by_label("We need 17 days at 5 % of traffic to see +20.0 %.")
            .is_some()
    );
    // A treatment rate of 100 % or more is refused in words, not a panic.
    set_number(&mut h, "Baseline rate (CTR or CVR)", 90.0);
    assert!(
        h.query_by_label_contains("which must stay below 100 %")
            .is_some()
    );
}

#[test]
fn reader_verdict_follows_the_counts() {
    let mut h = panel(Lang::En);
    // 500 vs 560 of 10,000: p = 0.0583 (statsmodels 0.058258), 4,178 more per arm → 5 days.
    assert!(h.query_by_label("+12.0 %").is_some());
    assert!(h.query_by_label("0.0583").is_some());
    assert!(
        h.query_by_label(
            "Not significant yet (p = 0.0583 ≥ 0.05): keep running about 5 more days (4,178 more users per arm to the planned 14,178)."
        )
        .is_some()
    );
    assert!(h.query_by_label_contains("Do not stop early").is_some());
    // 700 conversions: z = 5.83, significant, but before the planned 14,178: the warning stays.
    set_number(&mut h, "Treatment (B) · Conversions", 700.0);
    assert_eq!(h.state().treatment.conversions, 700);
    assert!(
        h.query_by_label_contains("Significant: the treatment converts better (+40.0 %")
            .is_some()
    );
    assert!(
        h.query_by_label_contains("before the planned sample")
            .is_some()
    );
    // More conversions than visitors: a message.
    set_number(&mut h, "Treatment (B) · Conversions", 20_000.0);
    assert!(
        h.query_by_label("Treatment (B): 20,000 conversions is more than its 10,000 visitors.")
            .is_some()
    );
}

#[test]
fn japanese_panel() {
    let h = panel(Lang::Ja);
    assert!(h.query_by_label("テストを計画する").is_some());
    assert!(
        h.query_by_label("+15.0 % を検出するには、トラフィックの 10 % で 15 日必要です。")
            .is_some()
    );
    assert!(
        h.query_by_label_contains("あと約 5 日続けてください")
            .is_some()
    );
    assert!(
        h.query_by_label_contains("途中で止めないでください")
            .is_some()
    );
}

#[test]
fn reached_from_the_evaluation_panel_and_the_learn_tab() {
    let mut h = harness(sample("cafes"));
    step_until(&mut h, loaded);
    h.get_by_label("Offline evaluation: which method works on this data?")
        .click();
    for _ in 0..10 {
        h.step();
    }
    h.get_by_label("Plan an A/B test…").click();
    step_until(&mut h, |a| a.state.tab == Tab::Learn);
    assert_eq!(app(&h).learn.step, Step::Launch);
    assert!(h.query_by_label("Launch decision (A/B test)").is_some());
    assert!(h.query_by_label("14,178").is_some());
    assert!(
        h.query_by_label_contains("keep running about 5 more days")
            .is_some()
    );
    // The Learn tab lists it as step 6 of 0–7 (0 is the goal, 7 model freshness).
    assert!(h.query_by_label("Step 6 of 7").is_some());
    assert!(h.query_by_label("6 Launch decision (A/B test)").is_some());
}
