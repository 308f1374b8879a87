"""Write train.tsv / test.tsv of an interactions file with the per-user random holdout of
common.split (fraction 0.2, seed 42 unless told), for `embedscope eval --train --test` and the
Spark job alike.

    python3 bench/spark/split_files.py sample_data/cafes/interactions.csv OUT_DIR
"""
import json
import os
import sys
from pathlib import Path

sys.path.insert(0, os.path.dirname(__file__))
from common import read_pairs, split, write_tsv  # noqa: E402

src, out = sys.argv[1], Path(sys.argv[2])
fraction = float(sys.argv[3]) if len(sys.argv) > 3 else 0.2
seed = int(sys.argv[4]) if len(sys.argv) > 4 else 42
out.mkdir(parents=True, exist_ok=True)
train, test = split(read_pairs(src), fraction, seed)
write_tsv(out / "train.tsv", train)
write_tsv(out / "test.tsv", test)
print(json.dumps({"cmd": "split", "train": len(train), "test": len(test),
                  "fraction": fraction, "seed": seed}))
