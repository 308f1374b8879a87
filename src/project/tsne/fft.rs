//! t-SNE's repulsion by FFT-accelerated interpolation, in 2-D: FIt-SNE (Linderman, Rachh,
//! Hoskins, Steinerberger & Kluger, "Fast interpolation-based t-SNE for improved visualization
//! of single-cell RNA-seq data", Nature Methods 16, 2019), with openTSNE's settings.
//!
//! The repulsion on point i is Σⱼ w²ᵢⱼ (yᵢ − yⱼ) with w = 1 / (1 + ‖yᵢ − yⱼ‖²), and the
//! normaliser is Z = Σᵢ≠ⱼ wᵢⱼ: sums over all pairs of a smooth kernel against the charges 1,
//! yₓ and y_y (kernel w²) and 1 (kernel w). The charges are spread onto an equispaced grid (3
//! Lagrange nodes per box, as FIt-SNE), each kernel is applied on the grid by one FFT
//! convolution per charge, and the potentials are interpolated back to the points. Cost
//! O(n + G² log G) per iteration for a G × G grid.
//!
//! FIt-SNE and openTSNE get Z from the w² sums too, with a fourth charge ‖y‖²: Zᵢ = (1 +
//! ‖yᵢ‖²)·Σw² − 2yᵢ·Σw²yⱼ + Σw²‖yⱼ‖², which cancels terms of size ‖y‖² — on a sparse map
//! 400 units wide that left Z 18 % off. The w kernel costs the same (one charge, its
//! transform reused like the other's) and has no cancellation. Coordinates are taken from
//! the grid's centre for the same reason.
//!
//! **The grid.** As openTSNE (`min_num_intervals = 50`, `ints_in_interval = 1`): the map's
//! extent (both axes, a square) in ⌈extent⌉ boxes, at least 50 and at most [`MAX_BOXES`] per
//! axis, so the boxes are a little under one unit wide and the grid fits the map exactly. A
//! finer grid keeps more true neighbours together: at 10,000 points, half-unit boxes raised
//! the kNN preservation from 0.181 to 0.189 at four times the cost, two-unit boxes dropped it
//! to 0.166 (`bench/tsne_vs_opentsne.sh`). Boxes of exactly one unit from the map's corner
//! (which would let the kernels' transforms be kept across iterations) gave 0.175: the grid
//! that follows the map's extent is kept. [`MAX_BOXES`] bounds the grids' memory when an outlier
//! stretches the map: at 300 boxes (m = 900 nodes per axis), 13 MB of charge grids, 13 MB for
//! the one kernel transform held at a time and 6.5 MB per convolution running
//! ([`super::convolve`]), about 40 MB on two cores (65 MB when both kernels' transforms and
//! full len × len spectra were held).

use multiversion::multiversion;
use rayon::prelude::*;
use realfft::num_complex::Complex;

use super::convolve::{Plans, Scratch, convolve, kernel_transform, smooth};

/// Interpolation nodes per box and axis.
const NODES: usize = 3;
/// Charges per point: 1, x and y against w², and 1 against w.
const TERMS: usize = 4;
/// The charges of each kernel (w², then w): its first term and how many.
const KERNEL_TERMS: [(usize, usize); 2] = [(0, 3), (3, 1)];
/// Fewest boxes per axis.
const MIN_BOXES: usize = 50;
/// Most boxes per axis.
const MAX_BOXES: usize = 300;
/// Points per chunk of the gathering sums (fixed: the sums are added in order), and
/// coordinates per task of the location.
const CHUNK: usize = 4096;

/// The FFT repulsion's plans and buffers, reused across iterations.
pub(crate) struct FftRepulsion {
    /// The transforms of the current length (no planner kept: a planner caches every plan it
    /// made, and the length changes with the map's extent, a hundred lengths or more in a
    /// fit, each plan's tables growing with it).
    plans: Option<Plans>,
    /// Per point and axis: the box's first node and the weights of its 3 nodes.
    located: Vec<(u32, [f32; NODES])>,
    /// TERMS grids of m × m: charges, then potentials.
    grids: Vec<f32>,
    /// The transform of one kernel (scaled by 1 / len²): w² while the first three charges
    /// are convolved, then w. One at a time, as the map's extent changes the grid's spacing
    /// in nearly every iteration, so a transform is seldom reused.
    kernel: Vec<Complex<f32>>,
}

pub(crate) use super::convolve::FftError;

impl FftRepulsion {
    pub(crate) fn new() -> Self {
        Self {
            plans: None,
            located: Vec::new(),
            grids: Vec::new(),
            kernel: Vec::new(),
        }
    }

    /// Repulsion Σⱼ w²ᵢⱼ (yᵢ − yⱼ) of every point into `out` (n × 2, not yet divided by Z);
    /// returns Z.
    ///
    /// # Errors
    /// A failure inside the FFT library.
    pub(crate) fn repulse(&mut self, y: &[f32], out: &mut [f32]) -> Result<f64, FftError> {
        let n = y.len() / 2;
        let (lo, hi) = y
            .par_iter()
            .fold(
                || (f32::INFINITY, f32::NEG_INFINITY),
                |(a, b), &v| (a.min(v), b.max(v)),
            )
            .reduce(
                || (f32::INFINITY, f32::NEG_INFINITY),
                |(a, b), (c, d)| (a.min(c), b.max(d)),
            );
        let extent = (hi - lo).max(f32::MIN_POSITIVE * MIN_BOXES as f32);
        let boxes = (extent.ceil() as usize).clamp(MIN_BOXES, MAX_BOXES);
        let width = extent / boxes as f32;
        let centre = f32::midpoint(lo, hi);
        let m = boxes * NODES;
        let len = smooth(2 * m - 1);
        if self.plans.as_ref().is_none_or(|p| p.len != len) {
            self.plans = None;
            self.plans = Some(Plans::new(len));
        }
        self.locate(y, lo, width, boxes);
        self.spread(y, centre, m);
        let Some(plans) = self.plans.as_ref() else {
            return Ok(0.0);
        };
        // One kernel's transform at a time, its charges convolved in parallel.
        for (power, (first, count)) in KERNEL_TERMS.into_iter().enumerate() {
            kernel_transform(plans, m, width / NODES as f32, power, &mut self.kernel)?;
            let kernel = &self.kernel;
            self.grids[first * m * m..(first + count) * m * m]
                .par_chunks_mut(m * m)
                .try_for_each_init(Scratch::default, |scratch, grid| {
                    convolve(plans, grid, m, kernel, scratch)
                })?;
        }
        Ok(self.gather(y, centre, m, out) - n as f64)
    }

    /// Each coordinate's box (from `lo`, boxes of `width`) and its nodes' Lagrange weights.
    fn locate(&mut self, y: &[f32], lo: f32, width: f32, boxes: usize) {
        self.located.resize(y.len(), (0, [0.0; NODES]));
        self.located
            .par_chunks_mut(CHUNK)
            .zip(y.par_chunks(CHUNK))
            .for_each(|(l, c)| locate_coordinates(l, c, lo, width, boxes));
    }

    /// Spread the four charges of every point (coordinates from `centre`) onto m × m node
    /// grids, one task per charge.
    fn spread(&mut self, y: &[f32], centre: f32, m: usize) {
        self.grids.clear();
        self.grids.resize(TERMS * m * m, 0.0);
        let located = &self.located;
        self.grids
            .par_chunks_mut(m * m)
            .enumerate()
            .for_each(|(term, grid)| spread_term(grid, term, y, located, centre, m));
    }

    /// Interpolate the potentials back to the points: repulsion into `out`, Σᵢ Σⱼ wᵢⱼ (self
    /// included) returned, summed in fixed chunks in order (the same on every run).
    fn gather(&self, y: &[f32], centre: f32, m: usize, out: &mut [f32]) -> f64 {
        let (grids, located) = (&self.grids, &self.located);
        let sums: Vec<f64> = out
            .par_chunks_mut(2 * CHUNK)
            .zip(y.par_chunks(2 * CHUNK))
            .enumerate()
            .map(|(c, (o, p))| gather_points(grids, located, m, centre, c * CHUNK, p, o))
            .collect();
        sums.iter().sum()
    }
}

/// Each coordinate of `y` (from `lo`, boxes of `width`) into `located`: its box's first node
/// and the nodes' Lagrange weights. Compiled for the x86-64 baseline and for AVX2 + FMA, picked
/// at run time (`multiversion`, see `index::metric`); the same operations in the same order in
/// both copies (no fused multiply-adds), so the same bits — as for the other loops below.
#[multiversion(targets("x86_64+avx2+fma"))]
fn locate_coordinates(
    located: &mut [(u32, [f32; NODES])],
    y: &[f32],
    lo: f32,
    width: f32,
    boxes: usize,
) {
    for (l, &c) in located.iter_mut().zip(y) {
        let u = (c - lo) / width;
        let b = (u.max(0.0) as usize).min(boxes - 1);
        *l = ((b * NODES) as u32, lagrange(u - b as f32));
    }
}

/// Spread charge `term` of every point (1, x or y from `centre`, or 1) onto the m × m `grid`.
#[multiversion(targets("x86_64+avx2+fma"))]
fn spread_term(
    grid: &mut [f32],
    term: usize,
    y: &[f32],
    located: &[(u32, [f32; NODES])],
    centre: f32,
    m: usize,
) {
    for (i, p) in y.chunks_exact(2).enumerate() {
        let q = match term {
            1 => p[0] - centre,
            2 => p[1] - centre,
            _ => 1.0,
        };
        let (bx, wx) = located[2 * i];
        let (by, wy) = located[2 * i + 1];
        for (a, wa) in wx.iter().enumerate() {
            let start = (bx as usize + a) * m + by as usize;
            let qa = q * wa;
            for (g, wb) in grid[start..start + NODES].iter_mut().zip(&wy) {
                *g += qa * wb;
            }
        }
    }
}

/// [`FftRepulsion::gather`] for the points `y` from `first` on, repulsion into `out`; returns
/// their Σⱼ w (self included) in f64.
#[multiversion(targets("x86_64+avx2+fma"))]
fn gather_points(
    grids: &[f32],
    located: &[(u32, [f32; NODES])],
    m: usize,
    centre: f32,
    first: usize,
    y: &[f32],
    out: &mut [f32],
) -> f64 {
    let potential = |i: usize, t: usize| {
        let (bx, wx) = located[2 * i];
        let (by, wy) = located[2 * i + 1];
        let grid = &grids[t * m * m..(t + 1) * m * m];
        let mut s = 0.0;
        for (a, wa) in wx.iter().enumerate() {
            let start = (bx as usize + a) * m + by as usize;
            let row: f32 = grid[start..start + NODES]
                .iter()
                .zip(&wy)
                .map(|(g, wb)| g * wb)
                .sum();
            s += wa * row;
        }
        s
    };
    let mut z = 0.0_f64;
    for (r, (o, p)) in out.chunks_exact_mut(2).zip(y.chunks_exact(2)).enumerate() {
        let phi: [f32; TERMS] = std::array::from_fn(|t| potential(first + r, t));
        o[0] = (p[0] - centre) * phi[0] - phi[1];
        o[1] = (p[1] - centre) * phi[0] - phi[2];
        z += f64::from(phi[3]);
    }
    z
}

/// Lagrange weights of the nodes at (k + ½) / 3 of a box for the position `t` ∈ [0, 1].
fn lagrange(t: f32) -> [f32; NODES] {
    let node = |k: usize| (k as f32 + 0.5) / NODES as f32;
    std::array::from_fn(|k| {
        (0..NODES)
            .filter(|&j| j != k)
            .map(|j| (t - node(j)) / (node(k) - node(j)))
            .product()
    })
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::rng::Gen;

    /// Σⱼ w²(yᵢ − yⱼ) and Z by summing every pair.
    pub(in crate::project::tsne) fn exact(y: &[f32]) -> (Vec<f64>, f64) {
        let n = y.len() / 2;
        let mut rep = vec![0.0; 2 * n];
        let mut z = 0.0;
        for i in 0..n {
            for j in 0..n {
                if i == j {
                    continue;
                }
                let (dx, dy) = (
                    f64::from(y[2 * i] - y[2 * j]),
                    f64::from(y[2 * i + 1] - y[2 * j + 1]),
                );
                let w = 1.0 / (1.0 + dx * dx + dy * dy);
                z += w;
                rep[2 * i] += w * w * dx;
                rep[2 * i + 1] += w * w * dy;
            }
        }
        (rep, z)
    }

    /// Relative errors of Z and of the repulsion (as a vector) against the exact sums.
    pub(in crate::project::tsne) fn errors(y: &[f32], out: &[f32], z: f64) -> (f64, f64) {
        let (rep, exact_z) = exact(y);
        let norm = rep.iter().map(|v| v * v).sum::<f64>().sqrt();
        let diff = out
            .iter()
            .zip(&rep)
            .map(|(a, b)| (f64::from(*a) - b).powi(2))
            .sum::<f64>()
            .sqrt();
        ((z - exact_z).abs() / exact_z, diff / norm)
    }

    #[test]
    fn matches_the_exact_sums_on_small_and_wide_maps() {
        // 2,000 points in four Gaussian blobs: extents of about 0.03 (the 50-box floor), 50
        // (boxes of about one unit) and 500 (300 boxes of 1.7, coarser). The interpolation's
        // error falls as the box width cubed: on a 10,000-point t-SNE layout (extent 110) it was
        // 0.145 of the repulsion with 2-unit boxes, 0.013 with 1-unit boxes, 0.0014 with
        // half-unit boxes, the same in f32 and f64. A wrong kernel, weight or lag is off by
        // far more.
        let mut g = Gen::new(3);
        for (scale, z_tol, rep_tol) in
            [(0.003_f32, 1e-3, 1e-2), (4.0, 5e-3, 3e-2), (40.0, 0.1, 0.3)]
        {
            let y: Vec<f32> = (0..4000)
                .map(|i| (g.normal() as f32 + 2.0 * (i % 4) as f32) * scale)
                .collect();
            let mut out = vec![0.0; y.len()];
            let mut fft = FftRepulsion::new();
            let z = fft.repulse(&y, &mut out).unwrap();
            let (z_err, rep_err) = errors(&y, &out, z);
            assert!(z_err < z_tol, "Z error {z_err} at {scale}");
            assert!(rep_err < rep_tol, "repulsion error {rep_err} at {scale}");
            // The same layout again: the same result, bit for bit.
            let mut again = vec![0.0; y.len()];
            assert_eq!(fft.repulse(&y, &mut again).unwrap().to_bits(), z.to_bits());
            assert_eq!(again, out);
        }
    }

    #[test]
    fn weights_and_sizes() {
        for t in [0.0_f32, 0.3, 0.5, 1.0] {
            let w = lagrange(t);
            assert!((w.iter().sum::<f32>() - 1.0).abs() < 1e-6);
        }
        // At a node, that node's weight is 1.
        assert!((lagrange(0.5)[1] - 1.0).abs() < 1e-6);
        assert_eq!(smooth(299), 300);
        assert_eq!(smooth(661), 672);
        assert_eq!(smooth(1), 1);
    }
}
