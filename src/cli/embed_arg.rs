//! The `--method` value naming an embedder, shared by `compare` and `export`; and the label of
//! the settings a run used, printed by every command that embeds (`run`, `recommend`,
//! `export`), so two runs called "als" with different settings never look alike.

use serde_json::{Value, json};

use crate::embed::{EmbedParams, Method};
use crate::pipeline::compare::default_params;

/// An embedding method on the command line.
#[derive(Debug, Clone, Copy, clap::ValueEnum)]
pub(super) enum EmbedArg {
    Features,
    Als,
    Content,
    Hybrid,
    Item2vec,
    Imported,
    /// A sentence encoder or static model from `--model DIR`.
    TextModel,
}

impl EmbedArg {
    /// The method it names.
    pub(super) fn method(self) -> Method {
        match self {
            Self::Features => Method::Features,
            Self::Als => Method::Als,
            Self::Content => Method::Content,
            Self::Hybrid => Method::Hybrid,
            Self::Item2vec => Method::Item2Vec,
            Self::Imported => Method::Imported,
            Self::TextModel => Method::TextModel,
        }
    }

    /// The method with the app's default settings ([`default_params`]: the one set of
    /// defaults the GUI, `compare`, `recommend`, `export` and the no-features fallback share).
    pub(super) fn defaults(self) -> EmbedParams {
        default_params(self.method())
    }
}

/// The settings a finished run used: the requested ones, or — when the pipeline fell back to
/// another method because the data has no numeric features — that method's defaults.
pub(super) fn used_params(requested: &EmbedParams, used: Method) -> EmbedParams {
    if requested.method() == used {
        requested.clone()
    } else {
        default_params(used)
    }
}

/// The settings as JSON (`{"factors": 32, "alpha": 2.0, …}`; `{}` for a method without any).
pub(super) fn settings_json(p: &EmbedParams) -> Value {
    let v = serde_json::to_value(p).unwrap_or(Value::Null);
    let mut s = match v.get("params") {
        Some(params) if !params.is_null() => params.clone(),
        _ => json!({}),
    };
    // The model's name and folder are not part of the workspace key (its weights' hash is),
    // so serde skips them; the settings a user reads name them.
    let named = |tm: &crate::embed::text_model::TextModelParams, v: &mut Value| {
        v["model"] = json!(tm.model_name);
        v["model_path"] = json!(tm.model);
    };
    // ALS-WR solves each row exactly: its conjugate-gradient steps are not a setting it used.
    let cg = |a: &crate::embed::als::AlsParams, v: &mut Value| {
        if v.get("cg_steps").is_some() {
            v["cg_steps"] = json!(a.cg_steps_used());
        }
    };
    match p {
        EmbedParams::TextModel(tm) => named(tm, &mut s),
        EmbedParams::Hybrid(h) => {
            if let Some(tm) = &h.text_model {
                named(tm, &mut s["text_model"]);
            }
            cg(&h.als, &mut s["als"]);
        }
        EmbedParams::Als(a) => cg(a, &mut s),
        _ => {}
    }
    s
}

/// A number as typed: `2` rather than `2.0`, `0.05` rather than `0.0500000007`.
fn short(v: &Value) -> String {
    match v.as_f64() {
        Some(x) if x.fract() == 0.0 && x.abs() < 1e15 => format!("{x:.0}"),
        Some(x) => format!("{}", (x * 1e6).round() / 1e6),
        None => v.to_string(),
    }
}

/// `all-MiniLM-L6-v2, columns title + description, prefix "passage: "`.
fn text_model_label(tm: &crate::embed::text_model::TextModelParams) -> String {
    let mut s = if tm.model_name.is_empty() {
        tm.model.display().to_string()
    } else {
        tm.model_name.clone()
    };
    if !tm.columns.is_empty() {
        s = format!("{s}, columns {}", tm.columns.join(" + "));
    }
    if let Some(p) = &tm.prefix {
        s = format!("{s}, prefix \"{p}\"");
    }
    s
}

/// The method with its settings, for text output: `als (32 factors, α 2, λ 0.05, 15
/// iterations)`; other methods list their settings as `name value`.
pub(super) fn label(p: &EmbedParams) -> String {
    let name = p.method().as_str();
    let s = settings_json(p);
    let als = |a: &Value| {
        // ALS-WR says so: its λ is per interaction.
        let wr = if a["regularization_scale"] == "spark" {
            " per interaction (ALS-WR, as Spark)"
        } else {
            ""
        };
        format!(
            "{} factors, α {}, λ {}{wr}, {} iterations",
            short(&a["factors"]),
            short(&a["alpha"]),
            short(&a["regularization"]),
            short(&a["iterations"])
        )
    };
    let inner = match p {
        EmbedParams::Als(_) => als(&s),
        EmbedParams::Hybrid(h) => format!(
            "content weight {}{}, ALS {}",
            short(&s["content_weight"]),
            h.text_model
                .as_ref()
                .map_or_else(String::new, |tm| format!(" from {}", text_model_label(tm))),
            als(&s["als"])
        ),
        EmbedParams::TextModel(tm) => text_model_label(tm),
        _ => s
            .as_object()
            .into_iter()
            .flatten()
            .filter(|(_, v)| v.is_number() || v.is_string() || v.is_boolean())
            .map(|(k, v)| match (k.as_str(), v.as_u64()) {
                // item2vec's 0 epochs means "as many as the data needs", not none.
                ("epochs", Some(0)) => "epochs auto".to_owned(),
                _ => format!("{} {}", k.replace('_', " "), short(v)),
            })
            .collect::<Vec<_>>()
            .join(", "),
    };
    if inner.is_empty() {
        name.to_owned()
    } else {
        format!("{name} ({inner})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn als_label_names_its_settings() {
        let p = default_params(Method::Als);
        assert_eq!(label(&p), "als (32 factors, α 2, λ 0.05, 15 iterations)");
        assert_eq!(settings_json(&p)["factors"], 32);
        assert_eq!(settings_json(&p)["cg_steps"], 3);
        // ALS-WR solves each row exactly: no CG steps to report, here or inside the hybrid.
        let wr = crate::embed::als::AlsParams {
            regularization_scale: crate::embed::als::RegularizationScale::Spark,
            ..crate::embed::als::AlsParams::default()
        };
        assert!(settings_json(&EmbedParams::Als(wr.clone()))["cg_steps"].is_null());
        let hybrid = EmbedParams::Hybrid(crate::embed::hybrid::HybridParams {
            als: wr,
            ..crate::embed::hybrid::HybridParams::default()
        });
        assert!(settings_json(&hybrid)["als"]["cg_steps"].is_null());
        assert!(!label(&hybrid).contains("CG"));
        assert_eq!(label(&EmbedParams::Imported), "imported");
        assert_eq!(
            label(&default_params(Method::Item2Vec)),
            "item2vec (dims 32, max context 200, negatives 5, epochs auto, learning rate 0.1, subsample 0.001, seed 0)"
        );
        assert_eq!(
            used_params(&EmbedParams::default(), Method::Als),
            default_params(Method::Als)
        );
    }
}
