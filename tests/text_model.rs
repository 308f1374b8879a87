//! Sentence encoders and static models against their reference libraries: the tiny models in
//! `tests/fixtures/text_models/` (random weights, real tokenizers trained on English and
//! Japanese) with the rows sentence-transformers and model2vec computed for them
//! (`make_fixtures.py`), compared to 1e-5; then the bad-input catalogue of model folders.

use std::path::{Path, PathBuf};

use embedscope::data::models::{Family, ModelFolder, OpenOptions, discover_in, inspect};
use embedscope::embed::text_model::{EncodeOptions, TextEncoder};
use embedscope::error::ComputeError;
use embedscope::pipeline::progress::Progress;
use ndarray::Array2;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/text_models")
        .join(name)
}

fn texts(dir: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(dir.join("texts.json")).expect("test setup");
    serde_json::from_str(&text).expect("test setup")
}

fn expected(dir: &Path, file: &str) -> Array2<f32> {
    ndarray_npy::read_npy(dir.join(file)).expect("test setup")
}

fn encode(dir: &Path, opts: &EncodeOptions) -> (Array2<f32>, usize) {
    let enc = TextEncoder::new(ModelFolder::open(dir).expect("test setup")).expect("test setup");
    let (x, stats) = enc
        .encode(&texts(dir), opts, &Progress::silent())
        .expect("test setup");
    (x, stats.truncated)
}

fn assert_close(got: &Array2<f32>, want: &Array2<f32>, what: &str) {
    assert_eq!(got.dim(), want.dim(), "{what}: shape");
    let worst = got
        .iter()
        .zip(want)
        .map(|(a, b)| (a - b).abs())
        .fold(0.0f32, f32::max);
    assert!(
        worst <= 1e-5,
        "{what}: max |Δ| = {worst}\n{got:?}\nvs\n{want:?}"
    );
    // The rows differ from each other: the comparison is not trivially passing.
    assert!(
        (&got.row(0) - &got.row(2)).iter().any(|v| v.abs() > 1e-3),
        "{what}"
    );
}

/// A copy of a fixture folder that a test may edit.
fn copy_fixture(name: &str) -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("test setup");
    copy_dir(&fixture(name), tmp.path());
    tmp
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("test setup");
    for e in std::fs::read_dir(from).expect("test setup") {
        let e = e.expect("test setup");
        let dst = to.join(e.file_name());
        if e.path().is_dir() {
            copy_dir(&e.path(), &dst);
        } else {
            std::fs::copy(e.path(), dst).expect("test setup");
        }
    }
}

#[test]
fn bert_cls_equals_sentence_transformers() {
    let dir = fixture("bert_cls");
    let (x, truncated) = encode(&dir, &EncodeOptions::default());
    assert_close(&x, &expected(&dir, "expected.npy"), "bert cls");
    assert_eq!(truncated, 4, "rows longer than 24 tokens");
}

#[test]
fn xlm_roberta_f16_mean_normalized_equals_sentence_transformers() {
    let dir = fixture("xlmr_mean_f16");
    let folder = ModelFolder::open(&dir).unwrap();
    assert_eq!(
        (folder.family(), folder.max_length),
        (Family::XlmRoberta, 20)
    );
    let (x, truncated) = encode(&dir, &EncodeOptions::default());
    assert_close(
        &x,
        &expected(&dir, "expected.npy"),
        "xlm-r mean + normalize",
    );
    assert_eq!(truncated, 5);
    for r in x.rows() {
        assert!((r.dot(&r) - 1.0).abs() < 1e-5);
    }
}

#[test]
fn prompt_prefix_equals_sentence_transformers() {
    let dir = fixture("xlmr_mean_f16");
    let opts = EncodeOptions {
        prefix: Some("query: ".to_owned()),
        ..EncodeOptions::default()
    };
    let (x, _) = encode(&dir, &opts);
    assert_close(&x, &expected(&dir, "expected_query.npy"), "query: prompt");
}

#[test]
fn each_pooling_mode_equals_sentence_transformers() {
    for name in ["bert_cls", "xlmr_mean_f16"] {
        for mode in ["cls", "mean", "max"] {
            let tmp = copy_fixture(name);
            let pooling = format!(
                r#"{{"word_embedding_dimension": 32, "pooling_mode_cls_token": {}, "pooling_mode_mean_tokens": {}, "pooling_mode_max_tokens": {}}}"#,
                mode == "cls",
                mode == "mean",
                mode == "max"
            );
            std::fs::write(tmp.path().join("1_Pooling/config.json"), pooling).unwrap();
            let modules = r#"[{"idx":0,"name":"0","path":"","type":"sentence_transformers.models.Transformer"},
                {"idx":1,"name":"1","path":"1_Pooling","type":"sentence_transformers.models.Pooling"}]"#;
            std::fs::write(tmp.path().join("modules.json"), modules).unwrap();
            let (x, _) = encode(tmp.path(), &EncodeOptions::default());
            let want = expected(&fixture(name), &format!("expected_{mode}.npy"));
            assert_close(&x, &want, &format!("{name} {mode}"));
        }
    }
}

#[test]
fn batch_size_does_not_change_rows() {
    let dir = fixture("bert_cls");
    let one = encode(
        &dir,
        &EncodeOptions {
            prefix: None,
            batch_size: 1,
        },
    )
    .0;
    let three = encode(
        &dir,
        &EncodeOptions {
            prefix: None,
            batch_size: 3,
        },
    )
    .0;
    assert_close(&one, &three, "batch 1 vs 3");
}

#[test]
fn model2vec_static_equals_model2vec() {
    let dir = fixture("static_model2vec");
    let folder = ModelFolder::open(&dir).unwrap();
    assert_eq!(folder.family(), Family::Static);
    let (x, _) = encode(&dir, &EncodeOptions::default());
    assert_close(&x, &expected(&dir, "expected.npy"), "model2vec");
    // The empty text is a zero row, as model2vec returns.
    assert!(x.row(7).iter().all(|&v| v == 0.0));
}

#[test]
fn sentence_transformers_static_embedding_equals_reference() {
    let dir = fixture("static_st");
    let (x, _) = encode(&dir, &EncodeOptions::default());
    assert_close(&x, &expected(&dir, "expected.npy"), "StaticEmbedding");
}

#[test]
fn cancel_stops_encoding() {
    let enc = TextEncoder::new(ModelFolder::open(&fixture("bert_cls")).unwrap()).unwrap();
    let p = Progress::silent();
    p.cancel_token().cancel();
    let r = enc.encode(&texts(&fixture("bert_cls")), &EncodeOptions::default(), &p);
    assert!(matches!(r, Err(ComputeError::Cancelled)));
}

#[test]
fn discovery_lists_fixture_models_with_dims() {
    let root = tempfile::tempdir().unwrap();
    let snap = root.path().join("models--tiny--bert/snapshots/0123abc");
    copy_dir(&fixture("bert_cls"), &snap);
    copy_dir(&fixture("static_model2vec"), &root.path().join("m2v"));
    std::fs::create_dir_all(root.path().join("not-a-model")).unwrap();
    let found = discover_in(&[root.path().to_path_buf()]);
    let names: Vec<(&str, Family, usize)> = found
        .iter()
        .map(|m| (m.name.as_str(), m.family, m.dim))
        .collect();
    assert_eq!(
        names,
        [("m2v", Family::Static, 16), ("tiny/bert", Family::Bert, 32)]
    );
    let info = inspect(&fixture("xlmr_mean_f16")).unwrap();
    assert_eq!((info.pooling.as_str(), info.normalize), ("mean", true));
}

fn open_err(dir: &Path) -> String {
    format!(
        "{:#}",
        ModelFolder::open(dir).expect_err("expected an error")
    )
}

#[test]
fn bad_model_folders_name_the_file_and_problem() {
    let missing = fixture("no-such-model");
    assert!(open_err(&missing).contains("not a model folder"));

    let t = copy_fixture("bert_cls");
    std::fs::remove_file(t.path().join("config.json")).unwrap();
    let e = open_err(t.path());
    assert!(e.contains("config.json") && e.contains("not found"), "{e}");

    let t = copy_fixture("bert_cls");
    std::fs::remove_file(t.path().join("tokenizer.json")).unwrap();
    let e = open_err(t.path());
    assert!(
        e.contains("tokenizer.json") && e.contains("not found"),
        "{e}"
    );

    let t = copy_fixture("bert_cls");
    std::fs::remove_file(t.path().join("model.safetensors")).unwrap();
    let e = open_err(t.path());
    assert!(
        e.contains("model.safetensors") && e.contains("not found"),
        "{e}"
    );

    let t = copy_fixture("bert_cls");
    let cfg = std::fs::read_to_string(t.path().join("config.json")).unwrap();
    std::fs::write(
        t.path().join("config.json"),
        cfg.replace("\"bert\"", "\"gpt2\""),
    )
    .unwrap();
    let e = open_err(t.path());
    assert!(
        e.contains("unsupported architecture \"gpt2\"") && e.contains("xlm-roberta"),
        "{e}"
    );

    let t = copy_fixture("bert_cls");
    let w = t.path().join("model.safetensors");
    let bytes = std::fs::read(&w).unwrap();
    std::fs::write(&w, &bytes[..bytes.len() / 2]).unwrap();
    let e = open_err(t.path());
    assert!(
        e.contains("model.safetensors") && e.contains("truncated"),
        "{e}"
    );

    let t = copy_fixture("xlmr_mean_f16");
    std::fs::copy(
        fixture("bert_cls/tokenizer.json"),
        t.path().join("tokenizer.json"),
    )
    .unwrap();
    let e = open_err(t.path());
    assert!(
        e.contains("tokenizer.json") && e.contains("embedding matrix has"),
        "{e}"
    );

    let e = ModelFolder::open_with(
        &fixture("bert_cls"),
        &OpenOptions {
            available_bytes: Some(1000),
            ..OpenOptions::default()
        },
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("needs 0.2 MB") && e.contains("free"), "{e}");
}
