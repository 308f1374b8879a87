//! Every [`DataError`] variant reads in Japanese and names its file.

use std::path::PathBuf;

use super::*;
use crate::error::{Location, Part};
use crate::gui::i18n::{Lang, error_message};
use crate::pipeline::PipelineError;

fn japanese(s: &str) -> bool {
    s.chars()
        .any(|c| matches!(c, '\u{3040}'..='\u{30ff}' | '\u{4e00}'..='\u{9fff}'))
}

/// A `.npy` error of every [`NpyProblem`].
fn npy_errors(file: &str) -> Vec<DataError> {
    let npy = [
        NpyProblem::NotNpy,
        NpyProblem::HeaderTruncated,
        NpyProblem::Version { major: 9, minor: 0 },
        NpyProblem::Unreadable {
            header: "{}".into(),
        },
        NpyProblem::Dtype {
            found: "<i8".into(),
        },
        NpyProblem::Fortran,
        NpyProblem::Dimensions {
            shape: "(3,)".into(),
            found: 1,
        },
        NpyProblem::NoVectors {
            shape: "(0, 3)".into(),
        },
        NpyProblem::DataTruncated {
            have: 8,
            needed: 24,
            shape: "(2, 3)".into(),
            dtype: "float32",
        },
    ];
    for problem in &npy {
        // Without a wildcard: a new problem fails to compile here until it is added.
        match problem {
            NpyProblem::NotNpy
            | NpyProblem::HeaderTruncated
            | NpyProblem::Version { .. }
            | NpyProblem::Unreadable { .. }
            | NpyProblem::Dtype { .. }
            | NpyProblem::Fortran
            | NpyProblem::Dimensions { .. }
            | NpyProblem::NoVectors { .. }
            | NpyProblem::DataTruncated { .. } => {}
        }
    }
    npy.into_iter()
        .map(|problem| DataError::Npy {
            file: file.to_owned(),
            problem: Box::new(problem),
        })
        .collect()
}

/// One error of every loader-specific variant (and every `.npy` problem).
fn loader_errors(file: &str, at: &Location) -> Vec<DataError> {
    let file = file.to_owned();
    let mut all = vec![
        DataError::WrongSeparator {
            at: at.clone(),
            expected: 4,
            separator: Separator::Tab,
            found: 1,
            used: Separator::Comma,
        },
        DataError::UnclosedQuote {
            at: at.clone(),
            expected: 3,
            found: 1,
        },
        DataError::TooManyColumns {
            at: at.clone(),
            columns: 20_000,
            max: 10_000,
        },
        DataError::VectorLength {
            at: at.clone(),
            expected: 2,
            found: 3,
            first: Some(FirstVector::Row(0)),
        },
        DataError::TooLargeForF32 {
            at: at.clone(),
            found: "1e39".into(),
        },
        DataError::TimestampTooLate {
            at: at.clone(),
            found: "1700000000000".into(),
        },
        DataError::InvalidJson {
            at: at.clone(),
            detail: "invalid JSON: expected value at character 1".into(),
        },
        DataError::VectorsTruncated {
            file: file.clone(),
            vector: 2,
            count: 3,
        },
        DataError::Parquet {
            file: file.clone(),
            reason: "bad magic".into(),
        },
        DataError::NoVectorColumn {
            file: file.clone(),
            wanted: Some("v".into()),
            candidates: vec!["a".into()],
            fields: false,
        },
        DataError::NoVectorColumn {
            file: file.clone(),
            wanted: None,
            candidates: Vec::new(),
            fields: true,
        },
        // The catch-all for rarer problems (see `DataError::invalid`).
        DataError::invalid(at, "a problem without a variant of its own"),
        DataError::NoRows {
            file: file.clone(),
            json: true,
        },
        DataError::NoRows {
            file: file.clone(),
            json: false,
        },
        DataError::MetadataRows {
            file: file.clone(),
            rows: 4,
            vectors: 5,
            vectors_file: "x.npy".into(),
        },
        DataError::MissingVector {
            file: file.clone(),
            item: "m1".into(),
            items_file: "items.csv".into(),
        },
        DataError::Word2vecHeader {
            file: file.clone(),
            dim: None,
            max: 10,
        },
        DataError::Word2vecHeader {
            file: file.clone(),
            dim: Some(0),
            max: 10,
        },
    ];
    all.extend(npy_errors(&file));
    all.extend(spark_errors());
    all
}

/// A Spark model error of every [`SparkProblem`](crate::error::SparkProblem).
fn spark_errors() -> Vec<DataError> {
    use crate::error::SparkProblem as S;
    [
        S::MissingFolder {
            folder: "userFactors",
        },
        S::NoMetadata,
        S::BadMetadata {
            reason: "EOF".into(),
        },
        S::NotAls {
            class: "PCAModel".into(),
        },
        S::NoParts,
        S::Unfinished,
        S::EmptyPart,
        S::RankMismatch { rank: 8, found: 4 },
        S::UnmappedId {
            id: "5".into(),
            map: "user_ids",
        },
        S::BadIdMap { line: Some(3) },
        S::BadIdMap { line: None },
    ]
    .into_iter()
    .map(|problem| DataError::SparkModel {
        file: "movies.parquet".into(),
        problem: Box::new(problem),
    })
    .collect()
}

/// Compiles only while every [`DataError`] variant is listed: a new variant must be added to
/// [`every_data_error`] too.
fn listed(e: &DataError) {
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
        | DataError::WrongSeparator { .. }
        | DataError::FieldCount { .. }
        | DataError::FileNotFound { .. }
        | DataError::LooksLikeVectors { .. }
        | DataError::UnclosedQuote { .. }
        | DataError::TooManyColumns { .. }
        | DataError::VectorLength { .. }
        | DataError::TooLargeForF32 { .. }
        | DataError::TimestampTooLate { .. }
        | DataError::InvalidJson { .. }
        | DataError::Npy { .. }
        | DataError::VectorsTruncated { .. }
        | DataError::Parquet { .. }
        | DataError::NoVectorColumn { .. }
        | DataError::NoRows { .. }
        | DataError::MetadataRows { .. }
        | DataError::MissingVector { .. }
        | DataError::Word2vecHeader { .. }
        | DataError::SparkModel { .. }
        | DataError::Manifest { .. }
        | DataError::SeveralVectorColumns { .. }
        | DataError::NoFeatures { .. } => {}
    }
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
            found: "a;b".into(),
            separator_hint: Some(Separator::Semicolon),
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
            defined_in: "movies.csv".into(),
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
        DataError::FieldCount {
            at: at.clone(),
            expected: 4,
            found: 3,
            separator: Separator::Tab,
            like: FieldsLike::Line(1),
            space_inside: true,
        },
        DataError::FieldCount {
            at: at.clone(),
            expected: 4,
            found: 5,
            separator: Separator::DoubleColon,
            like: FieldsLike::Format("user, item, rating, timestamp"),
            space_inside: false,
        },
        DataError::FileNotFound { file: file.clone() },
        DataError::LooksLikeVectors {
            file: file.clone(),
            line: 1,
            numbers: 300,
        },
        DataError::SeveralVectorColumns {
            file: file.clone(),
            candidates: vec!["a".into(), "b".into()],
            fields: false,
        },
        DataError::NoFeatures { file: file.clone() },
    ];
    let mut all = all;
    all.extend(loader_errors(&file, &at));
    all.iter().for_each(listed);
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
    let ja = |e: DataError| error_message(Lang::Ja, &PipelineError::Data(e));
    let row = Location {
        file: "x.parquet".into(),
        line: None,
        column: Some("row 1 (0-based), column \"vector\"".into()),
        part: Part::Free,
    };
    let length = DataError::VectorLength {
        at: row,
        expected: 2,
        found: 1,
        first: Some(FirstVector::Row(0)),
    };
    assert_eq!(
        length.to_string(),
        "x.parquet: row 1 (0-based), column \"vector\": expected 2 numbers like the first vector (row 0), found 1"
    );
    assert_eq!(
        ja(length),
        "x.parquet: row 1 (0-based), column \"vector\"：最初のベクトル（行 0）と同じ 2 個の数値が必要ですが 1 個でした"
    );
    let line = Location {
        file: "u.data".into(),
        line: Some(2),
        column: None,
        part: Part::Column,
    };
    assert_eq!(
        ja(DataError::WrongSeparator {
            at: line,
            expected: 4,
            separator: Separator::Tab,
            found: 1,
            used: Separator::Comma,
        }),
        "u.data:2：タブ区切りの 4 列が必要ですが 1 列でした。この行はカンマで区切られているようです"
    );
    let one_column = DataError::MissingColumn {
        file: "items.csv".into(),
        column: "id".into(),
        found: "id;title".into(),
        separator_hint: Some(Separator::Semicolon),
    };
    assert_eq!(
        one_column.to_string(),
        "items.csv:1: missing required column \"id\" (header has: id;title — a single column: the file seems to be separated by semicolons)"
    );
    assert_eq!(
        ja(one_column),
        "items.csv:1：必須の列「id」がありません（ヘッダーの列：id;title。列が 1 つだけです：セミコロン区切りのファイルのようです）"
    );
    assert_eq!(
        ja(DataError::Npy {
            file: "v.npy".into(),
            problem: Box::new(NpyProblem::Fortran),
        }),
        "v.npy：配列が Fortran（列優先）順です。C 順で保存してください（numpy.ascontiguousarray）"
    );
}
