//! A small seeded random source: `ChaCha8` (portable and stable for a given seed) with uniform,
//! normal and Gumbel draws derived here from its raw `u64` stream, so that no distribution code
//! of another crate can change generated data, splits or initialisations between versions.

use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::{Rng, SeedableRng};

/// Seeded random source with the few draws the generators and splits need.
pub struct Gen(ChaCha8Rng);

impl Gen {
    /// A generator for `seed`.
    #[must_use]
    pub fn new(seed: u64) -> Self {
        Self(ChaCha8Rng::seed_from_u64(seed))
    }

    /// Uniform in [0, 1).
    pub fn u01(&mut self) -> f64 {
        (self.0.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform in (0, 1].
    fn u01_open(&mut self) -> f64 {
        1.0 - self.u01()
    }

    /// Uniform integer in [0, n) (n ≥ 1), by rejection so there is no modulo bias.
    pub fn below(&mut self, n: usize) -> usize {
        let n = n.max(1) as u64;
        let zone = u64::MAX - (u64::MAX % n);
        loop {
            let v = self.0.next_u64();
            if v < zone {
                return (v % n) as usize;
            }
        }
    }

    /// Standard normal (Box–Muller, one value per call).
    pub fn normal(&mut self) -> f64 {
        let (u, v) = (self.u01_open(), self.u01());
        (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
    }

    /// Standard Gumbel, for sampling without replacement by perturbed top-k.
    pub fn gumbel(&mut self) -> f64 {
        -(-self.u01_open().ln()).ln()
    }

    /// Fisher–Yates shuffle.
    pub fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = self.below(i + 1);
            v.swap(i, j);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gen_is_deterministic_and_in_range() {
        let (mut a, mut b) = (Gen::new(7), Gen::new(7));
        for _ in 0..1000 {
            let x = a.u01();
            assert_eq!(x.to_bits(), b.u01().to_bits());
            assert!((0.0..1.0).contains(&x));
            assert!(a.below(3) < 3);
            b.below(3);
        }
        let mean = (0..20_000).map(|_| a.normal()).sum::<f64>() / 20_000.0;
        assert!(mean.abs() < 0.05, "normal mean {mean}");
    }
}
