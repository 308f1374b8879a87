//! The ALS kernels: dot products, the Gram matrix YᵀY, and the per-row conjugate-gradient
//! solve, each compiled for the x86-64 baseline and for AVX2 + FMA and picked at run time
//! (`multiversion`); fused multiply-adds only in the FMA copy (see [`super`] for the method).

use multiversion::multiversion;
use multiversion::target::target_cfg_f;
use rayon::prelude::*;

/// `out[i] = x·yᵢ` for the rows `yᵢ` of `y` (`f` columns); compiled for the baseline and for
/// AVX2 + FMA like [`dot`].
#[multiversion(targets("x86_64+avx2+fma"))]
pub(super) fn scores(x: &[f32], y: &[f32], f: usize, out: &mut [f32]) {
    let fused = target_cfg_f!(target_feature = "fma");
    for (s, yi) in out.iter_mut().zip(y.chunks_exact(f)) {
        *s = dot_with(x, yi, fused);
    }
}

/// Dot product with independent accumulators, so the compiler can vectorise it (a plain
/// `sum()` must keep the sequential order of float additions and cannot). Fused multiply-adds
/// on CPUs with FMA (picked at run time, see [`dot_with`]).
#[multiversion(targets("x86_64+avx2+fma"))]
pub(crate) fn dot(a: &[f32], b: &[f32]) -> f32 {
    let fused = target_cfg_f!(target_feature = "fma");
    dot_with(a, b, fused)
}

/// [`dot`], fused when `fused`. Always inlined: the kernels here are compiled twice by
/// `multiversion` — for the x86-64 baseline and for AVX2 + FMA, picked at run time (see
/// `index::metric`) — and each copy passes whether it has FMA; a `mul_add` outside an FMA copy
/// would be a slow software call.
#[inline(always)]
pub(crate) fn dot_with(a: &[f32], b: &[f32], fused: bool) -> f32 {
    // 16 independent accumulators (two 8-wide vectors): enough to hide most of the latency of the
    // fused multiply-adds (measured: 16 beats 8 and 32 on the ALS solve at 128 factors).
    const LANES: usize = 16;
    let n = a.len().min(b.len());
    let (a, b) = (&a[..n], &b[..n]);
    let mut acc = [0.0_f32; LANES];
    let (ca, cb) = (a.chunks_exact(LANES), b.chunks_exact(LANES));
    let tail: f32 = ca
        .remainder()
        .iter()
        .zip(cb.remainder())
        .map(|(x, y)| x * y)
        .sum();
    for (x, y) in ca.zip(cb) {
        for l in 0..LANES {
            acc[l] = fma(x[l], y[l], acc[l], fused);
        }
    }
    acc.iter().sum::<f32>() + tail
}

/// `a·b + c`, fused when `fused` (only inside a copy compiled with FMA: see [`dot_with`]).
#[expect(
    clippy::inline_always,
    reason = "must be inlined into each multiversioned copy (see dot_with)"
)]
#[inline(always)]
pub(crate) fn fma(a: f32, b: f32, c: f32, fused: bool) -> f32 {
    if fused { a.mul_add(b, c) } else { a * b + c }
}

/// `out += w·v`.
#[expect(
    clippy::inline_always,
    reason = "must be inlined into each multiversioned copy (see dot_with)"
)]
#[inline(always)]
pub(super) fn axpy(out: &mut [f32], w: f32, v: &[f32], fused: bool) {
    out.iter_mut()
        .zip(v)
        .for_each(|(o, x)| *o = fma(w, *x, *o, fused));
}

/// YᵀY + λI (f × f, row-major): partial sums over blocks of rows in parallel (f32 within a
/// block, f64 across blocks), upper triangle only, then mirrored.
pub(super) fn gram(y: &[f32], f: usize, reg: f32) -> Vec<f32> {
    const BLOCK: usize = 256;
    let total = y
        .par_chunks(BLOCK * f)
        .map(|rows| gram_block(rows, f))
        .fold(
            || vec![0.0_f64; f * f],
            |mut acc, g| {
                acc.iter_mut()
                    .zip(&g)
                    .for_each(|(a, b)| *a += f64::from(*b));
                acc
            },
        )
        .reduce(
            || vec![0.0_f64; f * f],
            |mut a, b| {
                a.iter_mut().zip(&b).for_each(|(x, y)| *x += y);
                a
            },
        );
    let mut g = vec![0.0_f32; f * f];
    for a in 0..f {
        for b in a..f {
            let v = total[a * f + b] as f32;
            g[a * f + b] = v;
            g[b * f + a] = v;
        }
        g[a * f + a] += reg;
    }
    g
}

/// The upper triangle of `rowsᵀ·rows` (f32, f × f, row-major), for [`gram`]; compiled for the
/// baseline and for AVX2 + FMA like [`dot`].
#[multiversion(targets("x86_64+avx2+fma"))]
pub(super) fn gram_block(rows: &[f32], f: usize) -> Vec<f32> {
    let mut g = vec![0.0_f32; f * f];
    for row in rows.chunks_exact(f) {
        for a in 0..f {
            let ra = row[a];
            let out = &mut g[a * f + a..(a + 1) * f];
            for (o, rb) in out.iter_mut().zip(&row[a..]) {
                *o += ra * rb;
            }
        }
    }
    g
}

#[expect(
    clippy::inline_always,
    reason = "must be inlined into each multiversioned copy (see dot_with)"
)]
#[inline(always)]
pub(super) fn mat_vec(m: &[f32], v: &[f32], out: &mut [f32], fused: bool) {
    for (o, row) in out.iter_mut().zip(m.chunks_exact(v.len())) {
        *o = dot_with(row, v, fused);
    }
}

/// One half-iteration: update every row of `x` given the fixed factors `y`, with the same λ
/// (`reg`) for every row.
pub(super) fn solve_rows(
    x: &mut [f32],
    y: &[f32],
    rows: &[Vec<u32>],
    f: usize,
    reg: f32,
    c: f32,
    cg_steps: usize,
) {
    let yty = gram(y, f, reg);
    let fixed = Fixed {
        yty: &yty,
        y,
        f,
        c,
        cg_steps,
    };
    x.par_chunks_mut(f).zip(rows.par_iter()).for_each_init(
        || (vec![0.0_f32; f], vec![0.0_f32; f], vec![0.0_f32; f]),
        |(r, p, ap), (xu, items)| solve_row(&fixed, xu, items, r, p, ap),
    );
}

/// What every row's solve of a half-iteration shares.
struct Fixed<'a> {
    /// YᵀY + λI.
    yty: &'a [f32],
    /// The fixed factors.
    y: &'a [f32],
    f: usize,
    /// Confidence of an observed pair.
    c: f32,
    cg_steps: usize,
}

/// Conjugate-gradient steps on one row `xu` given the rows `items` of `y` it interacted with;
/// `r`, `p`, `ap` are scratch. Compiled for the baseline and for AVX2 + FMA like [`dot`].
#[multiversion(targets("x86_64+avx2+fma"))]
pub(super) fn solve_row(
    k: &Fixed<'_>,
    xu: &mut [f32],
    items: &[u32],
    r: &mut [f32],
    p: &mut [f32],
    ap: &mut [f32],
) {
    let fused = target_cfg_f!(target_feature = "fma");
    let (y, f, c) = (k.y, k.f, k.c);
    // r = b − A x = Σ c·y_i − (YᵀY + λI) x − Σ (c − 1)(y_i·x) y_i
    mat_vec(k.yty, xu, r, fused);
    for v in r.iter_mut() {
        *v = -*v;
    }
    for &i in items {
        let yi = &y[i as usize * f..(i as usize + 1) * f];
        let w = c - (c - 1.0) * dot_with(yi, xu, fused);
        axpy(r, w, yi, fused);
    }
    p.copy_from_slice(r);
    let mut rs_old = dot_with(r, r, fused);
    for _ in 0..k.cg_steps {
        if rs_old < 1e-20 {
            break;
        }
        mat_vec(k.yty, p, ap, fused);
        for &i in items {
            let yi = &y[i as usize * f..(i as usize + 1) * f];
            let w = (c - 1.0) * dot_with(yi, p, fused);
            axpy(ap, w, yi, fused);
        }
        let denom = dot_with(p, ap, fused);
        if denom.abs() < 1e-30 {
            break;
        }
        let step = rs_old / denom;
        axpy(xu, step, p, fused);
        axpy(r, -step, ap, fused);
        let rs_new = dot_with(r, r, fused);
        let beta = rs_new / rs_old;
        p.iter_mut()
            .zip(r.iter())
            .for_each(|(a, b)| *a = b + beta * *a);
        rs_old = rs_new;
    }
}
