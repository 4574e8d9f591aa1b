package dev.hsu.windows.internal;

import dev.hsu.spi.LimitKind;
import dev.hsu.spi.ResourceLimits;
import dev.hsu.spi.UnsupportedCapabilityException;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Turns a unit's {@link ResourceLimits} into the settings of its Job Object.
 *
 * <ul>
 *   <li>Always: {@code KILL_ON_JOB_CLOSE} (the unit's processes die with the master, or when the
 *       confinement is released: nothing survives unsupervised) and
 *       {@code DIE_ON_UNHANDLED_EXCEPTION} (a crash ends the process instead of leaving it waiting
 *       behind an error-report dialog nobody will click).</li>
 *   <li>{@code memory} → {@code JOB_OBJECT_LIMIT_JOB_MEMORY}: the unit's processes together.</li>
 *   <li>{@code max_processes} → {@code JOB_OBJECT_LIMIT_ACTIVE_PROCESS}.</li>
 *   <li>{@code cpu} → CPU rate control, hard cap: {@code cores / processors × 10000}, at least 1.</li>
 *   <li>{@code cpu_shares} → CPU rate control, weight-based: {@code round(5 + 2 × log10(shares / 100))},
 *       within 1..9, so 1 → 1, 10 → 3, 100 → 5, 1000 → 7, 10000 → 9. A job has one rate-control mode:
 *       cpu and cpu_shares together are refused.</li>
 *   <li>{@code io_read_bps} / {@code io_write_bps} → I/O rate control {@code MaxBandwidth}, which
 *       caps reads and writes together: the lower of the two.</li>
 * </ul>
 *
 * @param limitFlags the basic limit flags
 * @param jobMemoryLimit bytes, 0 if none
 * @param activeProcessLimit processes, 0 if none
 * @param cpuControlFlags CPU rate control flags, 0 if none
 * @param cpuValue the CPU rate or weight
 * @param ioBandwidth bytes per second, 0 if none
 */
record JobLimits(int limitFlags, long jobMemoryLimit, int activeProcessLimit, int cpuControlFlags, int cpuValue,
        long ioBandwidth) {

    static final int ALWAYS = Win32.JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE | Win32.JOB_OBJECT_LIMIT_DIE_ON_UNHANDLED_EXCEPTION;

    /**
     * @param enforceable what this host can enforce
     * @param processors logical processors of the machine (CPU rates are shares of all of them)
     * @throws UnsupportedCapabilityException naming what cannot be enforced here
     */
    static JobLimits of(String unitId, ResourceLimits limits, Set<LimitKind> enforceable, int processors) {
        Set<LimitKind> unsupported = EnumSet.noneOf(LimitKind.class);
        for (LimitKind kind : limits.requested()) {
            if (!enforceable.contains(kind)) {
                unsupported.add(kind);
            }
        }
        if (!unsupported.isEmpty()) {
            String names = unsupported.stream().map(LimitKind::configKey).collect(Collectors.joining(", "));
            throw new UnsupportedCapabilityException("limit " + names, WindowsCapabilities.PLATFORM,
                    "unit " + unitId + " asks for " + names + ", which a Windows Job Object cannot enforce here; remove "
                            + names + " from the unit");
        }
        if (limits.cpu() != null && limits.cpuShares() != null) {
            throw new UnsupportedCapabilityException("limit cpu with cpu_shares", WindowsCapabilities.PLATFORM,
                    "unit " + unitId + " asks for both cpu and cpu_shares, but a Job Object has one CPU rate-control "
                            + "mode (a hard cap or weights); keep one of them");
        }
        int flags = ALWAYS;
        long memory = 0;
        if (limits.memory() != null) {
            flags |= Win32.JOB_OBJECT_LIMIT_JOB_MEMORY;
            memory = limits.memory();
        }
        int processes = 0;
        if (limits.maxProcesses() != null) {
            flags |= Win32.JOB_OBJECT_LIMIT_ACTIVE_PROCESS;
            processes = limits.maxProcesses();
        }
        int cpuFlags = 0;
        int cpuValue = 0;
        if (limits.cpu() != null) {
            cpuFlags = Win32.JOB_OBJECT_CPU_RATE_CONTROL_ENABLE | Win32.JOB_OBJECT_CPU_RATE_CONTROL_HARD_CAP;
            cpuValue = cpuRate(limits.cpu(), processors);
        } else if (limits.cpuShares() != null) {
            cpuFlags = Win32.JOB_OBJECT_CPU_RATE_CONTROL_ENABLE | Win32.JOB_OBJECT_CPU_RATE_CONTROL_WEIGHT_BASED;
            cpuValue = cpuWeight(limits.cpuShares());
        }
        long bandwidth = 0;
        if (limits.ioReadBps() != null || limits.ioWriteBps() != null) {
            bandwidth = Math.min(limits.ioReadBps() != null ? limits.ioReadBps() : Long.MAX_VALUE,
                    limits.ioWriteBps() != null ? limits.ioWriteBps() : Long.MAX_VALUE);
        }
        return new JobLimits(flags, memory, processes, cpuFlags, cpuValue, bandwidth);
    }

    /** The hard-cap rate: 1/100 of a percent of all processors' cycles, 1..10000. */
    static int cpuRate(double cores, int processors) {
        long rate = Math.round(cores / Math.max(1, processors) * 10_000);
        return (int) Math.max(1, Math.min(10_000, rate));
    }

    /** The weight 1..9 for a cgroup-style weight 1..10000 (100 = default = 5). */
    static int cpuWeight(int shares) {
        long weight = Math.round(5 + 2 * (Math.log10(Math.max(1, shares)) - 2));
        return (int) Math.max(1, Math.min(9, weight));
    }

    JobObjectExtendedLimitInformation extendedLimits() {
        JobObjectExtendedLimitInformation info = new JobObjectExtendedLimitInformation();
        info.BasicLimitInformation.LimitFlags = limitFlags;
        info.BasicLimitInformation.ActiveProcessLimit = activeProcessLimit;
        info.JobMemoryLimit = jobMemoryLimit;
        return info;
    }

    /** Null if the unit has no CPU limit. */
    JobObjectCpuRateControlInformation cpuRateControl() {
        if (cpuControlFlags == 0) {
            return null;
        }
        JobObjectCpuRateControlInformation info = new JobObjectCpuRateControlInformation();
        info.ControlFlags = cpuControlFlags;
        info.Value = cpuValue;
        return info;
    }

    /** Null if the unit has no I/O bandwidth limit. */
    JobObjectIoRateControlInformation ioRateControl() {
        if (ioBandwidth == 0) {
            return null;
        }
        JobObjectIoRateControlInformation info = new JobObjectIoRateControlInformation();
        info.ControlFlags = Win32.JOB_OBJECT_IO_RATE_CONTROL_ENABLE;
        info.MaxBandwidth = ioBandwidth;
        return info;
    }
}
