#!/usr/bin/env bash
# item2vec against gensim's Word2Vec on one split: Recall@10 and fit time of both, and the ratios.
#
#   bench/item2vec_vs_gensim.sh [WORKDIR]
#
# Needs: a release build (target/release/embedscope) and a Python with gensim, numpy, scipy and
# threadpoolctl: PY=/path/to/venv/bin/python (default: python3). The peer scripts are those of
# ../shared/bench (PEERS=… to point elsewhere): item2vec_peer.py (gensim, skip-gram, negative 5,
# 2 worker threads; --window 100000 = the whole history; a user = the mean of their items; seen
# items excluded; cosine) and peers.py (gen, split).
#
# The data: a MovieLens-100k-sized synthetic log (peers.py gen: 943 users, 1682 items, ~100k
# interactions with timestamps), split 80/20 per user with seed 42; both programs read the same
# train.tsv / test.tsv. embedscope evaluates it as an interactions-file dataset. Then the same on
# the bundled streaming sample (sample_data/streaming: 2,002 users, 4,945 items, 147k
# interactions), its interactions.csv turned into a TSV and split the same way.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-$(mktemp -d)}
py=${PY:-python3}
peers=${PEERS:-$here/../shared/bench}
bin=$here/target/release/embedscope
mkdir -p "$work"
if [ ! -f "$work/ml.tsv" ]; then
  "$py" "$peers/peers.py" gen --kind interactions --n 943 --items 1682 --per-user 106 --dim 16 \
    --seed 1 --out "$work/ml.tsv" >/dev/null
  "$py" "$peers/peers.py" split --interactions "$work/ml.tsv" --out-dir "$work/split" \
    --test-fraction 0.2 --seed 42 >/dev/null
fi
if [ ! -f "$work/st.tsv" ]; then
  tail -n +2 "$here/sample_data/streaming/interactions.csv" | tr ',' '\t' > "$work/st.tsv"
  "$py" "$peers/peers.py" split --interactions "$work/st.tsv" --out-dir "$work/st_split" \
    --test-fraction 0.2 --seed 42 >/dev/null
fi
compare() { # NAME DATASET FORMAT SPLIT_DIR
  echo "== $1"
  local gensim ours
  gensim=$("$py" "$peers/item2vec_peer.py" "$4/train.tsv" "$4/test.tsv" --window 100000 2>/dev/null)
  ours=$("$bin" eval "$2" $3 --train "$4/train.tsv" --test "$4/test.tsv" \
    --methods item2vec,popularity --json)
  echo "gensim: $gensim"
  "$py" - "$gensim" "$ours" <<'PYEOF'
import json, sys
g, o = json.loads(sys.argv[1]), json.loads(sys.argv[2])
i, p = o["methods"]["item2vec"], o["methods"]["popularity"]
print(f"embedscope item2vec: recall@10 {i['recall@10']:.4f}, fit {i['fit_s']:.2f} s "
      f"(popularity {p['recall@10']:.4f}; {i.get('method_label', '')})")
print(f"gensim Word2Vec:     recall@10 {g['recall@10']:.4f}, fit {g['fit_s']:.2f} s")
print(f"ratio embedscope/gensim: recall {i['recall@10'] / g['recall@10']:.3f}, "
      f"fit time {i['fit_s'] / g['fit_s']:.3f}")
PYEOF
}
compare "MovieLens-100k-sized log" "$work/ml.tsv" "--format interactions" "$work/split"
compare "streaming sample" "$here/sample_data/streaming" "" "$work/st_split"
