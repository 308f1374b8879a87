#!/usr/bin/env bash
# Layering rules from ARCHITECTURE §1 that the compiler does not check.
set -euo pipefail
cd "$(dirname "$0")/.."
fail=0
if grep -rlE '\b(egui|eframe|egui_plot|rfd)::' src --include='*.rs' | grep -v '^src/gui/' ; then
  echo "check: only src/gui/ may use egui/eframe/egui_plot/rfd (files above)"; fail=1
fi
if grep -rlE '\brusqlite::' src --include='*.rs' | grep -v '^src/store/' ; then
  echo "check: only src/store/ may use rusqlite (files above)"; fail=1
fi
for pure in embed index project; do
  if grep -rnE 'std::(fs|thread|net)::' "src/$pure" 2>/dev/null; then
    echo "check: src/$pure must be pure (no I/O or threads)"; fail=1
  fi
done
# Floors below the pipeline take Progress/Cancel from src/progress.rs, never from above.
if grep -rnE 'crate::(pipeline|store|gui|cli|report)\b' src/data src/text src/embed src/index src/project src/progress.rs 2>/dev/null; then
  echo "check: data, text, embed, index and project must not import a higher floor"; fail=1
fi
if grep -rnE 'crate::(gui|cli)\b' src/report src/data 2>/dev/null; then
  echo "check: src/report and src/data must not import gui or cli"; fail=1
fi
# The compute floors never name the workspace: no store/rusqlite in their code, and not through
# error.rs or the pipeline's error (error.rs once re-exported StoreError, so every compute module
# depended on the store through PipelineError).
# The store's error meets the compute error in pipeline::PipelineError. Comment lines are skipped;
# a `store` module of their own (index/hnsw/store.rs: vector rows) is not the workspace.
compute=(src/data src/embed src/index src/project src/text src/eval src/recommend
         src/progress.rs src/error.rs src/error src/rng.rs)
if grep -rnE '(\b(crate|embedscope)::store\b|\brusqlite\b|\bStore(Error|Warning)\b|\bPipelineError\b|crate::\{[^}]*\bstore\b)' \
    "${compute[@]}" 2>/dev/null | grep -vE '^[^:]+:[0-9]+:[[:space:]]*//'; then
  echo "check: data, embed, index, project, text, eval, recommend, progress, error and rng must not name store or rusqlite (lines above)"; fail=1
fi
exit $fail
