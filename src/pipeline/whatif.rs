//! What-if queries against a finished run, for the Learn tab's lessons: a vector that is not
//! stored (an edited copy of an item, the mean of a user's items) turned back from raw units,
//! placed on the map with the run's own PCA, and searched under both metrics — optionally with
//! one stored point replaced by its edited copy, so "what if café C were twice as expensive?"
//! is answered against everything else unchanged. Nothing here writes to the run.
//!
//! Two vectors are also laid out in the plane they span ([`plane`]): the origin, `a` and `b`
//! keep their true lengths, the true angle between them and their true Euclidean distance, so
//! the drawing of "distance vs direction" is exact whatever the dimension (a PCA map would
//! distort all three).

use super::RunOutput;
use crate::embed::Embeddings;
use crate::index::metric::{ZERO_NORM, angle_degrees, cosine, dot, euclidean, norm};
use crate::index::{Hit, Metric, QueryError};

/// A vector in the run's space from raw feature values (e.g. yen): the inverse of
/// [`Embeddings::to_raw`], `v = (raw − mean) / scale · weight`. `None` when the embedder has no
/// raw units (anything but numeric features) or `raw` has the wrong length. A feature with weight
/// 0 stays at 0.
#[must_use]
pub fn vector_from_raw(embeddings: &Embeddings, raw: &[f64]) -> Option<Vec<f32>> {
    let units = &embeddings.raw_units;
    (units.len() == raw.len() && !units.is_empty()).then(|| {
        raw.iter()
            .zip(units)
            .map(|(x, (m, s))| if *s > 0.0 { ((x - m) / s) as f32 } else { 0.0 })
            .collect()
    })
}

/// Where vector `v` lands on the run's PCA map (components 1 and 2, the run's `xy`).
#[must_use]
pub fn place(run: &RunOutput, v: &[f32]) -> Option<[f64; 2]> {
    let row = ndarray::ArrayView2::from_shape((1, v.len()), v).ok()?;
    let xy = run.pca.transform(row, (0, 1)).ok()?;
    Some([f64::from(xy[[0, 0]]), f64::from(xy[[0, 1]])])
}

/// Both neighbour lists of a query vector. `Hit::row` is a map point.
#[derive(Debug, Clone, PartialEq)]
pub struct Lists {
    /// Nearest by Euclidean distance, nearest first.
    pub euclidean: Vec<Hit>,
    /// Most similar by cosine; an error when the query is a zero vector.
    pub cosine: Result<Vec<Hit>, QueryError>,
}

/// The `k` nearest points to `query` under both metrics among the points `accept` admits, with
/// point `replaced.0` (if admitted) standing at `replaced.1` instead of its stored vector. Ties
/// are broken by lower point, as in the index.
///
/// # Errors
/// `query` (or the replacement) has the wrong dimension.
pub fn search_both(
    run: &RunOutput,
    query: &[f32],
    k: usize,
    accept: impl Fn(usize) -> bool + Sync,
    replaced: Option<(usize, &[f32])>,
) -> Result<Lists, QueryError> {
    let dim = run.index.dim();
    if let Some((_, v)) = replaced
        && v.len() != dim
    {
        return Err(QueryError::DimensionMismatch {
            expected: dim,
            found: v.len(),
        });
    }
    let skip = replaced.map(|r| r.0);
    let admit = |p: usize| Some(p) != skip && accept(p);
    let extra = replaced.filter(|(p, _)| accept(*p));
    let mut euclid = run.index.search(query, k, Metric::Euclidean, admit)?;
    if let Some((p, v)) = extra {
        insert(&mut euclid, p, euclidean(query, v), k, false);
    }
    let cosine_list = match run.index.search(query, k, Metric::Cosine, admit) {
        Ok(mut list) => {
            if let Some((p, v)) = extra
                && let Some(c) = cosine(query, v)
            {
                insert(&mut list, p, c, k, true);
            }
            Ok(list)
        }
        Err(e) => Err(e),
    };
    Ok(Lists {
        euclidean: euclid,
        cosine: cosine_list,
    })
}

/// Put `(point, value)` into a sorted list (ascending, or descending when `larger_first`) and
/// keep `k` entries.
fn insert(list: &mut Vec<Hit>, point: usize, value: f32, k: usize, larger_first: bool) {
    let row = point as u32;
    let before = |h: &Hit| {
        let order = if larger_first {
            value.total_cmp(&h.value)
        } else {
            h.value.total_cmp(&value)
        };
        order.then(h.row.cmp(&row)).is_lt()
    };
    let at = list.iter().take_while(|h| before(h)).count();
    list.insert(at, Hit { row, value });
    list.truncate(k);
}

/// 1-based rank of `target` (at vector `target_vec`) among the points `accept` admits, by
/// `metric` from `query`: 1 + the number of admitted points strictly nearer (or more similar).
/// `None` under cosine when either vector is zero.
#[must_use]
pub fn rank(
    run: &RunOutput,
    query: &[f32],
    target: usize,
    target_vec: &[f32],
    metric: Metric,
    accept: impl Fn(usize) -> bool + Sync,
) -> Option<usize> {
    let key = |v: &[f32]| match metric {
        Metric::Euclidean => Some(euclidean(query, v)),
        Metric::Cosine => cosine(query, v).map(|c| -c),
    };
    let own = key(target_vec)?;
    let better = (0..run.index.len())
        .filter(|&p| p != target && accept(p))
        .filter_map(|p| key(&run.index.row(p).to_vec()))
        .filter(|&x| x < own)
        .count();
    Some(better + 1)
}

/// Two vectors drawn in the plane they span, with their true lengths, angle and distance.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Plane {
    /// `a` in plane coordinates: along the first axis, `(‖a‖, 0)`.
    pub a: [f64; 2],
    /// `b` in plane coordinates: `(b·â, ‖b − (b·â)â‖)`.
    pub b: [f64; 2],
    /// ‖a‖ and ‖b‖.
    pub norms: [f32; 2],
    /// Euclidean distance between the tips.
    pub distance: f32,
    /// Cosine similarity (`None` when either is a zero vector).
    pub cosine: Option<f32>,
    /// Angle between the vectors in degrees (`None` when either is a zero vector).
    pub angle_degrees: Option<f32>,
}

/// Lay out `a` and `b` in their plane (Gram–Schmidt on `a`, then `b`). When `a` is zero, `b`
/// goes along the first axis.
#[must_use]
pub fn plane(a: &[f32], b: &[f32]) -> Plane {
    let (na, nb) = (norm(a), norm(b));
    let (pa, pb) = if na > ZERO_NORM {
        let along = f64::from(dot(a, b)) / f64::from(na);
        let across = (f64::from(nb).powi(2) - along * along).max(0.0).sqrt();
        ([f64::from(na), 0.0], [along, across])
    } else {
        ([0.0, 0.0], [f64::from(nb), 0.0])
    };
    Plane {
        a: pa,
        b: pb,
        norms: [na, nb],
        distance: euclidean(a, b),
        cosine: cosine(a, b),
        angle_degrees: angle_degrees(a, b),
    }
}

/// A user's items and the weighted mean of their vectors.
#[derive(Debug, Clone, PartialEq)]
pub struct UserMean {
    /// Item rows with their weights (summed non-negative ratings), by item.
    pub liked: Vec<(u32, f32)>,
    /// The weighted mean of the items' vectors.
    pub mean: Vec<f32>,
}

/// A user's items with their weights and the weighted mean of the items' vectors; `None` when
/// the user has no positive weight.
#[must_use]
pub fn user_mean(run: &RunOutput, user: u32) -> Option<UserMean> {
    let history = run.stats.history.get(user as usize)?;
    let total: f32 = history.iter().map(|h| h.1).sum();
    if total <= 0.0 {
        return None;
    }
    let mut mean = vec![0.0_f32; run.index.dim()];
    for &(item, w) in history {
        for (m, x) in mean.iter_mut().zip(run.index.row(item as usize)) {
            *m += w / total * x;
        }
    }
    Some(UserMean {
        liked: history.clone(),
        mean,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::progress::Progress;
    use crate::pipeline::{RunParams, run};

    fn cafes() -> RunOutput {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data/cafes");
        run(&RunParams::new(root), &Progress::silent()).unwrap()
    }

    #[test]
    fn plane_keeps_lengths_angle_and_distance() {
        let p = plane(&[3.0, 0.0, 0.0], &[0.0, 4.0, 0.0]);
        assert!((p.a[0] - 3.0).abs() < 1e-9 && p.a[1].abs() < 1e-9);
        assert!(p.b[0].abs() < 1e-9 && (p.b[1] - 4.0).abs() < 1e-9);
        assert!((p.distance - 5.0).abs() < 1e-6);
        assert!((p.angle_degrees.unwrap() - 90.0).abs() < 1e-4);
        // Same direction, twice as long: angle 0, cosine 1, distance = ‖a‖.
        let q = plane(&[1.0, 2.0, 2.0], &[2.0, 4.0, 4.0]);
        assert!((q.b[0] - 6.0).abs() < 1e-6 && q.b[1].abs() < 1e-3);
        assert!((q.cosine.unwrap() - 1.0).abs() < 1e-6);
        assert!((q.distance - 3.0).abs() < 1e-6);
        // A zero vector has no direction.
        let z = plane(&[0.0, 0.0], &[3.0, 4.0]);
        assert!(z.a.iter().all(|x| x.abs() < 1e-12) && z.cosine.is_none());
        assert!((z.b[0] - 5.0).abs() < 1e-9 && z.b[1].abs() < 1e-12);
    }

    #[test]
    fn raw_values_round_trip_and_place_like_the_run() {
        let out = cafes();
        let c001 = out.data.items.find("c001").unwrap() as usize;
        let raw = out.data.items.features.values.row(c001).to_vec();
        let v = vector_from_raw(&out.embeddings, &raw).unwrap();
        let stored = out.index.row(c001).to_vec();
        assert!(v.iter().zip(&stored).all(|(a, b)| (a - b).abs() < 1e-5));
        let xy = place(&out, &v).unwrap();
        assert!((xy[0] - f64::from(out.xy[[c001, 0]])).abs() < 1e-5);
        assert!((xy[1] - f64::from(out.xy[[c001, 1]])).abs() < 1e-5);
        assert!(vector_from_raw(&out.embeddings, &raw[..2]).is_none());
    }

    #[test]
    fn a_replaced_point_is_searched_at_its_new_place() {
        let out = cafes();
        let find = |id: &str| out.data.items.find(id).unwrap() as usize;
        let (c001, c002, c003) = (find("c001"), find("c002"), find("c003"));
        let q = out.index.row(c001).to_vec();
        let items = |p: usize| p != c001 && p < out.data.items.len();
        // Unchanged: Hidamari nearest by distance, Reserve most similar by direction.
        let plain = search_both(&out, &q, 3, items, None).unwrap();
        assert_eq!(plain.euclidean[0].row as usize, c002);
        assert_eq!(plain.cosine.as_ref().unwrap()[0].row as usize, c003);
        // Hidamari moved onto Komorebi itself: distance 0, first; cosine 1.
        let same = search_both(&out, &q, 3, items, Some((c002, &q))).unwrap();
        assert_eq!(
            same.euclidean[0],
            Hit {
                row: c002 as u32,
                value: 0.0
            }
        );
        assert_eq!(same.euclidean.len(), 3);
        // Hidamari far away: it leaves the Euclidean top 3.
        let far: Vec<f32> = q.iter().map(|x| x * 50.0).collect();
        let moved = search_both(&out, &q, 3, items, Some((c002, &far))).unwrap();
        assert!(moved.euclidean.iter().all(|h| h.row as usize != c002));
        assert_eq!(rank(&out, &q, c002, &q, Metric::Euclidean, items), Some(1));
        assert_eq!(rank(&out, &q, c003, &far, Metric::Cosine, items), Some(1));
    }

    #[test]
    fn a_feature_users_vector_is_the_mean_of_their_items() {
        let out = cafes();
        let u = out.data.users.find("u01").unwrap();
        let UserMean { liked, mean } = user_mean(&out, u).unwrap();
        assert!(!liked.is_empty());
        let p = out
            .point_of(crate::data::PointRef {
                kind: crate::data::Kind::User,
                row: u,
            })
            .unwrap();
        let stored = out.index.row(p).to_vec();
        assert!(mean.iter().zip(&stored).all(|(a, b)| (a - b).abs() < 1e-4));
    }
}
