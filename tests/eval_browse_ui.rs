//! The evaluation panel's "Browse…" / "File…" buttons: beside the path of the dataset a Spark
//! model was trained on, and beside the path of vectors trained elsewhere. The system dialog
//! runs on its own thread and answers on a channel (`EvalState::dialog`); these tests answer
//! on that channel as the dialog would, so the answer takes the app's own path from there to
//! the field and the evaluation.

pub mod common;

use std::path::{Path, PathBuf};
use std::sync::mpsc;

use common::cli::arg as s;
use common::kittest::{Slot, loaded, push, step_until};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use embedscope::embed::als::RegularizationScale;
use embedscope::gui::i18n::Lang;
use embedscope::gui::state::Command;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Open the evaluation panel.
fn open_panel(h: &mut Harness<'_, Slot>) {
    h.get_by_label("Offline evaluation: which method works on this data?")
        .click();
    h.run_steps(10);
}

/// A dialog that is open until the returned sender answers (as `pick_path_dialog`'s thread).
fn open_dialog(h: &mut Harness<'_, Slot>) -> mpsc::Sender<Option<PathBuf>> {
    let (tx, rx) = mpsc::channel();
    h.state_mut().as_mut().expect("app").state.eval.dialog = Some(rx);
    h.run_steps(2);
    tx
}

fn disabled(h: &Harness<'_, Slot>, label: &str) -> bool {
    h.get_by_label(label).accesskit_node().is_disabled()
}

fn other_path(h: &Harness<'_, Slot>) -> String {
    h.state()
        .as_ref()
        .expect("app")
        .state
        .eval
        .other_path
        .clone()
}

/// Run the evaluation and return its report.
fn evaluate(h: &mut Harness<'_, Slot>) -> serde_json::Value {
    h.get_by_label("Evaluate").click();
    step_until(h, |a| {
        a.state.eval.job.is_none()
            && (a.state.eval.report.is_some() || a.state.eval.error.is_some())
    });
    let app = h.state().as_ref().expect("app");
    assert!(app.state.eval.error.is_none(), "{:?}", app.state.eval.error);
    app.state.eval.report.as_ref().expect("report").1.clone()
}

#[test]
fn browsing_for_the_dataset_of_a_spark_model_fills_the_field_and_enables_the_evaluation() {
    let model = fixture("spark_als_cafes");
    let cafes = common::sample("cafes");
    let mut h = common::kittest::Setup::new(model)
        .size(1500.0, 1400.0)
        .build();
    step_until(&mut h, loaded);
    open_panel(&mut h);
    h.get_by_label_contains("This model has user and item vectors but no interactions");
    // Both buttons beside the empty field; nothing to evaluate yet.
    assert!(!disabled(&h, "Browse…") && !disabled(&h, "File…"));
    assert!(disabled(&h, "Evaluate"));
    push(
        &mut h,
        Command::SetAlsRegularization(RegularizationScale::Spark),
    );
    h.run_steps(2);
    // While the dialog is open the buttons wait for it.
    let tx = open_dialog(&mut h);
    assert!(disabled(&h, "Browse…") && disabled(&h, "File…"));
    assert!(other_path(&h).is_empty());
    // Cancelled (or no dialog could be shown): the field stays as it was.
    tx.send(None).unwrap();
    h.run_steps(3);
    assert!(other_path(&h).is_empty());
    assert!(!disabled(&h, "Browse…"));
    assert!(disabled(&h, "Evaluate"));
    // A folder chosen: it fills the field and the evaluation can run.
    let tx = open_dialog(&mut h);
    tx.send(Some(cafes.clone())).unwrap();
    h.run_steps(3);
    assert_eq!(other_path(&h), s(&cafes));
    assert!(h.query_all_by_value(s(&cafes)).count() >= 1);
    assert!(!disabled(&h, "Evaluate"));
    assert!(!disabled(&h, "Browse…"));
    let report = evaluate(&mut h);
    assert!(
        report["methods"]["imported"]["recall@10"]
            .as_f64()
            .is_some()
    );
    assert!(report["methods"]["als"]["recall@10"].as_f64().is_some());
    // ALS-WR solves each row exactly: the report names no conjugate-gradient steps.
    assert_eq!(report["params"]["regularization_scale"], "spark");
    assert!(
        report["params"]["cg_steps"].is_null(),
        "{}",
        report["params"]
    );
    // The same buttons in Japanese.
    h.get_by_label("日本語").click();
    step_until(&mut h, |a| a.state.lang() == Lang::Ja);
    h.get_by_label("参照…");
    h.get_by_label("ファイル…");
}

#[test]
fn browsing_for_vectors_trained_elsewhere_adds_their_row() {
    let model = fixture("spark_als_cafes");
    let mut h = common::kittest::Setup::new(common::sample("cafes"))
        .size(1500.0, 1400.0)
        .build();
    step_until(&mut h, loaded);
    open_panel(&mut h);
    h.get_by_label("Vectors trained elsewhere (optional)");
    assert!(!disabled(&h, "Browse…") && !disabled(&h, "File…"));
    // The cafés have interactions: the evaluation runs without vectors, and has no imported row.
    assert!(!disabled(&h, "Evaluate"));
    let report = evaluate(&mut h);
    assert!(report["methods"].get("imported").is_none());
    assert_eq!(report["params"]["cg_steps"], 3);
    // The Spark model chosen in the dialog: the field shows it and the table gains its row.
    let tx = open_dialog(&mut h);
    tx.send(Some(model.clone())).unwrap();
    h.run_steps(3);
    assert_eq!(other_path(&h), s(&model));
    assert!(h.query_all_by_value(s(&model)).count() >= 1);
    let report = evaluate(&mut h);
    let imported = &report["methods"]["imported"];
    assert_eq!(imported["trained_by"]["engine"], "spark_als");
    assert!(imported["recall@10"].as_f64().is_some());
    h.run_steps(2);
    h.get_by_label("Spark ALS (imported)");
}
