package dev.hsu.core.unit;

import java.time.ZoneId;
import java.util.Objects;

/**
 * A cron schedule that starts the unit at each firing. Immutable.
 *
 * @param cron 5-field cron expression (minute hour day-of-month month day-of-week), or 6 fields
 *     with seconds first
 * @param timezone the zone the expression is read in
 * @param overlap what to do when a firing comes while the previous run is still going
 * @param catchUp when the master starts and finds that firings were missed while it was down, run
 *     the unit once at once (missed firings are reported either way)
 */
public record Schedule(String cron, ZoneId timezone, Overlap overlap, boolean catchUp) {

    /** Overlap policy of a firing that meets a running instance. */
    public enum Overlap {
        /** the firing is dropped (and reported) */
        SKIP,
        /** one run is queued and starts when the current one ends; later firings meanwhile are dropped */
        QUEUE,
        /** the current run is stopped (gracefully) and a new one starts */
        REPLACE
    }

    public Schedule {
        Objects.requireNonNull(cron, "cron");
        Objects.requireNonNull(timezone, "timezone");
        Objects.requireNonNull(overlap, "overlap");
    }

    /** A schedule without catch-up. */
    public Schedule(String cron, ZoneId timezone, Overlap overlap) {
        this(cron, timezone, overlap, false);
    }
}
