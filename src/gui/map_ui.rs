//! The map: items (circles, coloured by category) and users (diamonds) on one 2D plot, the
//! selection as a ring, and lines to its Euclidean (solid) and cosine (dashed) neighbours.
//! Hover shows a tooltip; a click selects the nearest point within a few pixels.

use egui::{Color32, RichText};
use egui_plot::{
    Corner, Legend, Line, LineStyle, MarkerShape, Plot, PlotPoints, PlotTransform, Points,
};

use super::i18n::{Key, fill, tr};
use super::map_data::MapData;
use super::neighbours_ui::{COSINE_COLOR, EUCLID_COLOR};
use super::state::{AppState, Command};
use crate::data::Kind;
use crate::pipeline::RunOutput;

/// Pick radius in screen pixels.
const PICK_PX: f32 = 10.0;

fn transform_id() -> egui::Id {
    egui::Id::unique("embedscope.map.transform")
}

/// Screen position of map point `point` as drawn in the last frame (for tests and tools that
/// act on the map like a person would).
#[must_use]
pub fn screen_pos(ctx: &egui::Context, state: &AppState, point: usize) -> Option<egui::Pos2> {
    let transform: PlotTransform = ctx.data(|d| d.get_temp(transform_id()))?;
    let p = state.map.as_ref()?.xy.get(point)?;
    Some(transform.position_from_point(p))
}

/// The plot area on screen in the last frame.
#[must_use]
pub fn plot_rect(ctx: &egui::Context) -> Option<egui::Rect> {
    ctx.data(|d| d.get_temp::<PlotTransform>(transform_id()))
        .map(|t| *t.frame())
}

/// Draw the map.
pub fn map_ui(ui: &mut egui::Ui, state: &AppState, cmds: &mut Vec<Command>) {
    let lang = state.lang();
    let (Some(run), Some(map)) = (&state.run, &state.map) else {
        ui.centered_and_justified(|ui| ui.label(tr(lang, Key::NoData)));
        return;
    };
    let ratio = &run.pca.explained_variance_ratio;
    let pct = |i: usize| format!("{:.1}", ratio.get(i).copied().unwrap_or(0.0) * 100.0);
    ui.label(
        RichText::new(fill(
            tr(lang, Key::MapAxes),
            &[("a", pct(0)), ("b", pct(1))],
        ))
        .small()
        .weak(),
    );
    let plot = Plot::new(("map", run.data.root.display().to_string()))
        .data_aspect(1.0)
        .legend(
            Legend::default()
                .position(Corner::LeftTop)
                .follow_insertion_order(true),
        )
        .show_x(false)
        .show_y(false)
        .x_axis_label(format!("PC1 ({}%)", pct(0)))
        .y_axis_label(format!("PC2 ({}%)", pct(1)));
    let response = plot.show(ui, |pui| plot_items_ui(pui, state, map));
    ui.ctx()
        .data_mut(|d| d.insert_temp(transform_id(), response.transform));
    let hovered = response
        .response
        .hover_pos()
        .and_then(|pos| map.pick(&response.transform, pos, PICK_PX));
    if response.response.clicked()
        && let Some(pos) = response.response.interact_pointer_pos()
    {
        cmds.push(Command::Select(map.pick(&response.transform, pos, PICK_PX)));
    }
    if let Some(i) = hovered {
        response
            .response
            .on_hover_ui_at_pointer(|ui| tooltip_ui(ui, state, run, map, i));
    }
}

/// The plot's items: category series, users, neighbour lines, the selection ring.
fn plot_items_ui<'a>(pui: &mut egui_plot::PlotUi<'a>, state: &AppState, map: &'a MapData) {
    let lang = state.lang();
    let ja = lang.is_ja();
    let selection = state.selected.and_then(|s| map.xy.get(s).copied());
    let comparison = state.comparison.as_ref().and_then(|c| c.as_ref().ok());
    for s in &map.items {
        let name = if ja {
            s.label_ja.as_str()
        } else {
            s.label.as_str()
        };
        pui.points(
            Points::new(name, PlotPoints::from(s.points.as_slice()))
                .color(s.color)
                .radius(3.5)
                .filled(true)
                .allow_hover(false),
        );
    }
    pui.points(
        Points::new(
            tr(lang, Key::LegendUsers),
            PlotPoints::from(map.users.points.as_slice()),
        )
        .color(map.users.color)
        .shape(MarkerShape::Diamond)
        .radius(4.0)
        .allow_hover(false),
    );
    if let (Some(sel), Some(cmp)) = (selection, comparison) {
        for (list, name, color, style) in [
            (
                Some(cmp.euclidean.as_slice()),
                tr(lang, Key::LegendEuclid),
                EUCLID_COLOR,
                LineStyle::Solid,
            ),
            (
                cmp.cosine.as_ref().ok().map(Vec::as_slice),
                tr(lang, Key::LegendCosine),
                COSINE_COLOR,
                LineStyle::dashed_loose(),
            ),
        ] {
            for n in list.unwrap_or_default() {
                let to = map.xy[n.point];
                pui.line(
                    Line::new(name, vec![[sel.x, sel.y], [to.x, to.y]])
                        .color(color)
                        .width(1.6)
                        .style(style)
                        .allow_hover(false),
                );
            }
        }
    }
    if let Some(sel) = selection {
        pui.points(
            Points::new(tr(lang, Key::LegendSelection), vec![[sel.x, sel.y]])
                .shape(MarkerShape::Circle)
                .filled(false)
                .radius(9.0)
                .color(Color32::WHITE)
                .allow_hover(false),
        );
    }
}

fn tooltip_ui(ui: &mut egui::Ui, state: &AppState, run: &RunOutput, map: &MapData, i: usize) {
    let lang = state.lang();
    let p = run.points[i];
    let t = run.data.table(p.kind);
    let r = p.row as usize;
    ui.label(
        RichText::new(t.name(r, lang.is_ja()))
            .strong()
            .color(map.colors[i]),
    );
    let kind = if p.kind == Kind::Item {
        tr(lang, Key::ItemKind)
    } else {
        tr(lang, Key::UserKind)
    };
    ui.label(format!(
        "{kind} · {} · {}: {}",
        t.ids[r],
        tr(lang, Key::Category),
        t.category_label(r, lang.is_ja())
    ));
    let features = &run.data.items.features;
    let labels = if lang.is_ja() {
        &features.labels_ja
    } else {
        &features.labels
    };
    let v = run.index.row(i).to_vec();
    let raw = match p.kind {
        Kind::Item => Some(features.values.row(r).to_vec()),
        Kind::User => run.embeddings.to_raw(&v),
    };
    if let Some(raw) = raw {
        for (l, x) in labels.iter().zip(&raw) {
            ui.label(format!("{l}: {}", short(*x)));
        }
    }
    let vec_text: Vec<String> = v.iter().map(|x| format!("{x:+.2}")).collect();
    ui.label(
        RichText::new(format!(
            "{} ({})",
            tr(lang, Key::Vector),
            vec_text.join(", ")
        ))
        .monospace()
        .small(),
    );
}

fn short(x: f64) -> String {
    if x.abs() >= 100.0 {
        format!("{x:.0}")
    } else {
        format!("{x:.1}")
    }
}
