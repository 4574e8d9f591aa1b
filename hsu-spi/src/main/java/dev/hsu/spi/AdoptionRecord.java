package dev.hsu.spi;

import java.util.Map;
import java.util.Objects;

/**
 * What a later master needs to find a running process again and take over its supervision (see
 * {@link ProcessLauncher#adopt}): produced by {@link LaunchedProcess#adoptionRecord()}, kept by
 * the application across master restarts (e.g. as JSON), handed back to the same kind of
 * adapter. Immutable.
 *
 * @param unitId the unit (or replica) name
 * @param pid the operating system's process id
 * @param limits the limits the process was confined with
 * @param identity what the adapter needs to tell this very process apart from a later one with
 *     the same pid, and to re-bind its confinement (on Linux: the exact start time in clock
 *     ticks, the boot id, the process group, the cgroup directories). Opaque to everyone but the
 *     adapter; keys and values are plain strings. Copied.
 */
public record AdoptionRecord(String unitId, long pid, ResourceLimits limits, Map<String, String> identity) {

    public AdoptionRecord {
        Objects.requireNonNull(unitId, "unitId");
        Objects.requireNonNull(limits, "limits");
        identity = Map.copyOf(identity);
        if (pid <= 0) {
            throw new IllegalArgumentException("pid must be positive, got " + pid);
        }
    }
}
