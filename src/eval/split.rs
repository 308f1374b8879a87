//! Splitting a dataset's interactions into train and test, per user.
//!
//! - **Random holdout**: the protocol of `shared/bench/peers.py split` — duplicate (user, item)
//!   pairs keep the first, rows sorted by (user, item), and each user with n ≥ 2 rows sends
//!   max(1, ⌊fraction·n⌋) randomly chosen rows to test, keeping at least one in train — with this
//!   crate's seeded `ChaCha8` stream instead of numpy's PCG64 (so the same seed gives a different,
//!   equally valid split; use `--train/--test` files to share a split exactly).
//! - **Leave-last-out**: each user with n ≥ 2 rows sends the latest one (by timestamp, then file
//!   order) to test.

use std::collections::HashSet;

use super::data::Pair;
use crate::data::Dataset;
use crate::error::{ComputeError, Result};
use crate::rng::Gen;

/// How to split.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum SplitKind {
    /// Per-user random holdout.
    Random {
        /// Share of each user's rows for test, in (0, 1).
        fraction: f64,
        /// Seed.
        seed: u64,
    },
    /// Per-user leave-last-out by timestamp.
    LeaveLastOut,
}

/// Split the dataset's interactions into (train, test) pairs of original ids.
///
/// # Errors
/// No interactions, or a fraction outside (0, 1).
pub fn split(data: &Dataset, kind: SplitKind) -> Result<(Vec<Pair>, Vec<Pair>)> {
    if data.interactions.is_empty() {
        return Err(ComputeError::InvalidParams(
            "the dataset has no interactions, so there is nothing to hold out (collaborative methods and evaluation need interactions.csv)".to_owned(),
        ));
    }
    if let SplitKind::Random { fraction, .. } = kind
        && !(fraction > 0.0 && fraction < 1.0)
    {
        return Err(ComputeError::InvalidParams(format!(
            "test fraction must be between 0 and 1, got {fraction}"
        )));
    }
    // Distinct (user, item), first occurrence kept, with its file position and timestamp.
    let mut seen = HashSet::new();
    let mut rows: Vec<(u32, u32, i64, usize)> = Vec::new();
    for (pos, it) in data.interactions.iter().enumerate() {
        if seen.insert((it.user, it.item)) {
            rows.push((it.user, it.item, it.timestamp.unwrap_or(i64::MIN), pos));
        }
    }
    rows.sort_unstable_by_key(|r| (r.0, r.1));
    let pair = |u: u32, i: u32| Pair {
        user: data.users.ids[u as usize].to_owned(),
        item: data.items.ids[i as usize].to_owned(),
    };
    let (mut train, mut test) = (Vec::new(), Vec::new());
    let mut g = match kind {
        SplitKind::Random { seed, .. } => Some(Gen::new(seed)),
        SplitKind::LeaveLastOut => None,
    };
    for user_rows in rows.chunk_by(|a, b| a.0 == b.0) {
        let n = user_rows.len();
        let mut to_test = vec![false; n];
        if n >= 2 {
            if let (SplitKind::Random { fraction, .. }, Some(g)) = (kind, g.as_mut()) {
                let n_test = ((fraction * n as f64).floor() as usize).clamp(1, n - 1);
                let mut perm: Vec<usize> = (0..n).collect();
                g.shuffle(&mut perm);
                for &p in &perm[..n_test] {
                    to_test[p] = true;
                }
            } else {
                let last = (0..n)
                    .max_by_key(|&j| (user_rows[j].2, user_rows[j].3))
                    .unwrap_or(0);
                to_test[last] = true;
            }
        }
        for (r, t) in user_rows.iter().zip(to_test) {
            if t {
                test.push(pair(r.0, r.1));
            } else {
                train.push(pair(r.0, r.1));
            }
        }
    }
    Ok((train, test))
}
