//! The goal and its KPI: the one sentence a project agrees on first ("+15 % purchases through
//! recommendations"), the offline metric that stands for it (Recall@10, nDCG@10, coverage…) and
//! the target value, and where each evaluated method stands against that target.
//!
//! The standings read an evaluation report (the JSON of `embedscope eval` and the evaluation
//! panel: `{"k", "methods": {name: {"recall@10": …}}}`), so a goal set before any evaluation
//! simply has no standings yet.

use serde_json::Value;

/// The metrics a goal can name (the keys of an evaluation report, without `@k`).
pub const GOAL_METRICS: [&str; 7] = [
    "recall",
    "ndcg",
    "precision",
    "map",
    "hit_rate",
    "coverage",
    "novelty",
];

/// The goal and its KPI.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Goal {
    /// The goal in one sentence.
    pub sentence: String,
    /// The offline metric standing for it (one of [`GOAL_METRICS`]).
    pub metric: String,
    /// Its list length k.
    pub k: usize,
    /// The value to reach (e.g. 0.25 for Recall@10 = 0.25).
    pub target: f64,
}

impl Default for Goal {
    /// No sentence yet; Recall@10 with a target of 0.2.
    fn default() -> Self {
        Self {
            sentence: String::new(),
            metric: "recall".to_owned(),
            k: 10,
            target: 0.2,
        }
    }
}

/// What is wrong with a goal.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum GoalError {
    /// The sentence is blank.
    #[error("the goal needs a sentence (e.g. \"+15 % purchases through recommendations\")")]
    NoSentence,
    /// The metric is not one the evaluation reports.
    #[error(
        "unknown metric \"{0}\" (available: recall, ndcg, precision, map, hit_rate, coverage, novelty)"
    )]
    UnknownMetric(String),
    /// k is 0.
    #[error("k must be at least 1")]
    ZeroK,
    /// The target is negative or not a number.
    #[error("the target must be a number ≥ 0, got {0}")]
    BadTarget(f64),
}

impl Goal {
    /// Check the goal.
    ///
    /// # Errors
    /// The first problem found.
    pub fn validate(&self) -> Result<(), GoalError> {
        if self.sentence.trim().is_empty() {
            return Err(GoalError::NoSentence);
        }
        if !GOAL_METRICS.contains(&self.metric.as_str()) {
            return Err(GoalError::UnknownMetric(self.metric.clone()));
        }
        if self.k == 0 {
            return Err(GoalError::ZeroK);
        }
        if !(self.target.is_finite() && self.target >= 0.0) {
            return Err(GoalError::BadTarget(self.target));
        }
        Ok(())
    }

    /// The report key of the metric: `recall@10`.
    #[must_use]
    pub fn metric_key(&self) -> String {
        format!("{}@{}", self.metric, self.k)
    }
}

/// Where one method stands against the goal's target.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Standing {
    /// The method's name in the report (`als`, `popularity`…).
    pub method: String,
    /// Its value of the goal's metric (`None`: the method failed or the report lacks it).
    pub value: Option<f64>,
    /// value ≥ target.
    pub meets: bool,
    /// value / target (`None` without a value or with a target of 0).
    pub share_of_target: Option<f64>,
}

/// Each method of `report` against the goal: best first, methods without a value last, ties by
/// name. Empty when the report was made at another k or has no methods.
#[must_use]
pub fn standings(goal: &Goal, report: &Value) -> Vec<Standing> {
    if report["k"].as_u64() != Some(goal.k as u64) {
        return Vec::new();
    }
    let key = goal.metric_key();
    let Some(methods) = report["methods"].as_object() else {
        return Vec::new();
    };
    let mut out: Vec<Standing> = methods
        .iter()
        .map(|(name, m)| {
            let value = m[&key].as_f64().filter(|v| v.is_finite());
            Standing {
                method: name.clone(),
                value,
                meets: value.is_some_and(|v| v >= goal.target),
                share_of_target: value.filter(|_| goal.target > 0.0).map(|v| v / goal.target),
            }
        })
        .collect();
    out.sort_by(|a, b| match (a.value, b.value) {
        (Some(x), Some(y)) => y.total_cmp(&x).then_with(|| a.method.cmp(&b.method)),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.method.cmp(&b.method),
    });
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn goal(target: f64) -> Goal {
        Goal {
            sentence: "+15 % purchases through recommendations".into(),
            target,
            ..Goal::default()
        }
    }

    #[test]
    fn standings_by_hand() {
        let report = json!({"k": 10, "methods": {
            "random": {"recall@10": 0.02},
            "als": {"recall@10": 0.31},
            "popularity": {"recall@10": 0.12},
            "item2vec": {"error": "no sessions"},
            "hybrid": {"recall@10": 0.31},
        }});
        let s = standings(&goal(0.25), &report);
        let names: Vec<&str> = s.iter().map(|s| s.method.as_str()).collect();
        assert_eq!(names, ["als", "hybrid", "popularity", "random", "item2vec"]);
        assert!(s[0].meets && s[1].meets && !s[2].meets && !s[4].meets);
        assert!((s[2].share_of_target.expect("value") - 0.48).abs() < 1e-12);
        assert_eq!(s[4].value, None);
        assert!(standings(&Goal { k: 5, ..goal(0.25) }, &report).is_empty());
        assert!(standings(&goal(0.25), &json!({})).is_empty());
        assert_eq!(standings(&goal(0.0), &report)[0].share_of_target, None);
    }

    #[test]
    fn validation() {
        assert_eq!(goal(0.2).validate(), Ok(()));
        assert_eq!(Goal::default().validate(), Err(GoalError::NoSentence));
        let bad = Goal {
            metric: "auc".into(),
            ..goal(0.2)
        };
        assert_eq!(bad.validate(), Err(GoalError::UnknownMetric("auc".into())));
        assert_eq!(Goal { k: 0, ..goal(0.2) }.validate(), Err(GoalError::ZeroK));
        assert!(goal(f64::NAN).validate().is_err() && goal(-1.0).validate().is_err());
        assert_eq!(goal(0.2).metric_key(), "recall@10");
    }
}
