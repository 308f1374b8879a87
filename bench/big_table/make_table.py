#!/usr/bin/env python3
"""Write a partitioned Parquet table of clustered float32 vectors, laid out as Spark writes one
(`part-NNNNN-….snappy.parquet`, `_SUCCESS`, an `id` column and a `vector` list<float> column),
for the larger-than-memory benchmarks of issue 16 (`bench/big_table/run.sh`).

    python make_table.py OUT_DIR --rows 100000000 --dim 64 --parts 100 [--seed 7]

100M × 64 is 25.6 GB of floats (about 26.5 GB on disk with the ids): check `df` first.
Needs pyarrow and numpy (e.g. the PySpark venv of bench/spark).
"""
import argparse
import os
import sys
import time

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--rows", type=int, default=100_000_000)
    ap.add_argument("--dim", type=int, default=64)
    ap.add_argument("--parts", type=int, default=100)
    ap.add_argument("--clusters", type=int, default=24)
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    os.makedirs(a.out, exist_ok=True)
    rng = np.random.default_rng(a.seed)
    centres = rng.normal(0.0, 3.0, size=(a.clusters, a.dim)).astype(np.float32)
    per = -(-a.rows // a.parts)
    chunk = 250_000
    start = time.time()
    written = 0
    for p in range(a.parts):
        n = min(per, a.rows - written)
        if n <= 0:
            break
        path = os.path.join(a.out, f"part-{p:05d}-bench.snappy.parquet")
        writer = None
        done = 0
        while done < n:
            m = min(chunk, n - done)
            label = rng.integers(0, a.clusters, size=m)
            v = rng.standard_normal(size=(m, a.dim), dtype=np.float32)
            v += centres[label]
            ids = np.arange(written + done, written + done + m, dtype=np.int64)
            values = pa.array(v.reshape(-1), type=pa.float32())
            offsets = pa.array(np.arange(0, (m + 1) * a.dim, a.dim, dtype=np.int32))
            vec = pa.ListArray.from_arrays(offsets, values)
            table = pa.table({"id": ids, "vector": vec})
            if writer is None:
                writer = pq.ParquetWriter(path, table.schema, compression="snappy")
            writer.write_table(table, row_group_size=1_000_000)
            done += m
        writer.close()
        written += n
        if p % 10 == 9:
            rate = written / (time.time() - start)
            print(f"{written:,} rows ({rate:,.0f} rows/s)", file=sys.stderr, flush=True)
    open(os.path.join(a.out, "_SUCCESS"), "w").close()
    print(f"wrote {written:,} rows × {a.dim} in {a.parts} parts to {a.out}")


if __name__ == "__main__":
    main()
