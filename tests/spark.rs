//! Real Spark output (written once by PySpark, `bench/spark/`; CI needs no Java): a saved
//! `ALSModel` folder opens in the CLI and the GUI with Spark's own users and items, `eval
//! --vectors` scores it on our split exactly as numpy does from its factors, and a partitioned
//! Parquet table written by Spark opens with its partition column offered for colouring.

pub mod common;

use std::path::{Path, PathBuf};

use common::cli::{embedscope, eval_split, json};
use common::kittest::{Setup, loaded, step_until};
use egui_kittest::kittest::Queryable;
use embedscope::gui::i18n::Lang;
use serde_json::Value;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

use common::cli::arg as s;

/// What `bench/spark/check_metrics.py` printed for the fixture.
fn reference() -> Value {
    let text =
        std::fs::read_to_string(fixture("spark_cafes/reference.json")).expect("reference.json");
    serde_json::from_str(&text).expect("reference.json is JSON")
}

#[test]
fn run_opens_the_model_with_sparks_counts_rank_and_parameters() {
    let model = fixture("spark_als_cafes");
    let v = json(&embedscope(&["run", s(&model), "--json"]));
    let r = reference();
    assert_eq!(v["items"], r["model_items"]);
    assert_eq!(v["users"], r["model_users"]);
    assert_eq!(v["users_placed"], r["model_users"]);
    assert_eq!(v["dimension"], r["rank"]);
    assert_eq!(v["method"], "imported");
    assert_eq!(v["trained_by"]["rank"], 8);
    assert_eq!(v["trained_by"]["regParam"], 0.05);
    assert_eq!(v["trained_by"]["maxIter"], 15);
    assert_eq!(
        v["trained_by"]["label"],
        "trained by Spark ALS 4.3.0, rank 8, regParam 0.05, alpha 2, maxIter 15, implicitPrefs true"
    );
    // A user has Spark's own vector: neighbours of a user work.
    let n = json(&embedscope(&[
        "neighbours",
        s(&model),
        "--user",
        "u01",
        "--k",
        "3",
        "--json",
    ]));
    assert_eq!(n["query"]["id"], "u01");
    // The text output says it too.
    let out = embedscope(&["run", s(&model)]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("trained by Spark ALS 4.3.0, rank 8, regParam 0.05"),
        "{text}"
    );
}

#[test]
fn eval_scores_the_spark_model_as_numpy_does_and_counts_what_is_missing() {
    let split = fixture("spark_cafes");
    let model = fixture("spark_als_cafes");
    let cafes = common::sample("cafes");
    let out = eval_split(
        &cafes,
        &split,
        "als,popularity,imported",
        &["--vectors", s(&model), "--json"],
    );
    let v = json(&out);
    let r = reference();
    let m = &v["methods"]["imported"];
    for key in ["recall@10", "ndcg@10"] {
        let (got, want) = (m[key].as_f64().unwrap(), r[key].as_f64().unwrap());
        assert!((got - want).abs() < 1e-9, "{key}: {got} vs numpy {want}");
    }
    assert_eq!(v["eval_users"], r["eval_users"]);
    assert_eq!(m["missing_users"], r["missing_users"]);
    assert_eq!(m["missing_items"], r["missing_items"]);
    assert_eq!(m["missing_items"], 1);
    assert_eq!(m["vector_items"], 143);
    assert_eq!(m["trained_by"]["rank"], 8);
    // The other rows are still there, with their shapes.
    assert!(v["methods"]["als"]["recall@10"].as_f64().is_some());
    assert!(v["methods"]["popularity"]["recall@10"].as_f64().is_some());
    // Text output reports the missing counts.
    let out = eval_split(&cafes, &split, "imported", &["--vectors", s(&model)]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("0 of 80 evaluated users and 1 of 144 items have no vector"),
        "{text}"
    );
}

#[test]
fn als_wr_reports_no_conjugate_gradient_steps_because_it_solves_each_row_exactly() {
    let split = fixture("spark_cafes");
    let cafes = common::sample("cafes");
    let small = ["--factors", "4", "--iterations", "2"];
    let eval = |scale: &str, extra: &[&str]| {
        let mut args = vec!["--regularization-scale", scale, "--json"];
        args.extend_from_slice(&small);
        args.extend_from_slice(extra);
        json(&eval_split(&cafes, &split, "als,hybrid", &args))
    };
    // ALS-WR (Spark's convention) solves each row by Cholesky: no CG steps, even when the
    // flag is given.
    for extra in [&[][..], &["--cg-steps", "5"][..]] {
        let v = eval("spark", extra);
        // The flag is accepted (scripts that set it for both conventions keep working) and
        // the run says it was not used.
        let mut args = vec!["--regularization-scale", "spark"];
        args.extend_from_slice(&small);
        args.extend_from_slice(extra);
        let err = eval_split(&cafes, &split, "als", &args).stderr;
        assert_eq!(
            String::from_utf8_lossy(&err).contains("--cg-steps is not used"),
            !extra.is_empty(),
            "{}",
            String::from_utf8_lossy(&err)
        );
        assert!(v["params"]["cg_steps"].is_null(), "{}", v["params"]);
        assert_eq!(v["params"]["regularization_scale"], "spark");
        let als = &v["methods"]["als"]["method_settings"];
        assert!(als["cg_steps"].is_null(), "{als}");
        assert_eq!(als["factors"], 4);
        let hybrid = &v["methods"]["hybrid"]["method_settings"]["als"];
        assert!(hybrid["cg_steps"].is_null(), "{hybrid}");
    }
    // The default convention still reports the steps it took.
    let v = eval("plain", &["--cg-steps", "5"]);
    assert_eq!(v["params"]["cg_steps"], 5);
    assert_eq!(v["methods"]["als"]["method_settings"]["cg_steps"], 5);
    assert_eq!(
        v["methods"]["hybrid"]["method_settings"]["als"]["cg_steps"],
        5
    );
    // Text output: ALS-WR is named, and nothing claims conjugate-gradient steps.
    let mut args = vec!["--regularization-scale", "spark"];
    args.extend_from_slice(&small);
    let out = eval_split(&cafes, &split, "als", &args);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("ALS-WR"), "{text}");
    for claim in ["CG", "cg step", "cg_steps", "onjugate"] {
        assert!(!text.contains(claim), "{claim}: {text}");
    }
}

/// The rows of a JSON array of arrays, flattened.
fn flat(v: &Value) -> Vec<f32> {
    v.as_array()
        .expect("an array of rows")
        .iter()
        .flat_map(|row| row.as_array().expect("a row").iter())
        .map(|x| x.as_f64().expect("a number") as f32)
        .collect()
}

#[test]
fn als_wr_from_sparks_own_start_gives_sparks_factors() {
    // `bench/spark/same_start.py`: Spark 4.3.0's ALS on the cafés split with maxIter=0 (its
    // start) and maxIter=15 (seed 42); a numpy replay of Spark's iterations matched it exactly.
    use embedscope::embed::als::{AlsModel, AlsParams, RegularizationScale, fit_from};
    let text = std::fs::read_to_string(fixture("spark_cafes/same_start.json")).unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["numpy_replay_max_abs_diff"], 0.0);
    let ids = |k: &str| -> Vec<String> {
        v[k].as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_owned())
            .collect()
    };
    let (users, items) = (ids("users"), ids("items"));
    let mut user_items: Vec<Vec<u32>> = vec![Vec::new(); users.len()];
    let train = std::fs::read_to_string(fixture("spark_cafes/train.tsv")).unwrap();
    for line in train.lines().filter(|l| !l.trim().is_empty()) {
        let mut cols = line.split('\t');
        let (u, i) = (cols.next().unwrap(), cols.next().unwrap());
        let u = users.iter().position(|x| x == u).unwrap();
        let i = items.iter().position(|x| x == i).unwrap() as u32;
        user_items[u].push(i);
    }
    for list in &mut user_items {
        list.sort_unstable();
        list.dedup();
    }
    let f = 8;
    let params = AlsParams {
        factors: f,
        iterations: 15,
        regularization: 0.05,
        alpha: 2.0,
        regularization_scale: RegularizationScale::Spark,
        ..AlsParams::default()
    }
    .validate()
    .unwrap();
    let start = AlsModel {
        factors: f,
        user_factors: flat(&v["start_user_factors"]),
        item_factors: flat(&v["start_item_factors"]),
    };
    let progress = embedscope::pipeline::progress::Progress::silent();
    let m = fit_from(&user_items, items.len(), &params, start, &progress).unwrap();
    let (want_u, want_i) = (flat(&v["user_factors"]), flat(&v["item_factors"]));
    let worst = |got: &[f32], want: &[f32]| {
        got.iter()
            .zip(want)
            .map(|(a, b)| (a - b).abs())
            .fold(0.0_f32, f32::max)
    };
    let (du, di) = (
        worst(&m.user_factors, &want_u),
        worst(&m.item_factors, &want_i),
    );
    assert!(du < TOL && di < TOL, "users {du}, items {di}");
    // The same factors, so the same top-10 list for every user (train items excluded).
    let top = |uf: &[f32], itf: &[f32], u: usize| -> Vec<usize> {
        let x = &uf[u * f..(u + 1) * f];
        let mut s: Vec<(f32, usize)> = itf
            .chunks_exact(f)
            .enumerate()
            .filter(|(i, _)| !user_items[u].contains(&(*i as u32)))
            .map(|(i, y)| (x.iter().zip(y).map(|(a, b)| a * b).sum(), i))
            .collect();
        s.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        s.into_iter().take(10).map(|(_, i)| i).collect()
    };
    for (u, id) in users.iter().enumerate() {
        assert_eq!(
            top(&m.user_factors, &m.item_factors, u),
            top(&want_u, &want_i, u),
            "{id}"
        );
    }
    // A start of the wrong shape is refused.
    let bad = AlsModel {
        factors: f,
        user_factors: vec![0.0; f],
        item_factors: vec![0.0; items.len() * f],
    };
    let e = fit_from(&user_items, items.len(), &params, bad, &progress).unwrap_err();
    assert!(e.to_string().contains("starting factors"), "{e}");
}

/// How far embedscope's factors may be from Spark's after 15 iterations from the same start:
/// float32 rows, float64 solves summed in a different order (measured: 6e-8, one float32 step
/// at these magnitudes).
const TOL: f32 = 1e-6;

#[test]
fn vectors_without_user_vectors_are_reported_in_the_imported_row() {
    let split = fixture("spark_cafes");
    let cafes = common::sample("cafes");
    let v = json(&eval_split(
        &cafes,
        &split,
        "popularity,imported",
        &["--vectors", s(&cafes), "--json"],
    ));
    let e = v["methods"]["imported"]["error"].as_str().unwrap();
    assert!(
        e.contains("the imported method needs user and item vectors"),
        "{e}"
    );
    assert!(v["methods"]["popularity"]["recall@10"].as_f64().is_some());
}

#[test]
fn a_model_folder_without_factors_is_exit_2_with_the_folder_named() {
    let dir = tempfile::tempdir().unwrap();
    let meta = dir.path().join("model/metadata");
    std::fs::create_dir_all(&meta).unwrap();
    std::fs::copy(
        std::fs::read_dir(fixture("spark_als_cafes/metadata"))
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .find(|p| {
                p.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with("part-")
            })
            .unwrap(),
        meta.join("part-00000"),
    )
    .unwrap();
    let model = dir.path().join("model");
    for args in [
        vec!["run", s(&model)],
        vec!["neighbours", s(&model), "--user", "u01"],
    ] {
        let out = embedscope(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(
            err.contains("userFactors: the folder userFactors/ is missing"),
            "{err}"
        );
    }
}

#[test]
fn a_partitioned_table_written_by_spark_offers_its_partition_for_colouring() {
    let table = fixture("spark_partitioned");
    let d = embedscope::data::formats::load(&table, None).unwrap();
    assert_eq!(d.items.len(), 12);
    assert_eq!(d.item_vectors.as_ref().unwrap().ncols(), 4);
    // The Hive partition `genre=…` is the category the map colours by.
    let m00 = d.items.find("m00").unwrap() as usize;
    assert_eq!(d.items.category(m00), "comedy");
    assert_eq!(d.items.name(m00, false), "Movie 0");
    let v = d.item_vectors.as_ref().unwrap();
    assert_eq!(
        v.row(m00).to_vec(),
        [1.0_f32, 0.084_147, 0.090_93, 0.014_112]
    );
    let mut genres: Vec<&str> = (0..12).map(|r| d.items.category(r)).collect();
    genres.sort_unstable();
    genres.dedup();
    assert_eq!(genres, ["comedy", "drama", "sci-fi"]);
}

#[test]
fn the_gui_opens_the_model_and_says_spark_trained_it() {
    for (lang, line) in [
        (
            Lang::En,
            "trained by Spark ALS 4.3.0, rank 8, regParam 0.05, alpha 2, maxIter 15, implicitPrefs true",
        ),
        (
            Lang::Ja,
            "Spark ALS 4.3.0 で学習：rank 8, regParam 0.05, alpha 2, maxIter 15, implicitPrefs true",
        ),
    ] {
        let mut h = Setup::new(fixture("spark_als_cafes")).lang(lang).build();
        step_until(&mut h, loaded);
        h.get_by_label(line);
        let app = h.state().as_ref().unwrap();
        let run = app.state.run.as_ref().unwrap();
        assert_eq!(run.data.users.len(), 80);
        assert_eq!(run.embeddings.method, embedscope::embed::Method::Imported);
        assert!(run.embeddings.user_placed.iter().all(|p| *p));
    }
}

#[test]
fn the_als_wr_choice_re_embeds_with_sparks_regularisation() {
    use embedscope::embed::EmbedParams;
    use embedscope::embed::als::{AlsParams, RegularizationScale};
    let mut h = Setup::new(common::sample("cafes")).build();
    step_until(&mut h, loaded);
    h.get_by_label("ALS (collaborative)").click();
    step_until(&mut h, |a| {
        loaded(a)
            && a.state
                .run
                .as_ref()
                .is_some_and(|r| r.embeddings.method == embedscope::embed::Method::Als)
    });
    let plain = h.state().as_ref().unwrap().state.run.clone().unwrap();
    assert_eq!(
        h.state()
            .as_ref()
            .unwrap()
            .state
            .settings
            .als_regularization,
        RegularizationScale::Plain
    );
    h.get_by_label("ALS-WR (Spark): λ × interactions").click();
    step_until(&mut h, |a| {
        loaded(a)
            && a.state
                .run
                .as_ref()
                .is_some_and(|r| !std::sync::Arc::ptr_eq(r, &plain))
    });
    let app = h.state().as_ref().unwrap();
    assert_eq!(
        app.state.settings.als_regularization,
        RegularizationScale::Spark
    );
    // The run on screen is ALS with Spark's convention, exactly.
    let run = app.state.run.as_ref().unwrap();
    let progress = embedscope::pipeline::progress::Progress::silent();
    let want = |scale| {
        let p = EmbedParams::Als(AlsParams {
            regularization_scale: scale,
            ..AlsParams::default()
        });
        embedscope::embed::embed(&run.data, &p, &progress).unwrap()
    };
    assert_eq!(
        *run.embeddings.items,
        *want(RegularizationScale::Spark).items
    );
    assert_ne!(
        *run.embeddings.items,
        *want(RegularizationScale::Plain).items
    );
    assert_eq!(
        *plain.embeddings.items,
        *want(RegularizationScale::Plain).items
    );
    // And the evaluation uses it too.
    match app
        .state
        .settings
        .embed_params(embedscope::gui::state::MethodChoice::Als, &[])
    {
        EmbedParams::Als(p) => assert_eq!(p.regularization_scale, RegularizationScale::Spark),
        other => panic!("{other:?}"),
    }
    // Japanese: the same switch in the PMs' words.
    h.get_by_label("日本語").click();
    step_until(&mut h, |a| a.state.lang() == Lang::Ja);
    h.get_by_label("ALS-WR（Spark 方式）：λ × 利用数");
    h.get_by_label("λ は全員同じ（implicit 方式）").click();
    step_until(&mut h, |a| {
        loaded(a) && a.state.settings.als_regularization == RegularizationScale::Plain
    });
}

#[test]
fn the_evaluation_panel_sets_the_spark_model_beside_als_on_the_clis_split() {
    let model = fixture("spark_als_cafes");
    let cafes = common::sample("cafes");
    // What the CLI says for the same dataset, model and (default) split.
    let cli = json(&embedscope(&[
        "eval",
        s(&cafes),
        "--methods",
        "als,popularity,imported",
        "--vectors",
        s(&model),
        "--json",
    ]));
    let want = &cli["methods"]["imported"];
    let mut h = Setup::new(model.clone()).size(1500.0, 1400.0).build();
    step_until(&mut h, loaded);
    h.get_by_label("Offline evaluation: which method works on this data?")
        .click();
    for _ in 0..10 {
        h.step();
    }
    // The model has no interactions: the panel asks for the dataset it was trained on.
    h.get_by_label_contains("This model has user and item vectors but no interactions");
    common::kittest::push(
        &mut h,
        embedscope::gui::state::Command::SetEvalOtherPath(s(&cafes).to_owned()),
    );
    h.run_steps(2);
    h.get_by_label("Evaluate").click();
    step_until(&mut h, |a| {
        a.state.eval.report.is_some() || a.state.eval.error.is_some()
    });
    let app = h.state().as_ref().unwrap();
    assert!(app.state.eval.error.is_none(), "{:?}", app.state.eval.error);
    let (root, report) = app.state.eval.report.as_ref().unwrap();
    assert_eq!(*root, model);
    let got = &report["methods"]["imported"];
    for key in ["recall@10", "ndcg@10", "precision@10"] {
        assert_eq!(got[key].as_f64(), want[key].as_f64(), "{key}");
    }
    assert_eq!(got["missing_users"], want["missing_users"]);
    assert_eq!(got["missing_items"], want["missing_items"]);
    assert_eq!(report["eval_users"], cli["eval_users"]);
    for m in ["als", "popularity"] {
        assert_eq!(
            report["methods"][m]["recall@10"].as_f64(),
            cli["methods"][m]["recall@10"].as_f64(),
            "{m}"
        );
    }
    // The row, its recall as shown, and what the model lacks.
    h.step();
    h.get_by_label("Spark ALS (imported)");
    let recall = format!("{:.4}", want["recall@10"].as_f64().unwrap());
    assert!(h.query_all_by_label(&recall).count() >= 1, "{recall}");
    let missing = want["missing_items"].as_u64().unwrap() + want["missing_users"].as_u64().unwrap();
    assert_eq!(
        h.query_by_label_contains("have no vector").is_some(),
        missing > 0
    );
    h.get_by_label("日本語").click();
    step_until(&mut h, |a| a.state.lang() == Lang::Ja);
    h.get_by_label("Spark ALS（取り込み）");
}
