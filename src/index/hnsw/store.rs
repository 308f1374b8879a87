//! The vectors an HNSW graph is built on, kept as 32-bit or 16-bit floats, and the distance
//! between them ("smaller is nearer" for the graph; the index turns it back into a distance or a
//! similarity for the caller).

use half::f16;
use half::slice::HalfFloatSliceExt;

use crate::index::metric::{dot, squared_euclidean};
use crate::index::pages::PageBuf;
use crate::index::prefetch::prefetch_row;

/// The distance the graph is navigated by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Space {
    /// Squared Euclidean distance (the square root is taken only for the caller).
    L2,
    /// `1 − a·b`: cosine distance on unit rows, a heuristic "distance" for raw dot products.
    InnerProduct,
}

impl Space {
    /// The additive part of the distance over a block of coordinates.
    #[expect(
        clippy::inline_always,
        reason = "inlined into each multiversioned search copy (see index::metric)"
    )]
    #[inline(always)]
    fn partial(self, a: &[f32], b: &[f32]) -> f32 {
        match self {
            Self::L2 => squared_euclidean(a, b),
            Self::InnerProduct => dot(a, b),
        }
    }

    /// The distance from the sum of [`Self::partial`] over all blocks.
    #[expect(
        clippy::inline_always,
        reason = "inlined into each multiversioned search copy (see index::metric)"
    )]
    #[inline(always)]
    fn finish(self, sum: f32) -> f32 {
        match self {
            Self::L2 => sum,
            Self::InnerProduct => 1.0 - sum,
        }
    }
}

/// Rows of equal length that the graph measures distances between.
pub(super) trait Store: Send + Sync {
    /// Coordinates per row.
    fn dim(&self) -> usize;
    /// Rows stored.
    fn len(&self) -> usize;
    /// Distance from the query `q` (32-bit, `dim` long) to row `node`.
    fn to_query(&self, space: Space, q: &[f32], node: u32) -> f32;
    /// Distance between two stored rows.
    fn between(&self, space: Space, a: u32, b: u32) -> f32;
    /// Row `node` as 32-bit floats, into `out`.
    fn row_into(&self, node: u32, out: &mut Vec<f32>);
    /// Bytes the rows occupy.
    fn bytes(&self) -> usize;
    /// Start loading row `node` (see [`prefetch_row`]).
    fn prefetch(&self, node: u32);
}

/// Rows as 32-bit floats, one contiguous matrix.
pub(super) struct F32Rows {
    dim: usize,
    data: PageBuf<f32>,
}

impl F32Rows {
    /// Rows from a row-major matrix of `dim` columns.
    pub(super) fn new(dim: usize, data: PageBuf<f32>) -> Self {
        Self { dim, data }
    }

    #[expect(
        clippy::inline_always,
        reason = "inlined into each multiversioned search copy (see index::metric)"
    )]
    #[inline(always)]
    fn row(&self, node: u32) -> &[f32] {
        let start = node as usize * self.dim;
        &self.data.as_slice()[start..start + self.dim]
    }
}

impl Store for F32Rows {
    fn dim(&self) -> usize {
        self.dim
    }

    fn len(&self) -> usize {
        self.data.len().checked_div(self.dim).unwrap_or(0)
    }

    #[expect(
        clippy::inline_always,
        reason = "inlined into each multiversioned search copy (see index::metric)"
    )]
    #[inline(always)]
    fn to_query(&self, space: Space, q: &[f32], node: u32) -> f32 {
        space.finish(space.partial(q, self.row(node)))
    }

    #[expect(
        clippy::inline_always,
        reason = "inlined into each multiversioned search copy (see index::metric)"
    )]
    #[inline(always)]
    fn between(&self, space: Space, a: u32, b: u32) -> f32 {
        space.finish(space.partial(self.row(a), self.row(b)))
    }

    fn row_into(&self, node: u32, out: &mut Vec<f32>) {
        out.clear();
        out.extend_from_slice(self.row(node));
    }

    fn bytes(&self) -> usize {
        self.data.len() * size_of::<f32>()
    }

    #[inline]
    fn prefetch(&self, node: u32) {
        prefetch_row(self.data.as_slice(), node as usize * self.dim, self.dim);
    }
}

/// Coordinates converted per block of this many (on the stack) before the 32-bit kernels run.
const BLOCK: usize = 64;

/// Rows as 16-bit floats: half the memory; distances keep about three significant digits.
pub(super) struct F16Rows {
    dim: usize,
    data: PageBuf<f16>,
}

impl F16Rows {
    /// Rows from a row-major 32-bit matrix of `dim` columns, rounded to 16 bits.
    pub(super) fn new(dim: usize, data: &[f32]) -> Self {
        let mut half = PageBuf::zeroed(data.len());
        half.as_mut_slice().convert_from_f32_slice(data);
        Self { dim, data: half }
    }

    #[expect(
        clippy::inline_always,
        reason = "inlined into each multiversioned search copy (see index::metric)"
    )]
    #[inline(always)]
    fn row(&self, node: u32) -> &[f16] {
        let start = node as usize * self.dim;
        &self.data.as_slice()[start..start + self.dim]
    }
}

impl Store for F16Rows {
    fn dim(&self) -> usize {
        self.dim
    }

    fn len(&self) -> usize {
        self.data.len().checked_div(self.dim).unwrap_or(0)
    }

    #[expect(
        clippy::inline_always,
        reason = "inlined into each multiversioned search copy (see index::metric)"
    )]
    #[inline(always)]
    fn to_query(&self, space: Space, q: &[f32], node: u32) -> f32 {
        let mut buf = [0.0_f32; BLOCK];
        let mut sum = 0.0;
        for (h, qb) in self.row(node).chunks(BLOCK).zip(q.chunks(BLOCK)) {
            let b = &mut buf[..h.len()];
            h.convert_to_f32_slice(b);
            sum += space.partial(qb, b);
        }
        space.finish(sum)
    }

    #[expect(
        clippy::inline_always,
        reason = "inlined into each multiversioned search copy (see index::metric)"
    )]
    #[inline(always)]
    fn between(&self, space: Space, a: u32, b: u32) -> f32 {
        let (mut ba, mut bb) = ([0.0_f32; BLOCK], [0.0_f32; BLOCK]);
        let mut sum = 0.0;
        for (ha, hb) in self.row(a).chunks(BLOCK).zip(self.row(b).chunks(BLOCK)) {
            let (xa, xb) = (&mut ba[..ha.len()], &mut bb[..hb.len()]);
            ha.convert_to_f32_slice(xa);
            hb.convert_to_f32_slice(xb);
            sum += space.partial(xa, xb);
        }
        space.finish(sum)
    }

    fn row_into(&self, node: u32, out: &mut Vec<f32>) {
        out.clear();
        out.resize(self.dim, 0.0);
        self.row(node).convert_to_f32_slice(out);
    }

    fn bytes(&self) -> usize {
        self.data.len() * size_of::<f16>()
    }

    #[inline]
    fn prefetch(&self, node: u32) {
        prefetch_row(self.data.as_slice(), node as usize * self.dim, self.dim);
    }
}
