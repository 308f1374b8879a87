//! The details of a kept t-SNE or UMAP layout as JSON: parameters, what the method reported
//! and its warnings. The project types are not serde types (and their warnings hold
//! `&'static str`), so this is a mirror of them. Every field has a default, and warning kinds
//! this build does not know are dropped, so details written by other versions still read.

use ndarray::Array2;
use serde::{Deserialize, Serialize};

use super::layout::{Finished, FinishedTsne, FinishedUmap};
use crate::project::tsne::{TsneOutput, TsneParams};
use crate::project::umap::{UmapOutput, UmapParams};
use crate::project::warning::ProjectionWarning;

/// The details of a kept layout as stored (t-SNE fills some fields, UMAP others).
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub(super) struct Meta {
    tsne: Option<TsneParamsMeta>,
    umap: Option<UmapParamsMeta>,
    perplexity: f32,
    gradient: String,
    neighbours: usize,
    kl_divergence: Option<f32>,
    epochs: usize,
    a: f32,
    b: f32,
    edges: usize,
    warnings: Vec<WarningMeta>,
    /// Fit on vectors scaled per kind (absent in older details: the raw vectors).
    scaled: bool,
}

impl Meta {
    /// The details of `layout`.
    pub(super) fn of(layout: &Finished) -> Self {
        match layout {
            Finished::Tsne(t) => Self {
                tsne: t.params.as_ref().map(TsneParamsMeta::of),
                perplexity: t.out.perplexity,
                gradient: t.out.gradient.to_owned(),
                neighbours: t.out.neighbours,
                kl_divergence: t.out.kl_divergence,
                warnings: t.out.warnings.iter().map(WarningMeta::of).collect(),
                scaled: t.scaled,
                ..Self::default()
            },
            Finished::Umap(u) => Self {
                umap: u.params.as_ref().map(UmapParamsMeta::of),
                neighbours: u.out.neighbours,
                epochs: u.out.epochs,
                a: u.out.a,
                b: u.out.b,
                edges: u.out.edges,
                warnings: u.out.warnings.iter().map(WarningMeta::of).collect(),
                scaled: u.scaled,
                ..Self::default()
            },
        }
    }

    /// As JSON text.
    pub(super) fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Read JSON text; text that is not details of a layout reads as none. Leniently: a field
    /// or a warning that does not read (a NaN written as `null`, another version's shape) drops
    /// only itself, not the other details.
    pub(super) fn from_json(text: &str) -> Self {
        use serde_json::{Map, Value};
        let Ok(Value::Object(mut fields)) = serde_json::from_str::<Value>(text) else {
            return Self::default();
        };
        let warnings: Vec<WarningMeta> = match fields.remove("warnings") {
            Some(Value::Array(items)) => items
                .into_iter()
                .filter_map(|w| serde_json::from_value(w).ok())
                .collect(),
            _ => Vec::new(),
        };
        let readable: Map<String, Value> = fields
            .into_iter()
            .filter(|(key, value)| {
                let one = Map::from_iter([(key.clone(), value.clone())]);
                serde_json::from_value::<Self>(Value::Object(one)).is_ok()
            })
            .collect();
        let mut meta: Self = serde_json::from_value(Value::Object(readable)).unwrap_or_default();
        meta.warnings = warnings;
        meta
    }

    fn warnings(&self) -> Vec<ProjectionWarning> {
        self.warnings
            .iter()
            .filter_map(WarningMeta::warning)
            .collect()
    }

    /// A t-SNE with layout `xy` and these details.
    pub(super) fn into_tsne(self, xy: Array2<f32>, generation: u64) -> FinishedTsne {
        let warnings = self.warnings();
        FinishedTsne {
            params: self.tsne.map(TsneParamsMeta::params),
            out: TsneOutput {
                xy,
                perplexity: self.perplexity,
                gradient: match self.gradient.as_str() {
                    "fft" => "fft",
                    "barnes-hut" => "barnes-hut",
                    _ => "saved",
                },
                neighbours: self.neighbours,
                kl_divergence: self.kl_divergence,
                warnings,
            },
            generation,
            scaled: self.scaled,
        }
    }

    /// A UMAP with layout `xy` and these details.
    pub(super) fn into_umap(self, xy: Array2<f32>, generation: u64) -> FinishedUmap {
        let warnings = self.warnings();
        FinishedUmap {
            params: self.umap.map(UmapParamsMeta::params),
            out: UmapOutput {
                xy,
                neighbours: self.neighbours,
                epochs: self.epochs,
                a: self.a,
                b: self.b,
                edges: self.edges,
                warnings,
            },
            generation,
            scaled: self.scaled,
        }
    }
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(default)]
struct TsneParamsMeta {
    perplexity: f32,
    iterations: usize,
    learning_rate: Option<f32>,
    seed: u64,
    pca_init: bool,
}

impl Default for TsneParamsMeta {
    fn default() -> Self {
        Self::of(&TsneParams::default())
    }
}

impl TsneParamsMeta {
    fn of(p: &TsneParams) -> Self {
        Self {
            perplexity: p.perplexity,
            iterations: p.iterations,
            learning_rate: p.learning_rate,
            seed: p.seed,
            pca_init: p.pca_init,
        }
    }

    fn params(self) -> TsneParams {
        TsneParams {
            perplexity: self.perplexity,
            iterations: self.iterations,
            learning_rate: self.learning_rate,
            seed: self.seed,
            pca_init: self.pca_init,
        }
    }
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(default)]
struct UmapParamsMeta {
    neighbours: usize,
    min_dist: f32,
    spread: f32,
    epochs: Option<usize>,
    seed: u64,
}

impl Default for UmapParamsMeta {
    fn default() -> Self {
        Self::of(&UmapParams::default())
    }
}

impl UmapParamsMeta {
    fn of(p: &UmapParams) -> Self {
        Self {
            neighbours: p.neighbours,
            min_dist: p.min_dist,
            spread: p.spread,
            epochs: p.epochs,
            seed: p.seed,
        }
    }

    fn params(self) -> UmapParams {
        UmapParams {
            neighbours: self.neighbours,
            min_dist: self.min_dist,
            spread: self.spread,
            epochs: self.epochs,
            seed: self.seed,
        }
    }
}

/// A [`ProjectionWarning`] as stored; kinds this build does not know read as `Unknown` and are
/// dropped.
#[derive(Debug, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
enum WarningMeta {
    PerplexityClamped {
        requested: f32,
        used: f32,
        points: usize,
    },
    NeighboursClamped {
        requested: usize,
        used: usize,
        points: usize,
    },
    IdenticalPoints,
    Sampled {
        method: String,
        sample: usize,
        total: usize,
        seed: u64,
        neighbours: usize,
    },
    #[serde(other)]
    Unknown,
}

impl WarningMeta {
    fn of(w: &ProjectionWarning) -> Self {
        match *w {
            ProjectionWarning::PerplexityClamped {
                requested,
                used,
                points,
            } => Self::PerplexityClamped {
                requested,
                used,
                points,
            },
            ProjectionWarning::NeighboursClamped {
                requested,
                used,
                points,
            } => Self::NeighboursClamped {
                requested,
                used,
                points,
            },
            ProjectionWarning::IdenticalPoints => Self::IdenticalPoints,
            ProjectionWarning::Sampled {
                method,
                sample,
                total,
                seed,
                neighbours,
            } => Self::Sampled {
                method: method.to_owned(),
                sample,
                total,
                seed,
                neighbours,
            },
        }
    }

    fn warning(&self) -> Option<ProjectionWarning> {
        Some(match *self {
            Self::PerplexityClamped {
                requested,
                used,
                points,
            } => ProjectionWarning::PerplexityClamped {
                requested,
                used,
                points,
            },
            Self::NeighboursClamped {
                requested,
                used,
                points,
            } => ProjectionWarning::NeighboursClamped {
                requested,
                used,
                points,
            },
            Self::IdenticalPoints => ProjectionWarning::IdenticalPoints,
            Self::Sampled {
                ref method,
                sample,
                total,
                seed,
                neighbours,
            } => ProjectionWarning::Sampled {
                method: match method.as_str() {
                    "UMAP" => "UMAP",
                    _ => "t-SNE",
                },
                sample,
                total,
                seed,
                neighbours,
            },
            Self::Unknown => return None,
        })
    }
}
