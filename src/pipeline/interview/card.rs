//! The user card: everything an interviewer wants on one page about one user — profile,
//! timeline, taste by category, recommendations with reasons, held-out hits and misses, the map
//! position (a PNG snippet) and the saved note.

use std::collections::BTreeMap;

use super::{Activity, Holdout};
use crate::data::{Kind, PointRef};
use crate::pipeline::RunOutput;
use crate::pipeline::error::{PipelineError, Result};
use crate::pipeline::recommend_query::{default_metric, recommend_for_user};

/// Recommendations shown on a card.
pub const CARD_RECOMMENDATIONS: usize = 10;
/// Side of the map snippet in pixels.
pub const MAP_SIZE: [u32; 2] = [360, 260];

/// An item as shown on a card.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CardItem {
    /// Item id.
    pub id: String,
    /// Title in the card's language.
    pub title: String,
    /// Category in the card's language ("" when none).
    pub category: String,
}

/// One history event.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct HistoryEntry {
    /// The item.
    pub item: CardItem,
    /// Unix seconds, when given.
    pub timestamp: Option<i64>,
    /// Rating or weight.
    pub rating: f32,
}

/// One recommendation with its reasons.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct CardRecommendation {
    /// The item.
    pub item: CardItem,
    /// Score under the method's default metric.
    pub score: f32,
    /// Titles of the past items that explain it most.
    pub because: Vec<String>,
}

/// Everything about one user for an interview.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct UserCard {
    /// Dataset display name.
    pub dataset: String,
    /// Japanese text where the data has it.
    pub ja: bool,
    /// User id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Profile: (column, value) of the user's metadata and category.
    pub profile: Vec<(String, String)>,
    /// Interaction rows.
    pub interactions: usize,
    /// Last activity (Unix seconds).
    pub last_active: Option<i64>,
    /// Days silent before the dataset's latest timestamp.
    pub days_silent: Option<f64>,
    /// History, oldest first (ties by file order).
    pub history: Vec<HistoryEntry>,
    /// Categories of the history with their share (0–1), largest first, ties by name.
    pub top_categories: Vec<(String, f64)>,
    /// Recommendations with reasons (the run's default metric).
    pub recommendations: Vec<CardRecommendation>,
    /// The cut-off of the held-out evaluation.
    pub k: usize,
    /// Per-user Recall@k, when the user had held-out items.
    pub recall: Option<f64>,
    /// Held-out items the train-only top k found.
    pub hits: Vec<CardItem>,
    /// Held-out items it missed.
    pub misses: Vec<CardItem>,
    /// Map position (x, y), when the user is on the map.
    pub map_xy: Option<[f32; 2]>,
    /// The map with the user ringed, as PNG bytes.
    #[serde(skip)]
    pub map_png: Vec<u8>,
    /// The saved note, if any.
    pub note: Option<String>,
    /// The dataset's verb for what users do with items in English: base and past form
    /// (`["watch", "watched"]`); the questions may be asked in either language.
    pub verb_en: [String; 2],
    /// The verb in Japanese (「観る」, 「ご覧になった」).
    pub verb_ja: [String; 2],
}

/// Build the card of user row `user` (`ja`: Japanese titles and categories where the data has
/// them). `note` is the workspace note, read by the caller.
///
/// # Errors
/// An unknown user row, or a PNG encoding failure.
pub fn user_card(
    run: &RunOutput,
    holdout: Option<&Holdout>,
    user: u32,
    ja: bool,
    note: Option<String>,
) -> Result<UserCard> {
    let data = &run.data;
    let u = user as usize;
    if u >= data.users.len() {
        return Err(PipelineError::InvalidParams(format!(
            "no user row {user} (the dataset has {} users)",
            data.users.len()
        )));
    }
    let item = |i: u32| CardItem {
        id: data.items.ids[i as usize].to_owned(),
        title: data.items.name(i as usize, ja).to_owned(),
        category: data.category_label(Kind::Item, i as usize, ja).to_owned(),
    };
    let profile = profile(data, u, ja);
    let words = &data.vocabulary;
    let mut events: Vec<(usize, &crate::data::Interaction)> = data
        .interactions
        .iter()
        .enumerate()
        .filter(|(_, it)| it.user == user)
        .collect();
    events.sort_by_key(|(pos, it)| (it.timestamp.unwrap_or(i64::MIN), *pos));
    let history: Vec<HistoryEntry> = events
        .iter()
        .map(|(_, it)| HistoryEntry {
            item: item(it.item),
            timestamp: it.timestamp,
            rating: it.rating,
        })
        .collect();
    let top_categories = shares(history.iter().map(|h| h.item.category.as_str()));
    let recommendations = recommend_for_user(
        run,
        user,
        CARD_RECOMMENDATIONS,
        default_metric(run.embeddings.method),
    )
    .into_iter()
    .map(|r| CardRecommendation {
        item: item(r.item),
        score: r.score,
        because: r
            .because
            .iter()
            .map(|b| data.items.name(b.item as usize, ja).to_owned())
            .collect(),
    })
    .collect();
    let held = holdout
        .and_then(|h| h.users.get(u))
        .and_then(Option::as_ref);
    let (hits, misses) = held.map_or((Vec::new(), Vec::new()), |h| {
        let (hit, miss): (Vec<u32>, Vec<u32>) = h.test.iter().partition(|i| h.top.contains(i));
        (
            hit.into_iter().map(item).collect(),
            miss.into_iter().map(item).collect(),
        )
    });
    let point = run.point_of(PointRef {
        kind: Kind::User,
        row: user,
    });
    let map_xy = point.map(|p| [run.xy[[p, 0]], run.xy[[p, 1]]]);
    let act = Activity::of(run);
    Ok(UserCard {
        dataset: data.display_name(ja).to_owned(),
        ja,
        id: data.users.ids[u].to_owned(),
        name: data.users.name(u, ja).to_owned(),
        profile,
        interactions: act.count[u],
        last_active: act.last[u],
        days_silent: act.days_silent(u),
        history,
        top_categories,
        recommendations,
        k: holdout.map_or(0, |h| h.k),
        recall: held.map(|h| h.recall),
        hits,
        misses,
        map_xy,
        map_png: map_snippet(run, point)?,
        note,
        verb_en: verb_forms(words, false),
        verb_ja: verb_forms(words, true),
    })
}

/// The user's segment and metadata, keys and values in the dataset's words.
fn profile(data: &crate::data::Dataset, u: usize, ja: bool) -> Vec<(String, String)> {
    let mut profile = Vec::new();
    if !data.users.category(u).is_empty() {
        // The category under its column's name (`segment` when the loader does not know it).
        let name = if ja {
            "区分".to_owned()
        } else {
            data.users
                .category_column
                .clone()
                .unwrap_or_else(|| "segment".to_owned())
        };
        profile.push((name, data.category_label(Kind::User, u, ja).to_owned()));
    }
    let words = &data.vocabulary;
    profile.extend(data.users.metadata.iter().filter_map(|m| {
        let v = m.values.get(u).filter(|v| !v.is_empty())?;
        Some((
            words.column(&m.name, ja).to_owned(),
            words.value(&m.name, v, ja).to_owned(),
        ))
    }));
    profile
}

/// The dataset's verb in one language: `[base, past]`.
fn verb_forms(words: &crate::data::vocabulary::Vocabulary, ja: bool) -> [String; 2] {
    let v = words.verb(ja);
    [v.base.to_owned(), v.past.to_owned()]
}

/// Share of each label (empty labels skipped), largest first, ties by label.
#[must_use]
pub fn shares<'a>(labels: impl Iterator<Item = &'a str>) -> Vec<(String, f64)> {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    let mut total = 0usize;
    for l in labels.filter(|l| !l.is_empty()) {
        *counts.entry(l).or_default() += 1;
        total += 1;
    }
    let mut v: Vec<(String, f64)> = counts
        .into_iter()
        .map(|(l, c)| (l.to_owned(), c as f64 / total as f64))
        .collect();
    v.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    v
}

/// The map coloured by item category (users grey) with `point` ringed.
fn map_snippet(run: &RunOutput, point: Option<usize>) -> Result<Vec<u8>> {
    let items = &run.data.items;
    let labels: Vec<&str> = (0..items.len()).map(|i| items.category(i)).collect();
    let colours = crate::report::category_colours(&labels);
    crate::report::map_png(run.xy.view(), &colours, MAP_SIZE, point).map_err(|e| {
        PipelineError::Numerical {
            stage: "map",
            reason: e.to_string(),
        }
    })
}
