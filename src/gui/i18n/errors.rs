//! Error messages in the UI language.

use super::{Key, Lang, tr};
use crate::error::{DataError, PipelineError, ReportError};
use crate::index::QueryError;

/// An error message in the UI language (English falls back to the error's own text).
#[must_use]
pub fn error_message(lang: Lang, e: &PipelineError) -> String {
    match (lang, e) {
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
        _ => e.to_string(),
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
        (Lang::Ja, QueryError::DimensionMismatch { expected, found }) => {
            format!("次元が一致しません（インデックス {expected} 次元、クエリ {found} 次元）")
        }
        (Lang::En, e) => e.to_string(),
    }
}

fn store_error_ja(e: &crate::error::StoreError) -> String {
    use crate::error::StoreError as S;
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

pub(super) fn data_error_ja(e: &DataError) -> String {
    use DataError as D;
    match e {
        D::NotAFolder { path } => format!(
            "{}：データセットのフォルダではありません（存在しないか、ディレクトリではありません）",
            path.display()
        ),
        D::UnknownFormat { path } => format!(
            "{}：読み込める形式ではありません（items.csv か items.jsonl のあるフォルダ、u.data・ratings.dat・ratings.csv + movies.csv のある MovieLens フォルダ、Embedding Projector の vectors.tsv、単語ベクトル（.vec・.txt・.bin）、.jsonl・.npy・.parquet ファイル、または user<TAB>item<TAB>rating<TAB>timestamp の行動ログファイルを指定してください）",
            path.display()
        ),
        D::MissingFile { file } => format!(
            "{file}：ファイルがありません（データセットのフォルダには items.csv が必要です）"
        ),
        D::Io { file, reason } => format!("{file}：ファイルを読めません：{reason}"),
        D::Empty { file } => format!("{file}：ファイルが空です（ヘッダー行とデータ行が必要です）"),
        D::HeaderOnly { file } => format!("{file}：ヘッダー行しかなく、データ行がありません"),
        D::MissingColumn {
            file,
            column,
            found,
        } => format!("{file}:1：必須の列「{column}」がありません（ヘッダーの列：{found}）"),
        D::NotANumber { at, found } => format!("{at}：数値が必要ですが「{found}」でした"),
        D::NotFinite { at, found } => format!(
            "{at}：有限の数値が必要ですが「{found}」でした（NaN や無限大は地図に置けません）"
        ),
        D::DuplicateId { at, id, first_line } => {
            format!("{at}：ID「{id}」が重複しています（最初は {first_line} 行目）")
        }
        D::UnknownId {
            at,
            kind,
            id,
            defined_in,
        } => {
            let kind = if *kind == "user" {
                "ユーザー"
            } else {
                "アイテム"
            };
            format!("{at}：不明な{kind}ID「{id}」です（{defined_in} にありません）")
        }
        D::EmptyValue { at } => format!("{at}：値が空です（ここには値が必要です）"),
        D::NotUtf8 { at } => {
            format!("{at}：UTF-8 として読めない文字があります（UTF-8 で保存してください）")
        }
        D::Ragged {
            at,
            expected,
            found,
        } => format!("{at}：ヘッダーと同じ {expected} 列が必要ですが {found} 列でした"),
        D::TooFewFields { at, found } => format!(
            "{at}：タブ区切りのユーザーIDとアイテムIDが必要です（user<TAB>item<TAB>rating<TAB>timestamp）が、{found} 列でした"
        ),
        // Also the catch-all of the newer loaders (JSONL, npy, Parquet, projector, word vectors,
        // MovieLens) for problems without a variant of their own: the detail stays English.
        D::Manifest { file, reason } => format!("{file}：内容が正しくありません（詳細：{reason}）"),
        D::SeveralVectorColumns {
            file,
            candidates,
            fields,
        } => format!(
            "{file}：ベクトルを持つ{}が複数あります（{}）。どれを使うか選んでください",
            if *fields { "フィールド" } else { "列" },
            candidates.join("、")
        ),
        D::NoFeatures { file } => {
            format!("{file}：数値の特徴量の列がないため、地図に置くものがありません")
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;

    use super::*;
    use crate::error::{Location, Part, StoreError};

    fn japanese(s: &str) -> bool {
        s.chars()
            .any(|c| matches!(c, '\u{3040}'..='\u{30ff}' | '\u{4e00}'..='\u{9fff}'))
    }

    /// One error of every [`DataError`] variant, all about `movies.parquet`. The match without
    /// a wildcard makes a new variant fail to compile here until it is added.
    fn every_data_error() -> Vec<DataError> {
        let file = "movies.parquet".to_owned();
        let at = Location {
            file: file.clone(),
            line: Some(3),
            column: Some("vector".into()),
            part: Part::Column,
        };
        let path = PathBuf::from("/data/movies.parquet");
        let all = vec![
            DataError::NotAFolder { path: path.clone() },
            DataError::UnknownFormat { path },
            DataError::MissingFile { file: file.clone() },
            DataError::Io {
                file: file.clone(),
                reason: "denied".into(),
            },
            DataError::Empty { file: file.clone() },
            DataError::HeaderOnly { file: file.clone() },
            DataError::MissingColumn {
                file: file.clone(),
                column: "id".into(),
                found: "a, b".into(),
            },
            DataError::NotANumber {
                at: at.clone(),
                found: "x".into(),
            },
            DataError::NotFinite {
                at: at.clone(),
                found: "NaN".into(),
            },
            DataError::DuplicateId {
                at: at.clone(),
                id: "m1".into(),
                first_line: 2,
            },
            DataError::UnknownId {
                at: at.clone(),
                kind: "item",
                id: "m9".into(),
                defined_in: "movies.csv",
            },
            DataError::EmptyValue { at: at.clone() },
            DataError::NotUtf8 { at: at.clone() },
            DataError::Ragged {
                at: at.clone(),
                expected: 3,
                found: 2,
            },
            DataError::TooFewFields {
                at: at.clone(),
                found: 1,
            },
            // The loaders' catch-all (npy headers, JSON syntax, Parquet reader errors…).
            DataError::invalid(&at, "invalid JSON: expected value"),
            DataError::in_file(&file, "cannot read the Parquet file: bad magic"),
            DataError::SeveralVectorColumns {
                file: file.clone(),
                candidates: vec!["a".into(), "b".into()],
                fields: false,
            },
            DataError::NoFeatures { file },
        ];
        for e in &all {
            match e {
                DataError::NotAFolder { .. }
                | DataError::UnknownFormat { .. }
                | DataError::MissingFile { .. }
                | DataError::Io { .. }
                | DataError::Empty { .. }
                | DataError::HeaderOnly { .. }
                | DataError::MissingColumn { .. }
                | DataError::NotANumber { .. }
                | DataError::NotFinite { .. }
                | DataError::DuplicateId { .. }
                | DataError::UnknownId { .. }
                | DataError::EmptyValue { .. }
                | DataError::NotUtf8 { .. }
                | DataError::Ragged { .. }
                | DataError::TooFewFields { .. }
                | DataError::Manifest { .. }
                | DataError::SeveralVectorColumns { .. }
                | DataError::NoFeatures { .. } => {}
            }
        }
        all
    }

    #[test]
    fn every_data_error_has_japanese_text_naming_the_file() {
        for e in every_data_error() {
            let en = e.to_string();
            let ja = error_message(Lang::Ja, &PipelineError::Data(e));
            assert!(japanese(&ja), "no Japanese in {ja:?}");
            assert!(ja.contains("movies.parquet"), "no file name in {ja:?}");
            assert!(!japanese(&en), "Japanese in the English text {en:?}");
        }
        let several = DataError::SeveralVectorColumns {
            file: "x.parquet".into(),
            candidates: vec!["a".into(), "b".into()],
            fields: false,
        };
        assert_eq!(
            error_message(Lang::Ja, &PipelineError::Data(several)),
            "x.parquet：ベクトルを持つ列が複数あります（a、b）。どれを使うか選んでください"
        );
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
