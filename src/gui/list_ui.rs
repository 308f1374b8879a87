//! The left panel: dataset name and counts, a search box, and every item and user as a
//! clickable row (virtualised, so long lists stay cheap).

use egui::{RichText, Sense};

use super::i18n::{Key, tr};
use super::state::{AppState, Command};
use super::top_bar_ui::counts_text;
use crate::data::Kind;

/// Draw the list panel.
pub fn list_ui(ui: &mut egui::Ui, state: &AppState, cmds: &mut Vec<Command>) {
    let lang = state.lang();
    let (Some(run), Some(map)) = (&state.run, &state.map) else {
        ui.label(tr(lang, Key::NoData));
        return;
    };
    let name = if lang.is_ja() {
        run.data.name_ja.as_deref().unwrap_or(&run.data.name)
    } else {
        &run.data.name
    };
    ui.label(RichText::new(name).strong());
    if let Some(c) = counts_text(state) {
        ui.label(RichText::new(c).small());
    }
    ui.horizontal(|ui| {
        ui.label(tr(lang, Key::Search));
        let mut search = state.search.clone();
        if ui
            .add(
                egui::TextEdit::singleline(&mut search)
                    .hint_text(tr(lang, Key::SearchHint))
                    .desired_width(f32::INFINITY),
            )
            .changed()
        {
            cmds.push(Command::SetSearch(search));
        }
    });
    ui.separator();
    let needle = state.search.trim().to_lowercase();
    let matches: Vec<usize> = (0..run.points.len())
        .filter(|&i| {
            if needle.is_empty() {
                return true;
            }
            let p = run.points[i];
            let t = run.data.table(p.kind);
            let r = p.row as usize;
            t.ids[r].to_lowercase().contains(&needle)
                || t.name(r, false).to_lowercase().contains(&needle)
                || t.name(r, true).to_lowercase().contains(&needle)
        })
        .collect();
    let row_height = ui.text_style_height(&egui::TextStyle::Body) + 4.0;
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show_rows(ui, row_height, matches.len(), |ui, range| {
            for &i in &matches[range] {
                let p = run.points[i];
                let t = run.data.table(p.kind);
                ui.horizontal(|ui| {
                    let (rect, _) =
                        ui.allocate_exact_size(egui::vec2(10.0, row_height), Sense::hover());
                    let color = map.color(i);
                    match p.kind {
                        Kind::Item => {
                            ui.painter().circle_filled(rect.center(), 4.0, color);
                        }
                        Kind::User => {
                            let c = rect.center();
                            let pts = vec![
                                c + egui::vec2(0.0, -5.0),
                                c + egui::vec2(5.0, 0.0),
                                c + egui::vec2(0.0, 5.0),
                                c + egui::vec2(-5.0, 0.0),
                            ];
                            ui.painter().add(egui::Shape::convex_polygon(
                                pts,
                                color,
                                egui::Stroke::NONE,
                            ));
                        }
                    }
                    let label = t.name(p.row as usize, lang.is_ja());
                    if ui
                        .selectable_label(state.selected == Some(i), label)
                        .clicked()
                    {
                        cmds.push(Command::Select(Some(i)));
                    }
                });
            }
        });
}
