package dev.hsu.linux.internal;

import dev.hsu.spi.LimitKind;
import dev.hsu.spi.PlatformCapabilities;
import dev.hsu.spi.Signal;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** What this (rlimit-based) version of the Linux adapter can do. */
final class LinuxCapabilities {
    /** The platform name used in {@link dev.hsu.spi.UnsupportedCapabilityException}s. */
    static final String PLATFORM = "linux (rlimit adapter)";

    static final Set<LimitKind> ENFORCEABLE = EnumSet.of(LimitKind.MAX_OPEN_FILES, LimitKind.MAX_PROCESSES);

    static final PlatformCapabilities AVAILABLE = new PlatformCapabilities(
            ENFORCEABLE,
            EnumSet.allOf(Signal.class),
            false,
            List.of(
                    "cpu, cpu_shares, memory, memory_swap, io_weight, io_read_bps, io_write_bps: cgroup limits are "
                            + "not enforced yet by the Linux adapter (rlimits only); a unit asking for them is rejected",
                    "max_open_files: RLIMIT_NOFILE, per process of the unit (soft and hard)",
                    "max_processes: RLIMIT_NPROC counts every process and thread of the unit's user, not of the "
                            + "unit alone, and the kernel does not apply it to root",
                    "tree kill reaches the unit's process group and the descendants still linked to it by parent; "
                            + "a daemon that left the group and lost its parent escapes (cgroups will close this)"));

    static final PlatformCapabilities UNAVAILABLE =
            new PlatformCapabilities(Set.of(), Set.of(), false, List.of("the Linux adapter is not available on this host"));

    private LinuxCapabilities() {
    }
}
