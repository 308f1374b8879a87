//! The FFT convolutions of [`super::fft`]: a kernel's 2-D transform and the convolution of an
//! m × m grid of charges with it, both on len × len zero-padded grids (len ≥ 2m − 1, a fast
//! FFT length).
//!
//! **Memory.** The transforms are organised so that no len × len array of reals is made and
//! a charge grid's transform is held only for the m rows that carry data: a kernel's rows
//! are made one at a time (and the mirrored half, equal by symmetry, copied), and a
//! convolution transforms the grid's rows into a half × m array, then takes each column
//! through its forward transform, the product and the inverse in one len-long buffer, keeping
//! only the m values that are read back. At the largest grid (m = 900, len = 1,800) that is
//! 6.5 MB of scratch per convolution instead of 13 MB, and no 13 MB real grid per kernel.
//! The numbers are the same as with full len × len arrays: the same transforms of the same
//! values, only fewer of the zeros stored.

use std::sync::Arc;

use multiversion::multiversion;
use rayon::prelude::*;
use realfft::num_complex::Complex;
use realfft::{ComplexToReal, RealFftPlanner, RealToComplex};
use rustfft::{Fft, FftPlanner};

/// An error of the FFT library (a buffer of the wrong length: a bug here).
pub(crate) type FftError = realfft::FftError;

/// Columns per task of the column transforms.
const COLUMNS: usize = 8;

/// Transforms of one length.
pub(super) struct Plans {
    pub(super) len: usize,
    r2c: Arc<dyn RealToComplex<f32>>,
    c2r: Arc<dyn ComplexToReal<f32>>,
    forward: Arc<dyn Fft<f32>>,
    inverse: Arc<dyn Fft<f32>>,
}

impl Plans {
    /// The transforms of length `len` (deterministic: the same length, the same plan).
    pub(super) fn new(len: usize) -> Self {
        let (mut real, mut complex) = (RealFftPlanner::new(), FftPlanner::new());
        Self {
            len,
            r2c: real.plan_fft_forward(len),
            c2r: real.plan_fft_inverse(len),
            forward: complex.plan_fft_forward(len),
            inverse: complex.plan_fft_inverse(len),
        }
    }

    /// Columns of a real transform (len / 2 + 1).
    fn half(&self) -> usize {
        self.len / 2 + 1
    }
}

/// The transform of the kernel w² (`power` 0) or w (`power` 1), w = 1 / (1 + r²), on the node
/// lags of an m × m grid of spacing `h`, scaled by 1 / len², into `kernel`: len / 2 + 1
/// columns of len values, each column contiguous.
///
/// # Errors
/// A failure inside the FFT library.
pub(super) fn kernel_transform(
    plans: &Plans,
    m: usize,
    h: f32,
    power: usize,
    kernel: &mut Vec<Complex<f32>>,
) -> Result<(), FftError> {
    let len = plans.len;
    let half = plans.half();
    let lag = |a: usize| if a <= len / 2 { a } else { len - a };
    kernel.clear();
    kernel.resize(half * len, Complex::default());
    let mut line = plans.r2c.make_input_vec();
    let mut out = plans.r2c.make_output_vec();
    let mut scratch = plans.r2c.make_scratch_vec();
    // Row a and row len − a are the same (the same lag): transform one, copy it to the other.
    for a in 0..=len / 2 {
        if lag(a) >= m {
            continue;
        }
        kernel_row(&mut line, lag(a), m, h, power);
        plans
            .r2c
            .process_with_scratch(&mut line, &mut out, &mut scratch)?;
        let mirror = len - a;
        for (c, v) in out.iter().enumerate() {
            kernel[c * len + a] = *v;
            if a > 0 && mirror != a {
                kernel[c * len + mirror] = *v;
            }
        }
    }
    let scale = 1.0 / (len * len) as f32;
    kernel.par_chunks_mut(COLUMNS * len).for_each_init(
        || vec![Complex::default(); plans.forward.get_inplace_scratch_len()],
        |scratch, columns| {
            for column in columns.chunks_exact_mut(len) {
                plans.forward.process_with_scratch(column, scratch);
                for c in column.iter_mut() {
                    *c *= scale;
                }
            }
        },
    );
    Ok(())
}

/// Row `a` of the kernel's len × len grid (its lag `lag_a` < m) into `line`: w² or w at the
/// node lags (b or len − b, whichever is smaller) below m, 0 beyond. Compiled for the baseline
/// and for AVX2 + FMA, picked at run time (see `index::metric`); no fused multiply-adds, so the
/// same bits in both.
#[multiversion(targets("x86_64+avx2+fma"))]
fn kernel_row(line: &mut [f32], lag_a: usize, m: usize, h: f32, power: usize) {
    let len = line.len();
    let lag = |b: usize| if b <= len / 2 { b } else { len - b };
    for (b, g) in line.iter_mut().enumerate() {
        *g = if lag(b) < m {
            let r2 = ((lag_a * lag_a + lag(b) * lag(b)) as f32) * h * h;
            let w = 1.0 / (1.0 + r2);
            if power == 0 { w * w } else { w }
        } else {
            0.0
        };
    }
}

/// Per-task buffers of [`convolve`].
#[derive(Default)]
pub(super) struct Scratch {
    /// The grid's row transforms: len / 2 + 1 columns of m values, each column contiguous.
    columns: Vec<Complex<f32>>,
}

/// Convolve an m × m grid of charges with the kernel (its transform `kernel`, from
/// [`kernel_transform`]), in place: the potentials at the nodes.
///
/// # Errors
/// A failure inside the FFT library.
pub(super) fn convolve(
    plans: &Plans,
    grid: &mut [f32],
    m: usize,
    kernel: &[Complex<f32>],
    scratch: &mut Scratch,
) -> Result<(), FftError> {
    let len = plans.len;
    let half = plans.half();
    let columns = &mut scratch.columns;
    columns.clear();
    columns.resize(half * m, Complex::default());
    // Rows: zero-padded to len, transformed, stored by column.
    let mut line = plans.r2c.make_input_vec();
    let mut out = plans.r2c.make_output_vec();
    let mut buf = plans.r2c.make_scratch_vec();
    for (r, row) in grid.chunks_exact(m).enumerate() {
        line[..m].copy_from_slice(row);
        line[m..].iter_mut().for_each(|v| *v = 0.0);
        plans
            .r2c
            .process_with_scratch(&mut line, &mut out, &mut buf)?;
        for (c, v) in out.iter().enumerate() {
            columns[c * m + r] = *v;
        }
    }
    // Columns: zero-padded to len, transformed, multiplied by the kernel's column, transformed
    // back; the first m values kept.
    columns
        .par_chunks_mut(COLUMNS * m)
        .zip(kernel.par_chunks(COLUMNS * len))
        .for_each_init(
            || {
                let scratch = plans
                    .forward
                    .get_inplace_scratch_len()
                    .max(plans.inverse.get_inplace_scratch_len());
                (
                    vec![Complex::default(); len],
                    vec![Complex::default(); scratch],
                )
            },
            |(full, scratch), (cols, kcols)| {
                for (col, kcol) in cols.chunks_exact_mut(m).zip(kcols.chunks_exact(len)) {
                    full[..m].copy_from_slice(col);
                    full[m..].iter_mut().for_each(|v| *v = Complex::default());
                    plans.forward.process_with_scratch(full, scratch);
                    multiply(full, kcol);
                    plans.inverse.process_with_scratch(full, scratch);
                    col.copy_from_slice(&full[..m]);
                }
            },
        );
    // Rows back to reals.
    let mut row = plans.c2r.make_input_vec();
    let mut line = plans.c2r.make_output_vec();
    let mut buf = plans.c2r.make_scratch_vec();
    let last = row.len() - 1;
    for (r, out) in grid.chunks_exact_mut(m).enumerate() {
        for (c, v) in row.iter_mut().enumerate() {
            *v = columns[c * m + r];
        }
        // A real signal's transform has real first and (even length) last values: drop the
        // rounding noise the library would reject.
        row[0].im = 0.0;
        if len.is_multiple_of(2) {
            row[last].im = 0.0;
        }
        plans
            .c2r
            .process_with_scratch(&mut row, &mut line, &mut buf)?;
        out.copy_from_slice(&line[..m]);
    }
    Ok(())
}

/// `spectrum[i] *= kernel[i]` (the convolution's product of transforms). Compiled for the
/// x86-64 baseline and for AVX2 + FMA, picked at run time (`multiversion`, see
/// `index::metric`); no fused multiply-adds, so the same bits in both.
#[multiversion(targets("x86_64+avx2+fma"))]
fn multiply(spectrum: &mut [Complex<f32>], kernel: &[Complex<f32>]) {
    spectrum.iter_mut().zip(kernel).for_each(|(s, k)| *s *= *k);
}

/// The smallest length ≥ `n` with no prime factor above 7 (the fast FFT sizes).
pub(super) fn smooth(n: usize) -> usize {
    let mut c = n.max(1);
    loop {
        let mut v = c;
        for p in [2, 3, 5, 7] {
            while v.is_multiple_of(p) {
                v /= p;
            }
        }
        if v == 1 {
            return c;
        }
        c += 1;
    }
}
