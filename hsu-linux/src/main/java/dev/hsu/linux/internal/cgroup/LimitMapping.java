package dev.hsu.linux.internal.cgroup;

import dev.hsu.spi.ResourceLimits;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns {@link ResourceLimits} into control-file writes, for v2 and for v1. Pure functions: the
 * files are written by {@link UnitCgroup}, in the order given (v1 needs the memory limit before
 * the memory+swap limit, which must not be below it).
 *
 * <ul>
 *   <li>{@code cpu} (cores): v2 {@code cpu.max = "<quota> 100000"}; v1 {@code cpu.cfs_period_us =
 *       100000}, {@code cpu.cfs_quota_us = <quota>}; quota = cores x 100 ms, at least 1 ms (the
 *       kernel's minimum).</li>
 *   <li>{@code cpu_shares} (weight 1..10000, default 100): v2 {@code cpu.weight} as is; v1
 *       {@code cpu.shares} = weight x 1024 / 100 within 2..262144 (systemd's mapping, so that the
 *       default weight 100 is the default 1024 shares).</li>
 *   <li>{@code memory}: {@code memory.max} / {@code memory.limit_in_bytes}.</li>
 *   <li>{@code memory_swap} (memory plus swap): v1 {@code memory.memsw.limit_in_bytes}; v2 limits
 *       swap alone, so {@code memory.swap.max = memory_swap - memory}. Without {@code memory},
 *       both versions get memory = memory_swap and no swap beyond it (v2 {@code memory.swap.max =
 *       0}), which keeps the sum within memory_swap.</li>
 *   <li>{@code max_processes}: {@code pids.max}.</li>
 *   <li>{@code io_weight} (1..10000, default 100): v2 {@code io.weight = "default W"} (blk-iocost);
 *       BFQ's {@code io.bfq.weight} / {@code blkio.bfq.weight} take 1..1000 (default 100, mapped
 *       as systemd does); CFQ's {@code blkio.weight} takes 10..1000 (default 500).</li>
 *   <li>{@code io_read_bps}, {@code io_write_bps}: per device, see {@link #device}.</li>
 * </ul>
 *
 * <p>Thread-safety: stateless.
 */
public final class LimitMapping {
    /** The CFS period HSU uses, in microseconds (the kernel's default). */
    static final long PERIOD_US = 100_000;

    private LimitMapping() {
    }

    /** @param weightFiles the host's I/O weight files ({@link IoFeatures#weightFiles()}) */
    public static List<LimitFile> v2(ResourceLimits limits, List<String> weightFiles) {
        List<LimitFile> out = new ArrayList<>();
        if (limits.cpu() != null) {
            out.add(new LimitFile(Controller.CPU, "cpu.max", quotaUs(limits.cpu()) + " " + PERIOD_US));
        }
        if (limits.cpuShares() != null) {
            out.add(new LimitFile(Controller.CPU, "cpu.weight", Integer.toString(limits.cpuShares())));
        }
        Long memory = limits.memory() != null ? limits.memory() : limits.memorySwap();
        if (memory != null) {
            out.add(new LimitFile(Controller.MEMORY, "memory.max", Long.toString(memory)));
        }
        if (limits.memorySwap() != null) {
            long swap = Math.max(0, limits.memorySwap() - memory);
            out.add(new LimitFile(Controller.MEMORY, "memory.swap.max", Long.toString(swap)));
        }
        if (limits.maxProcesses() != null) {
            out.add(new LimitFile(Controller.PIDS, "pids.max", Integer.toString(limits.maxProcesses())));
        }
        if (limits.ioWeight() != null) {
            for (String file : weightFiles) {
                switch (file) {
                    case "io.weight" -> out.add(new LimitFile(Controller.IO, file, "default " + limits.ioWeight()));
                    case "io.bfq.weight" -> out.add(new LimitFile(Controller.IO, file,
                            Integer.toString(bfqWeight(limits.ioWeight()))));
                    default -> {
                        // a v1 file: not in this hierarchy
                    }
                }
            }
        }
        return out;
    }

    public static List<LimitFile> v1(ResourceLimits limits, List<String> weightFiles) {
        List<LimitFile> out = new ArrayList<>();
        if (limits.cpu() != null) {
            out.add(new LimitFile(Controller.CPU, "cpu.cfs_period_us", Long.toString(PERIOD_US)));
            out.add(new LimitFile(Controller.CPU, "cpu.cfs_quota_us", Long.toString(quotaUs(limits.cpu()))));
        }
        if (limits.cpuShares() != null) {
            out.add(new LimitFile(Controller.CPU, "cpu.shares", Long.toString(cpuShares(limits.cpuShares()))));
        }
        Long memory = limits.memory() != null ? limits.memory() : limits.memorySwap();
        if (memory != null) {
            out.add(new LimitFile(Controller.MEMORY, "memory.limit_in_bytes", Long.toString(memory)));
        }
        if (limits.memorySwap() != null) {
            out.add(new LimitFile(Controller.MEMORY, "memory.memsw.limit_in_bytes", Long.toString(limits.memorySwap())));
        }
        if (limits.maxProcesses() != null) {
            out.add(new LimitFile(Controller.PIDS, "pids.max", Integer.toString(limits.maxProcesses())));
        }
        if (limits.ioWeight() != null) {
            for (String file : weightFiles) {
                switch (file) {
                    case "blkio.bfq.weight" -> out.add(new LimitFile(Controller.IO, file,
                            Integer.toString(bfqWeight(limits.ioWeight()))));
                    case "blkio.weight" -> out.add(new LimitFile(Controller.IO, file,
                            Integer.toString(cfqWeight(limits.ioWeight()))));
                    default -> {
                        // a v2 file: not in this hierarchy
                    }
                }
            }
        }
        return out;
    }

    /**
     * The bandwidth limits on one device.
     *
     * @param majorMinor e.g. {@code 254:0}, a whole disk (the kernel refuses partitions)
     */
    public static List<LimitFile> device(CgroupVersion version, ResourceLimits limits, String majorMinor) {
        List<LimitFile> out = new ArrayList<>();
        if (limits.ioReadBps() == null && limits.ioWriteBps() == null) {
            return out;
        }
        if (version == CgroupVersion.V2) {
            StringBuilder line = new StringBuilder(majorMinor);
            if (limits.ioReadBps() != null) {
                line.append(" rbps=").append(limits.ioReadBps());
            }
            if (limits.ioWriteBps() != null) {
                line.append(" wbps=").append(limits.ioWriteBps());
            }
            out.add(new LimitFile(Controller.IO, "io.max", line.toString()));
        } else {
            if (limits.ioReadBps() != null) {
                out.add(new LimitFile(Controller.IO, "blkio.throttle.read_bps_device",
                        majorMinor + " " + limits.ioReadBps()));
            }
            if (limits.ioWriteBps() != null) {
                out.add(new LimitFile(Controller.IO, "blkio.throttle.write_bps_device",
                        majorMinor + " " + limits.ioWriteBps()));
            }
        }
        return out;
    }

    /** Cores to a CFS quota in microseconds per {@link #PERIOD_US}, at least 1000. */
    static long quotaUs(double cores) {
        return Math.max(1000, Math.round(cores * PERIOD_US));
    }

    static long cpuShares(int weight) {
        return Math.min(262_144, Math.max(2, (long) weight * 1024 / 100));
    }

    static int bfqWeight(int weight) {
        return weight <= 100 ? weight : 100 + (weight - 100) * 900 / 9900;
    }

    static int cfqWeight(int weight) {
        return Math.min(1000, Math.max(10, weight * 5));
    }
}
