//! Neighbours in the **whole table** behind a sampled dataset: the map holds a sample, but a
//! click can ask the table itself. An exact streaming scan of every part
//! ([`formats::parquet_scan`]): each part is read column-wise once, scored under Euclidean
//! distance and cosine similarity in the same pass, and keeps its own best k of each; the
//! parts run on every core and their lists merge into one top-k per metric. Progress counts
//! rows (of the footers' total), Cancel is checked every batch, and the result says how many
//! rows it searched and how fast.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

use rayon::prelude::*;

use crate::data::Dataset;
use crate::data::formats::{parquet_scan, table_sample};
use crate::error::DataError;
use crate::index::metric::{ZERO_NORM, dot, squared_euclidean};
use crate::pipeline::PipelineError;
use crate::progress::{Progress, Stage};

/// One neighbour found in the table.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TableHit {
    /// Its id (the table's `id` column, else `part:row`).
    pub id: String,
    /// Euclidean distance or cosine similarity.
    pub value: f32,
    /// Whether the row is also in the sample on the map.
    pub in_sample: bool,
}

/// Both lists from the whole table.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct TableNeighbours {
    /// Nearest by Euclidean distance, nearest first.
    pub euclidean: Vec<TableHit>,
    /// Most similar by cosine, most similar first (zero rows have no direction: left out).
    pub cosine: Vec<TableHit>,
    /// Rows read.
    pub rows_searched: u64,
    /// Seconds the scan took.
    pub seconds: f64,
    /// Rows per second.
    pub rows_per_s: f64,
}

/// A candidate: score (smaller is better), id.
type Scored = (f32, String);

/// The best k of a stream of scores: candidates gather up to 2k, then are cut to the best k,
/// whose worst becomes the bar a new score must meet.
struct TopK {
    k: usize,
    items: Vec<Scored>,
    bar: f32,
}

impl TopK {
    fn new(k: usize) -> Self {
        Self {
            k,
            items: Vec::with_capacity(2 * k),
            bar: f32::INFINITY,
        }
    }

    fn admits(&self, score: f32) -> bool {
        score <= self.bar
    }

    fn push(&mut self, score: f32, id: String) {
        self.items.push((score, id));
        if self.items.len() >= 2 * self.k {
            self.cut();
        }
    }

    fn cut(&mut self) {
        self.items
            .sort_by(|a, b| a.0.total_cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
        self.items.truncate(self.k);
        if self.items.len() == self.k {
            self.bar = self.items.last().map_or(f32::INFINITY, |w| w.0);
        }
    }

    fn merge(mut self, other: Self) -> Self {
        for (s, id) in other.items {
            if self.admits(s) {
                self.push(s, id);
            }
        }
        self.cut();
        self
    }
}

/// Best-k lists of one part: Euclidean (squared), cosine (negated).
struct Best {
    euclidean: TopK,
    cosine: TopK,
}

impl Best {
    fn new(k: usize) -> Self {
        Self {
            euclidean: TopK::new(k),
            cosine: TopK::new(k),
        }
    }

    fn merge(self, other: Self) -> Self {
        Self {
            euclidean: self.euclidean.merge(other.euclidean),
            cosine: self.cosine.merge(other.cosine),
        }
    }
}

/// The `k` nearest rows of the table behind `data` to `query`, under both metrics (the row
/// whose id is `skip` — the clicked point itself — left out).
///
/// # Errors
/// The dataset is not a sample of a table; the query's width differs from the table's; a part
/// cannot be read (naming it); Cancel.
pub fn whole_table_neighbours(
    data: &Dataset,
    query: &[f32],
    k: usize,
    skip: Option<&str>,
    progress: &Progress,
) -> Result<TableNeighbours, PipelineError> {
    let sample = data.sources.sample.as_ref().ok_or_else(|| {
        PipelineError::InvalidParams(
            "this dataset is the whole table already: its own lists searched every row".to_owned(),
        )
    })?;
    let parts = table_sample::table_parts(&data.root)?;
    let column = sample.vector_column.clone();
    let total = sample.of;
    let qn = query.iter().map(|v| v * v).sum::<f32>().sqrt();
    let unit: Vec<f32> = query.iter().map(|v| v / qn.max(ZERO_NORM)).collect();
    let seen = AtomicU64::new(0);
    let started = Instant::now();
    let k = k.max(1);
    let best = parts
        .par_iter()
        .map(|part| -> Result<Best, DataError> {
            let mut best = Best::new(k);
            let mut dim = Some(query.len());
            let mut visit = |chunk: &parquet_scan::Chunk<'_>| -> Result<bool, DataError> {
                let done = seen.fetch_add(chunk.rows as u64, Ordering::Relaxed);
                progress
                    .step(Stage::Index, done, total.max(1))
                    .map_err(|_| DataError::in_file(&part.label, "cancelled".to_owned()))?;
                let has_id = chunk.column_names().iter().any(|c| c == "id");
                let id_of = |row: usize| {
                    if has_id {
                        chunk.text("id", row)
                    } else {
                        format!("{}:{}", part.label, chunk.first_row + row)
                    }
                };
                for row in 0..chunk.rows {
                    let v = &chunk.vectors[row * chunk.dim..(row + 1) * chunk.dim];
                    let d2 = squared_euclidean(v, query);
                    if best.euclidean.admits(d2) {
                        let id = id_of(row);
                        if skip != Some(id.as_str()) {
                            best.euclidean.push(d2, id);
                        }
                    }
                    let norm = dot(v, v).sqrt();
                    if norm > ZERO_NORM && qn > ZERO_NORM {
                        let s = -dot(v, &unit) / norm;
                        if best.cosine.admits(s) {
                            let id = id_of(row);
                            if skip != Some(id.as_str()) {
                                best.cosine.push(s, id);
                            }
                        }
                    }
                }
                Ok(true)
            };
            parquet_scan::scan_part(part, &column, &mut dim, &mut visit)?;
            best.euclidean.cut();
            best.cosine.cut();
            Ok(best)
        })
        .try_reduce(|| Best::new(k), |a, b| Ok(a.merge(b)));
    let best = match best {
        Ok(b) => b,
        Err(_) if progress.cancel_token().is_cancelled() => return Err(PipelineError::Cancelled),
        Err(e) => return Err(e.into()),
    };
    let seconds = started.elapsed().as_secs_f64();
    let rows = seen.load(Ordering::Relaxed);
    let hit = |(s, id): Scored, euclidean: bool| TableHit {
        in_sample: data.items.find(&id).is_some(),
        id,
        value: if euclidean {
            s.max(0.0).sqrt()
        } else {
            (-s).clamp(-1.0, 1.0)
        },
    };
    Ok(TableNeighbours {
        euclidean: best
            .euclidean
            .items
            .into_iter()
            .map(|h| hit(h, true))
            .collect(),
        cosine: best
            .cosine
            .items
            .into_iter()
            .map(|h| hit(h, false))
            .collect(),
        rows_searched: rows,
        seconds,
        rows_per_s: rows as f64 / seconds.max(1e-9),
    })
}
