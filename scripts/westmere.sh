#!/usr/bin/env bash
# Does the default build run on an x86-64 CPU without AVX? Runs the binary under user-mode QEMU
# emulating an Intel Westmere (2010: SSE4.2, no AVX / AVX2 / FMA), where any AVX instruction
# outside a run-time-dispatched kernel stops it with SIGILL. Each command also runs natively
# (AVX2 + FMA kernels on a recent CPU) and the answers must agree (or, for t-SNE, whose path
# depends on rounding, be a finite map of the right shape; the text model must match the
# sentence-transformers reference of its fixture). Any failing command fails the script.
#
#   scripts/westmere.sh            # builds and checks the release binary (a cold build: minutes)
#   scripts/westmere.sh dev        # the dev profile (quicker to build, slower to run)
#   BIN=path/to/embedscope scripts/westmere.sh   # checks a binary already built (no build)
#
# The default build targets the x86-64 baseline (.cargo/config.toml sets no target-cpu), so this
# checks the very binary `cargo build --release` makes, in the usual target folder; RUSTFLAGS
# from the environment are cleared so a local "-C target-cpu=native" cannot hide a problem.
# That it can fail: a binary built with RUSTFLAGS="-C target-cpu=x86-64-v3" dies on the first
# command with SIGILL (exit 132). About 1–2 minutes of emulation on the release build.
# Needs qemu-user (Debian/Ubuntu: apt install qemu-user) and python3; installs nothing.
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
if [ -n "${BIN:-}" ]; then
  bin="$BIN"
  [ -x "$bin" ] || { echo "westmere: no binary at $bin" >&2; exit 2; }
else
  if grep -v "^[[:space:]]*#" .cargo/config.toml 2>/dev/null | grep -q "target-cpu"; then
    echo "westmere: .cargo/config.toml sets a target-cpu; the default build must target the baseline" >&2
    exit 1
  fi
  unset RUSTFLAGS CARGO_ENCODED_RUSTFLAGS
  cargo build --profile "$profile" --locked --bin embedscope
  bin="${CARGO_TARGET_DIR:-target}/$dir/embedscope"
fi
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT

# Run `embedscope ARGS` natively and under QEMU; keep both outputs as NAME.native / NAME.westmere.
# An ARG starting with @ names an output file: NAME.native.npy / NAME.westmere.npy in $out.
both() {
  local name="$1"
  shift
  local native=() emulated=() a
  for a in "$@"; do
    case "$a" in
      @*) native+=("$out/${a#@}.native.npy"); emulated+=("$out/${a#@}.westmere.npy") ;;
      *) native+=("$a"); emulated+=("$a") ;;
    esac
  done
  "$bin" --no-workspace "${native[@]}" > "$out/$name.native"
  local start=$SECONDS status=0
  qemu-x86_64 -cpu Westmere "$bin" --no-workspace "${emulated[@]}" > "$out/$name.westmere" || status=$?
  if [ "$status" -ne 0 ]; then
    if [ "$status" -eq 132 ]; then
      echo "westmere: '$*' died with SIGILL (an illegal instruction: AVX outside a dispatched kernel?)" >&2
    else
      echo "westmere: '$*' failed on the emulated Westmere CPU (exit $status)" >&2
    fi
    exit 1
  fi
  echo "westmere: ok  $* ($((SECONDS - start)) s emulated)"
}

# The text model fixture's texts, but its empty one (the CLI refuses an empty line).
python3 -c 'import json, sys; print("\n".join(t for t in json.load(open(sys.argv[1])) if t))' \
  tests/fixtures/text_models/bert_cls/texts.json > "$out/texts.txt"

both run run sample_data/cafes --json
both neighbours neighbours sample_data/cafes --item c001 --k 5 --json
both als recommend sample_data/cafes --user u01 --method als --json
both als_streaming eval sample_data/streaming --methods als,popularity --factors 8 --iterations 3 --json
both tsne project --input tests/fixtures/pca/x.npy --method tsne --iterations 400 --output @tsne
both embed embed --model tests/fixtures/text_models/bert_cls --input "$out/texts.txt" --output @embed --json
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

# ALS on the streaming sample: the rankings may differ in a tie or two (FMA rounds differently),
# so the metrics must be sane and close rather than equal.
def metrics(doc, path=""):
    if isinstance(doc, dict):
        for k, v in doc.items():
            yield from metrics(v, f"{path}.{k}")
    elif isinstance(doc, list):
        for i, v in enumerate(doc):
            yield from metrics(v, f"{path}[{i}]")
    elif isinstance(doc, float) and not path.endswith(("_ms", "_secs", "_us", "seconds")):
        yield path, doc
native = dict(metrics(json.loads((out / "als_streaming.native").read_text())))
westmere = dict(metrics(json.loads((out / "als_streaming.westmere").read_text())))
if native.keys() != westmere.keys() or not native:
    sys.exit("westmere: als_streaming: the two reports differ in shape")
for k, a in native.items():
    b = westmere[k]
    if not (math.isfinite(a) and math.isfinite(b)):
        sys.exit(f"westmere: als_streaming{k}: {a} vs {b} (not finite)")
    if "recall" in k or "ndcg" in k or "precision" in k:
        if not 0.0 <= b <= 1.0 or abs(a - b) > 0.01:
            sys.exit(f"westmere: als_streaming{k}: {a} (native) vs {b} (Westmere)")
print(f"westmere: ALS on the streaming sample: {len(native)} numbers agree within 0.01")

def npy(path):
    import ast, struct
    raw = path.read_bytes()
    if raw[:6] != b"\x93NUMPY":
        sys.exit(f"westmere: {path.name}: not a .npy file")
    hlen = struct.unpack("<H", raw[8:10])[0]
    header = ast.literal_eval(raw[10:10 + hlen].decode("latin1"))
    if header["descr"] != "<f4" or header["fortran_order"]:
        sys.exit(f"westmere: {path.name}: expected little-endian float32, C order")
    shape = header["shape"]
    n = math.prod(shape)
    return shape, struct.unpack(f"<{n}f", raw[10 + hlen:10 + hlen + 4 * n])

for build in ["native", "westmere"]:
    shape, v = npy(out / f"tsne.{build}.npy")
    if shape != (400, 2) or not all(math.isfinite(x) for x in v) or max(map(abs, v)) == 0:
        sys.exit(f"westmere: t-SNE map ({build}): shape {shape}, not a finite 400 x 2 map")
fixture = pathlib.Path("tests/fixtures/text_models/bert_cls")
(rows, dim), want = npy(fixture / "expected.npy")
kept = [i for i, t in enumerate(json.loads((fixture / "texts.json").read_text())) if t]
want = [want[i * dim + j] for i in kept for j in range(dim)]
for build in ["native", "westmere"]:
    shape, got = npy(out / f"embed.{build}.npy")
    worst = max(abs(a - b) for a, b in zip(got, want))
    if shape != (len(kept), dim) or worst > 1e-4:
        sys.exit(f"westmere: text model ({build}): shape {shape}, worst difference {worst:.2e} from sentence-transformers")
json.loads((out / "embed.westmere").read_text())
print("westmere: t-SNE maps finite; the text model matches sentence-transformers within 1e-4 on both")
for line in (out / "bench.westmere").read_text().splitlines():
    for r in json.loads(line)["results"]:
        print(f"westmere: bench {r['name']} under emulation: {r['detail']}")
print("westmere: native and emulated Westmere answers agree")
PY
