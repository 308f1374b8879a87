//! Panels beside the map (docked under it, so they never cover the map or the toolbar): the
//! data audit, the comparison of two runs (two methods on this dataset, or two runs saved in
//! the workspace), which can colour the map, and the export with a typed path. The vector
//! column choice stays a small window.

use egui::RichText;

use super::i18n::{Key, Lang, error_message, fill, tr};
use super::map_colors::ColorBy;
use super::state::{AppState, Command, MethodChoice};

/// Draw the open windows (the vector column choice).
pub fn windows_ui(ctx: &egui::Context, state: &AppState, cmds: &mut Vec<Command>) {
    super::vector_column_ui::vector_column_ui(ctx, state, cmds);
}

/// Whether any docked panel is open.
#[must_use]
pub fn docked_open(state: &AppState) -> bool {
    state.audit.open
        || (state.compare.open && state.run.is_some())
        || state.export_panel.kind.is_some()
        || state.model_picker.open
}

/// The open panels: the export's typed path on top, then the audit and the comparison side by
/// side, each scrolling on its own. The audit is never inside a scrolling area: its "Re-run"
/// bar sits at the bottom of its own part (in a shared scrolling area it was drawn over the
/// comparison, or scrolled away).
pub fn docked_ui(ui: &mut egui::Ui, state: &AppState, cmds: &mut Vec<Command>) {
    super::export_panel_ui::export_panel_ui(ui, state, cmds);
    if state.model_picker.open {
        // The text model picker on top, scrolling on its own (half the height when the audit
        // or the comparison is open below it).
        let others = state.audit.open || (state.compare.open && state.run.is_some());
        let max_h = if others {
            ui.available_height() * 0.5
        } else {
            f32::INFINITY
        };
        egui::ScrollArea::vertical()
            .id_salt("docked-model")
            .max_height(max_h)
            .auto_shrink([false, !others])
            .show(ui, |ui| {
                super::model_picker_ui::model_picker_ui(ui, state, cmds);
            });
    }
    let compare = |ui: &mut egui::Ui, cmds: &mut Vec<Command>| {
        egui::ScrollArea::both()
            .id_salt("docked-compare")
            .auto_shrink([false, false])
            .show(ui, |ui| compare_window(ui, state, cmds));
    };
    match (state.audit.open, state.compare.open && state.run.is_some()) {
        (true, true) => {
            egui::Panel::left("docked-audit")
                .resizable(true)
                .default_size(ui.available_width() * 0.5)
                .min_size(240.0)
                .show(ui, |ui| audit_window(ui, state, cmds));
            egui::CentralPanel::default().show(ui, |ui| compare(ui, cmds));
        }
        (true, false) => audit_window(ui, state, cmds),
        (false, true) => compare(ui, cmds),
        (false, false) => {}
    }
}

/// A docked panel's title row with its close button, then its contents.
fn docked(ui: &mut egui::Ui, title: &str, open: &mut bool, add: impl FnOnce(&mut egui::Ui)) {
    ui.horizontal(|ui| {
        ui.heading(title);
        if ui.button("✕").on_hover_text(title).clicked() {
            *open = false;
        }
    });
    add(ui);
    ui.separator();
}

fn audit_window(ui: &mut egui::Ui, state: &AppState, cmds: &mut Vec<Command>) {
    let lang = state.lang();
    let mut open = state.audit.open;
    if !open {
        return;
    }
    docked(ui, tr(lang, Key::AuditTitle), &mut open, |ui| {
        if state.audit.job.is_some() {
            ui.horizontal(|ui| {
                ui.spinner();
                ui.label(tr(lang, Key::Auditing));
            });
        }
        let Some((_, report)) = &state.audit.report else {
            return;
        };
        if state.excluded_run {
            ui.label(RichText::new(tr(lang, Key::AuditCleanedOnScreen)).strong());
        }
        let mut excluded = state.audit.excluded.clone();
        let action = super::audit_ui::audit_ui(ui, report, lang, &mut excluded);
        if excluded != state.audit.excluded {
            cmds.push(Command::SetAuditExcluded(excluded));
        }
        match action {
            super::audit_ui::AuditAction::None => {}
            super::audit_ui::AuditAction::Rerun => cmds.push(Command::AuditRerun),
            super::audit_ui::AuditAction::Reaudit { near_dup_threshold } => {
                cmds.push(Command::Reaudit(near_dup_threshold));
            }
        }
    });
    if !open {
        cmds.push(Command::ShowAudit(false));
    }
}

fn method_name(lang: super::i18n::Lang, m: MethodChoice) -> &'static str {
    tr(
        lang,
        match m {
            MethodChoice::Features => Key::MethodFeatures,
            MethodChoice::Als => Key::MethodAls,
            MethodChoice::Text => Key::MethodText,
            MethodChoice::Hybrid => Key::MethodHybrid,
            MethodChoice::Item2Vec => Key::MethodItem2Vec,
            MethodChoice::Imported => Key::MethodImported,
            MethodChoice::TextModel => Key::MethodTextModel,
        },
    )
}

fn compare_window(ui: &mut egui::Ui, state: &AppState, cmds: &mut Vec<Command>) {
    let lang = state.lang();
    let mut open = state.compare.open;
    if !open {
        return;
    }
    let Some(run) = &state.run else { return };
    docked(ui, tr(lang, Key::CompareTitle), &mut open, |ui| {
        compare_methods_ui(ui, state, run, cmds);
        ui.separator();
        compare_saved_ui(ui, state, run, cmds);
        ui.separator();
        super::drift_ui::drift_ui(ui, state, run, cmds);
        if state.compare.job.is_some() {
            ui.spinner();
        }
        if let Some(e) = &state.compare.error {
            ui.colored_label(ui.visuals().error_fg_color, error_message(lang, e));
        }
        if let Some(cmp) = &state.compare.result {
            ui.separator();
            super::drift_ui::drift_result_ui(ui, lang, state);
            compare_color_ui(ui, state, cmds);
            let mut sort = state.compare.sort.clone();
            let clicked = super::compare_ui::compare_ui(ui, cmp, lang.is_ja(), &mut sort);
            if sort.column != state.compare.sort.column
                || sort.descending != state.compare.sort.descending
            {
                cmds.push(Command::SortCompare(sort.column, sort.descending));
            }
            if let Some(id) = clicked
                && let Some(row) = run.data.items.find(&id)
                && let Some(point) = run.point_of(crate::data::PointRef {
                    kind: crate::data::Kind::Item,
                    row,
                })
            {
                cmds.push(Command::Select(Some(point)));
            }
        }
    });
    if !open {
        cmds.push(Command::ShowCompare(false));
    }
}

/// Two methods computed for the dataset on screen.
fn compare_methods_ui(
    ui: &mut egui::Ui,
    state: &AppState,
    run: &crate::pipeline::RunOutput,
    cmds: &mut Vec<Command>,
) {
    let lang = state.lang();
    let current = MethodChoice::of(run.embeddings.method);
    let mut available = vec![current];
    available.extend(state.cache.iter().map(|c| c.method));
    ui.label(RichText::new(tr(lang, Key::CompareMethodsHeading)).strong());
    ui.label(RichText::new(tr(lang, Key::CompareHowTo)).small());
    let (a, b) = state
        .compare
        .methods
        .unwrap_or((current, available.get(1).copied().unwrap_or(current)));
    ui.horizontal_wrapped(|ui| {
        for (label, chosen, other, first) in [("A", a, b, true), ("B", b, a, false)] {
            egui::ComboBox::new(("compare-run", label), label)
                .selected_text(method_name(lang, chosen))
                .show_ui(ui, |ui| {
                    for m in &available {
                        if ui
                            .selectable_label(*m == chosen, method_name(lang, *m))
                            .clicked()
                        {
                            cmds.push(if first {
                                Command::RunCompare(*m, other)
                            } else {
                                Command::RunCompare(other, *m)
                            });
                        }
                    }
                });
        }
        let can = available.len() > 1 && a != b;
        if ui
            .add_enabled(can, egui::Button::new(tr(lang, Key::CompareRun)))
            .clicked()
        {
            cmds.push(Command::RunCompare(a, b));
        }
    });
    if available.len() < 2 {
        ui.label(tr(lang, Key::CompareNeedsTwo));
    }
}

/// One saved run as a picker row: id, method (as the top bar names it), dataset (the open
/// dataset's display name when it is that folder, else the folder's name), size, date.
fn saved_run_label(
    lang: Lang,
    r: &crate::store::RunInfo,
    open: Option<&crate::data::Dataset>,
) -> String {
    let dataset = match open {
        Some(d) if d.root == r.dataset_path => d.display_name(lang.is_ja()).to_owned(),
        _ => r.dataset_path.file_name().map_or_else(
            || r.dataset_path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        ),
    };
    fill(
        tr(lang, Key::CompareSavedRow),
        &[
            ("id", r.id.to_string()),
            (
                "method",
                crate::pipeline::saved::method_named(&r.method).map_or_else(
                    || r.method.clone(),
                    |m| method_name(lang, MethodChoice::of(m)).to_owned(),
                ),
            ),
            ("dataset", dataset),
            ("items", r.items.to_string()),
            ("d", r.dimension.to_string()),
            (
                "date",
                crate::store::clock::local_date_time(r.created_at_ms, lang.is_ja()),
            ),
        ],
    )
}

/// Any two runs saved in the workspace.
fn compare_saved_ui(
    ui: &mut egui::Ui,
    state: &AppState,
    run: &crate::pipeline::RunOutput,
    cmds: &mut Vec<Command>,
) {
    let lang = state.lang();
    let view = &state.compare;
    ui.label(RichText::new(tr(lang, Key::CompareSavedHeading)).strong());
    if !view.has_workspace {
        ui.label(RichText::new(tr(lang, Key::CompareNoWorkspace)).weak());
        return;
    }
    ui.label(RichText::new(tr(lang, Key::CompareSavedHowTo)).small());
    let Some(runs) = &view.saved_runs else {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label(tr(lang, Key::CompareSavedLoading));
        });
        return;
    };
    let Some((a, b)) = view
        .stored
        .or_else(|| super::compare_ui::default_pair(runs, run.run_id, &run.data.root))
    else {
        ui.label(RichText::new(tr(lang, Key::CompareSavedNone)).weak());
        return;
    };
    let label_of = |id: i64| {
        runs.iter().find(|r| r.id == id).map_or_else(
            || format!("#{id}"),
            |r| saved_run_label(lang, r, state.run.as_ref().map(|x| &*x.data)),
        )
    };
    for (side, chosen, other, first) in [("A", a, b, true), ("B", b, a, false)] {
        egui::ComboBox::new(("compare-saved", side), side)
            .width(560.0)
            .selected_text(label_of(chosen))
            .show_ui(ui, |ui| {
                for r in runs {
                    if ui
                        .selectable_label(
                            r.id == chosen,
                            saved_run_label(lang, r, state.run.as_ref().map(|x| &*x.data)),
                        )
                        .clicked()
                    {
                        cmds.push(if first {
                            Command::RunCompareStored(r.id, other)
                        } else {
                            Command::RunCompareStored(other, r.id)
                        });
                    }
                }
            });
    }
    if ui
        .add_enabled(
            view.job.is_none(),
            egui::Button::new(tr(lang, Key::CompareSavedRun)),
        )
        .clicked()
    {
        cmds.push(Command::RunCompareStored(a, b));
    }
}

/// Colour the map by the comparison (or back to categories).
fn compare_color_ui(ui: &mut egui::Ui, state: &AppState, cmds: &mut Vec<Command>) {
    let lang = state.lang();
    let by = &state.map_view.color_by;
    ui.horizontal_wrapped(|ui| {
        ui.label(tr(lang, Key::CompareColorMap));
        for (choice, key) in [
            (ColorBy::Displacement, Key::ColorDisplacement),
            (ColorBy::NeighbourChange, Key::ColorNeighbourChange),
            (ColorBy::Category, Key::CompareColorOff),
        ] {
            if ui.selectable_label(*by == choice, tr(lang, key)).clicked() && *by != choice {
                cmds.push(Command::SetColorBy(choice));
            }
        }
    });
}
