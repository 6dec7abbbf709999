#!/usr/bin/env bash
# Exact kNN side by side on the same .fvecs files and thread count: proxima-ce's linear search
# (bin/proxima-bench knn) and Faiss's IndexFlat (faiss_knn.py), for squared L2 and inner product.
# Prints each JSON line, then the ratios. Faiss's answer is the ground truth for our recall.
#
# Needs Debian's python3-faiss and an optimized BLAS (Faiss calls sgemm; the reference BLAS is ~20x slower):
#   apt-get install python3-faiss libopenblas0-pthread
# Settings (environment): N=100000 NQ=10000 DIM=128 K=10 THREADS=2 KIND=gmm|uniform DATA=/tmp/proxima-bench-data
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
N=${N:-100000}; NQ=${NQ:-10000}; DIM=${DIM:-128}; K=${K:-10}; THREADS=${THREADS:-2}; KIND=${KIND:-gmm}
DATA=${DATA:-/tmp/proxima-bench-data}
PY=${PYTHON:-/usr/bin/python3}
mkdir -p "$DATA"
base="$DATA/${KIND}_${N}x${DIM}_base.fvecs"
query="$DATA/${KIND}_${NQ}x${DIM}_query.fvecs"
[ -f "$base" ] || "$ROOT/bin/proxima-bench" gen --kind "$KIND" --n "$N" --dim "$DIM" --seed 1 --out "$base"
[ -f "$query" ] || "$ROOT/bin/proxima-bench" gen --kind "$KIND" --n "$NQ" --dim "$DIM" --seed 2 --out "$query"

# Debian's OpenBLAS picks an old SSE3 kernel on some AVX-512 CPUs unless told the core type.
if [ -z "${OPENBLAS_CORETYPE:-}" ]; then
  if grep -q avx512_bf16 /proc/cpuinfo; then export OPENBLAS_CORETYPE=Cooperlake
  elif grep -q avx512f /proc/cpuinfo; then export OPENBLAS_CORETYPE=SkylakeX; fi
fi

field() { "$PY" -c "import json,sys; print(json.loads(sys.argv[1])[sys.argv[2]])" "$1" "$2"; }

for metric in l2 ip; do
  gt="$DATA/gt_${KIND}_${N}_${NQ}_${DIM}_${metric}_k${K}.ivecs"
  faiss=$("$PY" "$ROOT/bench/scripts/faiss_knn.py" --base "$base" --query "$query" --k "$K" --metric "$metric" \
    --threads "$THREADS" --gt-out "$gt")
  ours=$("$ROOT/bin/proxima-bench" knn --base "$base" --query "$query" --gt "$gt" --k "$K" --metric "$metric" \
    --threads "$THREADS" --repeat 2 2>/dev/null)
  echo "$faiss"
  echo "$ours"
  first=$(echo "$ours" | head -n 1)
  second=$(echo "$ours" | tail -n 1)
  fs=$(field "$faiss" search_s)
  "$PY" - "$metric" "$fs" "$(field "$first" search_s)" "$(field "$second" search_s)" \
    "$(field "$faiss" load_s)" "$(field "$faiss" build_s)" "$(field "$first" load_s)" "$(field "$first" build_s)" \
    "$(field "$first" recall)" <<'PYEOF'
import sys
m, fs, o1, o2, fl, fb, ol, ob, rec = sys.argv[1], *map(float, sys.argv[2:])
print(f"{m}: faiss search {fs:.2f} s; proxima-ce first search {o1:.2f} s (with JIT warm-up), second {o2:.2f} s; "
      f"faiss/ours = {fs / o1:.2f}x (first), {fs / o2:.2f}x (second); end to end (load+build+search) "
      f"{(fl + fb + fs) / (ol + ob + o1):.2f}x; our recall against faiss {rec:.4f}")
PYEOF
done
