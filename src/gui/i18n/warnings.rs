//! Projection warnings ([`ProjectionWarning`]) in the UI language, through the keys of
//! the key table (the English keys say exactly what the warning's `Display` says).

use super::{Key, Lang, fill, tr};
use crate::project::warning::ProjectionWarning;

/// A projection warning in the UI language.
#[must_use]
pub fn projection_warning(lang: Lang, w: &ProjectionWarning) -> String {
    match w {
        ProjectionWarning::PerplexityClamped {
            requested,
            used,
            points,
        } => fill(
            tr(lang, Key::WarnPerplexityClamped),
            &[
                ("requested", requested.to_string()),
                ("points", points.to_string()),
                ("used", format!("{used:.1}")),
            ],
        ),
        ProjectionWarning::NeighboursClamped {
            requested,
            used,
            points,
        } => fill(
            tr(lang, Key::WarnNeighboursClamped),
            &[
                ("requested", requested.to_string()),
                ("points", points.to_string()),
                ("used", used.to_string()),
            ],
        ),
        ProjectionWarning::IdenticalPoints => tr(lang, Key::WarnIdenticalPoints).to_owned(),
        ProjectionWarning::Sampled {
            method,
            sample,
            total,
            seed,
            neighbours,
        } => fill(
            tr(lang, Key::WarnSampled),
            &[
                ("method", (*method).to_owned()),
                ("sample", sample.to_string()),
                ("total", total.to_string()),
                ("seed", seed.to_string()),
                ("rest", total.saturating_sub(*sample).to_string()),
                ("k", neighbours.to_string()),
            ],
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all() -> [ProjectionWarning; 4] {
        [
            ProjectionWarning::PerplexityClamped {
                requested: 30.0,
                used: 19.0 / 3.0,
                points: 20,
            },
            ProjectionWarning::IdenticalPoints,
            ProjectionWarning::Sampled {
                method: "t-SNE",
                sample: 240,
                total: 600,
                seed: 7,
                neighbours: 5,
            },
            ProjectionWarning::NeighboursClamped {
                requested: 15,
                used: 9,
                points: 10,
            },
        ]
    }

    #[test]
    fn english_is_the_display_text_and_japanese_is_translated() {
        for w in all() {
            assert_eq!(projection_warning(Lang::En, &w), w.to_string());
        }
        let [clamped, identical, sampled, neighbours] = all();
        assert_eq!(
            projection_warning(Lang::Ja, &clamped),
            "パープレキシティ 30 は 20 点には大きすぎます（最大 (n − 1)/3 = 6.3）。6.3 を使います"
        );
        assert_eq!(
            projection_warning(Lang::Ja, &identical),
            "すべての点が同じです。地図ではそれらを 1 か所に置きます"
        );
        assert_eq!(
            projection_warning(Lang::Ja, &sampled),
            "t-SNE は 600 点から無作為に選んだ 240 点を配置しました（シード 7）。残りの 360 点は、最も近い 5 個の標本点の重み付き平均の位置に置きました"
        );
        assert_eq!(
            projection_warning(Lang::Ja, &neighbours),
            "近傍数 15 は 10 点には多すぎます（最大 n − 1 = 9）。9 を使います"
        );
    }
}
