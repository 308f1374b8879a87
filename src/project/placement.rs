//! Where the points that a neighbour-graph method did not fit go: each at the
//! distance-weighted mean of its [`PLACE_K`] nearest sampled points in the original space
//! (the "out-of-sample by neighbours" extension of [`super::scale`]).
//!
//! **Memory.** One packed `u32` per (sampled point, weight) pair: the sample position in the
//! low bits (as few as the sample needs: 17 for 100,000) and the weight quantised in the rest
//! (15 bits for 100,000: steps of 1/32,767), renormalised when the layout is expanded. At 1M
//! points the table takes 20 MB, half of (u32, f32) pairs, and it lives through the whole
//! layout. The sample's HNSW index is the one the k-NN graph was built with when there is one
//! (the same rows in the same order), so no second index is built over the same sample.

use ndarray::{ArrayView2, Axis};

use crate::error::{ComputeError, Result};
use crate::index::hnsw::{HnswIndex, HnswParams};
use crate::index::knn::KnnMetric;
use crate::progress::{Progress, Stage};

/// Sampled neighbours that place a point that the method did not fit.
pub const PLACE_K: usize = 5;
/// Queries per HNSW search batch.
const SEARCH_CHUNK: usize = 8192;
/// Search breadth of the placement queries (5 neighbours).
const PLACE_EF: usize = 32;

/// Where every row goes given the sample's layout: sampled rows take their own position, the
/// others the weighted mean of their nearest sampled rows.
pub(super) struct Placement {
    /// For each row of the data: [`PLACE_K`] packed (sample position, weight) pairs, unused
    /// slots weighing 0.
    from: Vec<[u32; PLACE_K]>,
    /// Bits of a pair that hold the sample position.
    bits: u32,
}

impl Placement {
    /// Room for `n` rows placed relative to a sample of `m` rows; none placed yet.
    fn new(n: usize, m: usize) -> Result<Self> {
        let bits = usize::BITS - m.saturating_sub(1).max(1).leading_zeros();
        if bits > 24 {
            return Err(ComputeError::Numerical {
                stage: "placement",
                reason: format!("a sample of {m} rows is too large to place from"),
            });
        }
        Ok(Self {
            from: vec![[0; PLACE_K]; n],
            bits,
        })
    }

    /// Largest quantised weight.
    fn top(&self) -> u32 {
        (1 << (32 - self.bits)) - 1
    }

    /// Row `r` sits on sample position `s`.
    fn set_sampled(&mut self, r: usize, s: usize) {
        let packed = self.top() << self.bits | s as u32;
        self.from[r] = [packed, 0, 0, 0, 0];
    }

    /// Row `r` is placed from `(sample position, weight)` pairs (weights ≥ 0, any sum > 0).
    fn set_parts(&mut self, r: usize, parts: &[(u32, f32)]) {
        let total: f32 = parts.iter().map(|p| p.1).sum();
        if !(total > 0.0 && total.is_finite()) {
            return;
        }
        let top = self.top() as f32;
        let mut packed = [0; PLACE_K];
        for (slot, &(s, w)) in packed.iter_mut().zip(parts) {
            let q = (w / total * top).round().clamp(0.0, top) as u32;
            *slot = q << self.bits | s;
        }
        self.from[r] = packed;
    }

    /// The (sample position, weight) pairs of row `r`, weights summing to 1 (none when the
    /// row is unplaced).
    fn parts(&self, r: usize) -> impl Iterator<Item = (usize, f32)> + '_ {
        let mask = (1u32 << self.bits) - 1;
        let pairs = self.from[r];
        let total: u32 = pairs.iter().map(|p| p >> self.bits).sum();
        let scale = if total > 0 { 1.0 / total as f32 } else { 0.0 };
        pairs
            .into_iter()
            .filter(|p| p >> self.bits > 0)
            .map(move |p| ((p & mask) as usize, (p >> self.bits) as f32 * scale))
    }

    /// Fill `full` (2·n floats) from the sample's layout `layout` (2·m floats).
    pub(super) fn expand(&self, layout: &[f32], full: &mut [f32]) {
        for r in 0..self.from.len() {
            let (mut x, mut y) = (0.0_f32, 0.0_f32);
            for (s, w) in self.parts(r) {
                if let (Some(&sx), Some(&sy)) = (layout.get(2 * s), layout.get(2 * s + 1)) {
                    x += w * sx;
                    y += w * sy;
                }
            }
            full[2 * r] = x;
            full[2 * r + 1] = y;
        }
    }
}

/// The placement of every row of `data` relative to the sample of rows `rows` (sorted),
/// searched in `index` (the sample's own HNSW index, its rows the sample's positions) or in
/// one built here from a copy of those rows.
pub(super) fn place(
    data: ArrayView2<'_, f32>,
    rows: &[usize],
    index: Option<HnswIndex>,
    progress: &Progress,
) -> Result<Placement> {
    let n = data.nrows();
    let mut placement = Placement::new(n, rows.len())?;
    let mut sampled = vec![false; n];
    for (s, &r) in rows.iter().enumerate() {
        placement.set_sampled(r, s);
        sampled[r] = true;
    }
    let mut index = match index {
        Some(index) if index.len() == rows.len() => index,
        _ => {
            let params = HnswParams {
                ef_construction: 100,
                ef_search: PLACE_EF,
                ..HnswParams::default()
            };
            HnswIndex::build(
                data.select(Axis(0), rows).view(),
                KnnMetric::Euclidean,
                params,
                progress,
            )?
        }
    };
    index.set_ef_search(PLACE_EF);
    let search = Progress::new(progress.cancel_token().clone(), |_, _, _| true);
    let mut others = (0..n).filter(|&r| !sampled[r]);
    let mut chunk = Vec::with_capacity(SEARCH_CHUNK);
    loop {
        chunk.clear();
        chunk.extend(others.by_ref().take(SEARCH_CHUNK));
        let Some(&first) = chunk.first() else {
            break;
        };
        progress.step(Stage::Index, first as u64, n as u64)?;
        let queries = data.select(Axis(0), &chunk);
        let found = index.search_batch(queries.view(), PLACE_K, &search)?;
        for (&r, hits) in chunk.iter().zip(found) {
            // Inverse-distance weights; an exact duplicate of a sampled point sits on it.
            let parts: Vec<(u32, f32)> = hits
                .iter()
                .take(PLACE_K)
                .map(|h| (h.row, 1.0 / h.value.max(1e-6)))
                .collect();
            placement.set_parts(r, &parts);
        }
    }
    Ok(placement)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packed_pairs_keep_positions_and_weights() {
        // 100,000 sampled rows: 17 bits of position, 15 of weight.
        let mut p = Placement::new(4, 100_000).unwrap();
        assert_eq!(p.bits, 17);
        p.set_sampled(0, 99_999);
        p.set_parts(1, &[(7, 1.0), (99_998, 3.0)]);
        p.set_parts(2, &[(5, 0.0)]); // weighs nothing: stays unplaced
        let parts: Vec<_> = p.parts(1).collect();
        assert_eq!(parts.len(), 2);
        assert_eq!((parts[0].0, parts[1].0), (7, 99_998));
        assert!((parts[0].1 - 0.25).abs() < 1e-4 && (parts[1].1 - 0.75).abs() < 1e-4);
        assert_eq!(p.parts(0).collect::<Vec<_>>(), vec![(99_999, 1.0)]);
        assert_eq!(p.parts(2).count(), 0);
        // Layout of the sample: position s at (s, −s).
        let layout: Vec<f32> = (0..100_000).flat_map(|s| [s as f32, -(s as f32)]).collect();
        let mut full = vec![9.0; 8];
        p.expand(&layout, &mut full);
        assert_eq!(&full[..2], &[99_999.0, -99_999.0]);
        let x = 0.25 * 7.0 + 0.75 * 99_998.0;
        assert!((full[2] - x).abs() / x < 1e-4, "{} vs {x}", full[2]);
        assert_eq!(&full[4..6], &[0.0, 0.0], "unplaced rows at the origin");
    }

    #[test]
    fn tiny_and_oversized_samples() {
        let p = Placement::new(3, 1).unwrap();
        assert_eq!(p.bits, 1);
        assert!(Placement::new(1, (1 << 24) + 1).is_err());
    }
}
