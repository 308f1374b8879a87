//! The goal & KPI card in the evaluation panel: a goal saved there is kept in the workspace
//! with the dataset and comes back when the dataset is opened again; after an evaluation each
//! method shows where it stands against the target; the workshop summary exports them with the
//! A/B plan.

pub mod common;

use common::kittest::{Setup, Slot, app, loaded, push, step_until};
use common::sample;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use embedscope::eval::goal::Goal;
use embedscope::gui::state::{Command, ExportKind};

fn open_eval(h: &mut Harness<'_, Slot>) {
    step_until(h, loaded);
    h.get_by_label("Offline evaluation: which method works on this data?")
        .click();
    for _ in 0..10 {
        h.step();
    }
}

#[test]
fn goal_is_kept_and_methods_stand_against_it() {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("ws.sqlite");
    let mut h = Setup::new(sample("cafes"))
        .size(1500.0, 1200.0)
        .workspace(ws.clone())
        .build();
    open_eval(&mut h);
    assert!(h.query_by_label("Goal & KPI").is_some());
    assert!(
        h.query_by_label_contains("Agree on the goal first")
            .is_some()
    );
    let goal = Goal {
        sentence: "+15 % visits through recommendations".into(),
        metric: "recall".into(),
        k: 10,
        target: 0.12,
    };
    push(&mut h, Command::SetGoalDraft(goal.clone()));
    h.run_steps(2);
    assert!(h.query_by_label("Not saved yet.").is_some());
    h.get_by_label("Save goal").click();
    h.run_steps(2);
    assert_eq!(app(&h).state.goal.saved.as_ref(), Some(&goal));
    assert!(
        h.query_by_label("Kept in the workspace with this dataset.")
            .is_some()
    );
    let stored = embedscope::store::Workspace::open(&ws)
        .unwrap()
        .goal(&app(&h).state.run.as_ref().unwrap().data.root)
        .unwrap();
    assert_eq!(stored.as_ref(), Some(&goal));

    h.get_by_label("Evaluate").click();
    step_until(&mut h, |a| {
        a.state.eval.report.is_some() || a.state.eval.error.is_some()
    });
    let report = app(&h).state.eval.report.as_ref().unwrap().1.clone();
    let als = report["methods"]["als"]["recall@10"].as_f64().unwrap();
    let random = report["methods"]["random"]["recall@10"].as_f64().unwrap();
    assert!(als >= 0.12 && random < 0.12, "als {als}, random {random}");
    let meets = format!("meets the target ({:.0} %)", als / 0.12 * 100.0);
    assert!(h.query_by_label(&meets).is_some(), "{meets}");
    assert!(h.query_by_label_contains("below the target").is_some());

    // The one-page workshop summary: the goal, the standings and the Learn tab's A/B plan.
    let md = dir.path().join("summary.md");
    push(
        &mut h,
        Command::Export(ExportKind::SummaryMarkdown, Some(md.clone())),
    );
    step_until(&mut h, |a| a.state.exporting.is_none() && md.exists());
    let text = std::fs::read_to_string(&md).unwrap();
    assert!(
        text.contains("+15 % visits through recommendations"),
        "{text}"
    );
    assert!(text.contains("Offline KPI: recall@10 ≥ 0.12"), "{text}");
    assert!(text.contains(&format!("| als | {als:.4} |")), "{text}");
    assert!(
        text.contains("We need 15 days at 10 % of traffic to see +15.0 %."),
        "{text}"
    );
    let html = dir.path().join("summary.html");
    push(
        &mut h,
        Command::Export(ExportKind::SummaryHtml, Some(html.clone())),
    );
    step_until(&mut h, |a| a.state.exporting.is_none() && html.exists());
    assert!(
        std::fs::read_to_string(&html)
            .unwrap()
            .contains("<h2>A/B test plan</h2>")
    );
    drop(h);

    // Opened again: the card shows the kept goal.
    let mut h = Setup::new(sample("cafes")).workspace(ws).build();
    step_until(&mut h, loaded);
    assert_eq!(app(&h).state.goal.saved.as_ref(), Some(&goal));
    assert_eq!(app(&h).state.goal.draft, goal);
}

#[test]
fn without_a_workspace_nothing_is_kept() {
    let mut h = Setup::new(sample("cafes")).build();
    open_eval(&mut h);
    push(
        &mut h,
        Command::SetGoalDraft(Goal {
            sentence: "more visits".into(),
            ..Goal::default()
        }),
    );
    h.run_steps(2);
    assert!(
        h.query_by_label("No workspace: the goal is not kept.")
            .is_some()
    );
    assert!(!app(&h).state.goal.available);
}
