//! The map's points in the grid's cell order, for density images fast enough to pan 10M
//! points (issue 16: a frame ≤ 33 ms while panning).
//!
//! Binning the points in their own order writes to the image at random: at 10M points every
//! point is a cache miss on a 13 MB accumulator (≈120 ms a frame here). In the grid's cell
//! order neighbouring points land in neighbouring pixels, the points of a view are contiguous
//! runs (one per row of cells, so the points outside the view are never read), and the image's
//! pixel rows can be split into bands drawn on separate threads without sharing a pixel.
//!
//! Per point this keeps 8 bytes: its position inside its cell quantised to 1/65,535 of the
//! cell's side (a cell is ~1/2,048 of the map, so a step is ~1/134,000,000 of the map, far
//! below a pixel of any density view, which holds over 20,000 points), and its colour, gathered
//! again when the colouring changes. Points of hidden legend groups are looked up through the
//! grid's ids (random reads, only while a group is hidden).

use egui::{Color32, ColorImage};

use super::Grid;
use crate::gui::map_density::{Accumulator, finish};

/// Quantisation steps across a cell.
const STEPS: f64 = 65_535.0;
/// Below this many points in view one thread draws the image (threads cost more than they save).
const PARALLEL_FROM: usize = 200_000;

/// Points in cell order: position inside the cell and colour.
#[derive(Debug, Clone, Default)]
pub struct CellOrder {
    at: Vec<[u16; 2]>,
    colors: Vec<Color32>,
}

impl CellOrder {
    /// The points `xy` of `grid` in its cell order, with their `colors`.
    #[must_use]
    pub fn build(grid: &Grid, xy: &[[f64; 2]], colors: &[Color32]) -> Self {
        let mut at = Vec::with_capacity(grid.ids.len());
        for cell in 0..grid.cols * grid.rows {
            let (c, r) = (cell % grid.cols, cell / grid.cols);
            let origin = [
                grid.min[0] + c as f64 * grid.cell,
                grid.min[1] + r as f64 * grid.cell,
            ];
            for &i in &grid.ids[grid.start[cell] as usize..grid.start[cell + 1] as usize] {
                let p = xy.get(i as usize).copied().unwrap_or(origin);
                let q = |a: usize| {
                    ((p[a] - origin[a]) / grid.cell * STEPS)
                        .round()
                        .clamp(0.0, STEPS) as u16
                };
                at.push([q(0), q(1)]);
            }
        }
        let mut order = Self {
            at,
            colors: Vec::new(),
        };
        order.recolor(grid, colors);
        order
    }

    /// Gather the colours of a new colouring into cell order.
    pub fn recolor(&mut self, grid: &Grid, colors: &[Color32]) {
        self.colors = grid
            .ids
            .iter()
            .map(|&i| colors.get(i as usize).copied().unwrap_or(Color32::GRAY))
            .collect();
    }

    /// The density image of the points inside `bounds` (min x, min y, max x, max y; row 0 at
    /// max y) at `size` pixels, leaving out points whose legend `group` is `hidden`; with the
    /// number of points drawn. The same image as [`crate::gui::map_density::rasterize_shown`]
    /// up to points within a quantisation step of a pixel edge.
    #[must_use]
    pub fn rasterize(
        &self,
        grid: &Grid,
        group: &[u16],
        hidden: &[bool],
        bounds: [f64; 4],
        size: [usize; 2],
    ) -> (ColorImage, usize) {
        let [w, h] = [size[0].max(1), size[1].max(1)];
        let mut acc: Accumulator = vec![[0; 4]; w * h];
        let view = View::new(grid, bounds, [w, h]);
        let any_hidden = hidden.iter().any(|&off| off);
        let shown = |id: u32| {
            !any_hidden
                || group
                    .get(id as usize)
                    .is_none_or(|&g| !hidden.get(usize::from(g)).copied().unwrap_or(false))
        };
        let in_view = grid.count_in([bounds[0], bounds[1]], [bounds[2], bounds[3]]);
        let threads = if in_view >= PARALLEL_FROM {
            std::thread::available_parallelism().map_or(1, |n| n.get().min(8))
        } else {
            1
        };
        let band = h.div_ceil(threads);
        let drawn = if threads == 1 || grid.ids.is_empty() {
            self.bin(grid, &view, 0..h, &mut acc, &shown)
        } else {
            std::thread::scope(|s| {
                let jobs: Vec<_> = acc
                    .chunks_mut(band * w)
                    .enumerate()
                    .map(|(b, rows)| {
                        let (view, shown) = (&view, &shown);
                        let pixel_rows = b * band..((b + 1) * band).min(h);
                        s.spawn(move || self.bin(grid, view, pixel_rows, rows, shown))
                    })
                    .collect();
                jobs.into_iter().map(|j| j.join().unwrap_or(0)).sum()
            })
        };
        (finish(&acc, [w, h]), drawn)
    }

    /// Bin the shown points that fall in the image's `pixel_rows` into `acc` (those rows only,
    /// row-major); the number binned.
    fn bin(
        &self,
        grid: &Grid,
        view: &View,
        pixel_rows: std::ops::Range<usize>,
        acc: &mut [[u32; 4]],
        shown: &(impl Fn(u32) -> bool + Sync),
    ) -> usize {
        let w = view.size[0];
        // The world's y range of these pixel rows, then the rows of cells overlapping it.
        let top = view.bounds[3] - pixel_rows.start as f64 / view.sy;
        let bottom = view.bounds[3] - pixel_rows.end as f64 / view.sy;
        let (c0, r0) = grid.col_row([view.bounds[0], bottom.max(view.bounds[1])]);
        let (c1, r1) = grid.col_row([view.bounds[2], top.min(view.bounds[3])]);
        let (first, last) = (pixel_rows.start as f64, pixel_rows.end as f64);
        let last_band = pixel_rows.end == view.size[1];
        let mut drawn = 0;
        for r in r0..=r1 {
            let y0 = (view.bounds[3] - (grid.min[1] + r as f64 * grid.cell)) * view.sy;
            for c in c0..=c1 {
                let cell = r * grid.cols + c;
                let x0 = (grid.min[0] + c as f64 * grid.cell - view.bounds[0]) * view.sx;
                let span = grid.start[cell] as usize..grid.start[cell + 1] as usize;
                for (j, q) in span.clone().zip(&self.at[span]) {
                    // Pixel coordinates: x grows right, y grows down from the view's top.
                    let fx = x0 + f64::from(q[0]) * view.step_x;
                    let fy = y0 - f64::from(q[1]) * view.step_y;
                    // A point on a band's lower edge is the next band's (the last band keeps
                    // the image's own edge, as the plain image does).
                    let above_end = if last_band { fy <= last } else { fy < last };
                    if !(fx >= 0.0 && fx <= view.size[0] as f64 && fy >= first && above_end) {
                        continue;
                    }
                    if !shown(grid.ids[j]) {
                        continue;
                    }
                    let row = (fy as usize).min(view.size[1] - 1) - pixel_rows.start;
                    let a = &mut acc[row * w + (fx as usize).min(w - 1)];
                    let color = self.colors[j];
                    a[0] += u32::from(color.r());
                    a[1] += u32::from(color.g());
                    a[2] += u32::from(color.b());
                    a[3] += 1;
                    drawn += 1;
                }
            }
        }
        drawn
    }
}

/// A view's mapping from cell coordinates to pixels.
struct View {
    bounds: [f64; 4],
    size: [usize; 2],
    sx: f64,
    sy: f64,
    /// Pixels per quantisation step along x and y.
    step_x: f64,
    step_y: f64,
}

impl View {
    fn new(grid: &Grid, bounds: [f64; 4], size: [usize; 2]) -> Self {
        let sx = size[0] as f64 / (bounds[2] - bounds[0]).max(f64::MIN_POSITIVE);
        let sy = size[1] as f64 / (bounds[3] - bounds[1]).max(f64::MIN_POSITIVE);
        Self {
            bounds,
            size,
            sx,
            sy,
            step_x: grid.cell / STEPS * sx,
            step_y: grid.cell / STEPS * sy,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::gui::map_density::rasterize_shown;

    /// `n` points in three clusters and a uniform background (a small LCG, fixed seed).
    fn clustered(n: usize) -> Vec<[f64; 2]> {
        let mut s: u64 = 0x9E37_79B9_7F4A_7C15;
        let mut u = move || {
            s = s
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (s >> 11) as f64 / (1u64 << 53) as f64
        };
        (0..n)
            .map(|i| match i % 4 {
                0 => [u() * 20.0 - 10.0, u() * 12.0 - 6.0],
                k => {
                    let c = [-5.0, 0.5, 4.0][k - 1];
                    [c + (u() - 0.5) * 2.0, c / 2.0 + (u() - 0.5) * 1.5]
                }
            })
            .collect()
    }

    fn counts(img: &ColorImage) -> Vec<u8> {
        img.pixels.iter().map(Color32::a).collect()
    }

    #[test]
    fn the_cell_order_image_is_the_plain_image() {
        let xy = clustered(300_000);
        let colors: Vec<Color32> = (0..xy.len())
            .map(|i| [Color32::RED, Color32::BLUE, Color32::GREEN][i % 3])
            .collect();
        let group: Vec<u16> = (0..xy.len()).map(|i| (i % 3) as u16).collect();
        let grid = Grid::build(&xy);
        let cells = CellOrder::build(&grid, &xy, &colors);
        let views = [
            // The whole map, a zoomed view through a cluster's edge (drawn on threads: over
            // 200,000 points in its cells), a thin strip, an image of one pixel.
            ([-10.0, -6.0, 10.0, 6.0], [400, 240]),
            ([-7.0, -4.0, 6.3, 3.1], [977, 531]),
            ([-1.0, -6.0, 1.0, 6.0], [3, 700]),
            ([0.0, 0.0, 1.0, 1.0], [1, 1]),
        ];
        for hidden in [vec![], vec![false, true, false]] {
            for (bounds, size) in views {
                let shown = |i: usize| !hidden.get(usize::from(group[i])).copied().unwrap_or(false);
                let (plain, n_plain) = rasterize_shown(&xy, &colors, shown, bounds, size);
                let (fast, n_fast) = cells.rasterize(&grid, &group, &hidden, bounds, size);
                assert!(n_plain > 0, "{bounds:?} draws points");
                // A point within half a quantisation step of a pixel edge (~1e-4 pixel in the
                // zoomed view) may change pixel: about one point in 10,000.
                assert!(
                    n_plain.abs_diff(n_fast) <= 2,
                    "{n_plain} vs {n_fast} in {bounds:?}"
                );
                let differ = counts(&plain)
                    .iter()
                    .zip(counts(&fast))
                    .filter(|(a, b)| **a != *b)
                    .count();
                assert!(
                    differ <= 4 + n_plain / 2_000,
                    "{differ} pixels differ in {bounds:?}"
                );
                assert_eq!(plain.size, fast.size);
            }
        }
    }

    #[test]
    fn recolouring_reaches_the_image_and_empty_maps_draw_nothing() {
        let xy = [[0.25, 0.25], [0.75, 0.75]];
        let grid = Grid::build(&xy);
        let mut cells = CellOrder::build(&grid, &xy, &[Color32::RED, Color32::RED]);
        cells.recolor(&grid, &[Color32::BLUE, Color32::RED]);
        let (img, drawn) = cells.rasterize(&grid, &[0, 0], &[], [0.0, 0.0, 1.0, 1.0], [2, 2]);
        assert_eq!(drawn, 2);
        // Row 0 is the top: (0.75, 0.75) is top right, (0.25, 0.25) bottom left.
        assert_eq!(img.pixels[1].to_srgba_unmultiplied()[..3], [255, 0, 0]);
        assert_eq!(img.pixels[2].to_srgba_unmultiplied()[..3], [0, 0, 255]);
        let empty = Grid::build(&[]);
        let none = CellOrder::build(&empty, &[], &[]);
        let (img, drawn) = none.rasterize(&empty, &[], &[], [0.0, 0.0, 1.0, 1.0], [4, 4]);
        assert_eq!((drawn, img.pixels.len()), (0, 16));
    }
}
