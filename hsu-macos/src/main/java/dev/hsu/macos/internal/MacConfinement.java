package dev.hsu.macos.internal;

import dev.hsu.spi.Confinement;
import dev.hsu.spi.ResourceLimits;
import java.util.List;
import java.util.Objects;

/**
 * What {@link RlimitLimiter} prepared for one run of a unit: its limits and the rlimits the exec
 * trampoline sets. No rlimits means a direct spawn.
 *
 * @param unitId the unit (or replica) name
 * @param limits the limits it enforces
 * @param rlimits in order; immutable
 */
record MacConfinement(String unitId, ResourceLimits limits, List<RlimitStep> rlimits) implements Confinement {

    MacConfinement {
        Objects.requireNonNull(unitId, "unitId");
        Objects.requireNonNull(limits, "limits");
        rlimits = List.copyOf(rlimits);
    }
}
