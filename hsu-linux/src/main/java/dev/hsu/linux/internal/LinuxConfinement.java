package dev.hsu.linux.internal;

import dev.hsu.linux.internal.cgroup.UnitCgroup;
import dev.hsu.spi.Confinement;
import dev.hsu.spi.ResourceLimits;
import java.util.List;
import java.util.Objects;

/**
 * What {@link LinuxLimiter} prepared for one run of a unit: the limits, the unit's cgroup (if
 * HSU uses cgroups here) and the steps the exec trampoline runs in the child before the program
 * (joining the cgroup, setting rlimits). No steps means a direct spawn (the fast path).
 *
 * @param unitId the unit (or replica) name
 * @param limits the limits it enforces
 * @param preExecSteps in order; immutable
 * @param cgroup the unit's cgroup, or null when the unit has none (no cgroups usable, or turned off);
 *     the signaller kills the whole tree through it and the meter reads it
 */
record LinuxConfinement(String unitId, ResourceLimits limits, List<PreExecStep> preExecSteps, UnitCgroup cgroup)
        implements Confinement {

    LinuxConfinement {
        Objects.requireNonNull(unitId, "unitId");
        Objects.requireNonNull(limits, "limits");
        preExecSteps = List.copyOf(preExecSteps);
    }

    LinuxConfinement(String unitId, ResourceLimits limits, List<PreExecStep> preExecSteps) {
        this(unitId, limits, preExecSteps, null);
    }
}
