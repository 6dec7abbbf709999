#!/usr/bin/env bash
# Resume after kill -9 (README "Resuming a run"): the same `proxima-ce run` command three times on one
# fresh home, hnsw on gmm vectors.
#   A   uninterrupted: the reference stage times and output;
#   B   killed with kill -9 as soon as its log shows the seek started (its build is journaled);
#   B'  the same command again: it must resume the build and redo the seek.
# Prints each run's stage times (from report.json: seconds, status, seconds saved), the wall times,
# and the md5 of A's and B''s output (`table show --format csv`). Exit status 1 when B' did not
# resume its build or the outputs differ.
#
# The outputs can only be compared with A when the build is deterministic: hnsw on one thread is
# (the graph files come out byte for byte equal), on more threads it is not (issue L). With
# THREADS > 1 the script also keeps B''s index (-clean_build_volume false on all three runs) and
# compares B''s output with a seek-only run (-job_mode seek) over that index instead.
#
# Settings (environment): N=300000 Q=20000 THREADS=1 DIM=128 TOPK=10 KIND=gmm
#   DATA=/tmp/proxima-resume-bench (vectors, the home, logs; removed at the end unless KEEP=1)
#   PROXIMA_JAVA_OPTS passes JVM options (e.g. -Xmx8g) to every command.
# Measured 2026-11-30 on 2 loaded cores (load 4-6), N=300000 Q=20000 THREADS=1: A build 193.4 s,
# seek 5.8 s, wall 208.6 s; B' build 0.09 s (resumed, 160.8 s saved), seek 9.6 s, wall 21.4 s; md5s equal.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
N=${N:-300000}; Q=${Q:-20000}; THREADS=${THREADS:-1}; DIM=${DIM:-128}; TOPK=${TOPK:-10}; KIND=${KIND:-gmm}
DATA=${DATA:-/tmp/proxima-resume-bench}
CE="$ROOT/bin/proxima-ce"; BENCH="$ROOT/bin/proxima-bench"
HOME_DIR="$DATA/home"; LOGS="$DATA/logs"
rm -rf "$HOME_DIR" "$LOGS"; mkdir -p "$DATA" "$LOGS"

docs="$DATA/${KIND}_${N}x${DIM}_docs.fvecs"; queries="$DATA/${KIND}_${Q}x${DIM}_queries.fvecs"
[ -f "$docs" ] || "$BENCH" gen --kind "$KIND" --n "$N" --dim "$DIM" --seed 1 --out "$docs" 2>&1 | grep -vE '^(WARNING|log4j:WARN)'
[ -f "$queries" ] || "$BENCH" gen --kind "$KIND" --n "$Q" --dim "$DIM" --seed 2 --out "$queries" 2>&1 | grep -vE '^(WARNING|log4j:WARN)'
"$BENCH" import-table --home "$HOME_DIR" --fvecs "$docs" --table doc --partition 1 2>&1 | grep -vE '^(WARNING|log4j:WARN)'
"$BENCH" import-table --home "$HOME_DIR" --fvecs "$queries" --table query --partition 1 2>&1 | grep -vE '^(WARNING|log4j:WARN)'
"$CE" --home "$HOME_DIR" vfs -create vol -storage_provider local -url "file://$HOME_DIR/volumes/vol" -acd true 2>&1 \
  | grep -vE '^(WARNING|log4j:WARN)'

keep=true; [ "$THREADS" -gt 1 ] && keep=false
run_args=(-doc_table doc -doc_table_partition 1 -query_table query -query_table_partition 1
  -output_table out -output_table_partition 1 -data_type float -dimension "$DIM" -topk "$TOPK"
  -algo_model hnsw -threads "$THREADS" -external_volume vol -owner_id bench)
[ "$keep" = false ] && run_args+=(-clean_build_volume false)
report="$HOME_DIR/volumes/vol/bench/runs/default.out/pt=1/report.json"

# run NAME: the run command, logged to $LOGS/NAME.log; its report kept as $LOGS/NAME.json
run() {
  local t0; t0=$(date +%s.%N)
  "$CE" --home "$HOME_DIR" run "${run_args[@]}" "${@:2}" > "$LOGS/$1.log" 2>&1
  awk -v a="$(date +%s.%N)" -v b="$t0" 'BEGIN { printf "%.2f\n", a - b }' > "$LOGS/$1.wall"
  cp "$report" "$LOGS/$1.json"
  grep -E '^(OK|Recall)' "$LOGS/$1.log" | sed "s/^/$1: /"
}
out_md5() { "$CE" --home "$HOME_DIR" table show out pt=1 --format csv 2>/dev/null | md5sum | cut -d' ' -f1; }

echo "== $(uptime)"
echo "== A: uninterrupted"
run A
md5_a=$(out_md5)

echo "== B: killed with kill -9 once the seek starts"
t0=$(date +%s.%N)
: > "$LOGS/B.log"   # exists before the poll below reads it
"$CE" --home "$HOME_DIR" run "${run_args[@]}" > "$LOGS/B.log" 2>&1 &
pid=$!   # the launcher execs java: this is the JVM
while kill -0 "$pid" 2>/dev/null && ! grep -qE '^[0-9:]+ INFO +seek:' "$LOGS/B.log"; do sleep 0.1; done
if ! kill -9 "$pid" 2>/dev/null; then
  echo "B finished before the seek started; nothing to resume" >&2; exit 1
fi
wait "$pid" 2>/dev/null || true
awk -v a="$(date +%s.%N)" -v b="$t0" 'BEGIN { printf "%.2f\n", a - b }' > "$LOGS/B.wall"
echo "B: killed after $(cat "$LOGS/B.wall") s at: $(grep -E 'INFO +seek:' "$LOGS/B.log" | head -1)"
grep -E 'INFO +build: built' "$LOGS/B.log" | sed 's/^/B: /'

echo "== B': the same command again"
echo "== $(uptime)"
run "B'"
md5_b=$(out_md5)
grep -E 'resumed' "$LOGS/B'.log" | grep -v '^OK' | sed "s/^/B': /"

status=0
grep -qE '^OK: .*build [0-9.]+ s \(resumed\)' "$LOGS/B'.log" || { echo "B' did not resume its build" >&2; status=1; }
if [ "$keep" = false ]; then
  echo "== C: seek-only over B''s kept index (THREADS > 1: builds differ, so A's output is no reference)"
  run C -job_mode seek
  md5_ref=$(out_md5); ref=C
else
  md5_ref=$md5_a; ref=A
fi

python3 - "$LOGS" A "B'" <<'PYEOF'
import json, sys, os
logs, names = sys.argv[1], sys.argv[2:]
reports = {n: json.load(open(os.path.join(logs, n + ".json"))) for n in names}
stages = list(dict.fromkeys(s for r in reports.values() for s in r["stageStatus"]))
print("\n%-7s %s %10s" % ("stage", " ".join("%22s" % n for n in names), "saved"))
for s in stages:
    cells = []
    for n in names:
        st = reports[n]["stageStatus"].get(s)
        cells.append("%22s" % ("-" if st is None else "%.2f s %s" % (st["seconds"], st["status"])))
    saved = reports[names[-1]]["stageStatus"].get(s, {}).get("savedSeconds", 0.0)
    print("%-7s %s %8.2f s" % (s, " ".join(cells), saved))
walls = {n: float(open(os.path.join(logs, n + ".wall")).read()) for n in names}
print("%-7s %s" % ("wall", " ".join("%22s" % ("%.2f s" % walls[n]) for n in names)))
print("%-7s %s" % ("recall", " ".join("%22s" % reports[n].get("recall", {}).get("at%s" % reports[n]["options"]["-topk"], "-")
                                     for n in names)))
PYEOF
echo "B (killed) wall: $(cat "$LOGS/B.wall") s"
echo "md5 A:  $md5_a"
[ "$ref" = A ] || echo "md5 $ref:  $md5_ref (the reference)"
echo "md5 B': $md5_b"
if [ "$md5_ref" = "$md5_b" ]; then echo "outputs: $ref and B' identical"; else echo "outputs: DIFFER" >&2; status=1; fi
echo "== $(uptime)"
[ "${KEEP:-0}" = 1 ] || rm -rf "$DATA"
exit $status
