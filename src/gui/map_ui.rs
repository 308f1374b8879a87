//! The map: items (circles, coloured by category) and users (diamonds) on one 2D plot, the
//! selection as a ring, and lines to its Euclidean (solid) and cosine (dashed) neighbours.
//! Hover shows a tooltip; a click selects the nearest point within a few pixels.

use egui::{Color32, RichText};
use egui_plot::{
    Corner, Legend, Line, LineStyle, MarkerShape, Plot, PlotPoints, PlotTransform, Points,
};

use super::i18n::{Key, tr};
use super::map_data::MapData;
use super::neighbours_ui::{COSINE_COLOR, EUCLID_COLOR};
use super::projection::Layout;
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
    super::projection_ui::projection_ui(ui, state, run, cmds);
    let ratio = &run.pca.explained_variance_ratio;
    let pct = |i: usize| format!("{:.1}", ratio.get(i).copied().unwrap_or(0.0) * 100.0);
    let (x_label, y_label) = match state.projection.layout {
        Layout::Pca { x, y } => (
            format!("PC{} ({}%)", x + 1, pct(x)),
            format!("PC{} ({}%)", y + 1, pct(y)),
        ),
        Layout::Tsne => ("t-SNE 1".to_owned(), "t-SNE 2".to_owned()),
    };
    let plot = Plot::new(("map", run.data.root.display().to_string()))
        .data_aspect(1.0)
        .legend(
            Legend::default()
                .position(Corner::LeftTop)
                .follow_insertion_order(true),
        )
        .show_x(false)
        .show_y(false)
        .x_axis_label(x_label)
        .y_axis_label(y_label);
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
    let by_quality = state
        .projection
        .quality
        .as_ref()
        .filter(|_| state.projection.color_by_quality);
    if let Some(q) = by_quality {
        quality_points_ui(pui, lang, map, &q.per_point);
    }
    for s in map.items.iter().filter(|_| by_quality.is_none()) {
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
    if by_quality.is_none() {
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
    }
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
    if let (Some(_), Some(p)) = (selection, state.selected) {
        // The selection's nearest points on the map, next to its true (vector) neighbours.
        let near = map.nearest_on_map(p, state.settings.k);
        pui.points(
            Points::new(
                tr(lang, Key::MapNeighbours),
                near.iter()
                    .map(|&i| [map.xy[i].x, map.xy[i].y])
                    .collect::<Vec<_>>(),
            )
            .shape(MarkerShape::Square)
            .filled(false)
            .radius(6.0)
            .color(Color32::from_gray(150))
            .allow_hover(false),
        );
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

/// Points coloured by their share of true neighbours kept on the map, in five bands.
fn quality_points_ui(
    pui: &mut egui_plot::PlotUi<'_>,
    lang: super::i18n::Lang,
    map: &MapData,
    per_point: &[Option<f32>],
) {
    const BANDS: [(f32, Color32); 5] = [
        (0.2, Color32::from_rgb(215, 48, 39)),
        (0.4, Color32::from_rgb(252, 141, 89)),
        (0.6, Color32::from_rgb(254, 224, 139)),
        (0.8, Color32::from_rgb(145, 207, 96)),
        (1.01, Color32::from_rgb(26, 152, 80)),
    ];
    let mut bands: Vec<Vec<[f64; 2]>> = vec![Vec::new(); BANDS.len() + 1];
    for (p, kept) in map.xy.iter().zip(per_point) {
        let b = kept.map_or(BANDS.len(), |k| {
            BANDS
                .iter()
                .position(|(hi, _)| k < *hi)
                .unwrap_or(BANDS.len() - 1)
        });
        bands[b].push([p.x, p.y]);
    }
    for (b, points) in bands.into_iter().enumerate() {
        let (name, color) = match BANDS.get(b) {
            Some((hi, c)) => {
                let lo = if b == 0 { 0.0 } else { BANDS[b - 1].0 };
                let hi = hi.min(1.0);
                let name = if lang.is_ja() {
                    format!("保持 {:.0}–{:.0}%", lo * 100.0, hi * 100.0)
                } else {
                    format!("kept {:.0}–{:.0}%", lo * 100.0, hi * 100.0)
                };
                (name, *c)
            }
            None if points.is_empty() => continue,
            None => (
                if lang.is_ja() {
                    "未計測"
                } else {
                    "not sampled"
                }
                .to_owned(),
                Color32::from_gray(90),
            ),
        };
        pui.points(
            Points::new(name, points)
                .color(color)
                .radius(3.5)
                .filled(true)
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
