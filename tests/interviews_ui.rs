//! The interviews panel alone (kittest, no window): pick "Churned", click the first candidate,
//! and the card with its suggested questions shows; it asks the app for the held-out split.

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use embedscope::gui::i18n::Lang;
use embedscope::gui::interviews_ui::{InterviewAction, InterviewsView, interviews_ui};
use embedscope::pipeline::interview::{CandidateKind, candidates};
use embedscope::pipeline::progress::Progress;
use embedscope::pipeline::{RunOutput, RunParams, run};

struct Panel {
    run: RunOutput,
    view: InterviewsView,
    actions: Vec<InterviewAction>,
}

#[test]
fn churned_first_candidate_shows_the_card() {
    let out = run(
        &RunParams::new("sample_data/streaming"),
        &Progress::silent(),
    )
    .expect("run");
    let first = candidates(
        &out,
        None,
        CandidateKind::Churned { silent_days: 30 },
        None,
        1,
    )
    .expect("candidates")
    .remove(0);
    let mut h = Harness::builder()
        .with_size(egui::vec2(1200.0, 2600.0))
        .with_context_setup(|ctx| {
            let _cjk_missing = embedscope::gui::fonts::install(ctx, Some("ja"));
        })
        .build_ui_state(
            |ui, p: &mut Panel| {
                let a = interviews_ui(ui, &mut p.view, &p.run, Lang::En);
                if a != InterviewAction::None {
                    p.actions.push(a);
                }
            },
            Panel {
                run: out,
                view: InterviewsView::default(),
                actions: Vec::new(),
            },
        );
    h.run();
    h.get_by_label("Churned").click();
    h.run();
    // One row per candidate under the headers: who, interactions, days silent.
    h.get_by_label("Interactions");
    h.get_by_label("Days silent");
    let days = format!("{:.0} d", first.days_silent.expect("days"));
    assert!(h.query_all_by_label(&days).count() >= 1, "{days}");
    // Nothing chosen yet: the right side says what to do.
    assert!(
        h.query_by_label_contains("Choose a user in the list on the left")
            .is_some()
    );
    h.get_by_label(&format!("{} ({})", first.name, first.id))
        .click();
    // The card asks for the held-out split (once) and shows a spinner until it comes: step a
    // fixed number of frames, since a spinner keeps repainting.
    h.run_steps(3);
    assert_eq!(
        h.state().actions,
        [InterviewAction::ComputeHoldout { k: 10 }],
        "asked once"
    );
    let card = h.state().view.card.as_ref().expect("card chosen");
    assert_eq!(card.id, first.id);
    // The list row and the card's heading.
    assert_eq!(
        h.query_all_by_label(&format!("{} ({})", first.name, first.id))
            .count(),
        2
    );
    assert!(
        h.query_by_label_contains("Choose a user in the list on the left")
            .is_none()
    );
    h.get_by_label("Suggested questions");
    h.get_by_label("Export HTML…").click();
    h.run_steps(3);
    assert_eq!(
        h.state().actions.last(),
        Some(&InterviewAction::ExportHtml {
            user: first.id.clone()
        })
    );
}

fn panel(size: egui::Vec2, lang: Lang) -> Harness<'static, Panel> {
    let out = run(
        &RunParams::new("sample_data/streaming"),
        &Progress::silent(),
    )
    .expect("run");
    Harness::builder()
        .with_size(size)
        .with_context_setup(|ctx| {
            let _cjk_missing = embedscope::gui::fonts::install(ctx, Some("ja"));
        })
        .build_ui_state(
            move |ui, p: &mut Panel| {
                let a = interviews_ui(ui, &mut p.view, &p.run, lang);
                if a != InterviewAction::None {
                    p.actions.push(a);
                }
            },
            Panel {
                run: out,
                view: InterviewsView::default(),
                actions: Vec::new(),
            },
        )
}

#[test]
fn the_filter_is_a_choice_of_column_and_value_in_the_data_words() {
    let mut h = panel(egui::vec2(1200.0, 900.0), Lang::Ja);
    h.run();
    // Column: the users' metadata under their Japanese labels; value: the labelled values.
    h.get_by_label("絞り込み").click();
    h.run();
    h.get_by_label("国").click();
    h.run();
    // The most frequent value is chosen first.
    assert_eq!(h.state().view.filter, "country=JP");
    h.get_by_label("=").click();
    h.run();
    let korea = h
        .query_all_by_label_contains("韓国 (")
        .next()
        .expect("Korea offered with its count");
    korea.click();
    h.run();
    assert_eq!(h.state().view.filter, "country=KR");
    // Every user listed is from Korea.
    let run = &h.state().run;
    let listed = candidates(run, None, CandidateKind::Heavy, Some(("country", "KR")), 20)
        .expect("candidates");
    assert!(!listed.is_empty());
    let country = run
        .data
        .users
        .metadata
        .iter()
        .find(|m| m.name == "country")
        .expect("country column");
    for c in &listed {
        assert_eq!(country.values[c.user as usize], "KR");
        let _ = h.get_by_label(&format!("{} ({})", c.name, c.id));
    }
    // Back to everyone.
    h.get_by_label("絞り込み").click();
    h.run();
    h.get_all_by_label("すべてのユーザー")
        .last()
        .expect("offered")
        .click();
    h.run();
    assert_eq!(h.state().view.filter, "");
}

#[test]
fn scrolling_the_card_keeps_the_list_in_place() {
    let mut h = panel(egui::vec2(1200.0, 700.0), Lang::En);
    h.run();
    h.get_by_label("Churned").click();
    h.run();
    let first = candidates(
        &h.state().run,
        None,
        CandidateKind::Churned { silent_days: 30 },
        None,
        1,
    )
    .expect("candidates")
    .remove(0);
    let row = format!("{} ({})", first.name, first.id);
    h.get_by_label(&row).click();
    h.run_steps(3);
    let list_row = |h: &Harness<'_, Panel>| {
        h.get_all_by_label(&row)
            .map(|n| n.rect())
            .min_by(|a, b| a.left().total_cmp(&b.left()))
            .expect("the list row")
    };
    let before = list_row(&h);
    let questions = h.get_by_label("Suggested questions").rect();
    // Wheel over the card, far down.
    h.hover_at(questions.center());
    for _ in 0..10 {
        h.event(egui::Event::MouseWheel {
            unit: egui::MouseWheelUnit::Point,
            delta: egui::vec2(0.0, -200.0),
            phase: egui::TouchPhase::Move,
            source: egui::MouseWheelSource::Wheel,
            modifiers: egui::Modifiers::NONE,
        });
        h.run_steps(1);
    }
    h.run_steps(3);
    let after_q = h.get_by_label("Suggested questions").rect();
    assert!(
        after_q.top() < questions.top() - 50.0,
        "the card scrolled: {questions:?} → {after_q:?}"
    );
    assert_eq!(list_row(&h), before, "the list stayed where it was");
}
