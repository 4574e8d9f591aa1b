package dev.hsu.spi;

import java.util.Optional;

/**
 * Turns {@link ResourceLimits} into the platform's mechanism (cgroups, Job Objects, rlimits).
 *
 * <p>Thread-safety: safe from any thread; calls for different units may run concurrently.
 *
 * <p>Platform note: rlimits ({@code max_open_files}, and {@code max_processes} where no pids
 * controller exists) are per process and inherited, not per unit.
 */
public interface ResourceLimiter {

    /**
     * Prepares the confinement for one run of a unit (creates its cgroup, Job Object, ...).
     *
     * @throws UnsupportedCapabilityException if a requested limit cannot be enforced here; the
     *     core validates against {@link PlatformCapabilities#enforceableLimits()} first, so this
     *     only happens when the host changed
     */
    Confinement confine(String unitId, ResourceLimits limits);

    /**
     * Releases what {@link #confine} created, once no process of the unit is left. Idempotent.
     */
    void release(Confinement confinement);

    /**
     * Explains an exit by a limit the kernel enforced (an OOM kill in the unit's cgroup), if
     * that is what happened. Called once per exit, after the process was reaped.
     */
    Optional<LimitViolation> explainExit(Confinement confinement, ExitStatus status);
}
