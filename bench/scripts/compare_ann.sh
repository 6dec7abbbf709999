#!/usr/bin/env bash
# Approximate kNN side by side on the same files: proxima-ce hnsw and qc (bin/proxima-bench knn),
# hnswlib (python3-hnswlib) and Faiss IVFFlat / HNSWFlat (python3-faiss). Build on BUILD_THREADS,
# search on one thread. Every run prints JSON lines; the summary gives, per library, the fastest
# setting at recall@10 >= 0.95 and the build time. Our exact search makes the ground truth.
#
# Needs: apt-get install python3-faiss python3-hnswlib libopenblas0-pthread
# Settings (environment): KINDS="gmm fmnist" N=100000 NQ=10000 DIM=128 K=10 BUILD_THREADS=2
#   (gmm and uniform are generated; fmnist is Fashion-MNIST, 60k x 784, from apt-get install dataset-fashion-mnist)
#   HNSW_PARAMS (ours; default: M 24, efconstruction 64, tuned to match hnswlib's M=16, efC=200)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
KINDS=${KINDS:-gmm fmnist}; N=${N:-100000}; NQ=${NQ:-10000}; DIM=${DIM:-128}; K=${K:-10}
BUILD_THREADS=${BUILD_THREADS:-2}
DATA=${DATA:-/tmp/proxima-bench-data}
PY=${PYTHON:-/usr/bin/python3}
HNSW_PARAMS=${HNSW_PARAMS:-'{"proxima.hnsw.builder.max_neighbor_count":24,"proxima.hnsw.builder.efconstruction":64}'}
EFS=${EFS:-10,16,24,32,48,64,100,200,400}
mkdir -p "$DATA"
if [ -z "${OPENBLAS_CORETYPE:-}" ] && grep -q avx512_bf16 /proc/cpuinfo; then export OPENBLAS_CORETYPE=Cooperlake; fi
out="$DATA/ann_results.jsonl"
: > "$out"

for kind in $KINDS; do
  if [ "$kind" = fmnist ]; then
    base="$DATA/fmnist_base.fvecs"
    query="$DATA/fmnist_query.fvecs"
    gt="$DATA/gt_fmnist_l2_k${K}.ivecs"
    [ -f "$base" ] || "$PY" "$ROOT/bench/scripts/fashion_mnist.py" "$DATA"
  else
    base="$DATA/${kind}_${N}x${DIM}_base.fvecs"
    query="$DATA/${kind}_${NQ}x${DIM}_query.fvecs"
    gt="$DATA/gt_${kind}_${N}_${NQ}_${DIM}_l2_k${K}.ivecs"
    [ -f "$base" ] || "$ROOT/bin/proxima-bench" gen --kind "$kind" --n "$N" --dim "$DIM" --seed 1 --out "$base" 2>/dev/null
    [ -f "$query" ] || "$ROOT/bin/proxima-bench" gen --kind "$kind" --n "$NQ" --dim "$DIM" --seed 2 --out "$query" 2>/dev/null
  fi
  [ -f "$gt" ] || "$ROOT/bin/proxima-bench" knn --base "$base" --query "$query" --k "$K" --gt-out "$gt" >/dev/null 2>&1
  tag() { "$PY" -c "import json,sys
for l in sys.stdin:
    l=l.strip()
    if l.startswith('{'):
        d=json.loads(l); d['data']='$kind'; print(json.dumps(d))"; }
  echo "== $kind: proxima-ce hnsw $HNSW_PARAMS" >&2
  "$ROOT/bin/proxima-bench" knn --base "$base" --query "$query" --gt "$gt" --k "$K" --algo hnsw --threads "$BUILD_THREADS" \
    --search-threads 1 --builder-params "$HNSW_PARAMS" --sweep "ef=$EFS" --repeat 2 2>/dev/null | tag | tee -a "$out"
  echo "== $kind: hnswlib M=16 efConstruction=200" >&2
  "$PY" "$ROOT/bench/scripts/hnswlib_knn.py" --base "$base" --query "$query" --gt "$gt" --k "$K" --threads "$BUILD_THREADS" \
    --search-threads 1 --sweep "$EFS" | tag | tee -a "$out"
  echo "== $kind: proxima-ce qc" >&2
  "$ROOT/bin/proxima-bench" knn --base "$base" --query "$query" --gt "$gt" --k "$K" --algo qc --threads "$BUILD_THREADS" \
    --search-threads 1 --sweep "scan_ratio=0.0008,0.0016,0.004,0.008,0.016,0.032,0.064,0.128" --repeat 2 2>/dev/null | tag | tee -a "$out"
  echo "== $kind: faiss IVF1024,Flat" >&2
  "$PY" "$ROOT/bench/scripts/faiss_knn.py" --base "$base" --query "$query" --gt "$gt" --k "$K" --index "IVF1024,Flat" \
    --threads "$BUILD_THREADS" --search-threads 1 --sweep 1,2,4,8,16,32,64,128 | tag | tee -a "$out"
  echo "== $kind: faiss HNSW32" >&2
  "$PY" "$ROOT/bench/scripts/faiss_knn.py" --base "$base" --query "$query" --gt "$gt" --k "$K" --index "HNSW32" \
    --threads "$BUILD_THREADS" --search-threads 1 --sweep "$EFS" | tag | tee -a "$out"
done

"$PY" - "$out" <<'PYEOF'
import json, sys
rows = [json.loads(l) for l in open(sys.argv[1])]
# proxima-ce prints each setting twice (--repeat 2): keep the warm run
rows = [r for r in rows if r.get("run", 2) == 2]
print("\n%-8s %-22s %9s %10s %8s  %s" % ("data", "library", "build_s", "qps", "recall", "setting (fastest at recall >= 0.95)"))
for data in dict.fromkeys(r["data"] for r in rows):
    for algo in dict.fromkeys(r["algo"] for r in rows if r["data"] == data):
        pts = [r for r in rows if r["data"] == data and r["algo"] == algo]
        ok = [r for r in pts if (r["recall"] or 0) >= 0.95]
        best = max(ok, key=lambda r: r["qps"]) if ok else max(pts, key=lambda r: r["recall"] or 0)
        setting = best.get("searcher_params") or ("ef=%s" % best.get("ef") if best.get("ef") else "nprobe=%s" % best.get("nprobe"))
        print("%-8s %-22s %9.1f %10d %8.4f  %s%s" % (data, algo, best["build_s"], best["qps"], best["recall"] or 0, setting,
              "" if ok else "  (never reaches 0.95)"))
PYEOF
