//! `embedscope eval`: fit each method on the train part, recommend top-k for every evaluated
//! user (their train items excluded), and score the lists with the metrics of [`crate::eval`].

use std::path::PathBuf;
use std::time::Instant;

use serde_json::{Map, Value, json};

use crate::data::Dataset;
use crate::embed::als::AlsParams;
use crate::eval::data::{EvalSet, read_split_file};
use crate::eval::metrics;
use crate::eval::split::{SplitKind, split};
use crate::pipeline::error::{PipelineError, Result};
use crate::pipeline::progress::Progress;

/// The ranking metrics every report has, in display order (keys are `"{name}@{k}"`).
pub const REPORTED_METRICS: [&str; 7] = [
    "precision",
    "recall",
    "ndcg",
    "map",
    "hit_rate",
    "coverage",
    "novelty",
];

/// A method the evaluation can compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EvalMethod {
    /// Implicit ALS (collaborative).
    Als,
    /// Most popular items.
    Popularity,
    /// Uniformly random items.
    Random,
    /// Text content (TF-IDF + SVD): a user = mean of their train items; cosine.
    Content,
    /// Content and ALS, equally weighted; cold items borrow from content neighbours.
    Hybrid,
    /// item2vec over each user's time-ordered train items; a user = mean of their items; cosine.
    Item2Vec,
    /// A sentence encoder over the items' text (`EvalParams::text_model`): a user = mean of
    /// their train items; cosine.
    TextModel,
    /// The text model and ALS, equally weighted (the hybrid with the text model as content).
    HybridTextModel,
    /// Vectors trained elsewhere (`EvalParams::vectors`: a Spark ALS model folder, or any
    /// dataset with user and item vectors), scored by dot product as they are.
    Imported,
}

impl EvalMethod {
    /// Parse a method name.
    ///
    /// # Errors
    /// Unknown names, and methods not built yet (named so the user knows why).
    pub fn parse(name: &str) -> Result<Self> {
        match name.trim().to_ascii_lowercase().as_str() {
            "als" => Ok(Self::Als),
            "popularity" | "pop" => Ok(Self::Popularity),
            "random" => Ok(Self::Random),
            "content" => Ok(Self::Content),
            "hybrid" => Ok(Self::Hybrid),
            "item2vec" => Ok(Self::Item2Vec),
            "text-model" | "text_model" => Ok(Self::TextModel),
            "hybrid-text-model" | "hybrid_text_model" => Ok(Self::HybridTextModel),
            "imported" => Ok(Self::Imported),
            other => Err(PipelineError::InvalidParams(format!(
                "unknown method \"{other}\" (available: als, content, hybrid, item2vec, popularity, random, text-model, hybrid-text-model, imported)"
            ))),
        }
    }

    /// Stable name.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Als => "als",
            Self::Popularity => "popularity",
            Self::Random => "random",
            Self::Content => "content",
            Self::Hybrid => "hybrid",
            Self::Item2Vec => "item2vec",
            Self::TextModel => "text_model",
            Self::HybridTextModel => "hybrid_text_model",
            Self::Imported => "imported",
        }
    }
}

/// Where train and test come from.
#[derive(Debug, Clone, PartialEq)]
pub enum EvalSource {
    /// Explicit split files (original ids).
    Files {
        /// Train file.
        train: PathBuf,
        /// Test file.
        test: PathBuf,
    },
    /// Split the dataset's interactions here.
    Split(SplitKind),
}

/// What to evaluate.
#[derive(Debug, Clone, PartialEq)]
pub struct EvalParams {
    /// Methods, in output order.
    pub methods: Vec<EvalMethod>,
    /// List length.
    pub k: usize,
    /// ALS settings (also used for its seed).
    pub als: AlsParams,
    /// item2vec settings (its own seed included).
    pub item2vec: crate::embed::item2vec::Item2VecParams,
    /// Seed of the random baseline.
    pub seed: u64,
    /// Train/test source.
    pub source: EvalSource,
    /// The model of `text-model` and `hybrid-text-model` (`None`: those methods report that
    /// they need one).
    pub text_model: Option<crate::embed::text_model::TextModelParams>,
    /// Where the `imported` method's vectors are (`None`: the dataset's own user and item
    /// vectors, as a Spark ALS model folder opened as the dataset has them).
    pub vectors: Option<PathBuf>,
}

/// Build the evaluation set.
///
/// # Errors
/// Split file errors, split ids unknown to the dataset, an empty test set, no interactions.
pub fn eval_set(data: &Dataset, source: &EvalSource) -> Result<EvalSet> {
    let (train, test) = match source {
        EvalSource::Files { train, test } => {
            let (tr, te) = (read_split_file(train)?, read_split_file(test)?);
            for (pairs, file) in [(&tr, train), (&te, test)] {
                let unknown_user = pairs
                    .iter()
                    .find(|p| !data.users.is_empty() && data.users.find(&p.user).is_none());
                let unknown_item = pairs.iter().find(|p| data.items.find(&p.item).is_none());
                if let Some(p) = unknown_item {
                    return Err(PipelineError::InvalidParams(format!(
                        "{}: item id \"{}\" is not in the dataset's items",
                        file.display(),
                        p.item
                    )));
                }
                if let Some(p) = unknown_user {
                    return Err(PipelineError::InvalidParams(format!(
                        "{}: user id \"{}\" is not in the dataset's users",
                        file.display(),
                        p.user
                    )));
                }
            }
            (tr, te)
        }
        EvalSource::Split(kind) => split(data, *kind)?,
    };
    let set = EvalSet::from_pairs(&train, &test);
    if set.eval_users().is_empty() {
        return Err(PipelineError::InvalidParams(
            "the test set is empty (no user has a test item that is not already in train)"
                .to_owned(),
        ));
    }
    Ok(set)
}

/// Evaluate every method; returns the JSON report printed by `embedscope eval --json`.
///
/// # Errors
/// Invalid parameters or data, or `Cancelled`.
pub fn evaluate(data: &Dataset, params: &EvalParams, progress: &Progress) -> Result<Value> {
    if params.k == 0 {
        return Err(PipelineError::InvalidParams(
            "k must be at least 1".to_owned(),
        ));
    }
    if params.methods.is_empty() {
        return Err(PipelineError::InvalidParams("no methods given".to_owned()));
    }
    let valid_als = params.als.validate()?;
    let set = eval_set(data, &params.source)?;
    let users = set.eval_users();
    let k = params.k;
    let item_users = set.item_popularity();
    let features = content_vectors(data, &set);
    let mut results = Map::new();
    let mut first_error = None;
    for &method in &params.methods {
        let start = Instant::now();
        // A method the data cannot support (no text for the content method, say) is reported
        // in its row; the others still run. Only when every method fails is it an error.
        let mut extra = Map::new();
        let listed = if method == EvalMethod::Imported {
            super::eval_imported::imported_lists(data, params.vectors.as_deref(), &set, &users, k)
                .map(|r| {
                    extra = r.extra;
                    (r.lists, r.fit_s)
                })
        } else {
            super::eval_methods::recommend_lists(
                method, data, &set, &users, params, &valid_als, progress,
            )
        };
        let (lists, fit_s) = match listed {
            Ok(r) => r,
            Err(PipelineError::Cancelled) => return Err(PipelineError::Cancelled),
            Err(e) => {
                results.insert(method.as_str().into(), json!({"error": e.to_string()}));
                first_error.get_or_insert(e);
                continue;
            }
        };
        let recommend_s = start.elapsed().as_secs_f64() - fit_s;
        let mut m = score(&set, &users, &lists, k, &item_users, features.as_deref());
        m.insert("fit_s".into(), json!(fit_s));
        m.insert("recommend_s".into(), json!(recommend_s));
        m.extend(extra);
        results.insert(method.as_str().into(), Value::Object(m));
    }
    if let Some(e) = first_error
        && results.values().all(|m| m.get("error").is_some())
    {
        return Err(e);
    }
    let source = match &params.source {
        EvalSource::Files { train, test } => {
            json!({"train": train.display().to_string(), "test": test.display().to_string()})
        }
        EvalSource::Split(SplitKind::Random { fraction, seed }) => {
            json!({"split": "random", "test_fraction": fraction, "seed": seed})
        }
        EvalSource::Split(SplitKind::LeaveLastOut) => json!({"split": "leave_last_out"}),
    };
    let a = &params.als;
    Ok(json!({
        "cmd": "eval",
        "dataset": data.name,
        "k": k,
        "users": set.users(),
        "items": set.items(),
        "catalogue_items": data.items.len(),
        "train_pairs": set.train_pairs(),
        "test_pairs": set.test_pairs(),
        "eval_users": users.len(),
        "source": source,
        "params": {"factors": a.factors, "iterations": a.iterations, "regularization": shortest(a.regularization), "alpha": shortest(a.alpha), "seed": a.seed, "cg_steps": a.cg_steps_used(), "confidence": "1 + alpha*r", "regularization_scale": a.regularization_scale},
        "text_model": params.text_model.as_ref().map(|tm| json!({
            "model": tm.model_name,
            "path": tm.model,
            "columns": tm.columns,
            "prefix": tm.prefix,
        })),
        "methods": Value::Object(results),
    }))
}

/// Standardised content features of the evaluation items, when every item has them.
fn content_vectors(data: &Dataset, set: &EvalSet) -> Option<Vec<Vec<f32>>> {
    let f = &data.items.features;
    if f.dim() == 0 {
        return None;
    }
    let scaler = crate::embed::features::Scaler::fit(&f.values);
    let z = scaler.transform(&f.values);
    set.item_ids
        .iter()
        .map(|id| {
            data.items
                .find(id)
                .map(|r| z.row(r as usize).iter().map(|v| *v as f32).collect())
        })
        .collect()
}

fn score(
    set: &EvalSet,
    users: &[u32],
    lists: &[Vec<u32>],
    k: usize,
    item_users: &[usize],
    features: Option<&[Vec<f32>]>,
) -> Map<String, Value> {
    let n = users.len().max(1) as f64;
    let (mut p, mut r, mut nd, mut ap, mut hit, mut nov) = (0.0, 0.0, 0.0, 0.0, 0.0, 0.0);
    let (mut div, mut div_n) = (0.0, 0usize);
    for (&u, list) in users.iter().zip(lists) {
        let rel = set.test[u as usize].as_slice();
        p += metrics::precision_at_k(list, rel, k);
        r += metrics::recall_at_k(list, rel, k);
        nd += metrics::ndcg_at_k(list, rel, k);
        ap += metrics::average_precision_at_k(list, rel, k);
        hit += metrics::hit_rate_at_k(list, rel, k);
        nov += metrics::novelty_at_k(list, item_users, set.users(), k);
        if let Some(fs) = features
            && let Some(d) = metrics::intra_list_diversity(list, k, |i| fs[i as usize].clone())
        {
            div += d;
            div_n += 1;
        }
    }
    let cov = metrics::coverage_at_k(lists.iter().map(Vec::as_slice), k, set.items());
    let mut m = Map::new();
    for (name, v) in [
        ("precision", p / n),
        ("recall", r / n),
        ("ndcg", nd / n),
        ("map", ap / n),
        ("hit_rate", hit / n),
        ("coverage", cov),
        ("novelty", nov / n),
    ] {
        m.insert(format!("{name}@{k}"), json!(v));
    }
    m.insert(
        format!("diversity@{k}"),
        if div_n > 0 {
            json!(div / div_n as f64)
        } else {
            Value::Null
        },
    );
    if div_n == 0 {
        // A null says why.
        let why = if features.is_none() {
            "no numeric item features: diversity is measured between the items' feature vectors"
        } else {
            "no list had two items to compare"
        };
        m.insert("diversity_note".into(), json!(why));
    }
    m
}

/// An `f32` parameter as the decimal the user typed (0.05, not 0.05000000074505806).
fn shortest(x: f32) -> f64 {
    x.to_string().parse().unwrap_or(f64::from(x))
}
