//! Legends sit outside their plots (a legend box inside a plot hid a third of the cafés on the
//! Learn maps): on every Learn step's pictures, the A/B chart and the audit's histogram, each
//! legend entry is a widget of its own whose rectangle meets no plot's rectangle, in English and
//! in Japanese.

pub mod common;

use common::kittest::{Setup, Slot, app, loaded, step_until};
use common::sample;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use embedscope::gui::i18n::{Key, Lang, tr};
use embedscope::gui::state::Tab;

/// The plots on screen: egui_plot's interaction area (a large node without a role).
fn plots(h: &Harness<'_, Slot>) -> Vec<egui::Rect> {
    h.query_all_by(|n| {
        n.role() == Role::Unknown
            && n.raw_bounds()
                .is_some_and(|b| b.width() > 200.0 && b.height() > 80.0)
    })
    .map(|n| n.rect())
    .collect()
}

/// Every label in `entries` is on screen, and none of its nodes overlaps a plot.
fn outside_the_plots(h: &Harness<'_, Slot>, entries: &[String], what: &str) {
    let plots = plots(h);
    assert!(!plots.is_empty(), "{what}: no plot on screen");
    for label in entries {
        let nodes: Vec<egui::Rect> = h.query_all_by_label(label).map(|n| n.rect()).collect();
        assert!(!nodes.is_empty(), "{what}: no legend entry {label:?}");
        for r in &nodes {
            for p in &plots {
                assert!(
                    !r.intersects(*p),
                    "{what}: legend entry {label:?} at {r:?} lies on the plot at {p:?}"
                );
            }
        }
    }
}

fn learn(lang: Lang) -> Harness<'static, Slot> {
    let mut h = Setup::new(sample("cafes"))
        .lang(lang)
        .size(1500.0, 1000.0)
        .build();
    step_until(&mut h, loaded);
    h.get_by_label(tr(lang, Key::TabLearn)).click();
    step_until(&mut h, |a| a.state.tab == Tab::Learn);
    h.run_steps(3);
    h
}

/// The map's colour groups as the legend names them.
fn groups(h: &Harness<'_, Slot>, lang: Lang) -> Vec<String> {
    let map = app(h).state.map.as_ref().expect("a map");
    map.coloring
        .groups
        .iter()
        .map(|g| {
            if lang.is_ja() {
                g.label_ja.clone()
            } else {
                g.label.clone()
            }
        })
        .collect()
}

/// Click the step button "N …" (its label starts with the step's number).
fn click_step(h: &Harness<'_, Slot>, number: &str) {
    let prefix = format!("{number} ");
    h.query_all_by(|n| n.label().is_some_and(|l| l.starts_with(&prefix)))
        .next()
        .unwrap_or_else(|| panic!("no step button {number}"))
        .click();
}

fn keys(lang: Lang, keys: &[Key]) -> Vec<String> {
    keys.iter().map(|k| tr(lang, *k).to_owned()).collect()
}

fn every_learn_picture(lang: Lang) {
    let mut h = learn(lang);
    // The tab opens on step 0, the goal card.
    click_step(&h, "1");
    h.run_steps(4);
    let mut step1 = groups(&h, lang);
    step1.extend(keys(
        lang,
        &[
            Key::LegendEuclid,
            Key::LegendCosine,
            Key::LegendOriginal,
            Key::LegendWhatIf,
        ],
    ));
    outside_the_plots(&h, &step1, "step 1");
    for (button, marks) in [
        ("2", vec![Key::Euclidean, Key::Cosine]),
        (
            "3",
            vec![Key::LegendDifference, Key::LegendTarget, Key::LegendEuclid],
        ),
        (
            "4",
            vec![Key::LegendLiked, Key::LegendRecommended, Key::LegendTheUser],
        ),
    ] {
        click_step(&h, button);
        h.run_steps(4);
        let mut entries = groups(&h, lang);
        entries.extend(keys(lang, &marks));
        outside_the_plots(&h, &entries, &format!("step {button}"));
    }
    click_step(&h, "6");
    h.run_steps(4);
    outside_the_plots(
        &h,
        &keys(lang, &[Key::AbChartY, Key::AbChartPlanned]),
        "A/B chart",
    );
}

#[test]
fn learn_legends_sit_above_their_plots() {
    every_learn_picture(Lang::En);
}

#[test]
fn learn_legends_sit_above_their_plots_in_japanese() {
    every_learn_picture(Lang::Ja);
}

#[test]
fn the_audit_histograms_legend_is_outside_it() {
    for lang in [Lang::En, Lang::Ja] {
        let mut h = Setup::new(sample("cafes"))
            .lang(lang)
            .size(1500.0, 1000.0)
            .build();
        step_until(&mut h, loaded);
        h.get_by_label(tr(lang, Key::AuditOpen)).click();
        step_until(&mut h, |a| a.state.audit.report.is_some());
        h.run_steps(3);
        let entries = keys(lang, &[Key::AuditUsersSeries, Key::AuditItemsSeries]);
        outside_the_plots(&h, &entries, "audit");
    }
}
