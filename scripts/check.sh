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
exit $fail
