//! Offline evaluation: splits, the evaluation set, ranking metrics and baselines; and the online
//! A/B test that follows it (planning and reading, [`abtest`]), and the goal the metrics stand for
//! ([`goal`]).

pub mod abtest;
pub mod baselines;
pub mod compare;
pub mod data;
pub mod freshness;
pub mod goal;
pub mod metrics;
pub mod split;
