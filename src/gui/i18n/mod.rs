//! Every user-visible string in English and Japanese, including error messages.
//!
//! Strings are looked up by [`Key`]; each key holds both languages on one line, so a missing
//! translation is a compile error. `{name}` placeholders are filled by [`fill`].

/// UI language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// 日本語.
    Ja,
}

impl Lang {
    /// The system locale's language: Japanese for `ja*`, English otherwise.
    #[must_use]
    pub fn from_system() -> Self {
        Self::from_locale(sys_locale::get_locale().as_deref())
    }

    /// Japanese for a locale starting with `ja`, English otherwise.
    #[must_use]
    pub fn from_locale(locale: Option<&str>) -> Self {
        match locale {
            Some(l) if l.to_ascii_lowercase().starts_with("ja") => Self::Ja,
            _ => Self::En,
        }
    }

    /// Whether Japanese names/labels should be preferred.
    #[must_use]
    pub fn is_ja(self) -> bool {
        self == Self::Ja
    }
}

macro_rules! keys {
    ($($key:ident => $en:literal, $ja:literal;)*) => {
        /// A translatable string.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        #[expect(missing_docs, reason = "the key names say what they are; the texts are right beside them")]
        pub enum Key { $($key,)* }

        /// The text of `key` in `lang`.
        #[must_use]
        pub fn tr(lang: Lang, key: Key) -> &'static str {
            match (key, lang) {
                $((Key::$key, Lang::En) => $en, (Key::$key, Lang::Ja) => $ja,)*
            }
        }
    };
}

mod abtest;
mod data_errors;
mod errors;
// The key table's parts: each defines a macro that `keys.rs` chains, so they come first.
#[macro_use]
mod keys_launch;
#[macro_use]
mod keys_time;
#[macro_use]
mod keys_analysis;
mod keys;
mod model_errors;
mod warnings;

pub use abtest::{abtest_error_message, pct, signed_pct, verdict_sentence};
pub use errors::{error_message, query_error_message, report_error_message, window_error_message};
pub use keys::{Key, tr};
pub use warnings::projection_warning;

/// Replace `{name}` placeholders.
#[must_use]
pub fn fill(template: &str, args: &[(&str, String)]) -> String {
    args.iter().fold(template.to_owned(), |s, (k, v)| {
        s.replace(&format!("{{{k}}}"), v)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::DataError;
    use crate::pipeline::PipelineError;

    #[test]
    fn locale_and_fill() {
        assert_eq!(Lang::from_locale(Some("ja-JP")), Lang::Ja);
        assert_eq!(Lang::from_locale(Some("en-US")), Lang::En);
        assert_eq!(Lang::from_locale(None), Lang::En);
        assert_eq!(
            fill(
                tr(Lang::En, Key::Shared),
                &[("n", "3".into()), ("k", "5".into())]
            ),
            "3 of 5 shared"
        );
        assert_eq!(
            fill(
                tr(Lang::Ja, Key::Shared),
                &[("n", "3".into()), ("k", "5".into())]
            ),
            "5件中3件が共通"
        );
    }

    #[test]
    fn errors_are_translated_with_location() {
        let e = PipelineError::Data(DataError::HeaderOnly {
            file: "items.csv".into(),
        });
        assert_eq!(
            error_message(Lang::En, &e),
            "items.csv: only a header line, no data rows"
        );
        assert_eq!(
            error_message(Lang::Ja, &e),
            "items.csv：ヘッダー行しかなく、データ行がありません"
        );
    }
}
