//! UMAP's low-dimensional similarity curve 1 / (1 + a·d^(2b)): the `a`, `b` that best fit the
//! target "1 up to `min_dist`, then exp(−(d − min_dist) / spread)" on 300 points of
//! [0, 3·spread], as umap-learn's `find_ab_params` does with scipy's `curve_fit`
//! (Levenberg–Marquardt from a = b = 1). Two parameters and 300 residuals: a hand-written
//! Levenberg–Marquardt of a few dozen lines, in f64.

/// Points of the fitted curve, as in umap-learn.
const SAMPLES: usize = 300;
/// Levenberg–Marquardt iterations (it converges in about 20 from a = b = 1).
const MAX_ITERATIONS: usize = 200;

/// The target curve and the fitted one at the same distances.
fn target(x: f64, min_dist: f64, spread: f64) -> f64 {
    if x < min_dist {
        1.0
    } else {
        (-(x - min_dist) / spread).exp()
    }
}

/// Residuals and their derivatives by a and b at (a, b); returns the squared error.
fn residuals(xs: &[f64], ys: &[f64], a: f64, b: f64, jac: &mut [[f64; 2]], r: &mut [f64]) -> f64 {
    let mut sse = 0.0;
    for (i, (&x, &y)) in xs.iter().zip(ys).enumerate() {
        let (p, ln) = if x > 0.0 {
            (x.powf(2.0 * b), x.ln())
        } else {
            (0.0, 0.0)
        };
        let q = 1.0 + a * p;
        r[i] = 1.0 / q - y;
        jac[i] = [-p / (q * q), -a * p * 2.0 * ln / (q * q)];
        sse += r[i] * r[i];
    }
    sse
}

/// `(a, b)` for `min_dist` and `spread` (validated by the caller: 0 ≤ min_dist ≤ spread,
/// spread > 0).
#[must_use]
pub fn find_ab(min_dist: f32, spread: f32) -> (f32, f32) {
    let (min_dist, spread) = (f64::from(min_dist), f64::from(spread));
    let xs: Vec<f64> = (0..SAMPLES)
        .map(|i| 3.0 * spread * i as f64 / (SAMPLES - 1) as f64)
        .collect();
    let ys: Vec<f64> = xs.iter().map(|&x| target(x, min_dist, spread)).collect();
    let (mut a, mut b) = (1.0_f64, 1.0_f64);
    let mut jac = vec![[0.0; 2]; SAMPLES];
    let mut r = vec![0.0; SAMPLES];
    let mut sse = residuals(&xs, &ys, a, b, &mut jac, &mut r);
    let mut lambda = 1e-3;
    let (mut jac_try, mut r_try) = (jac.clone(), r.clone());
    for _ in 0..MAX_ITERATIONS {
        // Normal equations (JᵀJ + λ·diag(JᵀJ)) δ = −Jᵀr, solved by Cramer's rule.
        let (mut h, mut g) = ([[0.0_f64; 2]; 2], [0.0_f64; 2]);
        for (j, &ri) in jac.iter().zip(&r) {
            for u in 0..2 {
                g[u] += j[u] * ri;
                for v in 0..2 {
                    h[u][v] += j[u] * j[v];
                }
            }
        }
        let mut improved = false;
        while lambda < 1e12 {
            let m = [
                [h[0][0] * (1.0 + lambda), h[0][1]],
                [h[1][0], h[1][1] * (1.0 + lambda)],
            ];
            let det = m[0][0] * m[1][1] - m[0][1] * m[1][0];
            if det.abs() < f64::MIN_POSITIVE {
                lambda *= 10.0;
                continue;
            }
            let da = (-g[0] * m[1][1] + g[1] * m[0][1]) / det;
            let db = (-g[1] * m[0][0] + g[0] * m[1][0]) / det;
            let (na, nb) = (a + da, b + db);
            if na > 0.0 && nb > 0.0 {
                let trial = residuals(&xs, &ys, na, nb, &mut jac_try, &mut r_try);
                if trial < sse {
                    let gain = (sse - trial) / sse.max(f64::MIN_POSITIVE);
                    (a, b, sse) = (na, nb, trial);
                    std::mem::swap(&mut jac, &mut jac_try);
                    std::mem::swap(&mut r, &mut r_try);
                    lambda = (lambda / 10.0).max(1e-12);
                    improved = gain > 1e-15;
                    break;
                }
            }
            lambda *= 10.0;
        }
        if !improved {
            break;
        }
    }
    (a as f32, b as f32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_umap_learn() {
        // umap.umap_.find_ab_params(1.0, 0.1) = (1.5769434, 0.8950608) in umap-learn 0.5.12.
        let (a, b) = find_ab(0.1, 1.0);
        assert!((a - 1.577).abs() < 2e-3, "a = {a}");
        assert!((b - 0.895).abs() < 2e-3, "b = {b}");
        // find_ab_params(1.0, 0.5) = (0.5830300, 1.3341669).
        let (a, b) = find_ab(0.5, 1.0);
        assert!((a - 0.583).abs() < 2e-3, "a = {a}");
        assert!((b - 1.334).abs() < 2e-3, "b = {b}");
        // min_dist 0: the target is exp(−d) itself; find_ab_params(1.0, 0.0) = (1.93281, 0.79049).
        let (a, b) = find_ab(0.0, 1.0);
        assert!((a - 1.933).abs() < 2e-3, "a = {a}");
        assert!((b - 0.7905).abs() < 2e-3, "b = {b}");
    }
}
