//! Tests of the trade-off sweep (compiled only for `cargo test`).
#![cfg(test)]

use super::*;
use crate::eval::data::Pair;
use crate::rng::Gen;

/// Four groups of 20 items (ids 0–79); 15 users per group each use 12 random items of their
/// own group: 9 for training, 3 held out. Whatever ranks the group first finds most held-out
/// items (about 10 of the 11 unseen group items fit in a top 10); random would find ~14%.
fn planted() -> EvalSet {
    let mut g = Gen::new(3);
    let (mut train, mut test) = (Vec::new(), Vec::new());
    for user in 0..60usize {
        let group = user / 15;
        let mut items: Vec<usize> = (group * 20..group * 20 + 20).collect();
        g.shuffle(&mut items);
        for (n, item) in items.iter().take(12).enumerate() {
            let pair = Pair {
                user: user.to_string(),
                item: item.to_string(),
            };
            if n < 9 {
                train.push(pair);
            } else {
                test.push(pair);
            }
        }
    }
    EvalSet::from_pairs(&train, &test)
}

fn params(dims: &[usize]) -> TradeoffParams {
    TradeoffParams {
        dims: dims.to_vec(),
        ..TradeoffParams::default()
    }
}

#[test]
fn table_shape_costs_and_accuracy_on_planted_groups() {
    let set = planted();
    assert_eq!(set.items(), 80);
    let valid = params(&[8, 2, 4]).validate().unwrap();
    let t = tradeoff_on(&set, &valid, &Progress::silent()).unwrap();
    assert_eq!(t.users_evaluated, 60);
    assert_eq!(t.items, 80);
    assert_eq!(t.k, 10);
    let labels: Vec<String> = t.settings.iter().map(TradeoffRow::label).collect();
    assert_eq!(
        labels,
        [
            "d=2 exact",
            "d=2 hnsw",
            "d=4 exact",
            "d=4 hnsw",
            "d=8 exact",
            "d=8 hnsw"
        ]
    );
    for pair in t.settings.chunks(2) {
        let (exact, hnsw) = (&pair[0], &pair[1]);
        // The exact index is the vectors: 80 items × d × 4 bytes, counted, not estimated.
        assert_eq!(exact.index_bytes, 80 * exact.dim * 4);
        assert_eq!(exact.embedding_bytes, exact.index_bytes);
        assert_eq!(hnsw.embedding_bytes, exact.embedding_bytes);
        // The graph holds a copy of the vectors plus its links; the arenas reserve more.
        assert!(hnsw.index_bytes > hnsw.embedding_bytes, "{hnsw:?}");
        assert!(hnsw.allocated_bytes >= hnsw.index_bytes, "{hnsw:?}");
        assert_eq!(exact.allocated_bytes, exact.index_bytes);
        assert!((exact.fit_s - hnsw.fit_s).abs() < 1e-12, "one fit per d");
        for row in pair {
            assert!((0.0..=1.0).contains(&row.recall_at_k), "{row:?}");
            assert!((0.0..=1.0).contains(&row.ndcg_at_k), "{row:?}");
            assert!((0.0..=1.0).contains(&row.exact_agreement), "{row:?}");
            assert!(row.latency_us_p50 >= 0.0 && row.latency_us_p95 >= row.latency_us_p50);
            assert!(row.build_ms >= 0.0 && row.fit_s > 0.0);
        }
        assert!((exact.exact_agreement - 1.0).abs() < 1e-12);
        assert!(
            exact.recall_at_k >= hnsw.recall_at_k - 0.05,
            "exact {exact:?} vs hnsw {hnsw:?}"
        );
    }
    // Memory grows with d.
    let exact_bytes: Vec<usize> = t
        .settings
        .iter()
        .step_by(2)
        .map(|r| r.index_bytes)
        .collect();
    assert_eq!(exact_bytes, [640, 1280, 2560]);
    let hnsw_bytes: Vec<usize> = t
        .settings
        .iter()
        .skip(1)
        .step_by(2)
        .map(|r| r.index_bytes)
        .collect();
    // Doubling d adds 80 items × d × 4 bytes of vectors to the graph; the links stay alike.
    assert!(hnsw_bytes.windows(2).all(|w| w[1] > w[0]), "{hnsw_bytes:?}");
    // Eight dimensions separate four groups: most held-out items are found.
    let d8 = &t.settings[4];
    assert!(d8.recall_at_k > 0.6, "{d8:?}");
    // 80 items: the graph finds nearly everything the scan finds.
    assert!(t.settings[5].exact_agreement > 0.9, "{:?}", t.settings[5]);
    assert_eq!(t.params.als.iterations, 15);
    assert_eq!(t.params.query_threads, 1);
}

#[test]
fn hnsw_alone_is_compared_with_the_exact_lists() {
    let set = planted();
    let valid = TradeoffParams {
        dims: vec![8],
        indexes: vec![IndexKind::Hnsw],
        ..TradeoffParams::default()
    }
    .validate()
    .unwrap();
    let t = tradeoff_on(&set, &valid, &Progress::silent()).unwrap();
    assert_eq!(t.settings.len(), 1);
    assert_eq!(t.settings[0].index, IndexKind::Hnsw);
    assert!(t.settings[0].exact_agreement > 0.9, "{:?}", t.settings[0]);
}

#[test]
fn cancel_stops_before_the_first_fit() {
    let set = planted();
    let valid = params(&[4]).validate().unwrap();
    let progress = Progress::silent();
    progress.cancel_token().cancel();
    assert!(matches!(
        tradeoff_on(&set, &valid, &progress),
        Err(PipelineError::Cancelled)
    ));
}

#[test]
fn progress_counts_settings() {
    let set = planted();
    let valid = params(&[2, 4]).validate().unwrap();
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let sink = std::sync::Arc::clone(&seen);
    let progress = Progress::new(
        crate::pipeline::progress::CancelToken::default(),
        move |stage, done, total| {
            sink.lock().unwrap().push((stage, done, total));
            true
        },
    );
    tradeoff_on(&set, &valid, &progress).unwrap();
    // Per d: fit (embed), exact, hnsw → 6 steps, then the final one; throttling keeps the
    // first and the last.
    let seen = seen.lock().unwrap();
    assert_eq!(seen.first(), Some(&(Stage::Embed, 0, 6)));
    assert_eq!(seen.last(), Some(&(Stage::Index, 6, 6)));
    assert!(seen.iter().all(|s| s.2 == 6), "{seen:?}");
}

#[test]
fn invalid_params_are_named() {
    let err = |p: TradeoffParams| p.validate().unwrap_err().to_string();
    assert!(err(params(&[])).contains("at least one dimension"));
    assert!(err(params(&[0])).contains("ALS factors must be between 1 and 4096"));
    assert!(
        err(TradeoffParams {
            k: 0,
            ..TradeoffParams::default()
        })
        .contains("k must be at least 1")
    );
    assert!(
        err(TradeoffParams {
            indexes: vec![],
            ..TradeoffParams::default()
        })
        .contains("index kind")
    );
    assert!(
        err(TradeoffParams {
            query_repeats: 0,
            ..TradeoffParams::default()
        })
        .contains("timed at least once")
    );
    assert!(
        err(TradeoffParams {
            test_fraction: 1.0,
            ..TradeoffParams::default()
        })
        .contains("test fraction")
    );
    let v = TradeoffParams {
        dims: vec![32, 8, 8],
        indexes: vec![IndexKind::Hnsw, IndexKind::Exact, IndexKind::Hnsw],
        ..TradeoffParams::default()
    }
    .validate()
    .unwrap();
    assert_eq!(v.dims.iter().map(|d| d.0).collect::<Vec<_>>(), [8, 32]);
    assert_eq!(v.indexes, [IndexKind::Exact, IndexKind::Hnsw]);
    assert_eq!(IndexKind::parse(" HNSW ").unwrap(), IndexKind::Hnsw);
    assert!(
        IndexKind::parse("ivf")
            .unwrap_err()
            .to_string()
            .contains("available: exact, hnsw")
    );
}
