//! `dataset.toml`: the optional manifest of a native dataset folder.
//!
//! ```toml
//! name = "Cafés of Kawabe"
//! name_ja = "川辺町のカフェ"
//! [items]
//! features = ["price_yen", "spice", "atmosphere", "station_distance_m"]
//! category = "genre"
//! [items.labels]
//! price_yen = "price"
//! [items.labels_ja]
//! price_yen = "値段"
//! ```
//! Value labels and the verb (`[labels_ja.category]`, `[verb]` …) are described in
//! [`crate::data::vocabulary`].
//! Without a manifest, every numeric column of `items.csv` (other than the id) is a feature.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use crate::error::DataError;

/// Settings for one table.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct TableSpec {
    /// Feature columns, in order. `None` = every numeric column.
    pub features: Option<Vec<String>>,
    /// Column holding the category (default `category`).
    pub category: Option<String>,
    /// English display labels per column.
    pub labels: BTreeMap<String, String>,
    /// Japanese display labels per column.
    pub labels_ja: BTreeMap<String, String>,
}

/// The manifest, all fields optional.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
#[serde(default, deny_unknown_fields)]
pub struct Manifest {
    /// Display name.
    pub name: Option<String>,
    /// Japanese display name.
    pub name_ja: Option<String>,
    /// One-line description.
    pub description: Option<String>,
    /// Items table settings.
    pub items: TableSpec,
    /// Users table settings.
    pub users: TableSpec,
    /// The verb for what users do with items (see [`crate::data::vocabulary`]).
    pub verb: crate::data::vocabulary::VerbSpec,
    /// English labels of data values (`[labels.category]`, `[labels.columns]` …).
    pub labels: crate::data::vocabulary::ValueLabels,
    /// Japanese labels of data values (`[labels_ja.category]`, `[labels_ja.segment]` …).
    pub labels_ja: crate::data::vocabulary::ValueLabels,
}

impl Manifest {
    /// The value labels and the verb of this manifest.
    #[must_use]
    pub fn vocabulary(&self) -> crate::data::vocabulary::Vocabulary {
        crate::data::vocabulary::Vocabulary {
            en: self.labels.clone(),
            ja: self.labels_ja.clone(),
            verb: self.verb.clone(),
        }
    }

    /// Read `dataset.toml` from a folder; a missing file gives the default manifest.
    ///
    /// # Errors
    /// The file exists but cannot be read or is not valid TOML for this schema.
    pub fn load(dir: &Path) -> Result<Self, DataError> {
        let file = "dataset.toml".to_owned();
        let path = dir.join(&file);
        if !path.exists() {
            return Ok(Self::default());
        }
        let bytes = std::fs::read(&path).map_err(|e| DataError::Io {
            file: file.clone(),
            reason: e.to_string(),
        })?;
        let text = String::from_utf8(bytes).map_err(|_| DataError::NotUtf8 {
            at: crate::error::Location {
                file: file.clone(),
                line: None,
                column: None,
                part: crate::error::Part::Column,
            },
        })?;
        toml::from_str(&text).map_err(|e| DataError::Manifest {
            file,
            reason: e.message().to_owned(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_labels_and_rejects_unknown_keys() {
        let m: Manifest =
            toml::from_str("name='x'\n[items]\nfeatures=['a']\n[items.labels_ja]\na='値段'\n")
                .unwrap();
        assert_eq!(m.items.features, Some(vec!["a".to_owned()]));
        assert_eq!(m.items.labels_ja.get("a").map(String::as_str), Some("値段"));
        assert!(toml::from_str::<Manifest>("nmae='typo'").is_err());
    }

    #[test]
    fn parses_value_labels_and_the_verb() {
        let m: Manifest = toml::from_str(
            "[verb]\nen_past='visited'\n[labels_ja.segment]\naction='アクション好き'\n\
             [labels_ja.values.country]\nJP='日本'\n[labels.columns]\nage_band='age'\n",
        )
        .unwrap();
        let v = m.vocabulary();
        assert_eq!(v.category(true, "action", true), "アクション好き");
        assert_eq!(v.value("country", "JP", true), "日本");
        assert_eq!(v.column("age_band", false), "age");
        assert_eq!(v.verb(false).past, "visited");
        assert!(toml::from_str::<Manifest>("[labels_ja.colums]\na='b'\n").is_err());
    }
}
