package dev.hsu.app.ops;

import dev.hsu.core.RestartSeries;
import dev.hsu.spi.AdoptionRecord;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a master keeps in its state directory about its units, for the next master: each unit's
 * desired state, the processes it left running and where its restart series stood. Immutable.
 *
 * @param masterPid the pid of the master that wrote it
 * @param units by unit name (a pool once), in registration order
 */
public record UnitsState(long masterPid, Map<String, Unit> units) {

    /** The file format's version; another is not read. */
    public static final int VERSION = 1;

    public UnitsState {
        units = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(units));
    }

    /** What a unit should be doing, as users and its run left it. */
    public enum Desired {
        /** Running (or about to: starting, waiting, waiting to restart). */
        RUNNING,
        /** Stopped by a user: stays stopped. */
        STOPPED,
        /** A job that completed: not run again. */
        COMPLETED,
        /** Nothing to restore (never started, failed, blocked): {@code auto_start} decides. */
        AUTO
    }

    /**
     * @param desired what it should be doing
     * @param definition a fingerprint of the unit's definition, to see whether it changed
     * @param processes the processes left running, by instance name (the unit, or each replica)
     * @param restarts the restart series that had begun, by instance name
     */
    public record Unit(Desired desired, String definition, Map<String, AdoptionRecord> processes,
                       Map<String, RestartSeries> restarts) {
        public Unit {
            Objects.requireNonNull(desired, "desired");
            Objects.requireNonNull(definition, "definition");
            processes = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(processes));
            restarts = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(restarts));
        }

        /** Without restart series. */
        public Unit(Desired desired, String definition, Map<String, AdoptionRecord> processes) {
            this(desired, definition, processes, Map.of());
        }
    }
}
