//! A k-NN graph with exactly k neighbours per row, stored as one flat array: what t-SNE and UMAP
//! read their affinities from.
//!
//! At 100,000 rows × 90 neighbours (t-SNE's perplexity 30) a `Vec<Vec<Hit>>` costs a 24-byte
//! header, an allocator header and spare capacity per row on top of the 8 bytes per neighbour,
//! and a million small blocks that the allocator cannot hand back to the system once freed.
//! One `Vec<Hit>` of n·k entries is 72 MB, freed in one piece.

use crate::error::{ComputeError, Result};
use crate::index::Hit;

/// Row `r`'s neighbours are `hits[r·k .. (r + 1)·k]`, nearest first, the row itself excluded.
#[derive(Debug, Clone, PartialEq)]
pub struct KnnGraph {
    k: usize,
    hits: Vec<Hit>,
}

impl KnnGraph {
    /// An empty graph of `rows` rows with room for `k` neighbours each, to be filled with
    /// [`Self::push_row`].
    #[must_use]
    pub fn with_capacity(rows: usize, k: usize) -> Self {
        Self {
            k,
            hits: Vec::with_capacity(rows * k),
        }
    }

    /// The graph of `rows`, each cut to its first `k` neighbours.
    ///
    /// # Errors
    /// A row with fewer than `k` neighbours (named by its index).
    pub fn from_rows(rows: &[Vec<Hit>], k: usize) -> Result<Self> {
        let mut graph = Self::with_capacity(rows.len(), k);
        for row in rows {
            graph.push_row(row)?;
        }
        Ok(graph)
    }

    /// Append the next row: its first `k` neighbours.
    ///
    /// # Errors
    /// The row has fewer than `k` neighbours.
    pub fn push_row(&mut self, row: &[Hit]) -> Result<()> {
        let Some(first) = row.get(..self.k) else {
            return Err(ComputeError::InvalidParams(format!(
                "neighbour graph row {}: expected at least {} neighbours, found {}",
                self.rows(),
                self.k,
                row.len()
            )));
        };
        self.hits.extend_from_slice(first);
        Ok(())
    }

    /// Replace row `r` by the first `k` neighbours of `row` (nothing happens if `r` is out of
    /// range or `row` is too short).
    pub fn set_row(&mut self, r: usize, row: &[Hit]) {
        let k = self.k;
        if let (Some(dst), Some(src)) = (self.hits.get_mut(r * k..(r + 1) * k), row.get(..k)) {
            dst.copy_from_slice(src);
        }
    }

    /// Neighbours per row.
    #[must_use]
    pub fn k(&self) -> usize {
        self.k
    }

    /// Number of rows.
    #[must_use]
    pub fn rows(&self) -> usize {
        self.hits.len().checked_div(self.k).unwrap_or(0)
    }

    /// Row `r`'s neighbours (empty when out of range).
    #[must_use]
    pub fn row(&self, r: usize) -> &[Hit] {
        self.hits.get(r * self.k..(r + 1) * self.k).unwrap_or(&[])
    }

    /// Every row in order.
    #[must_use]
    pub fn iter(&self) -> impl ExactSizeIterator<Item = &[Hit]> + '_ {
        self.hits.chunks_exact(self.k.max(1))
    }

    /// The neighbours as one array, row by row ([`Self::k`] per row).
    #[must_use]
    pub fn into_hits(self) -> Vec<Hit> {
        self.hits
    }

    /// Bytes held by the neighbours.
    #[must_use]
    pub fn memory_bytes(&self) -> usize {
        self.hits.capacity() * size_of::<Hit>()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(row: u32, value: f32) -> Hit {
        Hit { row, value }
    }

    #[test]
    fn rows_are_cut_to_k_and_read_back_in_order() {
        let rows = vec![
            vec![hit(1, 0.5), hit(2, 1.0), hit(3, 9.0)],
            vec![hit(0, 0.5), hit(2, 0.7)],
            vec![hit(1, 0.7), hit(0, 1.0)],
        ];
        let g = KnnGraph::from_rows(&rows, 2).unwrap();
        assert_eq!((g.rows(), g.k()), (3, 2));
        assert_eq!(g.row(0), &[hit(1, 0.5), hit(2, 1.0)]);
        assert_eq!(g.row(2), &[hit(1, 0.7), hit(0, 1.0)]);
        assert!(g.row(3).is_empty());
        let firsts: Vec<u32> = g.iter().map(|r| r[0].row).collect();
        assert_eq!(firsts, vec![1, 0, 1]);
        // 6 hits of 8 bytes, no per-row headers.
        assert_eq!(g.memory_bytes(), 48);
    }

    #[test]
    fn a_short_row_is_named_and_set_row_replaces_one_row() {
        let rows = vec![vec![hit(1, 0.5), hit(2, 1.0)], vec![hit(0, 0.5)]];
        let e = KnnGraph::from_rows(&rows, 2).unwrap_err();
        assert_eq!(
            e.to_string(),
            "invalid parameter: neighbour graph row 1: expected at least 2 neighbours, found 1"
        );
        let mut g = KnnGraph::from_rows(&rows, 1).unwrap();
        g.set_row(1, &[hit(7, 3.0), hit(8, 4.0)]);
        assert_eq!(g.row(1), &[hit(7, 3.0)]);
        assert_eq!(g.row(0), &[hit(1, 0.5)]);
        // Out of range: nothing changes.
        g.set_row(5, &[hit(9, 1.0)]);
        assert_eq!(g.rows(), 2);
    }
}
