//! Recommendations for the selected user, each with its reasons: the past items that explain it
//! (with their share) and, for feature vectors, the features where user and item agree.

use egui::RichText;

use super::i18n::{Key, tr};
use super::state::{AppState, Command};
use crate::embed::Method;
use crate::pipeline::RunOutput;

/// Draw the recommendations section (nothing unless a user is selected).
pub fn recommend_ui(ui: &mut egui::Ui, state: &AppState, run: &RunOutput, cmds: &mut Vec<Command>) {
    let Some(recs) = &state.recommendations else {
        return;
    };
    let lang = state.lang();
    let ja = lang.is_ja();
    ui.separator();
    ui.label(RichText::new(tr(lang, Key::Recommendations)).strong());
    ui.label(RichText::new(tr(lang, Key::RecsHint)).small().weak());
    let items = &run.data.items;
    let labels = if ja {
        &items.features.labels_ja
    } else {
        &items.features.labels
    };
    ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
    egui::Grid::new("recommendations")
        .striped(true)
        .num_columns(4)
        .show(ui, |ui| {
            ui.label(RichText::new(tr(lang, Key::Rank)).small().weak());
            ui.label(RichText::new(tr(lang, Key::Name)).small().weak());
            ui.label(RichText::new(tr(lang, Key::Score)).small().weak());
            ui.label(RichText::new(tr(lang, Key::Because)).small().weak());
            ui.end_row();
            for (rank, r) in recs.iter().enumerate() {
                ui.label((rank + 1).to_string());
                if ui
                    .selectable_label(false, items.name(r.item as usize, ja))
                    .clicked()
                {
                    cmds.push(Command::Select(run.point_of(crate::data::PointRef {
                        kind: crate::data::Kind::Item,
                        row: r.item,
                    })));
                }
                ui.label(RichText::new(format!("{:.3}", r.score)).monospace());
                let mut parts: Vec<String> = r
                    .because
                    .iter()
                    .map(|b| {
                        format!(
                            "{} {:.0}%",
                            items.name(b.item as usize, ja),
                            b.share * 100.0
                        )
                    })
                    .collect();
                if run.embeddings.method == Method::Features && !r.dims.is_empty() {
                    let dims: Vec<&str> = r
                        .dims
                        .iter()
                        .filter_map(|d| labels.get(*d).map(String::as_str))
                        .collect();
                    parts.push(format!("[{}]", dims.join(", ")));
                }
                ui.label(RichText::new(parts.join(" · ")).small());
                ui.end_row();
            }
        });
}
