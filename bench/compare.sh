#!/bin/bash
# HSU beside supervisord, PM2 and runit in one run of the shared/bench scenarios (the figures of the
# foundation and log issues): start 500, restart after kill -9, idle overhead, tree stop, plus HSU
# without cgroups, and log throughput for HSU's two file modes.
# usage: bench/compare.sh [SHARED_BENCH_DIR]   env: HSU_HOME (default: this project), OUT
set -u
here=$(cd "$(dirname "$0")" && pwd)
export HSU_HOME=${HSU_HOME:-$(dirname "$here")}
cd "${1:-$here/../../shared/bench}" || exit 2
OUT=${OUT:-/tmp/svbench-results/hsu-compare-$(date -u +%Y%m%dT%H%M%SZ)}; mkdir -p "$OUT"
export RESULTS_TSV=$OUT/metrics.tsv; : >"$RESULTS_TSV"
echo "loadavg_before: $(cat /proc/loadavg)" >"$OUT/env.txt"
for p in "$here/peer-hsu.sh" supervisord pm2 runit; do
  n=${p##*/}; n=${n%.sh}
  NS=500 RUNS=2 ./s1-startup.sh "$p" >"$OUT/$n.startup.log" 2>&1
  ./s2-restart.sh "$p" >"$OUT/$n.restart.log" 2>&1
  ./s3-overhead.sh "$p" >"$OUT/$n.overhead.log" 2>&1
  ./s5-tree.sh "$p" >"$OUT/$n.tree.log" 2>&1
done
p=$here/peer-hsu-nocgroups.sh; n=peer-hsu-nocgroups
NS=500 RUNS=2 ./s1-startup.sh "$p" >"$OUT/$n.startup.log" 2>&1
./s2-restart.sh "$p" >"$OUT/$n.restart.log" 2>&1
./s3-overhead.sh "$p" >"$OUT/$n.overhead.log" 2>&1
for p in "$here/peer-hsu-logmode.sh" "$here/peer-hsu.sh" supervisord pm2; do
  n=${p##*/}; n=${n%.sh}
  RUNS=1 ./s4-logs.sh "$p" >"$OUT/$n.logs.log" 2>&1
done
echo "loadavg_after: $(cat /proc/loadavg)" >>"$OUT/env.txt"
./summarize.sh "$RESULTS_TSV" | tee "$OUT/table.md"
echo "results in $OUT" >&2
