//! Model-folder errors (text models) in Japanese; English uses the error's own text.

use crate::data::models::{ModelError, SUPPORTED_FAMILIES};

/// A [`ModelError`] in Japanese, naming the file as the English text does.
#[must_use]
pub fn model_error_ja(e: &ModelError) -> String {
    match e {
        ModelError::NotAFolder { path } => format!(
            "{}：モデルのフォルダではありません（存在しないか、フォルダではありません）",
            path.display()
        ),
        ModelError::MissingFile { path, what } => format!(
            "{}：ファイルがありません（{}）",
            path.display(),
            missing_what_ja(what)
        ),
        ModelError::Io { path, reason } => {
            format!("{}：ファイルを読めません：{reason}", path.display())
        }
        ModelError::BadJson { path, reason } => {
            format!("{}：設定ファイルを読めません：{reason}", path.display())
        }
        ModelError::UnsupportedArchitecture { path, found } => format!(
            "{}：未対応のアーキテクチャ「{found}」です（対応：{SUPPORTED_FAMILIES}）",
            path.display()
        ),
        ModelError::UnsupportedModule { path, found } => format!(
            "{}：未対応のモジュール「{found}」です（対応：Transformer、StaticEmbedding、Pooling、Normalize）",
            path.display()
        ),
        ModelError::BadSafetensors { path, reason } => format!(
            "{}：safetensors ファイルとして読めません（途中で切れているか壊れています）：{reason}",
            path.display()
        ),
        ModelError::UnknownDtype {
            path,
            tensor,
            dtype,
        } => format!(
            "{}：テンソル「{tensor}」のデータ型 {dtype} には対応していません（対応：F32、F16、BF16、F64）",
            path.display()
        ),
        ModelError::BadTensor {
            path,
            tensor,
            reason,
        } => format!("{}：テンソル「{tensor}」：{reason}", path.display()),
        ModelError::BadTokenizer { path, reason } => {
            format!(
                "{}：トークナイザーを読み込めません：{reason}",
                path.display()
            )
        }
        ModelError::VocabMismatch {
            path,
            tokenizer,
            matrix,
        } => format!(
            "{}：トークナイザーの語彙は{tokenizer}語ですが、埋め込み行列は{matrix}行です（トークナイザーと重みが別のモデルのものです）",
            path.display()
        ),
        ModelError::TooLarge {
            path,
            needed_bytes,
            available_bytes,
        } => format!(
            "{}：このモデルは f32 で {:.1} MB 必要ですが、空きメモリは {:.1} MB です。ほかのプログラムを閉じるか、小さいモデルを選んでください",
            path.display(),
            *needed_bytes as f64 / 1e6,
            *available_bytes as f64 / 1e6
        ),
    }
}

/// The "what it is for" of a missing file, in Japanese.
fn missing_what_ja(what: &str) -> String {
    if what.starts_with("the tokenizer") {
        "トークナイザー（tokenizer.json）".to_owned()
    } else if what.starts_with("the weights") {
        "重み：model.safetensors、または model.safetensors.index.json とその分割ファイル".to_owned()
    } else if what.starts_with("a weights shard") {
        "model.safetensors.index.json に書かれた重みの分割ファイル".to_owned()
    } else if what.contains("config.json") {
        "モデルの設定ファイル config.json".to_owned()
    } else {
        what.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn japanese_messages_name_the_file() {
        let e = ModelError::MissingFile {
            path: PathBuf::from("m/tokenizer.json"),
            what: "the tokenizer (tokenizer.json)",
        };
        let s = model_error_ja(&e);
        assert!(s.starts_with("m/tokenizer.json："), "{s}");
        assert!(s.contains("トークナイザー"), "{s}");
        let e = ModelError::TooLarge {
            path: PathBuf::from("big"),
            needed_bytes: 2_000_000_000,
            available_bytes: 1_000_000_000,
        };
        assert!(model_error_ja(&e).contains("2000.0 MB"));
    }
}
