# Variant of peer-hsu.sh for the cgroup placement benchmark (bench/cgroup-bench.sh): a cgroup per
# unit in the tracking hierarchy only (-Dhsu.linux.cgroup.accounting=false, through
# JAVA_TOOL_OPTIONS): on v1 and hybrid hosts, units without limits do not join the memory, pids
# and blkio hierarchies (their memory and I/O are then sampled from /proc). Pure v2 is unaffected.
_hsu_noacc_self=${BASH_SOURCE[0]}
# shellcheck source=peer-hsu.sh
source "$(dirname "$(readlink -f "$_hsu_noacc_self")")/peer-hsu.sh"

eval "_hsu_base_$(declare -f peer_start)"
eval "_hsu_base_$(declare -f peer_settings)"

peer_start() { JAVA_TOOL_OPTIONS="-Dhsu.linux.cgroup.accounting=false ${JAVA_TOOL_OPTIONS:-}" _hsu_base_peer_start "$@"; }

peer_settings() { echo "$(_hsu_base_peer_settings); -Dhsu.linux.cgroup.accounting=false"; }
