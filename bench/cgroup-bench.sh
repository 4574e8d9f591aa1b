#!/bin/bash
# The cost of cgroup placement and accounting (issue: Linux resource limits really enforced).
#
# usage: bench/cgroup-bench.sh [N]        (default N=500; env RUNS=3, ROUNDS=5, BENCH=/work/shared/bench)
#
# 1. In one warm JVM (dev.hsu.linux.internal.CgroupBenchmark, hsu-linux test classes): start N units
#    without cgroups, with the exec trampoline only, with a cgroup each (with and without the
#    accounting hierarchies), and with a cgroup and memory: 64MiB each; the time of one accounting
#    sweep over the N units; kill + cgroup removal. Medians of ROUNDS interleaved rounds.
# 2. From JVM start (`hsu run`, through the shared harness's s1-startup.sh): N units without limits
#    (a cgroup each, the default), N units with memory: 64MiB, and N units with cgroups turned off.
#    Needs a built hsu-app (bin/hsu-mvn -q -DskipTests package); runs it with this checkout's
#    hsu-linux jar in a private HSU_HOME, so another module's build is neither needed nor touched.
#
# Output: the harness's RUN/STATS/METRIC lines, then a summary of METRIC lines. Run as root (or
# with a delegated cgroup), else the cgroup figures are skipped.
set -euo pipefail
N=${1:-500}
RUNS=${RUNS:-3}
ROUNDS=${ROUNDS:-5}
here=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
project=$(dirname "$here")
BENCH=${BENCH:-/work/shared/bench}
JAVA_HOME=${JAVA_HOME:-$("$project/bin/find-jdk")}
export JAVA_HOME

echo "== 1. warm JVM: placement, sweep, release ($N units, $ROUNDS rounds)"
(cd "$project" && mvn -o -q -B -pl hsu-linux test-compile dependency:build-classpath \
    -Dmdep.outputFile="${TMPDIR:-/tmp}/hsu-linux-bench.cp" >/dev/null)
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -XX:+UseSerialGC \
    -cp "$project/hsu-linux/target/test-classes:$project/hsu-linux/target/classes:$(cat "${TMPDIR:-/tmp}/hsu-linux-bench.cp")" \
    dev.hsu.linux.internal.CgroupBenchmark "$N" "$ROUNDS" 2>/dev/null | tee "${TMPDIR:-/tmp}/hsu-cgroup-bench-warm.txt"

echo "== 2. from JVM start: hsu run with $N units ($RUNS runs each)"
app=$project/hsu-app/target
if ! ls "$app"/hsu-app-*.jar >/dev/null 2>&1 || [ ! -d "$app/lib" ]; then
  echo "SKIP hsu-app is not built in $project (bin/hsu-mvn -q -DskipTests package)"; exit 0
fi
(cd "$project" && mvn -o -q -B -pl hsu-linux package -DskipTests >/dev/null)
home=${TMPDIR:-/tmp}/hsu-cgroup-bench-home
rm -rf "$home" && mkdir -p "$home/hsu-app/target"
cp -r "$project/bin" "$home/"
cp "$app"/hsu-app-*.jar "$home/hsu-app/target/"
cp -r "$app/lib" "$home/hsu-app/target/"
cp "$project"/hsu-linux/target/hsu-linux-*.jar "$home/hsu-app/target/lib/"
export HSU_HOME=$home
: >"${TMPDIR:-/tmp}/hsu-cgroup-bench-e2e.txt"
for peer in peer-hsu-nocgroups peer-hsu peer-hsu-noaccounting peer-hsu-memlimit; do
  SV_LABEL=$peer RUNS=$RUNS NS=$N "$BENCH/s1-startup.sh" "$here/$peer.sh" 2>/dev/null \
      | tee -a "${TMPDIR:-/tmp}/hsu-cgroup-bench-e2e.txt" | grep -E '^(RUN|STATS|METRIC)'
done
echo "== summary"
grep '^METRIC' "${TMPDIR:-/tmp}/hsu-cgroup-bench-warm.txt"
grep '^METRIC' "${TMPDIR:-/tmp}/hsu-cgroup-bench-e2e.txt" | grep -E "up_median|stop_median"
