//! The element-wise and row-wise operations of a BERT layer: linear (GEMM + bias), LayerNorm,
//! GELU, softmax, and a dot product, on row-major f32.

use crate::embed::als::kernels::{dot_with, fma};
use multiversion::multiversion;
use multiversion::target::target_cfg_f;
use ndarray::{Array1, Array2, ArrayView2, ArrayViewMut2, linalg::general_mat_mul};

/// `out = x · wᵀ + b` with `w` stored `[out, in]` as PyTorch's `nn.Linear` keeps it.
///
/// The product runs on faer's matmul (its `gemm` kernels pick AVX2/FMA or AVX-512 at run time,
/// through a safe API), single-threaded: batches already run in parallel. ndarray's
/// `general_mat_mul` (matrixmultiply, AVX2 at most) is the fallback for non-contiguous views.
pub(super) fn linear(
    x: ArrayView2<f32>,
    w: &Array2<f32>,
    b: &Array1<f32>,
    out: &mut ArrayViewMut2<f32>,
) {
    for mut row in out.rows_mut() {
        row.assign(b);
    }
    let (m, k) = x.dim();
    let n = w.nrows();
    if let (Some(xs), Some(ws), Some(os)) = (x.as_slice(), w.as_slice(), out.as_slice_mut())
        && w.ncols() == k
        && os.len() == m * n
    {
        let lhs = faer::MatRef::from_row_major_slice(xs, m, k);
        let rhs = faer::MatRef::from_row_major_slice(ws, n, k).transpose();
        let dst = faer::MatMut::from_row_major_slice_mut(os, m, n);
        faer::linalg::matmul::matmul(dst, faer::Accum::Add, lhs, rhs, 1.0f32, faer::Par::Seq);
    } else {
        general_mat_mul(1.0, &x, &w.t(), 1.0, out);
    }
}

/// LayerNorm over each row, in place: `(x − mean) / √(var + eps) · γ + β`, with the mean and
/// (biased) variance accumulated in f64 like a two-pass reference.
pub(super) fn layer_norm(
    x: &mut ArrayViewMut2<f32>,
    gamma: &Array1<f32>,
    beta: &Array1<f32>,
    eps: f32,
) {
    let (Some(g), Some(be)) = (gamma.as_slice(), beta.as_slice()) else {
        return;
    };
    for mut row in x.rows_mut() {
        let Some(r) = row.as_slice_mut() else {
            continue;
        };
        let n = r.len() as f64;
        let mean = r.iter().map(|&v| f64::from(v)).sum::<f64>() / n;
        let var = r
            .iter()
            .map(|&v| {
                let d = f64::from(v) - mean;
                d * d
            })
            .sum::<f64>()
            / n;
        let inv = 1.0 / (var + f64::from(eps)).sqrt();
        for ((v, &gi), &bi) in r.iter_mut().zip(g).zip(be) {
            *v = ((f64::from(*v) - mean) * inv) as f32 * gi + bi;
        }
    }
}

/// erf for f32 without `exp`: the odd/even rational approximation on [−4, 4] that Eigen and
/// XLA use for single precision (`generic_fast_erf_float`); |error| < 2e-7 against libm's erf
/// (checked in the tests). Branch-free, so the compiler vectorises the GELU loop.
/// `fused`: multiply-adds as FMA instructions (the AVX2 + FMA copy of [`gelu`]); without FMA
/// hardware `mul_add` would be a slow software routine, so the baseline copy multiplies and adds.
#[expect(
    clippy::inline_always,
    reason = "inlined into the AVX2 + FMA copy of its caller, else it runs baseline code"
)]
#[inline(always)]
pub(super) fn erf_fast(a: f32, fused: bool) -> f32 {
    let fma = |a: f32, b: f32, c: f32| fma(a, b, c, fused);
    let x = a.clamp(-4.0, 4.0);
    let x2 = x * x;
    let mut p = fma(x2, -2.726_142_3e-10, 2.770_681_4e-8);
    p = fma(x2, p, -2.101_024e-6);
    p = fma(x2, p, -5.692_506_4e-5);
    p = fma(x2, p, -7.349_906e-4);
    p = fma(x2, p, -2.954_600_1e-3);
    p = fma(x2, p, -1.609_603_3e-2);
    p *= x;
    let mut q = fma(x2, -1.456_607_2e-5, -2.133_740_6e-4);
    q = fma(x2, q, -1.682_827e-3);
    q = fma(x2, q, -7.373_329e-3);
    q = fma(x2, q, -1.426_474e-2);
    p / q
}

/// Exact GELU `x · ½(1 + erf(x/√2))` (PyTorch's default `nn.GELU`), in place; compiled for the
/// x86-64 baseline and for AVX2 + FMA, picked at run time.
#[multiversion(targets("x86_64+avx2+fma"))]
pub(super) fn gelu(v: &mut [f32]) {
    let fused = target_cfg_f!(target_feature = "fma");
    for x in v {
        *x = 0.5 * *x * (1.0 + erf_fast(*x * std::f32::consts::FRAC_1_SQRT_2, fused));
    }
}

/// The tanh approximation of GELU (`gelu_new`), in place.
pub(super) fn gelu_tanh(v: &mut [f32]) {
    const C: f32 = 0.797_884_6; // √(2/π)
    for x in v {
        let t = (C * (*x + 0.044_715 * *x * *x * *x)).tanh();
        *x = 0.5 * *x * (1.0 + t);
    }
}

/// max(0, x), in place.
pub(super) fn relu(v: &mut [f32]) {
    for x in v {
        *x = x.max(0.0);
    }
}

/// Softmax of one row, in place (max subtracted first).
#[expect(
    clippy::inline_always,
    reason = "inlined into the AVX2 + FMA copy of its caller, else it runs baseline code"
)]
#[inline(always)]
pub(super) fn softmax(r: &mut [f32]) {
    let m = r.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let mut s = 0.0f32;
    for v in r.iter_mut() {
        *v = (*v - m).exp();
        s += *v;
    }
    let inv = 1.0 / s;
    for v in r.iter_mut() {
        *v *= inv;
    }
}

/// Scaled dot-product attention per sequence and head, `softmax(QKᵀ/√d) V`, on packed
/// row-major buffers (row = token, head `h` in columns `h·d..(h+1)·d`; sequence `s` has
/// `lens[s]` rows); `ctx` must be zero. Compiled for the baseline and for AVX2 + FMA.
#[multiversion(targets("x86_64+avx2+fma"))]
pub(super) fn attention_packed(
    lens: &[usize],
    q: &[f32],
    k: &[f32],
    v: &[f32],
    ctx: &mut [f32],
    h: usize,
    heads: usize,
) {
    let fused = target_cfg_f!(target_feature = "fma");
    let d = h / heads;
    let scale = 1.0 / (d as f32).sqrt();
    let mut start = 0;
    let mut scores = Vec::new();
    for &n in lens {
        scores.resize(n, 0.0f32);
        for c0 in (0..heads).map(|hd| hd * d) {
            for i in 0..n {
                let qi = &q[(start + i) * h + c0..][..d];
                for (j, sc) in scores.iter_mut().enumerate() {
                    *sc = dot_with(qi, &k[(start + j) * h + c0..][..d], fused) * scale;
                }
                softmax(&mut scores);
                let out = &mut ctx[(start + i) * h + c0..][..d];
                for (j, &p) in scores.iter().enumerate() {
                    let vj = &v[(start + j) * h + c0..][..d];
                    for (o, &val) in out.iter_mut().zip(vj) {
                        *o += p * val;
                    }
                }
            }
        }
        start += n;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn erf_fast_matches_libm() {
        let mut worst = 0.0f32;
        for i in -6000..=6000 {
            let x = i as f32 * 0.001;
            worst = worst
                .max((erf_fast(x, true) - libm::erff(x)).abs())
                .max((erf_fast(x, false) - libm::erff(x)).abs());
        }
        assert!(worst < 5e-7, "max |erf_fast − erf| = {worst}");
    }

    #[test]
    fn softmax_and_layer_norm_by_hand() {
        let mut r = [0.0f32, (2.0f32).ln()];
        softmax(&mut r);
        assert!((r[0] - 1.0 / 3.0).abs() < 1e-6 && (r[1] - 2.0 / 3.0).abs() < 1e-6);
        let mut x = ndarray::array![[1.0f32, 3.0]];
        layer_norm(
            &mut x.view_mut(),
            &ndarray::array![1.0, 2.0],
            &ndarray::array![0.0, 1.0],
            0.0,
        );
        assert!((x[[0, 0]] + 1.0).abs() < 1e-6 && (x[[0, 1]] - 3.0).abs() < 1e-6);
        assert!((dot_with(&[1.0; 11], &[2.0; 11], false) - 22.0).abs() < 1e-6);
    }
}
