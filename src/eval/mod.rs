//! Offline evaluation: splits, the evaluation set, ranking metrics and baselines.

pub mod baselines;
pub mod compare;
pub mod data;
pub mod metrics;
pub mod split;
