//! The goal and KPI of a dataset's project ([`Goal`]): one per dataset, keyed by its path like
//! notes (the goal is about the project, which outlives an edit of the file), stored as JSON so
//! the goal can gain fields without a migration. Saving a goal with a blank sentence deletes it.

use std::path::Path;

use rusqlite::{OptionalExtension as _, params};

use super::fingerprint::cache_key;
use super::{StoreError, Workspace, clock};
use crate::eval::goal::Goal;

impl Workspace {
    /// Keep `goal` for the dataset at `dataset` (replacing any); a blank sentence deletes it.
    ///
    /// # Errors
    /// SQLite errors.
    pub fn set_goal(&self, dataset: &Path, goal: &Goal) -> Result<(), StoreError> {
        if goal.sentence.trim().is_empty() {
            return self
                .conn
                .execute("DELETE FROM goals WHERE dataset = ?1", [cache_key(dataset)])
                .map(|_| ())
                .map_err(|e| self.sql("deleting the goal", e));
        }
        // A Goal is strings and numbers: serialising it cannot fail (NaN becomes null, read
        // back as no goal).
        let json = serde_json::to_string(goal).unwrap_or_default();
        self.conn
            .execute(
                "INSERT INTO goals (dataset, goal_json, updated_at_ms) VALUES (?1, ?2, ?3)
                 ON CONFLICT (dataset) DO UPDATE SET goal_json = ?2, updated_at_ms = ?3",
                params![cache_key(dataset), json, clock::now_ms()],
            )
            .map(|_| ())
            .map_err(|e| self.sql("saving the goal", e))
    }

    /// The goal kept for the dataset at `dataset`; `None` when there is none (or it cannot be
    /// read back, e.g. written by a newer build with other fields).
    ///
    /// # Errors
    /// SQLite errors.
    pub fn goal(&self, dataset: &Path) -> Result<Option<Goal>, StoreError> {
        let json: Option<String> = self
            .conn
            .query_row(
                "SELECT goal_json FROM goals WHERE dataset = ?1",
                [cache_key(dataset)],
                |r| r.get(0),
            )
            .optional()
            .map_err(|e| self.sql("reading the goal", e))?;
        Ok(json.and_then(|j| serde_json::from_str(&j).ok()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn set_get_replace_delete() {
        let ws = Workspace::in_memory(None).unwrap();
        let d = Path::new("/nowhere/cafes");
        assert_eq!(ws.goal(d).unwrap(), None);
        let goal = Goal {
            sentence: "+15 % purchases through recommendations".into(),
            metric: "ndcg".into(),
            k: 10,
            target: 0.3,
        };
        ws.set_goal(d, &goal).unwrap();
        assert_eq!(ws.goal(d).unwrap().as_ref(), Some(&goal));
        assert_eq!(ws.goal(Path::new("/other")).unwrap(), None);
        let newer = Goal {
            target: 0.35,
            ..goal.clone()
        };
        ws.set_goal(d, &newer).unwrap();
        assert_eq!(ws.goal(d).unwrap(), Some(newer));
        ws.set_goal(
            d,
            &Goal {
                sentence: "  ".into(),
                ..goal
            },
        )
        .unwrap();
        assert_eq!(ws.goal(d).unwrap(), None);
    }
}
