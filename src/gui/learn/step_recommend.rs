//! Step 4, "recommending": a user becomes a vector as the weighted mean of the items they liked
//! (listed with their weights; for learned methods such as ALS the step says how far the
//! model's own user vector is from that mean), their nearest items under both metrics, and the
//! two-stage funnel (candidates → re-ranked list) of the app's recommendation panel, for the
//! same user. Picking a user here selects them app-wide, so the Map tab shows them too.

use egui::{Color32, RichText};
use egui_plot::{Line, MarkerShape};

use super::Memo;
use super::lists::lists_ui;
use super::picker::pick_ui;
use super::plot::{self, GHOST_COLOR};
use crate::data::{Kind, PointRef};
use crate::gui::i18n::{Key, Lang, fill, tr};
use crate::gui::legend_row::Swatch;
use crate::gui::state::{AppState, Command};
use crate::index::QueryError;
use crate::index::metric::euclidean;
use crate::pipeline::RunOutput;
use crate::pipeline::whatif::{Lists, search_both, user_mean};

/// Liked items listed before "… and N more".
const MAX_LIKED: usize = 10;
/// Colour of recommended items on the map.
const RECOMMENDED_COLOR: Color32 = Color32::from_rgb(120, 230, 140);
/// Colour of the liked items' rings and lines.
const LIKED_COLOR: Color32 = Color32::from_rgb(240, 200, 90);
/// A mean this close to the model's user vector is "the same vector".
const SAME_VECTOR: f32 = 1e-3;

/// The user's items, mean and neighbours.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    /// Map point of the user.
    pub point: Option<usize>,
    /// Items with weights (summed ratings).
    pub liked: Vec<(u32, f32)>,
    /// Weighted mean of the liked items' vectors.
    pub mean: Option<Vec<f32>>,
    /// Distance between that mean and the user's vector in the run.
    pub mean_gap: Option<f32>,
    /// Nearest items to the user's vector.
    pub lists: Option<Result<Lists, QueryError>>,
}

/// Step 4's pick.
#[derive(Debug, Default)]
pub struct RecommendStep {
    /// The user (row); `None` when no user has a vector.
    pub user: Option<u32>,
    outcome: Memo<(Option<u32>, usize), Outcome>,
}

impl RecommendStep {
    /// Defaults for `run`: the first user on the map.
    #[must_use]
    pub fn new(run: &RunOutput) -> Self {
        let user = (0..run.data.users.len() as u32).find(|&r| user_point(run, r).is_some());
        Self {
            user,
            outcome: Memo::default(),
        }
    }

    /// The user's numbers (recomputed only when the user or k changed).
    pub fn outcome(&mut self, run: &RunOutput, k: usize) -> &Outcome {
        let user = self.user;
        self.outcome.get((user, k), || {
            let Some(u) = user else {
                return Outcome::default();
            };
            let point = user_point(run, u);
            let stored = point.map(|p| run.index.row(p).to_vec());
            let (liked, mean) =
                user_mean(run, u).map_or((Vec::new(), None), |m| (m.liked, Some(m.mean)));
            let items = run.data.items.len();
            Outcome {
                point,
                mean_gap: mean
                    .as_ref()
                    .zip(stored.as_ref())
                    .map(|(m, s)| euclidean(m, s)),
                lists: stored.map(|s| search_both(run, &s, k, |p| p < items, None)),
                liked,
                mean,
            }
        })
    }

    /// The numbers as last computed (for tests and tools).
    #[must_use]
    pub fn last_outcome(&self) -> Option<&Outcome> {
        self.outcome.last()
    }

    /// The step card: user picker, liked items, the mean, nearest items, the funnel.
    pub fn card_ui(
        &mut self,
        ui: &mut egui::Ui,
        state: &AppState,
        run: &RunOutput,
        cmds: &mut Vec<Command>,
    ) {
        let lang = state.lang();
        let ja = lang.is_ja();
        let users = &run.data.users;
        let Some(user) = self.user else {
            ui.label(tr(lang, Key::LearnNoUsers));
            return;
        };
        let placed = |r: u32| user_point(run, r).is_some();
        if let Some(r) = pick_ui(
            ui,
            "recommend-user",
            tr(lang, Key::LearnUser),
            users,
            lang,
            Some(user),
            placed,
        ) {
            self.user = Some(r);
        }
        let out = self.outcome(run, state.settings.k).clone();
        let Some(point) = out.point else { return };
        // The app's selection follows, so its funnel is this user's (and the Map tab shows them).
        if state.selected != Some(point) {
            cmds.push(Command::Select(Some(point)));
        }
        let name = users.name(user as usize, ja).to_owned();
        ui.label(
            RichText::new(
                run.data
                    .category_label(crate::data::Kind::User, user as usize, ja),
            )
            .weak(),
        );
        ui.separator();
        liked_ui(ui, lang, run, &name, &out.liked);
        if let Some(mean) = &out.mean {
            ui.label(fill(
                tr(lang, Key::LearnMeanIs),
                &[("n", out.liked.len().to_string())],
            ));
            super::card::vector_card_ui(ui, "mean", lang, run, mean, GHOST_COLOR);
            let note = match out.mean_gap {
                Some(gap) if gap < SAME_VECTOR => tr(lang, Key::LearnMeanEqual).to_owned(),
                Some(gap) => fill(
                    tr(lang, Key::LearnMeanDiffers),
                    &[("d", format!("{gap:.3}"))],
                ),
                None => String::new(),
            };
            ui.label(RichText::new(note).strong());
        }
        ui.separator();
        ui.label(RichText::new(fill(tr(lang, Key::LearnNearestItems), &[("name", name)])).strong());
        if let Some(lists) = &out.lists {
            lists_ui(ui, "recommend", lang, run, lists, None);
        }
        ui.separator();
        ui.label(RichText::new(tr(lang, Key::LearnFunnelTitle)).strong());
        if state.selected == Some(point) {
            // The app's recommendation panel, as is; a click on an item must not take the
            // selection away from this user, so selections are dropped.
            let mut panel = Vec::new();
            crate::gui::recommend_ui::recommend_ui(ui, state, run, &mut panel);
            cmds.extend(
                panel
                    .into_iter()
                    .filter(|c| !matches!(c, Command::Select(_))),
            );
        }
    }

    /// The map: lines from the liked items to the user, the recommended items numbered.
    pub fn plot_ui(&mut self, ui: &mut egui::Ui, state: &AppState, run: &RunOutput) {
        let lang = state.lang();
        let out = self.outcome(run, state.settings.k).clone();
        let name = self
            .user
            .map(|u| run.data.users.name(u as usize, lang.is_ja()).to_owned())
            .unwrap_or_default();
        let recommended: Vec<u32> = match (&state.recommendations, out.point) {
            (Some(recs), Some(p)) if state.selected == Some(p) => {
                recs.iter().map(|r| r.item).collect()
            }
            _ => Vec::new(),
        };
        let keys = [
            (Swatch::Ring(LIKED_COLOR), Key::LegendLiked),
            (Swatch::Ring(RECOMMENDED_COLOR), Key::LegendRecommended),
            (Swatch::Diamond(GHOST_COLOR), Key::LegendTheUser),
        ]
        .map(|(s, k)| (s, tr(lang, k).to_owned()));
        plot::map_ui(ui, "recommend", state, run, &keys, |pui| {
            let Some(user_at) = out.point.and_then(|p| plot::pos(run, p)) else {
                return;
            };
            let total: f32 = out
                .liked
                .iter()
                .map(|l| l.1)
                .sum::<f32>()
                .max(f32::MIN_POSITIVE);
            for &(item, w) in &out.liked {
                if let Some(at) = plot::pos(run, item as usize) {
                    pui.line(
                        Line::new(tr(lang, Key::LegendLiked), vec![at, user_at])
                            .color(LIKED_COLOR)
                            .width(1.0 + 5.0 * w / total)
                            .allow_hover(false),
                    );
                    plot::ring(pui, tr(lang, Key::LegendLiked), at, LIKED_COLOR, 6.0);
                }
            }
            let ranked: Vec<(usize, [f64; 2])> = recommended
                .iter()
                .enumerate()
                .filter_map(|(rank, item)| Some((rank + 1, plot::pos(run, *item as usize)?)))
                .collect();
            for (_, at) in &ranked {
                plot::ring(
                    pui,
                    tr(lang, Key::LegendRecommended),
                    *at,
                    RECOMMENDED_COLOR,
                    8.0,
                );
            }
            // Ranks beside their rings, never on a ringed point or another rank.
            let liked: Vec<[f64; 2]> = out
                .liked
                .iter()
                .filter_map(|(item, _)| plot::pos(run, *item as usize))
                .collect();
            plot::ranks(pui, &ranked, &liked, user_at, RECOMMENDED_COLOR);
            plot::dot(
                pui,
                tr(lang, Key::LegendTheUser),
                user_at,
                GHOST_COLOR,
                MarkerShape::Diamond,
            );
            plot::label(pui, user_at, &format!(" {name}"), GHOST_COLOR);
        });
    }
}

/// The user's map point, if they have a vector.
fn user_point(run: &RunOutput, user: u32) -> Option<usize> {
    run.point_of(PointRef {
        kind: Kind::User,
        row: user,
    })
}

/// The liked items with their weights and shares, heaviest first.
fn liked_ui(ui: &mut egui::Ui, lang: Lang, run: &RunOutput, name: &str, liked: &[(u32, f32)]) {
    let ja = lang.is_ja();
    ui.label(
        RichText::new(fill(
            tr(lang, Key::LearnLiked),
            &[("name", name.to_owned())],
        ))
        .strong(),
    );
    let total: f32 = liked.iter().map(|l| l.1).sum();
    let mut sorted = liked.to_vec();
    sorted.sort_by(|x, y| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0)));
    egui::Grid::new("learn-liked")
        .striped(true)
        .num_columns(3)
        .show(ui, |ui| {
            ui.label(RichText::new(tr(lang, Key::Name)).small().weak());
            ui.label(RichText::new(tr(lang, Key::LearnWeight)).small().weak());
            ui.label(RichText::new(tr(lang, Key::LearnShare)).small().weak());
            ui.end_row();
            for &(item, w) in sorted.iter().take(MAX_LIKED) {
                ui.label(run.data.items.name(item as usize, ja));
                ui.label(RichText::new(format!("{w:.1}")).monospace());
                let share = if total > 0.0 { w / total * 100.0 } else { 0.0 };
                ui.label(RichText::new(format!("{share:.1}%")).monospace());
                ui.end_row();
            }
        });
    if sorted.len() > MAX_LIKED {
        ui.label(
            RichText::new(fill(
                tr(lang, Key::AuditMore),
                &[("n", (sorted.len() - MAX_LIKED).to_string())],
            ))
            .small()
            .weak(),
        );
    }
}
