//! Notes: free text a person attaches to one item or user of a dataset ("asked about this café
//! in the interview").
//!
//! Notes are keyed by the dataset's *path* (see [`fingerprint::cache_key`]), not its
//! fingerprint: a note is about the entity `c001`, which is still `c001` after a row is added
//! to the file, while runs are about the exact content. Setting an empty text deletes the note.

use std::path::Path;

use rusqlite::{OptionalExtension as _, params};

use super::fingerprint::cache_key;
use super::{StoreError, Workspace, clock};
use crate::data::Kind;

/// `item` → item, anything else (only `user` can be stored) → user.
pub(super) fn kind_of(s: &str) -> Kind {
    if s == "item" { Kind::Item } else { Kind::User }
}

/// One note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Note {
    /// Item or user.
    pub kind: Kind,
    /// The entity's id as in the dataset.
    pub entity_id: String,
    /// The text.
    pub text: String,
    /// Last change (ms since the Unix epoch).
    pub updated_at_ms: i64,
}

impl Workspace {
    /// Set the note on an entity of the dataset at `dataset` (replacing any); an empty or
    /// blank `text` deletes it.
    ///
    /// # Errors
    /// SQLite errors.
    pub fn set_note(
        &self,
        dataset: &Path,
        kind: Kind,
        entity_id: &str,
        text: &str,
    ) -> Result<(), StoreError> {
        if text.trim().is_empty() {
            return self.delete_note(dataset, kind, entity_id).map(|_| ());
        }
        self.conn
            .execute(
                "INSERT INTO notes (dataset, kind, entity_id, text, updated_at_ms)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (dataset, kind, entity_id) DO UPDATE SET text = ?4, updated_at_ms = ?5",
                params![cache_key(dataset), kind.as_str(), entity_id, text, clock::now_ms()],
            )
            .map(|_| ())
            .map_err(|e| self.sql("saving a note", e))
    }

    /// The note on one entity.
    ///
    /// # Errors
    /// SQLite errors.
    pub fn note(
        &self,
        dataset: &Path,
        kind: Kind,
        entity_id: &str,
    ) -> Result<Option<String>, StoreError> {
        self.conn
            .query_row(
                "SELECT text FROM notes WHERE dataset = ?1 AND kind = ?2 AND entity_id = ?3",
                params![cache_key(dataset), kind.as_str(), entity_id],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.sql("reading a note", e))
    }

    /// All notes on the dataset's entities, items before users, then by id.
    ///
    /// # Errors
    /// SQLite errors.
    pub fn notes(&self, dataset: &Path) -> Result<Vec<Note>, StoreError> {
        let read = || -> rusqlite::Result<Vec<Note>> {
            let mut stmt = self.conn.prepare(
                "SELECT kind, entity_id, text, updated_at_ms FROM notes WHERE dataset = ?1
                 ORDER BY kind, entity_id",
            )?;
            stmt.query_map([cache_key(dataset)], |r| {
                Ok(Note {
                    kind: kind_of(&r.get::<_, String>(0)?),
                    entity_id: r.get(1)?,
                    text: r.get(2)?,
                    updated_at_ms: r.get(3)?,
                })
            })?
            .collect()
        };
        read().map_err(|e| self.sql("listing notes", e))
    }

    /// Delete the note on one entity; returns whether there was one.
    ///
    /// # Errors
    /// SQLite errors.
    pub fn delete_note(
        &self,
        dataset: &Path,
        kind: Kind,
        entity_id: &str,
    ) -> Result<bool, StoreError> {
        self.conn
            .execute(
                "DELETE FROM notes WHERE dataset = ?1 AND kind = ?2 AND entity_id = ?3",
                params![cache_key(dataset), kind.as_str(), entity_id],
            )
            .map(|n| n > 0)
            .map_err(|e| self.sql("deleting a note", e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_get_list_replace_delete() {
        let ws = Workspace::in_memory(None).unwrap();
        let d = Path::new("/nowhere/cafes");
        ws.set_note(d, Kind::User, "u7", "likes quiet places")
            .unwrap();
        ws.set_note(d, Kind::Item, "c002", "closed on Mondays")
            .unwrap();
        ws.set_note(d, Kind::Item, "c001", "first").unwrap();
        ws.set_note(d, Kind::Item, "c001", "second").unwrap();
        ws.set_note(Path::new("/other"), Kind::Item, "c001", "elsewhere")
            .unwrap();
        assert_eq!(
            ws.note(d, Kind::Item, "c001").unwrap().as_deref(),
            Some("second")
        );
        assert_eq!(ws.note(d, Kind::User, "c001").unwrap(), None);
        let list: Vec<(Kind, String, String)> = ws
            .notes(d)
            .unwrap()
            .into_iter()
            .map(|n| (n.kind, n.entity_id, n.text))
            .collect();
        assert_eq!(
            list,
            vec![
                (Kind::Item, "c001".into(), "second".into()),
                (Kind::Item, "c002".into(), "closed on Mondays".into()),
                (Kind::User, "u7".into(), "likes quiet places".into()),
            ]
        );
        assert!(ws.delete_note(d, Kind::User, "u7").unwrap());
        assert!(!ws.delete_note(d, Kind::User, "u7").unwrap());
        ws.set_note(d, Kind::Item, "c002", "  ").unwrap();
        assert_eq!(ws.notes(d).unwrap().len(), 1);
        assert_eq!(ws.notes(Path::new("/other")).unwrap().len(), 1);
    }
}
