package dev.hsu.spi;

import java.util.EnumSet;
import java.util.Set;

/**
 * The resource limits of one unit. Every component is nullable: {@code null} means "no limit".
 *
 * @param cpu CPU cap in cores, greater than 0 (0.5 = half of one core)
 * @param cpuShares relative CPU weight, 1..10000 (cgroup v2 {@code cpu.weight} range)
 * @param memory memory limit in bytes, at least 1 MiB
 * @param memorySwap memory plus swap limit in bytes, at least {@code memory}
 * @param maxProcesses processes (and, on Linux, threads) the unit may have, at least 1
 * @param maxOpenFiles open file descriptors per process, at least 1
 * @param ioWeight relative I/O weight, 1..10000
 * @param ioReadBps read bandwidth in bytes per second on the working directory's device
 * @param ioWriteBps write bandwidth in bytes per second on the working directory's device
 */
public record ResourceLimits(
        Double cpu,
        Integer cpuShares,
        Long memory,
        Long memorySwap,
        Integer maxProcesses,
        Long maxOpenFiles,
        Integer ioWeight,
        Long ioReadBps,
        Long ioWriteBps) {

    /** No limits at all. */
    public static final ResourceLimits NONE = new ResourceLimits(null, null, null, null, null, null, null, null, null);

    /** The kinds that carry a value. */
    public Set<LimitKind> requested() {
        Set<LimitKind> kinds = EnumSet.noneOf(LimitKind.class);
        if (cpu != null) kinds.add(LimitKind.CPU);
        if (cpuShares != null) kinds.add(LimitKind.CPU_SHARES);
        if (memory != null) kinds.add(LimitKind.MEMORY);
        if (memorySwap != null) kinds.add(LimitKind.MEMORY_SWAP);
        if (maxProcesses != null) kinds.add(LimitKind.MAX_PROCESSES);
        if (maxOpenFiles != null) kinds.add(LimitKind.MAX_OPEN_FILES);
        if (ioWeight != null) kinds.add(LimitKind.IO_WEIGHT);
        if (ioReadBps != null) kinds.add(LimitKind.IO_READ_BPS);
        if (ioWriteBps != null) kinds.add(LimitKind.IO_WRITE_BPS);
        return kinds;
    }

    public boolean isEmpty() {
        return requested().isEmpty();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builder; unset values mean no limit. */
    public static final class Builder {
        private Double cpu;
        private Integer cpuShares;
        private Long memory;
        private Long memorySwap;
        private Integer maxProcesses;
        private Long maxOpenFiles;
        private Integer ioWeight;
        private Long ioReadBps;
        private Long ioWriteBps;

        private Builder() {
        }

        public Builder cpu(Double cores) { this.cpu = cores; return this; }
        public Builder cpuShares(Integer weight) { this.cpuShares = weight; return this; }
        public Builder memory(Long bytes) { this.memory = bytes; return this; }
        public Builder memorySwap(Long bytes) { this.memorySwap = bytes; return this; }
        public Builder maxProcesses(Integer count) { this.maxProcesses = count; return this; }
        public Builder maxOpenFiles(Long count) { this.maxOpenFiles = count; return this; }
        public Builder ioWeight(Integer weight) { this.ioWeight = weight; return this; }
        public Builder ioReadBps(Long bytesPerSecond) { this.ioReadBps = bytesPerSecond; return this; }
        public Builder ioWriteBps(Long bytesPerSecond) { this.ioWriteBps = bytesPerSecond; return this; }

        public ResourceLimits build() {
            return new ResourceLimits(cpu, cpuShares, memory, memorySwap, maxProcesses, maxOpenFiles,
                    ioWeight, ioReadBps, ioWriteBps);
        }
    }
}
