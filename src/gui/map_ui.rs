//! The map: every point coloured by the chosen scheme (users as diamonds), the selection as a
//! ring, lines to its Euclidean (solid) and cosine (dashed) neighbours, marked points (box,
//! lasso, search) as rings. Large views are drawn as a density image ([`super::map_density`]);
//! picking and the other per-frame lookups go through the spatial grid ([`super::map_grid`]).

use egui::{Color32, RichText};
use egui_plot::{
    AxisHints, Line, LineStyle, MarkerShape, Plot, PlotImage, PlotPoint, PlotTransform, Points,
    Polygon,
};

use super::i18n::{Key, tr};
use super::map_data::MapData;
use super::map_density::{POINT_LIMIT, RasterKey};
use super::neighbours_ui::{COSINE_COLOR, EUCLID_COLOR};
use super::projection::Layout;
use super::state::{AppState, Command, MapTool};
use crate::data::Kind;
use crate::pipeline::RunOutput;

/// Pick radius in screen pixels.
const PICK_PX: f32 = 10.0;

fn transform_id() -> egui::Id {
    egui::Id::unique("embedscope.map.transform")
}

fn drag_id() -> egui::Id {
    egui::Id::unique("embedscope.map.drag")
}

/// Screen position of map point `point` as drawn in the last frame (for tests and tools that
/// act on the map like a person would).
#[must_use]
pub fn screen_pos(ctx: &egui::Context, state: &AppState, point: usize) -> Option<egui::Pos2> {
    let transform: PlotTransform = ctx.data(|d| d.get_temp(transform_id()))?;
    let p = state.map.as_ref()?.point(point)?;
    Some(transform.position_from_point(&p))
}

fn pending_view_id() -> egui::Id {
    egui::Id::unique("embedscope.map.pending_view")
}

/// The part of the map shown in the last frame, `[x_min, x_max, y_min, y_max]` in map units.
#[must_use]
pub fn view_bounds(ctx: &egui::Context) -> Option<[f64; 4]> {
    let t: PlotTransform = ctx.data(|d| d.get_temp(transform_id()))?;
    let b = t.bounds();
    Some([b.min()[0], b.max()[0], b.min()[1], b.max()[1]])
}

/// Show `[x_min, x_max, y_min, y_max]` of the map from the next frame on (restoring a view).
pub fn request_view(ctx: &egui::Context, bounds: [f64; 4]) {
    ctx.data_mut(|d| d.insert_temp(pending_view_id(), bounds));
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
    super::provenance_ui::trained_by_ui(ui, lang, &run.data);
    super::map_tools_ui::map_tools_ui(ui, state, run, cmds);
    let ratio = &run.pca.explained_variance_ratio;
    let pct = |i: usize| format!("{:.1}", ratio.get(i).copied().unwrap_or(0.0) * 100.0);
    let (x_label, y_label) = match state.projection.layout {
        Layout::Pca { x, y } => (
            format!("PC{} ({}%)", x + 1, pct(x)),
            format!("PC{} ({}%)", y + 1, pct(y)),
        ),
        Layout::Tsne => ("t-SNE 1".to_owned(), "t-SNE 2".to_owned()),
        Layout::Umap => ("UMAP 1".to_owned(), "UMAP 2".to_owned()),
    };
    // The legend sits above the plot, where it covers no point and never moves.
    super::map_legend_ui::map_legend_ui(ui, state, map);
    let hidden = super::map_legend_ui::hidden_groups(ui.ctx(), map);
    let panning = state.map_view.tool == MapTool::Pan;
    let plot = Plot::new(("map", run.data.root.display().to_string()))
        .data_aspect(1.0)
        .allow_drag(panning)
        .allow_boxed_zoom(panning)
        .show_x(false)
        .show_y(false)
        // egui_plot hides x tick labels closer than 60 px; on a map with one unit per ~45 px
        // (a UMAP layout) that left a single label on the axis. Map coordinates are short.
        .custom_x_axes(vec![
            AxisHints::new_x().label(x_label).label_spacing(32.0..=44.0),
        ])
        .y_axis_label(y_label);
    let pending: Option<[f64; 4]> = ui.ctx().data_mut(|d| d.remove_temp(pending_view_id()));
    let response = plot.show(ui, |pui| {
        if let Some([x_min, x_max, y_min, y_max]) = pending {
            pui.set_plot_bounds(egui_plot::PlotBounds::from_min_max(
                [x_min, y_min],
                [x_max, y_max],
            ));
        }
        plot_items_ui(pui, state, map, &hidden);
        if !panning {
            drag_select_ui(pui, state, map, cmds);
        }
    });
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

/// The points: one series per legend group for the points in view, or the density image when
/// more than [`POINT_LIMIT`] are in view; then neighbour lines, marks and the selection.
fn plot_items_ui<'a>(
    pui: &mut egui_plot::PlotUi<'a>,
    state: &AppState,
    map: &'a MapData,
    hidden: &[bool],
) {
    let lang = state.lang();
    let ja = lang.is_ja();
    let view = pui.plot_bounds();
    let (lo, hi) = (view.min(), view.max());
    let bounds = map.grid.bounds();
    if let Some(b) = bounds {
        // Invisible corners keep the automatic bounds on the data, whatever is drawn.
        pui.points(
            Points::new("", vec![[b[0], b[1]], [b[2], b[3]]])
                .radius(0.0)
                .color(Color32::TRANSPARENT)
                .allow_hover(false),
        );
    }
    let coloring = &map.coloring;
    if map.grid.count_in(lo, hi) > POINT_LIMIT {
        if let Some(b) = bounds {
            density_ui(
                pui,
                map,
                hidden,
                [
                    lo[0].max(b[0]),
                    lo[1].max(b[1]),
                    hi[0].min(b[2]),
                    hi[1].min(b[3]),
                ],
            );
        }
    } else {
        let mut by_group: Vec<Vec<[f64; 2]>> = vec![Vec::new(); coloring.groups.len()];
        for i in map.grid.in_rect(&map.xy, lo, hi) {
            if let Some(list) = coloring
                .group
                .get(i)
                .and_then(|&g| by_group.get_mut(g as usize))
            {
                list.push(map.xy[i]);
            }
        }
        for ((g, points), off) in coloring.groups.iter().zip(by_group).zip(hidden) {
            if *off {
                continue;
            }
            let name = if ja { &g.label_ja } else { &g.label };
            let shape = if g.diamond {
                MarkerShape::Diamond
            } else {
                MarkerShape::Circle
            };
            pui.points(
                Points::new(name.as_str(), points)
                    .color(g.color)
                    .shape(shape)
                    .radius(super::presenter::marker(
                        if g.diamond { 4.0 } else { 3.5 },
                        state.settings.presenter,
                    ))
                    .filled(true)
                    .allow_hover(false),
            );
        }
    }
    marks_ui(pui, state, map, lo, hi);
    selection_ui(pui, state, map);
}

/// The density image of the points inside `r` (min x, min y, max x, max y; already clipped to
/// the data so the image never widens the automatic bounds).
fn density_ui(pui: &mut egui_plot::PlotUi<'_>, map: &MapData, hidden: &[bool], r: [f64; 4]) {
    let (w, h) = (r[2] - r[0], r[3] - r[1]);
    if !(w > 0.0 && h > 0.0) {
        return;
    }
    let t = pui.transform();
    let px = |v: f64, per: f64| ((v * per.abs()).ceil() as usize).clamp(1, 4096);
    let size = [px(w, t.dpos_dvalue_x()), px(h, t.dpos_dvalue_y())];
    let key = RasterKey {
        bounds: r,
        size,
        generation: map.generation,
        hidden: super::map_density::hidden_mask(hidden),
    };
    let texture = super::map_density::texture(pui.ctx(), key, map, hidden);
    pui.image(
        PlotImage::new(
            "density",
            texture,
            PlotPoint::new(r[0] + w / 2.0, r[1] + h / 2.0),
            egui::vec2(w as f32, h as f32),
        )
        .allow_hover(false),
    );
}

/// Marked points (box, lasso, search) in view, as white rings.
fn marks_ui(
    pui: &mut egui_plot::PlotUi<'_>,
    state: &AppState,
    map: &MapData,
    lo: [f64; 2],
    hi: [f64; 2],
) {
    let inside = |p: &[f64; 2]| p[0] >= lo[0] && p[0] <= hi[0] && p[1] >= lo[1] && p[1] <= hi[1];
    let marked: Vec<[f64; 2]> = state
        .map_view
        .marked
        .iter()
        .filter_map(|&i| map.xy.get(i))
        .filter(|p| inside(p))
        .take(POINT_LIMIT)
        .copied()
        .collect();
    if !marked.is_empty() {
        pui.points(
            Points::new(tr(state.lang(), Key::Marked), marked)
                .shape(MarkerShape::Circle)
                .filled(false)
                .radius(6.0)
                .color(Color32::WHITE)
                .allow_hover(false),
        );
    }
}

/// Neighbour lines, the nearest points on the map and the selection ring.
fn selection_ui(pui: &mut egui_plot::PlotUi<'_>, state: &AppState, map: &MapData) {
    let lang = state.lang();
    let Some(p) = state.selected else {
        return;
    };
    let Some(&sel) = map.xy.get(p) else {
        return;
    };
    if let Some(cmp) = state.comparison.as_ref().and_then(|c| c.as_ref().ok()) {
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
                if let Some(&to) = map.xy.get(n.point) {
                    pui.line(
                        Line::new(name, vec![sel, to])
                            .color(color)
                            .width(1.6)
                            .style(style)
                            .allow_hover(false),
                    );
                }
            }
        }
    }
    // The selection's nearest points on the map, next to its true (vector) neighbours.
    let near: Vec<[f64; 2]> = map
        .nearest_on_map(p, state.settings.k)
        .iter()
        .map(|&i| map.xy[i])
        .collect();
    pui.points(
        Points::new(tr(lang, Key::MapNeighbours), near)
            .shape(MarkerShape::Square)
            .filled(false)
            .radius(6.0)
            .color(Color32::from_gray(150))
            .allow_hover(false),
    );
    pui.points(
        Points::new(tr(lang, Key::LegendSelection), vec![sel])
            .shape(MarkerShape::Circle)
            .filled(false)
            .radius(9.0)
            .color(Color32::WHITE)
            .allow_hover(false),
    );
}

/// Box or lasso: the drag's path is kept in egui's temporary memory while the button is down;
/// on release the points inside become the marked set.
fn drag_select_ui(
    pui: &mut egui_plot::PlotUi<'_>,
    state: &AppState,
    map: &MapData,
    cmds: &mut Vec<Command>,
) {
    let response = pui.response().clone();
    let ctx = pui.ctx().clone();
    let at = pui.pointer_coordinate().map(|p| [p.x, p.y]);
    let mut path: Vec<[f64; 2]> = ctx.data(|d| d.get_temp(drag_id())).unwrap_or_default();
    if response.drag_started() {
        path.clear();
    }
    if response.dragged()
        && let Some(p) = at
    {
        match state.map_view.tool {
            MapTool::Box => {
                path.truncate(1);
                path.push(p);
                if path.len() == 1 {
                    path.push(p);
                }
            }
            MapTool::Lasso | MapTool::Pan => path.push(p),
        }
    }
    let shape: Vec<[f64; 2]> = match (state.map_view.tool, path.as_slice()) {
        (MapTool::Box, [a, b, ..]) => vec![*a, [b[0], a[1]], *b, [a[0], b[1]]],
        _ => path.clone(),
    };
    if response.drag_stopped() {
        let marked = match state.map_view.tool {
            MapTool::Box if path.len() >= 2 => map.grid.in_rect(&map.xy, path[0], path[1]),
            _ => map.grid.in_polygon(&map.xy, &shape),
        };
        cmds.push(Command::Mark(marked));
        path.clear();
    } else if shape.len() >= 2 {
        pui.polygon(
            Polygon::new("", shape)
                .stroke(egui::Stroke::new(1.5, Color32::WHITE))
                .fill_color(Color32::from_white_alpha(24))
                .allow_hover(false),
        );
    }
    ctx.data_mut(|d| d.insert_temp(drag_id(), path));
}

fn tooltip_ui(ui: &mut egui::Ui, state: &AppState, run: &RunOutput, map: &MapData, i: usize) {
    let lang = state.lang();
    let p = run.points[i];
    let t = run.data.table(p.kind);
    let r = p.row as usize;
    ui.label(
        RichText::new(t.name(r, lang.is_ja()))
            .strong()
            .color(map.color(i)),
    );
    let kind = if p.kind == Kind::Item {
        tr(lang, Key::ItemKind)
    } else {
        tr(lang, Key::UserKind)
    };
    ui.label(format!(
        "{kind} · {} · {}: {}",
        &t.ids[r],
        tr(lang, Key::Category),
        run.data.category_label(p.kind, r, lang.is_ja())
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
    let shown = v.len().min(16);
    let mut vec_text: Vec<String> = v[..shown].iter().map(|x| format!("{x:+.2}")).collect();
    if v.len() > shown {
        vec_text.push("…".to_owned());
    }
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
