//! The text model in the app: choosing "text model" without a model opens the picker; a typed
//! folder, or a dropped one, is checked and described; "Embed the items" shows the map and the
//! neighbours of the text model; the evaluation table and the hybrid include it; a folder that
//! is not a model is refused with the file named while the run on screen stays; and the picker
//! speaks Japanese.

pub mod common;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use common::kittest::{Setup, app, loaded, push, step_until};
use common::sample;
use egui_kittest::kittest::Queryable;
use embedscope::embed::Method;
use embedscope::gui::App;
use embedscope::gui::i18n::Lang;
use embedscope::gui::state::{Command, MethodChoice};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/text_models")
        .join(name)
}

fn method_is(a: &App, m: Method) -> bool {
    loaded(a)
        && a.state
            .run
            .as_ref()
            .is_some_and(|r| r.embeddings.method == m)
}

#[derive(Debug)]
struct Dropped(PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &Path {
        &self.0
    }

    fn bytes(&self) -> Result<Vec<u8>, String> {
        Err("a folder".to_owned())
    }
}

#[test]
fn pick_a_model_embed_the_items_and_find_it_in_eval_and_hybrid() {
    let mut h = Setup::new(sample("cafes")).size(1600.0, 1000.0).build();
    step_until(&mut h, loaded);
    // No model yet: the method button opens the picker instead of running.
    h.get_by_label("text model (neural)").click();
    h.run_steps(3);
    assert!(app(&h).state.model_picker.open);
    assert_eq!(app(&h).state.settings.method, MethodChoice::Features);
    h.get_by_label_contains("No model chosen yet");

    // A typed folder, then "Use".
    let model = fixture("bert_cls");
    push(&mut h, Command::SetModelPath(model.display().to_string()));
    h.run_steps(2);
    h.query_all_by_label("Use")
        .next()
        .expect("the Use button of the typed path")
        .click();
    h.run_steps(3);
    assert_eq!(app(&h).state.settings.text_model.as_ref(), Some(&model));
    h.get_by_label_contains("bert_cls · BERT · 32 dimensions");
    // The text of an item, previewed.
    h.get_by_label_contains("becomes: \"Café Komorebi ⏎ Teaching case A");

    // The picker scrolls inside the docked panel under the map: bring the button into view.
    h.get_by_label("Embed the items").scroll_to_me();
    h.run_steps(3);
    h.get_by_label("Embed the items").click();
    step_until(&mut h, |a| method_is(a, Method::TextModel));
    assert_eq!(app(&h).state.settings.method, MethodChoice::TextModel);
    h.get_by_label_contains("bert_cls: 147 items in");
    let run = Arc::clone(app(&h).state.run.as_ref().unwrap());
    assert_eq!(run.embeddings.dim(), 32);
    // Neighbours of an item under the text model.
    push(&mut h, Command::Select(Some(0)));
    step_until(&mut h, |a| {
        a.state.comparison.as_ref().is_some_and(Result::is_ok)
    });

    // The evaluation table has the text model, alone and in the hybrid.
    push(&mut h, Command::RunEval);
    step_until(&mut h, |a| {
        a.state.eval.report.is_some() && a.state.eval.job.is_none()
    });
    let report = app(&h).state.eval.report.clone().unwrap().1;
    assert!(report["methods"]["text_model"]["recall@10"].is_number());
    assert!(report["methods"]["hybrid_text_model"]["recall@10"].is_number());

    // The hybrid with the text model as its text part.
    push(&mut h, Command::SetMethod(MethodChoice::Hybrid));
    step_until(&mut h, |a| method_is(a, Method::Hybrid));
    h.get_by_label("text part from the text model").click();
    step_until(&mut h, |a| {
        method_is(a, Method::Hybrid)
            && a.state
                .run
                .as_ref()
                .is_some_and(|r| r.embeddings.text_model.is_some())
    });
    assert!(app(&h).state.settings.hybrid_text_model);
}

#[test]
fn a_dropped_model_folder_is_chosen_and_a_bad_one_refused() {
    let mut h = Setup::new(sample("cafes")).build();
    step_until(&mut h, loaded);
    let model = fixture("static_model2vec");
    h.input_mut()
        .dropped_files
        .push(Arc::new(Dropped(model.clone())));
    h.run_steps(4);
    let a = app(&h);
    assert!(a.state.model_picker.open);
    assert_eq!(a.state.settings.text_model.as_ref(), Some(&model));
    // The dataset on screen did not change.
    assert_eq!(a.state.run.as_ref().unwrap().data.items.len(), 147);

    // A folder that is not a model: refused, the file named, the choice and the run kept.
    let not_a_model = sample("cafes");
    push(&mut h, Command::ChooseModel(not_a_model));
    h.run_steps(3);
    h.get_by_label_contains("config.json");
    let a = app(&h);
    assert_eq!(a.state.settings.text_model.as_ref(), Some(&model));
    assert!(a.state.run.is_some());
}

#[test]
fn the_picker_speaks_japanese() {
    let mut h = Setup::new(sample("cafes")).lang(Lang::Ja).build();
    step_until(&mut h, loaded);
    h.get_by_label("テキストモデル（ニューラル）").click();
    h.run_steps(3);
    h.get_by_label("テキストモデル");
    h.get_by_label_contains("まだモデルが選ばれていません");
    push(&mut h, Command::ChooseModel(sample("cafes")));
    h.run_steps(3);
    h.get_by_label_contains("モデルの設定ファイル config.json");
    push(&mut h, Command::ChooseModel(fixture("bert_cls")));
    h.run_steps(3);
    h.get_by_label_contains("bert_cls・BERT・32次元");
    h.get_by_label("アイテムを埋め込む");
}
