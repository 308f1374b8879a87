"""Train Spark MLlib's implicit ALS on a train split and save the model the way a cluster job
would (`model.write().overwrite().save(...)`), so embedscope can open and evaluate it.

    path/to/venv/bin/python bench/spark/als_job.py --train train.tsv --out model/ \
        --rank 8 --reg 0.05 --alpha 2 --iterations 15 --seed 42

The train file is `user<TAB>item[<TAB>rating<TAB>timestamp]` with the dataset's ids (what
`embedscope eval --train` reads). Every distinct (user, item) pair is one implicit interaction
of rating 1.0, as `embedscope eval` counts them. Spark's ALS needs integer ids: when the ids are
not all integers, each id becomes its 0-based position in ascending order and the model folder
gains `user_ids/` and `item_ids/` (CSV parts `id,original_id`) that embedscope reads back.
The ALS estimator is saved too, as `estimator/` inside the model folder: Spark's ALSModel
metadata keeps only the rank, the estimator's keeps the training parameters.
Prints a JSON line: counts, parameters, wall time of the fit.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time

sys.path.insert(0, os.path.dirname(__file__))
from common import id_key, read_pairs  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--train", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--rank", type=int, default=32)
    ap.add_argument("--reg", type=float, default=0.05)
    ap.add_argument("--alpha", type=float, default=2.0)
    ap.add_argument("--iterations", type=int, default=15)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--blocks", type=int, default=2, help="numUserBlocks = numItemBlocks")
    ap.add_argument("--threads", type=int, default=2, help="local[N]")
    a = ap.parse_args()

    from pyspark.ml.recommendation import ALS
    from pyspark.sql import SparkSession

    rows = read_pairs(a.train)
    pairs = sorted({(r[0], r[1]) for r in rows})
    users = id_key({p[0] for p in pairs})
    items = id_key({p[1] for p in pairs})
    numeric = all(s.lstrip("-").isdigit() for s in users + items)
    u_at = {u: (int(u) if numeric else i) for i, u in enumerate(users)}
    i_at = {v: (int(v) if numeric else i) for i, v in enumerate(items)}

    spark = (SparkSession.builder.master(f"local[{a.threads}]").appName("embedscope-als")
             .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "4")
             .getOrCreate())
    spark.sparkContext.setLogLevel("ERROR")
    df = spark.createDataFrame([(u_at[u], i_at[v], 1.0) for u, v in pairs],
                               ["user", "item", "rating"]).cache()
    df.count()
    als = ALS(rank=a.rank, regParam=a.reg, alpha=a.alpha, maxIter=a.iterations, seed=a.seed,
              implicitPrefs=True, userCol="user", itemCol="item", ratingCol="rating",
              numUserBlocks=a.blocks, numItemBlocks=a.blocks, nonnegative=False)
    start = time.perf_counter()
    model = als.fit(df)
    model.userFactors.count()
    model.itemFactors.count()
    fit_s = time.perf_counter() - start
    model.write().overwrite().save(a.out)
    # Spark's ALSModel keeps only its rank; the estimator's metadata holds regParam, alpha,
    # maxIter, implicitPrefs and seed, which embedscope shows beside the model.
    als.write().overwrite().save(os.path.join(a.out, "estimator"))
    if not numeric:
        for name, ids in (("user_ids", users), ("item_ids", items)):
            spark.createDataFrame([(i, s) for i, s in enumerate(ids)], ["id", "original_id"]) \
                .coalesce(1).write.mode("overwrite").option("header", True) \
                .csv(os.path.join(a.out, name))
    spark.stop()
    print(json.dumps({"cmd": "spark_als", "users": len(users), "items": len(items),
                      "train_pairs": len(pairs), "rank": a.rank, "regParam": a.reg,
                      "alpha": a.alpha, "maxIter": a.iterations, "seed": a.seed,
                      "numeric_ids": numeric, "fit_s": fit_s}))


if __name__ == "__main__":
    main()
