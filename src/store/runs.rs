//! Runs: what one pipeline run produced — item and user vectors, 2D maps, metrics — under
//! the dataset's fingerprint and the run's parameters (as JSON text).
//!
//! A save is one `BEGIN IMMEDIATE … COMMIT`: a reader (or a process started after a crash) sees
//! the whole run or none of it. Saving the same (fingerprint, params) again replaces the older
//! run in the same transaction, so repeated runs do not grow the file. Reads of one run happen
//! in one read transaction, so a concurrent delete cannot tear it.

use std::path::{Path, PathBuf};

use ndarray::{Array2, ArrayView2};
use rusqlite::{OptionalExtension as _, Row, TransactionBehavior, params};

use super::arrays::{self, ArrayKind};
use super::projections::ProjectionMeta;
use super::{Fingerprint, StoreError, Workspace, clock};

/// A run to save. Arrays are borrowed; nothing is copied but the encoded chunks.
#[derive(Debug, Clone, Copy)]
pub struct NewRun<'a> {
    /// Fingerprint of the dataset the run read.
    pub fingerprint: &'a Fingerprint,
    /// Where the dataset was (for lists; look-ups use the fingerprint).
    pub dataset_path: &'a Path,
    /// The run's parameters as JSON text; together with the fingerprint, the look-up key.
    pub params_json: &'a str,
    /// The embedding method (`features`, `als`…).
    pub method: &'a str,
    /// One row per item.
    pub items: ArrayView2<'a, f32>,
    /// One row per user (may have 0 rows).
    pub users: ArrayView2<'a, f32>,
    /// Whether each user has a vector; as long as `users` has rows.
    pub user_placed: &'a [bool],
    /// 2D maps by method name (`pca`, `tsne`…), names unique.
    pub projections: &'a [(&'a str, ArrayView2<'a, f32>)],
    /// Metrics and summary, JSON text.
    pub metrics_json: &'a str,
    /// Anything else the caller needs to rebuild the run (dimension names…), JSON text.
    pub extra_json: &'a str,
}

/// A saved run as listed (no arrays).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunInfo {
    /// The run id.
    pub id: i64,
    /// Fingerprint of its dataset.
    pub fingerprint: Fingerprint,
    /// Where the dataset was.
    pub dataset_path: PathBuf,
    /// Embedding method.
    pub method: String,
    /// Parameters, JSON text.
    pub params_json: String,
    /// When it was saved (ms since the Unix epoch).
    pub created_at_ms: i64,
    /// Item rows.
    pub items: usize,
    /// User rows.
    pub users: usize,
    /// Vector dimension.
    pub dimension: usize,
    /// Bytes of all its arrays.
    pub bytes: u64,
}

/// A saved run with everything in it.
#[derive(Debug, Clone, PartialEq)]
pub struct StoredRun {
    /// Id, dataset, method, sizes.
    pub info: RunInfo,
    /// Item vectors.
    pub items: Array2<f32>,
    /// User vectors (rows of unplaced users as saved).
    pub users: Array2<f32>,
    /// Whether each user has a vector.
    pub user_placed: Vec<bool>,
    /// 2D maps by method name, sorted by name.
    pub projections: Vec<(String, Array2<f32>)>,
    /// What was saved beside maps added after the run (see
    /// [`Workspace::save_projection_if_newer`]), by map name, sorted by name.
    pub projection_meta: Vec<(String, ProjectionMeta)>,
    /// Metrics, JSON text.
    pub metrics_json: String,
    /// The caller's extra data, JSON text.
    pub extra_json: String,
}

impl StoredRun {
    /// The map made by `method`, if saved.
    #[must_use]
    pub fn projection(&self, method: &str) -> Option<&Array2<f32>> {
        self.projections
            .iter()
            .find(|(m, _)| m == method)
            .map(|(_, xy)| xy)
    }

    /// What was saved beside the map `method`, if anything (maps saved before schema v4, or
    /// with [`Workspace::save_projection`], have nothing).
    #[must_use]
    pub fn projection_meta(&self, method: &str) -> Option<&ProjectionMeta> {
        self.projection_meta
            .iter()
            .find(|(m, _)| m == method)
            .map(|(_, meta)| meta)
    }
}

const INFO_COLUMNS: &str =
    "r.id, r.fingerprint, r.dataset_path, r.method, r.params_json, r.created_at_ms, r.bytes,
     coalesce((SELECT rows FROM arrays WHERE run_id = r.id AND kind = 'items'), 0),
     coalesce((SELECT rows FROM arrays WHERE run_id = r.id AND kind = 'users'), 0),
     coalesce((SELECT cols FROM arrays WHERE run_id = r.id AND kind = 'items'), 0)";

fn info_of(r: &Row<'_>) -> rusqlite::Result<RunInfo> {
    let size = |i| r.get::<_, i64>(i).map(|v| usize::try_from(v).unwrap_or(0));
    Ok(RunInfo {
        id: r.get(0)?,
        fingerprint: Fingerprint(r.get(1)?),
        dataset_path: PathBuf::from(r.get::<_, String>(2)?),
        method: r.get(3)?,
        params_json: r.get(4)?,
        created_at_ms: r.get(5)?,
        bytes: r.get::<_, i64>(6)? as u64,
        items: size(7)?,
        users: size(8)?,
        dimension: size(9)?,
    })
}

impl Workspace {
    /// Save a run in one transaction; returns its id. An older run with the same fingerprint
    /// and params is replaced.
    ///
    /// # Errors
    /// [`StoreError::Invalid`] when `user_placed` does not match `users` or a projection name
    /// repeats; SQLite errors (nothing is saved then).
    pub fn save_run(&mut self, run: &NewRun<'_>) -> Result<i64, StoreError> {
        if run.user_placed.len() != run.users.nrows() {
            return Err(StoreError::Invalid(format!(
                "{} user vectors but {} placed flags",
                run.users.nrows(),
                run.user_placed.len()
            )));
        }
        let mut names: Vec<&str> = run.projections.iter().map(|(n, _)| *n).collect();
        names.sort_unstable();
        if names.windows(2).any(|w| w[0] == w[1]) {
            return Err(StoreError::Invalid(format!(
                "projection names repeat: {names:?}"
            )));
        }
        let write = |conn: &mut rusqlite::Connection| -> rusqlite::Result<i64> {
            let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
            tx.execute(
                "DELETE FROM runs WHERE fingerprint = ?1 AND params_json = ?2",
                params![run.fingerprint.as_str(), run.params_json],
            )?;
            let placed: Vec<u8> = run.user_placed.iter().map(|p| u8::from(*p)).collect();
            tx.execute(
                "INSERT INTO runs (fingerprint, dataset_path, params_json, method, created_at_ms,
                     user_placed, metrics_json, extra_json)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![
                    run.fingerprint.as_str(),
                    run.dataset_path.to_string_lossy(),
                    run.params_json,
                    run.method,
                    clock::now_ms(),
                    placed,
                    run.metrics_json,
                    run.extra_json
                ],
            )?;
            let id = tx.last_insert_rowid();
            let mut bytes = arrays::write(&tx, id, ArrayKind::Items, "", run.items)?;
            bytes += arrays::write(&tx, id, ArrayKind::Users, "", run.users)?;
            for (name, xy) in run.projections {
                bytes += arrays::write(&tx, id, ArrayKind::Projection, name, *xy)?;
            }
            tx.execute(
                "UPDATE runs SET bytes = ?2 WHERE id = ?1",
                params![id, bytes as i64],
            )?;
            tx.commit()?;
            Ok(id)
        };
        write(&mut self.conn).map_err(|e| self.sql("saving a run", e))
    }

    /// The newest run of this dataset with exactly these params, complete.
    ///
    /// # Errors
    /// SQLite errors; [`StoreError::Malformed`] if its arrays are damaged.
    pub fn load_run(
        &self,
        fingerprint: &Fingerprint,
        params_json: &str,
    ) -> Result<Option<StoredRun>, StoreError> {
        self.load_where(
            "fingerprint = ?1 AND params_json = ?2",
            params![fingerprint.as_str(), params_json],
        )
    }

    /// The newest run of this dataset, whatever its params (to show the last map on reopening).
    ///
    /// # Errors
    /// As [`load_run`](Self::load_run).
    pub fn latest_run(&self, fingerprint: &Fingerprint) -> Result<Option<StoredRun>, StoreError> {
        self.load_where("fingerprint = ?1", params![fingerprint.as_str()])
    }

    /// The run with this id.
    ///
    /// # Errors
    /// [`StoreError::NoSuchRun`]; as [`load_run`](Self::load_run).
    pub fn run(&self, id: i64) -> Result<StoredRun, StoreError> {
        self.load_where("id = ?1", params![id])?
            .ok_or_else(|| StoreError::NoSuchRun {
                path: self.display_path(),
                id,
            })
    }

    /// All runs, newest first (ties by id, descending).
    ///
    /// # Errors
    /// SQLite errors.
    pub fn list_runs(&self) -> Result<Vec<RunInfo>, StoreError> {
        let read = || -> rusqlite::Result<Vec<RunInfo>> {
            let mut stmt = self.conn.prepare(&format!(
                "SELECT {INFO_COLUMNS} FROM runs r ORDER BY r.created_at_ms DESC, r.id DESC"
            ))?;
            stmt.query_map([], info_of)?.collect()
        };
        read().map_err(|e| self.sql("listing runs", e))
    }

    /// Delete a run and its arrays. Returns whether it existed.
    ///
    /// # Errors
    /// SQLite errors.
    pub fn delete_run(&mut self, id: i64) -> Result<bool, StoreError> {
        self.conn
            .execute("DELETE FROM runs WHERE id = ?1", [id])
            .map(|n| n > 0)
            .map_err(|e| self.sql("deleting a run", e))
    }

    fn load_where(
        &self,
        condition: &str,
        args: impl rusqlite::Params,
    ) -> Result<Option<StoredRun>, StoreError> {
        let sql = |e| self.sql("loading a run", e);
        // One read transaction: a snapshot, whatever other connections write meanwhile.
        let tx = self.conn.unchecked_transaction().map_err(sql)?;
        let head = tx
            .query_row(
                &format!(
                    "SELECT {INFO_COLUMNS}, r.user_placed, r.metrics_json, r.extra_json
                     FROM runs r WHERE {condition} ORDER BY r.id DESC LIMIT 1"
                ),
                args,
                |r| {
                    Ok((
                        info_of(r)?,
                        r.get::<_, Vec<u8>>(10)?,
                        r.get(11)?,
                        r.get(12)?,
                    ))
                },
            )
            .optional()
            .map_err(sql)?;
        let Some((info, placed, metrics_json, extra_json)) = head else {
            return Ok(None);
        };
        let path = self.display_path();
        let id = info.id;
        let missing = |what: &str| StoreError::Malformed {
            path: path.clone(),
            what: format!("run {id} has no {what} array"),
        };
        let items =
            arrays::read(&tx, &path, id, ArrayKind::Items, "")?.ok_or_else(|| missing("items"))?;
        let users =
            arrays::read(&tx, &path, id, ArrayKind::Users, "")?.ok_or_else(|| missing("users"))?;
        if placed.len() != users.nrows() {
            return Err(StoreError::Malformed {
                path,
                what: format!(
                    "run {id}: {} placed flags for {} users",
                    placed.len(),
                    users.nrows()
                ),
            });
        }
        let mut projections = Vec::new();
        for name in arrays::names(&tx, id, ArrayKind::Projection).map_err(sql)? {
            let xy = arrays::read(&tx, &path, id, ArrayKind::Projection, &name)?
                .ok_or_else(|| missing("projection"))?;
            projections.push((name, xy));
        }
        let projection_meta = super::projections::read_meta(&tx, id).map_err(sql)?;
        tx.finish().map_err(sql)?;
        Ok(Some(StoredRun {
            info,
            items,
            users,
            user_placed: placed.iter().map(|b| *b != 0).collect(),
            projections,
            projection_meta,
            metrics_json,
            extra_json,
        }))
    }
}
