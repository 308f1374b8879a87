//! The Japanese walk: every panel of the app in Japanese, on both samples, read back through
//! kittest's accessibility tree (every label, button, heading and value on screen, scrolled
//! out of view or not). A text fails when it has Latin letters that are neither a proper name
//! of the data (titles, people, ids — the data's own words) nor on the allow-list of units,
//! method names and symbols below.

pub mod common;

use std::collections::BTreeSet;

use common::kittest::{Setup, Slot, app, loaded, push, step_until};
use common::sample;
use egui_kittest::Harness;
use egui_kittest::kittest::{By, NodeT as _, Queryable};
use embedscope::data::{Kind, PointRef};
use embedscope::gui::i18n::Lang;
use embedscope::gui::learn::Step;
use embedscope::gui::state::{Command, Tab};

/// Latin words a Japanese screen may show: product and method names, units, symbols, file
/// formats. Matched as whole words (runs of ASCII letters), case-sensitive.
const ALLOWED: &[&str] = &[
    // the app and the methods (proper names)
    "embedscope",
    "PCA",
    "t",
    "SNE",
    "UMAP",
    "ALS",
    "TF",
    "IDF",
    "SVD",
    "HNSW",
    "item2vec",
    "PC",
    "SF",
    "BM",
    "MMR",
    // Key Performance Indicator: used as is in Japanese business writing (ゴールと KPI)
    "KPI",
    // the other language's name in its own script (the language switch), the Enter key
    "English",
    "Enter",
    // symbols: the vectors A, B, C of the arithmetic step, ‖v‖, an id prefix (c001), metres
    "A",
    "C",
    "v",
    "c",
    "m",
    // the A/B test step: statistics symbols (z, Cohen's h), the people and library the
    // formulas are named after, click- and conversion-rate abbreviations (with Japanese words)
    "z",
    "h",
    "Cohen",
    "Katz",
    "statsmodels",
    "NormalIndPower",
    "CTR",
    "CVR",
    // metrics named by their standard abbreviation (with the words beside them)
    "nDCG",
    "MAP",
    "Recall",
    "P",
    "R",
    "p",
    // units and symbols
    "KiB",
    "MiB",
    "GiB",
    "B",
    "ms",
    "s",
    "k",
    "d",
    "n",
    "x",
    "y",
    "Ctrl",
    "ID",
    "vs",
    // file formats
    "CSV",
    "TSV",
    "HTML",
    "Markdown",
    "PNG",
    "JSON",
    "JSONL",
    "npy",
    "Parquet",
    "SQLite",
];

/// Units that may follow a number without a space.
const UNITS: &[&str] = &["ms", "s", "B", "KiB", "MiB", "x"];

/// egui's own accessibility names for window chrome (resize handles, close and collapse
/// buttons): read by screen readers, never drawn as text.
fn is_chrome(text: &str) -> bool {
    text.starts_with("Resize ") || text == "Close window" || text == "Hide"
}

/// Every text on screen: labels' values, widgets' labels and values.
fn visible_texts(h: &Harness<'_, Slot>) -> BTreeSet<String> {
    h.query_all(By::new())
        // A wrapped label also lists each of its rows as a text run: the label itself holds the
        // whole text, so a name broken across rows is read whole, not as two fragments.
        .filter(|n| n.accesskit_node().role() != egui::accesskit::Role::TextRun)
        .flat_map(|n| {
            let node = n.accesskit_node();
            [node.label(), node.value()]
        })
        .flatten()
        .filter(|s| !s.trim().is_empty() && !is_chrome(s))
        .collect()
}

/// The data's proper names: every item and user name in both languages, and every id.
fn proper_names(h: &Harness<'_, Slot>) -> Vec<String> {
    let run = app(h).state.run.as_ref().expect("loaded");
    let d = &run.data;
    let mut names: Vec<String> = Vec::new();
    for t in [&d.items, &d.users] {
        names.extend(t.ids.iter().map(str::to_owned));
        names.extend((0..t.len()).map(|r| t.name(r, false).to_owned()));
        names.extend((0..t.len()).map(|r| t.name(r, true).to_owned()));
    }
    // The dataset's folder (the path field).
    names.push(d.root.display().to_string());
    // Longest first, so "Café Komorebi Reserve" goes before "Café Komorebi".
    names.sort_by(|a, b| b.len().cmp(&a.len()).then(a.cmp(b)));
    names.dedup();
    names.retain(|n| n.chars().any(|c| c.is_ascii_alphabetic()));
    names
}

/// The Latin words of `text` left once proper names are taken out, minus the allowed ones.
fn foreign_words(text: &str, names: &[String]) -> Vec<String> {
    if !text.chars().any(|c| c.is_ascii_alphabetic()) {
        return Vec::new();
    }
    let mut rest = text.to_owned();
    for n in names {
        if rest.contains(n.as_str()) {
            rest = rest.replace(n.as_str(), " ");
        }
    }
    rest.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| w.chars().any(|c| c.is_ascii_alphabetic()))
        .filter(|w| {
            if w.starts_with(|c: char| c.is_ascii_digit()) {
                // A number with letters glued on: only a unit may follow ("12ms"), not a
                // word ("278d" for days).
                !UNITS.contains(&w.trim_start_matches(|c: char| c.is_ascii_digit()))
            } else {
                // "PC1", "Recall10": the word before its number.
                let word = w.trim_end_matches(|c: char| c.is_ascii_digit());
                !ALLOWED.contains(&word) && !ALLOWED.contains(w)
            }
        })
        .map(str::to_owned)
        .collect()
}

/// What is on screen now, checked: (text, offending words) for every failing text.
fn check(h: &Harness<'_, Slot>, names: &[String], panel: &str, bad: &mut Vec<String>) {
    let texts = visible_texts(h);
    // The walk must see the panel's words, or it would pass by reading nothing.
    assert!(
        texts
            .iter()
            .filter(|t| t.chars().any(embedscope::gui::fonts::is_cjk))
            .count()
            >= 5,
        "{panel}: too few Japanese texts read: {texts:?}"
    );
    for text in texts {
        let words = foreign_words(&text, names);
        if !words.is_empty() {
            bad.push(format!("{panel}: {text:?} → {words:?}"));
        }
    }
}

fn set_step(h: &mut Harness<'_, Slot>, step: Step) {
    h.state_mut().as_mut().expect("app").learn.step = step;
    h.run_steps(4);
}

fn walk(dataset: &str) -> Vec<String> {
    let mut h = Setup::new(sample(dataset))
        .lang(Lang::Ja)
        .size(1600.0, 1000.0)
        .build();
    step_until(&mut h, loaded);
    let names = proper_names(&h);
    let mut bad = Vec::new();
    check(&h, &names, "map", &mut bad);

    // A user selected: their neighbours, funnel and recommendations; then an item.
    let run = app(&h).state.run.clone().expect("loaded");
    for kind in [Kind::User, Kind::Item] {
        let Some(point) = run.point_of(PointRef { kind, row: 0 }) else {
            continue;
        };
        push(&mut h, Command::Select(Some(point)));
        step_until(&mut h, |a| {
            a.state.comparison.is_some() && !a.state.is_busy()
        });
        h.run_steps(4);
        check(&h, &names, &format!("map, {kind:?} selected"), &mut bad);
    }

    // The audit and compare windows.
    push(&mut h, Command::ShowAudit(true));
    step_until(&mut h, |a| a.state.audit.report.is_some());
    h.run_steps(4);
    check(&h, &names, "audit", &mut bad);
    push(&mut h, Command::ShowAudit(false));
    push(&mut h, Command::ShowCompare(true));
    h.run_steps(4);
    check(&h, &names, "compare", &mut bad);
    push(&mut h, Command::ShowCompare(false));

    // Every Learn step.
    push(&mut h, Command::SetTab(Tab::Learn));
    h.run_steps(4);
    for step in Step::ALL {
        set_step(&mut h, step);
        check(&h, &names, &format!("learn {step:?}"), &mut bad);
    }

    // Interviews: the finder, then a churned user's card.
    push(&mut h, Command::SetTab(Tab::Interviews));
    h.run_steps(4);
    check(&h, &names, "interviews", &mut bad);
    h.get_by_label("離脱").click();
    h.run_steps(4);
    let first = app(&h).state.run.as_ref().and_then(|r| {
        let c = embedscope::pipeline::interview::candidates(
            r,
            None,
            embedscope::pipeline::interview::CandidateKind::Churned { silent_days: 30 },
            None,
            1,
        )
        .ok()?;
        // The finder names the user in the UI's language.
        c.into_iter()
            .next()
            .map(|c| format!("{} ({})", r.data.users.name(c.user as usize, true), c.id))
    });
    if let Some(label) = first {
        h.get_by_label(&label).click();
        step_until(&mut h, |a| {
            a.interviews.card.as_ref().is_some_and(|c| c.k > 0)
        });
        h.run_steps(4);
        check(&h, &names, "interview card", &mut bad);
    }
    bad
}

#[test]
fn every_panel_of_the_streaming_sample_reads_in_japanese() {
    let bad = walk("streaming");
    assert!(
        bad.is_empty(),
        "{} Latin texts:\n{}",
        bad.len(),
        bad.join("\n")
    );
}

#[test]
fn every_panel_of_the_cafes_sample_reads_in_japanese() {
    let bad = walk("cafes");
    assert!(
        bad.is_empty(),
        "{} Latin texts:\n{}",
        bad.len(),
        bad.join("\n")
    );
}

#[test]
fn the_check_catches_english_values_and_spares_names() {
    let names = vec!["Café Komorebi".to_owned(), "c001".to_owned()];
    assert!(foreign_words("カフェ こもれび · c001 · カフェ", &names).is_empty());
    assert!(foreign_words("Café Komorebi (c001) · 278日", &names).is_empty());
    assert!(foreign_words("t-SNE 反復 50 / 1000 · 12.5 KiB", &names).is_empty());
    assert_eq!(foreign_words("区分: action", &names), ["action"]);
    assert_eq!(foreign_words("country: JP", &names), ["country", "JP"]);
    assert_eq!(foreign_words("解約済み: false", &names), ["false"]);
    assert_eq!(foreign_words("Churned · 278d", &names), ["Churned", "278d"]);
    assert!(foreign_words("PC1 (42.0%) · 3ms", &names).is_empty());
}
