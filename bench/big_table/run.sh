#!/usr/bin/env bash
# Issue 16's larger-than-memory figures on a table made by make_table.py:
#   bench/big_table/run.sh TABLE_DIR [BIN]
# For each pass it drops the page cache first (needs root), so every pass reads from the disk:
#   1. `cat` of every part: the disk's read rate here (the reference);
#   2. `embedscope run TABLE --json`: the table does not fit, so a 2,000,000-row sample is drawn
#      in one pass (wall time, peak RSS, rate = table bytes / load time); then (not timed)
#      `export --format csv` of the same sample, for an id the query can start from;
#   3. `embedscope neighbours TABLE --item ID --whole-table --json`: the sample again, then the
#      streaming exact scan of the whole table (its rows/s × bytes a row = its read rate).
# Prints one JSON line per pass and the ratios against the `cat` rate.
set -euo pipefail
table="$1"
bin="${2:-target/release/embedscope}"
out="${OUT:-$(mktemp -d)}"
mkdir -p "$out"
bytes=$(du -cb "$table"/part-* | tail -1 | cut -f1)
rows_total=""
drop() { sync; echo 3 > /proc/sys/vm/drop_caches; }

drop
t0=$(date +%s.%N); cat "$table"/part-* > /dev/null; t1=$(date +%s.%N)
cat_s=$(python3 -c "print($t1 - $t0)")
echo "{\"pass\": \"cat\", \"bytes\": $bytes, \"seconds\": $cat_s}" | tee "$out/cat.json"

drop
/usr/bin/time -f '{"wall_s": %e, "max_rss_kb": %M, "cpu_percent": "%P"}' -o "$out/run.time" \
  "$bin" run "$table" --json --no-workspace > "$out/run.json"
cat "$out/run.time"

"$bin" export "$table" --no-workspace --format csv --out "$out/map.csv" > /dev/null
id=$(sed -n 2p "$out/map.csv" | cut -d, -f1)
# The query command draws the sample first (one more pass), then scans the whole table. The
# page cache is dropped again once the process has read the table once (its `rchar` in
# /proc/PID/io), so the scan too reads from the disk, not from what the sample pass left.
drop
/usr/bin/time -f '{"wall_s": %e, "max_rss_kb": %M, "cpu_percent": "%P"}' -o "$out/nb.time" \
  "$bin" neighbours "$table" --item "$id" --whole-table --json --no-workspace > "$out/nb.json" &
timer=$!
while kill -0 "$timer" 2>/dev/null; do
  pid=$(pgrep -P "$timer" -n || true)
  if [ -n "$pid" ] && [ "$(awk '/^rchar/ {print $2}' "/proc/$pid/io" 2>/dev/null || echo 0)" -ge "$bytes" ]; then
    drop
    echo "page cache dropped after the sample pass"
    break
  fi
  sleep 0.2
done
wait "$timer"
cat "$out/nb.time"

# The disk again, after: the host may cache part of a table it wrote recently.
drop
t0=$(date +%s.%N); cat "$table"/part-* > /dev/null; t1=$(date +%s.%N)
cat2_s=$(python3 -c "print($t1 - $t0)")
echo "{\"pass\": \"cat again\", \"seconds\": $cat2_s}"
cat_s=$(python3 -c "print(($cat_s + $cat2_s) / 2)")

python3 - "$out" "$bytes" "$cat_s" <<'PY'
import json, sys
out, nbytes, cat_s = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
disk = nbytes / cat_s
run = json.load(open(f"{out}/run.json"))
rt = json.load(open(f"{out}/run.time"))
load_s = run["timings_ms"]["load"] / 1000
print(f"disk (cat, cold, mean of before and after): {disk/1e6:,.0f} MB/s over {nbytes/1e9:.2f} GB")
print(f"sample: {run['sample']['label']}; load {load_s:.1f} s = {nbytes/load_s/1e6:,.0f} MB/s "
      f"= {nbytes/load_s/disk:.2f} of the disk rate; wall {rt['wall_s']} s; peak RSS {rt['max_rss_kb']/1e6:.2f} GB")
nb = json.load(open(f"{out}/nb.json"))
w = nb["whole_table"]
rate = nbytes * w["rows_per_s"] / w["rows_searched"]
nt = json.load(open(f"{out}/nb.time"))
print(f"whole-table query: {w['rows_searched']:,} rows in {w['seconds']:.1f} s = {rate/1e6:,.0f} MB/s "
      f"= {rate/disk:.2f} of the disk rate; peak RSS {nt['max_rss_kb']/1e6:.2f} GB")
PY
echo "outputs in $out"
