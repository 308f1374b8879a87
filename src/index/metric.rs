//! Distance and similarity functions on `f32` slices.
//!
//! Euclidean distance measures *how far apart* two points are; cosine similarity measures
//! *whether they point the same way*, ignoring length. A vector of length 0 has no direction, so
//! its cosine similarity is undefined (`None`), never NaN.
//!
//! **Any x86-64 CPU.** The hot loops — the exact scan (`index::flat`, `index::knn`), the HNSW
//! searches and neighbour selection (`index::hnsw`), the ALS solve (`embed::als`) — are
//! `#[multiversion]` functions: compiled for the build's target and again for AVX2 + FMA
//! (x86-64-v3), the copy picked on the first call from the CPU's features (checked once, then
//! one atomic load per call), with no `unsafe` here. So the default build, for the x86-64
//! baseline (`.cargo/config.toml` sets no target-cpu; checked under QEMU by
//! `scripts/westmere.sh`), runs on any x86-64 CPU and still uses AVX2 + FMA where there is one;
//! a build with `-C target-cpu=native` on such a CPU elides the dispatch. The kernels below are
//! `#[inline(always)]` so that each copy gets them compiled for its own instruction set: call
//! them from a `#[multiversion]` function, or they run at the baseline's 4-wide SSE. (With a
//! plain `#[inline]` the HNSW searches' distance stayed one out-of-line function, compiled for
//! the baseline and called from both copies: a third of the search time ran at SSE width.)
//!
//! **No libm calls from baseline code in a hot loop.** On this machine a call from SSE code
//! into a VEX-encoded libm function (`exp`, `log`, `hypot`…) can cost the SSE/AVX transition
//! penalty when some other code left the vector registers' upper halves in use: 24× slower
//! per call in a test, and libm's `exp` was 20 % of a 10,000-point t-SNE in the baseline build
//! against 0.3 % in an x86-64-v3 build. Such loops go into a `#[multiversion]` function too
//! (t-SNE's perplexity bisection, `project::tsne::affinity`). Both copies compute in the same order
//! (fused multiply-adds only in the ALS solve's FMA copy, as before). Matrix products go
//! through `matrixmultiply`, which dispatches at run time by itself.

/// A way to compare two vectors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Metric {
    /// Straight-line distance; smaller is nearer.
    Euclidean,
    /// Cosine of the angle between the vectors; larger is more similar (1 = same direction).
    Cosine,
}

impl Metric {
    /// Stable lower-case name.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Euclidean => "euclidean",
            Self::Cosine => "cosine",
        }
    }
}

/// Vectors shorter than this count as zero vectors.
pub const ZERO_NORM: f32 = 1e-12;

/// Lanes of the accumulators below: eight independent partial sums, so the compiler can keep
/// them in one AVX register (a plain `.sum()` is one serial chain of adds, as floating-point
/// addition may not be reordered — 4× slower on the 100k-row scan of a click).
const LANES: usize = 8;

/// `Σ f(aᵢ, bᵢ)` over eight lanes, then the tail.
#[expect(
    clippy::inline_always,
    reason = "inlined into each multiversioned search copy (see index::metric)"
)]
#[inline(always)]
fn lane_sum(a: &[f32], b: &[f32], f: impl Fn(f32, f32) -> f32) -> f32 {
    let mut acc = [0.0_f32; LANES];
    let (ca, cb) = (a.chunks_exact(LANES), b.chunks_exact(LANES));
    let (ta, tb) = (ca.remainder(), cb.remainder());
    for (x, y) in ca.zip(cb) {
        for i in 0..LANES {
            acc[i] += f(x[i], y[i]);
        }
    }
    let tail: f32 = ta.iter().zip(tb).map(|(&x, &y)| f(x, y)).sum();
    acc.iter().sum::<f32>() + tail
}

/// Squared Euclidean distance.
#[must_use]
#[expect(
    clippy::inline_always,
    reason = "inlined into each multiversioned search copy (see index::metric)"
)]
#[inline(always)]
pub fn squared_euclidean(a: &[f32], b: &[f32]) -> f32 {
    lane_sum(a, b, |x, y| (x - y) * (x - y))
}

/// Euclidean distance.
#[must_use]
#[inline]
pub fn euclidean(a: &[f32], b: &[f32]) -> f32 {
    squared_euclidean(a, b).sqrt()
}

/// Dot product.
#[must_use]
#[expect(
    clippy::inline_always,
    reason = "inlined into each multiversioned search copy (see index::metric)"
)]
#[inline(always)]
pub fn dot(a: &[f32], b: &[f32]) -> f32 {
    lane_sum(a, b, |x, y| x * y)
}

/// Euclidean length (norm).
#[must_use]
#[inline]
pub fn norm(a: &[f32]) -> f32 {
    dot(a, a).sqrt()
}

/// Cosine similarity, or `None` when either vector is (numerically) zero.
#[must_use]
pub fn cosine(a: &[f32], b: &[f32]) -> Option<f32> {
    let (na, nb) = (norm(a), norm(b));
    if na <= ZERO_NORM || nb <= ZERO_NORM {
        return None;
    }
    Some((dot(a, b) / (na * nb)).clamp(-1.0, 1.0))
}

/// Angle between two vectors in degrees, or `None` when either is zero.
#[must_use]
pub fn angle_degrees(a: &[f32], b: &[f32]) -> Option<f32> {
    cosine(a, b).map(|c| c.acos().to_degrees())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[expect(
        clippy::float_cmp,
        reason = "hand-checked values that are exact in binary floating point"
    )]
    fn hand_checked_values() {
        assert_eq!(cosine(&[1.0, 0.0], &[0.0, 1.0]), Some(0.0));
        assert_eq!(cosine(&[1.0, 2.0], &[2.0, 4.0]), Some(1.0));
        assert_eq!(cosine(&[1.0, 0.0], &[-3.0, 0.0]), Some(-1.0));
        assert_eq!(euclidean(&[0.0, 0.0], &[3.0, 4.0]), 5.0);
        assert_eq!(norm(&[3.0, 4.0]), 5.0);
        assert!((angle_degrees(&[1.0, 0.0], &[1.0, 1.0]).unwrap() - 45.0).abs() < 1e-4);
    }

    #[test]
    #[expect(
        clippy::float_cmp,
        reason = "hand-checked values that are exact in binary floating point"
    )]
    fn zero_vector_has_no_cosine() {
        assert_eq!(cosine(&[0.0, 0.0], &[1.0, 2.0]), None);
        assert_eq!(cosine(&[1.0, 2.0], &[0.0, 0.0]), None);
        assert_eq!(euclidean(&[0.0, 0.0], &[0.0, 0.0]), 0.0);
    }
}
