#!/usr/bin/env bash
# Is the default build (x86-64 baseline + run-time AVX2/FMA dispatch) as fast as a build for
# x86-64-v3 on this machine? Runs `embedscope bench` with both binaries interleaved — A B A B … —
# so that the load of a shared machine falls on both alike, and prints each benchmark's median
# per build and the ratio baseline / v3 (above 1: the baseline build is slower).
#
#   bench/baseline_vs_v3.sh [ROUNDS] [BENCHES]
#       ROUNDS   rounds of A then B (default 3)
#       BENCHES  comma-separated `bench --only` list (default: the timed ones; memory-1m measures
#                bytes, not speed, and is left out)
#   BASE_BIN=… V3_BIN=… bench/baseline_vs_v3.sh   # take two binaries already built
#   THREADS=2 (default): rayon threads of both
#
# Without BASE_BIN / V3_BIN it builds both: `cargo build --release` (the default build) and the
# same with RUSTFLAGS="-C target-cpu=x86-64-v3" into target-v3/ (a full release build of every
# dependency, about 2 GB: delete target-v3/ afterwards). Per-round JSON and the summary go to
# OUT (default a new temporary folder, printed at the end). Needs python3.
set -euo pipefail
cd "$(dirname "$0")/.."
rounds="${1:-3}"
only="${2:-knn-exact,knn-single,hnsw,pca,start-wide,tsne,map-frame-100k,map-frame-1m}"
threads="${THREADS:-2}"
out="${OUT:-$(mktemp -d)}"
mkdir -p "$out"

if [ -z "${BASE_BIN:-}" ]; then
  (unset RUSTFLAGS CARGO_ENCODED_RUSTFLAGS; cargo build --release --locked --bin embedscope)
  BASE_BIN="${CARGO_TARGET_DIR:-target}/release/embedscope"
fi
if [ -z "${V3_BIN:-}" ]; then
  RUSTFLAGS="-C target-cpu=x86-64-v3" cargo build --release --locked --bin embedscope --target-dir target-v3
  V3_BIN=target-v3/release/embedscope
fi
for b in "$BASE_BIN" "$V3_BIN"; do
  [ -x "$b" ] || { echo "baseline_vs_v3: no binary at $b" >&2; exit 2; }
done

echo "load before: $(uptime)" | tee "$out/load.txt"
for r in $(seq 1 "$rounds"); do
  for build in base v3; do
    if [ "$build" = base ]; then bin="$BASE_BIN"; else bin="$V3_BIN"; fi
    start=$SECONDS
    RAYON_NUM_THREADS="$threads" "$bin" --no-workspace bench --only "$only" --json \
      > "$out/$build.$r.json"
    echo "round $r $build: $((SECONDS - start)) s   (load $(cut -d" " -f1-3 /proc/loadavg))"
  done
done
echo "load after: $(uptime)" | tee -a "$out/load.txt"

python3 - "$out" "$rounds" <<'PY' | tee "$out/summary.txt"
import json, pathlib, statistics, sys
out, rounds = pathlib.Path(sys.argv[1]), int(sys.argv[2])
runs = {"base": [], "v3": []}
for build in runs:
    for r in range(1, rounds + 1):
        doc = json.loads((out / f"{build}.{r}.json").read_text())
        runs[build].append({x["name"]: (x["value"], x["unit"]) for x in doc["results"]})
names = list(runs["base"][0])
print(f"{'bench':<16}{'unit':<16}{'baseline median':>16}{'v3 median':>12}{'base/v3':>9}   all baseline | all v3")
for n in names:
    unit = runs["base"][0][n][1] or ""
    a = [r[n][0] for r in runs["base"]]
    b = [r[n][0] for r in runs["v3"]]
    ma, mb = statistics.median(a), statistics.median(b)
    # Times: above 1 means the baseline build is slower. Rates (per second): inverted likewise.
    ratio = mb / ma if "/s" in unit or "per s" in unit else ma / mb
    fa = " ".join(f"{v:.4g}" for v in a)
    fb = " ".join(f"{v:.4g}" for v in b)
    print(f"{n:<16}{unit:<16}{ma:>16.4g}{mb:>12.4g}{ratio:>9.3f}   {fa} | {fb}")
PY
echo "per-round JSON and summary in $out"
