use super::*;
use crate::data::audit::fixture::{interaction, toy};

/// 2026-01-01T00:00:00Z.
const T0: i64 = 1_767_225_600;

fn at(user: u32, item: u32, day: i64) -> crate::data::Interaction {
    interaction(user, item, T0 + day * DAY_SECS + 3600)
}

/// Four items, four users, three weeks; item 3 becomes the hit of week 1:
/// week 0: u0 → 0; u1 → 0; u2 → 1.  week 1: u0, u1, u2 → 3.  week 2: u2 → 0; u3 (new) → 3.
fn three_weeks() -> Dataset {
    let mut d = toy(4, 4);
    d.interactions = vec![
        at(0, 0, 0),
        at(1, 0, 2),
        at(2, 1, 6),
        at(0, 3, 7),
        at(1, 3, 9),
        at(2, 3, 13),
        at(2, 0, 14),
        at(3, 3, 20),
    ];
    d
}

fn popularity(k: usize) -> FreshnessParams {
    FreshnessParams {
        method: FreshMethod::Popularity,
        k,
        min_train: 1,
        ..FreshnessParams::default()
    }
}

#[test]
fn popularity_by_hand() {
    let f = freshness(&three_weeks(), &popularity(1), &Progress::silent()).unwrap();
    // Week 2 is evaluated by the model of week 0 (age 14 days: popularity 0, 1, 2, 3) and by
    // that of weeks 0–1 (age 7: popularity 3, 0, 1, 2). u2 has seen 1 and 3: both give it
    // item 0, a hit. The newcomer u3 gets the plain popularity list: 0 from the old model
    // (a miss), 3 from the fresh one (a hit).
    let got: Vec<(&str, &str, i64, f64, usize)> = f
        .rows
        .iter()
        .map(|r| {
            (
                r.trained_until.as_str(),
                r.evaluated_on.as_str(),
                r.age_days,
                r.recall,
                r.users,
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("2026-01-07", "2026-01-15", 14, 0.5, 2),
            ("2026-01-14", "2026-01-15", 7, 1.0, 2),
        ]
    );
    assert!((f.rows[0].ndcg - 0.5).abs() < 1e-12);
    let ages: Vec<(i64, f64, usize)> = f
        .by_age
        .iter()
        .map(|a| (a.age_days, a.recall, a.models))
        .collect();
    assert_eq!(ages, [(7, 1.0, 1), (14, 0.5, 1)]);
    assert_eq!(
        f.retrain_every(0.8, false),
        Some(Retrain::Every { periods: 1 })
    );
    assert_eq!(
        f.retrain_every(0.5, true),
        Some(Retrain::NotWithin { periods: 2 })
    );
    assert_eq!(f.retrain_every(1.1, false), Some(Retrain::BelowWhenFresh));
}

#[test]
fn retrain_interval_is_the_ages_that_meet_the_target() {
    let age = |d: i64, recall: f64| AgeMean {
        age_days: d,
        recall,
        ndcg: recall / 2.0,
        models: 1,
    };
    let f = Freshness {
        method: FreshMethod::Als,
        k: 10,
        step_days: 7,
        rows: Vec::new(),
        by_age: vec![age(7, 0.3), age(14, 0.25), age(21, 0.18), age(28, 0.22)],
    };
    // 0.3 and 0.25 meet 0.2, 0.18 does not: retrain every 2 weeks (a later recovery does not
    // count: the model was already below target).
    assert_eq!(
        f.retrain_every(0.2, false),
        Some(Retrain::Every { periods: 2 })
    );
    assert_eq!(
        f.retrain_every(0.12, true),
        Some(Retrain::Every { periods: 2 })
    );
    assert_eq!(f.retrain_every(0.31, false), Some(Retrain::BelowWhenFresh));
    let none = Freshness {
        by_age: Vec::new(),
        ..f
    };
    assert_eq!(none.retrain_every(0.2, false), None);
}

#[test]
fn the_plan_evaluates_the_last_periods_with_every_age() {
    let periods: Vec<Vec<(u32, u32)>> = (0..10).map(|p| vec![(0, p)]).collect();
    let with = |horizon, evaluated, min_train| {
        plan(
            &periods,
            &FreshnessParams {
                horizon,
                min_train,
                evaluated,
                ..FreshnessParams::default()
            },
        )
    };
    // Ages 1–3 on the last 5 periods (5–9): cutoffs 3–9.
    let p = with(3, 5, 1).unwrap();
    assert_eq!((p.cutoffs, p.evaluated, p.horizon), (3..10, 5..10, 3));
    // Ages 1–8 from cutoff 1 on: only periods 8 and 9 have all of them.
    let p = with(8, 5, 1).unwrap();
    assert_eq!((p.cutoffs, p.evaluated, p.horizon), (1..10, 8..10, 8));
    // The first cutoff needs 4 interactions before it (cutoff 4).
    let p = with(3, 5, 4).unwrap();
    assert_eq!((p.cutoffs, p.evaluated, p.horizon), (4..10, 6..10, 3));
    // A horizon longer than the data shrinks to fit.
    let p = with(20, 5, 9).unwrap();
    assert_eq!((p.cutoffs, p.evaluated, p.horizon), (9..10, 9..10, 1));
    assert_eq!(with(3, 5, 10), None);
}

#[test]
fn als_gives_newcomers_popularity() {
    let p = FreshnessParams {
        method: FreshMethod::Als,
        min_train: 1,
        k: 1,
        ..FreshnessParams::default()
    };
    let f = freshness(&three_weeks(), &p, &Progress::silent()).unwrap();
    assert_eq!(f.rows.len(), 2);
    // The fresh model knows item 3 is the hit: the newcomer u3 gets it either way.
    let fresh = &f.rows[1];
    assert_eq!((fresh.age_days, fresh.users), (7, 2));
    assert!(fresh.recall >= 0.5, "{fresh:?}");
    assert!(f.rows.iter().all(|r| (0.0..=1.0).contains(&r.recall)));
}

#[test]
fn bad_input_is_refused() {
    let mut d = three_weeks();
    let silent = Progress::silent();
    assert!(matches!(
        freshness(&d, &popularity(0), &silent),
        Err(ComputeError::InvalidParams(_))
    ));
    let too_much = FreshnessParams {
        min_train: 100,
        ..popularity(1)
    };
    assert!(matches!(
        freshness(&d, &too_much, &silent),
        Err(ComputeError::InvalidParams(m)) if m.contains("too little data")
    ));
    d.interactions[3].timestamp = None;
    assert!(matches!(
        freshness(&d, &popularity(1), &silent),
        Err(ComputeError::Window(
            crate::error::WindowError::NoTimestamps { .. }
        ))
    ));
}

#[test]
fn cancel_stops_it() {
    let token = crate::progress::CancelToken::default();
    token.cancel();
    let p = Progress::new(token, |_, _, _| true);
    assert!(matches!(
        freshness(&three_weeks(), &popularity(1), &p),
        Err(ComputeError::Cancelled)
    ));
}
