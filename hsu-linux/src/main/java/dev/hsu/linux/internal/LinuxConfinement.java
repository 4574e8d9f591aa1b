package dev.hsu.linux.internal;

import dev.hsu.spi.Confinement;
import dev.hsu.spi.ResourceLimits;
import java.util.List;
import java.util.Objects;

/**
 * What {@link RlimitLimiter} prepared for one run of a unit: the limits and the steps the exec
 * trampoline runs in the child before the program. No steps means a direct spawn (the fast path).
 *
 * <p>Extension point: a cgroup-based limiter adds its own step (joining the cgroup) to
 * {@code preExecSteps} and a component naming the cgroup, which the signaller uses for tree kill.
 *
 * @param unitId the unit (or replica) name
 * @param limits the limits it enforces
 * @param preExecSteps in order; immutable
 */
record LinuxConfinement(String unitId, ResourceLimits limits, List<PreExecStep> preExecSteps)
        implements Confinement {

    LinuxConfinement {
        Objects.requireNonNull(unitId, "unitId");
        Objects.requireNonNull(limits, "limits");
        preExecSteps = List.copyOf(preExecSteps);
    }
}
