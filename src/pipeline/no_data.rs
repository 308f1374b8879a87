//! Which map points have no data behind them: an item nobody interacted with under a
//! collaborative method (ALS, item2vec), or any vector far shorter than the typical one.
//!
//! Such a vector is what the optimiser left where nothing pulled it: ALS shrinks a never-rated
//! item to almost zero, and two of those then show a cosine of 0.99 with each other — a number
//! with nothing measured behind it. These points are kept on the map but left out of neighbour
//! lists (with a count), and their own cosine list is undefined, as a zero vector's is.
//!
//! The norm rule: a row shorter than [`NO_DATA_NORM_RATIO`] × the median row norm. Feature
//! vectors are exempt: there the origin is the mean item, a real position (an exact zero still
//! has no cosine).

use crate::data::stats::InteractionStats;
use crate::embed::{Embeddings, Method};
use crate::index::metric::norm;

/// A row shorter than this share of the median row norm has no data behind it. 1e-3: ALS gives
/// never-rated items norms ~1e-6 of the median (regularisation pulls them to zero), while a rated
/// item with a single interaction stays above ~1e-2 of it on the bundled samples.
pub const NO_DATA_NORM_RATIO: f32 = 1e-3;

/// The median of `v` (0 when empty); `v` is reordered.
fn median(v: &mut [f32]) -> f32 {
    if v.is_empty() {
        return 0.0;
    }
    let mid = v.len() / 2;
    let (_, m, _) = v.select_nth_unstable_by(mid, f32::total_cmp);
    *m
}

/// One flag per map point (the items, then the users `user_rows`): true = no data behind it.
#[must_use]
pub fn no_data_mask(
    embeddings: &Embeddings,
    user_rows: &[usize],
    stats: &InteractionStats,
) -> Vec<bool> {
    let items = embeddings.items.nrows();
    let norms: Vec<f32> = embeddings
        .items
        .rows()
        .into_iter()
        .chain(user_rows.iter().map(|&r| embeddings.users.row(r)))
        .map(|r| r.as_slice().map_or_else(|| r.dot(&r).sqrt(), norm))
        .collect();
    let collaborative = matches!(embeddings.method, Method::Als | Method::Item2Vec);
    let threshold = if embeddings.method == Method::Features {
        0.0
    } else {
        NO_DATA_NORM_RATIO * median(&mut norms.clone())
    };
    norms
        .iter()
        .enumerate()
        .map(|(p, n)| {
            let unrated = collaborative
                && p < items
                && stats.users_of.get(p).is_some_and(|users| *users == 0);
            unrated || *n < threshold
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_median_of_a_few_values() {
        assert!((median(&mut [3.0, 1.0, 2.0]) - 2.0).abs() < 1e-9);
        assert!((median(&mut [4.0, 1.0, 3.0, 2.0]) - 3.0).abs() < 1e-9);
        assert!(median(&mut []).abs() < 1e-9);
    }
}
