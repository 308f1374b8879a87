//! Start layouts for t-SNE and UMAP: every row projected onto the first two principal axes,
//! found cheaply enough that Cancel answers within 200 ms even on wide data.
//!
//! A start layout only needs the two main directions roughly right, so the axes are fitted on a
//! strided sample of at most [`SAMPLE`] rows. Up to [`EXACT_DIMS`] columns the sample goes
//! through the exact covariance PCA ([`super::Pca`]); wider data (text embeddings of 384 or 768
//! dimensions, where a d × d covariance costs seconds) uses randomised subspace iteration
//! (Halko, Martinsson & Tropp 2011, algorithm 4.4, with a Rayleigh–Ritz step), which needs only
//! products with a thin d × 8 block. Cancel is checked between iterations and between chunks of
//! the final projection. Hand-written because it is forty lines on top of ndarray and the
//! eigen solver the PCA already uses; the PCA crates fit every component.

use ndarray::{Array1, Array2, ArrayView2, Axis, s};

use crate::error::{ComputeError, Result};
use crate::progress::Progress;
use crate::rng::Gen;

/// Rows the axes are fitted on, at most.
pub const SAMPLE: usize = 10_000;
/// Widest data fitted by the exact covariance PCA; wider goes through subspace iteration.
pub const EXACT_DIMS: usize = 128;
/// Width of the subspace block (2 wanted + oversampling).
const BLOCK: usize = 8;
/// Power iterations of the subspace method.
const ITERATIONS: usize = 6;
/// Values the sample holds at most (80 MB of f32): very wide data gets fewer sample rows.
const SAMPLE_VALUES: usize = 20_000_000;

/// `data` (n × d, finite: the callers validate it) projected onto its first two principal axes, n × 2; a missing second
/// axis (1-D data) gives a zero column. Signs follow [`super::Pca`]: each axis's
/// largest-magnitude coordinate is positive.
///
/// # Errors
/// `Cancelled`, no rows, or the eigen solver failing.
pub fn principal_plane(data: ArrayView2<'_, f32>, progress: &Progress) -> Result<Array2<f32>> {
    let (n, d) = data.dim();
    if n == 0 || d == 0 {
        return Err(ComputeError::InvalidParams(format!(
            "a start layout needs at least one row and one column, got {n}×{d}"
        )));
    }
    let sample = data.select(
        Axis(0),
        &sample_rows(n, SAMPLE.min(SAMPLE_VALUES / d).max(2)),
    );
    check(progress)?;
    let (mean, axes) = if d <= EXACT_DIMS {
        let pca = super::Pca::fit(&sample)?;
        let axes = pca.components.slice(s![..d.min(2), ..]).to_owned();
        (pca.mean, axes)
    } else {
        subspace_axes(sample, progress)?
    };
    check(progress)?;
    super::pca::plane(data, &mean, &axes, progress)
}

/// `m` rows of `0..n` (all of them when `m ≥ n`), one drawn at random (fixed seed) from each
/// of `m` equal strata: spread over the file, without aliasing with a periodic row order.
fn sample_rows(n: usize, m: usize) -> Vec<usize> {
    if m >= n {
        return (0..n).collect();
    }
    let mut g = Gen::new(0x5a3e);
    (0..m)
        .map(|i| {
            let (lo, hi) = (i * n / m, (i + 1) * n / m);
            lo + g.below(hi - lo)
        })
        .collect()
}

/// Mean and top-two axes (2 × d, unit rows) of `sample` by randomised subspace iteration.
fn subspace_axes(sample: Array2<f32>, progress: &Progress) -> Result<(Array1<f64>, Array2<f64>)> {
    let (rows, d) = sample.dim();
    let mut mean = Array1::<f64>::zeros(d);
    for row in sample.rows() {
        mean.iter_mut()
            .zip(row)
            .for_each(|(m, &v)| *m += f64::from(v));
    }
    mean /= rows as f64;
    check(progress)?;
    let mean32 = mean.mapv(|v| v as f32);
    let mut a = sample;
    a -= &mean32;
    let mut g = Gen::new(0x5eed);
    let mut z = Array2::from_shape_fn((d, BLOCK), |_| g.normal() as f32);
    orthonormalise(&mut z);
    for _ in 0..ITERATIONS {
        let mut y = times(&a, &z, progress)?;
        orthonormalise(&mut y);
        z = transposed_times(&a, &y, progress)?;
        orthonormalise(&mut z);
    }
    // Rayleigh–Ritz: the eigenvectors of Zᵀ AᵀA Z rotate Z onto the principal axes.
    let az = times(&a, &z, progress)?.mapv(f64::from);
    let (_, w) = super::pca::eigh_desc(&az.t().dot(&az))?;
    let mut axes = w.slice(s![.., ..2]).t().dot(&z.mapv(f64::from).t());
    for axis in axes.rows_mut() {
        super::pca::orient(axis);
    }
    Ok((mean, axes))
}

/// Rows per block of the thin products (one Cancel check each).
const ROWS: usize = 2048;

/// `a · z`, by blocks of rows.
fn times(a: &Array2<f32>, z: &Array2<f32>, progress: &Progress) -> Result<Array2<f32>> {
    let mut out = Array2::zeros((a.nrows(), z.ncols()));
    for (block, mut dst) in a
        .axis_chunks_iter(Axis(0), ROWS)
        .zip(out.axis_chunks_iter_mut(Axis(0), ROWS))
    {
        check(progress)?;
        dst.assign(&block.dot(z));
    }
    Ok(out)
}

/// `aᵀ · y`, summed over blocks of rows.
fn transposed_times(a: &Array2<f32>, y: &Array2<f32>, progress: &Progress) -> Result<Array2<f32>> {
    let mut out = Array2::zeros((a.ncols(), y.ncols()));
    for (block, part) in a
        .axis_chunks_iter(Axis(0), ROWS)
        .zip(y.axis_chunks_iter(Axis(0), ROWS))
    {
        check(progress)?;
        out += &block.t().dot(&part);
    }
    Ok(out)
}

/// Modified Gram–Schmidt on the columns, twice (enough for f32). A column that vanishes would
/// become rounding noise scaled to length 1; it cannot here, since the block (8) is far
/// narrower than the data (over 128 columns) and starts random.
fn orthonormalise(m: &mut Array2<f32>) {
    for _ in 0..2 {
        for j in 0..m.ncols() {
            for i in 0..j {
                let dot = m.column(i).dot(&m.column(j));
                let ci = m.column(i).to_owned();
                m.column_mut(j).scaled_add(-dot, &ci);
            }
            let norm = m.column(j).dot(&m.column(j)).sqrt();
            if norm > 0.0 {
                m.column_mut(j).mapv_inplace(|v| v / norm);
            }
        }
    }
}

pub(super) fn check(progress: &Progress) -> Result<()> {
    if progress.cancel_token().is_cancelled() {
        Err(ComputeError::Cancelled)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// n × d Gaussian data whose column j has standard deviation 1 / (j + 1), rotated by a
    /// fixed random orthogonal-ish mix so that the axes are not the coordinate axes.
    fn decaying(n: usize, d: usize) -> Array2<f32> {
        let mut g = Gen::new(3);
        let raw = Array2::from_shape_fn((n, d), |(_, j)| (g.normal() / (j as f64 + 1.0)) as f32);
        let mut mix = Array2::from_shape_fn((d, d), |_| g.normal() as f32);
        orthonormalise(&mut mix);
        raw.dot(&mix.t()) + 5.0
    }

    fn agree(wide: &Array2<f32>, exact: &Array2<f32>) -> f32 {
        let mut worst = 1.0_f32;
        for c in 0..2 {
            let (a, b) = (wide.column(c), exact.column(c));
            let cos = a.dot(&b) / (a.dot(&a).sqrt() * b.dot(&b).sqrt());
            worst = worst.min(cos.abs());
        }
        worst
    }

    #[test]
    fn subspace_axes_match_the_exact_pca_on_wide_data() {
        let x = decaying(2_000, 200);
        let got = principal_plane(x.view(), &Progress::silent()).unwrap();
        let pca = super::super::Pca::fit(&x).unwrap();
        let want = pca.transform(x.view(), (0, 1)).unwrap();
        assert!(agree(&got, &want) > 0.999, "{}", agree(&got, &want));
        // Same sign convention as the PCA: same direction, not just the same line.
        assert!(got.column(0).dot(&want.column(0)) > 0.0);
        assert!(got.column(1).dot(&want.column(1)) > 0.0);
    }

    #[test]
    fn narrow_data_gives_the_exact_pca_and_a_sample_keeps_the_axes() {
        let x = decaying(25_000, 6);
        let got = principal_plane(x.view(), &Progress::silent()).unwrap();
        let want = super::super::Pca::fit(&x)
            .unwrap()
            .transform(x.view(), (0, 1))
            .unwrap();
        assert!(agree(&got, &want) > 0.999);
        let x = decaying(300, 6);
        let got = principal_plane(x.view(), &Progress::silent()).unwrap();
        let want = super::super::Pca::fit(&x)
            .unwrap()
            .transform(x.view(), (0, 1))
            .unwrap();
        assert!((&got - &want).iter().all(|v| v.abs() < 1e-4));
    }

    #[test]
    fn the_sample_takes_one_row_per_stratum_without_aliasing() {
        let rows = sample_rows(40_000, 10_000);
        assert_eq!(rows.len(), 10_000);
        assert!(rows.iter().enumerate().all(|(i, &r)| r / 4 == i));
        // A strided sample would take only rows ≡ 0 (mod 4): a file of four interleaved
        // groups would lose three of them.
        for residue in 0..4 {
            let got = rows.iter().filter(|&&r| r % 4 == residue).count();
            assert!((2_000..3_000).contains(&got), "{residue}: {got}");
        }
        assert_eq!(sample_rows(5, 10), vec![0, 1, 2, 3, 4]);
    }

    #[test]
    fn one_column_gives_a_zero_second_axis_and_empty_is_an_error() {
        let x = Array2::from_shape_fn((5, 1), |(i, _)| i as f32);
        let got = principal_plane(x.view(), &Progress::silent()).unwrap();
        assert!((got[[4, 0]] - 2.0).abs() < 1e-5 && (got[[0, 0]] + 2.0).abs() < 1e-5);
        assert!(got.column(1).iter().all(|v| *v == 0.0));
        assert!(principal_plane(Array2::<f32>::zeros((0, 3)).view(), &Progress::silent()).is_err());
    }
}
