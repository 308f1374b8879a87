//! Offline evaluation: the popularity baseline and metric definitions agree with the peer
//! benchmark (`shared/bench/peers.py als`) to 1e-9 on the same split files, ALS beats
//! popularity, and bad input gives clear errors.

pub mod common;

use std::path::{Path, PathBuf};

use embedscope::data::formats::load_native;
use embedscope::embed::als::AlsParams;
use embedscope::embed::item2vec::Item2VecParams;
use embedscope::eval::split::SplitKind;
use embedscope::pipeline::evaluate::{EvalMethod, EvalParams, EvalSource, evaluate};
use embedscope::pipeline::progress::Progress;
use serde_json::Value;

fn fixture() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/peers_small")
}

fn params(methods: Vec<EvalMethod>, source: EvalSource) -> EvalParams {
    EvalParams {
        methods,
        k: 10,
        als: AlsParams {
            factors: 16,
            iterations: 10,
            ..AlsParams::default()
        },
        item2vec: Item2VecParams::default(),
        seed: 0,
        source,
        text_model: None,
        vectors: None,
    }
}

fn files() -> EvalSource {
    EvalSource::Files {
        train: fixture().join("train.tsv"),
        test: fixture().join("test.tsv"),
    }
}

fn run(methods: Vec<EvalMethod>, source: EvalSource) -> Value {
    let data = load_native(&fixture()).expect("fixture loads");
    evaluate(&data, &params(methods, source), &Progress::silent()).expect("evaluation runs")
}

#[test]
fn popularity_matches_peers_py_exactly() {
    let r = run(vec![EvalMethod::Popularity], files());
    assert_eq!(
        (
            r["users"].as_u64(),
            r["items"].as_u64(),
            r["eval_users"].as_u64()
        ),
        (Some(200), Some(298), Some(200))
    );
    let pop = &r["methods"]["popularity"];
    // peers.py als on the same files, printed unrounded.
    for (key, want) in [
        ("precision@10", 0.086),
        ("recall@10", 0.241_416_666_666_666_67),
        ("ndcg@10", 0.204_512_070_024_040_43),
        ("hit_rate@10", 0.62),
        ("coverage@10", 0.067_114_093_959_731_54),
    ] {
        let got = pop[key].as_f64().unwrap();
        assert!((got - want).abs() < 1e-9, "{key}: {got} vs peers.py {want}");
    }
}

#[test]
fn als_beats_popularity_and_random_on_the_streaming_sample() {
    let data = load_native(&common::sample("streaming")).unwrap();
    let p = EvalParams {
        methods: vec![
            EvalMethod::Als,
            EvalMethod::Content,
            EvalMethod::Hybrid,
            EvalMethod::Popularity,
            EvalMethod::Random,
        ],
        k: 10,
        als: AlsParams {
            factors: 32,
            iterations: 8,
            ..AlsParams::default()
        },
        item2vec: Item2VecParams::default(),
        seed: 1,
        source: EvalSource::Split(SplitKind::Random {
            fraction: 0.2,
            seed: 1,
        }),
        text_model: None,
        vectors: None,
    };
    let r = evaluate(&data, &p, &Progress::silent()).unwrap();
    let recall = |m: &str| r["methods"][m]["recall@10"].as_f64().unwrap();
    // On this interaction-rich catalogue collaborative filtering wins; the hybrid sits between.
    assert!(
        recall("als") > recall("hybrid") && recall("hybrid") > recall("content"),
        "als {} hybrid {} content {}",
        recall("als"),
        recall("hybrid"),
        recall("content")
    );
    assert!(recall("content") > recall("random"));
    assert!(
        recall("als") > 2.0 * recall("popularity"),
        "als {} pop {}",
        recall("als"),
        recall("popularity")
    );
    assert!(recall("popularity") > 5.0 * recall("random"));
    for key in [
        "precision@10",
        "ndcg@10",
        "map@10",
        "hit_rate@10",
        "coverage@10",
        "novelty@10",
        "diversity@10",
        "fit_s",
    ] {
        assert!(r["methods"]["als"][key].is_f64(), "{key}");
    }
}

#[test]
fn leave_last_out_holds_out_one_per_user() {
    let data = load_native(&common::sample("cafes")).unwrap();
    let r = evaluate(
        &data,
        &params(
            vec![EvalMethod::Popularity],
            EvalSource::Split(SplitKind::LeaveLastOut),
        ),
        &Progress::silent(),
    )
    .unwrap();
    assert_eq!(r["eval_users"], 80);
    assert_eq!(r["test_pairs"], 80, "exactly one held-out visit per user");
}

fn eval_err(data_dir: &Path, p: &EvalParams) -> String {
    let data = load_native(data_dir).expect("dataset loads");
    evaluate(&data, p, &Progress::silent())
        .expect_err("this input must be rejected")
        .to_string()
}

#[test]
fn bad_parameters_and_inputs_give_clear_errors() {
    let dir = fixture();
    let mut p = params(vec![EvalMethod::Als], files());
    p.k = 0;
    assert_eq!(
        eval_err(&dir, &p),
        "invalid parameter: k must be at least 1"
    );
    for (als, msg) in [
        (
            AlsParams {
                factors: 0,
                ..AlsParams::default()
            },
            "ALS factors must be between 1 and 4096, got 0",
        ),
        (
            AlsParams {
                iterations: 0,
                ..AlsParams::default()
            },
            "ALS iterations must be at least 1",
        ),
        (
            AlsParams {
                alpha: -1.0,
                ..AlsParams::default()
            },
            "ALS alpha must be ≥ 0, got -1",
        ),
    ] {
        let p = EvalParams {
            als,
            ..params(vec![EvalMethod::Als], files())
        };
        assert_eq!(eval_err(&dir, &p), format!("invalid parameter: {msg}"));
    }
    // A test file naming an item the dataset does not have.
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(tmp.path().join("test.tsv"), "1\t999\t5\t0\n").unwrap();
    let p = params(
        vec![EvalMethod::Popularity],
        EvalSource::Files {
            train: fixture().join("train.tsv"),
            test: tmp.path().join("test.tsv"),
        },
    );
    assert!(
        eval_err(&dir, &p).ends_with("test.tsv: item id \"999\" is not in the dataset's items")
    );
    // An empty test set: every test pair is already in train.
    let p = params(
        vec![EvalMethod::Popularity],
        EvalSource::Files {
            train: fixture().join("train.tsv"),
            test: fixture().join("train.tsv"),
        },
    );
    assert!(eval_err(&dir, &p).contains("the test set is empty"));
    // A dataset without interactions cannot be split.
    let p = params(
        vec![EvalMethod::Popularity],
        EvalSource::Split(SplitKind::LeaveLastOut),
    );
    assert!(eval_err(&dir, &p).contains("the dataset has no interactions"));
    // Every method of the comparison table parses.
    for m in [
        "als",
        "item2vec",
        "content",
        "hybrid",
        "popularity",
        "random",
    ] {
        assert!(EvalMethod::parse(m).is_ok(), "{m}");
    }
    assert!(
        EvalMethod::parse("nope")
            .expect_err("this input must be rejected")
            .to_string()
            .contains("unknown method")
    );
}

#[test]
fn k_larger_than_the_catalogue_pads_with_misses() {
    let mut p = params(vec![EvalMethod::Popularity], files());
    p.k = 1000;
    let data = load_native(&fixture()).unwrap();
    let r = evaluate(&data, &p, &Progress::silent()).unwrap();
    let pop = &r["methods"]["popularity"];
    assert!(
        (pop["recall@1000"].as_f64().unwrap() - 1.0).abs() < 1e-12,
        "everything is recommended"
    );
    assert!((pop["coverage@1000"].as_f64().unwrap() - 1.0).abs() < 1e-12);
}

#[test]
fn a_method_the_data_cannot_support_is_reported_and_the_others_still_run() {
    // An interactions file has no text: the content method cannot run, ALS and popularity can.
    let data = embedscope::data::formats::load(&fixture().join("train.tsv"), None)
        .expect("an interactions file");
    let with = |m: Vec<EvalMethod>| params(m, files());
    let report = evaluate(
        &data,
        &with(vec![
            EvalMethod::Als,
            EvalMethod::Content,
            EvalMethod::Popularity,
        ]),
        &Progress::silent(),
    )
    .unwrap();
    let m = &report["methods"];
    assert!(
        m["content"]["error"].as_str().unwrap().contains("terms"),
        "{}",
        m["content"]
    );
    assert!(m["als"]["recall@10"].as_f64().is_some());
    assert!(m["popularity"]["recall@10"].as_f64().is_some());
    // Only the impossible method: that is an error.
    assert!(evaluate(&data, &with(vec![EvalMethod::Content]), &Progress::silent()).is_err());
}

#[test]
fn item2vec_beats_popularity_and_random_on_the_cafes_split() {
    // The cafés sample (80 users, 147 places, 1,353 visits), 80/20 random split per user (seed
    // 42), with item2vec's default settings (epochs chosen from the data): ~1 s in a debug
    // build, where the streaming sample took two minutes. The training once scored below random
    // here; its comparison with gensim on larger splits is `bench/item2vec_vs_gensim.sh`.
    let data = load_native(&common::sample("cafes")).expect("the cafés sample loads");
    let p = params(
        vec![
            EvalMethod::Item2Vec,
            EvalMethod::Popularity,
            EvalMethod::Random,
        ],
        EvalSource::Split(SplitKind::Random {
            fraction: 0.2,
            seed: 42,
        }),
    );
    let r = evaluate(&data, &p, &Progress::silent()).expect("evaluation runs");
    let recall = |m: &str| r["methods"][m]["recall@10"].as_f64().unwrap();
    let (i2v, pop, rnd) = (recall("item2vec"), recall("popularity"), recall("random"));
    println!("recall@10 item2vec {i2v:.4} popularity {pop:.4} random {rnd:.4}");
    // Measured: item2vec 0.2731, popularity 0.1377, random 0.0748 (training is seeded and
    // single-threaded, so these are reproducible; seeds 1 and 2 of the split give 0.225/0.114
    // and 0.231/0.129).
    assert!(i2v > 1.6 * pop, "item2vec {i2v} vs popularity {pop}");
    assert!(i2v > 3.0 * rnd, "item2vec {i2v} vs random {rnd}");
}
