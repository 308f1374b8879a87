//! Dataset errors ([`DataError`]) in Japanese. English is each error's own `Display`; here
//! every variant, and the typed details it carries (separators, the first vector, `.npy`
//! problems), is worded in Japanese, so only a library's own detail text (a JSON parser's or
//! the Parquet reader's) can still show in English.

mod spark;

use crate::error::{DataError, FieldsLike, FirstVector, NpyProblem, Separator};

/// A whole-file problem in Japanese: the reasons the loaders name as constants in their own
/// words, any other with its English detail.
fn manifest_ja(file: &str, reason: &str) -> String {
    if reason == crate::data::formats::parquet_folder::PARTITION_NOT_UTF8 {
        format!(
            "{file}：パーティションのフォルダの値が UTF-8 の文字列ではありません（フォルダ名を変えるか、パーティションの列を UTF-8 の文字列で書き出してください）"
        )
    } else {
        format!("{file}：内容が正しくありません（詳細：{reason}）")
    }
}

/// A data error in Japanese: the same facts as the English `Display`, field by field.
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
            separator_hint,
        } => format!(
            "{file}:1：必須の列「{column}」がありません（ヘッダーの列：{found}{}）",
            separator_hint.map_or_else(String::new, |s| format!(
                "。列が 1 つだけです：{}区切りのファイルのようです",
                separator_ja(s)
            ))
        ),
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
        // Also the catch-all of the loaders for rarer problems without a variant of their own
        // (see `DataError::invalid`): the detail stays English.
        D::Manifest { file, reason } => manifest_ja(file, reason),
        D::SeveralVectorColumns {
            file,
            candidates,
            fields,
        } => format!(
            "{file}：ベクトルを持つ{}が複数あります（{}）。どれを使うか選んでください",
            if *fields { "フィールド" } else { "列" },
            candidates.join("、")
        ),
        D::FieldCount { .. } | D::FileNotFound { .. } | D::LooksLikeVectors { .. } => {
            line_error_ja(e)
        }
        D::WrongSeparator { .. }
        | D::UnclosedQuote { .. }
        | D::TooManyColumns { .. }
        | D::VectorLength { .. }
        | D::TooLargeForF32 { .. }
        | D::TimestampTooLate { .. }
        | D::InvalidJson { .. }
        | D::Npy { .. }
        | D::VectorsTruncated { .. }
        | D::Parquet { .. }
        | D::NoVectorColumn { .. }
        | D::NoRows { .. }
        | D::MetadataRows { .. }
        | D::MissingVector { .. }
        | D::Word2vecHeader { .. } => loader_error_ja(e),
        D::SparkModel { file, problem } => {
            format!("{file}：{}", spark::spark_problem_ja(problem))
        }
        D::NoFeatures { file } => {
            format!("{file}：数値の特徴量の列がないため、地図に置くものがありません")
        }
    }
}

/// The loader-specific variants of [`data_error_ja`] (typed details, no catch-all text).
fn loader_error_ja(e: &DataError) -> String {
    use DataError as D;
    match e {
        D::WrongSeparator {
            at,
            expected,
            separator,
            found,
            used,
        } => format!(
            "{at}：{}区切りの {expected} 列が必要ですが {found} 列でした。この行は{}で区切られているようです",
            separator_ja(*separator),
            separator_ja(*used)
        ),
        D::UnclosedQuote {
            at,
            expected,
            found,
        } => format!(
            "{at}：この行で始まる引用符付きのフィールドが閉じていません（ヘッダーと同じ {expected} 列が必要ですが {found} 列でした。フィールド内の引用符は \"\" と書きます）"
        ),
        D::TooManyColumns { at, columns, max } => format!(
            "{at}：ヘッダーに {columns} 列あります。扱えるのは {max} 列までです（正しいファイルですか？）"
        ),
        D::VectorLength {
            at,
            expected,
            found,
            first,
        } => format!(
            "{at}：最初のベクトル{}と同じ {expected} 個の数値が必要ですが {found} 個でした",
            first.map_or_else(String::new, first_vector_ja)
        ),
        D::TooLargeForF32 { at, found } => {
            format!("{at}：{found} は 32 ビット浮動小数点数には大きすぎます（最大 ±3.4e38）")
        }
        D::TimestampTooLate { at, found } => format!(
            "{at}：{found} は西暦 3000 年より後です。ミリ秒ではありませんか？（Unix 秒が必要です）"
        ),
        D::InvalidJson { at, detail } => format!("{at}：JSON として読めません（詳細：{detail}）"),
        D::Npy { file, problem } => format!("{file}：{}", npy_problem_ja(problem)),
        D::VectorsTruncated {
            file,
            vector,
            count,
        } => format!(
            "{file}：{count} 個中 {vector} 番目のベクトルの途中でファイルが終わっています（途中で切れていませんか？）"
        ),
        D::Parquet { file, reason } => {
            format!("{file}：Parquet ファイルを読めません（詳細：{reason}）")
        }
        D::NoRows { file, json: true } => {
            format!(
                "{file}：JSON のオブジェクトが 1 行もありません（空のファイルか、空行だけです）"
            )
        }
        D::NoRows { file, json: false } => {
            format!("{file}：データの行がありません（ベクトルが 1 つも入っていません）")
        }
        D::MetadataRows {
            file,
            rows,
            vectors,
            vectors_file,
        } => format!(
            "{file}：メタデータが {rows} 行ありますが、{vectors_file} のベクトルは {vectors} 個です（1 行目は見出し。ベクトル 1 つにつき 1 行必要です）"
        ),
        D::MissingVector {
            file,
            item,
            items_file,
        } => format!(
            "{file}：アイテム「{item}」のベクトルがありません（{items_file} のすべてのアイテムに 1 行ずつ必要です）"
        ),
        D::Word2vecHeader {
            file, dim: None, ..
        } => format!("{file}：1 行目に「件数 次元数」が必要です（word2vec バイナリ形式）"),
        D::Word2vecHeader {
            file,
            dim: Some(d),
            max,
        } => format!("{file}：見出しの次元数が {d} です。1〜{max} である必要があります"),
        D::NoVectorColumn {
            file,
            wanted,
            candidates,
            fields,
        } => no_vector_column_ja(file, wanted.as_deref(), candidates, *fields),
        // Only the variants above are routed here.
        other => other.to_string(),
    }
}

/// Lines of delimited files that do not fit the format, and files that are not there.
fn line_error_ja(e: &DataError) -> String {
    use DataError as D;
    match e {
        D::FieldCount {
            at,
            expected,
            found,
            separator,
            like,
            space_inside,
        } => format!(
            "{at}：{}{}区切りの {expected} 列が必要ですが {found} 列でした{}",
            match like {
                FieldsLike::Line(n) => format!("{n} 行目と同じく"),
                FieldsLike::Format(columns) => format!("（{columns}）"),
            },
            separator_ja(*separator),
            if *space_inside {
                "（タブの代わりに空白が入っていませんか？）"
            } else {
                ""
            }
        ),
        D::FileNotFound { file } => format!("{file}：ファイルがありません"),
        D::LooksLikeVectors {
            file,
            line,
            numbers,
        } => format!(
            "{file}：ID のないベクトルのようです（{line} 行目に数値が {numbers} 個あります）。user<TAB>item<TAB>rating<TAB>timestamp の行動ログではありません。Embedding Projector のベクトルとして開くには vectors.tsv という名前にしてください"
        ),
        // Only the variants above are routed here.
        other => other.to_string(),
    }
}

fn separator_ja(s: Separator) -> &'static str {
    match s {
        Separator::Tab => "タブ",
        Separator::Comma => "カンマ",
        Separator::Semicolon => "セミコロン",
        Separator::Pipe => "「|」",
        Separator::Space => "空白",
        Separator::DoubleColon => "「::」",
        Separator::Other => "別の区切り文字",
    }
}

fn first_vector_ja(first: FirstVector) -> String {
    match first {
        FirstVector::Line(n) => format!("（{n} 行目）"),
        FirstVector::Row(n) => format!("（行 {n}）"),
        FirstVector::Vector(n) => format!("（{n} 番目のベクトル）"),
    }
}

fn npy_problem_ja(p: &NpyProblem) -> String {
    match p {
        NpyProblem::NotNpy => {
            "NumPy の .npy ファイルではありません（\\x93NUMPY で始まっていません）".to_owned()
        }
        NpyProblem::HeaderTruncated => {
            ".npy のヘッダーの途中でファイルが終わっています（途中で切れていませんか？）".to_owned()
        }
        NpyProblem::Version { major, minor } => format!(
            ".npy 形式のバージョン {major}.{minor} には対応していません（1.0・2.0・3.0 に対応）"
        ),
        NpyProblem::Unreadable { header } => format!(
            ".npy のヘッダー {header} を読めません（'descr'・'fortran_order'・'shape' が必要です）"
        ),
        NpyProblem::Dtype { found } => format!(
            "データ型 '{found}' には対応していません（float32 '<f4' か float64 '<f8' が必要です）"
        ),
        NpyProblem::Fortran => {
            "配列が Fortran（列優先）順です。C 順で保存してください（numpy.ascontiguousarray）"
                .to_owned()
        }
        NpyProblem::Dimensions { shape, found } => {
            format!("形 {shape} は {found} 次元です。2 次元（行 × 次元）が必要です")
        }
        NpyProblem::NoVectors { shape } => {
            format!("形 {shape} にはベクトルがありません（1 行 1 列以上が必要です）")
        }
        NpyProblem::DataTruncated {
            have,
            needed,
            shape,
            dtype,
        } => format!(
            "形 {shape} の {dtype} 配列には {needed} バイトのデータが必要ですが、ファイルには {have} バイトしかありません（途中で切れていませんか？）"
        ),
    }
}

fn no_vector_column_ja(
    file: &str,
    wanted: Option<&str>,
    candidates: &[String],
    fields: bool,
) -> String {
    let list = if candidates.is_empty() {
        "なし".to_owned()
    } else {
        candidates.join("、")
    };
    match (wanted, fields) {
        (Some(w), false) => format!(
            "{file}：ベクトルの列「{w}」がありません（浮動小数点数のリストを持つ列：{list}）"
        ),
        (Some(w), true) => format!(
            "{file}：ベクトルのフィールド「{w}」がありません（数値の配列を持つフィールド：{list}）"
        ),
        (None, false) => format!(
            "{file}：浮動小数点数のリストを持つ列がありません（ベクトルの列が必要です：list<float> か fixed_size_list<float>）"
        ),
        (None, true) => format!("{file}：数値の配列を持つフィールドがありません"),
    }
}

#[cfg(test)]
mod tests;
