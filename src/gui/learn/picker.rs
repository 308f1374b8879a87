//! A drop-down that picks one row of the items or users table: a search box (name or id, either
//! language) over a virtualised list, so it stays quick on a catalogue of 100 000 items.

use egui::RichText;

use crate::data::Entities;
use crate::gui::i18n::{Key, Lang, tr};

/// Popup height in points.
const POPUP_HEIGHT: f32 = 260.0;

/// Draw a picker labelled `label` showing `current`; `allowed` filters the rows offered.
/// Returns the row picked this frame.
pub fn pick_ui(
    ui: &mut egui::Ui,
    id_salt: &str,
    label: &str,
    table: &Entities,
    lang: Lang,
    current: Option<u32>,
    allowed: impl Fn(u32) -> bool,
) -> Option<u32> {
    let ja = lang.is_ja();
    let selected = current.map_or_else(String::new, |r| table.name(r as usize, ja).to_owned());
    let search_id = ui.make_persistent_id(("learn-picker-search", id_salt));
    let mut picked = None;
    ui.horizontal(|ui| {
        let label = ui.label(RichText::new(label).strong());
        let combo = egui::ComboBox::new(("learn-picker", id_salt), "")
            .selected_text(selected)
            .width(ui.available_width().clamp(160.0, 300.0))
            .height(POPUP_HEIGHT)
            .show_ui(ui, |ui| {
                let mut needle: String = ui.data(|d| d.get_temp(search_id)).unwrap_or_default();
                let edit = ui.add(
                    egui::TextEdit::singleline(&mut needle)
                        .hint_text(tr(lang, Key::SearchHint))
                        .desired_width(f32::INFINITY),
                );
                if edit.changed() {
                    ui.data_mut(|d| d.insert_temp(search_id, needle.clone()));
                }
                let rows = matching(table, &needle, &allowed);
                let row_height = ui.text_style_height(&egui::TextStyle::Body) + 4.0;
                egui::ScrollArea::vertical()
                    .max_height(POPUP_HEIGHT - 40.0)
                    .show_rows(ui, row_height, rows.len(), |ui, range| {
                        for &r in &rows[range] {
                            let text = format!(
                                "{}  ·  {}",
                                table.name(r as usize, ja),
                                &table.ids[r as usize]
                            );
                            if ui.selectable_label(current == Some(r), text).clicked() {
                                picked = Some(r);
                            }
                        }
                    });
            });
        let _labelled = combo.response.labelled_by(label.id);
    });
    picked
}

/// Rows whose id or name (either language) contains `needle` (case-insensitive), in table
/// order.
fn matching(table: &Entities, needle: &str, allowed: &impl Fn(u32) -> bool) -> Vec<u32> {
    let needle = needle.trim().to_lowercase();
    (0..table.len() as u32)
        .filter(|&r| allowed(r))
        .filter(|&r| {
            let i = r as usize;
            needle.is_empty()
                || table.ids[i].to_lowercase().contains(&needle)
                || table.name(i, false).to_lowercase().contains(&needle)
                || table.name(i, true).to_lowercase().contains(&needle)
        })
        .collect()
}
