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

    /// Move the points to the layout `xy` (one row per point) in place, keeping the colouring
    /// unless it was the layout's own quality score (then back to categories, as
    /// [`Self::build_with`]). A streamed t-SNE or UMAP map at 1M points would otherwise hold
    /// two maps while the new one is built: this reuses the positions' allocation and frees
    /// the old grid before building the new one.
    pub fn relayout(&mut self, run: &RunOutput, xy: ndarray::ArrayView2<'_, f32>) {
        self.relayout_positions_only(xy);
        self.regrid(run);
    }

    /// [`Self::relayout`] from a layout that is not needed afterwards: it is freed before the
    /// grid is built (one copy of the positions fewer at the peak).
    pub fn relayout_owned(&mut self, run: &RunOutput, xy: ndarray::Array2<f32>) {
        self.relayout_positions_only(xy.view());
        drop(xy);
        self.regrid(run);
    }

    /// The positions of [`Self::relayout`], the old grid and cell order freed.
    fn relayout_positions_only(&mut self, xy: ndarray::ArrayView2<'_, f32>) {
        self.grid = Grid::build(&[]);
        self.cells = CellOrder::default();
        self.xy.clear();
        self.xy.extend(
            xy.rows()
                .into_iter()
                .map(|r| [f64::from(r[0]), f64::from(r[1])]),
        );
    }

    /// Grid, colouring and cell order for new positions.
    fn regrid(&mut self, run: &RunOutput) {
        self.grid = Grid::build(&self.xy);
        if self.colored_by.0 == ColorBy::Quality {
            self.coloring = Coloring::by_category(run);
            self.colored_by = (ColorBy::Category, 0);
        }
        self.cells = CellOrder::build(&self.grid, &self.xy, &self.coloring.colors);
        self.generation = next_generation();
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
