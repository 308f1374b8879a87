//! One setting of the trade-off: index the item vectors of a fitted ALS model one way, answer
//! every evaluated user's top-k one query at a time (timed per query), and score the lists.

use std::time::Instant;

use ndarray::{Array2, ArrayView1, ArrayView2};
use rayon::prelude::*;

use super::IndexKind;
use crate::embed::als::AlsModel;
use crate::eval::data::EvalSet;
use crate::eval::metrics;
use crate::index::hnsw::{HnswIndex, HnswParams};
use crate::index::knn::KnnMetric;
use crate::pipeline::error::{PipelineError, Result};
use crate::pipeline::progress::{Progress, Stage};
use crate::recommend::top_k_excluding;

/// Queries between cancel checks.
const CANCEL_EVERY: usize = 128;

/// What one setting measured.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Measured {
    /// Seconds to build the index.
    pub build_s: f64,
    /// Bytes the index holds.
    pub index_bytes: usize,
    /// Bytes the index allocated.
    pub allocated_bytes: usize,
    /// Median query latency, µs.
    pub latency_us_p50: f64,
    /// 95th percentile query latency, µs.
    pub latency_us_p95: f64,
    /// Mean Recall@k.
    pub recall: f64,
    /// Mean nDCG@k.
    pub ndcg: f64,
    /// Share of the exact lists returned (1 for exact).
    pub exact_agreement: f64,
    /// Every evaluated user's list, in `users` order.
    pub lists: Vec<Vec<u32>>,
}

/// An index's answers to every user, with what building and querying it cost.
struct Answers {
    build_s: f64,
    index_bytes: usize,
    allocated_bytes: usize,
    lists: Vec<Vec<u32>>,
    latencies_us: Vec<f64>,
}

/// The fitted model and the split one dimension's settings share.
pub(super) struct Context<'a> {
    pub set: &'a EvalSet,
    pub users: &'a [u32],
    pub model: &'a AlsModel,
    pub k: usize,
    pub hnsw: HnswParams,
    /// Timings per query (the fastest is kept); at least 1.
    pub repeats: usize,
    pub progress: &'a Progress,
}

fn shape_error(e: &ndarray::ShapeError) -> PipelineError {
    PipelineError::Numerical {
        stage: "index",
        reason: format!("item factors do not form a matrix: {e}"),
    }
}

impl Context<'_> {
    fn items_view(&self) -> Result<ArrayView2<'_, f32>> {
        ArrayView2::from_shape(
            (self.set.items(), self.model.factors),
            &self.model.item_factors,
        )
        .map_err(|e| shape_error(&e))
    }

    /// The exact top-k unseen items of every evaluated user (untimed, in parallel): the
    /// reference an approximate index is compared with when exact itself is not measured.
    pub fn exact_lists(&self) -> Result<Vec<Vec<u32>>> {
        let items = self.items_view()?;
        Ok(self
            .users
            .par_iter()
            .map(|&u| {
                let scores = items.dot(&ArrayView1::from(self.model.user(u as usize)));
                let scores = scores.to_vec();
                top_k_excluding(&scores, &self.set.train[u as usize], self.k)
            })
            .collect())
    }

    /// Build `kind` over the item vectors and answer every user, one query at a time.
    /// `reference` = the exact lists (`None` when `kind` is exact: it is its own reference).
    pub fn measure(&self, kind: IndexKind, reference: Option<&[Vec<u32>]>) -> Result<Measured> {
        let Answers {
            build_s,
            index_bytes,
            allocated_bytes,
            lists,
            latencies_us: latencies,
        } = match kind {
            IndexKind::Exact => self.run_exact()?,
            IndexKind::Hnsw => self.run_hnsw()?,
        };
        let n = self.users.len().max(1) as f64;
        let (mut recall, mut ndcg) = (0.0, 0.0);
        for (&u, list) in self.users.iter().zip(&lists) {
            let relevant = self.set.test[u as usize].as_slice();
            recall += metrics::recall_at_k(list, relevant, self.k);
            ndcg += metrics::ndcg_at_k(list, relevant, self.k);
        }
        Ok(Measured {
            build_s,
            index_bytes,
            allocated_bytes,
            latency_us_p50: quantile_nearest_rank(&latencies, 0.50),
            latency_us_p95: quantile_nearest_rank(&latencies, 0.95),
            recall: recall / n,
            ndcg: ndcg / n,
            exact_agreement: reference.map_or(1.0, |r| agreement(r, &lists)),
            lists,
        })
    }

    /// Exact: the index is the item matrix itself (copied into a contiguous row-major array);
    /// a query is one matrix–vector product and a top-k of the unseen items.
    fn run_exact(&self) -> Result<Answers> {
        let start = Instant::now();
        let items = Array2::from_shape_vec(
            (self.set.items(), self.model.factors),
            self.model.item_factors.clone(),
        )
        .map_err(|e| shape_error(&e))?;
        let build_s = start.elapsed().as_secs_f64();
        let bytes = items.len() * size_of::<f32>();
        let allocated_bytes = bytes;
        let (lists, latencies) = self.answer_all(|u| {
            let scores = items.dot(&ArrayView1::from(self.model.user(u as usize)));
            let seen = &self.set.train[u as usize];
            Ok(match scores.as_slice() {
                Some(s) => top_k_excluding(s, seen, self.k),
                None => top_k_excluding(&scores.to_vec(), seen, self.k),
            })
        })?;
        Ok(Answers {
            build_s,
            index_bytes: bytes,
            allocated_bytes,
            lists,
            latencies_us: latencies,
        })
    }

    /// HNSW under inner product. A query asks for k + |seen| neighbours, so that k unseen ones
    /// remain even when every seen item ranks first, then drops the seen ones.
    fn run_hnsw(&self) -> Result<Answers> {
        let items = self.items_view()?;
        let start = Instant::now();
        let index = HnswIndex::build(items, KnnMetric::Dot, self.hnsw, self.progress)?;
        let build_s = start.elapsed().as_secs_f64();
        let (bytes, allocated_bytes) = (index.stored_bytes(), index.memory_bytes());
        let (lists, latencies) = self.answer_all(|u| {
            let seen = &self.set.train[u as usize];
            let hits = index.search(self.model.user(u as usize), self.k + seen.len())?;
            Ok(hits
                .iter()
                .map(|h| h.row)
                .filter(|r| seen.binary_search(r).is_err())
                .take(self.k)
                .collect())
        })?;
        Ok(Answers {
            build_s,
            index_bytes: bytes,
            allocated_bytes,
            lists,
            latencies_us: latencies,
        })
    }

    /// Every user's list from `query`, each query timed alone `repeats` times with the fastest
    /// kept (a query the scheduler interrupted on a busy machine is timed again), in µs.
    fn answer_all(
        &self,
        query: impl Fn(u32) -> Result<Vec<u32>>,
    ) -> Result<(Vec<Vec<u32>>, Vec<f64>)> {
        let mut lists = Vec::with_capacity(self.users.len());
        let mut latencies = Vec::with_capacity(self.users.len());
        for (i, &u) in self.users.iter().enumerate() {
            if i.is_multiple_of(CANCEL_EVERY) {
                self.progress
                    .step(Stage::Index, i as u64, self.users.len() as u64)?;
            }
            let start = Instant::now();
            let list = query(u)?;
            let mut best = start.elapsed().as_secs_f64();
            for _ in 1..self.repeats {
                let start = Instant::now();
                let again = query(u)?;
                best = best.min(start.elapsed().as_secs_f64());
                std::hint::black_box(again);
            }
            latencies.push(best * 1e6);
            lists.push(list);
        }
        Ok((lists, latencies))
    }
}

/// Share of the reference lists' items that `lists` also contain (1 when the reference lists
/// are all empty).
fn agreement(reference: &[Vec<u32>], lists: &[Vec<u32>]) -> f64 {
    let (mut found, mut total) = (0usize, 0usize);
    for (r, l) in reference.iter().zip(lists) {
        total += r.len();
        found += r.iter().filter(|i| l.contains(i)).count();
    }
    if total == 0 {
        1.0
    } else {
        found as f64 / total as f64
    }
}

/// The q-quantile by the nearest-rank method: the ⌈q·n⌉-th smallest value (0 for no values).
#[must_use]
pub(super) fn quantile_nearest_rank(values: &[f64], q: f64) -> f64 {
    if values.is_empty() {
        return 0.0;
    }
    let mut sorted = values.to_vec();
    sorted.sort_unstable_by(f64::total_cmp);
    let rank = (q * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_rank_quantiles_are_hand_checkable() {
        let v = [5.0, 1.0, 4.0, 2.0, 3.0];
        // ⌈0.5·5⌉ = 3rd smallest; ⌈0.95·5⌉ = 5th.
        assert!((quantile_nearest_rank(&v, 0.5) - 3.0).abs() < 1e-12);
        assert!((quantile_nearest_rank(&v, 0.95) - 5.0).abs() < 1e-12);
        // Twenty values 1..=20: p95 = the 19th.
        let twenty: Vec<f64> = (1..=20).map(f64::from).collect();
        assert!((quantile_nearest_rank(&twenty, 0.95) - 19.0).abs() < 1e-12);
        assert!(quantile_nearest_rank(&[], 0.5).abs() < 1e-12);
    }

    #[test]
    fn agreement_counts_shared_items() {
        let reference = vec![vec![1, 2], vec![3, 4]];
        let lists = vec![vec![2, 9], vec![4, 3]];
        assert!((agreement(&reference, &lists) - 0.75).abs() < 1e-12);
        assert!((agreement(&[vec![]], &[vec![1]]) - 1.0).abs() < 1e-12);
    }
}
