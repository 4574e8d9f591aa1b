/**
 * HSU's cgroups on Linux, v2, v1 and hybrids of both; not an API.
 *
 * <p>Map: {@link dev.hsu.linux.internal.cgroup.CgroupDetector} reads {@code mountinfo} and the
 * master's {@code /proc/self/cgroup} (paths are parameters) into a
 * {@link dev.hsu.linux.internal.cgroup.CgroupHost}: the {@link dev.hsu.linux.internal.cgroup.Hierarchy
 * hierarchies}, which {@link dev.hsu.linux.internal.cgroup.Controller controllers} HSU may use and
 * why not the others. {@link dev.hsu.linux.internal.cgroup.CgroupTree} makes HSU's parent
 * ({@code hsu-<pid>-<start>}, {@link dev.hsu.linux.internal.cgroup.MasterIdentity}) below the
 * master's own cgroup in each hierarchy, cleans the {@link dev.hsu.linux.internal.cgroup.Leftovers
 * leftovers} of masters that are gone, and makes one
 * {@link dev.hsu.linux.internal.cgroup.UnitCgroup} per run of a unit, with its limits
 * ({@link dev.hsu.linux.internal.cgroup.LimitMapping}, per-disk ones through
 * {@link dev.hsu.linux.internal.cgroup.BlockDevices}); the unit cgroup kills its whole tree
 * ({@link dev.hsu.linux.internal.cgroup.KillMethod}), explains OOM kills and refused forks, and
 * samples its accounting files ({@link dev.hsu.linux.internal.cgroup.CgroupSample}). File access is
 * in {@link dev.hsu.linux.internal.cgroup.CgroupFs}. No native calls here: signalling a member by
 * pid goes through a {@link dev.hsu.linux.internal.cgroup.PidSignaller} the adapter provides.
 */
package dev.hsu.linux.internal.cgroup;
