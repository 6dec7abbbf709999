#!/usr/bin/env bash
# MapReduce grid seek, before and after: seek-only runs (LocalJobRunner, -column_num 4 -row_num 3, linear) of
# this checkout and of another one ($OLD, e.g. `git worktree add /tmp/mr-before a90ba79` built with
# `bin/test -o -q -DskipTests`), alternated REPEAT times over one index that this checkout builds once.
# Prints each run's wall time and the seek job's counters (query rows parsed and read), then whether the
# two outputs are identical. Measured 2026-11-30 (issue H note): N=1000000 NQ=100000, quiet machine:
# a90ba79 133.8 s, after 131.1 s; query rows parsed 1,200,000 -> 100,000; outputs identical.
#   OLD=/tmp/mr-before N=1000000 NQ=100000 REPEAT=1 bench/scripts/mr_seek_bench.sh
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
OLD=${OLD:?set OLD to another checkout of proxima-ce, built}
N=${N:-200000}; NQ=${NQ:-20000}; DIM=128; REPEAT=${REPEAT:-2}
DATA=${DATA:-/tmp/proxima-mr-seek-bench}; mkdir -p $DATA
export PROXIMA_HOME=$DATA/home
NEW=$ROOT
export PROXIMA_JAVA_OPTS="-Xmx6g"
base=$DATA/gmm_${N}.fvecs; query=$DATA/gmm_q${NQ}.fvecs
[ -f $base ] || $NEW/bin/proxima-bench gen --kind gmm --n $N --dim $DIM --seed 1 --out $base
[ -f $query ] || $NEW/bin/proxima-bench gen --kind gmm --n $NQ --dim $DIM --seed 2 --out $query
if [ ! -d $PROXIMA_HOME ]; then
  $NEW/bin/proxima-bench import-table --fvecs $base --table doc >/dev/null 2>&1
  $NEW/bin/proxima-bench import-table --fvecs $query --table query >/dev/null 2>&1
  $NEW/bin/proxima-ce vfs -create vol -storage_provider local -url "file://$DATA/volume" -acd true >/dev/null 2>&1
fi
common=(-doc_table doc -doc_table_partition 1 -query_table query -query_table_partition 1 -data_type float -dimension $DIM
  -topk 10 -algo_model linear -external_volume vol -owner_id bench -pk_type int64 -mode mapreduce -column_num 4 -row_num 3
  -clean_build_volume false)
if [ ! -f $DATA/built ]; then
  t0=$(date +%s.%N)
  $NEW/bin/proxima-ce run "${common[@]}" -job_mode build:seek -output_table out_build -output_table_partition 1 > $DATA/build.log 2>&1
  echo "build:seek (new jar): $(echo "$(date +%s.%N) - $t0" | bc) s"; touch $DATA/built
fi
for i in $(seq $REPEAT); do
  for v in old new; do
    dir=$NEW; [ $v = old ] && dir=$OLD
    t0=$(date +%s.%N)
    $dir/bin/proxima-ce run "${common[@]}" -job_mode seek -output_table out_$v -output_table_partition 1 > $DATA/seek_${v}_$i.log 2>&1
    s=$(echo "$(date +%s.%N) - $t0" | bc)
    echo "run $i $v: wall ${s} s; $(grep -oE 'seek: (job .* done in .*|parsed .*)' $DATA/seek_${v}_$i.log | tr '\n' ' ')"
  done
done
a=$($NEW/bin/proxima-ce table show out_old pt=1 --format csv --limit 100000000 2>/dev/null | md5sum)
b=$($NEW/bin/proxima-ce table show out_new pt=1 --format csv --limit 100000000 2>/dev/null | md5sum)
[ "$a" = "$b" ] && echo "outputs identical, row for row ($a)" || echo "OUTPUTS DIFFER"
