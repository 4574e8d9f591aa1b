# Peer adapter for HSU, for the harness in shared/bench (see its README):
#   ../shared/bench/check-peer.sh "$PWD/bench/peer-hsu.sh"
#   ../shared/bench/run-all.sh "$PWD/bench/peer-hsu.sh" supervisord pm2 runit
# Finds the built HSU through HSU_HOME (default: the project root, this file's parent folder).
# Sourced by the harness's lib/common.sh (bash).
_hsu_self=${BASH_SOURCE[0]}
HSU_HOME=${HSU_HOME:-$(cd "$(dirname "$(readlink -f "$_hsu_self")")/.." && pwd)}
HSU_BIN=$HSU_HOME/bin/hsu
PEER_HAS_GROUPKILL=0   # HSU always stops the whole process group (there is no option to turn it off)

_hsu() { "$HSU_BIN" "$@" --state-dir "$SV_STATE/state"; }
# YAML double-quoted scalar (a JSON string is valid YAML)
_hsu_q() { local s=${1//\\/\\\\}; s=${s//\"/\\\"}; s=${s//$'\t'/\\t}; printf '"%s"' "$s"; }

peer_version() {
  local jh; jh=$("$HSU_HOME/bin/find-jdk" 2>/dev/null)
  echo "hsu $(cd "$HSU_HOME" && git describe --always --dirty 2>/dev/null || echo unknown) ($("$jh/bin/java" -version 2>&1 | head -1))"
}

peer_settings() {
  echo "restart: policy always|never, retry_delay 0, jitter 0, max_retries -1 (defaults: on-failure, 1s x2^n, 5 retries); graceful_timeout 30s (default); LOG=default: console (prefixed lines on the master's stdout, default), LOG=file: stdout+stderr to the file, no rotation; JVM flags from bin/hsu (${HSU_JAVA_OPTS:-SerialGC -Xmx256m C1 only, CDS archive})"
}

peer_init() {
  mkdir -p "$SV_STATE/logs" "$SV_STATE/state"
  printf 'master:\n  log_directory: %s\nunits:\n' "$(_hsu_q "$SV_STATE/logs")" >"$SV_STATE/hsu.yaml"
}

# peer_add_unit NAME LOG(default|file) RESTART(always|never) CMD [ARG...]
peer_add_unit() {
  local name=$1 log=$2 restart=$3; shift 3
  local exe=$1; shift
  {
    echo "  $name:"
    echo "    executable: $(_hsu_q "$exe")"
    if [ $# -gt 0 ]; then
      echo "    args:"
      local a; for a in "$@"; do echo "      - $(_hsu_q "$a")"; done
    fi
    if [ "$restart" = always ]; then
      echo "    restart: {policy: always, retry_delay: 0, jitter: 0, max_retries: -1}"
    else
      echo "    restart: {policy: never}"
    fi
    if [ "$log" = file ]; then
      echo "    stdout: $(_hsu_q "$(peer_logfile "$name")")"
      echo "    stderr: $(_hsu_q "$(peer_logfile "$name")")"
    fi
  } >>"$SV_STATE/hsu.yaml"
}

peer_logfile() { echo "$SV_STATE/logs/$1.out"; }

peer_start() {
  setsid "$HSU_BIN" run --state-dir "$SV_STATE/state" "$SV_STATE/hsu.yaml" </dev/null >"$SV_STATE/hsu.out" 2>&1 &
  echo $! >"$SV_STATE/hsu.pid"
}

peer_stop_all() {
  local p; p=$(cat "$SV_STATE/hsu.pid" 2>/dev/null) || return 0
  kill -TERM "$p" 2>/dev/null
  while kill -0 "$p" 2>/dev/null; do sleep 0.02; done
}

peer_stop_unit() { _hsu stop "$1" >/dev/null; }

peer_unit_pid() {
  _hsu status "$1" -o json | tr -d ' \n' | sed -n 's/.*"pid":\(-\{0,1\}[0-9]*\).*/\1/p'
}

peer_status_count() { _hsu status -o json | tr -d ' \n' | grep -o '"state":"RUNNING"' | wc -l; }

peer_pids() { cat "$SV_STATE/hsu.pid"; }
