package dev.hsu.app.config;

import dev.hsu.spi.ResourceLimits;
import java.util.Arrays;
import java.util.List;

/** Maps {@code resources:} to {@link ResourceLimits}, with the ranges documented there. */
final class ResourcesMapper {
    static final List<String> KEYS = Arrays.stream(dev.hsu.spi.LimitKind.values())
            .map(dev.hsu.spi.LimitKind::configKey).toList();
    private static final long MIB = 1024 * 1024;
    /** The Linux kernel's nr_open ceiling, the highest value any platform accepts. */
    private static final long MAX_OPEN_FILES = 1L << 30;

    private ResourcesMapper() {
    }

    static ResourceLimits map(Section unit) {
        Section r = unit.section("resources");
        if (r == null) {
            return ResourceLimits.NONE;
        }
        r.checkKeys(KEYS);
        Long memory = r.size("memory", MIB, false);
        Long swap = r.size("memory_swap", MIB, false);
        if (memory != null && swap != null && swap < memory) {
            r.error("memory_swap", "must be >= memory (" + Sizes.format(memory) + "): it is memory plus swap (got "
                    + Sizes.format(swap) + ")");
            swap = null;
        }
        Long shares = r.integer("cpu_shares", 1, 10_000);
        Long processes = r.integer("max_processes", 1, Integer.MAX_VALUE);
        Long ioWeight = r.integer("io_weight", 1, 10_000);
        return ResourceLimits.builder()
                .cpu(r.number("cpu", 0.0, true, 4096.0))
                .cpuShares(shares == null ? null : shares.intValue())
                .memory(memory)
                .memorySwap(swap)
                .maxProcesses(processes == null ? null : processes.intValue())
                .maxOpenFiles(r.integer("max_open_files", 1, MAX_OPEN_FILES))
                .ioWeight(ioWeight == null ? null : ioWeight.intValue())
                .ioReadBps(r.size("io_read_bps", 1, true))
                .ioWriteBps(r.size("io_write_bps", 1, true))
                .build();
    }
}
