//! [`SparkProblem`] in Japanese: the same facts as its English `Display`.

use crate::error::SparkProblem;

/// A Spark model folder's problem in Japanese.
pub(super) fn spark_problem_ja(p: &SparkProblem) -> String {
    match p {
        SparkProblem::MissingFolder { folder } => format!(
            "{folder}/ フォルダがありません（保存された Spark の ALSModel には metadata/・userFactors/・itemFactors/ があります）"
        ),
        SparkProblem::NoMetadata => {
            "メタデータのパートファイル（metadata/part-00000：モデルのクラスと rank を記した JSON 行）がありません".to_owned()
        }
        SparkProblem::BadMetadata { reason } => format!(
            "Spark が ALSModel に書き出す JSON のメタデータではありません（{reason}）"
        ),
        SparkProblem::NotAls { class } => format!(
            "メタデータのクラスが {class} です（org.apache.spark.ml.recommendation.ALSModel ではありません）"
        ),
        SparkProblem::NoParts => {
            "このフォルダに Parquet のパートファイル（part-*.parquet）がありません".to_owned()
        }
        SparkProblem::Unfinished => {
            "Spark のジョブが完了していません（_temporary/ フォルダがあり、_SUCCESS がありません）。ジョブをもう一度実行してください".to_owned()
        }
        SparkProblem::EmptyPart => {
            "パートファイルが空です（0 バイト）。ジョブが書き出しの途中で止まっています".to_owned()
        }
        SparkProblem::RankMismatch { rank, found } => format!(
            "ベクトルの長さが {found} ですが、メタデータの rank は {rank} です"
        ),
        SparkProblem::UnmappedId { id, map } => {
            format!("ID {id} が {map}/（id,original_id）にありません")
        }
        SparkProblem::BadIdMap { line: Some(l) } => {
            format!("{l} 行目：整数の ID と元の ID（id,original_id）が必要です")
        }
        SparkProblem::BadIdMap { line: None } => {
            "ヘッダー id,original_id が必要です（Spark のジョブが書き出す対応表）".to_owned()
        }
    }
}
