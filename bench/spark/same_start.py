"""Spark's ALS from its own starting factors, for a bit-level comparison: fit with maxIter=0
(the model is then Spark's Gaussian, unit-length start) and with maxIter=N on the same seed and
blocks, replay the N iterations in numpy as `ALS.train` (implicitPrefs) runs them — items from
the users, then users from the items; per row (YᵀY + α·Σ yyᵀ + λ·n·I) x = (1 + α)·Σ y solved
in float64 and stored as float32 — and write both factor sets, the numpy replay's largest
difference from Spark, and the train file's ids to a JSON fixture. `tests/spark.rs` runs
embedscope's ALS-WR from the same start and compares it with Spark's factors.

    path/to/venv/bin/python bench/spark/same_start.py --train T --out same_start.json \
        [--rank 8 --reg 0.05 --alpha 2 --iterations 15 --seed 42]
"""
from __future__ import annotations

import argparse
import json
import os
import sys

import numpy as np

sys.path.insert(0, os.path.dirname(__file__))
from common import id_key, read_pairs  # noqa: E402


def half(fixed, rows, rank, reg, alpha):
    """One half-iteration of Spark's implicit ALS (CholeskySolver), in float64."""
    yty = fixed.T @ fixed
    out = np.zeros((len(rows), rank))
    for r, idx in enumerate(rows):
        y = fixed[idx]
        a = yty + alpha * y.T @ y + reg * len(idx) * np.eye(rank)
        out[r] = np.linalg.solve(a, (1 + alpha) * y.sum(0))
    return out.astype(np.float32).astype(np.float64)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--train", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--rank", type=int, default=8)
    ap.add_argument("--reg", type=float, default=0.05)
    ap.add_argument("--alpha", type=float, default=2.0)
    ap.add_argument("--iterations", type=int, default=15)
    ap.add_argument("--seed", type=int, default=42)
    a = ap.parse_args()

    from pyspark.ml.recommendation import ALS
    from pyspark.sql import SparkSession

    pairs = sorted({(r[0], r[1]) for r in read_pairs(a.train)})
    users = id_key({p[0] for p in pairs})
    items = id_key({p[1] for p in pairs})
    u_at = {u: i for i, u in enumerate(users)}
    i_at = {v: i for i, v in enumerate(items)}
    spark = (SparkSession.builder.master("local[1]").appName("embedscope-same-start")
             .config("spark.ui.enabled", "false").getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    df = spark.createDataFrame([(u_at[u], i_at[v], 1.0) for u, v in pairs],
                               ["user", "item", "rating"]).cache()
    fitted = {}
    for iters in (0, a.iterations):
        m = ALS(rank=a.rank, regParam=a.reg, alpha=a.alpha, maxIter=iters, seed=a.seed,
                implicitPrefs=True, userCol="user", itemCol="item", ratingCol="rating",
                numUserBlocks=2, numItemBlocks=2).fit(df)
        u = np.zeros((len(users), a.rank))
        i = np.zeros((len(items), a.rank))
        for r in m.userFactors.collect():
            u[r["id"]] = r["features"]
        for r in m.itemFactors.collect():
            i[r["id"]] = r["features"]
        fitted[iters] = (u, i)
    spark.stop()

    user_items = [[] for _ in users]
    item_users = [[] for _ in items]
    for uid, iid in pairs:
        user_items[u_at[uid]].append(i_at[iid])
        item_users[i_at[iid]].append(u_at[uid])
    x = fitted[0][0]
    for _ in range(a.iterations):
        y = half(x, item_users, a.rank, a.reg, a.alpha)
        x = half(y, user_items, a.rank, a.reg, a.alpha)
    u_end, i_end = fitted[a.iterations]
    replay = float(max(np.abs(x - u_end).max(), np.abs(y - i_end).max()))
    rows = lambda m: [[float(v) for v in row] for row in m]  # noqa: E731
    json.dump({
        "rank": a.rank, "regParam": a.reg, "alpha": a.alpha, "maxIter": a.iterations,
        "seed": a.seed, "users": users, "items": items,
        "numpy_replay_max_abs_diff": replay,
        "start_user_factors": rows(fitted[0][0]), "start_item_factors": rows(fitted[0][1]),
        "user_factors": rows(u_end), "item_factors": rows(i_end),
    }, open(a.out, "w", encoding="utf-8"))
    print(json.dumps({"cmd": "same_start", "users": len(users), "items": len(items),
                      "numpy_replay_max_abs_diff": replay}))


if __name__ == "__main__":
    main()
