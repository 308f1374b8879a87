//! The Interviews tab in the whole app (kittest, no window), on the streaming sample: choose a
//! churned user and the card shows their held-out hits and misses — the split computed in the
//! worker, checked here against `Holdout::compute` — and their place on the map; the user goes
//! on the shortlist and off again.

pub mod common;

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use common::kittest::{Setup, Slot, app, step_until_within};
use common::sample;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use embedscope::gui::App;
use embedscope::gui::interview_card_ui::HELD_OUT_SHOWN;
use embedscope::gui::state::Tab;
use embedscope::pipeline::interview::{CandidateKind, Holdout, candidates};
use embedscope::store::Workspace;

/// The app on the streaming sample, with a workspace file when `workspace` is given.
fn harness_with(workspace: Option<PathBuf>) -> Harness<'static, Slot> {
    let setup = Setup::new(sample("streaming")).size(1400.0, 1200.0);
    match workspace {
        Some(path) => setup.workspace(path),
        None => setup,
    }
    .build()
}

/// Step until `done` holds, at most 2 minutes (the streaming sample with ALS).
fn step_until(h: &mut Harness<'_, Slot>, done: impl Fn(&App) -> bool) {
    step_until_within(h, Duration::from_mins(2), done);
}

#[test]
fn a_churned_users_card_shows_held_out_hits_and_misses_and_the_shortlist_works() {
    let mut h = harness_with(None);
    step_until(&mut h, |a| {
        a.state.run.is_some() && a.state.running.is_none()
    });
    let run = Arc::clone(app(&h).state.run.as_ref().expect("loaded"));
    // The first churned user with held-out items, and what the split says about them.
    let expected = Holdout::compute(&run, 10).expect("holdout");
    let churned = candidates(
        &run,
        None,
        CandidateKind::Churned { silent_days: 30 },
        None,
        20,
    )
    .expect("candidates");
    let (pick, held) = churned
        .iter()
        .find_map(|c| Some((c, expected.users[c.user as usize].as_ref()?)))
        .expect("a churned user with held-out items");
    let hits = held.test.iter().filter(|i| held.top.contains(i)).count();
    let misses = held.test.len() - hits;

    h.get_by_label("Interviews").click();
    step_until(&mut h, |a| a.state.tab == Tab::Interviews);
    h.get_by_label("Churned").click();
    h.run_steps(3);
    h.get_by_label(&format!("{} ({})", pick.name, pick.id))
        .click();
    step_until(&mut h, |a| {
        a.interviews.card.as_ref().is_some_and(|c| c.k == 10)
    });

    let summary = format!(
        "{hits} of {} found in the top 10 (Recall@10 = {:.2})",
        held.test.len(),
        held.recall
    );
    assert!(h.query_by_label(&summary).is_some(), "{summary}");
    // At most HELD_OUT_SHOWN of each are listed, then "… and n more".
    let shown = |n: usize| n.min(HELD_OUT_SHOWN);
    assert_eq!(h.query_all_by_label("found").count(), shown(hits));
    assert_eq!(h.query_all_by_label("missed").count(), shown(misses));
    let more = [hits, misses]
        .into_iter()
        .filter(|&n| n > HELD_OUT_SHOWN)
        .count();
    assert_eq!(
        h.query_all_by_label_contains("more (all in the exported sheet)")
            .count(),
        more
    );
    let card = app(&h).interviews.card.clone().expect("card");
    let listed = card.hits.iter().take(HELD_OUT_SHOWN);
    for it in listed.chain(card.misses.iter().take(HELD_OUT_SHOWN)) {
        let line = format!("{} · {}", it.title, it.category);
        assert!(h.query_all_by_label(&line).count() >= 1, "{line}");
    }
    // The history is a dated timeline, newest first.
    let newest = card.history.last().expect("a history");
    let day = embedscope::store::clock::local_date(newest.timestamp.expect("dated") * 1000, false);
    let line = format!("{day}  {} · {}", newest.item.title, newest.item.category);
    assert!(h.query_all_by_label(&line).count() >= 1, "{line}");
    assert!(h.query_by_label("Position on the map").is_some());
    assert!(card.map_xy.is_some(), "the user is on the map");

    // Shortlist: add, then remove from the list.
    assert!(h.query_by_label("Shortlist (0)").is_some());
    h.get_by_label("Add to shortlist").click();
    h.run_steps(3);
    assert!(h.query_by_label("Shortlist (1)").is_some());
    // The finder's row, the card's heading and the shortlist row.
    let name = format!("{} ({})", pick.name, pick.id);
    assert_eq!(h.query_all_by_label(&name).count(), 3);
    assert!(h.query_by_label("Export shortlist HTML…").is_some());
    assert!(h.query_by_label("Remove from shortlist").is_some());
    h.get_by_label("remove").click();
    h.run_steps(3);
    assert!(h.query_by_label("Shortlist (0)").is_some());
    assert!(h.query_by_label("Add to shortlist").is_some());
}

#[test]
fn a_note_saved_yesterday_is_in_the_card_today() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("workspace.sqlite");
    let mut h = harness_with(Some(path.clone()));
    step_until(&mut h, |a| {
        a.state.run.is_some() && a.state.running.is_none()
    });
    let run = Arc::clone(app(&h).state.run.as_ref().expect("loaded"));
    let heavy = candidates(&run, None, CandidateKind::Heavy, None, 1).expect("candidates");
    let pick = heavy.first().expect("a heavy user");
    // Yesterday's session wrote a note on this user.
    Workspace::open(&path)
        .expect("workspace")
        .set_note(
            &run.data.root,
            embedscope::data::Kind::User,
            &pick.id,
            "prefers live shows; ask about commute",
        )
        .expect("note saved");
    h.get_by_label("Interviews").click();
    step_until(&mut h, |a| a.state.tab == Tab::Interviews);
    h.get_by_label_contains(&format!("{} ({})", pick.name, pick.id))
        .click();
    step_until(&mut h, |a| a.interviews.card.is_some());
    h.run_steps(2);
    let a = app(&h);
    assert_eq!(a.interviews.note, "prefers live shows; ask about commute");
    assert_eq!(
        a.interviews.card.as_ref().and_then(|c| c.note.as_deref()),
        Some("prefers live shows; ask about commute")
    );
}
