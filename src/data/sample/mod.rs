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
pub mod plant;
pub mod season;
mod streaming;
mod streaming_text;

use std::path::Path;

pub(crate) use crate::rng::Gen;

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

/// The `age_band` labels both samples share, as `dataset.toml` lines.
pub(crate) const AGE_BAND_JA: &str = "\n[labels_ja.values.age_band]\n\
teens = \"10代\"\n\"20s\" = \"20代\"\n\"30s\" = \"30代\"\n\"40s\" = \"40代\"\n\"50s+\" = \"50代以上\"\n";

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
    fn top_k_breaks_ties_by_index() {
        assert_eq!(top_k(&[1.0, 3.0, 3.0, 2.0], 3), [1, 2, 3]);
        assert_eq!(top_k(&[1.0], 5), [0]);
    }
}
