"""Spark MLlib's implicit ALS on one split for many seeds in one JVM, each model scored by
common.metrics_from_factors (the numpy reference `check_metrics.py` uses). Same data and
parameters as `als_job.py` (distinct pairs, rating 1.0, ids indexed in ascending order,
numUserBlocks = numItemBlocks = 2); one JSON line per seed.

    path/to/venv/bin/python bench/spark/cafes_seeds.py --train T --test T --seeds 1,2,9-40 \
        [--rank 8 --reg 0.05 --alpha 2 --iterations 15 --threads 1]
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from common import eval_set, id_key, metrics_from_factors, read_pairs  # noqa: E402


def seeds(spec: str) -> list[int]:
    out = []
    for part in spec.split(","):
        lo, _, hi = part.partition("-")
        out.extend(range(int(lo), int(hi or lo) + 1))
    return out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--train", required=True)
    ap.add_argument("--test", required=True)
    ap.add_argument("--seeds", required=True)
    ap.add_argument("--rank", type=int, default=8)
    ap.add_argument("--reg", type=float, default=0.05)
    ap.add_argument("--alpha", type=float, default=2.0)
    ap.add_argument("--iterations", type=int, default=15)
    ap.add_argument("--blocks", type=int, default=2)
    ap.add_argument("--threads", type=int, default=1)
    a = ap.parse_args()

    from pyspark.ml.recommendation import ALS
    from pyspark.sql import SparkSession

    train, test = read_pairs(a.train), read_pairs(a.test)
    pairs = sorted({(r[0], r[1]) for r in train})
    users = id_key({p[0] for p in pairs})
    items = id_key({p[1] for p in pairs})
    u_at = {u: i for i, u in enumerate(users)}
    i_at = {v: i for i, v in enumerate(items)}
    ev_users, ev_items, tr, te = eval_set(train, test)

    spark = (SparkSession.builder.master(f"local[{a.threads}]").appName("embedscope-seeds")
             .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2")
             .getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    df = spark.createDataFrame([(u_at[u], i_at[v], 1.0) for u, v in pairs],
                               ["user", "item", "rating"]).cache()
    df.count()
    for seed in seeds(a.seeds):
        als = ALS(rank=a.rank, regParam=a.reg, alpha=a.alpha, maxIter=a.iterations, seed=seed,
                  implicitPrefs=True, userCol="user", itemCol="item", ratingCol="rating",
                  numUserBlocks=a.blocks, numItemBlocks=a.blocks, nonnegative=False)
        start = time.perf_counter()
        model = als.fit(df)
        uf = {users[r["id"]]: r["features"] for r in model.userFactors.collect()}
        itf = {items[r["id"]]: r["features"] for r in model.itemFactors.collect()}
        fit_s = time.perf_counter() - start
        m = metrics_from_factors(ev_users, ev_items, tr, te, uf, itf, 10)
        print(json.dumps({"seed": seed, "rank": a.rank, "regParam": a.reg, "alpha": a.alpha,
                          "maxIter": a.iterations, "threads": a.threads, "fit_s": fit_s, **m}),
              flush=True)
    spark.stop()


if __name__ == "__main__":
    main()
