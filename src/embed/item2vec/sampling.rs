//! The random draws of item2vec's hot loop: a fast seeded generator and an exact O(1) sampler
//! of the noise distribution.

/// `SplitMix64` (Steele et al., 2014) for the hot loop, seeded from the run's
/// [`crate::rng::Gen`]: one add and
/// three multiply-xorshifts a draw.
pub(super) struct Fast(pub(super) u64);

impl Fast {
    pub(super) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in [0, n) for n < 2³² (Lemire's multiply-shift; the bias is below 2⁻³²·n).
    pub(super) fn below(&mut self, n: usize) -> usize {
        (((self.next() >> 32) * n as u64) >> 32) as usize
    }

    /// Uniform in [0, 1).
    pub(super) fn u01(&mut self) -> f64 {
        (self.next() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }
}

/// Walker's alias table (Vose's construction): draws index i with probability `w[i] / Σw`.
pub(super) struct Alias {
    prob: Vec<f64>,
    alias: Vec<u32>,
}

impl Alias {
    pub(super) fn new(w: &[f64]) -> Self {
        let n = w.len();
        let total: f64 = w.iter().sum();
        let mut prob: Vec<f64> = w.iter().map(|x| x * n as f64 / total).collect();
        let mut alias: Vec<u32> = (0..n as u32).collect();
        let (mut small, mut large): (Vec<usize>, Vec<usize>) = (0..n).partition(|&i| prob[i] < 1.0);
        while let (Some(&s), Some(&l)) = (small.last(), large.last()) {
            small.pop();
            alias[s] = l as u32;
            prob[l] -= 1.0 - prob[s];
            if prob[l] < 1.0 {
                large.pop();
                small.push(l);
            }
        }
        for i in small.into_iter().chain(large) {
            prob[i] = 1.0;
        }
        Self { prob, alias }
    }

    pub(super) fn draw(&self, r: &mut Fast) -> u32 {
        let i = r.below(self.prob.len());
        if r.u01() < self.prob[i] {
            i as u32
        } else {
            self.alias[i]
        }
    }
}
