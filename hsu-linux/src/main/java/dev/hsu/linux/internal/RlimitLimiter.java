package dev.hsu.linux.internal;

import dev.hsu.spi.Confinement;
import dev.hsu.spi.ExitStatus;
import dev.hsu.spi.LimitKind;
import dev.hsu.spi.LimitViolation;
import dev.hsu.spi.ResourceLimiter;
import dev.hsu.spi.ResourceLimits;
import dev.hsu.spi.UnsupportedCapabilityException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Limits through rlimits only: {@code max_open_files} (RLIMIT_NOFILE) and {@code max_processes}
 * (RLIMIT_NPROC), set in the child by the exec trampoline before the program runs. Every other
 * limit needs cgroups, which this version does not drive: asking for one is an
 * {@link UnsupportedCapabilityException}, never a silently ignored setting.
 *
 * <p>Thread-safety: stateless; safe from any thread.
 */
final class RlimitLimiter implements ResourceLimiter {

    @Override
    public Confinement confine(String unitId, ResourceLimits limits) {
        Set<LimitKind> unsupported = limits.requested().stream()
                .filter(kind -> !LinuxCapabilities.ENFORCEABLE.contains(kind))
                .collect(Collectors.toCollection(() -> java.util.EnumSet.noneOf(LimitKind.class)));
        if (!unsupported.isEmpty()) {
            String names = unsupported.stream().map(LimitKind::configKey).collect(Collectors.joining(", "));
            throw new UnsupportedCapabilityException("limit " + names, LinuxCapabilities.PLATFORM,
                    "unit " + unitId + " asks for " + names + ", which needs cgroups; this adapter enforces only "
                            + "max_open_files and max_processes (rlimits). Remove " + names + " from the unit");
        }
        List<PreExecStep> steps = new ArrayList<>(2);
        if (limits.maxOpenFiles() != null) {
            steps.add(new SetRlimit(Rlimit.NOFILE, limits.maxOpenFiles()));
        }
        if (limits.maxProcesses() != null) {
            steps.add(new SetRlimit(Rlimit.NPROC, limits.maxProcesses()));
        }
        return new LinuxConfinement(unitId, limits, steps);
    }

    /** Nothing was created: rlimits live and die with the processes. */
    @Override
    public void release(Confinement confinement) {
    }

    /**
     * Always empty: an rlimit never ends a process. Past RLIMIT_NOFILE {@code open} fails with
     * EMFILE, past RLIMIT_NPROC {@code fork} fails with EAGAIN; the program sees the error and
     * decides, and nothing in its exit status records that a limit was hit.
     */
    @Override
    public Optional<LimitViolation> explainExit(Confinement confinement, ExitStatus status) {
        return Optional.empty();
    }
}
