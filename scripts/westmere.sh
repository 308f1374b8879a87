#!/usr/bin/env bash
# Does the default build run on an x86-64 CPU without AVX? Runs the binary under user-mode QEMU
# emulating an Intel Westmere (2010: SSE4.2, no AVX / AVX2 / FMA), where any AVX instruction
# outside a run-time-dispatched kernel would stop it with SIGILL. Each command also runs
# natively (AVX2 + FMA kernels on a recent CPU) and both answers must agree.
#
#   scripts/westmere.sh            # builds and checks the release binary (a cold build: minutes)
#   scripts/westmere.sh dev        # the dev profile (quicker to build, slower to run)
#
# The default build targets the x86-64 baseline (.cargo/config.toml sets no target-cpu), so this
# checks the very binary `cargo build --release` makes, in the usual target folder; RUSTFLAGS
# from the environment are cleared so a local "-C target-cpu=native" cannot hide a problem.
# Needs qemu-user (Debian/Ubuntu: apt install qemu-user) and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
profile="${1:-release}"
case "$profile" in
  release) dir=release ;;
  dev) dir=debug ;;
  *) echo "usage: $0 [release|dev]" >&2; exit 2 ;;
esac
if ! command -v qemu-x86_64 >/dev/null; then
  echo "westmere: needs qemu-x86_64 (apt install qemu-user)" >&2
  exit 2
fi
if grep -v "^[[:space:]]*#" .cargo/config.toml 2>/dev/null | grep -q "target-cpu"; then
  echo "westmere: .cargo/config.toml sets a target-cpu; the default build must target the baseline" >&2
  exit 1
fi
unset RUSTFLAGS CARGO_ENCODED_RUSTFLAGS
cargo build --profile "$profile" --locked --bin embedscope
bin="${CARGO_TARGET_DIR:-target}/$dir/embedscope"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

# Run `embedscope ARGS` natively and under QEMU; keep both outputs as NAME.native / NAME.westmere.
both() {
  local name="$1"
  shift
  "$bin" --no-workspace "$@" > "$out/$name.native"
  local start=$SECONDS
  if ! qemu-x86_64 -cpu Westmere "$bin" --no-workspace "$@" > "$out/$name.westmere"; then
    echo "westmere: '$*' failed on the emulated Westmere CPU" >&2
    exit 1
  fi
  echo "westmere: ok  $* ($((SECONDS - start)) s emulated)"
}

both run run sample_data/cafes --json
both neighbours neighbours sample_data/cafes --item c001 --k 5 --json
both als recommend sample_data/cafes --user u01 --method als --json
both bench bench --quick --only knn-single,knn-exact,hnsw --json

# The answers must agree: the same neighbours (ids), values within 1e-4 (the FMA kernels round
# differently), the same recall; timings are left out.
python3 - "$out" <<'PY'
import json, math, sys, pathlib
out = pathlib.Path(sys.argv[1])
SKIP = {"elapsed_ms", "elapsed_secs", "value", "detail", "ms", "secs", "seconds", "timings"}

def same(a, b, path):
    if isinstance(a, dict) and isinstance(b, dict):
        if a.keys() != b.keys():
            sys.exit(f"westmere: {path}: keys differ")
        for k in a:
            if k not in SKIP and not k.endswith(("_ms", "_secs", "_us")):
                same(a[k], b[k], f"{path}.{k}")
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            sys.exit(f"westmere: {path}: {len(a)} vs {len(b)} entries")
        for i, (x, y) in enumerate(zip(a, b)):
            same(x, y, f"{path}[{i}]")
    elif isinstance(a, float) or isinstance(b, float):
        if not math.isclose(a, b, rel_tol=1e-4, abs_tol=1e-4):
            sys.exit(f"westmere: {path}: {a} (native) vs {b} (Westmere)")
    elif a != b:
        sys.exit(f"westmere: {path}: {a!r} (native) vs {b!r} (Westmere)")

for name in ["run", "neighbours", "als"]:
    native = json.loads((out / f"{name}.native").read_text())
    westmere = json.loads((out / f"{name}.westmere").read_text())
    same(native, westmere, name)
for line in (out / "bench.westmere").read_text().splitlines():
    for r in json.loads(line)["results"]:
        print(f"westmere: bench {r['name']} under emulation: {r['detail']}")
print("westmere: native and emulated Westmere answers agree")
PY
