//! Deterministic generator of `sample_data/` (`embedscope sample --out sample_data`).
//!
//! Two datasets from fixed seeds: `cafes/` (the workshop set, with the Euclidean-vs-cosine teaching
//! case) and `streaming/` (a data-scientist-sized catalogue from a latent-factor model). A test
//! regenerates both and compares them byte for byte with the committed files.
//!
//! Randomness comes from `ChaCha8` (portable, stable across platforms and crate versions for a
//! given seed); uniform, normal and Gumbel draws are derived here from its raw `u64` stream so
//! that no distribution code of another crate can change the output.

mod cafes;
mod streaming;

use std::path::Path;

use rand_chacha::ChaCha8Rng;
use rand_chacha::rand_core::{Rng, SeedableRng};

/// Seed of the cafés set.
pub const CAFES_SEED: u64 = 20_261_128;
/// Seed of the streaming set.
pub const STREAMING_SEED: u64 = 50_002_000;

/// Ids of the teaching case in the cafés set: A, its Euclidean neighbour B, and C with the same
/// direction as A but a different length.
pub const TEACHING_A: &str = "c001";
/// See [`TEACHING_A`].
pub const TEACHING_B: &str = "c002";
/// See [`TEACHING_A`].
pub const TEACHING_C: &str = "c003";

/// Write both samples under `out` (`out/cafes`, `out/streaming`).
///
/// # Errors
/// File-system errors, with the path.
pub fn generate(out: &Path) -> std::io::Result<()> {
    cafes::write(&out.join("cafes"), CAFES_SEED)?;
    streaming::write(&out.join("streaming"), STREAMING_SEED)
}

/// Seeded random source with the few draws the generators need.
pub(crate) struct Gen(ChaCha8Rng);

impl Gen {
    pub(crate) fn new(seed: u64) -> Self {
        Self(ChaCha8Rng::seed_from_u64(seed))
    }

    /// Uniform in [0, 1).
    pub(crate) fn u01(&mut self) -> f64 {
        (self.0.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform in (0, 1].
    fn u01_open(&mut self) -> f64 {
        1.0 - self.u01()
    }

    /// Uniform integer in [0, n) (n ≥ 1), by rejection so there is no modulo bias.
    pub(crate) fn below(&mut self, n: usize) -> usize {
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
    pub(crate) fn normal(&mut self) -> f64 {
        let (u, v) = (self.u01_open(), self.u01());
        (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
    }

    /// Standard Gumbel, for sampling without replacement by perturbed top-k.
    pub(crate) fn gumbel(&mut self) -> f64 {
        -(-self.u01_open().ln()).ln()
    }

    /// Fisher–Yates shuffle.
    pub(crate) fn shuffle<T>(&mut self, v: &mut [T]) {
        for i in (1..v.len()).rev() {
            let j = self.below(i + 1);
            v.swap(i, j);
        }
    }
}

/// A CSV writer with `\n` line ends and minimal quoting.
pub(crate) fn csv_writer(path: &Path) -> std::io::Result<csv::Writer<std::fs::File>> {
    let file = std::fs::File::create(path)?;
    Ok(csv::WriterBuilder::new()
        .terminator(csv::Terminator::Any(b'\n'))
        .from_writer(file))
}

/// Map a csv error to an io error naming the file.
pub(crate) fn io_err(path: &Path, e: impl std::fmt::Display) -> std::io::Error {
    std::io::Error::other(format!("{}: {e}", path.display()))
}

/// Indices of the `k` largest scores (ties → lower index first), best first.
pub(crate) fn top_k(scores: &[f64], k: usize) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..scores.len()).collect();
    let by = |a: &usize, b: &usize| scores[*b].total_cmp(&scores[*a]).then(a.cmp(b));
    let k = k.min(idx.len());
    if k == 0 {
        return Vec::new();
    }
    if k < idx.len() {
        idx.select_nth_unstable_by(k - 1, by);
        idx.truncate(k);
    }
    idx.sort_unstable_by(by);
    idx
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

    #[test]
    fn top_k_breaks_ties_by_index() {
        assert_eq!(top_k(&[1.0, 3.0, 3.0, 2.0], 3), [1, 2, 3]);
        assert_eq!(top_k(&[1.0], 5), [0]);
    }
}
