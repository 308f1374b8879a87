//! The data-audit panel: sizes and the guideline verdict, the long tail of interactions per user
//! and per item, the findings with their affected rows, a checkbox per finding to exclude its
//! rows, the near-duplicate threshold, and "Re-run without excluded rows".
//!
//! Self-contained: it draws an [`AuditReport`] and a set of excluded finding ids, and returns
//! what the user asked for as an [`AuditAction`]; the app runs the audit and the pipeline. Row
//! details ("same title as item 12 (items.csv:13)") come from the audit in English and are shown
//! in the English UI only; everything else is translated.

use std::collections::BTreeSet;

use egui::{Color32, RichText};
use egui_plot::{Bar, BarChart, Plot};

use super::i18n::{Key, Lang, fill, tr};
use super::legend_row::{Swatch, legend_row_ui};
use crate::data::audit::{
    AffectedRow, AuditReport, Bin, Exclusion, Finding, FindingKind, Severity, Table,
};

/// Rows drawn per finding before "… and n more" (the JSON and CLI have them all).
const MAX_ROWS: usize = 500;
const WARNING_COLOR: Color32 = Color32::from_rgb(230, 150, 40);

/// What the user asked for in the panel.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum AuditAction {
    /// Nothing this frame.
    None,
    /// Run the pipeline again on the dataset without the rows of the excluded findings
    /// (`Exclusion::from_report(report, kinds).apply(data)`).
    Rerun,
    /// Audit again with this near-duplicate threshold (the slider was released).
    Reaudit {
        /// The new Jaccard threshold.
        near_dup_threshold: f64,
    },
}

/// The finding kinds in `excluded` (ids as in [`FindingKind::as_str`]), for
/// [`Exclusion::from_report`].
#[must_use]
pub fn excluded_kinds(excluded: &BTreeSet<String>) -> Vec<FindingKind> {
    excluded.iter().filter_map(|s| s.parse().ok()).collect()
}

/// Draw the panel for `report`; `excluded` holds the ids of the findings ticked for exclusion.
pub fn audit_ui(
    ui: &mut egui::Ui,
    report: &AuditReport,
    lang: Lang,
    excluded: &mut BTreeSet<String>,
) -> AuditAction {
    let mut action = AuditAction::None;
    // The exclusion summary and "Re-run" sit in a bar at the bottom that does not scroll, so
    // the button stays in view however long the findings are.
    egui::Panel::bottom("audit-actions").show(ui, |ui| {
        if actions_ui(ui, report, lang, excluded) {
            action = AuditAction::Rerun;
        }
    });
    egui::ScrollArea::vertical()
        .id_salt("audit-body")
        .auto_shrink([false, false])
        .show(ui, |ui| {
            summary_ui(ui, report, lang);
            long_tail_ui(ui, report, lang);
            ui.separator();
            if report.warnings().next().is_none() {
                ui.label(RichText::new(tr(lang, Key::AuditNoProblems)).strong());
            }
            findings_ui(ui, report, lang, excluded);
            ui.separator();
            if let Some(t) = threshold_ui(ui, report, lang) {
                action = AuditAction::Reaudit {
                    near_dup_threshold: t,
                };
            }
        });
    action
}

/// What the ticked findings exclude and the "Re-run" button; true when it was clicked.
fn actions_ui(
    ui: &mut egui::Ui,
    report: &AuditReport,
    lang: Lang,
    excluded: &BTreeSet<String>,
) -> bool {
    let exclusion = Exclusion::from_report(report, &excluded_kinds(excluded));
    let (items, users, interactions) = exclusion.chosen();
    if !exclusion.is_empty() {
        ui.label(fill(
            tr(lang, Key::AuditExcluding),
            &[
                ("items", items.to_string()),
                ("users", users.to_string()),
                ("interactions", interactions.to_string()),
            ],
        ));
    }
    let rerun = ui
        .add_enabled(
            !exclusion.is_empty(),
            egui::Button::new(tr(lang, Key::AuditRerun)),
        )
        .on_hover_text(tr(lang, Key::AuditRerunHover));
    rerun.clicked()
}

fn summary_ui(ui: &mut egui::Ui, report: &AuditReport, lang: Lang) {
    let s = &report.sizes;
    ui.label(fill(
        tr(lang, Key::AuditSummary),
        &[
            ("items", s.items.to_string()),
            ("users", s.users.to_string()),
            ("interactions", s.interactions.to_string()),
            ("empty", format!("{:.2}", s.sparsity * 100.0)),
        ],
    ));
    let g = &s.guideline;
    let args = [
        ("items", g.min_items.to_string()),
        ("users", g.min_users.to_string()),
    ];
    let text = if g.met {
        fill(tr(lang, Key::AuditGuidelineMet), &args)
    } else {
        let methods: Vec<&str> = g.prefer.iter().map(|m| method_label(lang, m)).collect();
        let sep = if lang.is_ja() { "、" } else { ", " };
        let mut args = args.to_vec();
        args.push(("methods", methods.join(sep)));
        fill(tr(lang, Key::AuditGuidelineBelow), &args)
    };
    ui.label(text);
}

fn method_label(lang: Lang, m: &str) -> &'static str {
    tr(
        lang,
        match m {
            "features" => Key::MethodFeatures,
            "content" => Key::MethodText,
            "hybrid" => Key::MethodHybrid,
            "als" => Key::MethodAls,
            "item2vec" => Key::MethodItem2Vec,
            "text_model" => Key::MethodTextModel,
            _ => Key::MethodPopularity,
        },
    )
}

/// Colour of the users' bars.
const USERS_COLOR: Color32 = Color32::from_rgb(70, 140, 255);
/// Colour of the items' bars.
const ITEMS_COLOR: Color32 = Color32::from_rgb(255, 120, 50);

/// Grid steps for a count axis: a 1-2-5 step giving three to six labelled lines over the
/// visible range (egui_plot's default steps of ten left only "0" labelled on a short chart).
fn count_spacer() -> impl Fn(egui_plot::GridInput) -> Vec<egui_plot::GridMark> {
    egui_plot::uniform_grid_spacer(|input| {
        let span = (input.bounds.1 - input.bounds.0).abs().max(1.0);
        let step = nice_step(span / 4.0);
        [(step / 5.0).max(1.0), step, step * 5.0]
    })
}

/// The smallest of 1, 2, 5 × 10ⁿ (n ≥ 0) that is at least `x` (counts step by whole numbers).
fn nice_step(x: f64) -> f64 {
    let mut unit = 1.0;
    loop {
        for m in [1.0, 2.0, 5.0] {
            if m * unit >= x {
                return m * unit;
            }
        }
        unit *= 10.0;
    }
}

/// Bars per log-spaced bin (0, 1, 2–3, 4–7, …): users on the left half, items on the right.
fn long_tail_ui(ui: &mut egui::Ui, report: &AuditReport, lang: Lang) {
    let s = &report.sizes;
    ui.label(RichText::new(tr(lang, Key::AuditLongTail)).strong());
    let bars = |bins: &[Bin], offset: f64| -> Vec<Bar> {
        bins.iter()
            .enumerate()
            .map(|(i, b)| {
                Bar::new(i as f64 + offset, b.count as f64)
                    .width(0.4)
                    .name(bin_label(b))
            })
            .collect()
    };
    let labels: Vec<String> = longer(&s.user_histogram, &s.item_histogram)
        .iter()
        .map(bin_label)
        .collect();
    legend_row_ui(
        ui,
        &[
            (
                Swatch::Block(USERS_COLOR),
                tr(lang, Key::AuditUsersSeries).to_owned(),
            ),
            (
                Swatch::Block(ITEMS_COLOR),
                tr(lang, Key::AuditItemsSeries).to_owned(),
            ),
        ],
    );
    Plot::new("audit_long_tail")
        .height(150.0)
        .include_y(0.0)
        .y_grid_spacer(count_spacer())
        .y_axis_formatter(|mark, _| {
            if mark.value < 0.0 || mark.value.fract().abs() > 1e-9 {
                String::new()
            } else {
                format!("{}", mark.value)
            }
        })
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .x_axis_label(tr(lang, Key::AuditBinsAxis))
        .y_axis_label(tr(lang, Key::AuditCountAxis))
        .x_axis_formatter(move |mark, _| {
            let i = mark.value.round();
            if (mark.value - i).abs() > 1e-6 || i < 0.0 {
                return String::new();
            }
            labels.get(i as usize).cloned().unwrap_or_default()
        })
        .show(ui, |pui| {
            pui.bar_chart(
                BarChart::new(
                    tr(lang, Key::AuditUsersSeries),
                    bars(&s.user_histogram, -0.2),
                )
                .color(USERS_COLOR),
            );
            pui.bar_chart(
                BarChart::new(
                    tr(lang, Key::AuditItemsSeries),
                    bars(&s.item_histogram, 0.2),
                )
                .color(ITEMS_COLOR),
            );
        });
}

fn longer<'a>(a: &'a [Bin], b: &'a [Bin]) -> &'a [Bin] {
    if a.len() >= b.len() { a } else { b }
}

fn bin_label(b: &Bin) -> String {
    if b.from == b.to {
        b.from.to_string()
    } else {
        format!("{}–{}", b.from, b.to)
    }
}

fn finding_title(kind: FindingKind) -> Key {
    match kind {
        FindingKind::DuplicateItems => Key::FindingDuplicateItems,
        FindingKind::DuplicateItemRows => Key::FindingDuplicateItemRows,
        FindingKind::NearDuplicateTexts => Key::FindingNearDuplicateTexts,
        FindingKind::DuplicateInteractions => Key::FindingDuplicateInteractions,
        FindingKind::UnknownIds => Key::FindingUnknownIds,
        FindingKind::IdsWithSpaces => Key::FindingIdsWithSpaces,
        FindingKind::SpamUsers => Key::FindingSpamUsers,
        FindingKind::RepeatedTexts => Key::FindingRepeatedTexts,
        FindingKind::MissingValues => Key::FindingMissingValues,
        FindingKind::SizeGuideline => Key::FindingSizeGuideline,
        FindingKind::ColdUsers => Key::FindingColdUsers,
        FindingKind::ColdItems => Key::FindingColdItems,
        FindingKind::MixedLanguages => Key::FindingMixedLanguages,
    }
}

fn findings_ui(
    ui: &mut egui::Ui,
    report: &AuditReport,
    lang: Lang,
    excluded: &mut BTreeSet<String>,
) {
    egui::Grid::new("audit_findings")
        .striped(true)
        .spacing([12.0, 4.0])
        .show(ui, |ui| {
            for key in [
                Key::AuditColFinding,
                Key::AuditColSeverity,
                Key::AuditColCount,
            ] {
                ui.label(RichText::new(tr(lang, key)).weak());
            }
            ui.end_row();
            for f in &report.findings {
                let id = f.kind.as_str();
                let mut on = excluded.contains(id);
                let title = tr(lang, finding_title(f.kind));
                let check = ui.add_enabled(f.count > 0, egui::Checkbox::new(&mut on, title));
                if lang == Lang::En {
                    check.on_hover_text(&f.message);
                }
                if on {
                    excluded.insert(id.to_owned());
                } else {
                    excluded.remove(id);
                }
                let (text, color) = match f.severity {
                    Severity::Warning => (tr(lang, Key::SeverityWarning), WARNING_COLOR),
                    Severity::Info => (tr(lang, Key::SeverityInfo), ui.visuals().weak_text_color()),
                };
                ui.colored_label(color, text);
                ui.label(RichText::new(f.count.to_string()).monospace());
                ui.end_row();
            }
        });
    for f in report.findings.iter().filter(|f| !f.rows.is_empty()) {
        // The table's count is the rows dropped; the list also shows the rows kept (the
        // originals a duplicate repeats), so say both and the numbers add up.
        let kept = f.rows.iter().filter(|r| !r.drop).count();
        let rows = if kept == 0 {
            fill(tr(lang, Key::AuditRows), &[("n", f.rows.len().to_string())])
        } else {
            fill(
                tr(lang, Key::AuditRowsSplit),
                &[
                    ("n", f.rows.len().to_string()),
                    ("drop", (f.rows.len() - kept).to_string()),
                    ("kept", kept.to_string()),
                ],
            )
        };
        let header = format!("{} — {rows}", tr(lang, finding_title(f.kind)));
        egui::CollapsingHeader::new(header)
            .id_salt(("audit_rows", f.kind.as_str()))
            .default_open(false)
            .show(ui, |ui| rows_ui(ui, f, lang));
    }
}

fn rows_ui(ui: &mut egui::Ui, f: &Finding, lang: Lang) {
    let shown = f.rows.len().min(MAX_ROWS);
    egui::ScrollArea::both()
        .max_height(220.0)
        .id_salt(("audit_rows_scroll", f.kind.as_str()))
        .show(ui, |ui| {
            egui::Grid::new(("audit_rows_grid", f.kind.as_str()))
                .striped(true)
                .show(ui, |ui| {
                    let mut cols = vec![
                        Key::AuditColTable,
                        Key::AuditColId,
                        Key::AuditColLine,
                        Key::AuditColGroup,
                        Key::AuditColStatus,
                    ];
                    if lang == Lang::En {
                        cols.push(Key::AuditColNote);
                    }
                    for key in cols {
                        ui.label(RichText::new(tr(lang, key)).weak());
                    }
                    ui.end_row();
                    for row in &f.rows[..shown] {
                        row_ui(ui, row, lang);
                    }
                });
        });
    if f.rows.len() > shown {
        ui.label(fill(
            tr(lang, Key::AuditMore),
            &[("n", (f.rows.len() - shown).to_string())],
        ));
    }
}

fn row_ui(ui: &mut egui::Ui, row: &AffectedRow, lang: Lang) {
    let table = match row.table {
        Table::Items => Key::ItemKind,
        Table::Users => Key::UserKind,
        Table::Interactions => Key::AuditInteraction,
    };
    ui.label(tr(lang, table));
    let id = match (&row.user, &row.item) {
        (Some(u), Some(i)) => format!("{u} → {i}"),
        (Some(x), None) | (None, Some(x)) => x.clone(),
        (None, None) => format!("#{}", row.row + 1),
    };
    ui.label(RichText::new(id).monospace());
    ui.label(row.line.map_or_else(|| "—".to_owned(), |l| l.to_string()));
    ui.label(row.group.map_or_else(String::new, |g| (g + 1).to_string()));
    let status = if row.drop {
        Key::AuditDropped
    } else {
        Key::AuditKept
    };
    ui.label(tr(lang, status));
    if lang == Lang::En {
        ui.label(&row.note);
    }
    ui.end_row();
}

/// The near-duplicate threshold slider; the new value once the slider is released.
fn threshold_ui(ui: &mut egui::Ui, report: &AuditReport, lang: Lang) -> Option<f64> {
    let id = egui::Id::unique("embedscope.audit.near_dup_threshold");
    let mut t =
        ui.data_mut(|d| *d.get_temp_mut_or_insert_with(id, || report.params.near_dup_threshold));
    let r = ui
        .add(
            egui::Slider::new(&mut t, 0.5..=1.0)
                .step_by(0.05)
                .text(tr(lang, Key::AuditThreshold)),
        )
        .on_hover_text(tr(lang, Key::AuditThresholdHover));
    ui.data_mut(|d| d.insert_temp(id, t));
    let released = r.drag_stopped() || (r.changed() && !r.dragged());
    (released && (t - report.params.near_dup_threshold).abs() > 1e-9).then_some(t)
}

#[cfg(test)]
mod tests {
    use super::nice_step;

    #[test]
    #[expect(clippy::float_cmp)] // whole numbers, exactly representable
    fn count_steps_are_whole_one_two_five_multiples() {
        // The cafés' histogram reaches about 80: a quarter is 20, so lines every 20.
        assert_eq!(nice_step(20.0), 20.0);
        assert_eq!(nice_step(15.0), 20.0);
        assert_eq!(nice_step(21.0), 50.0);
        assert_eq!(nice_step(0.3), 1.0);
        assert_eq!(nice_step(250.0), 500.0);
        assert_eq!(nice_step(1000.0), 1000.0);
    }
}
