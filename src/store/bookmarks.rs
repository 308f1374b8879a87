//! Bookmarks: a named selection of points (items/users by id) and the map rectangle that was
//! on screen, so a view found in one session can be reopened in the next.
//!
//! Keyed by the dataset's path and the bookmark's name (saving a name again replaces it), like
//! notes (see [`super::notes`]): entity ids survive edits of the file, row numbers would not.

use std::path::Path;

use rusqlite::{TransactionBehavior, params};

use super::fingerprint::cache_key;
use super::notes::kind_of;
use super::{StoreError, Workspace, clock};
use crate::data::Kind;

/// The part of the map on screen, in map coordinates.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ViewRect {
    /// Left edge.
    pub x_min: f64,
    /// Right edge.
    pub x_max: f64,
    /// Bottom edge.
    pub y_min: f64,
    /// Top edge.
    pub y_max: f64,
}

/// A saved bookmark.
#[derive(Debug, Clone, PartialEq)]
pub struct Bookmark {
    /// Its id.
    pub id: i64,
    /// Its name (unique per dataset).
    pub name: String,
    /// The map it was made on (`pca`, `tsne`…).
    pub projection: String,
    /// Selected points in selection order: (item or user, id).
    pub points: Vec<(Kind, String)>,
    /// The view rectangle.
    pub view: ViewRect,
    /// When it was saved (ms since the Unix epoch).
    pub created_at_ms: i64,
}

impl Workspace {
    /// Save a bookmark on the dataset at `dataset` in one transaction, replacing one of the
    /// same name; returns its id.
    ///
    /// # Errors
    /// SQLite errors (nothing changes then).
    pub fn save_bookmark(
        &mut self,
        dataset: &Path,
        name: &str,
        projection: &str,
        points: &[(Kind, &str)],
        view: ViewRect,
    ) -> Result<i64, StoreError> {
        let key = cache_key(dataset);
        let write = |conn: &mut rusqlite::Connection| -> rusqlite::Result<i64> {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            tx.execute(
                "DELETE FROM bookmarks WHERE dataset = ?1 AND name = ?2",
                params![key, name],
            )?;
            tx.execute(
                "INSERT INTO bookmarks (dataset, name, projection, x_min, x_max, y_min, y_max, created_at_ms)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![key, name, projection, view.x_min, view.x_max, view.y_min, view.y_max, clock::now_ms()],
            )?;
            let id = tx.last_insert_rowid();
            {
                let mut insert = tx.prepare(
                    "INSERT INTO bookmark_points (bookmark_id, seq, kind, entity_id) VALUES (?1, ?2, ?3, ?4)",
                )?;
                for (seq, (kind, entity)) in points.iter().enumerate() {
                    insert.execute(params![id, seq as i64, kind.as_str(), entity])?;
                }
            }
            tx.commit()?;
            Ok(id)
        };
        write(&mut self.conn).map_err(|e| self.sql("saving a bookmark", e))
    }

    /// The dataset's bookmarks, sorted by name (ties by id).
    ///
    /// # Errors
    /// SQLite errors.
    pub fn bookmarks(&self, dataset: &Path) -> Result<Vec<Bookmark>, StoreError> {
        let read = || -> rusqlite::Result<Vec<Bookmark>> {
            let tx = self.conn.unchecked_transaction()?;
            let mut marks: Vec<Bookmark> = {
                let mut stmt = tx.prepare(
                    "SELECT id, name, projection, x_min, x_max, y_min, y_max, created_at_ms
                     FROM bookmarks WHERE dataset = ?1 ORDER BY name, id",
                )?;
                stmt.query_map([cache_key(dataset)], |r| {
                    Ok(Bookmark {
                        id: r.get(0)?,
                        name: r.get(1)?,
                        projection: r.get(2)?,
                        points: Vec::new(),
                        view: ViewRect {
                            x_min: r.get(3)?,
                            x_max: r.get(4)?,
                            y_min: r.get(5)?,
                            y_max: r.get(6)?,
                        },
                        created_at_ms: r.get(7)?,
                    })
                })?
                .collect::<rusqlite::Result<_>>()?
            };
            {
                let mut stmt = tx.prepare(
                    "SELECT kind, entity_id FROM bookmark_points WHERE bookmark_id = ?1 ORDER BY seq",
                )?;
                for m in &mut marks {
                    m.points = stmt
                        .query_map([m.id], |r| {
                            Ok((kind_of(&r.get::<_, String>(0)?), r.get(1)?))
                        })?
                        .collect::<rusqlite::Result<_>>()?;
                }
            }
            tx.finish()?;
            Ok(marks)
        };
        read().map_err(|e| self.sql("listing bookmarks", e))
    }

    /// Delete the dataset's bookmark `name`; returns whether it existed.
    ///
    /// # Errors
    /// SQLite errors.
    pub fn delete_bookmark(&mut self, dataset: &Path, name: &str) -> Result<bool, StoreError> {
        self.conn
            .execute(
                "DELETE FROM bookmarks WHERE dataset = ?1 AND name = ?2",
                params![cache_key(dataset), name],
            )
            .map(|n| n > 0)
            .map_err(|e| self.sql("deleting a bookmark", e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn save_list_replace_delete() {
        let mut ws = Workspace::in_memory(None).unwrap();
        let d = Path::new("/nowhere/cafes");
        let view = ViewRect {
            x_min: -1.5,
            x_max: 2.0,
            y_min: -0.25,
            y_max: 3.0,
        };
        ws.save_bookmark(
            d,
            "quiet",
            "pca",
            &[
                (Kind::Item, "c003"),
                (Kind::User, "u1"),
                (Kind::Item, "c001"),
            ],
            view,
        )
        .unwrap();
        ws.save_bookmark(d, "empty", "tsne", &[], view).unwrap();
        let marks = ws.bookmarks(d).unwrap();
        assert_eq!(
            marks.iter().map(|m| m.name.as_str()).collect::<Vec<_>>(),
            ["empty", "quiet"]
        );
        assert_eq!(
            marks[1].points,
            vec![
                (Kind::Item, "c003".to_owned()),
                (Kind::User, "u1".to_owned()),
                (Kind::Item, "c001".to_owned())
            ]
        );
        assert_eq!(marks[1].view, view);
        assert_eq!(marks[0].projection, "tsne");
        assert!(marks[0].points.is_empty());
        // Same name again: replaced, not duplicated.
        ws.save_bookmark(d, "quiet", "pca", &[(Kind::Item, "c009")], view)
            .unwrap();
        let marks = ws.bookmarks(d).unwrap();
        assert_eq!(marks.len(), 2);
        assert_eq!(marks[1].points, vec![(Kind::Item, "c009".to_owned())]);
        assert!(ws.delete_bookmark(d, "quiet").unwrap());
        assert!(!ws.delete_bookmark(d, "quiet").unwrap());
        assert_eq!(ws.bookmarks(d).unwrap().len(), 1);
        assert!(ws.bookmarks(Path::new("/other")).unwrap().is_empty());
    }
}
