package dev.hsu.macos.internal;

import dev.hsu.spi.Confinement;
import dev.hsu.spi.ExitStatus;
import dev.hsu.spi.LimitKind;
import dev.hsu.spi.LimitViolation;
import dev.hsu.spi.ResourceLimiter;
import dev.hsu.spi.ResourceLimits;
import dev.hsu.spi.UnsupportedCapabilityException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Limits through rlimits, the only per-unit mechanism macOS has: {@code max_open_files}
 * (RLIMIT_NOFILE) and {@code max_processes} (RLIMIT_NPROC). macOS has no cgroups and does not
 * enforce RLIMIT_AS, RLIMIT_RSS or RLIMIT_DATA for a hard memory cap, and has no CPU or I/O
 * bandwidth control: asking for those is an {@link UnsupportedCapabilityException}, never a
 * silently ignored setting.
 *
 * <p>Thread-safety: stateless.
 */
final class RlimitLimiter implements ResourceLimiter {

    @Override
    public Confinement confine(String unitId, ResourceLimits limits) {
        Set<LimitKind> unsupported = limits.requested().stream()
                .filter(kind -> !MacCapabilities.ENFORCEABLE.contains(kind))
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(LimitKind.class)));
        if (!unsupported.isEmpty()) {
            String names = unsupported.stream().map(LimitKind::configKey).collect(Collectors.joining(", "));
            throw new UnsupportedCapabilityException("limit " + names, MacCapabilities.PLATFORM,
                    "unit " + unitId + " asks for " + names + ", which macOS cannot enforce (no cgroups; memory rlimits "
                            + "are not enforced; no CPU or I/O bandwidth control); remove " + names + " from the unit");
        }
        List<RlimitStep> steps = new ArrayList<>(2);
        if (limits.maxOpenFiles() != null) {
            steps.add(new RlimitStep(LimitKind.MAX_OPEN_FILES, limits.maxOpenFiles()));
        }
        if (limits.maxProcesses() != null) {
            steps.add(new RlimitStep(LimitKind.MAX_PROCESSES, limits.maxProcesses()));
        }
        return new MacConfinement(unitId, limits, steps);
    }

    /** Nothing was created: rlimits live and die with the processes. */
    @Override
    public void release(Confinement confinement) {
    }

    /**
     * Always empty: an rlimit never ends a process (past RLIMIT_NOFILE {@code open} fails with
     * EMFILE, past RLIMIT_NPROC {@code fork} with EAGAIN; the program decides).
     */
    @Override
    public Optional<LimitViolation> explainExit(Confinement confinement, ExitStatus status) {
        return Optional.empty();
    }
}
