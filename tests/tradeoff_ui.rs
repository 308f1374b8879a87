//! The trade-off panel alone (kittest, no window), drawing a table measured just now on the
//! cafés sample: each setting is a labelled row with its measured recall; "Measure" asks for the
//! ticked dimensions and indexes; while running, Cancel is offered instead; Japanese labels work.

pub mod common;

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use embedscope::data::formats::load_native;
use embedscope::gui::i18n::Lang;
use embedscope::gui::tradeoff_ui::{TradeoffAction, tradeoff_ui};
use embedscope::pipeline::progress::Progress;
use embedscope::pipeline::tradeoff::{IndexKind, TradeoffParams, TradeoffTable, tradeoff};

struct Panel {
    table: Option<TradeoffTable>,
    running: Option<f32>,
    lang: Lang,
    actions: Vec<TradeoffAction>,
}

fn harness(table: Option<TradeoffTable>) -> Harness<'static, Panel> {
    Harness::builder()
        .with_size(egui::vec2(1200.0, 900.0))
        .with_context_setup(|ctx| {
            let _cjk_missing = embedscope::gui::fonts::install(ctx, Some("ja"));
        })
        .build_ui_state(
            |ui, p: &mut Panel| {
                let a = tradeoff_ui(ui, p.table.as_ref(), p.running, p.lang);
                if a != TradeoffAction::None {
                    p.actions.push(a);
                }
            },
            Panel {
                table,
                running: None,
                lang: Lang::En,
                actions: Vec::new(),
            },
        )
}

fn cafes_table() -> TradeoffTable {
    let data = load_native(&common::sample("cafes")).expect("the cafés sample loads");
    let params = TradeoffParams {
        dims: vec![4, 8],
        ..TradeoffParams::default()
    };
    tradeoff(&data, &params, &Progress::silent()).expect("the trade-off runs on the cafés")
}

#[test]
fn rows_show_measured_values_and_measure_asks_for_the_ticked_settings() {
    let table = cafes_table();
    assert_eq!(table.settings.len(), 4);
    let d4_exact = table.settings[0].clone();
    let mut h = harness(Some(table));
    h.run();
    // Every setting has its row, labelled as on the chart.
    for label in ["d=4 exact", "d=4 HNSW", "d=8 exact", "d=8 HNSW"] {
        let _ = h.get_by_label(label);
    }
    // The recall printed is the one measured (exact and HNSW may share it: at least one cell).
    let recall = format!("{:.4}", d4_exact.recall_at_k);
    assert!(h.query_all_by_label(&recall).count() >= 1, "{recall}");
    let bytes = format!("{:.1} KiB", d4_exact.index_bytes as f64 / 1024.0);
    assert!(h.query_all_by_label(&bytes).count() >= 1, "{bytes}");

    h.get_by_label("Measure").click();
    h.run();
    assert_eq!(
        h.state().actions,
        [TradeoffAction::Run {
            dims: vec![8, 16, 32, 64, 128],
            indexes: vec![IndexKind::Exact, IndexKind::Hnsw],
        }]
    );

    // Untick 128 and HNSW, tick 4: the next request follows the boxes.
    h.get_by_role_and_label(Role::CheckBox, "128").click();
    h.get_by_role_and_label(Role::CheckBox, "4").click();
    h.get_by_label("HNSW (approximate graph)").click();
    h.run();
    h.get_by_label("Measure").click();
    h.run();
    assert_eq!(
        h.state().actions[1],
        TradeoffAction::Run {
            dims: vec![4, 8, 16, 32, 64],
            indexes: vec![IndexKind::Exact],
        }
    );
}

#[test]
fn running_offers_cancel_and_japanese_labels_work() {
    let mut h = harness(None);
    h.state_mut().running = Some(0.4);
    // The spinner keeps repainting: step instead of waiting for the UI to settle.
    h.run_steps(2);
    assert!(h.query_by_label("Measure").is_none());
    let _ = h.get_by_label("Measuring… 40%");
    assert!(
        h.query_by_label_contains("Nothing measured yet").is_none(),
        "while measuring, not \"nothing measured\""
    );
    h.get_by_label("Cancel").click();
    h.run_steps(2);
    assert_eq!(h.state().actions, [TradeoffAction::Cancel]);

    h.state_mut().running = None;
    h.state_mut().lang = Lang::Ja;
    h.run();
    let _ = h.get_by_label(
        "まだ測定していません。次元数とインデックスを選んで「測定する」を押してください。",
    );
    h.get_by_label("測定する").click();
    h.run();
    assert!(matches!(
        h.state().actions.last(),
        Some(TradeoffAction::Run { .. })
    ));
}
