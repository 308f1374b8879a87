//! The data-audit panel alone (kittest, no window): tick a finding by its label → it is in the
//! excluded set and "Re-run without excluded rows" asks for a re-run; info findings with nothing
//! to drop cannot be ticked; the Japanese labels work the same way.

pub mod common;

use std::collections::BTreeSet;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use embedscope::data::audit::{AuditParams, AuditReport, Exclusion, FindingKind, audit};
use embedscope::data::formats::load_native;
use embedscope::gui::audit_ui::{AuditAction, audit_ui, excluded_kinds};
use embedscope::gui::i18n::Lang;

struct Panel {
    report: AuditReport,
    lang: Lang,
    excluded: BTreeSet<String>,
    actions: Vec<AuditAction>,
}

fn harness(report: AuditReport) -> Harness<'static, Panel> {
    Harness::builder()
        .with_size(egui::vec2(900.0, 1100.0))
        .with_context_setup(|ctx| {
            let _cjk_missing = embedscope::gui::fonts::install(ctx, Some("ja"));
        })
        .build_ui_state(
            |ui, p: &mut Panel| {
                let a = audit_ui(ui, &p.report, p.lang, &mut p.excluded);
                if a != AuditAction::None {
                    p.actions.push(a);
                }
            },
            Panel {
                report,
                lang: Lang::En,
                excluded: BTreeSet::new(),
                actions: Vec::new(),
            },
        )
}

#[test]
fn ticking_a_finding_excludes_its_rows_and_asks_for_a_rerun() {
    let data = load_native(&common::sample("streaming")).unwrap();
    let report = audit(&data, &AuditParams::default()).unwrap();
    let mut h = harness(report);
    h.run();
    assert!(h.state().excluded.is_empty());

    h.get_by_label("Duplicate items under different ids")
        .click();
    h.run();
    assert_eq!(
        h.state().excluded,
        BTreeSet::from(["duplicate_items".to_owned()])
    );
    // The size guideline drops nothing: its box is disabled and stays unticked.
    h.get_by_label("Size vs the guideline").click();
    h.run();
    assert_eq!(h.state().excluded.len(), 1);

    h.get_by_label("Re-run without excluded rows").click();
    h.run();
    assert_eq!(h.state().actions, [AuditAction::Rerun]);
    // What the app then does with the set: the three planted copies go.
    let kinds = excluded_kinds(&h.state().excluded);
    assert_eq!(kinds, [FindingKind::DuplicateItems]);
    let (_, summary) = Exclusion::from_report(&h.state().report, &kinds).apply(&data);
    assert_eq!(summary.items, ["5001", "5002", "5003"]);

    // In Japanese the same box has the Japanese label; unticking empties the set.
    h.state_mut().lang = Lang::Ja;
    h.run();
    h.get_by_label("IDの違う重複アイテム").click();
    h.run();
    assert!(h.state().excluded.is_empty());
}
