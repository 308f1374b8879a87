//! Recommendations for the selected user as a two-stage funnel: catalogue → stage-1 candidates
//! → stage-2 re-ranked list (weights adjustable, folded away), each item with how re-ranking
//! moved it and its reasons: the top past items that explain it, in words with their share as a
//! bar, and, for feature vectors, the features where user and item agree. Shown in its own tab
//! of the right panel ([`super::neighbours_ui`]) so the ten items fit without scrolling.

use egui::RichText;

use super::i18n::{Key, fill, tr};
use super::state::{AppState, Command};
use crate::data::{Kind, PointRef};
use crate::embed::Method;
use crate::pipeline::RunOutput;
use crate::pipeline::recommend_query::default_metric;
use crate::recommend::ScoreMetric;

/// Width of a reason's share bar, in points.
const SHARE_BAR_WIDTH: f32 = 40.0;
/// Reasons shown under each recommendation.
const REASONS_SHOWN: usize = 2;
/// Panel height (points) below the funnel from which the scoring details open by default: room
/// for them and all ten rows.
const ROOM_FOR_DETAILS: f32 = 600.0;

/// Draw the recommendations (nothing unless a user is selected): the score choice with what its
/// ranks mean, the funnel, then each item with its top reasons in words and their share as a bar.
pub fn recommend_ui(ui: &mut egui::Ui, state: &AppState, run: &RunOutput, cmds: &mut Vec<Command>) {
    let Some(recs) = &state.recommendations else {
        return;
    };
    let lang = state.lang();
    // Long names and reasons wrap: nothing is cut at the panel's edge.
    ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Wrap);
    // In presenter mode the tab's name says it. How the list is scored folds away unless the
    // panel has room for it and all ten items (a tall monitor), so the ten stay above the fold
    // on a 1600 × 1000 screen and on a projector (its own id per case: opening it once on a
    // laptop does not open it on the projector).
    let presenter = state.settings.presenter;
    if !presenter {
        ui.label(RichText::new(tr(lang, Key::Recommendations)).strong());
    }
    funnel_ui(ui, state, cmds);
    let roomy = !presenter && ui.available_height() >= ROOM_FOR_DETAILS;
    egui::CollapsingHeader::new(tr(lang, Key::RecsHowRanked))
        .id_salt(("embedscope.how_ranked", presenter, roomy))
        .default_open(roomy)
        .show(ui, |ui| {
            metric_ui(ui, state, run, cmds);
            if state.metric_lists.is_some() {
                ui.label(RichText::new(tr(lang, Key::MetricRanksExplain)).small());
            }
            overlap_ui(ui, state);
            ui.label(RichText::new(tr(lang, Key::RecsHintShares)).small());
        });
    ui.separator();
    // Said once here instead of on every row, so the reasons fit their line.
    ui.label(RichText::new(format!("{} …", tr(lang, Key::BecauseHad))).weak());
    if presenter {
        // The rows sit closer, so all ten fit a 1080-pixel projector.
        ui.spacing_mut().item_spacing.y = 1.0;
    }
    for (rank, r) in recs.iter().enumerate() {
        recommendation_row_ui(ui, state, run, rank, r, cmds);
    }
}

/// One recommendation: rank, movement, name, score and its ranks under the three scores; below
/// it, its top reasons.
fn recommendation_row_ui(
    ui: &mut egui::Ui,
    state: &AppState,
    run: &RunOutput,
    rank: usize,
    r: &crate::pipeline::recommend_query::Recommendation,
    cmds: &mut Vec<Command>,
) {
    let lang = state.lang();
    let ja = lang.is_ja();
    let items = &run.data.items;
    let stage1 = state
        .funnel
        .as_ref()
        .and_then(|f| f.shown.get(rank))
        .map(|s| s.stage1_rank);
    // A row is two lines (item, then its reasons), so all ten stay in view: the matching
    // features are in the item's tooltip, and in presenter mode the three ranks too.
    let compact = state.settings.presenter;
    let (ranks, features) = ranks_and_features(state, run, r);
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(format!("{:>2}.", rank + 1)).monospace());
        movement_ui(ui, rank, stage1);
        let mut name = ui.selectable_label(
            false,
            RichText::new(items.name(r.item as usize, ja)).strong(),
        );
        let tip: Vec<&str> = ranks
            .iter()
            .filter(|_| compact)
            .chain(&features)
            .map(String::as_str)
            .collect();
        if !tip.is_empty() {
            name = name.on_hover_text(tip.join("\n"));
        }
        if name.clicked() {
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
        if let Some(ranks) = ranks.as_ref().filter(|_| !compact) {
            ui.label(RichText::new(ranks).small())
                .on_hover_text(tr(lang, Key::MetricRanks));
        }
    });
    // One wrapped line of reasons under the item: "because they had ▇ 45 % A · ▇ 20 % B".
    let reasons = |ui: &mut egui::Ui| {
        ui.horizontal_wrapped(|ui| {
            for (i, b) in r.because.iter().take(REASONS_SHOWN).enumerate() {
                if i > 0 {
                    ui.label("·");
                }
                share_bar_ui(ui, b.share, compact);
                // Kept whole: a wrapping row broke a reason anywhere ("「カレーハウス" | "蛍」9" | "%").
                ui.add(
                    egui::Label::new(fill(
                        tr(
                            lang,
                            if compact {
                                Key::ReasonShareCompact
                            } else {
                                Key::ReasonShare
                            },
                        ),
                        &[
                            ("pct", format!("{:.0}", b.share * 100.0)),
                            ("item", items.name(b.item as usize, ja).to_owned()),
                        ],
                    ))
                    .extend(),
                );
            }
        });
    };
    if compact {
        // No indent and narrower bars, so two reasons fit one line of a projector's panel.
        reasons(ui);
    } else {
        ui.indent(("reasons", rank), reasons);
    }
}

/// The item's place under each score ("dot #4 · cosine #1 · Euclidean #1") and, for numeric
/// features, the features it matches on.
fn ranks_and_features(
    state: &AppState,
    run: &RunOutput,
    r: &crate::pipeline::recommend_query::Recommendation,
) -> (Option<String>, Option<String>) {
    let lang = state.lang();
    let ja = lang.is_ja();
    let items = &run.data.items;
    let ranks = state.metric_lists.as_ref().map(|lists| {
        lists
            .lists
            .iter()
            .map(|(m, _)| {
                let at = lists
                    .rank(*m, r.item)
                    .map_or_else(|| "—".to_owned(), |k| format!("#{}", k + 1));
                format!("{} {at}", metric_label(lang, *m))
            })
            .collect::<Vec<_>>()
            .join(" · ")
    });
    let features = (run.embeddings.method == Method::Features && !r.dims.is_empty()).then(|| {
        let labels = if ja {
            &items.features.labels_ja
        } else {
            &items.features.labels
        };
        let dims: Vec<&str> = r
            .dims
            .iter()
            .filter_map(|d| labels.get(*d).map(String::as_str))
            .collect();
        format!("{}: {}", tr(lang, Key::TopFeatures), dims.join(", "))
    });
    (ranks, features)
}

/// A bar filled to `share` (0–1) of its width.
fn share_bar_ui(ui: &mut egui::Ui, share: f32, compact: bool) {
    let height = ui.text_style_height(&egui::TextStyle::Body) * 0.6;
    let width = if compact {
        SHARE_BAR_WIDTH * 0.6
    } else {
        SHARE_BAR_WIDTH
    };
    let (rect, _) = ui.allocate_exact_size(egui::vec2(width, height), egui::Sense::hover());
    let painter = ui.painter();
    painter.rect_filled(rect, 2.0, ui.visuals().faint_bg_color);
    let filled = egui::Rect::from_min_size(
        rect.min,
        egui::vec2(rect.width() * share.clamp(0.0, 1.0), rect.height()),
    );
    painter.rect_filled(filled, 2.0, ui.visuals().selection.bg_fill);
    painter.rect_stroke(
        rect,
        2.0,
        ui.visuals().widgets.noninteractive.bg_stroke,
        egui::StrokeKind::Inside,
    );
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
    // The weights fold away so the ten items stay in view; open once, they stay open.
    egui::CollapsingHeader::new(tr(lang, Key::RerankWeights))
        .id_salt("embedscope.rerank")
        .show(ui, |ui| {
            ui.label(RichText::new(tr(lang, Key::FunnelHint)).small());
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
        });
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
