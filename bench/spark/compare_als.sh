#!/usr/bin/env bash
# embedscope's ALS at Spark's settings (ALS-WR: --regularization-scale spark) beside Spark
# MLlib's ALS on the same split, and the Spark model scored by `eval --vectors` against numpy.
#
#   bench/spark/compare_als.sh OUT_DIR NAME INTERACTIONS EVAL_DATASET RANK REG ALPHA ITER
#
# e.g. the cafés sample:
#   bench/spark/compare_als.sh /tmp/spark cafes sample_data/cafes/interactions.csv \
#       sample_data/cafes 8 0.05 2 15
# and the MovieLens-100k-sized set (written by make_ml100k_like.py into OUT_DIR/ml100k):
#   bench/spark/compare_als.sh /tmp/spark ml100k /tmp/spark/ml100k/interactions.tsv \
#       /tmp/spark/ml100k/interactions.tsv 32 0.05 2 15
# Needs Java 17 and PySpark (PY=path/to/venv/bin/python; default .spark/bin/python) and a release build
# of embedscope (BIN=target/release/embedscope). Prints one JSON object; wall times are of the
# whole command (Spark: JVM start, fit, save; embedscope: load, fit, score) and of the fit alone.
set -euo pipefail
out=$1 name=$2 interactions=$3 dataset=$4 rank=$5 reg=$6 alpha=$7 iter=$8
PY=${PY:-.spark/bin/python}
BIN=${BIN:-target/release/embedscope}
here=$(dirname "$0")
mkdir -p "$out/$name"
split=$out/$name/split
model=$out/$name/spark_model
"$PY" "$here/split_files.py" "$interactions" "$split" >/dev/null
t0=$(date +%s.%N)
spark_json=$("$PY" "$here/als_job.py" --train "$split/train.tsv" --out "$model" \
    --rank "$rank" --reg "$reg" --alpha "$alpha" --iterations "$iter" --seed 42 2>/dev/null \
    | grep '"cmd"' | sed 's/.*{"cmd"/{"cmd"/')
t1=$(date +%s.%N)
numpy_json=$("$PY" "$here/check_metrics.py" "$model" "$split/train.tsv" "$split/test.tsv")
t2=$(date +%s.%N)
eval_json=$("$BIN" eval "$dataset" --train "$split/train.tsv" --test "$split/test.tsv" \
    --methods als,imported --vectors "$model" --factors "$rank" --regularization "$reg" \
    --alpha "$alpha" --iterations "$iter" --regularization-scale spark --seed 42 \
    ${CG_STEPS:+--cg-steps $CG_STEPS} --json)
t3=$(date +%s.%N)
"$PY" - "$name" "$spark_json" "$numpy_json" "$eval_json" "$t0" "$t1" "$t2" "$t3" <<'PYEOF'
import json, sys
name, spark, numpy_, ev = sys.argv[1], *map(json.loads, sys.argv[2:5])
t0, t1, t2, t3 = map(float, sys.argv[5:9])
als, imp = ev["methods"]["als"], ev["methods"]["imported"]
print(json.dumps({
    "set": name, "users": ev["users"], "items": ev["items"], "train_pairs": ev["train_pairs"],
    "params": ev["params"],
    "spark": {"recall@10": numpy_["recall@10"], "ndcg@10": numpy_["ndcg@10"],
              "fit_s": spark["fit_s"], "wall_s": t1 - t0},
    "embedscope_als_wr": {"recall@10": als["recall@10"], "ndcg@10": als["ndcg@10"],
                          "fit_s": als["fit_s"], "eval_wall_s": t3 - t2},
    "recall_gap": als["recall@10"] - numpy_["recall@10"],
    "imported_vs_numpy": {"recall@10": imp["recall@10"] - numpy_["recall@10"],
                          "ndcg@10": imp["ndcg@10"] - numpy_["ndcg@10"],
                          "missing_users": imp["missing_users"],
                          "missing_items": imp["missing_items"]},
    "model": {"users": numpy_["model_users"], "items": numpy_["model_items"],
              "rank": numpy_["rank"]},
}, indent=1))
PYEOF
