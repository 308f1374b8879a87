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
    for (rank, r) in recs.iter().enumerate() {
        ui.horizontal(|ui| {
            ui.label(RichText::new(format!("{:>2}.", rank + 1)).monospace());
            let item = crate::data::PointRef {
                kind: crate::data::Kind::Item,
                row: r.item,
            };
            if ui
                .selectable_label(false, items.name(r.item as usize, ja))
                .clicked()
            {
                cmds.push(Command::Select(run.point_of(item)));
            }
            ui.label(
                RichText::new(format!("{} {:.3}", tr(lang, Key::Score), r.score))
                    .monospace()
                    .weak(),
            );
        });
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
            parts.push(format!(
                "{}: {}",
                tr(lang, Key::TopFeatures),
                dims.join(", ")
            ));
        }
        if !parts.is_empty() {
            ui.label(
                RichText::new(format!(
                    "    {} {}",
                    tr(lang, Key::Because),
                    parts.join(" · ")
                ))
                .small()
                .weak(),
            );
        }
    }
}
