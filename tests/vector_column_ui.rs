//! Parquet files with several vector columns: the loader names the candidates (a variant the
//! GUI can act on, with the CLI's message), and the GUI asks which column to use in a dialog,
//! then loads the file with that column (kittest, no window).

pub mod common;

use common::kittest::{harness, step_until};
use egui_kittest::kittest::Queryable;
use embedscope::DataError;
use embedscope::data::formats::{LoadOptions, load_opts};

#[test]
fn loader_lists_the_candidates_and_loads_the_chosen_one() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("two.parquet");
    common::two_vector_parquet(&p);
    let e = load_opts(&p, &LoadOptions::default()).unwrap_err();
    assert_eq!(
        e.to_string(),
        "two.parquet: several columns hold vectors (text_emb, image_emb); choose one with --vector-column"
    );
    let DataError::SeveralVectorColumns { candidates, .. } = e else {
        panic!("expected SeveralVectorColumns, found {e:?}");
    };
    assert_eq!(candidates, ["text_emb", "image_emb"]);
    let opts = LoadOptions {
        vector_column: Some("image_emb".into()),
        ..LoadOptions::default()
    };
    let d = load_opts(&p, &opts).unwrap();
    let v = d.item_vectors.unwrap();
    assert_eq!(v.dim(), (3, 3));
    assert_eq!(v.row(2).to_vec(), [7.0_f32, 8.0, 9.5]);
}

#[test]
fn the_gui_asks_which_column_and_reloads() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("two.parquet");
    common::two_vector_parquet(&p);
    let mut h = harness(p.clone());
    step_until(&mut h, |a| a.state.vector_choice.is_some());
    h.run_steps(2);
    h.get_by_label("Which column holds the vectors?");
    let choice = h
        .state()
        .as_ref()
        .unwrap()
        .state
        .vector_choice
        .clone()
        .unwrap();
    assert_eq!(choice.candidates, ["text_emb", "image_emb"]);
    assert_eq!(choice.path, p);
    // Pick the second column in the combo box, then Load.
    h.get_by_label("Vector column").click();
    h.run_steps(2);
    h.get_by_label("image_emb").click();
    h.run_steps(2);
    h.get_by_label("Load with this column").click();
    step_until(&mut h, |a| {
        a.state.running.is_none() && a.state.run.is_some()
    });
    let a = h.state().as_ref().unwrap();
    assert!(a.state.vector_choice.is_none());
    let run = a.state.run.as_ref().unwrap();
    assert_eq!(run.data.item_vectors.as_ref().unwrap().ncols(), 3);
    assert_eq!(run.data.items.ids, ["p", "q", "r"]);
}
