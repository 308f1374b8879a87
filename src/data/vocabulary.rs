//! The dataset's own words: display labels of data values (categories, user segments, metadata
//! column names and values) in English and Japanese, and the verb for what users do with items
//! (cafés are visited, films watched, products bought). Read from `dataset.toml`:
//!
//! ```toml
//! [verb]                     # a verb taking を in Japanese; every form optional
//! en = "watch"               # "How do you usually decide what to watch next?"
//! en_past = "watched"        # "You watched mostly drama …"
//! ja = "観る"                 # 「次に観るものを…」
//! ja_past = "ご覧になった"     # 「これまでご覧になったのは…」
//!
//! [labels_ja.category]       # values of the items' category column
//! drama = "ドラマ"
//! [labels_ja.segment]        # values of the users' segment column
//! action = "アクション好き"
//! [labels_ja.columns]        # metadata column names (items and users)
//! age_band = "年代"
//! [labels_ja.values.country] # values of one metadata column
//! JP = "日本"
//! ```
//! `[labels.…]` holds English labels with the same layout. A value without a label is shown as
//! it is in the file, except the booleans `true` / `false`, which read はい / いいえ (yes / no).
//! A `category_ja` / `segment_ja` column in the table wins over `[labels_ja.category]`.

use std::collections::BTreeMap;

use serde::Deserialize;

/// Display labels of data values, in one language.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct ValueLabels {
    /// Item category value → label.
    pub category: BTreeMap<String, String>,
    /// User segment value → label.
    pub segment: BTreeMap<String, String>,
    /// Metadata column name → label.
    pub columns: BTreeMap<String, String>,
    /// Metadata column name → (value → label).
    pub values: BTreeMap<String, BTreeMap<String, String>>,
}

/// The verb for what users do with items, in its four forms (each optional).
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct VerbSpec {
    /// English base form ("watch").
    pub en: Option<String>,
    /// English past form ("watched").
    pub en_past: Option<String>,
    /// Japanese dictionary form taking を (「観る」).
    pub ja: Option<String>,
    /// Japanese past form, polite where natural (「ご覧になった」).
    pub ja_past: Option<String>,
}

/// The verb, one language, with the neutral default filled in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verb<'a> {
    /// Base / dictionary form.
    pub base: &'a str,
    /// Past form.
    pub past: &'a str,
}

/// Labels in both languages and the verb.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Vocabulary {
    /// English labels.
    pub en: ValueLabels,
    /// Japanese labels.
    pub ja: ValueLabels,
    /// The verb.
    pub verb: VerbSpec,
}

impl Vocabulary {
    fn set(&self, ja: bool) -> &ValueLabels {
        if ja { &self.ja } else { &self.en }
    }

    /// Label of an item category (`user = false`) or a user segment (`user = true`).
    #[must_use]
    pub fn category<'a>(&'a self, user: bool, value: &'a str, ja: bool) -> &'a str {
        let set = self.set(ja);
        let map = if user { &set.segment } else { &set.category };
        map.get(value).map_or(value, String::as_str)
    }

    /// Label of a metadata column name.
    #[must_use]
    pub fn column<'a>(&'a self, name: &'a str, ja: bool) -> &'a str {
        self.set(ja).columns.get(name).map_or(name, String::as_str)
    }

    /// Label of a metadata value of `column`; booleans read yes / no (はい / いいえ).
    #[must_use]
    pub fn value<'a>(&'a self, column: &str, value: &'a str, ja: bool) -> &'a str {
        if let Some(l) = self.set(ja).values.get(column).and_then(|m| m.get(value)) {
            return l;
        }
        match (value.to_ascii_lowercase().as_str(), ja) {
            ("true", true) => "はい",
            ("false", true) => "いいえ",
            ("true", false) => "yes",
            ("false", false) => "no",
            _ => value,
        }
    }

    /// The verb in one language; neutral ("choose" / 「選ぶ」) where the manifest has none.
    #[must_use]
    pub fn verb(&self, ja: bool) -> Verb<'_> {
        let v = &self.verb;
        if ja {
            Verb {
                base: v.ja.as_deref().unwrap_or("選ぶ"),
                past: v.ja_past.as_deref().unwrap_or("選んだ"),
            }
        } else {
            Verb {
                base: v.en.as_deref().unwrap_or("choose"),
                past: v.en_past.as_deref().unwrap_or("chose"),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocab() -> Vocabulary {
        let mut v = Vocabulary::default();
        v.ja.category.insert("drama".into(), "ドラマ".into());
        v.ja.segment
            .insert("action".into(), "アクション好き".into());
        v.ja.columns.insert("country".into(), "国".into());
        v.ja.values
            .entry("country".into())
            .or_default()
            .insert("JP".into(), "日本".into());
        v.verb.en_past = Some("watched".into());
        v
    }

    #[test]
    fn labels_fall_back_to_the_raw_value() {
        let v = vocab();
        assert_eq!(v.category(false, "drama", true), "ドラマ");
        assert_eq!(v.category(false, "drama", false), "drama");
        assert_eq!(v.category(true, "drama", true), "drama", "segments apart");
        assert_eq!(v.category(true, "action", true), "アクション好き");
        assert_eq!(v.column("country", true), "国");
        assert_eq!(v.column("age_band", true), "age_band");
        assert_eq!(v.value("country", "JP", true), "日本");
        assert_eq!(v.value("other", "JP", true), "JP");
    }

    #[test]
    fn booleans_and_the_verb_have_defaults() {
        let v = vocab();
        assert_eq!(v.value("churned", "false", true), "いいえ");
        assert_eq!(v.value("churned", "TRUE", false), "yes");
        assert_eq!(
            v.verb(false),
            Verb {
                base: "choose",
                past: "watched"
            }
        );
        assert_eq!(
            v.verb(true),
            Verb {
                base: "選ぶ",
                past: "選んだ"
            }
        );
    }
}
