//! Recommendations for the selected user as a two-stage funnel: catalogue → stage-1 candidates
//! → stage-2 re-ranked list (weights adjustable), each item with how re-ranking moved it and
//! its reasons: the past items that explain it (with their share) and, for feature vectors,
//! the features where user and item agree.

use egui::RichText;

use super::i18n::{Key, fill, tr};
use super::state::{AppState, Command};
use crate::data::{Kind, PointRef};
use crate::embed::Method;
use crate::pipeline::RunOutput;
use crate::pipeline::recommend_query::default_metric;
use crate::recommend::ScoreMetric;

/// Draw the recommendations section (nothing unless a user is selected).
pub fn recommend_ui(ui: &mut egui::Ui, state: &AppState, run: &RunOutput, cmds: &mut Vec<Command>) {
    let Some(recs) = &state.recommendations else {
        return;
    };
    let lang = state.lang();
    let ja = lang.is_ja();
    ui.separator();
    ui.label(RichText::new(tr(lang, Key::Recommendations)).strong());
    metric_ui(ui, state, run, cmds);
    overlap_ui(ui, state);
    funnel_ui(ui, state, cmds);
    ui.label(RichText::new(tr(lang, Key::RecsHint)).small().weak());
    let items = &run.data.items;
    let labels = if ja {
        &items.features.labels_ja
    } else {
        &items.features.labels
    };
    for (rank, r) in recs.iter().enumerate() {
        let stage1 = state
            .funnel
            .as_ref()
            .and_then(|f| f.shown.get(rank))
            .map(|s| s.stage1_rank);
        ui.horizontal(|ui| {
            ui.label(RichText::new(format!("{:>2}.", rank + 1)).monospace());
            movement_ui(ui, rank, stage1);
            if ui
                .selectable_label(false, items.name(r.item as usize, ja))
                .clicked()
            {
                cmds.push(Command::Select(run.point_of(PointRef {
                    kind: Kind::Item,
                    row: r.item,
                })));
            }
            ui.label(
                RichText::new(format!("{} {:.3}", tr(lang, Key::Score), r.score))
                    .monospace()
                    .weak(),
            );
            if let Some(lists) = &state.metric_lists {
                let ranks: Vec<String> = lists
                    .lists
                    .iter()
                    .map(|(m, _)| {
                        let at = lists
                            .rank(*m, r.item)
                            .map_or_else(|| "—".to_owned(), |k| format!("#{}", k + 1));
                        format!("{} {at}", metric_label(lang, *m))
                    })
                    .collect();
                ui.label(RichText::new(ranks.join(" · ")).small().weak())
                    .on_hover_text(tr(lang, Key::MetricRanks));
            }
        });
        let mut parts: Vec<String> = r
            .because
            .iter()
            .map(|b| {
                format!(
                    "{} {:.0}%",
                    items.name(b.item as usize, ja),
                    b.share * 100.0
                )
            })
            .collect();
        if run.embeddings.method == Method::Features && !r.dims.is_empty() {
            let dims: Vec<&str> = r
                .dims
                .iter()
                .filter_map(|d| labels.get(*d).map(String::as_str))
                .collect();
            parts.push(format!(
                "{}: {}",
                tr(lang, Key::TopFeatures),
                dims.join(", ")
            ));
        }
        if !parts.is_empty() {
            ui.label(
                RichText::new(format!(
                    "      {} {}",
                    tr(lang, Key::Because),
                    parts.join(" · ")
                ))
                .small()
                .weak(),
            );
        }
    }
}

/// Funnel sizes and the stage-2 weight sliders.
fn funnel_ui(ui: &mut egui::Ui, state: &AppState, cmds: &mut Vec<Command>) {
    let Some(f) = &state.funnel else { return };
    let lang = state.lang();
    let text = fill(
        tr(lang, Key::Funnel),
        &[
            ("catalogue", f.catalogue.to_string()),
            ("candidates", f.candidates.to_string()),
            ("shown", f.shown.len().to_string()),
            ("seen", f.seen.to_string()),
        ],
    );
    ui.label(RichText::new(text));
    ui.label(RichText::new(tr(lang, Key::FunnelHint)).small().weak());
    let mut w = state.settings.rerank;
    let mut changed = false;
    // One slider per line, so the panel never has to grow to fit them.
    for (value, key, max) in [
        (&mut w.popularity, Key::WeightPopularity, 2.0),
        (&mut w.recency, Key::WeightRecency, 2.0),
        (&mut w.diversity, Key::WeightDiversity, 1.0),
    ] {
        changed |= ui
            .add(
                egui::Slider::new(value, 0.0..=max)
                    .text(tr(lang, key))
                    .fixed_decimals(2),
            )
            .changed();
    }
    if changed {
        cmds.push(Command::SetRerank(w));
    }
}

/// ↑n / ↓n / = against the item's stage-1 position.
fn movement_ui(ui: &mut egui::Ui, rank: usize, stage1: Option<usize>) {
    let Some(before) = stage1 else { return };
    let (text, color) = match before.cmp(&rank) {
        std::cmp::Ordering::Greater => (
            format!("↑{}", before - rank),
            egui::Color32::from_rgb(90, 200, 120),
        ),
        std::cmp::Ordering::Less => (
            format!("↓{}", rank - before),
            egui::Color32::from_rgb(230, 110, 90),
        ),
        std::cmp::Ordering::Equal => ("=".to_owned(), ui.visuals().weak_text_color()),
    };
    ui.label(RichText::new(format!("{text:>4}")).monospace().color(color));
}

/// Dot / cosine / Euclidean choice for scoring.
fn metric_ui(ui: &mut egui::Ui, state: &AppState, run: &RunOutput, cmds: &mut Vec<Command>) {
    let lang = state.lang();
    let current = state
        .settings
        .score_metric
        .unwrap_or_else(|| default_metric(run.embeddings.method));
    ui.horizontal(|ui| {
        ui.label(tr(lang, Key::ScoreBy))
            .on_hover_text(tr(lang, Key::ScoreByHover));
        for m in [
            ScoreMetric::Dot,
            ScoreMetric::Cosine,
            ScoreMetric::Euclidean,
        ] {
            if ui
                .radio(current == m, metric_label(lang, m))
                .on_hover_text(tr(lang, Key::ScoreByHover))
                .clicked()
                && current != m
            {
                cmds.push(Command::SetScoreMetric(m));
            }
        }
    });
}

/// Short display name of a scoring metric.
fn metric_label(lang: super::i18n::Lang, m: ScoreMetric) -> &'static str {
    match (lang.is_ja(), m) {
        (true, ScoreMetric::Dot) => "内積",
        (true, ScoreMetric::Cosine) => "コサイン",
        (true, ScoreMetric::Euclidean) => "ユークリッド",
        (false, ScoreMetric::Dot) => "dot",
        (false, ScoreMetric::Cosine) => "cosine",
        (false, ScoreMetric::Euclidean) => "Euclidean",
    }
}

/// How much the three metrics' top lists overlap.
fn overlap_ui(ui: &mut egui::Ui, state: &AppState) {
    let Some(lists) = &state.metric_lists else {
        return;
    };
    let [dc, ce, de] = lists.overlaps();
    let n = lists.lists[0].1.len();
    let text = fill(
        tr(state.lang(), Key::MetricOverlap),
        &[
            ("n", n.to_string()),
            ("dc", dc.2.to_string()),
            ("ce", ce.2.to_string()),
            ("de", de.2.to_string()),
        ],
    );
    ui.label(RichText::new(text).small());
}
