//! The workspace schema and its forward migrations.
//!
//! The schema version lives in `PRAGMA user_version`; the file is marked as ours with
//! `PRAGMA application_id` = [`APPLICATION_ID`]. [`MIGRATIONS`]`[i]` takes a workspace from
//! version `i` to `i + 1`; each is applied in its own `BEGIN IMMEDIATE` transaction together
//! with the new `user_version`, so a crash leaves the file at the old or the new version, never
//! between. Migrations are append-only: never edit a released one, add the next.
//!
//! - v1: datasets (fingerprint cache), runs, arrays + array_chunks (vectors and projections as
//!   little-endian f32 BLOBs, chunked below SQLite's 1 GB value limit).
//! - v2: notes on items/users and bookmarks (named selections with a view rectangle).
//! - v3: an index for `(fingerprint, params)` look-ups and `runs.bytes` (the size of a run's
//!   arrays, back-filled from the chunks already stored).

use rusqlite::{Connection, TransactionBehavior};

/// `PRAGMA application_id` of an embedscope workspace ("EmSc" in ASCII).
pub const APPLICATION_ID: i32 = 0x456D_5363;

/// SQL of each migration: `MIGRATIONS[i]` goes from version `i` to `i + 1`.
pub const MIGRATIONS: &[&str] = &[
    // v1
    "CREATE TABLE datasets (
        path TEXT PRIMARY KEY,
        stamp TEXT NOT NULL,
        fingerprint TEXT NOT NULL,
        bytes INTEGER NOT NULL,
        hashed_at_ms INTEGER NOT NULL,
        opened_at_ms INTEGER NOT NULL
    );
    CREATE TABLE runs (
        id INTEGER PRIMARY KEY,
        fingerprint TEXT NOT NULL,
        dataset_path TEXT NOT NULL,
        params_json TEXT NOT NULL,
        method TEXT NOT NULL,
        created_at_ms INTEGER NOT NULL,
        user_placed BLOB NOT NULL,
        metrics_json TEXT NOT NULL,
        extra_json TEXT NOT NULL
    );
    CREATE TABLE arrays (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        kind TEXT NOT NULL CHECK (kind IN ('items', 'users', 'projection')),
        name TEXT NOT NULL,
        rows INTEGER NOT NULL,
        cols INTEGER NOT NULL,
        PRIMARY KEY (run_id, kind, name)
    );
    CREATE TABLE array_chunks (
        run_id INTEGER NOT NULL,
        kind TEXT NOT NULL,
        name TEXT NOT NULL,
        seq INTEGER NOT NULL,
        data BLOB NOT NULL,
        PRIMARY KEY (run_id, kind, name, seq),
        FOREIGN KEY (run_id, kind, name) REFERENCES arrays(run_id, kind, name) ON DELETE CASCADE
    );",
    // v2
    "CREATE TABLE notes (
        dataset TEXT NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('item', 'user')),
        entity_id TEXT NOT NULL,
        text TEXT NOT NULL,
        updated_at_ms INTEGER NOT NULL,
        PRIMARY KEY (dataset, kind, entity_id)
    );
    CREATE TABLE bookmarks (
        id INTEGER PRIMARY KEY,
        dataset TEXT NOT NULL,
        name TEXT NOT NULL,
        projection TEXT NOT NULL,
        x_min REAL NOT NULL,
        x_max REAL NOT NULL,
        y_min REAL NOT NULL,
        y_max REAL NOT NULL,
        created_at_ms INTEGER NOT NULL,
        UNIQUE (dataset, name)
    );
    CREATE TABLE bookmark_points (
        bookmark_id INTEGER NOT NULL REFERENCES bookmarks(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('item', 'user')),
        entity_id TEXT NOT NULL,
        PRIMARY KEY (bookmark_id, seq)
    );",
    // v3
    "CREATE INDEX runs_by_key ON runs (fingerprint, params_json, id);
    ALTER TABLE runs ADD COLUMN bytes INTEGER NOT NULL DEFAULT 0;
    UPDATE runs SET bytes = (
        SELECT coalesce(sum(length(data)), 0) FROM array_chunks WHERE array_chunks.run_id = runs.id
    );",
];

/// The schema version this build writes.
#[must_use]
pub fn latest() -> i64 {
    MIGRATIONS.len() as i64
}

/// Bring `conn` from its `user_version` up to `target` (≤ [`latest`]), one transaction per
/// step. A fresh database (version 0) is stamped with [`APPLICATION_ID`] in the first step.
/// Another process migrating at the same time is harmless: each step re-reads the version
/// inside its write lock.
///
/// # Errors
/// SQLite errors (the failed step is rolled back; earlier steps stay).
pub(crate) fn migrate(conn: &mut Connection, target: i64) -> rusqlite::Result<()> {
    loop {
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let version: i64 = tx.pragma_query_value(None, "user_version", |r| r.get(0))?;
        if version >= target {
            return Ok(());
        }
        let Some(sql) = usize::try_from(version)
            .ok()
            .and_then(|v| MIGRATIONS.get(v))
        else {
            return Ok(());
        };
        if version == 0 {
            tx.pragma_update(None, "application_id", APPLICATION_ID)?;
        }
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", version + 1)?;
        tx.commit()?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn version(conn: &Connection) -> i64 {
        conn.pragma_query_value(None, "user_version", |r| r.get(0))
            .unwrap()
    }

    #[test]
    fn each_step_sets_its_version_and_the_application_id() {
        let mut conn = Connection::open_in_memory().unwrap();
        for v in 1..=latest() {
            migrate(&mut conn, v).unwrap();
            assert_eq!(version(&conn), v);
        }
        let id: i32 = conn
            .pragma_query_value(None, "application_id", |r| r.get(0))
            .unwrap();
        assert_eq!(id, APPLICATION_ID);
        // Idempotent: nothing left to do.
        migrate(&mut conn, latest()).unwrap();
        assert_eq!(version(&conn), latest());
    }

    #[test]
    fn v3_backfills_run_sizes_from_existing_chunks() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn, 2).unwrap();
        conn.execute_batch(
            "INSERT INTO runs VALUES (7, 'fp', '/d', '{}', 'features', 0, x'', '{}', '{}');
             INSERT INTO arrays VALUES (7, 'items', '', 2, 3);
             INSERT INTO array_chunks VALUES (7, 'items', '', 0, zeroblob(16));
             INSERT INTO array_chunks VALUES (7, 'items', '', 1, zeroblob(8));
             INSERT INTO runs VALUES (8, 'fp', '/d', '{}', 'als', 0, x'', '{}', '{}');",
        )
        .unwrap();
        migrate(&mut conn, 3).unwrap();
        let sizes: Vec<(i64, i64)> = conn
            .prepare("SELECT id, bytes FROM runs ORDER BY id")
            .unwrap()
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert_eq!(sizes, vec![(7, 24), (8, 0)]);
    }

    #[test]
    fn a_failing_step_leaves_the_previous_version() {
        let mut conn = Connection::open_in_memory().unwrap();
        migrate(&mut conn, 1).unwrap();
        // Sabotage v2: a table it wants to create already exists.
        conn.execute_batch("CREATE TABLE notes (x)").unwrap();
        assert!(migrate(&mut conn, latest()).is_err());
        assert_eq!(version(&conn), 1);
        assert!(
            conn.query_row(
                "SELECT count(*) FROM sqlite_schema WHERE name = 'bookmarks'",
                [],
                |r| r.get::<_, i64>(0)
            )
            .unwrap()
                == 0
        );
    }
}
