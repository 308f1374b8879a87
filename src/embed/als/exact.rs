//! The exact row solve of ALS-WR, as Spark MLlib's `CholeskySolver`: each row's normal
//! equation (YᵀY + Yᵀ(Cᵤ − I)Y + λ·nᵤ·I) x = YᵀCᵤp built in f64 and solved by Cholesky, the
//! result stored in f32. The rank-one updates and the factorisation are compiled for the x86-64
//! baseline and for AVX2 + FMA and picked at run time (`multiversion`).

use multiversion::multiversion;
use rayon::prelude::*;

/// One half-iteration: every row of `x` solved exactly given the fixed factors `y`, with
/// confidence `c` = 1 + α for an observed pair and λ = `reg` × the row's interactions. A row
/// whose matrix is not positive definite (only possible with λ = 0 and degenerate factors)
/// keeps its previous value.
pub(super) fn solve_rows_exact(
    x: &mut [f32],
    y: &[f32],
    rows: &[Vec<u32>],
    f: usize,
    reg: f32,
    c: f32,
) {
    let yty = gram_f64(y, f);
    let fixed = Fixed {
        yty: &yty,
        y,
        f,
        alpha: f64::from(c) - 1.0,
        reg: f64::from(reg),
    };
    x.par_chunks_mut(f).zip(rows.par_iter()).for_each_init(
        || (vec![0.0_f64; f * f], vec![0.0_f64; f]),
        |(a, b), (xu, items)| solve_row_exact(&fixed, xu, items, a, b),
    );
}

/// What every row's solve of a half-iteration shares.
struct Fixed<'a> {
    /// YᵀY in f64, lower triangle (row-major f × f).
    yty: &'a [f64],
    /// The fixed factors.
    y: &'a [f32],
    f: usize,
    /// c − 1 of an observed pair.
    alpha: f64,
    /// λ per interaction.
    reg: f64,
}

/// YᵀY in f64 (lower triangle, row-major f × f): partial sums over blocks of rows in
/// parallel, added in order.
fn gram_f64(y: &[f32], f: usize) -> Vec<f64> {
    const BLOCK: usize = 1024;
    let parts: Vec<Vec<f64>> = y
        .par_chunks(BLOCK * f)
        .map(|rows| gram_block_f64(rows, f))
        .collect();
    let mut total = vec![0.0_f64; f * f];
    for p in &parts {
        total.iter_mut().zip(p).for_each(|(t, v)| *t += v);
    }
    total
}

/// The lower triangle of `rowsᵀ·rows` in f64.
#[multiversion(targets("x86_64+avx2+fma"))]
fn gram_block_f64(rows: &[f32], f: usize) -> Vec<f64> {
    let mut g = vec![0.0_f64; f * f];
    for row in rows.chunks_exact(f) {
        add_outer(&mut g, row, 1.0, f);
    }
    g
}

/// `a += w · v vᵀ` on the lower triangle of the f × f row-major `a`.
#[inline]
fn add_outer(a: &mut [f64], v: &[f32], w: f64, f: usize) {
    for (r, &vr) in v.iter().enumerate() {
        let s = w * f64::from(vr);
        for (o, &vc) in a[r * f..=r * f + r].iter_mut().zip(v) {
            *o += s * f64::from(vc);
        }
    }
}

/// Build and solve one row's normal equation into `xu`; `a`, `b` are scratch.
#[multiversion(targets("x86_64+avx2+fma"))]
fn solve_row_exact(k: &Fixed<'_>, xu: &mut [f32], items: &[u32], a: &mut [f64], b: &mut [f64]) {
    let f = k.f;
    a.copy_from_slice(k.yty);
    b.fill(0.0);
    for &i in items {
        let yi = &k.y[i as usize * f..(i as usize + 1) * f];
        add_outer(a, yi, k.alpha, f);
        for (bv, &v) in b.iter_mut().zip(yi) {
            *bv += (1.0 + k.alpha) * f64::from(v);
        }
    }
    let lambda = k.reg * items.len() as f64;
    for v in a.iter_mut().step_by(f + 1) {
        *v += lambda;
    }
    if cholesky_solve(a, b, f) {
        for (x, v) in xu.iter_mut().zip(b.iter()) {
            *x = *v as f32;
        }
    }
}

/// Solve `a · x = b` for the symmetric positive definite `a` (lower triangle used, overwritten
/// by its Cholesky factor), `x` into `b`. False, with `b` unspecified, when `a` is not positive
/// definite.
#[inline]
fn cholesky_solve(a: &mut [f64], b: &mut [f64], f: usize) -> bool {
    for j in 0..f {
        let (done, rest) = a.split_at_mut(j * f);
        let row_j = &mut rest[..f];
        // Row j of L: L[j][k] for k < j from the rows above, then the diagonal.
        for (k, row_k) in done.chunks_exact(f).enumerate() {
            let s: f64 = row_j[..k].iter().zip(&row_k[..k]).map(|(p, q)| p * q).sum();
            row_j[k] = (row_j[k] - s) / row_k[k];
        }
        let d = row_j[j] - row_j[..j].iter().map(|v| v * v).sum::<f64>();
        if !(d > 0.0 && d.is_finite()) {
            return false;
        }
        row_j[j] = d.sqrt();
    }
    // L z = b.
    for (i, row) in a.chunks_exact(f).enumerate() {
        let (solved, rest) = b.split_at_mut(i);
        let s: f64 = row[..i].iter().zip(solved.iter()).map(|(p, q)| p * q).sum();
        rest[0] = (rest[0] - s) / row[i];
    }
    // Lᵀ x = z.
    for i in (0..f).rev() {
        let (head, tail) = b.split_at_mut(i + 1);
        let s: f64 = tail
            .iter()
            .enumerate()
            .map(|(o, v)| a[(i + 1 + o) * f + i] * v)
            .sum();
        head[i] = (head[i] - s) / a[i * f + i];
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cholesky_solves_a_hand_checked_system() {
        // [[4, 2], [2, 3]] x = [2, 1]: det 8, x = [(2·3 − 2·1)/8, (4·1 − 2·2)/8] = [0.5, 0].
        let mut a = vec![4.0, 0.0, 2.0, 3.0];
        let mut b = vec![2.0, 1.0];
        assert!(cholesky_solve(&mut a, &mut b, 2));
        assert!((b[0] - 0.5).abs() < 1e-12 && b[1].abs() < 1e-12, "{b:?}");
        // Not positive definite.
        let mut a = vec![1.0, 0.0, 2.0, 1.0];
        assert!(!cholesky_solve(&mut a, &mut [1.0, 1.0], 2));
    }
}
