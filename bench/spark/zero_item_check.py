"""Spark's implicit ALS (as `same_start.py` replays it, which equals Spark's factors exactly) in
numpy from numpy-drawn starts, scored with the split's one test-only item absent from the model
(as Spark leaves it) and at a zero vector (as embedscope's ALS-WR leaves an item without train
pairs): whether that difference ever changes Recall@10. Cafés split of tests/fixtures.

    path/to/venv/bin/python bench/spark/zero_item_check.py FIRST_SEED END_SEED
"""
import json
import os
import sys

import numpy as np

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', '..')
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from common import eval_set, read_pairs, metrics_from_factors
tr_rows = read_pairs(os.path.join(ROOT, 'tests/fixtures/spark_cafes/train.tsv'))
te_rows = read_pairs(os.path.join(ROOT, 'tests/fixtures/spark_cafes/test.tsv'))
users, items, tr, te = eval_set(tr_rows, te_rows)
nu, ni = len(users), len(items)
ui = [sorted(s) for s in tr]
iu = [[] for _ in range(ni)]
for u, s in enumerate(ui):
    for i in s: iu[i].append(u)
def half(X, rows, f, reg, alpha):
    YtY = X.T @ X
    out = np.zeros((len(rows), f))
    for r, idx in enumerate(rows):
        if not idx: continue
        Y = X[idx]
        A = YtY + alpha * Y.T @ Y + reg * len(idx) * np.eye(f)
        b = (1 + alpha) * Y.sum(0)
        out[r] = np.linalg.solve(A, b)
    return out.astype(np.float32).astype(np.float64)
def fit(seed, f=8, reg=0.05, alpha=2.0, iters=15):
    g = np.random.default_rng(seed)
    X = g.standard_normal((nu, f)).astype(np.float32)
    X /= np.linalg.norm(X, axis=1, keepdims=True)
    X = X.astype(np.float64)
    for _ in range(iters):
        Y = half(X, iu, f, reg, alpha)
        X = half(Y, ui, f, reg, alpha)
    return X, Y
res = []
for seed in range(int(sys.argv[1]), int(sys.argv[2])):
    X, Y = fit(seed)
    uv = {users[u]: X[u] for u in range(nu)}
    absent = {items[i]: Y[i] for i in range(ni) if iu[i]}
    zero = {items[i]: Y[i] for i in range(ni)}
    a = metrics_from_factors(users, items, tr, te, uv, absent)['recall@10']
    z = metrics_from_factors(users, items, tr, te, uv, zero)['recall@10']
    res.append((seed, a, z))
    print(json.dumps({"seed": seed, "absent": a, "zero": z}), flush=True)
a = np.array([r[1] for r in res]); z = np.array([r[2] for r in res])
print("absent mean %.4f sd %.4f | zero mean %.4f | diff mean %.5f max %.5f" % (a.mean(), a.std(ddof=1), z.mean(), (z-a).mean(), np.abs(z-a).max()))
