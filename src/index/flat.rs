//! Exact top-k search by a full scan (brute force), for Euclidean distance and cosine similarity.
//!
//! Rows are L2-normalised once at build time, so a cosine query is one dot product per row.
//! Results are sorted best first with ties broken by lower row index, so output is stable.
//! Rows that are zero vectors have no direction and are left out of cosine results.

use ndarray::{Array2, ArrayView1, ArrayView2, Axis};

use super::QueryError;
use super::metric::{Metric, ZERO_NORM, dot, squared_euclidean};

/// One neighbour: row index and its distance (Euclidean) or similarity (cosine).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    /// Row in the indexed matrix.
    pub row: u32,
    /// Euclidean distance, or cosine similarity.
    pub value: f32,
}

/// An exact index over the rows of a matrix.
#[derive(Debug, Clone)]
pub struct FlatIndex {
    data: Array2<f32>,
    unit: Array2<f32>,
    norms: Vec<f32>,
}

impl FlatIndex {
    /// Index the rows of `data` (copied; normalised copies made for cosine).
    #[must_use]
    pub fn build(data: Array2<f32>) -> Self {
        let norms: Vec<f32> = data.axis_iter(Axis(0)).map(|r| r.dot(&r).sqrt()).collect();
        let mut unit = data.clone();
        for (mut row, &n) in unit.axis_iter_mut(Axis(0)).zip(&norms) {
            if n > ZERO_NORM {
                row /= n;
            } else {
                row.fill(0.0);
            }
        }
        Self { data, unit, norms }
    }

    /// Number of rows.
    #[must_use]
    pub fn len(&self) -> usize {
        self.data.nrows()
    }

    /// True when empty.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.data.nrows() == 0
    }

    /// Vector dimension.
    #[must_use]
    pub fn dim(&self) -> usize {
        self.data.ncols()
    }

    /// All stored rows.
    #[must_use]
    pub fn data(&self) -> ArrayView2<'_, f32> {
        self.data.view()
    }

    /// A stored row.
    #[must_use]
    pub fn row(&self, row: usize) -> ArrayView1<'_, f32> {
        self.data.row(row)
    }

    /// The L2 norm of a stored row.
    #[must_use]
    pub fn norm(&self, row: usize) -> f32 {
        self.norms.get(row).copied().unwrap_or(0.0)
    }

    /// The `k` best rows for `query` among those `accept` admits (k larger than the data
    /// returns everything admitted).
    ///
    /// # Errors
    /// Wrong dimension; a zero query under cosine.
    pub fn search(
        &self,
        query: &[f32],
        k: usize,
        metric: Metric,
        accept: impl Fn(usize) -> bool,
    ) -> Result<Vec<Hit>, QueryError> {
        if query.len() != self.dim() {
            return Err(QueryError::DimensionMismatch {
                expected: self.dim(),
                found: query.len(),
            });
        }
        // Score so that smaller is better: squared distance, or negated similarity.
        let mut scored: Vec<(f32, u32)> = match metric {
            Metric::Euclidean => (0..self.len())
                .filter(|&r| accept(r))
                .filter_map(|r| {
                    let row = self.data.row(r);
                    row.as_slice()
                        .map(|s| (squared_euclidean(s, query), r as u32))
                })
                .collect(),
            Metric::Cosine => {
                let qn = query.iter().map(|v| v * v).sum::<f32>().sqrt();
                if qn <= ZERO_NORM {
                    return Err(QueryError::ZeroVector);
                }
                let q: Vec<f32> = query.iter().map(|v| v / qn).collect();
                (0..self.len())
                    .filter(|&r| accept(r) && self.norms[r] > ZERO_NORM)
                    .filter_map(|r| self.unit.row(r).as_slice().map(|s| (-dot(s, &q), r as u32)))
                    .collect()
            }
        };
        let by_score = |a: &(f32, u32), b: &(f32, u32)| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1));
        let k = k.min(scored.len());
        if k == 0 {
            return Ok(Vec::new());
        }
        if k < scored.len() {
            scored.select_nth_unstable_by(k - 1, by_score);
            scored.truncate(k);
        }
        scored.sort_unstable_by(by_score);
        Ok(scored
            .into_iter()
            .map(|(s, row)| Hit {
                row,
                value: if metric == Metric::Euclidean {
                    s.max(0.0).sqrt()
                } else {
                    (-s).clamp(-1.0, 1.0)
                },
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ndarray::array;

    fn five() -> FlatIndex {
        // A 5-point set with hand-checkable answers.
        FlatIndex::build(array![
            [0.0, 0.0],
            [1.0, 0.0],
            [0.0, 2.0],
            [3.0, 3.0],
            [-1.0, 0.0]
        ])
    }

    #[test]
    #[expect(
        clippy::float_cmp,
        reason = "hand-checked values that are exact in binary floating point"
    )]
    fn euclidean_neighbours_of_origin() {
        let hits = five()
            .search(&[0.0, 0.0], 3, Metric::Euclidean, |_| true)
            .unwrap();
        // rows 1 and 4 tie at distance 1: lower row first.
        assert_eq!(hits.iter().map(|h| h.row).collect::<Vec<_>>(), [0, 1, 4]);
        assert_eq!(hits[1].value, 1.0);
    }

    #[test]
    fn cosine_skips_zero_rows_and_ranks_by_angle() {
        let hits = five()
            .search(&[2.0, 2.0], 10, Metric::Cosine, |_| true)
            .unwrap();
        assert_eq!(hits.iter().map(|h| h.row).collect::<Vec<_>>(), [3, 1, 2, 4]);
        assert!((hits[0].value - 1.0).abs() < 1e-6);
        assert!((hits[1].value - std::f32::consts::FRAC_1_SQRT_2).abs() < 1e-6);
        assert!((hits[3].value + std::f32::consts::FRAC_1_SQRT_2).abs() < 1e-6);
    }

    #[test]
    fn zero_query_under_cosine_is_an_error_not_nan() {
        assert_eq!(
            five().search(&[0.0, 0.0], 3, Metric::Cosine, |_| true),
            Err(QueryError::ZeroVector)
        );
    }

    #[test]
    fn k_larger_than_data_and_filters() {
        let idx = five();
        assert_eq!(
            idx.search(&[0.0, 0.0], 50, Metric::Euclidean, |_| true)
                .unwrap()
                .len(),
            5
        );
        let odd = idx
            .search(&[0.0, 0.0], 50, Metric::Euclidean, |r| r % 2 == 1)
            .unwrap();
        assert_eq!(odd.iter().map(|h| h.row).collect::<Vec<_>>(), [1, 3]);
        assert!(idx.search(&[0.0], 1, Metric::Euclidean, |_| true).is_err());
    }
}
