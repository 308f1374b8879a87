//! Building the graph: each node gets a random top level (`⌊−ln U · 1/ln M⌋`), then is inserted
//! level by level (Malkov & Yashunin 2018, algorithm 1): a beam search with `ef_construction`
//! finds candidates, the neighbour-selection heuristic (their algorithm 4, hnswlib's
//! `getNeighborsByHeuristic2`) keeps up to `M` that are not closer to an already kept neighbour
//! than to the new node, and each kept neighbour links back, re-pruning its own list with the
//! same heuristic when it is full (hnswlib's `mutuallyConnectNewElement`).
//!
//! Insertion runs in parallel (rayon, chunks of rows) above a few thousand rows. Each node's list is written under that
//! node's lock, never two at once; the entry point is guarded by one more lock that an insertion
//! holds throughout only when it raises the top level (rare: ≈ log_M n times).

use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::sync::{Mutex, MutexGuard, PoisonError};

use multiversion::multiversion;
use rayon::prelude::*;

use super::graph::{Cand, Entry, Graph, Scratch, with_scratch};
use super::store::{Space, Store};
use crate::error::Result;
use crate::progress::{Progress, Stage};
use crate::rng::Gen;

/// Rows per parallel task and progress step.
const CHUNK: usize = 1024;
/// Graphs up to this many nodes are built on one thread, in row order: the same graph every
/// time (parallel insertion order varies from run to run), and small data build in well
/// under a second anyway.
const SERIAL_UP_TO: usize = 4096;
/// No node is put above this level (2^-15·ln… never reached at sensible M).
const MAX_LEVEL: u8 = 15;

fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Random top levels for `n` nodes (seeded).
fn levels(n: usize, m: usize, seed: u64) -> Vec<u8> {
    let ml = 1.0 / (m.max(2) as f64).ln();
    let mut rng = Gen::new(seed);
    (0..n)
        .map(|_| {
            let u = 1.0 - rng.u01();
            let level = (-u.ln() * ml).floor();
            if level >= f64::from(MAX_LEVEL) {
                MAX_LEVEL
            } else {
                level as u8
            }
        })
        .collect()
}

/// A graph over every row of `store`, and its entry point.
///
/// # Errors
/// `Cancelled` through `progress`.
pub(super) fn build<S: Store>(
    store: S,
    space: Space,
    m: usize,
    ef_construction: usize,
    seed: u64,
    progress: &Progress,
) -> Result<(Graph<S>, Entry)> {
    let n = store.len();
    let graph = Graph::new(store, space, m.max(2), levels(n, m, seed));
    let entry = Mutex::new(Entry {
        node: 0,
        level: graph.levels.first().copied().unwrap_or(0),
    });
    let builder = Builder {
        graph: &graph,
        locks: std::iter::repeat_with(|| Mutex::new(())).take(n).collect(),
        entry: &entry,
        ef: ef_construction.max(1),
    };
    let done = AtomicU64::new(1);
    let starts: Vec<usize> = (1..n).step_by(CHUNK).collect();
    let insert_chunk = |&start: &usize| -> Result<()> {
        let end = (start + CHUNK).min(n);
        with_scratch(|s| {
            let mut q = Vec::with_capacity(builder.graph.store.dim());
            for node in start..end {
                builder.insert(node as u32, &mut q, s);
            }
        });
        let so_far = done.fetch_add((end - start) as u64, Relaxed) + (end - start) as u64;
        progress.step(Stage::Index, so_far, n as u64)
    };
    if n <= SERIAL_UP_TO {
        starts.iter().try_for_each(insert_chunk)?;
    } else {
        starts.par_iter().try_for_each(insert_chunk)?;
    }
    let entry = *lock(&entry);
    Ok((graph, entry))
}

struct Builder<'a, S> {
    graph: &'a Graph<S>,
    locks: Vec<Mutex<()>>,
    entry: &'a Mutex<Entry>,
    ef: usize,
}

impl<S: Store> Builder<'_, S> {
    fn insert(&self, node: u32, q: &mut Vec<f32>, s: &mut Scratch) {
        let g = self.graph;
        let level = g.levels[node as usize];
        g.store.row_into(node, q);
        let guard = lock(self.entry);
        let top = *guard;
        // Raising the top level: keep the entry locked until this node is linked in.
        let held = (level > top.level).then_some(guard);
        let mut cur = Cand {
            d: g.dist(q, top.node),
            id: top.node,
        };
        for l in (level + 1..=top.level).rev() {
            cur = g.greedy(q, cur, l);
        }
        for l in (0..=level.min(top.level)).rev() {
            g.search_layer(q, cur, self.ef, l, s);
            s.found.retain(|c| c.id != node);
            let chosen = select(g, &s.found, g.m);
            {
                let _own = lock(&self.locks[node as usize]);
                write(g, node, l, &chosen);
            }
            for c in &chosen {
                self.link_back(c.id, node, l);
            }
            if let Some(&nearest) = chosen.first() {
                cur = nearest;
            }
        }
        if let Some(mut guard) = held {
            *guard = Entry { node, level };
        }
    }

    /// Add `new` to the list of `node` on `level`, re-pruning a full list.
    fn link_back(&self, node: u32, new: u32, level: u8) {
        let g = self.graph;
        let max = if level == 0 { g.m0 } else { g.m };
        let _guard = lock(&self.locks[node as usize]);
        let mut current = Vec::with_capacity(max + 1);
        g.for_each_link(node, level, |n| current.push(n));
        if current.contains(&new) {
            return;
        }
        if current.len() < max {
            let slots = g.slots(node, level);
            slots[current.len() + 1].store(new, Relaxed);
            slots[0].store((current.len() + 1) as u32, Relaxed);
            return;
        }
        current.push(new);
        let mut cands = distances_from(g, node, &current);
        cands.sort_unstable();
        let kept = select(g, &cands, max);
        write(g, node, level, &kept);
    }
}

/// Store `list` as the links of `node` on `level` (the caller holds the node's lock).
fn write<S: Store>(g: &Graph<S>, node: u32, level: u8, list: &[Cand]) {
    let slots = g.slots(node, level);
    let n = list.len().min(slots.len() - 1);
    for (slot, c) in slots[1..=n].iter().zip(list) {
        slot.store(c.id, Relaxed);
    }
    slots[0].store(n as u32, Relaxed);
}

/// The distances from `node` to each of `ids` (compiled for the x86-64 baseline and for
/// AVX2 + FMA, picked at run time: see `index::metric`).
#[multiversion(targets("x86_64+avx2+fma"))]
fn distances_from<S: Store>(g: &Graph<S>, node: u32, ids: &[u32]) -> Vec<Cand> {
    ids.iter()
        .map(|&id| Cand {
            d: g.store.between(g.space, node, id),
            id,
        })
        .collect()
}

/// The neighbour-selection heuristic: walk the candidates nearest first and keep one only if it
/// is nearer to the new node than to every neighbour already kept (so links spread out in
/// different directions instead of all pointing into one cluster), up to `m`. Fewer than `m`
/// candidates are all kept. Compiled for the baseline and for AVX2 + FMA, like [`distances_from`].
#[multiversion(targets("x86_64+avx2+fma"))]
fn select<S: Store>(g: &Graph<S>, sorted: &[Cand], m: usize) -> Vec<Cand> {
    if sorted.len() < m {
        return sorted.to_vec();
    }
    let mut kept: Vec<Cand> = Vec::with_capacity(m);
    for &c in sorted {
        if kept.len() >= m {
            break;
        }
        if kept
            .iter()
            .all(|k| g.store.between(g.space, k.id, c.id) >= c.d)
        {
            kept.push(c);
        }
    }
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_follow_the_geometric_law() {
        let l = levels(100_000, 16, 1);
        let above = |k: u8| l.iter().filter(|&&x| x >= k).count() as f64 / l.len() as f64;
        // P(level ≥ k) = M^-k.
        assert!((above(1) - 1.0 / 16.0).abs() < 0.005, "{}", above(1));
        assert!((above(2) - 1.0 / 256.0).abs() < 0.001, "{}", above(2));
        assert_eq!(levels(10, 16, 3), levels(10, 16, 3));
    }
}
