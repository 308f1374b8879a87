//! The user card of the Interviews tab: profile, suggested questions, held-out hits and
//! misses (the per-user Recall@k of [`crate::pipeline::interview::Holdout`]), the user's
//! position on the map (a small live plot: every point grey, the user ringed, their history
//! and held-out items coloured — the same layout as the sheet's PNG), recommendations with
//! reasons and the latest history.

use egui::{Color32, RichText};
use egui_plot::{Legend, MarkerShape, Plot, Points};

use crate::data::{Kind, PointRef};
use crate::gui::i18n::{Key, Lang, fill, tr};
use crate::pipeline::RunOutput;
use crate::pipeline::interview::card::{CardItem, UserCard};
use crate::pipeline::interview::questions::suggested_questions;

const OTHERS: Color32 = Color32::from_gray(110);
const HISTORY: Color32 = Color32::from_rgb(86, 180, 233);
const HIT: Color32 = Color32::from_rgb(0, 158, 115);
const MISS: Color32 = Color32::from_rgb(213, 94, 0);
const USER: Color32 = Color32::from_rgb(240, 228, 66);
/// Hits (and misses) listed on the card before "… and n more".
pub const HELD_OUT_SHOWN: usize = 12;

/// Draw the card. `holdout_pending`: the held-out split is still being computed.
pub fn card_ui(
    ui: &mut egui::Ui,
    card: &UserCard,
    run: &RunOutput,
    lang: Lang,
    holdout_pending: bool,
) {
    ui.heading(format!("{} ({})", card.name, card.id));
    for (k, v) in &card.profile {
        ui.label(format!("{k}: {v}"));
    }
    ui.strong(tr(lang, Key::IvQuestions));
    for q in suggested_questions(card, lang.is_ja()) {
        ui.label(format!("• {q}"));
    }
    held_out_ui(ui, card, lang, holdout_pending);
    map_snippet_ui(ui, card, run, lang);
    ui.strong(tr(lang, Key::IvRecommended));
    for r in &card.recommendations {
        ui.label(format!(
            "{} · {} ← {}",
            r.item.title,
            r.item.category,
            r.because.join(", ")
        ));
    }
    ui.strong(tr(lang, Key::IvHistory));
    // The timeline, newest first: date (when the data has timestamps, as the reader writes
    // dates), item, category.
    for h in card.history.iter().rev().take(20) {
        let when: String = h
            .timestamp
            .map(|t| crate::store::clock::local_date(t.saturating_mul(1000), lang.is_ja()))
            .unwrap_or_default();
        ui.label(
            format!("{when}  {} · {}", h.item.title, h.item.category)
                .trim_start()
                .to_owned(),
        );
    }
}

/// "Held-out items: 2 of 5 found in the top 10", then one line per hit and per miss.
fn held_out_ui(ui: &mut egui::Ui, card: &UserCard, lang: Lang, pending: bool) {
    ui.strong(tr(lang, Key::IvHeldOut));
    if pending {
        ui.horizontal(|ui| {
            ui.spinner();
            ui.label(tr(lang, Key::IvHoldoutComputing));
        });
        return;
    }
    let Some(recall) = card.recall else {
        ui.label(RichText::new(tr(lang, Key::IvNoHeldOut)).weak());
        return;
    };
    ui.label(fill(
        tr(lang, Key::IvHeldOutSummary),
        &[
            ("hits", card.hits.len().to_string()),
            ("n", (card.hits.len() + card.misses.len()).to_string()),
            ("k", card.k.to_string()),
            ("r", format!("{recall:.2}")),
        ],
    ));
    let line = |ui: &mut egui::Ui, key: Key, color: Color32, it: &CardItem| {
        ui.horizontal(|ui| {
            ui.label(RichText::new(tr(lang, key)).color(color).strong());
            ui.label(format!("{} · {}", it.title, it.category));
        });
    };
    // A heavy user can have hundreds of held-out items: the first few of each, then a count
    // (the sheet lists them all).
    for (items, key, color) in [
        (&card.hits, Key::IvHit, HIT),
        (&card.misses, Key::IvMiss, MISS),
    ] {
        for it in items.iter().take(HELD_OUT_SHOWN) {
            line(ui, key, color, it);
        }
        if items.len() > HELD_OUT_SHOWN {
            let more = (items.len() - HELD_OUT_SHOWN).to_string();
            ui.label(RichText::new(fill(tr(lang, Key::IvMore), &[("n", more)])).weak());
        }
    }
}

/// Map points of the card's items (ids the run does not place are skipped).
fn item_points(run: &RunOutput, items: impl Iterator<Item = String>) -> Vec<[f64; 2]> {
    items
        .filter_map(|id| {
            let row = run.data.items.find(&id)?;
            let p = run.point_of(PointRef {
                kind: Kind::Item,
                row,
            })?;
            Some([f64::from(run.xy[[p, 0]]), f64::from(run.xy[[p, 1]])])
        })
        .collect()
}

/// The user's position among every point of the run, on the layout the sheet's PNG uses.
fn map_snippet_ui(ui: &mut egui::Ui, card: &UserCard, run: &RunOutput, lang: Lang) {
    ui.strong(tr(lang, Key::IvMapPosition));
    let Some([ux, uy]) = card.map_xy else {
        ui.label(RichText::new(tr(lang, Key::IvNotOnMap)).weak());
        return;
    };
    let others: Vec<[f64; 2]> = run
        .xy
        .rows()
        .into_iter()
        .map(|r| [f64::from(r[0]), f64::from(r[1])])
        .collect();
    let history = item_points(run, card.history.iter().map(|h| h.item.id.clone()));
    let hits = item_points(run, card.hits.iter().map(|h| h.id.clone()));
    let misses = item_points(run, card.misses.iter().map(|h| h.id.clone()));
    Plot::new(("interview_map", card.id.as_str()))
        .height(260.0)
        .width(ui.available_width().min(520.0))
        .data_aspect(1.0)
        .legend(Legend::default())
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .show_axes(false)
        .show_grid(false)
        .show(ui, |pui| {
            pui.points(
                Points::new(tr(lang, Key::IvMapOthers), others)
                    .color(OTHERS)
                    .radius(1.0),
            );
            pui.points(
                Points::new(tr(lang, Key::IvMapHistory), history)
                    .color(HISTORY)
                    .radius(2.5),
            );
            pui.points(
                Points::new(tr(lang, Key::IvMapHit), hits)
                    .color(HIT)
                    .radius(4.0)
                    .shape(MarkerShape::Diamond),
            );
            pui.points(
                Points::new(tr(lang, Key::IvMapMiss), misses)
                    .color(MISS)
                    .radius(4.0)
                    .shape(MarkerShape::Cross),
            );
            pui.points(
                Points::new(
                    tr(lang, Key::IvMapUser),
                    vec![[f64::from(ux), f64::from(uy)]],
                )
                .color(USER)
                .radius(7.0)
                .filled(false)
                .shape(MarkerShape::Circle),
            );
        });
}
