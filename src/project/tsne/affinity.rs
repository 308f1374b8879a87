//! t-SNE's input similarities P, built from the flat k-NN graph in place.
//!
//! As openTSNE's `joint_probabilities_nn` (and van der Maaten's Barnes-Hut t-SNE): each point's
//! conditional probabilities p(j|i) ∝ exp(−β·d²ᵢⱼ) over its k neighbours, β found by bisection
//! so that the row's perplexity is the one asked for; then P = (p(j|i) + p(i|j)) / 2 normalised
//! to sum 1, sparse and symmetric.
//!
//! **Memory.** The graph's own array (8 bytes a neighbour) becomes the first part of P: each
//! row keeps its k neighbours, and the value of a pair listed both ways is the sum of both
//! directions, written in place. The pairs listed one way only (j lists i, i does not list j)
//! need an entry in row i too: those go to a second, compressed part. At 100,000 points × 90
//! neighbours that is 72 MB for the graph turned into P plus about 33 MB, with no copy of the
//! graph at any time (the `bhtsne` crate this replaces took the graph as `&[Vec<Neighbor>]`,
//! 16 bytes a neighbour, and built P next to it: about 360 MB at its peak).

use multiversion::multiversion;
use rayon::prelude::*;

use crate::index::Hit;

/// Symmetric P, stored as the k-NN graph's rows plus the pairs listed one way only.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Affinities {
    /// Neighbours per row in [`Self::own`].
    k: usize,
    /// Row i's k neighbours (by column), with P of each pair.
    own: Vec<Hit>,
    /// Row i's other entries are `extra[starts[i]..starts[i + 1]]`.
    starts: Vec<usize>,
    /// (column, P) of the pairs listed only by the column's row.
    extra: Vec<Hit>,
}

impl Affinities {
    /// P from `hits`: `n` rows of `stride` neighbours (nearest first, the row itself
    /// excluded, Euclidean distances), of which the first `k` are used; `perplexity` ≤ k.
    pub(crate) fn from_graph(mut hits: Vec<Hit>, stride: usize, k: usize, perplexity: f32) -> Self {
        let n = hits.len().checked_div(stride).unwrap_or(0);
        if stride > k {
            for r in 0..n {
                hits.copy_within(r * stride..r * stride + k, r * k);
            }
            hits.truncate(n * k);
        }
        let target = f64::from(perplexity).ln();
        hits.par_chunks_mut(k.max(1))
            .for_each_init(Vec::new, |scratch, row| {
                conditional_row(row, target, scratch);
                row.sort_unstable_by_key(|h| h.row);
            });
        let mut p = Self {
            k,
            own: hits,
            starts: Vec::new(),
            extra: Vec::new(),
        };
        p.symmetrise(n);
        p
    }

    /// Position of `i` in row `j`'s neighbours (rows are sorted by column).
    fn find(&self, j: usize, i: u32) -> Option<usize> {
        let row = self.own.get(j * self.k..(j + 1) * self.k)?;
        row.binary_search_by_key(&i, |h| h.row)
            .ok()
            .map(|m| j * self.k + m)
    }

    /// Conditional P → joint P: sum the pairs listed both ways in place, collect the others
    /// for the rows that do not list them, and scale everything to sum 1.
    fn symmetrise(&mut self, n: usize) {
        let k = self.k;
        let mut one_way = vec![0_usize; n + 1];
        for i in 0..n {
            for e in i * k..(i + 1) * k {
                let j = self.own[e].row as usize;
                match self.find(j, i as u32) {
                    Some(m) if j > i => {
                        let both = self.own[e].value + self.own[m].value;
                        self.own[e].value = both;
                        self.own[m].value = both;
                    }
                    Some(_) => {}
                    None => one_way[j + 1] += 1,
                }
            }
        }
        for i in 0..n {
            one_way[i + 1] += one_way[i];
        }
        let mut cursor = one_way.clone();
        self.extra = vec![Hit { row: 0, value: 0.0 }; one_way[n]];
        for i in 0..n {
            for e in i * k..(i + 1) * k {
                let Hit { row: j, value } = self.own[e];
                if self.find(j as usize, i as u32).is_none() {
                    let slot = &mut cursor[j as usize];
                    self.extra[*slot] = Hit {
                        row: i as u32,
                        value,
                    };
                    *slot += 1;
                }
            }
        }
        self.starts = one_way;
        let total: f64 = self
            .own
            .par_iter()
            .chain(self.extra.par_iter())
            .map(|h| f64::from(h.value))
            .sum();
        if total > 0.0 {
            let scale = (1.0 / total) as f32;
            self.own
                .par_iter_mut()
                .chain(self.extra.par_iter_mut())
                .for_each(|h| h.value *= scale);
        }
    }

    /// Number of rows.
    pub(crate) fn rows(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    /// Row `i`'s entries (column and P): its neighbours, then the pairs only they list.
    pub(crate) fn row(&self, i: usize) -> impl Iterator<Item = &Hit> {
        let own = self.own.get(i * self.k..(i + 1) * self.k).unwrap_or(&[]);
        let extra = match (self.starts.get(i), self.starts.get(i + 1)) {
            (Some(&a), Some(&b)) => &self.extra[a..b],
            _ => &[],
        };
        own.iter().chain(extra)
    }

    /// Stored entries (each pair twice, once per row).
    #[cfg(test)]
    pub(crate) fn entries(&self) -> usize {
        self.own.len() + self.extra.len()
    }
}

/// Distances → p(j|i) of one row, in place, with perplexity e^`target`. Squared distances are
/// taken relative to the nearest (the same probabilities, no underflow when all are far).
///
/// Compiled for the x86-64 baseline and for AVX2 + FMA, picked at run time (`multiversion`, see
/// `index::metric`), although nothing here vectorises: the bisection calls libm's `exp` some
/// 10⁸ times for 10,000 points, and called from the baseline's SSE code each call cost several
/// times what it does from VEX-encoded code on this machine (libm's `exp` was 20 % of a
/// 10,000-point t-SNE in the baseline build, 0.3 % in an x86-64-v3 build, with the same number
/// of calls and the same results). Same operations in the same order in both copies (no fused
/// multiply-adds), so the same bits.
#[multiversion(targets("x86_64+avx2+fma"))]
fn conditional_row(row: &mut [Hit], target: f64, d2: &mut Vec<f64>) {
    d2.clear();
    d2.extend(row.iter().map(|h| {
        let d = f64::from(h.value);
        if (d * d).is_finite() { d * d } else { f64::MAX }
    }));
    let nearest = d2.iter().copied().fold(f64::INFINITY, f64::min);
    for v in d2.iter_mut() {
        *v -= nearest;
    }
    // Bisection on β for the entropy H = ln Σ e^(−βd²) + β·Σ d²e^(−βd²) / Σ e^(−βd²).
    let (mut beta, mut lo, mut hi) = (1.0_f64, 0.0_f64, f64::INFINITY);
    for _ in 0..200 {
        let (mut sum, mut dot) = (0.0, 0.0);
        for &d in d2.iter() {
            let w = (-beta * d).exp();
            sum += w;
            dot += w * d;
        }
        let h = sum.ln() + beta * dot / sum;
        if (h - target).abs() < 1e-5 {
            break;
        }
        if h > target {
            lo = beta;
            beta = if hi.is_finite() {
                f64::midpoint(beta, hi)
            } else {
                beta * 2.0
            };
        } else {
            hi = beta;
            beta = f64::midpoint(beta, lo);
        }
    }
    let sum: f64 = d2.iter().map(|&d| (-beta * d).exp()).sum();
    for (h, &d) in row.iter_mut().zip(d2.iter()) {
        h.value = ((-beta * d).exp() / sum) as f32;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hit(row: u32, value: f32) -> Hit {
        Hit { row, value }
    }

    #[test]
    fn a_row_reaches_its_perplexity() {
        // Distances 1..=9: the entropy of p at the found β is ln 4 (to 1e-5).
        let mut row: Vec<Hit> = (1..=9).map(|d| hit(d, d as f32)).collect();
        conditional_row(&mut row, 4.0_f64.ln(), &mut Vec::new());
        let sum: f32 = row.iter().map(|h| h.value).sum();
        assert!((sum - 1.0).abs() < 1e-6);
        let h: f64 = row
            .iter()
            .map(|h| -f64::from(h.value) * f64::from(h.value).ln())
            .sum();
        assert!((h - 4.0_f64.ln()).abs() < 1e-4, "entropy {h}");
        assert!(row.windows(2).all(|w| w[0].value > w[1].value));
        // Equal distances: uniform, whatever the perplexity.
        let mut flat = vec![hit(0, 2.0), hit(1, 2.0), hit(2, 2.0)];
        conditional_row(&mut flat, 1.5_f64.ln(), &mut Vec::new());
        assert!(flat.iter().all(|h| (h.value - 1.0 / 3.0).abs() < 1e-6));
    }

    #[test]
    fn pairs_listed_one_way_get_an_entry_in_both_rows() {
        // 3 points, k = 1: 0 → 1, 1 → 0 (mutual), 2 → 1 (one way). Each conditional row is
        // [1.0]; P = (p(j|i) + p(i|j)) / 2n before normalising: 0–1: 2, 2–1: 1 (in rows 2 and
        // 1), total 2·2 + 2·1 = 6.
        let hits = vec![hit(1, 1.0), hit(0, 1.0), hit(1, 3.0)];
        let p = Affinities::from_graph(hits, 1, 1, 1.0);
        let row = |i| -> Vec<(u32, f32)> { p.row(i).map(|h| (h.row, h.value)).collect() };
        let close = |got: Vec<(u32, f32)>, want: &[(u32, f32)]| {
            assert_eq!(got.len(), want.len(), "{got:?}");
            for ((c, v), (wc, wv)) in got.iter().zip(want) {
                assert_eq!(c, wc, "{got:?}");
                assert!((v - wv).abs() < 1e-7, "{got:?}");
            }
        };
        assert_eq!(p.rows(), 3);
        close(row(0), &[(1, 2.0 / 6.0)]);
        close(row(1), &[(0, 2.0 / 6.0), (2, 1.0 / 6.0)]);
        close(row(2), &[(1, 1.0 / 6.0)]);
        assert_eq!(p.entries(), 4);
        // A wider graph is cut to its first k columns.
        let wide = vec![
            hit(1, 1.0),
            hit(2, 5.0),
            hit(0, 1.0),
            hit(2, 4.0),
            hit(1, 3.0),
            hit(0, 5.0),
        ];
        assert_eq!(Affinities::from_graph(wide, 2, 1, 1.0), p);
    }
}
