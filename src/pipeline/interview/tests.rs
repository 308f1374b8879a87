use std::fmt::Write as _;
use std::path::Path;

use super::card::user_card;
use super::questions::suggested_questions;
use super::*;
use crate::pipeline::progress::Progress;
use crate::pipeline::{RunParams, run};

const DAY: i64 = 86_400;

/// Six items in two categories, four users: u1 heavy and recent, u2 active early then silent
/// 70 days, u3 recent with two rows, u4 one old row.
fn fixture(dir: &Path) -> RunOutput {
    std::fs::write(
        dir.join("items.csv"),
        "id,title,category,a,b\n1,One,x,1,0\n2,Two,x,0.9,0.1\n3,Three <script>,x,0.8,0.2\n4,Four,y,0.1,0.9\n5,Five,y,0,1\n6,Six,y,0.2,0.8\n",
    )
    .unwrap();
    std::fs::write(
        dir.join("users.csv"),
        "id,name,country\nu1,Ann,JP\nu2,Bob,US\nu3,Cy,JP\nu4,Di,US\n",
    )
    .unwrap();
    let mut rows = String::from("user_id,item_id,rating,timestamp\n");
    for (u, i, d) in [
        ("u1", 1, 90),
        ("u1", 2, 92),
        ("u1", 3, 94),
        ("u1", 4, 96),
        ("u1", 5, 100),
        ("u2", 1, 10),
        ("u2", 2, 20),
        ("u2", 3, 30),
        ("u3", 4, 95),
        ("u3", 5, 96),
        ("u4", 6, 50),
    ] {
        writeln!(rows, "{u},{i},1,{}", d * DAY).unwrap();
    }
    std::fs::write(dir.join("interactions.csv"), rows).unwrap();
    run(&RunParams::new(dir), &Progress::silent()).unwrap()
}

fn ids(c: &[Candidate]) -> Vec<&str> {
    c.iter().map(|c| c.id.as_str()).collect()
}

#[test]
fn heavy_users_by_interactions_then_row() {
    let dir = tempfile::tempdir().unwrap();
    let r = fixture(dir.path());
    let c = candidates(&r, None, CandidateKind::Heavy, None, 10).unwrap();
    assert_eq!(ids(&c), ["u1", "u2", "u3", "u4"]);
    assert_eq!(c[0].interactions, 5);
    let us = candidates(&r, None, CandidateKind::Heavy, Some(("country", "us")), 10).unwrap();
    assert_eq!(ids(&us), ["u2", "u4"]);
    assert!(candidates(&r, None, CandidateKind::Heavy, Some(("planet", "x")), 1).is_err());
}

#[test]
fn churn_threshold_counts_from_the_latest_timestamp() {
    let dir = tempfile::tempdir().unwrap();
    let r = fixture(dir.path());
    let churned = |d| {
        candidates(
            &r,
            None,
            CandidateKind::Churned { silent_days: d },
            None,
            10,
        )
    };
    // u2: last day 30, now day 100 → 70 days; u4 is silent 50 days but had only one row.
    let c = churned(30).unwrap();
    assert_eq!(ids(&c), ["u2"]);
    assert!((c[0].days_silent.unwrap() - 70.0).abs() < 1e-9);
    assert_eq!(ids(&churned(69).unwrap()), ["u2"]);
    assert!(churned(70).unwrap().is_empty());
}

#[test]
fn worst_and_best_follow_per_user_recall() {
    let dir = tempfile::tempdir().unwrap();
    let r = fixture(dir.path());
    let h = |recall| {
        Some(UserHoldout {
            test: vec![0],
            top: vec![],
            recall,
        })
    };
    let holdout = Holdout {
        k: 5,
        users: vec![h(0.5), h(1.0), h(0.0), None],
    };
    let worst = candidates(&r, Some(&holdout), CandidateKind::Worst { k: 5 }, None, 2).unwrap();
    assert_eq!(ids(&worst), ["u3", "u1"]);
    let best = candidates(&r, Some(&holdout), CandidateKind::Best { k: 5 }, None, 10).unwrap();
    assert_eq!(ids(&best), ["u2", "u1", "u3"]);
    assert!(candidates(&r, Some(&holdout), CandidateKind::Best { k: 3 }, None, 1).is_err());
    assert!(candidates(&r, None, CandidateKind::Worst { k: 5 }, None, 1).is_err());
}

#[test]
fn holdout_keeps_one_item_per_user_with_two_or_more() {
    let dir = tempfile::tempdir().unwrap();
    let r = fixture(dir.path());
    let h = Holdout::compute(&r, 2).unwrap();
    let sizes: Vec<Option<usize>> = h
        .users
        .iter()
        .map(|u| u.as_ref().map(|x| x.test.len()))
        .collect();
    assert_eq!(sizes, [Some(1), Some(1), Some(1), None]);
    for u in h.users.iter().flatten() {
        assert_eq!(u.top.len(), 2);
        assert!(u.recall == 0.0 || (u.recall - 1.0).abs() < 1e-12);
    }
    assert!(Holdout::compute(&r, 0).is_err());
}

#[test]
fn card_and_questions_of_a_churned_user() {
    let dir = tempfile::tempdir().unwrap();
    let r = fixture(dir.path());
    let h = Holdout::compute(&r, 2).unwrap();
    let card = user_card(&r, Some(&h), 1, false, Some("met at the café".into())).unwrap();
    assert_eq!(card.id, "u2");
    let titles: Vec<&str> = card.history.iter().map(|e| e.item.title.as_str()).collect();
    assert_eq!(titles, ["One", "Two", "Three <script>"]);
    assert_eq!(card.top_categories, [("x".to_owned(), 1.0)]);
    assert_eq!(card.hits.len() + card.misses.len(), 1);
    assert_eq!(card.profile, [("country".to_owned(), "US".to_owned())]);
    assert!(card.map_png.starts_with(b"\x89PNG"));
    // u2 has all three x items, so every recommendation is a y item.
    assert!(card.recommendations.iter().all(|x| x.item.category == "y"));
    let q = suggested_questions(&card, false);
    assert!(
        q[0].starts_with("You chose mostly x (100%); we showed you mostly y"),
        "{q:?}"
    );
    assert!(q[1].starts_with("Your last activity was 70 days"), "{q:?}");
    let ja = suggested_questions(&card, true);
    assert!(
        ja[0].contains("これまで選んだのは主に「x」（100%）"),
        "{ja:?}"
    );
    assert_eq!(
        ja.last().map(String::as_str),
        Some("最近、次に選ぶものをどうやって決めていますか？")
    );
    assert!(ja[1].contains("70日前"), "{ja:?}");
    assert!(user_card(&r, None, 9, false, None).is_err());
}

#[test]
fn questions_use_the_verb_and_labels_of_the_dataset() {
    let out = crate::pipeline::run(
        &crate::pipeline::RunParams::new(concat!(env!("CARGO_MANIFEST_DIR"), "/sample_data/cafes")),
        &crate::pipeline::progress::Progress::silent(),
    )
    .unwrap();
    let en = user_card(&out, None, 0, false, None).unwrap();
    let q = suggested_questions(&en, false);
    assert!(q[0].starts_with("You visited mostly "), "{q:?}");
    assert_eq!(
        q.last().map(String::as_str),
        Some("How do you usually decide what to visit next?")
    );
    let ja = user_card(&out, None, 0, true, None).unwrap();
    assert_eq!(ja.dataset, "川辺町のカフェと飲食店");
    assert_eq!(ja.profile[1].0, "年代");
    assert_eq!(ja.profile[1].1, "40代");
    let q = suggested_questions(&ja, true);
    assert!(q[0].starts_with("これまで訪れたのは主に「"), "{q:?}");
    assert_eq!(
        q.last().map(String::as_str),
        Some("最近、次に訪れるものをどうやって決めていますか？")
    );
    // The exported sheet asks the same questions, under the Japanese dataset name.
    let html = crate::report::interview_sheet::sheet_html(&[ja], true);
    assert!(html.contains("これまで訪れたのは主に「"));
    assert!(html.contains("川辺町のカフェと飲食店</h1>"));
    assert!(html.contains("年代: 40代"));
}
