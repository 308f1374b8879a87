//! Error messages in the UI language.

use super::data_errors::data_error_ja;
use super::{Key, Lang, fill, tr};
use crate::error::{ReportError, WindowError};
use crate::index::QueryError;
use crate::pipeline::PipelineError;

/// An error message in the UI language (English falls back to the error's own text).
#[must_use]
pub fn error_message(lang: Lang, e: &PipelineError) -> String {
    match (lang, e) {
        (_, PipelineError::Window(w)) => window_error_message(lang, w),
        (Lang::Ja, PipelineError::Data(d)) => data_error_ja(d),
        (Lang::Ja, PipelineError::InvalidParams(m)) => format!("パラメータが正しくありません：{m}"),
        (Lang::Ja, PipelineError::Numerical { stage, reason }) => {
            format!("{stage} の計算に失敗しました：{reason}")
        }
        (Lang::Ja, PipelineError::Thread(m)) => {
            format!("ワーカースレッドを開始できませんでした：{m}")
        }
        (Lang::Ja, PipelineError::Cancelled) => tr(lang, Key::Cancelled).to_owned(),
        (Lang::Ja, PipelineError::Store(s)) => store_error_ja(s),
        (Lang::Ja, PipelineError::Model(m)) => super::model_errors::model_error_ja(m),
        _ => e.to_string(),
    }
}

/// A time window error in the UI language.
#[must_use]
pub fn window_error_message(lang: Lang, e: &WindowError) -> String {
    match e {
        WindowError::BadWindow { text } => {
            fill(tr(lang, Key::WindowErrBad), &[("text", text.clone())])
        }
        WindowError::EndsBeforeStart { text } => {
            fill(tr(lang, Key::WindowErrOrder), &[("text", text.clone())])
        }
        WindowError::NoTimestamps { dataset } => fill(
            tr(lang, Key::WindowErrNoTime),
            &[("dataset", dataset.clone())],
        ),
        WindowError::TooFew {
            window,
            interactions,
            needed,
        } => fill(
            tr(lang, Key::WindowErrFew),
            &[
                ("window", window.clone()),
                ("n", interactions.to_string()),
                ("needed", needed.to_string()),
            ],
        ),
    }
}

/// An export error in the UI language.
#[must_use]
pub fn report_error_message(lang: Lang, e: &ReportError) -> String {
    match (lang, e) {
        (Lang::En, e) => e.to_string(),
        (Lang::Ja, ReportError::Write { path, reason }) => {
            format!("{path}：ファイルを書き込めません：{reason}")
        }
        (Lang::Ja, ReportError::Shape { expected, found }) => {
            format!("地図の点の数（{found}）が結果の点の数（{expected}）と一致しません")
        }
        (Lang::Ja, ReportError::NotInRun(m)) => format!("結果に含まれていない点です：{m}"),
        (Lang::Ja, ReportError::Png(m)) => format!("PNG 画像を作れません：{m}"),
    }
}

/// A query error in the UI language.
#[must_use]
pub fn query_error_message(lang: Lang, e: &QueryError) -> String {
    match (lang, e) {
        (_, QueryError::ZeroVector) => tr(lang, Key::ZeroVector).to_owned(),
        (_, QueryError::NoData) => tr(lang, Key::VectorNoData).to_owned(),
        (Lang::Ja, QueryError::DimensionMismatch { expected, found }) => {
            format!("次元が一致しません（インデックス {expected} 次元、クエリ {found} 次元）")
        }
        (Lang::En, e) => e.to_string(),
    }
}

fn store_error_ja(e: &crate::store::StoreError) -> String {
    use crate::store::StoreError as S;
    match e {
        S::Sqlite { path, what, source } => format!(
            "ワークスペース {}：処理（{what}）に失敗しました：{source}",
            path.display()
        ),
        S::Io { path, what, source } => format!(
            "{}：ファイル操作（{what}）に失敗しました：{source}",
            path.display()
        ),
        S::Malformed { path, what } => format!(
            "ワークスペース {}：保存されたデータが壊れています：{what}",
            path.display()
        ),
        S::NoSuchRun { path, id } => format!(
            "ワークスペース {}：ID {id} の実行結果がありません",
            path.display()
        ),
        S::Invalid(m) => format!("ワークスペースに保存できない値です：{m}"),
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::store::StoreError;

    fn japanese(s: &str) -> bool {
        s.chars()
            .any(|c| matches!(c, '\u{3040}'..='\u{30ff}' | '\u{4e00}'..='\u{9fff}'))
    }

    #[test]
    fn store_and_export_errors_have_japanese_text() {
        let path = PathBuf::from("/home/u/ws.sqlite");
        let store = [
            StoreError::Io {
                path: path.clone(),
                what: "renaming",
                source: std::io::Error::other("denied"),
            },
            StoreError::Malformed {
                path: path.clone(),
                what: "run 3: bad BLOB".into(),
            },
            StoreError::NoSuchRun { path, id: 7 },
        ];
        for e in store {
            let ja = error_message(Lang::Ja, &PipelineError::Store(e));
            assert!(japanese(&ja) && ja.contains("ws.sqlite"), "{ja}");
        }
        let ja = error_message(
            Lang::Ja,
            &PipelineError::Store(StoreError::Invalid("shape".into())),
        );
        assert!(japanese(&ja), "{ja}");
        let write = ReportError::Write {
            path: "out/map.png".into(),
            reason: "denied".into(),
        };
        assert_eq!(
            report_error_message(Lang::Ja, &write),
            "out/map.png：ファイルを書き込めません：denied"
        );
        assert_eq!(
            report_error_message(Lang::En, &write),
            "out/map.png: cannot write the file: denied"
        );
    }
}
