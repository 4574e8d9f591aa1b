# Variant of peer-hsu.sh for the cgroup placement benchmark (bench/cgroup-bench.sh): every unit
# gets `resources: {memory: 64MiB}`, so each start makes a unit cgroup with memory.max /
# memory.limit_in_bytes and joins it through the exec trampoline before the program runs.
# Sourced by the shared harness like any peer adapter; HSU_HOME as for peer-hsu.sh.
_hsu_memlimit_self=${BASH_SOURCE[0]}
# shellcheck source=peer-hsu.sh
source "$(dirname "$(readlink -f "$_hsu_memlimit_self")")/peer-hsu.sh"

eval "_hsu_base_$(declare -f peer_add_unit)"
eval "_hsu_base_$(declare -f peer_settings)"

peer_add_unit() {
  _hsu_base_peer_add_unit "$@"
  echo "    resources: {memory: 64MiB}" >>"$SV_STATE/hsu.yaml"
}

peer_settings() { echo "$(_hsu_base_peer_settings); every unit: resources.memory 64MiB"; }
