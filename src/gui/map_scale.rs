//! One map for users and items. Methods that learn users and items separately (ALS, the hybrid)
//! give them different lengths: on the cafés sample with ALS the users' vectors are several
//! times longer than the items', so on the items' PCA map the items collapse into a blob under
//! the users (their 2-D spread was 5.5 % of the users'). By default the map scales each kind to
//! median length 1 before projecting — the items' principal axes are unchanged (scaling every
//! item by one number does not turn them), the users are placed by the same map — and says so
//! on the map. The raw lengths stay one click away. Methods that place a user at the mean of
//! their items keep that exact (no scaling).
//!
//! t-SNE and UMAP are fit on the scaled vectors ([`per_kind_vectors`]) in the same choice; the
//! layout remembers which it was fit on, and changing the choice computes it again.
//!
//! PCA is linear, so the scaled layout comes from the raw one without a second transform: with
//! `c` the items' mean on the two axes and `m` a kind's median length, a point `p` of that kind
//! moves to `(p + c) / m − c / m_items` (the items' mean stays the origin).

use ndarray::Array2;

use crate::data::Kind;
use crate::embed::Method;
use crate::pipeline::RunOutput;

/// How the map sizes users against items.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MapScale {
    /// Each kind scaled to median vector length 1 for display.
    #[default]
    PerKind,
    /// The vectors' own lengths.
    Raw,
}

/// Whether the run's users are learned apart from its items (ALS and the hybrid). Other methods
/// place a user at the mean of their items' vectors, which the map should keep exact.
#[must_use]
pub fn users_learned_apart(run: &RunOutput) -> bool {
    matches!(run.embeddings.method, Method::Als | Method::Hybrid)
}

/// Median vector lengths of the run's items and placed users (`None` without placed users, or
/// when either median is 0: nothing to scale).
#[must_use]
pub fn median_lengths(run: &RunOutput) -> Option<(f32, f32)> {
    let data = run.index.data();
    let mut lengths = [Vec::new(), Vec::new()];
    for (p, row) in run.points.iter().zip(data.rows()) {
        let norm = row.iter().map(|v| v * v).sum::<f32>().sqrt();
        if norm.is_finite() {
            lengths[usize::from(p.kind == Kind::User)].push(norm);
        }
    }
    let [items, users] = lengths.map(|l| median(l).filter(|m| *m > 0.0));
    items.zip(users)
}

fn median(mut v: Vec<f32>) -> Option<f32> {
    if v.is_empty() {
        return None;
    }
    v.sort_unstable_by(f32::total_cmp);
    let mid = v.len() / 2;
    Some(if v.len().is_multiple_of(2) {
        f32::midpoint(v[mid - 1], v[mid])
    } else {
        v[mid]
    })
}

/// The PCA layout on `axes` with each kind scaled to median length 1 (`raw` is the run's PCA
/// transform on those axes). `None` when there is nothing to scale: no placed users, or users
/// placed at their items' mean (see [`users_learned_apart`]).
#[must_use]
pub fn scale_per_kind(
    run: &RunOutput,
    raw: &Array2<f32>,
    axes: (usize, usize),
) -> Option<Array2<f32>> {
    if !users_learned_apart(run) {
        return None;
    }
    let (m_items, m_users) = median_lengths(run)?;
    let pca = &run.pca;
    let centre = [axes.0, axes.1].map(|a| {
        pca.components
            .outer_iter()
            .nth(a)
            .map_or(0.0, |axis| axis.dot(&pca.mean) as f32)
    });
    let mut out = raw.clone();
    for (mut row, p) in out.rows_mut().into_iter().zip(&run.points) {
        let m = if p.kind == Kind::User {
            m_users
        } else {
            m_items
        };
        for (v, c) in row.iter_mut().zip(centre) {
            *v = (*v + c) / m - c / m_items;
        }
    }
    Some(out)
}

/// The run's vectors with each kind divided by its median length: what t-SNE and UMAP are fit
/// on in the per-kind scale (both look at distances, so the shorter kind would otherwise be
/// one tight cluster: on the cafés sample with ALS the items' t-SNE spread was 29 % of the
/// users', 91 % when scaled). `None` when there is nothing to scale.
#[must_use]
pub fn per_kind_vectors(run: &RunOutput) -> Option<Array2<f32>> {
    if !users_learned_apart(run) {
        return None;
    }
    let (m_items, m_users) = median_lengths(run)?;
    let mut out = run.index.data().to_owned();
    for (mut row, p) in out.rows_mut().into_iter().zip(&run.points) {
        let m = if p.kind == Kind::User {
            m_users
        } else {
            m_items
        };
        row.mapv_inplace(|v| v / m);
    }
    Some(out)
}

/// Whether t-SNE and UMAP started now fit on [`per_kind_vectors`] (the per-kind scale is chosen
/// and the run's users are learned apart).
#[must_use]
pub fn fits_scaled(scale: MapScale, run: &RunOutput) -> bool {
    scale == MapScale::PerKind && users_learned_apart(run)
}

/// The 2-D spread of the points of `kind` in `xy`: the root mean squared distance from their
/// centroid (0 for no points).
#[must_use]
pub fn spread(run: &RunOutput, xy: &[[f64; 2]], kind: Kind) -> f64 {
    let pts: Vec<[f64; 2]> = run
        .points
        .iter()
        .zip(xy)
        .filter(|(p, _)| p.kind == kind)
        .map(|(_, q)| *q)
        .collect();
    if pts.is_empty() {
        return 0.0;
    }
    let n = pts.len() as f64;
    let c = [0, 1].map(|j| pts.iter().map(|p| p[j]).sum::<f64>() / n);
    (pts.iter()
        .map(|p| (p[0] - c[0]).powi(2) + (p[1] - c[1]).powi(2))
        .sum::<f64>()
        / n)
        .sqrt()
}

/// The scale choice under the layout controls (runs whose users are learned apart only), and
/// the note saying what the map shows.
pub fn map_scale_ui(
    ui: &mut egui::Ui,
    state: &crate::gui::state::AppState,
    run: &RunOutput,
    cmds: &mut Vec<crate::gui::state::Command>,
) {
    use crate::gui::i18n::{Key, fill, tr};
    if !users_learned_apart(run) {
        return;
    }
    let Some((m_items, m_users)) = median_lengths(run) else {
        return;
    };
    // A row of its own, only when there is something to scale (no empty row otherwise).
    ui.horizontal_wrapped(|ui| {
        let lang = state.lang();
        let current = state.projection.scale;
        for (choice, key) in [
            (MapScale::PerKind, Key::ScalePerKind),
            (MapScale::Raw, Key::ScaleRaw),
        ] {
            if ui
                .selectable_label(current == choice, tr(lang, key))
                .on_hover_text(tr(lang, Key::ScaleHover))
                .clicked()
                && current != choice
            {
                cmds.push(crate::gui::state::Command::SetMapScale(choice));
            }
        }
        let note = if state.projection.scaled {
            Key::ScaledNote
        } else {
            Key::RawNote
        };
        ui.label(
            egui::RichText::new(fill(
                tr(lang, note),
                &[("r", format!("{:.1}", m_users / m_items))],
            ))
            .small(),
        );
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_of_odd_even_and_empty() {
        assert_eq!(median(vec![3.0, 1.0, 2.0]), Some(2.0));
        assert_eq!(median(vec![4.0, 1.0, 2.0, 3.0]), Some(2.5));
        assert_eq!(median(Vec::new()), None);
    }
}
