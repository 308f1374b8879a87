//! f32 matrices in the workspace: little-endian BLOBs in chunks of whole rows.
//!
//! A matrix is one `arrays` row (shape) and `array_chunks` rows of at most [`CHUNK_BYTES`]
//! bytes each: SQLite refuses values over 1 GB (1M word vectors × 300 dims is 1.2 GB), and
//! encoding chunk by chunk keeps the extra memory of a save at one chunk. Little-endian f32 is
//! bit-exact (NaN payloads, −0.0, subnormals survive) and readable from any language.

use ndarray::{Array2, ArrayView2};
use rusqlite::{Connection, OptionalExtension as _, params};

use super::StoreError;

/// Largest chunk, in bytes (rounded down to whole rows).
pub const CHUNK_BYTES: usize = 16 << 20;

/// What a stored array is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ArrayKind {
    /// Item vectors.
    Items,
    /// User vectors.
    Users,
    /// A 2D map (named by its method).
    Projection,
}

impl ArrayKind {
    fn as_str(self) -> &'static str {
        match self {
            Self::Items => "items",
            Self::Users => "users",
            Self::Projection => "projection",
        }
    }
}

/// Write `a` under `(run_id, kind, name)`. Returns the bytes written. Call inside a
/// transaction.
pub(crate) fn write(
    conn: &Connection,
    run_id: i64,
    kind: ArrayKind,
    name: &str,
    a: ArrayView2<'_, f32>,
) -> rusqlite::Result<u64> {
    let (rows, cols) = a.dim();
    conn.execute(
        "INSERT INTO arrays (run_id, kind, name, rows, cols) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![run_id, kind.as_str(), name, rows as i64, cols as i64],
    )?;
    let rows_per_chunk = (CHUNK_BYTES / (cols.max(1) * 4)).max(1);
    let mut insert = conn.prepare(
        "INSERT INTO array_chunks (run_id, kind, name, seq, data) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    let mut written = 0_u64;
    for (seq, block) in a
        .axis_chunks_iter(ndarray::Axis(0), rows_per_chunk)
        .enumerate()
    {
        let mut bytes = Vec::with_capacity(block.len() * 4);
        for x in block {
            bytes.extend_from_slice(&x.to_le_bytes());
        }
        written += bytes.len() as u64;
        insert.execute(params![run_id, kind.as_str(), name, seq as i64, bytes])?;
    }
    Ok(written)
}

/// Read the array `(run_id, kind, name)`, or `None` if there is none.
///
/// # Errors
/// SQLite errors; [`StoreError::Malformed`] when the chunks do not add up to the shape.
pub(crate) fn read(
    conn: &Connection,
    path: &std::path::Path,
    run_id: i64,
    kind: ArrayKind,
    name: &str,
) -> Result<Option<Array2<f32>>, StoreError> {
    let sql = |source| StoreError::Sqlite {
        path: path.to_path_buf(),
        what: "reading vectors",
        source,
    };
    let shape: Option<(i64, i64)> = conn
        .query_row(
            "SELECT rows, cols FROM arrays WHERE run_id = ?1 AND kind = ?2 AND name = ?3",
            params![run_id, kind.as_str(), name],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()
        .map_err(sql)?;
    let Some((rows, cols)) = shape else {
        return Ok(None);
    };
    let malformed = |what: String| StoreError::Malformed {
        path: path.to_path_buf(),
        what: format!("run {run_id}, {} {name:?}: {what}", kind.as_str()),
    };
    let (Ok(rows), Ok(cols)) = (usize::try_from(rows), usize::try_from(cols)) else {
        return Err(malformed(format!("negative shape {rows}×{cols}")));
    };
    let Some(len) = rows.checked_mul(cols) else {
        return Err(malformed(format!("shape {rows}×{cols} overflows")));
    };
    let mut values: Vec<f32> = Vec::new();
    values
        .try_reserve_exact(len)
        .map_err(|e| malformed(format!("shape {rows}×{cols}: {e}")))?;
    let mut stmt = conn
        .prepare(
            "SELECT data FROM array_chunks WHERE run_id = ?1 AND kind = ?2 AND name = ?3 ORDER BY seq",
        )
        .map_err(sql)?;
    let mut chunks = stmt
        .query(params![run_id, kind.as_str(), name])
        .map_err(sql)?;
    while let Some(row) = chunks.next().map_err(sql)? {
        let bytes = row
            .get_ref(0)
            .map_err(sql)?
            .as_blob()
            .map_err(|e| malformed(format!("a chunk is not a BLOB: {e}")))?;
        if bytes.len() % 4 != 0 || values.len() + bytes.len() / 4 > len {
            return Err(malformed(format!(
                "chunks hold more than {rows}×{cols} values or a partial value"
            )));
        }
        values.extend(
            bytes
                .chunks_exact(4)
                .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]])),
        );
    }
    if values.len() != len {
        return Err(malformed(format!(
            "expected {len} values ({rows}×{cols}), found {}",
            values.len()
        )));
    }
    Array2::from_shape_vec((rows, cols), values)
        .map(Some)
        .map_err(|e| malformed(e.to_string()))
}

/// Names of the arrays of one kind in a run, sorted.
pub(crate) fn names(
    conn: &Connection,
    run_id: i64,
    kind: ArrayKind,
) -> rusqlite::Result<Vec<String>> {
    let mut stmt =
        conn.prepare("SELECT name FROM arrays WHERE run_id = ?1 AND kind = ?2 ORDER BY name")?;
    stmt.query_map(params![run_id, kind.as_str()], |r| r.get(0))?
        .collect()
}
