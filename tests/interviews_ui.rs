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
        .with_size(egui::vec2(1000.0, 2600.0))
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
    let label = format!(
        "{} ({}) · {} · {:.0}d",
        first.name,
        first.id,
        first.interactions,
        first.days_silent.expect("days")
    );
    h.get_by_label(&label).click();
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
    h.get_by_label(&format!("{} ({})", first.name, first.id));
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
