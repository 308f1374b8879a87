//! A uniform spatial grid over the map's points, built once per layout, so that everything the
//! map does per frame or per click costs the points near the pointer rather than a scan of all
//! of them: picking (click → nearest point), the nearest points on the map, the points inside
//! the view, a box or a lasso.
//!
//! Cells hold about [`POINTS_PER_CELL`] points on average; points are bucketed by a counting
//! sort (CSR layout: `start[c]..start[c + 1]` indexes `ids`). A k-d tree would adapt better to
//! very uneven density, but the grid is built in one pass (~20 ms at 1M points) and its queries
//! are simple loops; no crate offers both the 2-D nearest and the polygon query we need.

mod cells;
pub use cells::CellOrder;

/// Average points per cell the grid aims for.
const POINTS_PER_CELL: usize = 8;
/// Most cells along one axis.
const MAX_SIDE: usize = 2048;

/// Points bucketed into square cells.
#[derive(Debug, Clone)]
pub struct Grid {
    min: [f64; 2],
    bounds: Option<[f64; 4]>,
    cell: f64,
    cols: usize,
    rows: usize,
    start: Vec<u32>,
    ids: Vec<u32>,
}

impl Grid {
    /// Bucket `xy` (non-finite points are left out of every query).
    #[must_use]
    pub fn build(xy: &[[f64; 2]]) -> Self {
        let finite = |p: &[f64; 2]| p[0].is_finite() && p[1].is_finite();
        let mut min = [f64::INFINITY; 2];
        let mut max = [f64::NEG_INFINITY; 2];
        for p in xy.iter().filter(|p| finite(p)) {
            for a in 0..2 {
                min[a] = min[a].min(p[a]);
                max[a] = max[a].max(p[a]);
            }
        }
        let bounds = (min[0] <= max[0]).then_some([min[0], min[1], max[0], max[1]]);
        if bounds.is_none() {
            min = [0.0; 2];
            max = [0.0; 2];
        }
        let (w, h) = ((max[0] - min[0]).max(1e-12), (max[1] - min[1]).max(1e-12));
        let cells = (xy.len() / POINTS_PER_CELL).max(1) as f64;
        let mut cell = (w * h / cells).sqrt();
        if !(cell.is_finite() && cell > 0.0) {
            cell = 1.0;
        }
        cell = cell.max(w.max(h) / MAX_SIDE as f64);
        let cols = ((w / cell).floor() as usize + 1).min(MAX_SIDE + 1);
        let rows = ((h / cell).floor() as usize + 1).min(MAX_SIDE + 1);
        let mut grid = Self {
            min,
            bounds,
            cell,
            cols,
            rows,
            start: vec![0; cols * rows + 1],
            ids: Vec::new(),
        };
        // Counting sort by cell, the cell computed in both passes rather than kept (4 bytes a
        // point that a streamed 1M-point layout would hold at the peak of every rebuild).
        let cell_of = |grid: &Self, p: &[f64; 2]| finite(p).then(|| grid.cell_index(*p));
        for p in xy {
            if let Some(c) = cell_of(&grid, p) {
                grid.start[c + 1] += 1;
            }
        }
        for c in 0..cols * rows {
            grid.start[c + 1] += grid.start[c];
        }
        let mut fill = grid.start.clone();
        grid.ids = vec![0; grid.start[cols * rows] as usize];
        for (i, p) in xy.iter().enumerate() {
            if let Some(c) = cell_of(&grid, p) {
                grid.ids[fill[c] as usize] = i as u32;
                fill[c] += 1;
            }
        }
        grid
    }

    fn col_row(&self, p: [f64; 2]) -> (usize, usize) {
        let c = ((p[0] - self.min[0]) / self.cell).floor();
        let r = ((p[1] - self.min[1]) / self.cell).floor();
        (
            c.clamp(0.0, (self.cols - 1) as f64) as usize,
            r.clamp(0.0, (self.rows - 1) as f64) as usize,
        )
    }

    fn cell_index(&self, p: [f64; 2]) -> usize {
        let (c, r) = self.col_row(p);
        r * self.cols + c
    }

    fn cell_ids(&self, c: usize, r: usize) -> &[u32] {
        let i = r * self.cols + c;
        &self.ids[self.start[i] as usize..self.start[i + 1] as usize]
    }

    /// Every indexed point in the cells overlapping the rectangle `lo..hi` (a superset of the
    /// points inside it).
    fn candidates(&self, lo: [f64; 2], hi: [f64; 2]) -> impl Iterator<Item = usize> + '_ {
        let (c0, r0) = self.col_row(lo);
        let (c1, r1) = self.col_row(hi);
        (r0..=r1).flat_map(move |r| {
            (c0..=c1).flat_map(move |c| self.cell_ids(c, r).iter().map(|&i| i as usize))
        })
    }

    /// Bounds of the finite points (min x, min y, max x, max y), if there are any.
    #[must_use]
    pub fn bounds(&self) -> Option<[f64; 4]> {
        self.bounds
    }

    /// Number of points in the cells overlapping the rectangle `lo..hi` (an upper bound of the
    /// points inside it, in time proportional to the cells, not the points).
    #[must_use]
    pub fn count_in(&self, lo: [f64; 2], hi: [f64; 2]) -> usize {
        let Some(b) = self.bounds else {
            return 0;
        };
        if hi[0] < b[0] || hi[1] < b[1] || lo[0] > b[2] || lo[1] > b[3] {
            return 0;
        }
        let (c0, r0) = self.col_row(lo);
        let (c1, r1) = self.col_row(hi);
        (r0..=r1)
            .map(|r| (self.start[r * self.cols + c1 + 1] - self.start[r * self.cols + c0]) as usize)
            .sum()
    }

    /// Points inside the rectangle spanned by `a` and `b` (any two corners), in index order.
    #[must_use]
    pub fn in_rect(&self, xy: &[[f64; 2]], a: [f64; 2], b: [f64; 2]) -> Vec<usize> {
        let lo = [a[0].min(b[0]), a[1].min(b[1])];
        let hi = [a[0].max(b[0]), a[1].max(b[1])];
        let Some(b) = self.bounds else {
            return Vec::new();
        };
        if hi[0] < b[0] || hi[1] < b[1] || lo[0] > b[2] || lo[1] > b[3] {
            return Vec::new();
        }
        let mut out: Vec<usize> = self
            .candidates(lo, hi)
            .filter(|&i| {
                let p = xy[i];
                p[0] >= lo[0] && p[0] <= hi[0] && p[1] >= lo[1] && p[1] <= hi[1]
            })
            .collect();
        out.sort_unstable();
        out
    }

    /// Points inside the polygon (even–odd rule), in index order.
    #[must_use]
    pub fn in_polygon(&self, xy: &[[f64; 2]], polygon: &[[f64; 2]]) -> Vec<usize> {
        if polygon.len() < 3 {
            return Vec::new();
        }
        let mut lo = [f64::INFINITY; 2];
        let mut hi = [f64::NEG_INFINITY; 2];
        for p in polygon {
            for a in 0..2 {
                lo[a] = lo[a].min(p[a]);
                hi[a] = hi[a].max(p[a]);
            }
        }
        self.in_rect(xy, lo, hi)
            .into_iter()
            .filter(|&i| inside(polygon, xy[i]))
            .collect()
    }

    /// The point nearest to `p` within distance `radius`, ties to the lower index.
    #[must_use]
    pub fn nearest_within(&self, xy: &[[f64; 2]], p: [f64; 2], radius: f64) -> Option<usize> {
        let lo = [p[0] - radius, p[1] - radius];
        let hi = [p[0] + radius, p[1] + radius];
        self.candidates(lo, hi)
            .map(|i| (dist2(xy[i], p), i))
            .filter(|(d, _)| *d <= radius * radius)
            .min_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)))
            .map(|(_, i)| i)
    }

    /// The `k` points nearest to point `of` (itself excluded), nearest first, ties by index.
    /// Searches rings of cells outwards until the k-th distance is inside the searched square.
    #[must_use]
    pub fn nearest_k(&self, xy: &[[f64; 2]], of: usize, k: usize) -> Vec<usize> {
        let Some(&p) = xy.get(of) else {
            return Vec::new();
        };
        if k == 0 || !(p[0].is_finite() && p[1].is_finite()) {
            return Vec::new();
        }
        let (pc, pr) = self.col_row(p);
        let mut found: Vec<(f64, usize)> = Vec::new();
        let max_ring = self.cols.max(self.rows);
        for ring in 0..=max_ring {
            for (c, r) in ring_cells(pc, pr, ring, self.cols, self.rows) {
                found.extend(
                    self.cell_ids(c, r)
                        .iter()
                        .map(|&i| i as usize)
                        .filter(|&i| i != of)
                        .map(|i| (dist2(xy[i], p), i)),
                );
            }
            if found.len() >= k {
                found.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
                // Points outside the searched square are at least `ring · cell` away.
                let reach = ring as f64 * self.cell;
                if found[k - 1].0 <= reach * reach {
                    break;
                }
            }
        }
        found.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        found.into_iter().take(k).map(|(_, i)| i).collect()
    }
}

fn dist2(a: [f64; 2], b: [f64; 2]) -> f64 {
    (a[0] - b[0]).powi(2) + (a[1] - b[1]).powi(2)
}

/// The cells at Chebyshev distance exactly `ring` from (`c`, `r`), clipped to the grid.
fn ring_cells(
    c: usize,
    r: usize,
    ring: usize,
    cols: usize,
    rows: usize,
) -> impl Iterator<Item = (usize, usize)> {
    let (c, r, ring) = (c as i64, r as i64, ring as i64);
    let (cols, rows) = (cols as i64, rows as i64);
    (r - ring..=r + ring)
        .flat_map(move |y| (c - ring..=c + ring).map(move |x| (x, y)))
        .filter(move |&(x, y)| (x - c).abs().max((y - r).abs()) == ring)
        .filter(move |&(x, y)| x >= 0 && y >= 0 && x < cols && y < rows)
        .map(|(x, y)| (x as usize, y as usize))
}

/// Even–odd point-in-polygon test (Shimrat 1962 / the crossing-number rule).
#[must_use]
pub fn inside(polygon: &[[f64; 2]], p: [f64; 2]) -> bool {
    let mut inside = false;
    let mut j = polygon.len() - 1;
    for i in 0..polygon.len() {
        let (a, b) = (polygon[i], polygon[j]);
        if (a[1] > p[1]) != (b[1] > p[1])
            && p[0] < (b[0] - a[0]) * (p[1] - a[1]) / (b[1] - a[1]) + a[0]
        {
            inside = !inside;
        }
        j = i;
    }
    inside
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lattice(n: usize) -> Vec<[f64; 2]> {
        (0..n * n)
            .map(|i| [(i % n) as f64, (i / n) as f64])
            .collect()
    }

    fn brute_nearest_k(xy: &[[f64; 2]], of: usize, k: usize) -> Vec<usize> {
        let mut d: Vec<(f64, usize)> = (0..xy.len())
            .filter(|&i| i != of)
            .map(|i| (dist2(xy[i], xy[of]), i))
            .collect();
        d.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        d.into_iter().take(k).map(|(_, i)| i).collect()
    }

    #[test]
    fn rectangle_and_polygon_on_a_lattice() {
        let xy = lattice(10);
        let g = Grid::build(&xy);
        // x in 2..=3, y in 5..=6 → 4 points: rows 52, 53, 62, 63.
        assert_eq!(g.in_rect(&xy, [3.5, 6.5], [1.5, 4.5]), vec![52, 53, 62, 63]);
        // The triangle below x + y = 3.7: the lattice points with x + y ≤ 3.
        let tri = g.in_polygon(&xy, &[[-0.5, -0.5], [4.2, -0.5], [-0.5, 4.2]]);
        let expected: Vec<usize> = (0..100).filter(|&i| (i % 10) + (i / 10) <= 3).collect();
        assert_eq!(tri, expected);
        assert!(g.in_rect(&xy, [20.0, 20.0], [30.0, 30.0]).is_empty());
        assert_eq!(g.count_in([20.0, 20.0], [30.0, 30.0]), 0);
        assert_eq!(g.count_in([-1.0, -1.0], [10.0, 10.0]), 100);
        let some = g.count_in([1.5, 4.5], [3.5, 6.5]);
        assert!((4..100).contains(&some), "{some}");
        assert_eq!(g.bounds(), Some([0.0, 0.0, 9.0, 9.0]));
    }

    #[test]
    fn nearest_within_radius_and_ties_to_lower_index() {
        let xy = lattice(10);
        let g = Grid::build(&xy);
        assert_eq!(g.nearest_within(&xy, [4.1, 4.2], 0.5), Some(44));
        assert_eq!(
            g.nearest_within(&xy, [4.5, 4.0], 0.6),
            Some(44),
            "tie 44/45"
        );
        assert_eq!(g.nearest_within(&xy, [4.5, 4.5], 0.3), None);
        assert_eq!(g.nearest_within(&xy, [50.0, 50.0], 1.0), None);
    }

    #[test]
    fn nearest_k_matches_a_full_scan_on_clustered_points() {
        let mut rng = crate::rng::Gen::new(3);
        let mut xy: Vec<[f64; 2]> = (0..5000)
            .map(|i| {
                let c = (i % 3) as f64 * 40.0;
                [c + rng.normal(), c * 0.5 + rng.normal() * 3.0]
            })
            .collect();
        xy.push([f64::NAN, 0.0]);
        xy.push([500.0, 500.0]); // far outlier: its neighbours are many rings away
        let g = Grid::build(&xy);
        for of in [0, 1, 2, 777, 4999, 5001] {
            assert_eq!(
                g.nearest_k(&xy, of, 12),
                brute_nearest_k(&xy[..], of, 12),
                "{of}"
            );
        }
        assert!(
            g.nearest_k(&xy, 5000, 3).is_empty(),
            "a NaN point has no neighbours"
        );
        assert_eq!(g.nearest_k(&xy, 0, 10_000).len(), 5000);
    }

    #[test]
    fn degenerate_layouts() {
        let same = vec![[1.0, 1.0]; 50];
        let g = Grid::build(&same);
        assert_eq!(g.in_rect(&same, [0.0, 0.0], [2.0, 2.0]).len(), 50);
        assert_eq!(g.nearest_k(&same, 0, 3), vec![1, 2, 3]);
        let empty: Vec<[f64; 2]> = Vec::new();
        let g = Grid::build(&empty);
        assert!(g.in_rect(&empty, [0.0, 0.0], [1.0, 1.0]).is_empty());
        assert_eq!(g.nearest_within(&empty, [0.0, 0.0], 1.0), None);
    }
}
