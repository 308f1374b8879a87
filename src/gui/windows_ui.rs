//! Windows over the map: the data audit and the comparison of two runs.

use egui::RichText;

use super::i18n::{Key, tr};
use super::state::{AppState, Command, MethodChoice};

/// Draw the open windows.
pub fn windows_ui(ctx: &egui::Context, state: &AppState, cmds: &mut Vec<Command>) {
    audit_window(ctx, state, cmds);
    compare_window(ctx, state, cmds);
    super::vector_column_ui::vector_column_ui(ctx, state, cmds);
}

fn audit_window(ctx: &egui::Context, state: &AppState, cmds: &mut Vec<Command>) {
    let lang = state.lang();
    let mut open = state.audit.open;
    if !open {
        return;
    }
    egui::Window::new(tr(lang, Key::AuditTitle))
        .id(egui::Id::unique("embedscope.audit.window"))
        .open(&mut open)
        .default_width(900.0)
        .default_height(600.0)
        .vscroll(true)
        .show(ctx, |ui| {
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
        },
    )
}

fn compare_window(ctx: &egui::Context, state: &AppState, cmds: &mut Vec<Command>) {
    let lang = state.lang();
    let mut open = state.compare.open;
    if !open {
        return;
    }
    let Some(run) = &state.run else { return };
    let current = MethodChoice::of(run.embeddings.method);
    let mut available = vec![current];
    available.extend(state.cache.iter().map(|c| c.0));
    egui::Window::new(tr(lang, Key::CompareTitle))
        .id(egui::Id::unique("embedscope.compare.window"))
        .open(&mut open)
        .default_width(760.0)
        .default_height(560.0)
        .show(ctx, |ui| {
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
                if state.compare.job.is_some() {
                    ui.spinner();
                }
            });
            if available.len() < 2 {
                ui.label(tr(lang, Key::CompareNeedsTwo));
            }
            if let Some(e) = &state.compare.error {
                ui.colored_label(ui.visuals().error_fg_color, e);
            }
            if let Some(cmp) = &state.compare.result {
                let mut sort = state.compare.sort.clone();
                let clicked = super::compare_ui::compare_ui(ui, cmp, lang.is_ja(), &mut sort);
                if sort.column != state.compare.sort.column
                    || sort.descending != state.compare.sort.descending
                {
                    cmds.push(Command::SortCompare(sort.column, sort.descending));
                }
                if let Some(id) = clicked
                    && let Some(row) = run.data.items.find(&id)
                {
                    cmds.push(Command::Select(Some(row as usize)));
                }
            }
        });
    if !open {
        cmds.push(Command::ShowCompare(false));
    }
}
