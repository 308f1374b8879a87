//! The "text model" method in the pipeline, on the committed tiny models
//! (`tests/fixtures/text_models/`) and the bundled samples: items equal to the encoder's own
//! rows, users placed as the mean of their items, runs kept in the workspace under the
//! weights' hash (a moved model folder still finds them), the hybrid and the offline
//! evaluation with a text model, items without text, and bad model folders.

pub mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use embedscope::data::formats;
use embedscope::data::models::ModelFolder;
use embedscope::embed::text_model::{
    EncodeOptions, TextEncoder, TextModelParams, default_columns, item_texts,
};
use embedscope::embed::{EmbedParams, Method, hybrid::HybridParams};
use embedscope::pipeline::PipelineError;
use embedscope::pipeline::evaluate::{EvalMethod, EvalParams, EvalSource, evaluate};
use embedscope::pipeline::progress::Progress;
use embedscope::pipeline::{RunParams, run, saved};
use embedscope::store::{Location, Workspace};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/text_models")
        .join(name)
}

fn params(model: &Path) -> TextModelParams {
    TextModelParams::for_model(model).expect("a fixture model")
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("test setup");
    for e in std::fs::read_dir(from).expect("test setup") {
        let e = e.expect("test setup");
        let dst = to.join(e.file_name());
        if e.file_type().expect("test setup").is_dir() {
            copy_dir(&e.path(), &dst);
        } else {
            std::fs::copy(e.path(), dst).expect("test setup");
        }
    }
}

#[test]
fn items_are_the_encoders_rows_and_users_the_mean_of_their_items() {
    let model = fixture("bert_cls");
    let data = Arc::new(formats::load(&common::sample("cafes"), None).unwrap());
    let p = RunParams {
        embed: EmbedParams::TextModel(params(&model)),
        loaded: Some(Arc::clone(&data)),
        ..RunParams::new(common::sample("cafes"))
    };
    let out = run(&p, &Progress::silent()).unwrap();
    assert_eq!(out.embeddings.method, Method::TextModel);
    assert_eq!(out.embeddings.items.dim(), (data.items.len(), 32));
    // The same rows as the encoder gives for the items' title + description directly.
    let enc = TextEncoder::new(ModelFolder::open(&model).unwrap()).unwrap();
    let columns = vec!["title".to_owned(), "description".to_owned()];
    assert_eq!(default_columns(&data), columns);
    let titles = item_texts(&data, &columns).unwrap();
    let (want, _) = enc
        .encode(&titles, &EncodeOptions::default(), &Progress::silent())
        .unwrap();
    let worst = out
        .embeddings
        .items
        .iter()
        .zip(want.iter())
        .map(|(a, b)| (a - b).abs())
        .fold(0.0_f32, f32::max);
    assert!(worst < 1e-6, "max |Δ| {worst}");
    // A user with interactions sits at the rating-weighted mean of their items.
    let placed = out.embeddings.user_placed.iter().filter(|p| **p).count();
    assert!(placed > 0);
    let u = (0..data.users.len())
        .find(|&u| out.embeddings.user_placed[u])
        .unwrap();
    let mut sum = vec![0.0_f64; 32];
    let mut total = 0.0_f64;
    for it in data.interactions.iter().filter(|it| it.user as usize == u) {
        let w = f64::from(it.rating.max(0.0));
        for (s, v) in sum
            .iter_mut()
            .zip(out.embeddings.items.row(it.item as usize))
        {
            *s += w * f64::from(*v);
        }
        total += w;
    }
    for (d, s) in sum.iter().enumerate() {
        let got = f64::from(out.embeddings.users[[u, d]]);
        assert!(
            (got - s / total).abs() < 1e-4,
            "dim {d}: {got} vs {}",
            s / total
        );
    }
    let report = out.summary().text_model.expect("a text-model report");
    assert_eq!(report.rows, data.items.len());
    assert_eq!(report.columns, columns);
    assert_eq!(report.empty_rows, 0);
}

#[test]
fn the_workspace_keeps_the_run_under_the_weights_hash_not_the_folder() {
    let tmp = tempfile::tempdir().unwrap();
    let _ws = Workspace::open(tmp.path().join("ws.sqlite")).unwrap();
    let ws = Location::File(tmp.path().join("ws.sqlite"));
    let dataset = common::sample("cafes");
    let first = RunParams {
        embed: EmbedParams::TextModel(TextModelParams {
            model: fixture("bert_cls"),
            ..TextModelParams::default()
        }),
        ..RunParams::new(&dataset)
    };
    let a = saved::run_in_workspace(&first, &ws, &Progress::silent()).unwrap();
    let id = a.run_id.expect("saved");
    // The same model copied elsewhere: read back, not recomputed (its report comes back too).
    let moved = tmp.path().join("moved-model");
    copy_dir(&fixture("bert_cls"), &moved);
    let again = RunParams {
        embed: EmbedParams::TextModel(TextModelParams {
            model: moved.clone(),
            ..TextModelParams::default()
        }),
        ..RunParams::new(&dataset)
    };
    let b = saved::run_in_workspace(&again, &ws, &Progress::silent()).unwrap();
    assert_eq!(b.run_id, Some(id));
    assert!(b.timings.is_empty(), "read back, not recomputed");
    assert_eq!(b.embeddings.items, a.embeddings.items);
    assert_eq!(
        b.embeddings.text_model.as_ref().map(|r| r.rows),
        Some(a.data.items.len())
    );
    // Other columns are another run.
    let other = RunParams {
        embed: EmbedParams::TextModel(
            TextModelParams {
                model: moved,
                ..TextModelParams::default()
            }
            .with_text(vec!["title".into(), "category".into()], None),
        ),
        ..RunParams::new(&dataset)
    };
    let c = saved::run_in_workspace(&other, &ws, &Progress::silent()).unwrap();
    assert_ne!(c.run_id, Some(id));
    assert_ne!(c.embeddings.items, a.embeddings.items);
}

#[test]
fn hybrid_takes_its_text_part_from_the_model() {
    let data = Arc::new(formats::load(&common::sample("cafes"), None).unwrap());
    let h = HybridParams {
        text_model: Some(params(&fixture("bert_cls"))),
        ..HybridParams::default()
    };
    let out = run(
        &RunParams {
            embed: EmbedParams::Hybrid(h.clone()),
            loaded: Some(Arc::clone(&data)),
            ..RunParams::new(common::sample("cafes"))
        },
        &Progress::silent(),
    )
    .unwrap();
    assert_eq!(out.embeddings.method, Method::Hybrid);
    assert_eq!(out.embeddings.dim(), 32 + h.als.factors);
    assert!(out.embeddings.text_model.is_some());
}

#[test]
fn items_without_text_get_no_vector_and_are_counted() {
    let tmp = tempfile::tempdir().unwrap();
    std::fs::write(
        tmp.path().join("items.csv"),
        "id,title,description\n\
         a,Café Komorebi,\n\
         b,Café Hidamari,a calm café near the station\n\
         c,Ramen Ichi,spicy ramen late at night\n",
    )
    .unwrap();
    let data = formats::load(tmp.path(), None).unwrap();
    let p = params(&fixture("bert_cls")).with_text(vec!["description".into()], None);
    let e = embedscope::embed::text_model::embed_dataset(&data, &p, &Progress::silent()).unwrap();
    let r = e.text_model.unwrap();
    assert_eq!(r.empty_rows, 1);
    assert_eq!(r.empty_ids, vec!["a".to_owned()]);
    assert_eq!(r.rows, 2);
    assert!(e.items.row(0).iter().all(|v| *v == 0.0));
    assert!(e.items.row(1).iter().any(|v| *v != 0.0));
}

#[test]
fn eval_scores_the_text_model_alone_and_in_the_hybrid() {
    let data = formats::load(&common::sample("cafes"), None).unwrap();
    let p = EvalParams {
        methods: vec![
            EvalMethod::TextModel,
            EvalMethod::HybridTextModel,
            EvalMethod::Popularity,
        ],
        k: 10,
        als: embedscope::embed::als::AlsParams::default(),
        item2vec: embedscope::embed::item2vec::Item2VecParams::default(),
        seed: 3,
        source: EvalSource::Split(embedscope::eval::split::SplitKind::Random {
            fraction: 0.2,
            seed: 3,
        }),
        text_model: Some(params(&fixture("static_model2vec"))),
        vectors: None,
    };
    let r = evaluate(&data, &p, &Progress::silent()).unwrap();
    for m in ["text_model", "hybrid_text_model", "popularity"] {
        let recall = r["methods"][m]["recall@10"].as_f64();
        assert!(
            recall.is_some_and(|x| (0.0..=1.0).contains(&x)),
            "{m}: {:?}",
            r["methods"][m]
        );
    }
    assert_eq!(r["text_model"]["model"], "static_model2vec");
    // The item vectors of a run with the same settings are reused as they are: same scores.
    let tm = params(&fixture("static_model2vec"));
    let items = embedscope::embed::text_model::embed_dataset(&data, &tm, &Progress::silent())
        .unwrap()
        .items;
    let reused = EvalParams {
        text_model: Some(TextModelParams {
            precomputed: Some(items),
            ..tm
        }),
        ..p.clone()
    };
    let r2 = evaluate(&data, &reused, &Progress::silent()).unwrap();
    assert_eq!(
        r2["methods"]["text_model"]["recall@10"],
        r["methods"]["text_model"]["recall@10"]
    );
    // Without a model, the method says it needs one (the others still run).
    let none = EvalParams {
        text_model: None,
        ..p
    };
    let r = evaluate(&data, &none, &Progress::silent()).unwrap();
    assert!(
        r["methods"]["text_model"]["error"]
            .as_str()
            .is_some_and(|e| e.contains("model folder")),
        "{}",
        r["methods"]["text_model"]
    );
}

#[test]
fn a_bad_model_folder_is_an_error_naming_it() {
    let tmp = tempfile::tempdir().unwrap();
    let p = RunParams {
        embed: EmbedParams::TextModel(TextModelParams {
            model: tmp.path().to_path_buf(),
            ..TextModelParams::default()
        }),
        ..RunParams::new(common::sample("cafes"))
    };
    let _ws = Workspace::open(tmp.path().join("ws.sqlite")).unwrap();
    let ws = Location::File(tmp.path().join("ws.sqlite"));
    let e = saved::run_in_workspace(&p, &ws, &Progress::silent()).unwrap_err();
    assert!(matches!(e, PipelineError::Model(_)), "{e}");
    assert!(e.to_string().contains("config.json"), "{e}");
    // No model at all.
    let p = RunParams {
        embed: EmbedParams::TextModel(TextModelParams::default()),
        ..RunParams::new(common::sample("cafes"))
    };
    let e = run(&p, &Progress::silent()).unwrap_err();
    assert!(e.to_string().contains("model folder"), "{e}");
}
