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
//! - v4: `projection_meta`: beside a t-SNE or UMAP map saved after its run, the parameters and
//!   warnings it was made with (JSON) and its save generation (newer saves win). Maps saved
//!   before v4 have no row and read as "no details".
//! - v5: `goals`: per dataset (keyed like notes, by path), the goal sentence and its KPI (the
//!   offline metric and its target) as JSON. Workspaces before v5 have no goal.

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
    // v4
    "CREATE TABLE projection_meta (
        run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        generation INTEGER NOT NULL,
        meta_json TEXT NOT NULL,
        PRIMARY KEY (run_id, name)
    );",
    // v5
    "CREATE TABLE goals (
        dataset TEXT PRIMARY KEY,
        goal_json TEXT NOT NULL,
        updated_at_ms INTEGER NOT NULL
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

#[cfg(test)]
mod upgrade_tests {
    //! Every older schema, with data in it, opened by today's [`Workspace::open`].

    use super::*;
    use crate::data::Kind;
    use crate::store::Workspace;

    /// A workspace file at `version` holding one run (2×2 items 1, 2, 3, −0.0; no users; a
    /// 2×2 PCA map) and, from v2 on, a note.
    fn old_workspace(dir: &std::path::Path, version: i64) -> std::path::PathBuf {
        let path = dir.join("workspace.sqlite");
        let mut conn = Connection::open(&path).unwrap();
        if version == 0 {
            return path;
        }
        migrate(&mut conn, version).unwrap();
        conn.execute_batch(
            "INSERT INTO runs (id, fingerprint, dataset_path, params_json, method, created_at_ms,
                 user_placed, metrics_json, extra_json)
             VALUES (5, 'abc', '/data/cafes', '{\"k\":1}', 'features', 1000, x'', '{}', '{}');
             INSERT INTO arrays VALUES (5, 'items', '', 2, 2);
             INSERT INTO array_chunks VALUES (5, 'items', '', 0, x'0000803F000000400000404000000080');
             INSERT INTO arrays VALUES (5, 'users', '', 0, 2);
             INSERT INTO arrays VALUES (5, 'projection', 'pca', 2, 2);
             INSERT INTO array_chunks VALUES (5, 'projection', 'pca', 0, x'0000803F0000004000004040000080BF');",
        )
        .unwrap();
        if version >= 3 {
            // From v3 on, a save records the run's size itself.
            conn.execute("UPDATE runs SET bytes = 32 WHERE id = 5", [])
                .unwrap();
        }
        if version >= 2 {
            let key = crate::store::fingerprint::cache_key(std::path::Path::new("/data/cafes"));
            conn.execute(
                "INSERT INTO notes VALUES (?1, 'item', 'c001', 'kept', 0)",
                [key],
            )
            .unwrap();
        }
        path
    }

    #[test]
    fn every_older_version_upgrades_and_keeps_its_data() {
        for version in 0..latest() {
            let dir = tempfile::tempdir().unwrap();
            let path = old_workspace(dir.path(), version);
            let ws = Workspace::open(&path).unwrap();
            assert!(ws.warning().is_none(), "v{version}: {:?}", ws.warning());
            assert_eq!(ws.path(), Some(path.as_path()), "v{version}");
            assert_eq!(ws.schema_version().unwrap(), latest(), "v{version}");
            let runs = ws.list_runs().unwrap();
            if version == 0 {
                assert!(runs.is_empty());
                continue;
            }
            assert_eq!(runs.len(), 1, "v{version}");
            assert_eq!(
                (runs[0].id, runs[0].items, runs[0].users, runs[0].dimension),
                (5, 2, 0, 2)
            );
            // 16 bytes of items + 16 of the map (back-filled by v3 for older files).
            assert_eq!(runs[0].bytes, 32, "v{version}");
            let run = ws.run(5).unwrap();
            let bits: Vec<u32> = run.items.iter().map(|x| x.to_bits()).collect();
            assert_eq!(
                bits,
                [
                    1.0_f32.to_bits(),
                    2.0_f32.to_bits(),
                    3.0_f32.to_bits(),
                    (-0.0_f32).to_bits()
                ]
            );
            assert_eq!(run.users.dim(), (0, 2));
            assert_eq!(
                run.projection("pca").unwrap()[[1, 1]].to_bits(),
                (-1.0_f32).to_bits()
            );
            // Maps saved before v4 have no details; workspaces before v5 no goal, and take one.
            assert!(run.projection_meta.is_empty(), "v{version}");
            let cafes = std::path::Path::new("/data/cafes");
            assert_eq!(ws.goal(cafes).unwrap(), None, "v{version}");
            let goal = crate::eval::goal::Goal {
                sentence: "more visits".into(),
                ..crate::eval::goal::Goal::default()
            };
            ws.set_goal(cafes, &goal).unwrap();
            assert_eq!(ws.goal(cafes).unwrap(), Some(goal), "v{version}");
            let note = ws
                .note(std::path::Path::new("/data/cafes"), Kind::Item, "c001")
                .unwrap();
            assert_eq!(
                note.as_deref(),
                (version >= 2).then_some("kept"),
                "v{version}"
            );
        }
    }
}
