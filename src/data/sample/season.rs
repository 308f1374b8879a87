//! The seasonal shift planted in the streaming sample, for the drift comparison to find: in
//! summer (1 June – 31 August 2026) horror changes audience — its fans turn to other things, and
//! the few who still pick a horror title then are viewers of every taste (the summer ghost-story
//! specials), not horror fans.
//!
//! In the latent-factor model this is one move: during the summer every horror title loses its
//! genre's part of its latent vector (v − c_horror: only its own quirks are left), so a viewer's
//! affinity for it no longer depends on liking horror. Each viewer's summer views are drawn
//! again from that summer model (Gumbel-top-k over all titles except those they watched outside
//! the summer, the same score as the rest of the year: 2·uᵀv/√d + popularity); their times
//! stay. The draws come from their own seeded stream, so the views outside the summer are
//! exactly those of the model without the shift.
//!
//! Why this shift and not "another genre's fans take horror up": that one moves the other genre
//! as much as horror (its fans' summer views are split between the two), so the drift
//! comparison could not tell which genre was planted; popularity boosts were tried too and blur
//! the alignment (measured with a NumPy copy of the generator and of ALS, 32 factors).

use super::Gen;
use super::top_k;

/// Seed offset of the season stream (xor-ed with the sample's seed).
const SEASON_SALT: u64 = 0x7365_6173_6f6e; // "season"

/// The genre whose audience changes in summer (the `genre` value in `items.csv`).
pub const PLANTED_GENRE: &str = "horror";
/// First and last day of the summer, as `YYYY-MM-DD` (both included).
pub const SUMMER: (&str, &str) = ("2026-06-01", "2026-08-31");

/// Days from 2026-01-01 to the first day of summer (June 1) and to the day after it (Sept 1).
const SUMMER_DAYS: (i64, i64) = (151, 243);
const DAY: i64 = 86_400;

/// The summer model: the seeded stream and every title's summer latent vector.
pub(super) struct Season<const D: usize> {
    g: Gen,
    vectors: Vec<[f64; D]>,
    start: i64,
}

impl<const D: usize> Season<D> {
    /// The summer model of `items` (latent vectors, genre index per item) for a sample
    /// starting at `start` (Unix seconds); `planted` is the planted genre's index.
    pub(super) fn new(
        seed: u64,
        items: &[[f64; D]],
        genre_of: &[usize],
        centres: &[[f64; D]],
        planted: usize,
        start: i64,
    ) -> Self {
        let vectors = items
            .iter()
            .zip(genre_of)
            .map(|(v, &k)| {
                if k == planted {
                    std::array::from_fn(|j| v[j] - centres[planted][j])
                } else {
                    *v
                }
            })
            .collect();
        Self {
            g: Gen::new(seed ^ SEASON_SALT),
            vectors,
            start,
        }
    }

    /// Whether a timestamp is in the summer.
    fn in_summer(&self, t: i64) -> bool {
        (self.start + SUMMER_DAYS.0 * DAY..self.start + SUMMER_DAYS.1 * DAY).contains(&t)
    }

    /// Redraw one viewer's summer rows `(time, item, rating)` from the summer model: `taste`
    /// is their latent vector, `scale` the score's 2/√d, `mean` their mean affinity over the
    /// year-round picks (ratings are centred on it as elsewhere).
    pub(super) fn redraw(
        &mut self,
        rows: &mut [(i64, usize, u8)],
        taste: &[f64; D],
        popularity: &[f64],
        scale: f64,
        mean: f64,
    ) {
        let summer: Vec<usize> = (0..rows.len())
            .filter(|&r| self.in_summer(rows[r].0))
            .collect();
        if summer.is_empty() {
            return;
        }
        let mut taken = vec![false; self.vectors.len()];
        for (r, row) in rows.iter().enumerate() {
            if !summer.contains(&r) {
                taken[row.1] = true;
            }
        }
        let affinity: Vec<f64> = self
            .vectors
            .iter()
            .map(|v| scale * v.iter().zip(taste).map(|(a, b)| a * b).sum::<f64>())
            .collect();
        let scores: Vec<f64> = affinity
            .iter()
            .zip(popularity)
            .zip(&taken)
            .map(|((a, p), &t)| {
                let gumbel = self.g.gumbel();
                if t { f64::NEG_INFINITY } else { a + p + gumbel }
            })
            .collect();
        let chosen = top_k(&scores, summer.len());
        for (&r, &i) in summer.iter().zip(&chosen) {
            let rating = (3.4 + 0.8 * (affinity[i] - mean) + 0.7 * self.g.normal())
                .round()
                .clamp(1.0, 5.0) as u8;
            rows[r].1 = i;
            rows[r].2 = rating;
        }
    }
}
