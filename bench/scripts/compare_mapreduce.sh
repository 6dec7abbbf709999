#!/usr/bin/env bash
# Local mode and MapReduce mode (LocalJobRunner) side by side on the same tables: linear search of N
# docs x NQ queries, run alternately REPEAT times; prints each run's wall time, the ratio of the best
# times, and whether the two output partitions are identical. Then the memory test: a JVM with
# SMALL_HEAP runs BIG docs, which local mode refuses and MapReduce completes in shards.
# Settings (environment): N=100000 NQ=10000 DIM=128 REPEAT=2 BIG=1000000 SMALL_HEAP=240m DATA=/tmp/proxima-bench-data
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
N=${N:-100000}; NQ=${NQ:-10000}; DIM=${DIM:-128}; REPEAT=${REPEAT:-2}; BIG=${BIG:-1000000}; SMALL_HEAP=${SMALL_HEAP:-240m}
DATA=${DATA:-/tmp/proxima-bench-data}
export PROXIMA_HOME="$DATA/mr-home"
PC="$ROOT/bin/proxima-ce"
mkdir -p "$DATA"
base="$DATA/gmm_${N}x${DIM}_base.fvecs"; query="$DATA/gmm_${NQ}x${DIM}_query.fvecs"; big="$DATA/gmm_${BIG}x${DIM}_base.fvecs"
[ -f "$base" ] || "$ROOT/bin/proxima-bench" gen --kind gmm --n "$N" --dim "$DIM" --seed 1 --out "$base"
[ -f "$query" ] || "$ROOT/bin/proxima-bench" gen --kind gmm --n "$NQ" --dim "$DIM" --seed 2 --out "$query"
[ -f "$big" ] || "$ROOT/bin/proxima-bench" gen --kind gmm --n "$BIG" --dim "$DIM" --seed 3 --out "$big"
rm -rf "$PROXIMA_HOME" "$DATA/mr-volume"
"$ROOT/bin/proxima-bench" import-table --fvecs "$base" --table doc >/dev/null 2>&1
"$ROOT/bin/proxima-bench" import-table --fvecs "$query" --table query >/dev/null 2>&1
"$PC" vfs -create vol -storage_provider local -url "file://$DATA/mr-volume" -acd true >/dev/null 2>&1
common=(-doc_table doc -doc_table_partition 1 -query_table query -query_table_partition 1 -data_type float -dimension "$DIM"
  -topk 10 -algo_model linear -external_volume vol -owner_id bench -pk_type int64)

now() { date +%s.%N; }
best_local=999999; best_mr=999999
for i in $(seq "$REPEAT"); do
  for mode in local mapreduce; do
    t0=$(now); "$PC" run "${common[@]}" -output_table "out_$mode" -output_table_partition 1 -mode "$mode" >/dev/null 2>&1; t1=$(now)
    s=$(echo "$t1 - $t0" | bc); echo "run $i $mode: ${s} s"
    if [ "$mode" = local ]; then best_local=$(echo "if ($s < $best_local) $s else $best_local" | bc)
    else best_mr=$(echo "if ($s < $best_mr) $s else $best_mr" | bc); fi
  done
done
echo "best: local ${best_local} s, mapreduce ${best_mr} s, ratio $(echo "scale=2; $best_mr / $best_local" | bc)"
a=$("$PC" table show out_local pt=1 --format csv --limit 100000000 2>/dev/null | md5sum)
b=$("$PC" table show out_mapreduce pt=1 --format csv --limit 100000000 2>/dev/null | md5sum)
[ "$a" = "$b" ] && echo "outputs identical, row for row" || { echo "OUTPUTS DIFFER"; exit 1; }

"$ROOT/bin/proxima-bench" import-table --fvecs "$big" --table big >/dev/null 2>&1
bigopts=(-doc_table big -doc_table_partition 1 "${common[@]:4}" -job_mode train:build:seek:recall)
echo "-Xmx$SMALL_HEAP, $BIG docs, -mode local:"
PROXIMA_JAVA_OPTS="-Xmx$SMALL_HEAP" "$PC" run "${bigopts[@]}" -output_table big_local -output_table_partition 1 -mode local 2>&1 | grep error || true
echo "-Xmx$SMALL_HEAP, $BIG docs, -mode auto:"
PROXIMA_JAVA_OPTS="-Xmx$SMALL_HEAP" "$PC" run "${bigopts[@]}" -output_table big_auto -output_table_partition 1 2>&1 \
  | grep -E 'plan: mapreduce|^OK|^Recall|^ran as'
