//! Embedders: turn a [`Dataset`](crate::data::Dataset) into vectors for items and users.
//!
//! Each embedder lives in its own file and follows params → validated params → fit.

pub mod als;
pub mod features;
pub mod hybrid;
pub mod item2vec;
pub mod text_model;
pub mod tfidf_svd;

use ndarray::Array2;

/// Which embedder produced a set of vectors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Method {
    /// Standardised numeric feature columns; users = rating-weighted mean of their items.
    Features,
    /// Implicit ALS: users and items in one latent space learned from interactions.
    Als,
    /// TF-IDF + truncated SVD of the items' text; users = rating-weighted mean of their items.
    Content,
    /// Content and collaborative vectors combined with a weight; cold items borrow from content.
    Hybrid,
    /// Skip-gram with negative sampling over each user's time-ordered items.
    Item2Vec,
    /// Vectors computed elsewhere (`item_vectors.csv`, a vector file, a Spark ALS model); users
    /// = the model's own user vectors when it has them, else the mean of their items.
    Imported,
    /// The items' text through a sentence encoder or static model from a local folder; users =
    /// rating-weighted mean of their items.
    TextModel,
}

impl Method {
    /// Stable name used in JSON and the CLI.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Features => "features",
            Self::Als => "als",
            Self::Content => "content",
            Self::Hybrid => "hybrid",
            Self::Item2Vec => "item2vec",
            Self::Imported => "imported",
            Self::TextModel => "text_model",
        }
    }
}

/// An embedder with its parameters. Serialised (`{"method": "als", "params": {…}}`) as part
/// of the key under which the workspace stores a run.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(tag = "method", content = "params", rename_all = "snake_case")]
pub enum EmbedParams {
    /// Numeric features (optionally weighted per column).
    Features(features::FeaturesParams),
    /// Implicit ALS.
    Als(als::AlsParams),
    /// Text content (TF-IDF + SVD).
    Content(tfidf_svd::TfidfSvdParams),
    /// Weighted content + collaborative.
    Hybrid(hybrid::HybridParams),
    /// item2vec.
    #[serde(rename = "item2vec")]
    Item2Vec(item2vec::Item2VecParams),
    /// The dataset's own `item_vectors.csv`.
    Imported,
    /// A sentence encoder or static model from a local folder.
    TextModel(text_model::TextModelParams),
}

impl Default for EmbedParams {
    fn default() -> Self {
        Self::Features(features::FeaturesParams::default())
    }
}

impl EmbedParams {
    /// The method these parameters select.
    #[must_use]
    pub fn method(&self) -> Method {
        match self {
            Self::Features(_) => Method::Features,
            Self::Als(_) => Method::Als,
            Self::Content(_) => Method::Content,
            Self::Hybrid(_) => Method::Hybrid,
            Self::Item2Vec(_) => Method::Item2Vec,
            Self::Imported => Method::Imported,
            Self::TextModel(_) => Method::TextModel,
        }
    }
}

impl EmbedParams {
    /// These parameters with a text model's identity (the hash of its weights) filled in, as the
    /// workspace key needs it; other methods are returned as they are.
    ///
    /// # Errors
    /// A text model without a folder, or whose folder cannot be read.
    pub fn resolved(self) -> crate::error::Result<Self> {
        Ok(match self {
            Self::TextModel(p) => Self::TextModel(p.resolved()?),
            Self::Hybrid(h) => match h.text_model {
                Some(tm) => Self::Hybrid(hybrid::HybridParams {
                    text_model: Some(tm.resolved()?),
                    ..h
                }),
                None => Self::Hybrid(h),
            },
            other => other,
        })
    }
}

/// Compute vectors for a dataset.
///
/// # Errors
/// Invalid parameters, data the method cannot use (no features / no interactions), `Cancelled`.
pub fn embed(
    data: &crate::data::Dataset,
    params: &EmbedParams,
    progress: &crate::progress::Progress,
) -> crate::error::Result<Embeddings> {
    match params {
        EmbedParams::Features(p) => {
            let valid = p.validate(data)?;
            features::fit(data, &valid, progress)
        }
        EmbedParams::Als(p) => als::embed_dataset(data, &p.validate()?, progress),
        EmbedParams::Content(p) => tfidf_svd::embed_dataset(data, p, progress),
        EmbedParams::Hybrid(p) => hybrid::embed_dataset(data, p, progress),
        EmbedParams::Item2Vec(p) => item2vec::embed_dataset(data, p, progress),
        EmbedParams::Imported => imported(data),
        EmbedParams::TextModel(p) => text_model::embed_dataset(data, p, progress),
    }
}

/// What to run instead of the default "numeric features" on a dataset without numeric feature
/// columns (MovieLens, an interactions log, a vectors file): its imported vectors, else ALS when
/// it has interactions, else the items' text (`None` when there is nothing else to try).
#[must_use]
pub fn fallback(data: &crate::data::Dataset) -> Option<EmbedParams> {
    if data.item_vectors.is_some() {
        Some(EmbedParams::Imported)
    } else if !data.interactions.is_empty() {
        Some(EmbedParams::Als(als::AlsParams::default()))
    } else if data.items.len() > 1 {
        Some(EmbedParams::Content(tfidf_svd::TfidfSvdParams::default()))
    } else {
        None
    }
}

/// Item and user vectors in one space.
#[derive(Debug, Clone)]
pub struct Embeddings {
    /// How they were made.
    pub method: Method,
    /// One row per item (shared: imported vectors are the dataset's own matrix, not a copy).
    pub items: std::sync::Arc<Array2<f32>>,
    /// One row per user (zero rows for users without vectors; see `user_placed`).
    pub users: Array2<f32>,
    /// Whether each user has a vector (users with no usable interactions have none).
    pub user_placed: Vec<bool>,
    /// Names of the dimensions (the feature columns for the features embedder).
    pub dim_names: Vec<String>,
    /// For the features embedder: per-dimension (mean, scale) to turn a vector back into raw
    /// units (`raw = mean + v / weight · scale`); empty for other embedders.
    pub raw_units: Vec<(f64, f64)>,
    /// For the text model: which model, rows truncated, items without text, speed.
    pub text_model: Option<text_model::TextModelReport>,
}

impl Embeddings {
    /// A vector in the raw units of the features (e.g. yen), when the embedder has them.
    #[must_use]
    pub fn to_raw(&self, v: &[f32]) -> Option<Vec<f64>> {
        (self.raw_units.len() == v.len()).then(|| {
            v.iter()
                .zip(&self.raw_units)
                .map(|(x, (m, s))| m + f64::from(*x) * s)
                .collect()
        })
    }
}

impl Embeddings {
    /// Vector dimension.
    #[must_use]
    pub fn dim(&self) -> usize {
        self.items.ncols()
    }
}

/// Vectors computed elsewhere (e.g. Sentence-BERT, CLIP, an API, a Spark ALS model), as the
/// dataset ships them; users are the dataset's user vectors when it has them (learned in the
/// same space), else the rating-weighted mean of their items, like the features embedder.
fn imported(data: &crate::data::Dataset) -> crate::error::Result<Embeddings> {
    let Some(items) = &data.item_vectors else {
        return Err(crate::error::ComputeError::InvalidParams(
            "this dataset has no imported vectors (add item_vectors.csv: an id column and one column per dimension)".to_owned(),
        ));
    };
    // Users learned in the same space (a Spark ALS model) are used as they are.
    if let Some(users) = &data.user_vectors
        && users.ncols() == items.ncols()
        && users.nrows() == data.users.len()
    {
        return Ok(Embeddings {
            method: Method::Imported,
            items: std::sync::Arc::clone(items),
            users: users.as_ref().clone(),
            user_placed: vec![true; users.nrows()],
            dim_names: (1..=items.ncols()).map(|d| format!("v{d}")).collect(),
            raw_units: Vec::new(),
            text_model: None,
        });
    }
    let (users, user_placed) = features::user_means(data, items.as_ref());
    Ok(Embeddings {
        method: Method::Imported,
        items: std::sync::Arc::clone(items),
        users: users.mapv(|x| x as f32),
        user_placed,
        dim_names: (1..=items.ncols()).map(|d| format!("v{d}")).collect(),
        raw_units: Vec::new(),
        text_model: None,
    })
}
