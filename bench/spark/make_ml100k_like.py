"""A MovieLens-100k-sized interactions file (no real ML-100k is available offline): 943 users
x 1682 items x 100,000 distinct (user, item) ratings, every user with at least 20, item
popularity long-tailed, choices driven by 12 latent tastes so collaborative filtering has
something to learn. Seeded: the same seed writes the same file.

    python3 bench/spark/make_ml100k_like.py OUT_DIR [SEED]

Writes OUT_DIR/interactions.tsv (user<TAB>item<TAB>rating<TAB>timestamp, ids from 1 as MovieLens;
not named u.data, which would make the folder a MovieLens folder needing u.item) and
OUT_DIR/split/{train,test}.tsv (common.split, fraction 0.2, seed 42).
"""
import json
import os
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, os.path.dirname(__file__))
from common import split, write_tsv  # noqa: E402

USERS, ITEMS, RATINGS, TASTES = 943, 1682, 100_000, 12

out = Path(sys.argv[1])
seed = int(sys.argv[2]) if len(sys.argv) > 2 else 7
rng = np.random.default_rng(seed)
out.mkdir(parents=True, exist_ok=True)
U = rng.normal(size=(USERS, TASTES))
V = rng.normal(size=(ITEMS, TASTES))
pop = -1.2 * np.log(np.arange(1, ITEMS + 1))  # Zipf-like popularity
rng.shuffle(pop)
# Per-user counts: 20 + a long tail, scaled to 100,000 in all.
extra = rng.pareto(1.5, USERS) + 0.05
counts = 20 + rng.multinomial(RATINGS - 20 * USERS, extra / extra.sum())
cap = ITEMS // 2
while (over := np.maximum(counts - cap, 0).sum()) > 0:
    counts = np.minimum(counts, cap)
    room = np.flatnonzero(counts < cap)
    np.add.at(counts, rng.choice(room, over), 1)
rows = []
for u in range(USERS):
    logits = U[u] @ V.T / np.sqrt(TASTES) * 1.5 + pop
    g = rng.gumbel(size=ITEMS)
    chosen = np.argsort(-(logits + g))[: counts[u]]  # sampling without replacement
    for i in chosen:
        r = int(np.clip(np.round(3 + (U[u] @ V[i]) / np.sqrt(TASTES) + rng.normal(0, 0.7)), 1, 5))
        rows.append((str(u + 1), str(int(i) + 1), str(r), str(874_724_710 + len(rows) * 17)))
assert len(rows) == RATINGS, len(rows)
write_tsv(out / "interactions.tsv", rows)
train, test = split(rows, 0.2, 42)
(out / "split").mkdir(exist_ok=True)
write_tsv(out / "split" / "train.tsv", train)
write_tsv(out / "split" / "test.tsv", test)
print(json.dumps({"cmd": "ml100k_like", "users": USERS, "items": len({r[1] for r in rows}),
                  "ratings": len(rows), "train": len(train), "test": len(test), "seed": seed}))
