//! The standard normal distribution in full double precision: the CDF and survival function
//! through `libm::erfc` (the musl/FreeBSD erfc, < 1 ulp), and the quantile by Newton's method on
//! the CDF, so it is as exact as the CDF itself (the tests check it against scipy's values).

use std::f64::consts::{FRAC_1_SQRT_2, PI};

/// Φ(x), the probability that a standard normal variable is at most `x`.
#[must_use]
pub fn cdf(x: f64) -> f64 {
    0.5 * libm::erfc(-x * FRAC_1_SQRT_2)
}

/// 1 − Φ(x), computed directly (no cancellation in the upper tail).
#[must_use]
pub fn sf(x: f64) -> f64 {
    0.5 * libm::erfc(x * FRAC_1_SQRT_2)
}

/// The density φ(x).
#[must_use]
pub fn pdf(x: f64) -> f64 {
    (-0.5 * x * x).exp() / (2.0 * PI).sqrt()
}

/// Φ⁻¹(p) for p in (0, 1): the x with Φ(x) = p. Outside (0, 1) the result is ∓∞ or NaN.
///
/// Starts from Abramowitz & Stegun 26.2.23 (error < 4.5·10⁻⁴) on the smaller tail and polishes
/// with Newton steps on that tail's own probability (Φ is convex there, so the steps settle
/// from above without oscillating).
#[must_use]
pub fn quantile(p: f64) -> f64 {
    if p.is_nan() || !(0.0..=1.0).contains(&p) {
        return f64::NAN;
    }
    if p <= 0.0 {
        return f64::NEG_INFINITY;
    }
    if p >= 1.0 {
        return f64::INFINITY;
    }
    if p > 0.5 {
        // The upper tail as the mirror of the lower one: 1 − p is exact for p > 0.5.
        return -lower_tail_quantile(1.0 - p);
    }
    lower_tail_quantile(p)
}

/// Φ⁻¹(q) for q in (0, 0.5].
fn lower_tail_quantile(q: f64) -> f64 {
    let t = (-2.0 * q.ln()).sqrt();
    let mut x = -(t
        - (2.515_517 + 0.802_853 * t + 0.010_328 * t * t)
            / (1.0 + 1.432_788 * t + 0.189_269 * t * t + 0.001_308 * t * t * t));
    // Quadratic convergence: from 4.5e-4 three steps reach rounding level; the rest stop at
    // the first step too small to move x (or at 60 steps if rounding makes it oscillate).
    for _ in 0..60 {
        let density = pdf(x);
        if density == 0.0 {
            break;
        }
        let step = (cdf(x) - q) / density;
        let next = x - step;
        if step.abs() <= f64::EPSILON * 0.25 * x.abs() {
            x = next;
            break;
        }
        x = next;
    }
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_values() {
        // scipy.stats.norm: cdf(1.96), sf(3), ppf(0.975), ppf(0.8), isf(1e-10), ppf(0.5).
        assert!((cdf(1.96) - 0.975_002_104_851_779_5).abs() < 1e-15);
        assert!((sf(3.0) - 0.001_349_898_031_630_093_3).abs() < 1e-17);
        assert!((quantile(0.975) - 1.959_963_984_540_054).abs() < 1e-14);
        assert!((quantile(0.8) - 0.841_621_233_572_914_3).abs() < 1e-14);
        assert!((-quantile(1e-10) - 6.361_340_902_404_056).abs() < 1e-12);
        assert!(quantile(0.5).abs() < 1e-15);
        assert!(quantile(0.0) == f64::NEG_INFINITY && quantile(1.0) == f64::INFINITY);
        assert!(quantile(1.5).is_nan() && quantile(f64::NAN).is_nan());
    }

    #[test]
    fn quantile_inverts_cdf() {
        for i in 1..2000 {
            let p = f64::from(i) / 2000.0;
            let x = quantile(p);
            assert!((cdf(x) - p).abs() < 4e-16, "p {p}: Φ(Φ⁻¹(p)) = {}", cdf(x));
        }
        for e in 1..300 {
            let p = 10f64.powi(-e);
            let x = quantile(p);
            // dΦ/Φ ≈ |x|·dx: one ulp of x (|x| up to 37) moves Φ by about |x|²·ε relatively.
            let tolerance = 4.0 * x * x * f64::EPSILON + 1e-15;
            assert!(
                ((cdf(x) - p) / p).abs() < tolerance,
                "p 1e-{e}: {}",
                ((cdf(x) - p) / p)
            );
        }
    }
}
