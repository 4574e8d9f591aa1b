package dev.hsu.macos.internal;

import dev.hsu.spi.LimitKind;
import dev.hsu.spi.PlatformCapabilities;
import dev.hsu.spi.Signal;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** What the macOS adapter can do. */
final class MacCapabilities {
    static final String PLATFORM = "macos";

    static final Set<LimitKind> ENFORCEABLE = EnumSet.of(LimitKind.MAX_OPEN_FILES, LimitKind.MAX_PROCESSES);

    static final PlatformCapabilities AVAILABLE = new PlatformCapabilities(
            ENFORCEABLE,
            EnumSet.allOf(Signal.class),
            false,
            List.of(
                    "memory, memory_swap: macOS cannot cap a unit's memory (no cgroups; RLIMIT_AS, RLIMIT_RSS and "
                            + "RLIMIT_DATA are not enforced); a unit asking for them is rejected",
                    "cpu, cpu_shares: macOS has no CPU bandwidth control for a group of processes; use niceness",
                    "io_weight, io_read_bps, io_write_bps: macOS has no I/O bandwidth control",
                    "max_open_files: RLIMIT_NOFILE (8 on macOS), per process of the unit, at most kern.maxfilesperproc",
                    "max_processes: RLIMIT_NPROC (7 on macOS) counts every process of the unit's user, not of the "
                            + "unit alone, at most kern.maxprocperuid",
                    "tree kill reaches the unit's process group and the descendants still linked to it by parent; a "
                            + "daemon that left the group and lost its parent escapes",
                    "accounting: proc_pid_rusage per process of the tree; the memory peak is the main process's "
                            + "lifetime maximum physical footprint"));

    static final PlatformCapabilities UNAVAILABLE =
            new PlatformCapabilities(Set.of(), Set.of(), false, List.of("the macOS adapter is not available on this host"));

    private MacCapabilities() {
    }
}
