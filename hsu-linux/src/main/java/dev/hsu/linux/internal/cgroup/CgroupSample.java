package dev.hsu.linux.internal.cgroup;

/**
 * What a unit's cgroup files say, descendants included. {@code -1} where the host does not
 * account for a value (no such controller in reach).
 *
 * @param cpuNanos user + system CPU time since the cgroup was made (v2 {@code cpu.stat usage_usec},
 *     v1 {@code cpuacct.usage})
 * @param memoryBytes memory charged now, page cache included ({@code memory.current},
 *     {@code memory.usage_in_bytes})
 * @param memoryPeakBytes the highest charge ({@code memory.peak}, Linux 5.19+; {@code memory.max_usage_in_bytes})
 * @param pids the member processes ({@code cgroup.procs} of the tracking directory)
 * @param threads tasks ({@code pids.current}, else {@code cgroup.threads} / {@code tasks} lines)
 * @param ioReadBytes bytes read from block devices ({@code io.stat rbytes},
 *     {@code blkio.throttle.io_service_bytes_recursive Read}); v1 does not see buffered writes
 *     that the kernel writes back later on the unit's behalf
 * @param ioWriteBytes bytes written to block devices
 */
public record CgroupSample(long cpuNanos, long memoryBytes, long memoryPeakBytes, java.util.List<Integer> pids,
        long threads, long ioReadBytes, long ioWriteBytes) {

    public CgroupSample {
        pids = java.util.List.copyOf(pids);
    }

    /** How many processes the unit has. */
    public long processes() {
        return pids.size();
    }
}
