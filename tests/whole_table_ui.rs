//! A sampled table in the app (kittest, no window): the counts say "a 40-row sample of 300
//! rows", the neighbour lists say they searched the sample, and "Search the whole table" scans
//! every part in the worker and lists the neighbours from the whole table, marking those not
//! on the map; in both languages.

pub mod common;

use std::sync::Arc;

use common::kittest::{Setup, Slot, app, step_until};
use common::table::table;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable as _;
use embedscope::data::formats::table_sample::SampleRequest;
use embedscope::data::formats::{LoadOptions, load_opts};
use embedscope::gui::i18n::Lang;
use embedscope::gui::map_data::MapData;
use embedscope::pipeline::progress::Progress;
use embedscope::pipeline::{RunParams, run};

/// The app on the table, then showing a 40-row sample of it with its first point selected.
fn sampled(dir: &std::path::Path, lang: Lang) -> Harness<'static, Slot> {
    let mut h = Setup::new(dir.to_path_buf()).lang(lang).build();
    step_until(&mut h, common::kittest::loaded);
    let opts = LoadOptions {
        sample: Some(SampleRequest {
            rows: 40,
            seed: 5,
            stratify: None,
        }),
        ..LoadOptions::default()
    };
    let data = load_opts(dir, &opts).expect("the sample loads");
    let out = run(
        &RunParams {
            loaded: Some(Arc::new(data)),
            ..RunParams::new(dir)
        },
        &Progress::silent(),
    )
    .expect("the pipeline runs");
    {
        let a = h.state_mut().as_mut().expect("app");
        a.state.map = Some(MapData::build(&out));
        a.state.run = Some(Arc::new(out));
        a.state.selected = Some(0);
    }
    h.step();
    h
}

#[test]
fn the_whole_table_is_searched_in_the_worker_and_rows_off_the_map_are_marked() {
    let dir = table();
    let mut h = sampled(dir.path(), Lang::En);
    // The counts above the list, the line above the map and the one under the neighbour lists.
    assert_eq!(
        h.query_all_by_label_contains("a 40-row sample of 300 rows")
            .count(),
        3
    );
    assert!(
        h.query_by_label("This map shows a 40-row sample of 300 rows.")
            .is_some()
    );
    assert!(
        h.query_by_label(
            "These lists searched the sample on the map (a 40-row sample of 300 rows)."
        )
        .is_some()
    );
    h.get_by_label("Search the whole table (300 rows)").click();
    step_until(&mut h, |a| {
        a.state.whole_table.result.is_some() && a.state.whole_table.job.is_none()
    });
    let (point, found) = app(&h).state.whole_table.result.clone().expect("a result");
    assert_eq!(point, 0);
    assert_eq!(found.rows_searched, 300);
    assert_eq!(found.euclidean.len(), app(&h).state.settings.k.min(299));
    assert!(
        h.query_by_label_contains("The whole table: 300 rows searched in")
            .is_some()
    );
    // Most of the table is not on a 40-point map: some neighbour is marked.
    assert!(found.euclidean.iter().any(|hit| !hit.in_sample));
    assert!(h.query_all_by_label("not on the map").count() > 0);
}

#[test]
fn japanese_names_the_sample_and_the_search() {
    let dir = table();
    let mut h = sampled(dir.path(), Lang::Ja);
    assert_eq!(
        h.query_all_by_label_contains("300行から無作為に選んだ40行の標本")
            .count(),
        3
    );
    h.get_by_label("テーブル全体を検索（300行）").click();
    step_until(&mut h, |a| a.state.whole_table.result.is_some());
    assert!(h.query_by_label_contains("テーブル全体：300行を").is_some());
    assert!(h.query_all_by_label("地図にない行").count() > 0);
}
