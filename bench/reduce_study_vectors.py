"""Synthetic stand-ins for imported sentence embeddings, for `embedscope tradeoff --reduce`.

No sentence encoder is available offline here, so the dimension study's figures in the notes
were measured on vectors built to look like them: n rows of d dimensions, 64 topic clusters,
a power-law spectrum (the variance along the i-th of d random orthogonal axes ~ i^-1, as the
spectra of MiniLM/MPNet embeddings decay), rows L2-normalised. Seeded: the same file every time.

    python3 bench/reduce_study_vectors.py 20000 384 bench-data/st384.npy   # any Python with numpy
    target/release/embedscope tradeoff bench-data/st384.npy --reduce pca,gaussian,sparse --dims 32,64,128
"""

import sys

import numpy as np


def make(n: int, d: int, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    scale = np.arange(1, d + 1, dtype=np.float64) ** -0.5  # sd ~ i^-1/2: variance ~ i^-1
    axes, _ = np.linalg.qr(rng.standard_normal((d, d)))
    centres = rng.standard_normal((64, d)) * scale * 2.0
    topic = rng.integers(0, 64, n)
    z = centres[topic] + rng.standard_normal((n, d)) * scale
    x = z @ axes.T + 0.5 * scale[0] * axes[:, 0]  # a shared offset, as real embeddings have
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    return x.astype(np.float32)


if __name__ == "__main__":
    n, d, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    np.save(out, make(n, d))
