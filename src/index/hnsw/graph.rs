//! The HNSW graph itself: links per node and level in flat arrays, and the two searches every
//! insertion and query are made of — greedy descent through the upper levels and the
//! best-first beam search of one level (Malkov & Yashunin 2018, algorithms 1–2; hnswlib's
//! `searchBaseLayer` with its early stop).
//!
//! Layout, after hnswlib: level 0 is one array of `n × (M0 + 1)` slots (a count, then up to
//! `M0 = 2M` neighbour numbers); the few nodes above level 0 (≈ 1/M of them) have `M + 1` slots
//! per upper level in a second array. Slots are atomics so that parallel insertion can rewrite
//! a node's list (under that node's lock) while other threads read it without one: a reader
//! sees an old or a new neighbour number, both valid nodes. On x86 a relaxed atomic load is an
//! ordinary load, so queries pay nothing for it.

use std::cell::RefCell;
use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;
use std::sync::atomic::{AtomicU32, Ordering::Relaxed};

use multiversion::multiversion;

use super::store::{Space, Store};

/// A node and its distance to the current query.
#[derive(Debug, Clone, Copy)]
pub(super) struct Cand {
    /// Distance (smaller is nearer).
    pub d: f32,
    /// Node number.
    pub id: u32,
}

impl PartialEq for Cand {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Cand {}
impl PartialOrd for Cand {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Cand {
    fn cmp(&self, other: &Self) -> Ordering {
        self.d.total_cmp(&other.d).then(self.id.cmp(&other.id))
    }
}

/// Per-thread working memory of a search: the visited marks (a tag per node, bumped per search
/// so nothing is cleared between searches) and the two heaps.
#[derive(Default)]
pub(super) struct Scratch {
    visited: Vec<u16>,
    tag: u16,
    /// Nodes still to expand, nearest on top.
    cand: BinaryHeap<Reverse<Cand>>,
    /// The best `ef` found so far, farthest on top.
    top: BinaryHeap<Cand>,
    /// Unvisited neighbours of the node being expanded, whose rows are being loaded.
    fresh: Vec<u32>,
    /// The result of the last layer search, nearest first.
    pub found: Vec<Cand>,
}

impl Scratch {
    fn begin(&mut self, nodes: usize) {
        if self.visited.len() < nodes {
            self.visited = vec![0; nodes];
            self.tag = 0;
        }
        self.tag = self.tag.wrapping_add(1);
        if self.tag == 0 {
            self.visited.fill(0);
            self.tag = 1;
        }
        self.cand.clear();
        self.top.clear();
    }

    /// Mark `id` visited; false when it already was.
    #[inline]
    fn visit(&mut self, id: u32) -> bool {
        let slot = &mut self.visited[id as usize];
        if *slot == self.tag {
            false
        } else {
            *slot = self.tag;
            true
        }
    }
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// Run `f` with this thread's search scratch.
pub(super) fn with_scratch<R>(f: impl FnOnce(&mut Scratch) -> R) -> R {
    SCRATCH.with(|s| f(&mut s.borrow_mut()))
}

/// Where searches start: the node on the highest level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Entry {
    /// Node number.
    pub node: u32,
    /// Its level (the graph's top level).
    pub level: u8,
}

/// Nodes, their levels and links, over a vector store.
pub(super) struct Graph<S> {
    pub store: S,
    pub space: Space,
    /// Links per node on upper levels (`M`).
    pub m: usize,
    /// Links per node on level 0 (`2M`).
    pub m0: usize,
    pub levels: Vec<u8>,
    base: Vec<AtomicU32>,
    /// Start of each node's upper-level slots in `upper` (unused for level-0 nodes).
    upper_at: Vec<usize>,
    upper: Vec<AtomicU32>,
}

fn atomics(n: usize) -> Vec<AtomicU32> {
    std::iter::repeat_with(|| AtomicU32::new(0))
        .take(n)
        .collect()
}

impl<S: Store> Graph<S> {
    /// An unlinked graph over `store` whose node `i` lives on levels `0..=levels[i]`.
    pub(super) fn new(store: S, space: Space, m: usize, levels: Vec<u8>) -> Self {
        let m0 = 2 * m;
        let mut upper_at = Vec::with_capacity(levels.len());
        let mut upper_len = 0;
        for &l in &levels {
            upper_at.push(upper_len);
            upper_len += usize::from(l) * (m + 1);
        }
        Self {
            base: atomics(levels.len() * (m0 + 1)),
            upper: atomics(upper_len),
            upper_at,
            levels,
            store,
            space,
            m,
            m0,
        }
    }

    /// Nodes in the graph.
    pub(super) fn len(&self) -> usize {
        self.levels.len()
    }

    /// Bytes of links and level bookkeeping (without the vectors).
    pub(super) fn link_bytes(&self) -> usize {
        (self.base.len() + self.upper.len()) * size_of::<AtomicU32>()
            + self.upper_at.len() * size_of::<usize>()
            + self.levels.len()
    }

    /// The slots of `node` on `level`: a count, then the neighbour numbers.
    #[inline]
    pub(super) fn slots(&self, node: u32, level: u8) -> &[AtomicU32] {
        if level == 0 {
            let start = node as usize * (self.m0 + 1);
            &self.base[start..=start + self.m0]
        } else {
            let start = self.upper_at[node as usize] + (usize::from(level) - 1) * (self.m + 1);
            &self.upper[start..=start + self.m]
        }
    }

    /// Visit the current neighbours of `node` on `level`.
    #[inline]
    pub(super) fn for_each_link(&self, node: u32, level: u8, mut f: impl FnMut(u32)) {
        let slots = self.slots(node, level);
        let count = (slots[0].load(Relaxed) as usize).min(slots.len() - 1);
        for s in &slots[1..=count] {
            f(s.load(Relaxed));
        }
    }

    /// Distance from the query to `node`.
    #[expect(
        clippy::inline_always,
        reason = "inlined into each multiversioned search copy (see index::metric)"
    )]
    #[inline(always)]
    pub(super) fn dist(&self, q: &[f32], node: u32) -> f32 {
        self.store.to_query(self.space, q, node)
    }

    /// Greedy descent on one upper level: move to a nearer neighbour while there is one.
    #[inline]
    pub(super) fn greedy(&self, q: &[f32], cur: Cand, level: u8) -> Cand {
        greedy(self, q, cur, level)
    }

    /// Best-first search of `level` from `start`, keeping the `ef` nearest nodes seen; they
    /// end in `s.found`, nearest first.
    #[inline]
    pub(super) fn search_layer(
        &self,
        q: &[f32],
        start: Cand,
        ef: usize,
        level: u8,
        s: &mut Scratch,
    ) {
        search_layer(self, q, start, ef, level, s);
    }

    /// The `ef` nearest nodes to `q` from `entry` (descending the upper levels greedily), in
    /// `s.found`, nearest first.
    pub(super) fn search(&self, q: &[f32], entry: Entry, ef: usize, s: &mut Scratch) {
        let mut cur = Cand {
            d: self.dist(q, entry.node),
            id: entry.node,
        };
        for level in (1..=entry.level).rev() {
            cur = self.greedy(q, cur, level);
        }
        self.search_layer(q, cur, ef, 0, s);
    }
}

// The two searches as free functions: `multiversion` compiles each twice, for the x86-64
// baseline and for AVX2 + FMA, and picks one at run time (see `index::metric`); the distance
// kernels are inlined into each copy. (It cannot annotate methods.)

/// See [`Graph::greedy`].
#[multiversion(targets("x86_64+avx2+fma"))]
fn greedy<S: Store>(g: &Graph<S>, q: &[f32], mut cur: Cand, level: u8) -> Cand {
    loop {
        let mut moved = false;
        g.for_each_link(cur.id, level, |n| {
            let d = g.dist(q, n);
            if d < cur.d {
                cur = Cand { d, id: n };
                moved = true;
            }
        });
        if !moved {
            return cur;
        }
    }
}

/// See [`Graph::search_layer`].
#[multiversion(targets("x86_64+avx2+fma"))]
fn search_layer<S: Store>(
    g: &Graph<S>,
    q: &[f32],
    start: Cand,
    ef: usize,
    level: u8,
    s: &mut Scratch,
) {
    s.begin(g.len());
    s.visit(start.id);
    s.top.push(start);
    s.cand.push(Reverse(start));
    let mut bound = start.d;
    while let Some(Reverse(c)) = s.cand.pop() {
        if c.d > bound && s.top.len() >= ef {
            break;
        }
        // Two passes, unlike hnswlib's one: first mark the unvisited neighbours and start
        // loading all their rows, then score them. The loads overlap each other instead of
        // one row being fetched while the previous one is scored.
        s.fresh.clear();
        g.for_each_link(c.id, level, |n| {
            if s.visit(n) {
                g.store.prefetch(n);
                s.fresh.push(n);
            }
        });
        for &n in &s.fresh {
            let d = g.dist(q, n);
            if s.top.len() < ef || d < bound {
                s.cand.push(Reverse(Cand { d, id: n }));
                s.top.push(Cand { d, id: n });
                if s.top.len() > ef {
                    s.top.pop();
                }
                if let Some(far) = s.top.peek() {
                    bound = far.d;
                }
            }
        }
    }
    s.found.clear();
    s.found.extend(s.top.drain());
    s.found.sort_unstable();
}
