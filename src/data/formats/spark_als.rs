//! A Spark MLlib `ALSModel` saved with `model.write().save(path)`: users and items in one
//! space, exactly as Spark learned them.
//!
//! The folder holds `metadata/` (one JSON line in a text part: the class, Spark's version and
//! the model's `rank`), `userFactors/` and `itemFactors/` (Parquet tables written as folders of
//! parts: `id` int and `features` array<float>). Each factors folder is read part by part with
//! the folder-table reader ([`super::parquet_folder::parts`], [`super::parquet_file::read_part`]),
//! so Spark's bookkeeping (`_SUCCESS`, `.crc`, `_temporary/`) is skipped and a bad value names
//! its part: `userFactors/part-00001-….snappy.parquet: row 3 (0-based), column "features": …`.
//!
//! Spark's `ALSModel` keeps only its rank. Its training parameters (regParam, alpha, maxIter,
//! implicitPrefs, seed) are in the *estimator's* metadata, which `bench/spark/als_job.py` saves
//! as `estimator/` inside the model folder (`als.write().save(...)`); when it is there, the map
//! and the CLI's JSON say "trained by Spark ALS, rank 8, regParam 0.05, alpha 2, maxIter 15".
//!
//! Spark's ALS needs integer ids. A job that indexed string ids can leave the map beside the
//! factors as `user_ids/` and `item_ids/` (CSV parts `id,original_id`); the ids are then read
//! back as the original ones, so the model lines up with the dataset it was trained on.
//!
//! Decisions on damaged output: a `_temporary/` folder *without* `_SUCCESS` means the job did
//! not finish ([`SparkProblem::Unfinished`]); with `_SUCCESS` it is a leftover and ignored. A part
//! of 0 bytes is an error naming it; a valid part with no rows (an empty partition) is skipped.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use ndarray::Array2;
use serde_json::Value;

use super::parquet_file::{Rows, read_part, total_rows};
use super::parquet_folder::parts;
use crate::data::{Dataset, Entities};
use crate::error::{DataError, SparkProblem};
use crate::progress::Progress;

/// The class name Spark writes in an ALS model's metadata.
const ALS_MODEL_CLASS: &str = "org.apache.spark.ml.recommendation.ALSModel";

/// Who trained a model's vectors and with which parameters, from the files' metadata.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TrainedBy {
    /// `spark_als`.
    pub engine: &'static str,
    /// Spark's version, as the metadata gives it.
    pub spark_version: String,
    /// The latent dimension.
    pub rank: usize,
    /// λ (Spark scales it by each user's and item's number of ratings: ALS-WR).
    #[serde(rename = "regParam")]
    pub reg_param: Option<f64>,
    /// Confidence scale (confidence = 1 + α·r).
    pub alpha: Option<f64>,
    /// Alternating iterations.
    #[serde(rename = "maxIter")]
    pub max_iter: Option<u64>,
    /// Implicit feedback.
    #[serde(rename = "implicitPrefs")]
    pub implicit_prefs: Option<bool>,
    /// Seed of the initial factors.
    pub seed: Option<i64>,
}

impl TrainedBy {
    /// `rank 8, regParam 0.05, alpha 2, maxIter 15, implicitPrefs true` — the parameters known,
    /// named as Spark names them (the same words in every language).
    #[must_use]
    pub fn params_text(&self) -> String {
        let mut parts = vec![format!("rank {}", self.rank)];
        if let Some(v) = self.reg_param {
            parts.push(format!("regParam {v}"));
        }
        if let Some(v) = self.alpha {
            parts.push(format!("alpha {v}"));
        }
        if let Some(v) = self.max_iter {
            parts.push(format!("maxIter {v}"));
        }
        if let Some(v) = self.implicit_prefs {
            parts.push(format!("implicitPrefs {v}"));
        }
        parts.join(", ")
    }

    /// Whether the training parameters are known (the estimator's metadata was there).
    #[must_use]
    pub fn has_params(&self) -> bool {
        self.reg_param.is_some() || self.alpha.is_some() || self.max_iter.is_some()
    }

    /// The English line of the CLI: `trained by Spark ALS 4.3.0, rank 8, regParam 0.05, …`.
    #[must_use]
    pub fn describe(&self) -> String {
        let mut s = format!(
            "trained by Spark ALS {}, {}",
            self.spark_version,
            self.params_text()
        );
        if !self.has_params() {
            s.push_str(" (Spark's model keeps no training parameters: save the ALS estimator as estimator/ in the model folder to see them)");
        }
        s
    }
}

impl TrainedBy {
    /// The JSON of the CLI: the fields above and the English `label`.
    #[must_use]
    pub fn to_json(&self) -> Value {
        let mut v = serde_json::to_value(self).unwrap_or(Value::Null);
        v["label"] = Value::from(self.describe());
        v
    }
}

/// Who trained the model in `dir`, read from its metadata only (no factors): `None` when `dir`
/// is no Spark ALS model folder or its metadata cannot be read (loading it says why).
#[must_use]
pub fn read_trained_by(dir: &Path) -> Option<TrainedBy> {
    if is_spark_als_folder(dir) {
        trained_by(dir).ok()
    } else {
        None
    }
}

fn spark_error(file: impl Into<String>, problem: SparkProblem) -> DataError {
    DataError::SparkModel {
        file: file.into(),
        problem: Box::new(problem),
    }
}

/// Whether `dir` looks like a saved Spark ALS model: a `metadata/` folder beside
/// `userFactors/` or `itemFactors/`, or holding a part file (so a model missing its factors is
/// still recognised and its error says which folder is missing).
#[must_use]
pub fn is_spark_als_folder(dir: &Path) -> bool {
    let meta = dir.join("metadata");
    meta.is_dir()
        && (dir.join("userFactors").is_dir()
            || dir.join("itemFactors").is_dir()
            || metadata_part(&meta).is_some())
}

/// The first `part-*` file of a folder, by name.
fn metadata_part(dir: &Path) -> Option<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .ok()?
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with("part-"))
        .map(|e| e.path())
        .filter(|p| p.is_file())
        .collect();
    found.sort();
    found.into_iter().next()
}

/// The JSON object of a metadata folder's part (`label` names the folder in errors).
fn read_metadata(dir: &Path, label: &str) -> Result<(String, Value), DataError> {
    let Some(part) = metadata_part(dir) else {
        return Err(spark_error(label, SparkProblem::NoMetadata));
    };
    let name = format!(
        "{label}/{}",
        part.file_name().unwrap_or_default().to_string_lossy()
    );
    let text =
        std::fs::read_to_string(&part).map_err(|e| super::progress::read_error(&name, &e))?;
    let line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let value: Value = serde_json::from_str(line).map_err(|e| {
        spark_error(
            &name,
            SparkProblem::BadMetadata {
                reason: e.to_string(),
            },
        )
    })?;
    if !value.is_object() {
        return Err(spark_error(
            &name,
            SparkProblem::BadMetadata {
                reason: "expected a JSON object".to_owned(),
            },
        ));
    }
    Ok((name, value))
}

/// A parameter from `paramMap`, else `defaultParamMap`, of any of the metadata objects.
fn param<'a>(metas: &'a [&Value], key: &str) -> Option<&'a Value> {
    metas
        .iter()
        .find_map(|m| m["paramMap"].get(key))
        .or_else(|| metas.iter().find_map(|m| m["defaultParamMap"].get(key)))
}

/// Class, version, rank and the training parameters (from `estimator/` when it is there).
fn trained_by(dir: &Path) -> Result<TrainedBy, DataError> {
    let (name, model) = read_metadata(&dir.join("metadata"), "metadata")?;
    let class = model["class"].as_str().unwrap_or_default();
    if class != ALS_MODEL_CLASS {
        return Err(spark_error(
            &name,
            SparkProblem::NotAls {
                class: if class.is_empty() {
                    "no class".to_owned()
                } else {
                    class.to_owned()
                },
            },
        ));
    }
    let Some(rank) = model["rank"].as_u64().filter(|r| *r > 0) else {
        return Err(spark_error(
            &name,
            SparkProblem::BadMetadata {
                reason: "no positive \"rank\"".to_owned(),
            },
        ));
    };
    // The estimator is optional: without it only the rank is known.
    let estimator = dir.join("estimator").join("metadata");
    let estimator = if estimator.is_dir() {
        Some(read_metadata(&estimator, "estimator/metadata")?.1)
    } else {
        None
    };
    let mut metas = vec![&model];
    metas.extend(estimator.as_ref());
    Ok(TrainedBy {
        engine: "spark_als",
        spark_version: model["sparkVersion"].as_str().unwrap_or("").to_owned(),
        rank: rank as usize,
        reg_param: param(&metas, "regParam").and_then(Value::as_f64),
        alpha: param(&metas, "alpha").and_then(Value::as_f64),
        max_iter: param(&metas, "maxIter").and_then(Value::as_u64),
        implicit_prefs: param(&metas, "implicitPrefs").and_then(Value::as_bool),
        seed: param(&metas, "seed").and_then(Value::as_i64),
    })
}

/// Ids and factors of one factors folder (`userFactors` or `itemFactors`), sorted by id.
fn read_factors(
    dir: &Path,
    folder: &'static str,
    rank: usize,
    progress: Option<&Progress>,
) -> Result<(Vec<String>, Array2<f32>), DataError> {
    let path = dir.join(folder);
    if !path.is_dir() {
        return Err(spark_error(folder, SparkProblem::MissingFolder { folder }));
    }
    if path.join("_temporary").exists() && !path.join("_SUCCESS").exists() {
        return Err(spark_error(folder, SparkProblem::Unfinished));
    }
    let found = parts(&path)?;
    if found.is_empty() {
        return Err(spark_error(folder, SparkProblem::NoParts));
    }
    let mut acc = Rows::new(None, Some("features"));
    let mut readable = Vec::new();
    for p in &found {
        let label = format!("{folder}/{}", p.label);
        if std::fs::metadata(&p.path).is_ok_and(|m| m.len() == 0) {
            return Err(spark_error(label, SparkProblem::EmptyPart));
        }
        let rows = total_rows(&p.path, &label)?;
        acc.total += rows;
        if rows > 0 {
            readable.push((p, label));
        }
    }
    for (p, label) in &readable {
        read_part(&p.path, label, &p.partitions, &mut acc, progress)?;
    }
    let data = acc.finish(&path, folder.to_owned())?;
    let Some(vectors) = data.item_vectors else {
        return Err(spark_error(folder, SparkProblem::NoParts));
    };
    if vectors.ncols() != rank {
        return Err(spark_error(
            folder,
            SparkProblem::RankMismatch {
                rank,
                found: vectors.ncols(),
            },
        ));
    }
    // Spark writes the rows in hash-partition order; sort by id (numerically) for stable output.
    let ids = data.items.ids;
    let mut order: Vec<usize> = (0..ids.len()).collect();
    order.sort_by_key(|&r| (ids[r].parse::<i64>().unwrap_or(i64::MAX), r));
    let sorted_ids = order.iter().map(|&r| ids[r].to_owned()).collect();
    let sorted = vectors.select(ndarray::Axis(0), &order);
    Ok((sorted_ids, sorted))
}

/// The `id → original_id` map of `user_ids/` or `item_ids/`, when the folder has it.
fn read_id_map(
    dir: &Path,
    folder: &'static str,
) -> Result<Option<HashMap<String, String>>, DataError> {
    let path = dir.join(folder);
    if !path.is_dir() {
        return Ok(None);
    }
    let mut map = HashMap::new();
    let mut files: Vec<PathBuf> = std::fs::read_dir(&path)
        .map_err(|e| super::progress::read_error(folder, &e))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("part-"))
        })
        .collect();
    files.sort();
    for file in files {
        let label = format!(
            "{folder}/{}",
            file.file_name().unwrap_or_default().to_string_lossy()
        );
        let mut reader = csv::Reader::from_path(&file)
            .map_err(|e| super::progress::read_error(&label, &std::io::Error::other(e)))?;
        let header_ok = reader
            .headers()
            .is_ok_and(|h| h.iter().collect::<Vec<_>>() == ["id", "original_id"]);
        if !header_ok {
            return Err(spark_error(label, SparkProblem::BadIdMap { line: None }));
        }
        for (n, record) in reader.records().enumerate() {
            let bad = || {
                spark_error(
                    &label,
                    SparkProblem::BadIdMap {
                        line: Some(n as u64 + 2),
                    },
                )
            };
            let record = record.map_err(|_| bad())?;
            match (record.get(0), record.get(1)) {
                (Some(id), Some(original)) if id.parse::<i64>().is_ok() => {
                    map.insert(id.to_owned(), original.to_owned());
                }
                _ => return Err(bad()),
            }
        }
    }
    Ok(Some(map))
}

/// Replace integer ids by the original ones of `map`.
fn original_ids(
    ids: Vec<String>,
    map: Option<&HashMap<String, String>>,
    folder: &'static str,
    map_folder: &'static str,
) -> Result<Vec<String>, DataError> {
    let Some(map) = map else { return Ok(ids) };
    ids.into_iter()
        .map(|id| {
            map.get(&id).cloned().ok_or_else(|| {
                spark_error(
                    folder,
                    SparkProblem::UnmappedId {
                        id,
                        map: map_folder,
                    },
                )
            })
        })
        .collect()
}

/// Load a saved Spark ALS model folder: its users and items with their factors.
///
/// # Errors
/// A [`SparkProblem`] naming the folder or part; any part's Parquet error (nulls, NaN,
/// vectors of another length), naming the part.
pub fn load_spark_als(dir: &Path, progress: Option<&Progress>) -> Result<Dataset, DataError> {
    if !dir.join("metadata").is_dir() {
        return Err(spark_error(
            "metadata",
            SparkProblem::MissingFolder { folder: "metadata" },
        ));
    }
    for folder in ["userFactors", "itemFactors"] {
        if !dir.join(folder).is_dir() {
            return Err(spark_error(folder, SparkProblem::MissingFolder { folder }));
        }
    }
    let info = trained_by(dir)?;
    let (user_ids, user_vectors) = read_factors(dir, "userFactors", info.rank, progress)?;
    let (item_ids, item_vectors) = read_factors(dir, "itemFactors", info.rank, progress)?;
    let user_map = read_id_map(dir, "user_ids")?;
    let item_map = read_id_map(dir, "item_ids")?;
    let user_ids = original_ids(user_ids, user_map.as_ref(), "userFactors", "user_ids")?;
    let item_ids = original_ids(item_ids, item_map.as_ref(), "itemFactors", "item_ids")?;
    let name = dir.file_name().map_or_else(
        || dir.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    Ok(Dataset {
        name,
        name_ja: None,
        root: dir.to_path_buf(),
        items: Entities::from_ids(item_ids),
        users: Entities::from_ids(user_ids),
        interactions: Vec::new(),
        item_vectors: Some(Arc::new(item_vectors)),
        user_vectors: Some(Arc::new(user_vectors)),
        trained_by: Some(info),
        interaction_metadata: Vec::new(),
        sources: crate::data::Sources::default(),
        vocabulary: crate::data::vocabulary::Vocabulary::default(),
    })
}

#[cfg(test)]
#[path = "spark_als_tests.rs"]
mod tests;
