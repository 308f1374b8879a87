//! Near-duplicate texts: MinHash signatures over character shingles, LSH banding for candidate
//! pairs, exact Jaccard to confirm them.
//!
//! - Shingles: every run of `k` characters of the [normalised](super::normalise) text (a text
//!   shorter than `k` is one shingle), hashed with 64-bit FNV-1a. Characters rather than words, so
//!   Japanese (no spaces) and English are treated alike.
//! - MinHash (Broder 1997, "On the resemblance and containment of documents"): for each of `n`
//!   hash functions, the smallest hash over the shingles. Two signatures agree in a position
//!   with probability equal to the Jaccard similarity of the shingle sets.
//! - LSH banding (Leskovec, Rajaraman & Ullman, *Mining of Massive Datasets*, ch. 3.4): the
//!   signature is cut into `b` bands of `r` rows; texts whose band agrees land in one bucket and
//!   become candidates, with probability 1 − (1 − sʳ)ᵇ at similarity s. [`banding`] picks the
//!   largest `r` that still catches 99% of pairs at the threshold, so few pairs are missed.
//! - Every candidate pair is checked by exact Jaccard; only pairs at or above the threshold are
//!   reported, so there are no false positives.
//!
//! Hand-written (~200 lines) rather than the `gaoya` crate: gaoya 0.2 brings fifteen
//! dependencies (among them a pre-release smallvec 2.0) and does not pin its hash functions,
//! while the audit report must stay the same from build to build.

use std::collections::{HashMap, HashSet};

use rayon::prelude::*;

use super::normalise::normalise;

/// Buckets larger than this are compared star-wise (each member with the first) instead of
/// pairwise, so a thousand identical texts cost a thousand comparisons, not half a million.
const MAX_PAIRWISE_BUCKET: usize = 256;

/// A confirmed near-duplicate pair (`a < b`, text indices).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct NearPair {
    /// The earlier text.
    pub a: u32,
    /// The later text.
    pub b: u32,
    /// Exact Jaccard similarity of their shingle sets.
    pub jaccard: f64,
}

/// Sorted, distinct shingle hashes of the normalised `text` (`k` characters each); empty when
/// the text has no letters or digits.
#[must_use]
pub fn shingles(text: &str, k: usize) -> Vec<u64> {
    let chars: Vec<char> = normalise(text).chars().collect();
    let mut out: Vec<u64> = if chars.is_empty() {
        Vec::new()
    } else if chars.len() <= k {
        vec![fnv1a(&chars)]
    } else {
        chars.windows(k.max(1)).map(fnv1a).collect()
    };
    out.sort_unstable();
    out.dedup();
    out
}

fn fnv1a(chars: &[char]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut buf = [0u8; 4];
    for c in chars {
        for b in c.encode_utf8(&mut buf).bytes() {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
    }
    h
}

/// SplitMix64's finaliser: a good 64-bit mixer, used to derive the MinHash functions.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Exact Jaccard similarity |A ∩ B| / |A ∪ B| of two sorted, distinct sets (1 for two empty sets).
#[must_use]
pub fn jaccard(a: &[u64], b: &[u64]) -> f64 {
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let (mut i, mut j, mut common) = (0, 0, 0usize);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                common += 1;
                i += 1;
                j += 1;
            }
        }
    }
    common as f64 / (a.len() + b.len() - common) as f64
}

/// The MinHash signature of a shingle set under `n` fixed hash functions (`u64::MAX` everywhere
/// for an empty set).
#[must_use]
pub fn signature(shingles: &[u64], n: usize) -> Vec<u64> {
    (0..n as u64)
        .map(|i| {
            let seed = mix(i.wrapping_add(0x9e37_79b9_7f4a_7c15));
            shingles
                .iter()
                .map(|&s| mix(s ^ seed))
                .min()
                .unwrap_or(u64::MAX)
        })
        .collect()
}

/// The Jaccard similarity estimated from two signatures: the share of positions that agree.
#[must_use]
pub fn estimate(a: &[u64], b: &[u64]) -> f64 {
    let n = a.len().min(b.len());
    if n == 0 {
        return 0.0;
    }
    a.iter().zip(b).filter(|(x, y)| x == y).count() as f64 / n as f64
}

/// Bands and rows per band for `hashes` signature positions: the largest `r` for which a pair
/// at similarity `threshold` becomes a candidate with probability ≥ 0.99.
#[must_use]
pub fn banding(hashes: usize, threshold: f64) -> (usize, usize) {
    for r in (1..=hashes).rev() {
        let b = hashes / r;
        let p = 1.0 - (1.0 - threshold.powi(r as i32)).powi(b as i32);
        if p >= 0.99 {
            return (b, r);
        }
    }
    (hashes, 1)
}

/// Pairs of `texts` whose shingle sets have Jaccard ≥ `threshold`, sorted by `(a, b)`. Texts
/// without letters or digits are never paired.
#[must_use]
pub fn near_duplicates(texts: &[&str], threshold: f64, k: usize, hashes: usize) -> Vec<NearPair> {
    let sets: Vec<Vec<u64>> = texts.par_iter().map(|t| shingles(t, k)).collect();
    let sigs: Vec<Vec<u64>> = sets.par_iter().map(|s| signature(s, hashes)).collect();
    let (bands, rows) = banding(hashes, threshold);
    let mut candidates: HashSet<(u32, u32)> = HashSet::new();
    for band in 0..bands {
        let mut buckets: HashMap<u64, Vec<u32>> = HashMap::new();
        for (i, sig) in sigs.iter().enumerate() {
            if sets[i].is_empty() {
                continue;
            }
            let part = &sig[band * rows..(band + 1) * rows];
            let key = part
                .iter()
                .fold(0xcbf2_9ce4_8422_2325_u64, |h, &v| mix(h ^ v));
            buckets.entry(key).or_default().push(i as u32);
        }
        for members in buckets.values().filter(|m| m.len() > 1) {
            if members.len() > MAX_PAIRWISE_BUCKET {
                candidates.extend(members[1..].iter().map(|&m| (members[0], m)));
            } else {
                for (x, &a) in members.iter().enumerate() {
                    candidates.extend(members[x + 1..].iter().map(|&b| (a, b)));
                }
            }
        }
    }
    let mut candidates: Vec<(u32, u32)> = candidates.into_iter().collect();
    candidates.sort_unstable();
    candidates
        .into_par_iter()
        .filter_map(|(a, b)| {
            let j = jaccard(&sets[a as usize], &sets[b as usize]);
            (j >= threshold - 1e-12).then_some(NearPair { a, b, jaccard: j })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_jaccard_by_hand() {
        assert!((jaccard(&[1, 2, 3], &[2, 3, 4]) - 0.5).abs() < 1e-12);
        assert!((jaccard(&[1], &[2]) - 0.0).abs() < 1e-12);
        assert!((jaccard(&[], &[]) - 1.0).abs() < 1e-12);
        // "abcdef" in 3-shingles: abc bcd cde def; "abcdxf": abc bcd cdx dxf → 2 of 6.
        let j = jaccard(&shingles("abcdef", 3), &shingles("abcdxf", 3));
        assert!((j - 2.0 / 6.0).abs() < 1e-12, "{j}");
        // Normalisation first: case, width and punctuation do not count.
        assert_eq!(
            shingles("Ｈｅｌｌｏ, World!", 3),
            shingles("hello world", 3)
        );
        assert_eq!(shingles("ab", 5).len(), 1);
        assert!(shingles("?!", 5).is_empty());
    }

    #[test]
    fn minhash_estimate_tracks_exact_jaccard() {
        // Sets with known overlap: A = 0..300, B = 100..400 → J = 200/400 = 0.5;
        // C = 0..270 ∪ 1000..1030 vs A → J = 270/330 ≈ 0.818.
        let a: Vec<u64> = (0..300).collect();
        let b: Vec<u64> = (100..400).collect();
        let c: Vec<u64> = (0..270).chain(1000..1030).collect();
        for (x, y, want) in [(&a, &b, 0.5), (&a, &c, 270.0 / 330.0), (&a, &a, 1.0)] {
            assert!((jaccard(x, y) - want).abs() < 1e-12);
            let est = estimate(&signature(x, 512), &signature(y, 512));
            // Standard error sqrt(J(1−J)/512) ≤ 0.023: allow about four of them.
            assert!((est - want).abs() < 0.09, "estimate {est} vs exact {want}");
        }
    }

    #[test]
    fn banding_catches_the_threshold() {
        assert_eq!(banding(128, 0.8), (21, 6));
        let (b, r) = banding(128, 0.5);
        assert!(1.0 - (1.0 - 0.5_f64.powi(r as i32)).powi(b as i32) >= 0.99);
        assert_eq!(banding(4, 0.01), (4, 1));
    }

    #[test]
    fn finds_the_near_duplicate_and_only_it() {
        let texts = [
            "A quiet drama about a lighthouse keeper and the letters she never sent.",
            "A loud comedy about two chefs who open a ramen shop by the sea.",
            "A quiet drama about a lighthouse keeper and the letters she never sent!!",
            "A quiet drama about a lighthouse keeper and the letter she never sent.",
            "",
            "",
        ];
        let pairs = near_duplicates(&texts, 0.8, 5, 128);
        let got: Vec<(u32, u32)> = pairs.iter().map(|p| (p.a, p.b)).collect();
        assert_eq!(got, [(0, 2), (0, 3), (2, 3)]);
        assert!(
            (pairs[0].jaccard - 1.0).abs() < 1e-12,
            "punctuation is ignored"
        );
        assert!(pairs[1].jaccard > 0.8 && pairs[1].jaccard < 1.0);
        // A stricter threshold keeps only the identical pair.
        let strict = near_duplicates(&texts, 1.0, 5, 128);
        assert_eq!(strict.len(), 1);
    }

    #[test]
    fn many_identical_texts_are_linked_without_quadratic_pairs() {
        let texts = vec!["same words here"; 600];
        let pairs = near_duplicates(&texts, 0.9, 5, 64);
        assert_eq!(pairs.len(), 599, "each copy paired with the first");
        assert!(pairs.iter().all(|p| p.a == 0));
    }
}
