package dev.hsu.core.schedule;

import java.time.Duration;
import java.time.Instant;

/**
 * What a master remembers of one scheduled unit across its own restarts. Immutable.
 *
 * @param lastFiring the last firing time handled (run, skipped, queued or replaced); null if none
 * @param lastRun when the last run started; null if none
 * @param lastRunDuration how long it took; null while it ran or if unknown
 * @param lastRunExit how it ended, for people; null while it ran or if unknown
 */
public record ScheduleState(Instant lastFiring, Instant lastRun, Duration lastRunDuration, String lastRunExit) {

    public static final ScheduleState NONE = new ScheduleState(null, null, null, null);

    public ScheduleState withLastFiring(Instant t) {
        return new ScheduleState(t, lastRun, lastRunDuration, lastRunExit);
    }

    public ScheduleState withRunStarted(Instant t) {
        return new ScheduleState(lastFiring, t, null, null);
    }

    public ScheduleState withRunEnded(Duration took, String exit) {
        return new ScheduleState(lastFiring, lastRun, took, exit);
    }
}
