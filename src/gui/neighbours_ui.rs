//! The right panel: the selected point, its vector card, and its k nearest neighbours under
//! Euclidean distance and cosine similarity side by side, with the overlap and the entries
//! that appear in only one list highlighted. A selected user also gets a Recommendations tab,
//! shown first.

use egui::{Color32, RichText};

use super::i18n::{Key, fill, query_error_message, tr};
use super::state::{AppState, Command, K_RANGE};
use super::vector_card_ui::vector_card_ui;
use crate::data::Kind;
use crate::pipeline::RunOutput;
use crate::pipeline::query::{KindFilter, ListSource, Neighbour};

/// Line and heading colour for Euclidean neighbours.
pub const EUCLID_COLOR: Color32 = Color32::from_rgb(70, 140, 255);
/// Line and heading colour for cosine neighbours.
pub const COSINE_COLOR: Color32 = Color32::from_rgb(255, 120, 50);

/// Draw the neighbours panel.
pub fn neighbours_ui(ui: &mut egui::Ui, state: &AppState, cmds: &mut Vec<Command>) {
    let lang = state.lang();
    let t = |k| tr(lang, k);
    ui.heading(t(Key::Neighbours));
    let (Some(run), Some(point)) = (&state.run, state.selected) else {
        ui.label(t(Key::NeighboursHint));
        return;
    };
    selection_header_ui(ui, state, run, point, cmds);
    let tab = side_tab(state);
    if let Some(recs) = &state.recommendations {
        ui.horizontal(|ui| {
            for (choice, text) in [
                (
                    SideTab::Recommendations,
                    fill(tr(lang, Key::RecsTab), &[("n", recs.len().to_string())]),
                ),
                (SideTab::Neighbours, tr(lang, Key::NeighboursTab).to_owned()),
            ] {
                if ui
                    .selectable_label(tab == choice, RichText::new(text).strong())
                    .clicked()
                    && tab != choice
                {
                    cmds.push(Command::ShowSideTab(choice));
                }
            }
        });
    }
    ui.separator();
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| match tab {
            SideTab::Recommendations => {
                super::recommend_ui::recommend_ui(ui, state, run, cmds);
            }
            SideTab::Neighbours => {
                vector_card_ui(ui, state, run, point);
                ui.separator();
                controls_ui(ui, state, cmds);
                lists_ui(ui, state, run, cmds);
                super::whole_table_ui::whole_table_ui(ui, state, run, point, cmds);
            }
        });
}

/// The right panel's two views of a selected user.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SideTab {
    /// Vector card, neighbour lists and their controls.
    #[default]
    Neighbours,
    /// The funnel and the recommendations with their reasons.
    Recommendations,
}

/// The tab shown: the one picked for this selection, else the recommendations of a selected
/// user (the "why this?" story) and the neighbours of anything else.
#[must_use]
pub fn side_tab(state: &AppState) -> SideTab {
    match (state.side_tab, state.selected) {
        (Some((tab, point)), Some(selected)) if point == selected => tab,
        _ if state.recommendations.is_some() => SideTab::Recommendations,
        _ => SideTab::Neighbours,
    }
}

fn selection_header_ui(
    ui: &mut egui::Ui,
    state: &AppState,
    run: &RunOutput,
    point: usize,
    cmds: &mut Vec<Command>,
) {
    let lang = state.lang();
    let p = run.points[point];
    let table = run.data.table(p.kind);
    let r = p.row as usize;
    ui.horizontal(|ui| {
        ui.label(
            RichText::new(table.name(r, lang.is_ja()))
                .size(18.0)
                .strong(),
        );
        if ui.small_button(tr(lang, Key::ClearSelection)).clicked() {
            cmds.push(Command::Select(None));
        }
    });
    let kind = if p.kind == Kind::Item {
        tr(lang, Key::ItemKind)
    } else {
        tr(lang, Key::UserKind)
    };
    let category = run.data.category_label(p.kind, r, lang.is_ja());
    ui.label(RichText::new(format!("{kind} · {} · {category}", &table.ids[r])).weak());
}

fn controls_ui(ui: &mut egui::Ui, state: &AppState, cmds: &mut Vec<Command>) {
    let lang = state.lang();
    let mut k = state.settings.k;
    if ui
        .add(egui::Slider::new(&mut k, K_RANGE).text(tr(lang, Key::K)))
        .changed()
    {
        cmds.push(Command::SetK(k));
    }
    ui.horizontal(|ui| {
        ui.label(tr(lang, Key::Show));
        for (f, key) in [
            (KindFilter::All, Key::FilterAll),
            (KindFilter::Items, Key::FilterItems),
            (KindFilter::Users, Key::FilterUsers),
        ] {
            if ui
                .radio(state.settings.filter == f, tr(lang, key))
                .clicked()
                && state.settings.filter != f
            {
                cmds.push(Command::SetFilter(f));
            }
        }
    });
    ui.horizontal(|ui| {
        ui.label(tr(lang, Key::IndexLabel));
        let approx = state.ann.approximate;
        if ui.radio(!approx, tr(lang, Key::IndexExact)).clicked() && approx {
            cmds.push(Command::SetApproximate(false));
        }
        if ui.radio(approx, tr(lang, Key::IndexHnsw)).clicked() && !approx {
            cmds.push(Command::SetApproximate(true));
        }
        if state.ann.job.is_some() {
            ui.spinner();
            ui.label(RichText::new(tr(lang, Key::BuildingHnsw)).small());
        }
    });
}

/// Exact or approximate, and how approximate (measured recall).
fn source_ui(ui: &mut egui::Ui, state: &AppState, source: ListSource) {
    let lang = state.lang();
    let text = match source {
        ListSource::Exact => tr(lang, Key::SourceExact).to_owned(),
        ListSource::Approximate {
            recall_euclidean,
            recall_cosine,
        } => fill(
            tr(lang, Key::SourceApprox),
            &[
                ("e", format!("{recall_euclidean:.3}")),
                ("c", format!("{recall_cosine:.3}")),
            ],
        ),
    };
    ui.label(RichText::new(text).small().weak())
        .on_hover_text(tr(lang, Key::SourceHover));
}

fn lists_ui(ui: &mut egui::Ui, state: &AppState, run: &RunOutput, cmds: &mut Vec<Command>) {
    let lang = state.lang();
    if state.query_job.is_some() {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label(tr(lang, Key::Searching));
        });
    }
    let Some(cmp) = &state.comparison else { return };
    let cmp = match cmp {
        Ok(c) => c,
        Err(e) => {
            ui.colored_label(Color32::LIGHT_RED, query_error_message(lang, e));
            return;
        }
    };
    let shared_k = cmp.euclidean.len();
    let overlap = if cmp.cosine.is_ok() {
        fill(
            tr(lang, Key::Shared),
            &[("n", cmp.overlap.to_string()), ("k", shared_k.to_string())],
        )
    } else {
        "—".to_owned()
    };
    ui.horizontal(|ui| {
        ui.label(RichText::new(overlap).strong());
        ui.label(RichText::new(tr(lang, Key::OnlyHere)).background_color(highlight()));
    });
    source_ui(ui, state, cmp.source);
    if cmp.left_out_no_data > 0 {
        ui.label(
            RichText::new(fill(
                tr(lang, Key::LeftOutNoData),
                &[("n", cmp.left_out_no_data.to_string())],
            ))
            .weak(),
        )
        .on_hover_text(tr(lang, Key::LeftOutNoDataHover));
    }
    if shared_k < cmp.k {
        ui.label(
            RichText::new(fill(
                tr(lang, Key::KLimited),
                &[("n", shared_k.to_string())],
            ))
            .weak(),
        );
    }
    ui.columns(2, |cols| {
        list_column_ui(
            &mut cols[0],
            state,
            run,
            Key::Euclidean,
            Key::EuclideanSub,
            EUCLID_COLOR,
            Ok(&cmp.euclidean),
            cmds,
        );
        let cosine = cmp
            .cosine
            .as_ref()
            .map(Vec::as_slice)
            .map_err(|e| query_error_message(lang, e));
        list_column_ui(
            &mut cols[1],
            state,
            run,
            Key::Cosine,
            Key::CosineSub,
            COSINE_COLOR,
            cosine,
            cmds,
        );
    });
}

fn highlight() -> Color32 {
    Color32::from_rgba_unmultiplied(255, 210, 0, 60)
}

#[expect(
    clippy::too_many_arguments,
    reason = "one column of the side-by-side table; grouping these would only rename them"
)]
fn list_column_ui(
    ui: &mut egui::Ui,
    state: &AppState,
    run: &RunOutput,
    title: Key,
    subtitle: Key,
    color: Color32,
    list: Result<&[Neighbour], String>,
    cmds: &mut Vec<Command>,
) {
    let lang = state.lang();
    ui.label(RichText::new(tr(lang, title)).strong().color(color));
    ui.label(RichText::new(tr(lang, subtitle)).small().weak());
    let list = match list {
        Ok(l) => l,
        Err(msg) => {
            ui.label(RichText::new(msg).color(Color32::LIGHT_RED));
            return;
        }
    };
    // Long names are truncated to the column so the panel never grows (and never jitters).
    ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
    let name_width = (ui.available_width() - 75.0).max(60.0);
    egui::Grid::new(tr(Lang::En, title))
        .striped(true)
        .num_columns(3)
        .max_col_width(name_width)
        .show(ui, |ui| {
            for (i, n) in list.iter().enumerate() {
                ui.label(format!("{}", i + 1));
                let table = run.data.table(n.entity.kind);
                let prefix = if n.entity.kind == Kind::User {
                    "◆ "
                } else {
                    ""
                };
                let mut text = RichText::new(format!(
                    "{prefix}{}",
                    table.name(n.entity.row as usize, lang.is_ja())
                ));
                if !n.shared {
                    text = text.background_color(highlight());
                }
                let resp = ui.selectable_label(false, text);
                let resp = if n.shared {
                    resp
                } else {
                    resp.on_hover_text(tr(lang, Key::OnlyHere))
                };
                if resp.clicked() {
                    cmds.push(Command::Select(Some(n.point)));
                }
                ui.label(RichText::new(format!("{:.3}", n.value)).monospace());
                ui.end_row();
            }
        });
}

use super::i18n::Lang;
