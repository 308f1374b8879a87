//! Two neighbour lists side by side — nearest by Euclidean distance, most similar by cosine —
//! for a query that need not be a stored point (an edited copy, A − B + C, a user's mean).

use egui::{Color32, RichText};

use crate::gui::i18n::{Key, Lang, query_error_message, tr};
use crate::gui::neighbours_ui::{COSINE_COLOR, EUCLID_COLOR};
use crate::index::{Hit, QueryError};
use crate::pipeline::RunOutput;
use crate::pipeline::whatif::Lists;

/// Draw both lists; `marked` (a map point) is shown bold in `mark_color` wherever it appears.
pub fn lists_ui(
    ui: &mut egui::Ui,
    id_salt: &str,
    lang: Lang,
    run: &RunOutput,
    lists: &Result<Lists, QueryError>,
    marked: Option<(usize, Color32)>,
) {
    let lists = match lists {
        Ok(l) => l,
        Err(e) => {
            ui.colored_label(Color32::LIGHT_RED, query_error_message(lang, e));
            return;
        }
    };
    ui.columns(2, |cols| {
        column_ui(
            &mut cols[0],
            (id_salt, "euclidean"),
            lang,
            run,
            (Key::Euclidean, Key::EuclideanSub, EUCLID_COLOR),
            Ok(&lists.euclidean),
            marked,
        );
        column_ui(
            &mut cols[1],
            (id_salt, "cosine"),
            lang,
            run,
            (Key::Cosine, Key::CosineSub, COSINE_COLOR),
            lists.cosine.as_deref(),
            marked,
        );
    });
}

fn column_ui(
    ui: &mut egui::Ui,
    id: (&str, &str),
    lang: Lang,
    run: &RunOutput,
    (title, subtitle, color): (Key, Key, Color32),
    list: Result<&[Hit], &QueryError>,
    marked: Option<(usize, Color32)>,
) {
    ui.label(RichText::new(tr(lang, title)).strong().color(color));
    ui.label(RichText::new(tr(lang, subtitle)).small().weak());
    let list = match list {
        Ok(l) => l,
        Err(e) => {
            ui.label(RichText::new(query_error_message(lang, e)).color(Color32::LIGHT_RED));
            return;
        }
    };
    ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
    let name_width = (ui.available_width() - 70.0).max(60.0);
    egui::Grid::new(("learn-list", id.0, id.1))
        .striped(true)
        .num_columns(3)
        .max_col_width(name_width)
        .show(ui, |ui| {
            for (i, h) in list.iter().enumerate() {
                let point = h.row as usize;
                let Some(p) = run.points.get(point) else {
                    continue;
                };
                let name = run.data.table(p.kind).name(p.row as usize, lang.is_ja());
                let prefix = if p.kind == crate::data::Kind::User {
                    "◆ "
                } else {
                    ""
                };
                let mut text = RichText::new(format!("{prefix}{name}"));
                if let Some((m, c)) = marked
                    && m == point
                {
                    text = text.strong().color(c);
                }
                ui.label(format!("{}", i + 1));
                ui.label(text);
                ui.label(RichText::new(format!("{:.3}", h.value)).monospace());
                ui.end_row();
            }
        });
}
