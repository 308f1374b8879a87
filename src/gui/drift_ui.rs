//! The seasonal drift part of the compare panel: two time windows typed as `FROM..TO`
//! (pre-filled with the dataset's first and last whole quarter), ALS trained on each in the
//! worker with progress and Cancel ([`crate::pipeline::drift`]), and the result shown by the
//! panel's comparison view like any other comparison, headed by what each window held.

use std::path::PathBuf;

use egui::RichText;

use super::i18n::{Key, Lang, fill, tr, window_error_message};
use super::state::{AppState, Command};
use crate::data::window::{TimeWindow, date_of};
use crate::pipeline::drift::{Drift, WindowSide};
use crate::pipeline::job::Job;

/// The window texts, the comparison in flight and what the comparison on screen compared.
#[derive(Debug, Default)]
pub struct DriftView {
    /// The dataset folder the texts and `span` belong to.
    pub for_root: Option<PathBuf>,
    /// First and last interaction of that dataset (Unix seconds); `None` without timestamps.
    pub span: Option<(i64, i64)>,
    /// Windows A and B as typed.
    pub texts: (String, String),
    /// Comparison in flight.
    pub job: Option<Job<Drift>>,
    /// Its progress (0–1).
    pub progress: f32,
    /// The windows of the comparison on screen (A, B) and the interactions an item needed in
    /// each; `None` when it compares two runs.
    pub shown: Option<(WindowSide, WindowSide, usize)>,
}

/// Draw the section; the dataset is the one on screen.
pub fn drift_ui(
    ui: &mut egui::Ui,
    state: &AppState,
    run: &crate::pipeline::RunOutput,
    cmds: &mut Vec<Command>,
) {
    let lang = state.lang();
    let view = &state.compare.drift;
    ui.label(RichText::new(tr(lang, Key::DriftHeading)).strong());
    if view.for_root.as_deref() != Some(run.data.root.as_path()) {
        cmds.push(Command::InitDriftWindows);
        return;
    }
    let Some((first, last)) = view.span else {
        ui.label(RichText::new(tr(lang, Key::DriftNoTime)).weak());
        return;
    };
    ui.label(RichText::new(tr(lang, Key::DriftHowTo)).small());
    ui.label(
        RichText::new(fill(
            tr(lang, Key::DriftSpan),
            &[("from", date_of(first)), ("to", date_of(last))],
        ))
        .small(),
    );
    let (mut a, mut b) = view.texts.clone();
    ui.horizontal_wrapped(|ui| {
        for (key, text) in [(Key::DriftWindowA, &mut a), (Key::DriftWindowB, &mut b)] {
            let label = ui.label(tr(lang, key));
            ui.add(egui::TextEdit::singleline(text).desired_width(180.0))
                .labelled_by(label.id);
        }
    });
    if (&a, &b) != (&view.texts.0, &view.texts.1) {
        cmds.push(Command::SetDriftWindows(a.clone(), b.clone()));
    }
    let (wa, wb) = (TimeWindow::parse(&a), TimeWindow::parse(&b));
    for e in [&wa, &wb].into_iter().filter_map(|w| w.as_ref().err()) {
        ui.colored_label(ui.visuals().error_fg_color, window_error_message(lang, e));
    }
    ui.horizontal(|ui| {
        if view.job.is_some() {
            if super::tradeoff_ui::measuring_ui(ui, lang, view.progress) {
                cmds.push(Command::CancelDrift);
            }
            return;
        }
        let button = egui::Button::new(tr(lang, Key::DriftRun));
        if let (Ok(wa), Ok(wb)) = (&wa, &wb) {
            if ui.add(button).clicked() {
                cmds.push(Command::RunDrift(*wa, *wb));
            }
        } else {
            ui.add_enabled(false, button);
        }
    });
}

/// The line heading a drift comparison: each window's interactions, the items compared.
pub fn drift_result_ui(ui: &mut egui::Ui, lang: Lang, state: &AppState) {
    let (Some((a, b, min)), Some(cmp)) = (&state.compare.drift.shown, &state.compare.result) else {
        return;
    };
    ui.label(fill(
        tr(lang, Key::DriftResult),
        &[
            ("a", a.window.to_string()),
            ("na", a.interactions.to_string()),
            ("b", b.window.to_string()),
            ("nb", b.interactions.to_string()),
            ("items", cmp.shared.to_string()),
            ("min", min.to_string()),
        ],
    ));
    let top: Vec<String> = cmp
        .categories
        .iter()
        .take(3)
        .map(|c| format!("{} {:.2}", c.category, c.shift))
        .collect();
    if !top.is_empty() {
        ui.label(
            RichText::new(fill(
                tr(lang, Key::DriftTopCategories),
                &[("list", top.join(", "))],
            ))
            .strong(),
        );
    }
}
