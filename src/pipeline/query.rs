//! Queries against a finished run: "who is near this point?" under Euclidean distance and cosine
//! similarity side by side, with the overlap between the two lists.

use std::collections::HashSet;

use super::RunOutput;
use crate::data::{Kind, PointRef};
use crate::index::{Metric, QueryError};

/// Which kinds of points a neighbour list may contain.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum KindFilter {
    /// Items and users.
    #[default]
    All,
    /// Items only.
    Items,
    /// Users only.
    Users,
}

impl KindFilter {
    /// Whether a point of this kind passes.
    #[must_use]
    pub fn admits(self, kind: Kind) -> bool {
        match self {
            Self::All => true,
            Self::Items => kind == Kind::Item,
            Self::Users => kind == Kind::User,
        }
    }
}

/// One neighbour in a list.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Neighbour {
    /// Map point index.
    pub point: usize,
    /// The entity.
    pub entity: PointRef,
    /// Euclidean distance or cosine similarity.
    pub value: f32,
    /// Whether it also appears in the other metric's list.
    pub shared: bool,
}

/// Where a neighbour list came from.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum ListSource {
    /// A full scan: the true nearest points.
    Exact,
    /// An HNSW graph, with its measured recall@10 per metric.
    Approximate {
        /// Share of the true Euclidean top 10 the graph returns (sampled).
        recall_euclidean: f64,
        /// Share of the true cosine top 10 the graph returns (sampled).
        recall_cosine: f64,
    },
}

/// Both neighbour lists of one point.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// The query point.
    pub query: usize,
    /// Requested list length (lists can be shorter when the data is smaller).
    pub k: usize,
    /// Nearest by Euclidean distance, nearest first.
    pub euclidean: Vec<Neighbour>,
    /// Most similar by cosine, most similar first; an error when the query is a zero vector.
    pub cosine: Result<Vec<Neighbour>, QueryError>,
    /// How many points appear in both lists.
    pub overlap: usize,
    /// How many points the filter admits were left out of both lists because they have no
    /// data behind them ([`super::no_data`]).
    pub left_out_no_data: usize,
    /// Exact or approximate.
    pub source: ListSource,
}

/// Mark the entries that appear in both lists; returns how many do (0 when the cosine list
/// is an error).
pub(crate) fn mark_shared(
    euclidean: &mut [Neighbour],
    cosine: &mut Result<Vec<Neighbour>, QueryError>,
) -> usize {
    let Ok(cos) = cosine else { return 0 };
    let in_euclid: HashSet<usize> = euclidean.iter().map(|n| n.point).collect();
    let in_cos: HashSet<usize> = cos.iter().map(|n| n.point).collect();
    for n in cos.iter_mut() {
        n.shared = in_euclid.contains(&n.point);
    }
    for n in euclidean.iter_mut() {
        n.shared = in_cos.contains(&n.point);
    }
    euclidean.iter().filter(|n| n.shared).count()
}

/// Neighbours of map point `point` under both metrics, excluding the point itself.
///
/// # Errors
/// `point` is not a point of this run (dimension mismatch cannot happen for stored points).
pub fn compare(
    run: &RunOutput,
    point: usize,
    k: usize,
    filter: KindFilter,
) -> Result<Comparison, QueryError> {
    let found = run.index.len();
    let query: Vec<f32> = if point < found {
        run.index.row(point).to_vec()
    } else {
        return Err(QueryError::DimensionMismatch {
            expected: run.index.dim(),
            found: 0,
        });
    };
    let accept = |r: usize| r != point && filter.admits(run.points[r].kind);
    let to_list = |hits: Vec<crate::index::Hit>| -> Vec<Neighbour> {
        hits.into_iter()
            .map(|h| Neighbour {
                point: h.row as usize,
                entity: run.points[h.row as usize],
                value: h.value,
                shared: false,
            })
            .collect()
    };
    let mut euclidean = to_list(run.index.search(&query, k, Metric::Euclidean, accept)?);
    let mut cosine = match run.index.search(&query, k, Metric::Cosine, accept) {
        _ if run.index.is_no_data(point) => Err(QueryError::NoData),
        Ok(h) => Ok(to_list(h)),
        Err(QueryError::ZeroVector) => Err(QueryError::ZeroVector),
        Err(e) => return Err(e),
    };
    let overlap = mark_shared(&mut euclidean, &mut cosine);
    Ok(Comparison {
        query: point,
        k,
        euclidean,
        cosine,
        overlap,
        left_out_no_data: run.index.no_data_count(accept),
        source: ListSource::Exact,
    })
}
