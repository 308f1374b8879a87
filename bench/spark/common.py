"""Shared helpers of the Spark benchmark scripts: the split protocol of `embedscope eval`
(files) and the ranking metrics of src/eval/metrics.rs, in numpy."""
from __future__ import annotations

import math
from pathlib import Path

import numpy as np


def read_pairs(path: str) -> list[tuple[str, str, str, str]]:
    """(user, item, rating, timestamp) of each line of a tab-separated file, or of a CSV with a
    `user_id,item_id,...` header (as sample_data's interactions.csv)."""
    rows = []
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    sep = "," if path.endswith(".csv") else "\t"
    if lines and sep == ",":
        lines = lines[1:]
    for line in lines:
        if not line.strip():
            continue
        cols = line.split(sep)
        while len(cols) < 4:
            cols.append("1" if len(cols) == 2 else "0")
        rows.append((cols[0], cols[1], cols[2], cols[3]))
    return rows


def id_key(ids):
    """Ascending order as `embedscope eval` sorts ids: numerically when all are integers."""
    try:
        return sorted(ids, key=int)
    except ValueError:
        return sorted(ids)


def split(rows, fraction: float, seed: int):
    """Per-user random holdout (the protocol of shared/bench/peers.py split): distinct (user,
    item) pairs, first kept, sorted by (user, item); each user with n >= 2 pairs sends
    max(1, floor(fraction n)) random pairs (numpy default_rng(seed)) to test."""
    seen, distinct = set(), []
    for r in rows:
        if (r[0], r[1]) not in seen:
            seen.add((r[0], r[1]))
            distinct.append(r)
    order = {u: i for i, u in enumerate(id_key({r[0] for r in distinct}))}
    iorder = {v: i for i, v in enumerate(id_key({r[1] for r in distinct}))}
    distinct.sort(key=lambda r: (order[r[0]], iorder[r[1]]))
    rng = np.random.default_rng(seed)
    train, test, start = [], [], 0
    while start < len(distinct):
        end = start
        while end < len(distinct) and distinct[end][0] == distinct[start][0]:
            end += 1
        n = end - start
        is_test = np.zeros(n, dtype=bool)
        if n >= 2:
            is_test[rng.permutation(n)[: max(1, math.floor(fraction * n))]] = True
        for j in range(n):
            (test if is_test[j] else train).append(distinct[start + j])
        start = end
    return train, test


def write_tsv(path: Path, rows) -> None:
    path.write_text("".join("\t".join(r) + "\n" for r in rows), encoding="utf-8")


def eval_set(train, test):
    """The evaluation set of src/eval/data.rs: users and items of train and test in ascending
    id order; per user the distinct train items and the test items not in train."""
    users = id_key({r[0] for r in train} | {r[0] for r in test})
    items = id_key({r[1] for r in train} | {r[1] for r in test})
    u_at = {u: i for i, u in enumerate(users)}
    i_at = {v: i for i, v in enumerate(items)}
    tr = [set() for _ in users]
    te = [set() for _ in users]
    for r in train:
        tr[u_at[r[0]]].add(i_at[r[1]])
    for r in test:
        te[u_at[r[0]]].add(i_at[r[1]])
    te = [t - s for t, s in zip(te, tr)]
    return users, items, tr, te


def metrics_from_factors(users, items, tr, te, user_vec: dict, item_vec: dict, k: int = 10):
    """Recall@k and nDCG@k of top-k lists by dot product (float64) of the given factors, train
    items excluded, ties to the lower item index; items without a vector are never
    recommended, users without a vector get an empty list (recall 0)."""
    dim = len(next(iter(item_vec.values())))
    Y = np.full((len(items), dim), np.nan)
    for j, v in enumerate(items):
        if v in item_vec:
            Y[j] = item_vec[v]
    recall = ndcg = 0.0
    evaluated = [u for u in range(len(users)) if te[u]]
    disc = 1.0 / np.log2(np.arange(2, k + 2))
    missing_users = 0
    for u in evaluated:
        x = user_vec.get(users[u])
        if x is None:
            missing_users += 1
            continue
        s = Y @ np.asarray(x, dtype=np.float64)
        s[np.isnan(s)] = -np.inf
        ok = np.isfinite(s)
        ok[list(tr[u])] = False
        cand = np.flatnonzero(ok)
        order = cand[np.lexsort((cand, -s[cand]))][:k]
        rel = np.array([i in te[u] for i in order], dtype=float)
        recall += rel.sum() / len(te[u])
        ideal = disc[: min(k, len(te[u]))].sum()
        ndcg += (rel * disc[: len(rel)]).sum() / ideal
    n = len(evaluated)
    return {
        f"recall@{k}": recall / n,
        f"ndcg@{k}": ndcg / n,
        "eval_users": n,
        "missing_users": missing_users,
        "missing_items": sum(1 for v in items if v not in item_vec),
    }
