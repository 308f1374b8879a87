//! What the map draws that depends only on the run and the layout: every point's position, a
//! spatial grid over them (picking, nearest on the map, box and lasso) and the current colouring.

use egui::{Color32, Pos2};
use egui_plot::{PlotPoint, PlotTransform};

use super::map_colors::{ColorBy, Coloring};
use super::map_grid::{CellOrder, Grid};
use crate::pipeline::RunOutput;

/// Everything the map draws that depends only on the run and the layout.
#[derive(Debug, Clone)]
pub struct MapData {
    /// Position of every point (map point `i` = run point `i`).
    pub xy: Vec<[f64; 2]>,
    /// Spatial index over `xy`.
    pub grid: Grid,
    /// The points and their colours in the grid's cell order (the density image).
    pub cells: CellOrder,
    /// Colour and legend group of every point.
    pub coloring: Coloring,
    /// What `coloring` was built for (with the generation of its inputs).
    pub colored_by: (ColorBy, u64),
    /// Changes whenever positions or colours change (cache key of the density image).
    pub generation: u64,
}

/// A process-wide counter so that every new map or colouring gets a fresh generation.
fn next_generation() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

impl MapData {
    /// The run's own (PCA) positions, coloured by category.
    #[must_use]
    pub fn build(run: &RunOutput) -> Self {
        Self::build_with(run, run.xy.view())
    }

    /// Positions `xy` (one row per point), coloured by category.
    #[must_use]
    pub fn build_with(run: &RunOutput, xy: ndarray::ArrayView2<'_, f32>) -> Self {
        let xy: Vec<[f64; 2]> = xy
            .rows()
            .into_iter()
            .map(|r| [f64::from(r[0]), f64::from(r[1])])
            .collect();
        let grid = Grid::build(&xy);
        let coloring = Coloring::by_category(run);
        Self {
            cells: CellOrder::build(&grid, &xy, &coloring.colors),
            grid,
            xy,
            coloring,
            colored_by: (ColorBy::Category, 0),
            generation: next_generation(),
        }
    }

    /// Replace the colouring.
    pub fn recolor(&mut self, coloring: Coloring, by: (ColorBy, u64)) {
        self.cells.recolor(&self.grid, &coloring.colors);
        self.coloring = coloring;
        self.colored_by = by;
        self.generation = next_generation();
    }

    /// Colour of point `i`.
    #[must_use]
    pub fn color(&self, i: usize) -> Color32 {
        self.coloring
            .colors
            .get(i)
            .copied()
            .unwrap_or(Color32::GRAY)
    }

    /// Position of point `i` as a plot point.
    #[must_use]
    pub fn point(&self, i: usize) -> Option<PlotPoint> {
        self.xy.get(i).map(|p| PlotPoint::new(p[0], p[1]))
    }

    /// The `k` points nearest to point `p` on the map (not in the vectors), nearest first.
    #[must_use]
    pub fn nearest_on_map(&self, p: usize, k: usize) -> Vec<usize> {
        self.grid.nearest_k(&self.xy, p, k)
    }

    /// The point nearest to screen position `pos`, if within `max_px` pixels (the map keeps
    /// both axes at the same scale, so a screen radius is a plot radius).
    #[must_use]
    pub fn pick(&self, transform: &PlotTransform, pos: Pos2, max_px: f32) -> Option<usize> {
        let at = transform.value_from_position(pos);
        let per_unit = transform.dpos_dvalue_x().abs().max(f64::MIN_POSITIVE);
        let radius = f64::from(max_px) / per_unit;
        self.grid.nearest_within(&self.xy, [at.x, at.y], radius)
    }
}
