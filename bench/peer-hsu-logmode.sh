# Variant of peer-hsu.sh for the log throughput scenario (s4-logs.sh): LOG=file units use
# `stdout: {log: FILE}` and `stderr: {log: FILE}`, so the master reads the pipe and writes the file
# itself (as supervisord, PM2 and s6-log do), with back-pressure instead of the child writing the
# file directly (peer-hsu.sh's LOG=file, which copies no byte in the master). No rotation, no
# timestamps: the file holds exactly the child's bytes.
# Sourced by the shared harness like any peer adapter; HSU_HOME as for peer-hsu.sh.
_hsu_logmode_self=${BASH_SOURCE[0]}
# shellcheck source=peer-hsu.sh
source "$(dirname "$(readlink -f "$_hsu_logmode_self")")/peer-hsu.sh"

eval "_hsu_base_$(declare -f peer_add_unit)"
eval "_hsu_base_$(declare -f peer_settings)"

peer_add_unit() {
  local name=$1 log=$2; shift 2
  _hsu_base_peer_add_unit "$name" default "$@"
  if [ "$log" = file ]; then
    echo "    stdout: {log: $(_hsu_q "$(peer_logfile "$name")")}" >>"$SV_STATE/hsu.yaml"
    echo "    stderr: {log: $(_hsu_q "$(peer_logfile "$name")")}" >>"$SV_STATE/hsu.yaml"
  fi
}

peer_settings() {
  echo "$(_hsu_base_peer_settings); this variant: LOG=file is stdout+stderr {log: FILE}, read and written by the master (no rotation, no timestamps)"
}
