package dev.hsu.core.unit;

import java.time.ZoneId;
import java.util.Objects;

/**
 * A cron schedule that starts the unit. Parsed and validated; not yet active (the schedule issue).
 *
 * @param cron 5-field cron expression, or 6 fields with seconds first
 * @param timezone the zone the expression is read in
 * @param overlap what to do when a firing comes while the previous run is still going
 */
public record Schedule(String cron, ZoneId timezone, Overlap overlap) {

    /** Overlap policy of a firing that meets a running instance. */
    public enum Overlap { SKIP, QUEUE, REPLACE }

    public Schedule {
        Objects.requireNonNull(cron, "cron");
        Objects.requireNonNull(timezone, "timezone");
        Objects.requireNonNull(overlap, "overlap");
    }
}
