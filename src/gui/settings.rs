//! What the user chose that outlives a run: the embedding method and the saved settings
//! (language, k, metric, ALS regularisation, …), with their defaults.

use std::path::PathBuf;

use super::i18n::Lang;
use crate::embed::{EmbedParams, Method};
use crate::pipeline::query::KindFilter;
use crate::recommend::rerank::RerankWeights;

/// The embedding methods the GUI offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum MethodChoice {
    /// Standardised numeric features (content).
    #[default]
    Features,
    /// Implicit ALS (collaborative).
    Als,
    /// TF-IDF + SVD of the items' text (content).
    Text,
    /// Text and ALS combined (weight in the settings).
    Hybrid,
    /// item2vec over each user's sequence.
    Item2Vec,
    /// The dataset's own `item_vectors.csv`.
    Imported,
    /// A sentence encoder or static model from a local folder (the model picker).
    TextModel,
}

impl MethodChoice {
    /// Pipeline parameters for this choice (ALS with 32 factors: quick enough to feel live);
    /// `content_weight` is the hybrid's weight of text, `feature_weights` the numeric features'
    /// per-column weights (empty = all 1).
    #[must_use]
    pub fn params(self, content_weight: f32, feature_weights: &[f64]) -> EmbedParams {
        // The defaults are shared with runs computed outside the GUI (`compare --dataset`),
        // so both give the same workspace key.
        match crate::pipeline::compare::default_params(self.method()) {
            EmbedParams::Hybrid(h) => EmbedParams::Hybrid(crate::embed::hybrid::HybridParams {
                content_weight,
                ..h
            }),
            EmbedParams::Features(_) => {
                EmbedParams::Features(crate::embed::features::FeaturesParams {
                    weights: (!feature_weights.is_empty()).then(|| feature_weights.to_vec()),
                })
            }
            other @ (EmbedParams::Als(_)
            | EmbedParams::Content(_)
            | EmbedParams::Item2Vec(_)
            | EmbedParams::Imported
            | EmbedParams::TextModel(_)) => other,
        }
    }

    /// The method of this choice.
    #[must_use]
    pub fn method(self) -> Method {
        match self {
            Self::Features => Method::Features,
            Self::Als => Method::Als,
            Self::Text => Method::Content,
            Self::Hybrid => Method::Hybrid,
            Self::Item2Vec => Method::Item2Vec,
            Self::Imported => Method::Imported,
            Self::TextModel => Method::TextModel,
        }
    }

    /// The choice that produced a run.
    #[must_use]
    pub fn of(method: Method) -> Self {
        match method {
            Method::Features => Self::Features,
            Method::Als => Self::Als,
            Method::Content => Self::Text,
            Method::Hybrid => Self::Hybrid,
            Method::Item2Vec => Self::Item2Vec,
            Method::Imported => Self::Imported,
            Method::TextModel => Self::TextModel,
        }
    }
}

/// Settings kept between sessions (eframe storage).
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(default)]
pub struct Settings {
    /// UI language; `None` until the first run picks it from the system locale.
    pub lang: Option<Lang>,
    /// Neighbours per list.
    pub k: usize,
    /// Which kinds may be neighbours.
    pub filter: KindFilter,
    /// The dataset opened last.
    pub last_dataset: Option<PathBuf>,
    /// Embedding method.
    pub method: MethodChoice,
    /// Stage-2 re-ranking weights of the recommendation funnel.
    pub rerank: RerankWeights,
    /// Weight of text in the hybrid method, 0–1.
    pub hybrid_weight: f32,
    /// How recommendations are scored; `None` = the method's own (dot for ALS, cosine for features).
    pub score_metric: Option<crate::recommend::ScoreMetric>,
    /// Presenter mode: larger text and markers for a projector ([`super::presenter`]).
    pub presenter: bool,
    /// The text model chosen in the model picker (a local folder).
    pub text_model: Option<PathBuf>,
    /// Item columns the text model reads (empty = title, and description when there is one).
    pub text_columns: Vec<String>,
    /// Text put before every item for the text model ("" = the model's own prompt).
    pub text_prefix: String,
    /// The hybrid's content part from the text model instead of TF-IDF.
    pub hybrid_text_model: bool,
    /// How ALS applies λ (ALS, the hybrid's ALS part and the evaluation's ALS row): the same
    /// for every row, or Spark's ALS-WR (λ × each row's interactions).
    pub als_regularization: crate::embed::als::RegularizationScale,
}

impl Settings {
    /// Parameters of `method` with these settings: the hybrid's weight, the chosen text model
    /// and the ALS regularisation; `feature_weights` are the numeric features' weights.
    #[must_use]
    pub fn embed_params(&self, method: MethodChoice, feature_weights: &[f64]) -> EmbedParams {
        let scale = self.als_regularization;
        match self.with_text_model(method.params(self.hybrid_weight, feature_weights)) {
            EmbedParams::Als(als) => EmbedParams::Als(crate::embed::als::AlsParams {
                regularization_scale: scale,
                ..als
            }),
            EmbedParams::Hybrid(mut h) => {
                h.als.regularization_scale = scale;
                EmbedParams::Hybrid(h)
            }
            other => other,
        }
    }

    /// The text model's parameters, when a model is chosen (its weights are hashed in the
    /// worker, see [`crate::embed::EmbedParams::resolved`]).
    #[must_use]
    pub fn text_model_params(&self) -> Option<crate::embed::text_model::TextModelParams> {
        let model = self.text_model.clone()?;
        Some(
            crate::embed::text_model::TextModelParams {
                model,
                ..crate::embed::text_model::TextModelParams::default()
            }
            .with_text(self.text_columns.clone(), Some(self.text_prefix.clone())),
        )
    }

    /// `params` with the chosen text model put in: the text model's own settings, or the
    /// hybrid's content part when that is switched on.
    #[must_use]
    pub fn with_text_model(&self, params: EmbedParams) -> EmbedParams {
        match (params, self.text_model_params()) {
            (EmbedParams::TextModel(_), Some(tm)) => EmbedParams::TextModel(tm),
            (EmbedParams::Hybrid(h), Some(tm)) if self.hybrid_text_model => {
                EmbedParams::Hybrid(crate::embed::hybrid::HybridParams {
                    text_model: Some(tm),
                    ..h
                })
            }
            (other, _) => other,
        }
    }
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            lang: None,
            k: 5,
            filter: KindFilter::All,
            last_dataset: None,
            method: MethodChoice::Features,
            rerank: RerankWeights::default(),
            score_metric: None,
            hybrid_weight: 0.5,
            presenter: false,
            text_model: None,
            text_columns: Vec::new(),
            text_prefix: String::new(),
            hybrid_text_model: false,
            als_regularization: crate::embed::als::RegularizationScale::Plain,
        }
    }
}
