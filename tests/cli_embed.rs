//! `embedscope embed` and `embedscope models` on the committed tiny models
//! (`tests/fixtures/text_models/`): rows equal to the sentence-transformers reference, the JSON
//! contract, dataset items with their ids, and the bad-input messages.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use ndarray::Array2;
use serde_json::Value;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/text_models")
        .join(name)
}

fn run(args: &[&str], home: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_embedscope"))
        .args(args)
        .env("HOME", home)
        .env("XDG_DATA_HOME", home)
        .env("XDG_CACHE_HOME", home.join("cache"))
        .env_remove("HF_HOME")
        .env_remove("HF_HUB_CACHE")
        .env_remove("SENTENCE_TRANSFORMERS_HOME")
        .output()
        .expect("test setup")
}

fn json(out: &Output) -> Value {
    assert!(
        out.status.success(),
        "stderr: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("test setup")
}

fn stderr(out: &Output) -> String {
    assert_eq!(out.status.code(), Some(2), "expected a failure");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[test]
fn embed_texts_file_matches_reference_and_reports_json() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = fixture("xlmr_mean_f16");
    let texts: Vec<String> =
        serde_json::from_str(&std::fs::read_to_string(dir.join("texts.json")).unwrap()).unwrap();
    // The CLI refuses empty lines: embed every text but the empty one (row 7).
    let kept: Vec<&String> = texts.iter().filter(|t| !t.is_empty()).collect();
    let input = tmp.path().join("texts.txt");
    let body: Vec<&str> = kept.iter().map(|s| s.as_str()).collect();
    std::fs::write(&input, body.join("\n") + "\n").unwrap();
    let out = tmp.path().join("x.npy");
    let doc = json(&run(
        &[
            "embed",
            "--model",
            dir.to_str().unwrap(),
            "--input",
            input.to_str().unwrap(),
            "--output",
            out.to_str().unwrap(),
            "--batch",
            "3",
            "--json",
        ],
        tmp.path(),
    ));
    assert_eq!(doc["rows"], 8);
    assert_eq!(doc["truncated"], 5);
    assert_eq!(doc["model"]["family"], "xlm-roberta");
    assert_eq!(doc["model"]["dim"], 32);
    assert_eq!(doc["model"]["max_length"], 20);
    assert_eq!(doc["model"]["pooling"], "mean");
    assert_eq!(doc["model"]["normalize"], true);
    assert!(doc["rows_per_s"].as_f64().unwrap() > 0.0 && doc["seconds"].as_f64().is_some());
    let x: Array2<f32> = ndarray_npy::read_npy(&out).unwrap();
    let want: Array2<f32> = ndarray_npy::read_npy(dir.join("expected.npy")).unwrap();
    let rows: Vec<usize> = (0..texts.len()).filter(|&i| !texts[i].is_empty()).collect();
    assert_eq!(x.nrows(), rows.len());
    for (r, &i) in rows.iter().enumerate() {
        let d = (&x.row(r) - &want.row(i))
            .iter()
            .fold(0.0f32, |m, v| m.max(v.abs()));
        assert!(d <= 1e-5, "row {r}: {d}");
    }
}

#[test]
fn embed_dataset_items_in_item_order_with_ids() {
    let tmp = tempfile::tempdir().unwrap();
    let ds = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data/cafes");
    let out = tmp.path().join("items.npy");
    let doc = json(&run(
        &[
            "embed",
            ds.to_str().unwrap(),
            "--model",
            fixture("static_model2vec").to_str().unwrap(),
            "--columns",
            "title,description_ja",
            "--output",
            out.to_str().unwrap(),
            "--json",
        ],
        tmp.path(),
    ));
    let x: Array2<f32> = ndarray_npy::read_npy(&out).unwrap();
    let ids = std::fs::read_to_string(tmp.path().join("items.csv")).unwrap();
    let items = std::fs::read_to_string(ds.join("items.csv")).unwrap();
    let want: Vec<&str> = items
        .lines()
        .skip(1)
        .map(|l| l.split(',').next().unwrap())
        .collect();
    let got: Vec<&str> = ids.lines().skip(1).collect();
    assert_eq!(got, want);
    assert_eq!((x.nrows(), x.ncols()), (want.len(), 16));
    assert_eq!(doc["rows"], want.len());
    assert_eq!(doc["model"]["family"], "static");
    let e = stderr(&run(
        &[
            "embed",
            ds.to_str().unwrap(),
            "--model",
            fixture("static_model2vec").to_str().unwrap(),
            "--columns",
            "nope",
            "--output",
            out.to_str().unwrap(),
        ],
        tmp.path(),
    ));
    assert!(
        e.contains("unknown text column \"nope\"") && e.contains("description_ja"),
        "{e}"
    );
}

#[test]
fn embed_rejects_empty_lines_bad_utf8_and_bad_models() {
    let tmp = tempfile::tempdir().unwrap();
    let model = fixture("bert_cls");
    let out = tmp.path().join("x.npy");
    let input = tmp.path().join("t.txt");
    let args = |m: &Path| {
        vec![
            "embed".to_owned(),
            "--model".to_owned(),
            m.display().to_string(),
            "--input".to_owned(),
            input.display().to_string(),
            "--output".to_owned(),
            out.display().to_string(),
        ]
    };
    let call = |m: &Path| {
        let a = args(m);
        let refs: Vec<&str> = a.iter().map(String::as_str).collect();
        stderr(&run(&refs, tmp.path()))
    };
    std::fs::write(&input, "one\n\ntwo\n  \nthree\n").unwrap();
    let e = call(&model);
    assert!(e.contains("t.txt: empty text on lines 2, 4"), "{e}");
    std::fs::write(&input, b"ok\nbad \xff byte\n").unwrap();
    let e = call(&model);
    assert!(e.contains("t.txt:2: the text is not valid UTF-8"), "{e}");
    std::fs::write(&input, "fine\n").unwrap();
    let e = call(&tmp.path().join("nothing-here"));
    assert!(e.contains("not a model folder"), "{e}");
    assert!(!out.exists(), "no output written on errors");
}

#[test]
fn models_lists_the_hugging_face_cache() {
    let home = tempfile::tempdir().unwrap();
    let empty = run(&["models"], home.path());
    assert!(String::from_utf8_lossy(&empty.stdout).contains("never downloads"));
    let snap = home
        .path()
        .join("cache/huggingface/hub/models--tiny--xlmr/snapshots/abc");
    std::fs::create_dir_all(&snap).unwrap();
    for e in std::fs::read_dir(fixture("xlmr_mean_f16")).unwrap() {
        let e = e.unwrap();
        if e.path().is_dir() {
            let sub = snap.join(e.file_name());
            std::fs::create_dir_all(&sub).unwrap();
            for f in std::fs::read_dir(e.path()).unwrap() {
                let f = f.unwrap();
                std::fs::copy(f.path(), sub.join(f.file_name())).unwrap();
            }
        } else {
            std::fs::copy(e.path(), snap.join(e.file_name())).unwrap();
        }
    }
    let doc = json(&run(&["models", "--json"], home.path()));
    let models = doc["models"].as_array().unwrap();
    assert_eq!(models.len(), 1, "{doc}");
    assert_eq!(models[0]["name"], "tiny/xlmr");
    assert_eq!(models[0]["family"], "xlm-roberta");
    assert_eq!(models[0]["dim"], 32);
    assert!(models[0]["size_bytes"].as_u64().unwrap() > 10_000);
}

#[test]
fn run_eval_export_and_compare_take_the_text_model() {
    let tmp = tempfile::tempdir().unwrap();
    let model = fixture("bert_cls");
    let cafes = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data/cafes");
    let ws = tmp.path().join("ws.sqlite");
    let (m, c, w) = (
        model.to_str().unwrap(),
        cafes.to_str().unwrap(),
        ws.to_str().unwrap(),
    );
    let args = [
        "--workspace",
        w,
        "run",
        c,
        "--method",
        "text-model",
        "--model",
        m,
        "--columns",
        "title,category",
        "--json",
    ];
    let first = json(&run(&args, tmp.path()));
    assert_eq!(first["method"], "text_model");
    assert_eq!(first["dimension"], 32);
    assert_eq!(first["cached"], false);
    assert_eq!(first["method_settings"]["model"], "bert_cls");
    assert_eq!(
        first["method_settings"]["columns"],
        serde_json::json!(["title", "category"])
    );
    assert_eq!(first["text_model"]["rows"], 147);
    assert!(
        first["method_label"]
            .as_str()
            .is_some_and(|l| l.starts_with("text_model (bert_cls, columns title + category")),
        "{}",
        first["method_label"]
    );
    // Read back from the workspace the second time.
    let again = json(&run(&args, tmp.path()));
    assert_eq!(again["cached"], true);
    assert_eq!(again["run_id"], first["run_id"]);

    // eval: the default table gains text_model and hybrid_text_model.
    let ev = json(&run(&["eval", c, "--model", m, "--json"], tmp.path()));
    for key in ["text_model", "hybrid_text_model", "als", "popularity"] {
        assert!(
            ev["methods"][key]["recall@10"].is_number(),
            "{key}: {}",
            ev["methods"][key]
        );
    }

    // export: the text model's vectors as .npy.
    let out = tmp.path().join("tm");
    let ex = json(&run(
        &[
            "export",
            c,
            "--method",
            "text-model",
            "--model",
            m,
            "--format",
            "npy",
            "--out",
            out.to_str().unwrap(),
            "--json",
        ],
        tmp.path(),
    ));
    assert_eq!(ex["method"], "text_model");
    let x: Array2<f32> = ndarray_npy::read_npy(tmp.path().join("tm.npy")).unwrap();
    assert_eq!(x.ncols(), 32);

    // compare: text model against ALS on the same dataset.
    let cmp = json(&run(
        &[
            "--workspace",
            w,
            "compare",
            "--dataset",
            c,
            "--method-a",
            "text-model",
            "--method-b",
            "als",
            "--model",
            m,
            "--json",
        ],
        tmp.path(),
    ));
    assert_eq!(cmp["run_a"]["method"], "text_model", "{cmp}");
}

#[test]
fn text_model_without_a_model_or_with_a_bad_one_says_so() {
    let tmp = tempfile::tempdir().unwrap();
    let cafes = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data/cafes");
    let c = cafes.to_str().unwrap();
    let e = stderr(&run(
        &["--no-workspace", "run", c, "--method", "text-model"],
        tmp.path(),
    ));
    assert!(e.contains("--model DIR"), "{e}");
    let e = stderr(&run(
        &["eval", c, "--methods", "text-model,popularity"],
        tmp.path(),
    ));
    assert!(e.contains("needs --model DIR"), "{e}");
    let e = stderr(&run(
        &[
            "--no-workspace",
            "run",
            c,
            "--method",
            "als",
            "--model",
            fixture("bert_cls").to_str().unwrap(),
        ],
        tmp.path(),
    ));
    assert!(e.contains("--model is used by --method text-model"), "{e}");
    let e = stderr(&run(
        &[
            "--no-workspace",
            "run",
            c,
            "--method",
            "text-model",
            "--model",
            c,
        ],
        tmp.path(),
    ));
    assert!(e.contains("config.json"), "{e}");
}
