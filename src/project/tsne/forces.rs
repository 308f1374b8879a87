//! t-SNE's gradient, in two halves: the attraction along P's entries (exact, O(entries)) and
//! the repulsion between all pairs (approximate): Barnes-Hut (openTSNE's θ = 0.5, the `barnes-hut-tree`
//! crate's quadtree) below [`super::FFT_FROM`] points, FFT interpolation ([`super::fft`]) from
//! there. Also the KL divergence of a layout.
//!
//! Sums over points run in fixed chunks added in order, so a fit gives the same layout on
//! every run and any number of threads. Each chunk's loop is a `#[multiversion]` function
//! (baseline and AVX2 + FMA copies, picked at run time; rayon stays outside it, so the loop
//! body is compiled into each copy).

use barnes_hut_tree::{BarnesHutTree, Dim, Morton};
use multiversion::multiversion;
use rayon::prelude::*;

use super::affinity::Affinities;
use super::fft::{FftError, FftRepulsion};

/// Barnes-Hut accuracy: a cell whose half-width is below θ × its distance counts as one point
/// (the tree's test). openTSNE's and scikit-learn's θ = 0.5 compare the full width: 0.25 here.
const THETA: f32 = 0.25;
/// Points per chunk of a parallel sum.
const CHUNK: usize = 4096;
/// Points per task of the attraction (no sum across points: small tasks balance the cores).
const ATTRACT_CHUNK: usize = 256;

/// The approximation of the all-pairs repulsion.
pub(crate) enum Repulsion {
    /// Barnes-Hut on a quadtree rebuilt every iteration.
    BarnesHut(Box<BarnesHutTree<f32, u64, 2>>),
    /// FFT-accelerated interpolation.
    Fft(Box<FftRepulsion>),
}

impl Repulsion {
    /// Barnes-Hut below `fft_from` points, FFT interpolation from there.
    pub(crate) fn for_points(n: usize, fft_from: usize) -> Self {
        if n >= fft_from {
            Self::Fft(Box::new(FftRepulsion::new()))
        } else {
            Self::BarnesHut(Box::new(BarnesHutTree::empty()))
        }
    }

    /// "barnes-hut" or "fft".
    pub(crate) fn name(&self) -> &'static str {
        match self {
            Self::BarnesHut(_) => "barnes-hut",
            Self::Fft(_) => "fft",
        }
    }

    /// Σⱼ w²ᵢⱼ (yᵢ − yⱼ) of every point into `out` (n × 2); returns Z = Σᵢ≠ⱼ wᵢⱼ.
    ///
    /// # Errors
    /// A failure inside the FFT library.
    pub(crate) fn repulse(&mut self, y: &[f32], out: &mut [f32]) -> Result<f64, FftError> {
        match self {
            Self::Fft(fft) => fft.repulse(y, out),
            Self::BarnesHut(tree) => {
                tree.rebuild_uniform(y);
                let tree = &**tree;
                let sums: Vec<f64> = out
                    .par_chunks_mut(2 * CHUNK)
                    .enumerate()
                    .map(|(c, chunk)| barnes_hut_rows(tree, y, c * CHUNK, chunk))
                    .collect();
                Ok(sums.iter().sum())
            }
        }
    }
}

/// The attraction `exaggeration` · Σⱼ Pᵢⱼ wᵢⱼ (yᵢ − yⱼ) of every point into `out` (n × 2).
pub(crate) fn attract(p: &Affinities, y: &[f32], exaggeration: f32, out: &mut [f32]) {
    out.par_chunks_mut(2 * ATTRACT_CHUNK)
        .enumerate()
        .for_each(|(c, chunk)| attract_rows(p, y, exaggeration, c * ATTRACT_CHUNK, chunk));
}

/// The Barnes-Hut repulsion of the points from `first` on into `out` (2 per point); returns
/// their Σ q in f64. Compiled for the x86-64 baseline and for AVX2 + FMA, picked at run time
/// (`multiversion`, see `index::metric`), with the tree's generic walk inlined into each copy.
#[multiversion(targets("x86_64+avx2+fma"))]
fn barnes_hut_rows(
    tree: &BarnesHutTree<f32, u64, 2>,
    y: &[f32],
    first: usize,
    out: &mut [f32],
) -> f64 {
    let theta_sq = THETA * THETA;
    let mut stack = <Dim<2> as Morton<2>>::empty_stack();
    let mut z = 0.0_f64;
    for (r, o) in out.chunks_exact_mut(2).enumerate() {
        let (mut force, mut q) = ([0.0_f32; 2], 0.0_f32);
        tree.compute_non_edge_forces(first + r, theta_sq, y, &mut force, &mut q, stack.as_mut());
        o.copy_from_slice(&force);
        z += f64::from(q);
    }
    z
}

/// [`attract`] for the points from `first` on, into `out` (2 per point); compiled for the
/// baseline and for AVX2 + FMA like [`barnes_hut_rows`] (the same operations in the same order,
/// so both copies give the same bits).
#[multiversion(targets("x86_64+avx2+fma"))]
fn attract_rows(p: &Affinities, y: &[f32], exaggeration: f32, first: usize, out: &mut [f32]) {
    for (r, o) in out.chunks_exact_mut(2).enumerate() {
        let i = first + r;
        let (xi, yi) = (y[2 * i], y[2 * i + 1]);
        let (mut fx, mut fy) = (0.0_f32, 0.0_f32);
        for h in p.row(i) {
            let j = h.row as usize;
            let (dx, dy) = (xi - y[2 * j], yi - y[2 * j + 1]);
            let w = h.value / (1.0 + dx * dx + dy * dy);
            fx += w * dx;
            fy += w * dy;
        }
        o[0] = exaggeration * fx;
        o[1] = exaggeration * fy;
    }
}

/// KL(P ‖ Q) of the layout `y`, Q = w / `z`: Σ Pᵢⱼ ln(Pᵢⱼ · z / wᵢⱼ) over P's entries.
pub(crate) fn kl_divergence(p: &Affinities, y: &[f32], z: f64) -> f64 {
    let rows: Vec<usize> = (0..p.rows()).step_by(CHUNK).collect();
    let sums: Vec<f64> = rows
        .par_iter()
        .map(|&start| {
            let mut s = 0.0_f64;
            for i in start..(start + CHUNK).min(p.rows()) {
                for h in p.row(i).filter(|h| h.value > 0.0) {
                    let j = h.row as usize;
                    let (dx, dy) = (y[2 * i] - y[2 * j], y[2 * i + 1] - y[2 * j + 1]);
                    let w = 1.0 / (1.0 + f64::from(dx * dx + dy * dy));
                    let v = f64::from(h.value);
                    s += v * (v * z / w).ln();
                }
            }
            s
        })
        .collect();
    sums.iter().sum()
}

#[cfg(test)]
mod tests {
    use super::super::fft::tests::errors;
    use super::*;
    use crate::index::Hit;
    use crate::rng::Gen;

    #[test]
    fn barnes_hut_and_fft_are_close_to_the_exact_sums() {
        let mut g = Gen::new(9);
        let y: Vec<f32> = (0..4000).map(|_| g.normal() as f32 * 10.0).collect();
        for (fft_from, name, z_tol, rep_tol) in
            [(5000, "barnes-hut", 2e-2, 5e-2), (1000, "fft", 5e-3, 5e-2)]
        {
            let mut r = Repulsion::for_points(2000, fft_from);
            assert_eq!(r.name(), name);
            let mut out = vec![0.0; 4000];
            let z = r.repulse(&y, &mut out).unwrap();
            let (z_err, rep_err) = errors(&y, &out, z);
            assert!(z_err < z_tol, "{name}: Z error {z_err}");
            assert!(rep_err < rep_tol, "{name}: repulsion error {rep_err}");
        }
    }

    #[test]
    fn chunked_attraction_is_the_per_point_sum_bit_for_bit() {
        // 1,000 points (several chunks and a partial last one), 5 neighbours each: every
        // point's force is the same sum in the same order as a plain loop over its entries.
        let (n, k) = (1000, 5);
        let mut g = Gen::new(11);
        let y: Vec<f32> = (0..2 * n).map(|_| g.normal() as f32 * 5.0).collect();
        let graph: Vec<Hit> = (0..n * k)
            .map(|e| Hit {
                row: ((e / k + 1 + 37 * (e % k)) % n) as u32,
                value: 0.5 + (e % k) as f32,
            })
            .collect();
        let p = Affinities::from_graph(graph, k, k, 3.0);
        let mut out = vec![0.0; 2 * n];
        attract(&p, &y, 12.0, &mut out);
        for i in 0..n {
            let (mut fx, mut fy) = (0.0_f32, 0.0_f32);
            for h in p.row(i) {
                let j = h.row as usize;
                let (dx, dy) = (y[2 * i] - y[2 * j], y[2 * i + 1] - y[2 * j + 1]);
                let w = h.value / (1.0 + dx * dx + dy * dy);
                fx += w * dx;
                fy += w * dy;
            }
            assert_eq!(out[2 * i].to_bits(), (12.0 * fx).to_bits(), "point {i}");
            assert_eq!(out[2 * i + 1].to_bits(), (12.0 * fy).to_bits(), "point {i}");
        }
    }

    #[test]
    fn attraction_and_kl_by_hand() {
        // Two points 1 apart, P = ½ each way: w = ½, force on 0 = ½ · ½ · (0 − 1) = −¼.
        let graph = vec![Hit { row: 1, value: 1.0 }, Hit { row: 0, value: 1.0 }];
        let p = Affinities::from_graph(graph, 1, 1, 1.0);
        let y = [0.0, 0.0, 1.0, 0.0];
        let mut out = [0.0; 4];
        attract(&p, &y, 2.0, &mut out);
        for (got, want) in out.iter().zip([-0.5, 0.0, 0.5, 0.0]) {
            assert!((got - want).abs() < 1e-7, "{out:?}");
        }
        // Q = w / Z with Z = 2w: Q = ½ = P, so KL = 0.
        assert!(kl_divergence(&p, &y, 1.0).abs() < 1e-12);
        // With Z = 2: Q = ¼, KL = Σ ½ ln 2 = ln 2.
        assert!((kl_divergence(&p, &y, 2.0) - 2.0_f64.ln()).abs() < 1e-9);
    }
}
