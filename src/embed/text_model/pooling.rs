//! Pooling token vectors into one row, as sentence-transformers' `Pooling` and `Normalize`
//! modules do.

use ndarray::ArrayView2;

use crate::data::models::Pooling;

/// Pool the `n × h` token vectors of one sequence into `out` (`pooling.count() × h` wide).
/// The first `skip` tokens (a prompt that `include_prompt = false` leaves out) are masked for
/// every mode but `cls`, as sentence-transformers masks them.
pub(super) fn pool(tokens: ArrayView2<f32>, pooling: Pooling, skip: usize, out: &mut [f32]) {
    let (n, h) = tokens.dim();
    let kept = skip.min(n.saturating_sub(1))..n;
    let mut parts = out.chunks_exact_mut(h);
    if pooling.cls
        && let Some(o) = parts.next()
    {
        o.iter_mut().zip(tokens.row(0)).for_each(|(o, &v)| *o = v);
    }
    if pooling.max
        && let Some(o) = parts.next()
    {
        o.fill(f32::NEG_INFINITY);
        for t in kept.clone() {
            o.iter_mut()
                .zip(tokens.row(t))
                .for_each(|(o, &v)| *o = o.max(v));
        }
    }
    let count = kept.len() as f32;
    let sum = |o: &mut [f32], weight: &dyn Fn(usize) -> f32| {
        o.fill(0.0);
        for t in kept.clone() {
            let w = weight(t);
            o.iter_mut()
                .zip(tokens.row(t))
                .for_each(|(o, &v)| *o += w * v);
        }
    };
    if pooling.mean
        && let Some(o) = parts.next()
    {
        sum(o, &|_| 1.0);
        for v in o.iter_mut() {
            *v /= count.max(1e-9);
        }
    }
    if pooling.mean_sqrt_len
        && let Some(o) = parts.next()
    {
        sum(o, &|_| 1.0);
        for v in o.iter_mut() {
            *v /= count.sqrt();
        }
    }
    if pooling.weighted_mean
        && let Some(o) = parts.next()
    {
        sum(o, &|t| (t + 1) as f32);
        let total: f32 = kept.clone().map(|t| (t + 1) as f32).sum();
        for v in o.iter_mut() {
            *v /= total.max(1e-9);
        }
    }
    if pooling.last_token
        && let Some(o) = parts.next()
    {
        o.iter_mut()
            .zip(tokens.row(n.saturating_sub(1)))
            .for_each(|(o, &v)| *o = v);
    }
}

/// Scale `row` to unit length: `x / max(‖x‖, eps)`.
pub(super) fn normalize(row: &mut [f32], eps: f32) {
    let norm = row
        .iter()
        .map(|v| f64::from(*v) * f64::from(*v))
        .sum::<f64>()
        .sqrt() as f32;
    let d = norm.max(eps);
    for v in row.iter_mut() {
        *v /= d;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn modes_by_hand() {
        let t = ndarray::array![[1.0f32, 0.0], [3.0, -2.0], [5.0, 4.0]];
        let all = Pooling {
            cls: true,
            max: true,
            mean: true,
            mean_sqrt_len: true,
            weighted_mean: true,
            last_token: true,
        };
        let mut out = vec![0.0; 12];
        pool(t.view(), all, 0, &mut out);
        let s3 = 3f32.sqrt();
        let want = [
            1.0,
            0.0, // cls
            5.0,
            4.0, // max
            3.0,
            2.0 / 3.0, // mean
            9.0 / s3,
            2.0 / s3, // sum / √3
            (1.0 + 6.0 + 15.0) / 6.0,
            (0.0 - 4.0 + 12.0) / 6.0, // weights 1, 2, 3
            5.0,
            4.0, // last
        ];
        for (a, b) in out.iter().zip(want) {
            assert!((a - b).abs() < 1e-6, "{out:?}");
        }
        pool(t.view(), Pooling::mean(), 1, &mut out[..2]);
        assert!((out[0] - 4.0).abs() < 1e-6 && (out[1] - 1.0).abs() < 1e-6);
        let mut r = [3.0, 4.0];
        normalize(&mut r, 1e-12);
        assert!((r[0] - 0.6).abs() < 1e-6 && (r[1] - 0.8).abs() < 1e-6);
    }
}
