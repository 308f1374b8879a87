//! 2D maps added to a run after it was saved (a t-SNE or UMAP computed later in the GUI), with
//! what goes beside them: the caller's details as JSON text and a save generation.
//!
//! Two saves of the same map can race (each is written from its own thread as a layout
//! finishes). [`Workspace::save_projection_if_newer`] decides inside its `BEGIN IMMEDIATE`
//! transaction: a save whose generation is not above the stored one changes nothing, so the
//! newest layout wins whatever order the writes reach the file in.

use ndarray::ArrayView2;
use rusqlite::{Connection, OptionalExtension as _, TransactionBehavior, params};

use super::arrays::{self, ArrayKind};
use super::{StoreError, Workspace};

/// What is kept beside a map saved with [`Workspace::save_projection_if_newer`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProjectionMeta {
    /// The save's generation: a later save of the same map has a larger one.
    pub generation: i64,
    /// The caller's details (parameters, warnings), JSON text.
    pub meta_json: String,
}

/// What a write found and did.
enum Written {
    Yes,
    Stale,
    NoRun,
}

/// Replace map `name` of run `run_id` with `xy` and `meta` (none: the details row goes), unless
/// `meta`'s generation is not above the stored one. One transaction.
fn write(
    conn: &mut Connection,
    run_id: i64,
    name: &str,
    xy: ArrayView2<'_, f32>,
    meta: Option<(i64, &str)>,
) -> rusqlite::Result<Written> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let exists: bool = tx.query_row("SELECT count(*) FROM runs WHERE id = ?1", [run_id], |r| {
        r.get(0)
    })?;
    if !exists {
        return Ok(Written::NoRun);
    }
    if let Some((generation, _)) = meta {
        let stored: Option<i64> = tx
            .query_row(
                "SELECT generation FROM projection_meta WHERE run_id = ?1 AND name = ?2",
                params![run_id, name],
                |r| r.get(0),
            )
            .optional()?;
        if stored.is_some_and(|s| s >= generation) {
            return Ok(Written::Stale);
        }
    }
    let old: i64 = tx.query_row(
        "SELECT coalesce(sum(length(data)), 0) FROM array_chunks
         WHERE run_id = ?1 AND kind = 'projection' AND name = ?2",
        params![run_id, name],
        |r| r.get(0),
    )?;
    tx.execute(
        "DELETE FROM arrays WHERE run_id = ?1 AND kind = 'projection' AND name = ?2",
        params![run_id, name],
    )?;
    tx.execute(
        "DELETE FROM projection_meta WHERE run_id = ?1 AND name = ?2",
        params![run_id, name],
    )?;
    let new = arrays::write(&tx, run_id, ArrayKind::Projection, name, xy)?;
    if let Some((generation, json)) = meta {
        tx.execute(
            "INSERT INTO projection_meta (run_id, name, generation, meta_json)
             VALUES (?1, ?2, ?3, ?4)",
            params![run_id, name, generation, json],
        )?;
    }
    tx.execute(
        "UPDATE runs SET bytes = bytes - ?2 + ?3 WHERE id = ?1",
        params![run_id, old, new as i64],
    )?;
    tx.commit()?;
    Ok(Written::Yes)
}

/// The details of every map of run `run_id` that has them, sorted by name. Call inside the
/// read transaction of the run.
pub(super) fn read_meta(
    conn: &Connection,
    run_id: i64,
) -> rusqlite::Result<Vec<(String, ProjectionMeta)>> {
    let mut stmt = conn.prepare(
        "SELECT name, generation, meta_json FROM projection_meta WHERE run_id = ?1 ORDER BY name",
    )?;
    stmt.query_map([run_id], |r| {
        Ok((
            r.get(0)?,
            ProjectionMeta {
                generation: r.get(1)?,
                meta_json: r.get(2)?,
            },
        ))
    })?
    .collect()
}

impl Workspace {
    /// Add (or replace) the 2D map `method` of run `run_id`, e.g. a t-SNE computed later. Any
    /// details saved beside an earlier map of that name go with it.
    ///
    /// # Errors
    /// [`StoreError::NoSuchRun`]; SQLite errors (nothing changes then).
    pub fn save_projection(
        &mut self,
        run_id: i64,
        method: &str,
        xy: ArrayView2<'_, f32>,
    ) -> Result<(), StoreError> {
        self.save_checked(run_id, method, xy, None).map(|_| ())
    }

    /// Add or replace the 2D map `method` of run `run_id` with its details `meta_json`, unless
    /// a save of generation `generation` or later is already there. Returns whether it was
    /// written (`false`: a newer or equal generation is stored, nothing changed).
    ///
    /// # Errors
    /// [`StoreError::NoSuchRun`]; SQLite errors (nothing changes then).
    pub fn save_projection_if_newer(
        &mut self,
        run_id: i64,
        method: &str,
        xy: ArrayView2<'_, f32>,
        generation: i64,
        meta_json: &str,
    ) -> Result<bool, StoreError> {
        self.save_checked(run_id, method, xy, Some((generation, meta_json)))
    }

    fn save_checked(
        &mut self,
        run_id: i64,
        method: &str,
        xy: ArrayView2<'_, f32>,
        meta: Option<(i64, &str)>,
    ) -> Result<bool, StoreError> {
        match write(&mut self.conn, run_id, method, xy, meta) {
            Ok(Written::Yes) => Ok(true),
            Ok(Written::Stale) => Ok(false),
            Ok(Written::NoRun) => Err(StoreError::NoSuchRun {
                path: self.display_path(),
                id: run_id,
            }),
            Err(e) => Err(self.sql("saving a projection", e)),
        }
    }
}

#[cfg(test)]
mod tests {
    use ndarray::Array2;

    use crate::store::{Fingerprint, NewRun, Workspace};

    fn workspace_with_run() -> (Workspace, i64) {
        let mut ws = Workspace::in_memory(None).unwrap();
        let items = Array2::from_elem((2, 2), 1.0_f32);
        let users = Array2::<f32>::zeros((0, 2));
        let fp = Fingerprint("fp".to_owned());
        let id = ws
            .save_run(&NewRun {
                fingerprint: &fp,
                dataset_path: std::path::Path::new("/d"),
                params_json: "{}",
                method: "features",
                items: items.view(),
                users: users.view(),
                user_placed: &[],
                projections: &[],
                metrics_json: "{}",
                extra_json: "{}",
            })
            .unwrap();
        (ws, id)
    }

    fn map(v: f32) -> Array2<f32> {
        Array2::from_elem((2, 2), v)
    }

    #[test]
    fn an_older_generation_never_replaces_a_newer_one() {
        let (mut ws, id) = workspace_with_run();
        assert!(
            ws.save_projection_if_newer(id, "tsne", map(2.0).view(), 2, "{\"n\":2}")
                .unwrap()
        );
        // Generation 1 arrives late: refused, nothing changes.
        assert!(
            !ws.save_projection_if_newer(id, "tsne", map(1.0).view(), 1, "{\"n\":1}")
                .unwrap()
        );
        // The same generation again is no newer either.
        assert!(
            !ws.save_projection_if_newer(id, "tsne", map(9.0).view(), 2, "{}")
                .unwrap()
        );
        let run = ws.run(id).unwrap();
        assert!((run.projection("tsne").unwrap()[[1, 1]] - 2.0).abs() < 1e-6);
        let meta = run.projection_meta("tsne").unwrap();
        assert_eq!((meta.generation, meta.meta_json.as_str()), (2, "{\"n\":2}"));
        // Generation 3 wins; the UMAP map is separate.
        assert!(
            ws.save_projection_if_newer(id, "tsne", map(3.0).view(), 3, "{\"n\":3}")
                .unwrap()
        );
        assert!(
            ws.save_projection_if_newer(id, "umap", map(5.0).view(), 1, "{}")
                .unwrap()
        );
        let run = ws.run(id).unwrap();
        assert!((run.projection("tsne").unwrap()[[0, 0]] - 3.0).abs() < 1e-6);
        assert_eq!(run.projection_meta("tsne").unwrap().generation, 3);
        assert_eq!(run.projection_meta("umap").unwrap().generation, 1);
        let names: Vec<&str> = run
            .projection_meta
            .iter()
            .map(|(n, _)| n.as_str())
            .collect();
        assert_eq!(names, ["tsne", "umap"]);
        // The size of the run's arrays counts one map of each: items + two 2×2 maps.
        assert_eq!(ws.list_runs().unwrap()[0].bytes, 3 * 16);
    }

    #[test]
    fn a_plain_save_drops_the_details_and_an_unknown_run_is_an_error() {
        let (mut ws, id) = workspace_with_run();
        ws.save_projection_if_newer(id, "tsne", map(2.0).view(), 7, "{}")
            .unwrap();
        ws.save_projection(id, "tsne", map(4.0).view()).unwrap();
        let run = ws.run(id).unwrap();
        assert!((run.projection("tsne").unwrap()[[0, 1]] - 4.0).abs() < 1e-6);
        assert_eq!(run.projection_meta("tsne"), None);
        assert!(
            ws.save_projection_if_newer(id + 1, "tsne", map(1.0).view(), 1, "{}")
                .is_err()
        );
        // Deleting the run deletes its details.
        ws.save_projection_if_newer(id, "umap", map(2.0).view(), 1, "{}")
            .unwrap();
        let count = |ws: &Workspace| -> i64 {
            ws.conn
                .query_row("SELECT count(*) FROM projection_meta", [], |r| r.get(0))
                .unwrap()
        };
        assert_eq!(count(&ws), 1);
        assert!(ws.delete_run(id).unwrap());
        assert_eq!(count(&ws), 0);
    }
}
