# Variant of peer-hsu.sh for the cgroup placement benchmark (bench/cgroup-bench.sh): the Linux
# adapter runs without cgroups (-Dhsu.linux.cgroups=off, passed through JAVA_TOOL_OPTIONS so that
# bin/hsu keeps its own JVM flags): direct posix_spawn, process-group stop only. The baseline the
# cost of a cgroup per unit is measured against.
_hsu_nocg_self=${BASH_SOURCE[0]}
# shellcheck source=peer-hsu.sh
source "$(dirname "$(readlink -f "$_hsu_nocg_self")")/peer-hsu.sh"

eval "_hsu_base_$(declare -f peer_start)"
eval "_hsu_base_$(declare -f peer_settings)"

peer_start() { JAVA_TOOL_OPTIONS="-Dhsu.linux.cgroups=off ${JAVA_TOOL_OPTIONS:-}" _hsu_base_peer_start "$@"; }

peer_settings() { echo "$(_hsu_base_peer_settings); -Dhsu.linux.cgroups=off"; }
