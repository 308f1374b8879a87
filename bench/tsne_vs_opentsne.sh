#!/usr/bin/env bash
# embedscope's t-SNE against openTSNE on the same Gaussian mixtures (10 clusters in 50-D,
# peers.py gen, seed 1): wall and CPU time (user + sys) of each fit (k-NN graph included, 2 threads;
# CPU time is the fairer figure on a shared machine) and the map's
# trustworthiness and kNN preservation (peers.py quality, k = 10, 5,000 sampled rows),
# interleaved round by round so both see the same machine load.
#
# Usage (from a checkout's root, after `cargo build --release`):
#   PY=path/to/venv/bin/python bench/tsne_vs_opentsne.sh [ROUNDS] [SIZES]
# ROUNDS defaults to 3, SIZES to "10000 50000". The venv needs ../shared/bench/requirements.txt
# and openTSNE (pip install openTSNE). Data and maps go to bench-data/ (ignored by git);
# one JSON line per fit and quality goes to bench-data/tsne_vs_opentsne.jsonl, and a summary
# of medians is printed at the end.
set -euo pipefail
PY=${PY:-.peers/bin/python}
PEERS=${PEERS:-../shared/bench/peers.py}
BIN=${BIN:-target/release/embedscope}
ROUNDS=${1:-3}
SIZES=${2:-10000 50000}
OUT=bench-data/tsne_vs_opentsne.jsonl
mkdir -p bench-data
: > "$OUT"
uptime | tee -a bench-data/tsne_vs_opentsne.load
for n in $SIZES; do
  data=bench-data/tsne_gmm_${n}.npy
  [ -f "$data" ] || "$PY" "$PEERS" gen --n "$n" --dim 50 --clusters 10 --seed 1 --out "$data" >/dev/null
  for round in $(seq "$ROUNDS"); do
    for who in opentsne embedscope; do
      map=bench-data/tsne_${who}_${n}.npy
      if [ "$who" = opentsne ]; then
        fit=$(/usr/bin/time -f '%U %S' -o bench-data/cpu.txt "$PY" "$PEERS" project --data "$data" --method tsne-opentsne-fft --threads 2 --out "$map" 2>/dev/null)
      else
        fit=$(RAYON_NUM_THREADS=2 /usr/bin/time -f '%U %S' -o bench-data/cpu.txt "$BIN" project --input "$data" --method tsne --output "$map" --json)
      fi
      quality=$("$PY" "$PEERS" quality --data "$data" --embedding "$map" 2>/dev/null)
      cpu=$(awk '{print $1 + $2}' bench-data/cpu.txt)
      "$PY" - "$who" "$n" "$round" "$fit" "$quality" "$cpu" >> "$OUT" <<'EOF'
import json, sys
who, n, rnd, fit, quality, cpu = sys.argv[1:]
fit, quality = json.loads(fit), json.loads(quality)
print(json.dumps({"who": who, "n": int(n), "round": int(rnd), "wall_s": fit["wall_s"],
                  "cpu_s": float(cpu),
                  "kl_divergence": fit.get("kl_divergence"),
                  "trustworthiness": quality["trustworthiness"],
                  "knn_preservation": quality["knn_preservation"]}))
EOF
      tail -n 1 "$OUT"
    done
  done
done
uptime | tee -a bench-data/tsne_vs_opentsne.load
"$PY" - "$OUT" <<'EOF'
import json, statistics as st, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
for n in sorted({r["n"] for r in rows}):
    med = {w: {k: st.median(r[k] for r in rows if r["n"] == n and r["who"] == w)
               for k in ("wall_s", "cpu_s", "trustworthiness", "knn_preservation")}
           for w in ("opentsne", "embedscope")}
    o, e = med["opentsne"], med["embedscope"]
    print(f"n={n}: openTSNE {o['wall_s']:.1f} s ({o['cpu_s']:.1f} s CPU), "
          f"T {o['trustworthiness']:.4f}, P {o['knn_preservation']:.4f} | "
          f"embedscope {e['wall_s']:.1f} s ({e['cpu_s']:.1f} s CPU), "
          f"T {e['trustworthiness']:.4f}, P {e['knn_preservation']:.4f} | "
          f"speed-up {o['wall_s'] / e['wall_s']:.2f}x wall, {o['cpu_s'] / e['cpu_s']:.2f}x CPU")
EOF
