"""Recall@k and nDCG@k of a saved Spark ALS model computed directly from its factors with
numpy (float64 dot products; train items excluded; ties to the lower item index; users and
items missing from the model count as misses) — the reference `embedscope eval --methods
imported --vectors MODEL` must reproduce to 1e-9. Also prints counts, rank and a few factor
values for the fixture tests.

    python bench/spark/check_metrics.py MODEL_DIR TRAIN.tsv TEST.tsv [K]
"""
import glob
import json
import os
import sys

import pyarrow.parquet as pq

sys.path.insert(0, os.path.dirname(__file__))
from common import eval_set, metrics_from_factors, read_pairs  # noqa: E402


def factors(model: str, folder: str) -> dict:
    parts = sorted(glob.glob(os.path.join(model, folder, "part-*.parquet")))
    out = {}
    for p in parts:
        t = pq.read_table(p).to_pydict()
        for i, f in zip(t["id"], t["features"]):
            out[str(i)] = f
    mapping = os.path.join(model, folder.replace("Factors", "_ids"))
    if os.path.isdir(mapping):
        names = {}
        for p in sorted(glob.glob(os.path.join(mapping, "part-*.csv"))):
            for line in open(p, encoding="utf-8").read().splitlines()[1:]:
                i, name = line.split(",", 1)
                names[i] = name
        out = {names[i]: f for i, f in out.items()}
    return out


model, train_path, test_path = sys.argv[1:4]
k = int(sys.argv[4]) if len(sys.argv) > 4 else 10
meta = json.loads(open(glob.glob(os.path.join(model, "metadata", "part-*"))[0]).readline())
users_f, items_f = factors(model, "userFactors"), factors(model, "itemFactors")
users, items, tr, te = eval_set(read_pairs(train_path), read_pairs(test_path))
m = metrics_from_factors(users, items, tr, te, users_f, items_f, k)
first_user = sorted(users_f)[0]
first_item = sorted(items_f)[0]
print(json.dumps({
    "model_users": len(users_f), "model_items": len(items_f), "rank": meta["rank"],
    "first_user": first_user, "first_user_factors": [float(x) for x in users_f[first_user][:3]],
    "first_item": first_item, "first_item_factors": [float(x) for x in items_f[first_item][:3]],
    "eval_users_total": len(users), "eval_items_total": len(items), **m}, indent=1))
