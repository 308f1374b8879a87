//! The two passes over the data of [`super::Pca`]: the scatter matrix (one pass, f32 products
//! at full FMA speed) and the projection onto two axes (one pass).
//!
//! **Scatter.** Rows are shifted by a reference point `c` (the mean of the first block), then
//! each block's `YᵀY` (lower triangle) goes through faer's matmul in f32 — its `gemm` kernels
//! choose AVX2/FMA or AVX-512 at run time — and is added into f64 totals with the block's
//! column sums. The scatter about the mean is then `S − s·sᵀ / n` (s = column sums of the
//! shifted rows). The shift keeps a large common offset from costing precision (scikit-learn's
//! `covariance_eigh` uses `XᵀX − n·μμᵀ` unshifted, in the input's precision); the f64 totals
//! keep a million rows from costing it. One contiguous range of rows per thread, so the totals
//! take one d × d matrix per thread whatever n is.
//!
//! **Projection.** Each row minus the mean (f32), dotted with the two axes: a `#[multiversion]`
//! loop (AVX2 + FMA where the CPU has it), chunks of rows in parallel, Cancel checked between
//! chunks.

use faer::linalg::matmul::triangular::{BlockStructure, matmul};
use faer::{Accum, MatMut, MatRef, Par};
use multiversion::multiversion;
use multiversion::target::target_cfg_f;
use ndarray::{ArrayBase, ArrayView2, Axis, Data, Ix2, s};
use rayon::prelude::*;

use crate::error::{ComputeError, Result};
use crate::progress::Progress;

/// Values per block of shifted rows (512 KB of f32, in cache while multiplied).
const BLOCK_VALUES: usize = 1 << 17;
/// Rows per chunk of the projection, one Cancel check each.
const PROJECT_ROWS: usize = 16_384;

/// Column sums and scatter of the rows of `x` about `shift`, in f64 (the scatter d × d,
/// row-major, both triangles).
pub(super) struct Scatter {
    pub(super) shift: Vec<f64>,
    pub(super) sums: Vec<f64>,
    pub(super) products: Vec<f64>,
}

/// [`Scatter`] of `x` (n ≥ 1 rows, d ≥ 1 columns) about the mean of its first block.
pub(super) fn scatter<S: Data<Elem = f32> + Sync>(x: &ArrayBase<S, Ix2>) -> Scatter {
    let (n, d) = x.dim();
    let block = (BLOCK_VALUES / d).clamp(16, 4096);
    let head = x.slice(s![..block.min(n), ..]);
    let shift: Vec<f32> = head
        .mapv(f64::from)
        .mean_axis(Axis(0))
        .map_or_else(|| vec![0.0; d], |m| m.iter().map(|&v| v as f32).collect());
    let threads = rayon::current_num_threads().max(1);
    let per_thread = n.div_ceil(threads).max(1);
    let parts: Vec<(Vec<f64>, Vec<f64>)> = (0..n)
        .step_by(per_thread)
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|start| {
            let rows = x.slice(s![start..(start + per_thread).min(n), ..]);
            part_scatter(rows, &shift, block)
        })
        .collect();
    let mut sums = vec![0.0; d];
    let mut products = vec![0.0; d * d];
    for (s, p) in parts {
        sums.iter_mut().zip(&s).for_each(|(a, b)| *a += b);
        products.iter_mut().zip(&p).for_each(|(a, b)| *a += b);
    }
    // Only the lower triangle was computed: mirror it.
    for i in 0..d {
        for j in 0..i {
            products[j * d + i] = products[i * d + j];
        }
    }
    Scatter {
        shift: shift.iter().map(|&v| f64::from(v)).collect(),
        sums,
        products,
    }
}

/// Column sums and lower-triangle `YᵀY` of `rows − shift`, block by block.
fn part_scatter(rows: ArrayView2<'_, f32>, shift: &[f32], block: usize) -> (Vec<f64>, Vec<f64>) {
    let d = shift.len();
    let mut sums = vec![0.0_f64; d];
    let mut products = vec![0.0_f64; d * d];
    let mut shifted = vec![0.0_f32; block * d];
    let mut product = vec![0.0_f32; d * d];
    for chunk in rows.axis_chunks_iter(Axis(0), block) {
        let r = chunk.nrows();
        let mut block_sums = vec![0.0_f32; d];
        for (dst, src) in shifted.chunks_exact_mut(d).zip(chunk.rows()) {
            for ((y, x), (c, t)) in dst
                .iter_mut()
                .zip(src)
                .zip(shift.iter().zip(&mut block_sums))
            {
                *y = x - c;
                *t += *y;
            }
        }
        let y = MatRef::from_row_major_slice(&shifted[..r * d], r, d);
        matmul(
            MatMut::from_row_major_slice_mut(&mut product, d, d),
            BlockStructure::TriangularLower,
            Accum::Replace,
            y.transpose(),
            BlockStructure::Rectangular,
            y,
            BlockStructure::Rectangular,
            1.0_f32,
            Par::Seq,
        );
        for i in 0..d {
            for j in 0..=i {
                products[i * d + j] += f64::from(product[i * d + j]);
            }
        }
        sums.iter_mut()
            .zip(&block_sums)
            .for_each(|(a, b)| *a += f64::from(*b));
    }
    (sums, products)
}

/// Every row of `data` minus `mean`, dotted with `w0` and `w1` (d each): n × 2 row-major.
///
/// # Errors
/// `Cancelled`.
pub(super) fn project(
    data: ArrayView2<'_, f32>,
    mean: &[f32],
    w0: &[f32],
    w1: &[f32],
    progress: &Progress,
) -> Result<Vec<f32>> {
    let n = data.nrows();
    let mut out = vec![0.0_f32; n * 2];
    out.par_chunks_mut(PROJECT_ROWS * 2)
        .enumerate()
        .try_for_each(|(i, dst)| {
            super::start::check(progress)?;
            let start = i * PROJECT_ROWS;
            let rows = data.slice(s![start..start + dst.len() / 2, ..]);
            match rows.as_slice() {
                Some(values) => project_rows(values, mean, w0, w1, dst),
                None => {
                    for (row, o) in rows.rows().into_iter().zip(dst.chunks_exact_mut(2)) {
                        let row = row.to_vec();
                        project_rows(&row, mean, w0, w1, o);
                    }
                }
            }
            Ok::<(), ComputeError>(())
        })?;
    Ok(out)
}

/// `out[2r..2r + 2]` = (row r − `mean`) · (`w0`, `w1`) for each row of `values` (row-major,
/// `mean.len()` columns). Fused multiply-adds in the AVX2 + FMA copy only (without FMA hardware
/// `mul_add` is a slow software routine).
#[multiversion(targets("x86_64+avx2+fma"))]
fn project_rows(values: &[f32], mean: &[f32], w0: &[f32], w1: &[f32], out: &mut [f32]) {
    const LANES: usize = 8;
    let fused = target_cfg_f!(target_feature = "fma");
    let fma = |a: f32, b: f32, c: f32| if fused { a.mul_add(b, c) } else { a * b + c };
    let d = mean.len();
    for (row, o) in values.chunks_exact(d).zip(out.chunks_exact_mut(2)) {
        let (mut a, mut b) = ([0.0_f32; LANES], [0.0_f32; LANES]);
        for ((x, m), (u, v)) in row
            .chunks(LANES)
            .zip(mean.chunks(LANES))
            .zip(w0.chunks(LANES).zip(w1.chunks(LANES)))
        {
            for k in 0..x.len() {
                let c = x[k] - m[k];
                a[k] = fma(c, u[k], a[k]);
                b[k] = fma(c, v[k], b[k]);
            }
        }
        o[0] = a.iter().sum();
        o[1] = b.iter().sum();
    }
}
