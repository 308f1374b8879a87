//! Cache prefetch hints for the scans of `index` (the exact scan reads rows a few ahead of the
//! one it scores; the HNSW search the next neighbour's row). Hints only: no effect on results.

/// Ask the CPU to start loading the cache line holding `x` (a hint; no effect on results).
/// Through `safe_arch`, whose `prefetch_t0` is the SSE instruction behind a safe signature: the
/// standard library's `_mm_prefetch` needs `unsafe`, which this crate denies.
#[inline]
pub fn prefetch<T>(x: &T) {
    #[cfg(all(target_arch = "x86_64", target_feature = "sse"))]
    safe_arch::prefetch_t0(x);
    #[cfg(not(all(target_arch = "x86_64", target_feature = "sse")))]
    let _ = x;
}

/// Start loading every cache line of `data[start..start + len]`.
#[inline]
pub fn prefetch_row<T>(data: &[T], start: usize, len: usize) {
    const LINE_BYTES: usize = 64;
    let step = (LINE_BYTES / size_of::<T>()).max(1);
    if let Some(row) = data.get(start..start + len) {
        for line in row.chunks(step) {
            prefetch(&line[0]);
        }
    }
}
