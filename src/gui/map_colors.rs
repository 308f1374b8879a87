//! How the map colours its points: by category, by any metadata column, by k-means cluster, or
//! by how well the projection kept each point's neighbours, or by a comparison of two runs
//! ([`super::compare_colors`]). Each scheme gives every point a
//! colour and a legend group; the map draws groups as series (or bins them into the density
//! image), so switching schemes never touches positions.

use std::collections::{BTreeSet, HashMap};

use egui::Color32;

use crate::data::Kind;
use crate::pipeline::RunOutput;

/// Distinguishable colours (Okabe–Ito plus a few), cycled when there are more groups.
pub const PALETTE: [Color32; 12] = [
    Color32::from_rgb(230, 159, 0),
    Color32::from_rgb(86, 180, 233),
    Color32::from_rgb(0, 158, 115),
    Color32::from_rgb(240, 228, 66),
    Color32::from_rgb(0, 114, 178),
    Color32::from_rgb(213, 94, 0),
    Color32::from_rgb(204, 121, 167),
    Color32::from_rgb(148, 103, 189),
    Color32::from_rgb(140, 86, 75),
    Color32::from_rgb(127, 200, 80),
    Color32::from_rgb(23, 190, 207),
    Color32::from_rgb(188, 189, 34),
];
/// Colour of user markers.
pub const USER_COLOR: Color32 = Color32::from_rgb(200, 200, 200);
/// Colour of points a scheme has no value for.
pub const MISSING_COLOR: Color32 = Color32::from_gray(90);
/// Most distinct values of a text column shown in the legend; the rest are "other".
const MAX_GROUPS: usize = 11;

/// What the colours mean.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum ColorBy {
    /// The items' category.
    #[default]
    Category,
    /// An item metadata column, by name.
    Meta(String),
    /// k-means clusters of the vectors.
    Cluster,
    /// Share of true neighbours kept on the map.
    Quality,
    /// How far each item moved between the two compared runs ([`super::compare_colors`]).
    Displacement,
    /// How much each item's neighbourhood changed between the compared runs (1 − Jaccard).
    NeighbourChange,
}

/// One legend entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// English label.
    pub label: String,
    /// Japanese label.
    pub label_ja: String,
    /// Colour.
    pub color: Color32,
    /// Drawn as diamonds (users) rather than circles.
    pub diamond: bool,
}

/// Colour and legend group of every point.
#[derive(Debug, Clone, PartialEq)]
pub struct Coloring {
    /// Colour per point.
    pub colors: Vec<Color32>,
    /// Legend group per point (index into `groups`).
    pub group: Vec<u16>,
    /// The legend.
    pub groups: Vec<Group>,
}

/// A legend entry drawn as circles.
pub(super) fn group(
    label: impl Into<String>,
    label_ja: impl Into<String>,
    color: Color32,
) -> Group {
    Group {
        label: label.into(),
        label_ja: label_ja.into(),
        color,
        diamond: false,
    }
}

impl Coloring {
    fn from_groups(run: &RunOutput, mut groups: Vec<Group>, item_group: &[u16]) -> Self {
        let users = groups.len() as u16;
        let mut users_group = group("users", "ユーザー", USER_COLOR);
        users_group.diamond = true;
        groups.push(users_group);
        let group: Vec<u16> = run
            .points
            .iter()
            .map(|p| match p.kind {
                Kind::Item => item_group.get(p.row as usize).copied().unwrap_or(users),
                Kind::User => users,
            })
            .collect();
        Self::of_groups(group, groups)
    }

    /// Every point coloured as its legend group (`group[i]` indexes `groups`).
    fn of_groups(group: Vec<u16>, groups: Vec<Group>) -> Self {
        let colors = group.iter().map(|&g| groups[g as usize].color).collect();
        Self {
            colors,
            group,
            groups,
        }
    }

    /// Points by a value each: a point with a value goes to band `band_of(value)` (at most the
    /// last band), one without to the last group. `groups` are the bands, then that "no value"
    /// group.
    pub(super) fn by_bands(
        per_point: &[Option<f32>],
        groups: Vec<Group>,
        band_of: impl Fn(f32) -> usize,
    ) -> Self {
        let missing = groups.len().saturating_sub(1);
        let group = per_point
            .iter()
            .map(|v| v.map_or(missing, |v| band_of(v).min(missing.saturating_sub(1))) as u16)
            .collect();
        Self::of_groups(group, groups)
    }

    /// By category (sorted by name; items without one are "items").
    #[must_use]
    pub fn by_category(run: &RunOutput) -> Self {
        let items = &run.data.items;
        // The distinct categories, sorted; a set of them rather than a sorted copy of every
        // row's (16 bytes a point: 16 MB at 1M).
        let names: Vec<&str> = (0..items.len())
            .map(|r| items.category(r))
            .collect::<BTreeSet<&str>>()
            .into_iter()
            .collect();
        let index: HashMap<&str, u16> = names
            .iter()
            .enumerate()
            .map(|(i, c)| (*c, i as u16))
            .collect();
        let groups = names
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let row = (0..items.len()).find(|&r| items.category(r) == *c);
                let ja = row.map_or("", |r| run.data.category_label(Kind::Item, r, true));
                let (en, ja) = if c.is_empty() {
                    ("items", "アイテム")
                } else {
                    (*c, if ja.is_empty() { *c } else { ja })
                };
                group(en, ja, PALETTE[i % PALETTE.len()])
            })
            .collect();
        let item_group: Vec<u16> = (0..items.len())
            .map(|r| index.get(items.category(r)).copied().unwrap_or(0))
            .collect();
        Self::from_groups(run, groups, &item_group)
    }

    /// By the item metadata column `name`: its most frequent values (ties by value), the rest
    /// as "other", empty values as "(missing)". `None` when there is no such column.
    #[must_use]
    pub fn by_meta(run: &RunOutput, name: &str) -> Option<Self> {
        let column = run.data.items.metadata.iter().find(|c| c.name == name)?;
        let mut counts: HashMap<&str, usize> = HashMap::new();
        for v in column.values.iter().filter(|v| !v.is_empty()) {
            *counts.entry(v.as_str()).or_default() += 1;
        }
        let mut top: Vec<(&str, usize)> = counts.into_iter().collect();
        top.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        let shown = top.len().min(MAX_GROUPS);
        let mut groups: Vec<Group> = top[..shown]
            .iter()
            .enumerate()
            .map(|(i, (v, _))| {
                let ja = run.data.vocabulary.value(name, v, true);
                group(*v, ja, PALETTE[i % PALETTE.len()])
            })
            .collect();
        let index: HashMap<&str, u16> = top[..shown]
            .iter()
            .enumerate()
            .map(|(i, (v, _))| (*v, i as u16))
            .collect();
        let other = groups.len() as u16;
        groups.push(group("other", "その他", Color32::from_gray(150)));
        let missing = groups.len() as u16;
        groups.push(group("(missing)", "(欠損)", MISSING_COLOR));
        let item_group: Vec<u16> = column
            .values
            .iter()
            .map(|v| {
                if v.is_empty() {
                    missing
                } else {
                    index.get(v.as_str()).copied().unwrap_or(other)
                }
            })
            .collect();
        Some(Self::from_groups(run, groups, &item_group))
    }

    /// By cluster label per point (users included: they live in the same space).
    #[must_use]
    pub fn by_cluster(labels: &[u16], clusters: usize) -> Self {
        let groups: Vec<Group> = (0..clusters)
            .map(|c| {
                group(
                    format!("cluster {}", c + 1),
                    format!("クラスタ {}", c + 1),
                    PALETTE[c % PALETTE.len()],
                )
            })
            .collect();
        let colors = labels
            .iter()
            .map(|&l| groups.get(l as usize).map_or(MISSING_COLOR, |g| g.color))
            .collect();
        Self {
            colors,
            group: labels.to_vec(),
            groups,
        }
    }

    /// By the share of each point's true neighbours kept on the map, in five bands (points
    /// not sampled by the quality score in a sixth, grey group).
    #[must_use]
    pub fn by_quality(per_point: &[Option<f32>]) -> Self {
        const BANDS: [(f32, Color32); 5] = [
            (0.2, Color32::from_rgb(215, 48, 39)),
            (0.4, Color32::from_rgb(252, 141, 89)),
            (0.6, Color32::from_rgb(254, 224, 139)),
            (0.8, Color32::from_rgb(145, 207, 96)),
            (1.01, Color32::from_rgb(26, 152, 80)),
        ];
        let mut groups: Vec<Group> = BANDS
            .iter()
            .enumerate()
            .map(|(b, (hi, c))| {
                let lo = if b == 0 { 0.0 } else { BANDS[b - 1].0 * 100.0 };
                let hi = hi.min(1.0) * 100.0;
                group(
                    format!("kept {lo:.0}–{hi:.0}%"),
                    format!("保持 {lo:.0}–{hi:.0}%"),
                    *c,
                )
            })
            .collect();
        groups.push(group(
            "not measured (outside the sample)",
            "未計測（標本の外）",
            MISSING_COLOR,
        ));
        Self::by_bands(per_point, groups, |k| {
            BANDS
                .iter()
                .position(|(hi, _)| k < *hi)
                .unwrap_or(BANDS.len() - 1)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quality_bands_and_missing() {
        let c = Coloring::by_quality(&[Some(0.0), Some(0.39), Some(0.4), Some(1.0), None]);
        assert_eq!(c.group, vec![0, 1, 2, 4, 5]);
        assert_eq!(c.groups[5].label, "not measured (outside the sample)");
        assert_eq!(c.groups[1].label, "kept 20–40%");
        assert_eq!(c.colors[4], MISSING_COLOR);
    }

    #[test]
    fn clusters_cycle_the_palette() {
        let c = Coloring::by_cluster(&[0, 1, 13, 2], 14);
        assert_eq!(c.colors[2], PALETTE[1]);
        assert_eq!(c.groups[13].label_ja, "クラスタ 14");
    }
}
