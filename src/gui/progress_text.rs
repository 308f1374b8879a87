//! The text on the running job's progress bar: the stage, and once a stage has run long enough
//! to estimate, how far it got and the time left.

use super::i18n::{Key, Lang, fill, tr};
use crate::progress::Stage;

/// The bar's text for `stage` at `done` of `total`, with `rate` = (steps per second, seconds
/// left) when known. Loading shows a percentage: it counts bytes for some files and rows for
/// others (Parquet), so its numbers have no unit to show.
#[must_use]
pub fn progress_text(
    lang: Lang,
    stage: Stage,
    done: u64,
    total: u64,
    rate: Option<(f64, f64)>,
) -> String {
    let t = |k| tr(lang, k);
    let name = t(match stage {
        Stage::Load => Key::StageLoad,
        Stage::Embed => Key::StageEmbed,
        Stage::Index => Key::StageIndex,
        Stage::Project => Key::StageProject,
        Stage::Save => Key::StageSave,
    })
    .to_owned();
    match rate {
        Some((_, left)) if stage == Stage::Load => fill(
            t(Key::StagePercent),
            &[
                ("stage", name),
                (
                    "percent",
                    format!("{:.0}", 100.0 * done as f64 / total.max(1) as f64),
                ),
                ("left", format!("{left:.0}")),
            ],
        ),
        Some((rate, left)) => fill(
            t(Key::StageRate),
            &[
                ("stage", name),
                ("done", done.to_string()),
                ("total", total.to_string()),
                ("rate", format!("{rate:.0}")),
                ("left", format!("{left:.0}")),
            ],
        ),
        None => name,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loading_shows_a_share_not_unitless_byte_counts() {
        let text = progress_text(
            Lang::En,
            Stage::Load,
            640_000_032,
            2_560_000_128,
            Some((4.0e8, 4.8)),
        );
        assert_eq!(text, "Loading files 25 % · 5 s left");
        let ja = progress_text(
            Lang::Ja,
            Stage::Load,
            640_000_032,
            2_560_000_128,
            Some((4.0e8, 4.8)),
        );
        assert_eq!(ja, "ファイルを読み込み中 25%・残り5秒");
    }

    #[test]
    fn other_stages_count_their_rows_and_saving_is_named() {
        let text = progress_text(Lang::En, Stage::Index, 2500, 5000, Some((1000.0, 2.5)));
        assert!(text.contains("2500/5000 · 1000/s"), "{text}");
        assert_eq!(
            progress_text(Lang::En, Stage::Save, 0, 1, None),
            "Saving the run to the workspace"
        );
        assert_eq!(
            progress_text(Lang::Ja, Stage::Save, 0, 1, None),
            "ワークスペースに保存中"
        );
    }
}
