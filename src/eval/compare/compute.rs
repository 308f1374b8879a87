//! [`compare`]: match the two runs by id, align, and measure every shared item and category.

use std::collections::{BTreeMap, HashMap};

use ndarray::{Array2, ArrayView2, Axis};

use super::{CategoryShift, CompareParams, Comparison, ItemChange, Note, RunItems};
use crate::error::{ComputeError, Result};
use crate::index::knn::{KnnMetric, batch_knn};
use crate::index::metric::ZERO_NORM;
use crate::progress::Progress;
use crate::project::procrustes::Alignment;

/// Compare run `b` with run `a` (B is aligned onto A).
///
/// # Errors
/// `k` = 0; a run whose ids, titles, categories and vectors differ in length; fewer than 2
/// shared ids; an alignment that cannot be fitted (all shared vectors one point, NaN);
/// `Cancelled` through `progress`.
pub fn compare(
    a: &RunItems<'_>,
    b: &RunItems<'_>,
    params: &CompareParams,
    progress: &Progress,
) -> Result<Comparison> {
    if params.k == 0 {
        return Err(ComputeError::InvalidParams(
            "k (neighbours per item) must be at least 1".to_owned(),
        ));
    }
    check_lengths(a, "A")?;
    check_lengths(b, "B")?;
    let (rows_a, rows_b) = shared_rows(a, b)?;
    let shared = rows_a.len();
    let va = a.vectors.select(Axis(0), &rows_a);
    let vb = b.vectors.select(Axis(0), &rows_b);
    let al = Alignment::fit(va.view(), vb.view())?;
    let sa = al.standardise_a(va.view())?;
    let sb = al.align_b(vb.view())?;
    let unit = al.rms_radius();
    let displacement: Vec<f64> = (0..shared)
        .map(|i| distance(&sa.row(i).to_vec(), &sb.row(i).to_vec()) / unit)
        .collect();

    let mut notes = Vec::new();
    if a.vectors.ncols() != b.vectors.ncols() {
        notes.push(Note::Padded {
            dim_a: a.vectors.ncols(),
            dim_b: b.vectors.ncols(),
        });
    }
    let k = params.k.min(shared - 1);
    if k < params.k {
        notes.push(Note::KClamped {
            requested: params.k,
            used: k,
        });
    }
    let (lists_a, zero_a) = neighbours(va.view(), params.centre, k, progress)?;
    let (lists_b, zero_b) = neighbours(vb.view(), params.centre, k, progress)?;
    for (run, count) in [("A", zero_a), ("B", zero_b)] {
        if count > 0 {
            notes.push(Note::ZeroVectors {
                run: run.to_owned(),
                count,
            });
        }
    }
    let jaccard: Vec<f64> = (0..shared)
        .map(|i| jaccard_index(&lists_a[i], &lists_b[i]))
        .collect();

    let category_of: Vec<&str> = (0..shared)
        .map(|i| {
            a.categories
                .map(|c| &c[rows_a[i]])
                .or_else(|| b.categories.map(|c| &c[rows_b[i]]))
                .unwrap_or("")
        })
        .collect();
    let categories = if a.categories.is_some() || b.categories.is_some() {
        category_shifts(&sa, &sb, unit, &category_of, &displacement)
    } else {
        Vec::new()
    };

    let shared_id = |j: u32| a.ids[rows_a[j as usize]].to_owned();
    let mut items: Vec<ItemChange> = (0..shared)
        .map(|i| ItemChange {
            id: a.ids[rows_a[i]].to_owned(),
            title: a.titles[rows_a[i]].to_owned(),
            category: category_of[i].to_owned(),
            row_a: rows_a[i] as u32,
            row_b: rows_b[i] as u32,
            displacement: displacement[i],
            jaccard: jaccard[i],
            neighbours_a: lists_a[i].iter().map(|&j| shared_id(j)).collect(),
            neighbours_b: lists_b[i].iter().map(|&j| shared_id(j)).collect(),
        })
        .collect();
    items.sort_by(|x, y| {
        x.jaccard
            .total_cmp(&y.jaccard)
            .then_with(|| coarse(y.displacement).cmp(&coarse(x.displacement)))
            .then_with(|| x.id.cmp(&y.id))
    });
    Ok(Comparison {
        shared,
        only_a: a.ids.len() - shared,
        only_b: b.ids.len() - shared,
        dim_a: a.vectors.ncols(),
        dim_b: b.vectors.ncols(),
        k,
        centred: params.centre,
        disparity: al.disparity,
        scale: al.scale,
        reflection: al.reflection,
        mean_jaccard: jaccard.iter().sum::<f64>() / shared as f64,
        items,
        categories,
        notes,
    })
}

/// Rows of the ids in both runs, in A's order: (rows in A, rows in B).
fn shared_rows(a: &RunItems<'_>, b: &RunItems<'_>) -> Result<(Vec<usize>, Vec<usize>)> {
    let b_rows: HashMap<&str, usize> = b.ids.iter().enumerate().map(|(r, id)| (id, r)).collect();
    let (rows_a, rows_b): (Vec<usize>, Vec<usize>) = a
        .ids
        .iter()
        .enumerate()
        .filter_map(|(r, id)| b_rows.get(id).map(|&rb| (r, rb)))
        .unzip();
    let shared = rows_a.len();
    if shared < 2 {
        return Err(ComputeError::InvalidParams(format!(
            "only {shared} item id(s) are in both runs (run A has {} items, run B {}); at least 2 shared items are needed to align them",
            a.ids.len(),
            b.ids.len()
        )));
    }
    Ok((rows_a, rows_b))
}

/// A displacement to 1e-4 of the RMS radius, for tie-breaking: rounding noise (f32 input)
/// must not reorder items that did not move.
fn coarse(displacement: f64) -> i64 {
    (displacement * 1e4).round() as i64
}

fn check_lengths(r: &RunItems<'_>, which: &str) -> Result<()> {
    let n = r.ids.len();
    let cats = r.categories.map_or(n, crate::data::StrColumn::len);
    if r.titles.len() != n || r.vectors.nrows() != n || cats != n {
        return Err(ComputeError::InvalidParams(format!(
            "run {which}: {n} ids but {} titles, {cats} categories and {} vectors",
            r.titles.len(),
            r.vectors.nrows()
        )));
    }
    Ok(())
}

fn distance(x: &[f64], y: &[f64]) -> f64 {
    x.iter()
        .zip(y)
        .map(|(p, q)| (p - q) * (p - q))
        .sum::<f64>()
        .sqrt()
}

/// Top-k cosine neighbours of every row among the rows (self excluded), as sorted row lists
/// for the Jaccard index, nearest first; and how many rows are zero vectors.
fn neighbours(
    v: ArrayView2<'_, f32>,
    centre: bool,
    k: usize,
    progress: &Progress,
) -> Result<(Vec<Vec<u32>>, usize)> {
    let x: Array2<f32> = if centre {
        let f = v.mapv(f64::from);
        let Some(mean) = f.mean_axis(Axis(0)) else {
            return Ok((Vec::new(), 0));
        };
        (f - &mean).mapv(|e| e as f32)
    } else {
        v.to_owned()
    };
    let zero = x
        .rows()
        .into_iter()
        .filter(|r| r.dot(r).sqrt() <= ZERO_NORM)
        .count();
    let hits = batch_knn(x.view(), x.view(), k, KnnMetric::Cosine, true, progress)?;
    let lists = hits
        .into_iter()
        .map(|l| l.into_iter().map(|h| h.row).collect())
        .collect();
    Ok((lists, zero))
}

/// |A ∩ B| / |A ∪ B| of two id lists without repeats; 1 when both are empty.
fn jaccard_index(x: &[u32], y: &[u32]) -> f64 {
    let common = x.iter().filter(|i| y.contains(i)).count();
    let union = x.len() + y.len() - common;
    if union == 0 {
        1.0
    } else {
        common as f64 / union as f64
    }
}

/// Shift of each category's centre between standardised A and aligned B, and the mean
/// displacement of its items, largest shift first.
fn category_shifts(
    sa: &Array2<f64>,
    sb: &Array2<f64>,
    unit: f64,
    category_of: &[&str],
    displacement: &[f64],
) -> Vec<CategoryShift> {
    let mut groups: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, c) in category_of.iter().enumerate() {
        groups.entry(c).or_default().push(i);
    }
    let mut out: Vec<CategoryShift> = groups
        .into_iter()
        .filter_map(|(category, rows)| {
            let ca = sa.select(Axis(0), &rows).mean_axis(Axis(0))?;
            let cb = sb.select(Axis(0), &rows).mean_axis(Axis(0))?;
            Some(CategoryShift {
                category: category.to_owned(),
                shift: distance(&ca.to_vec(), &cb.to_vec()) / unit,
                mean_displacement: rows.iter().map(|&r| displacement[r]).sum::<f64>()
                    / rows.len() as f64,
                items: rows.len(),
            })
        })
        .collect();
    out.sort_by(|x, y| {
        y.shift
            .total_cmp(&x.shift)
            .then_with(|| x.category.cmp(&y.category))
    });
    out
}

#[cfg(test)]
mod tests;
