package dev.hsu.core;

import java.time.Duration;
import java.time.Instant;

/**
 * The schedule side of a scheduled unit's status. Immutable.
 *
 * @param cron the expression, as configured
 * @param nextRun the next firing; null when the schedule is not armed (the master has not
 *     started its units, or is shutting down) or the expression never fires again
 * @param lastRun when the last run started (a firing, a catch-up or a user start); null if none
 *     is known, also from before the master's last restart
 * @param lastRunDuration how long it took; null while it runs, or if none is known
 * @param lastRunExit how it ended, e.g. {@code exit code 0}; null while it runs, or if none is known
 * @param missed firings missed while the master was down, as found at its start (0 if none)
 * @param lastMissed the latest of them; null if none
 * @param paused true while a user's stop of the unit holds its schedule (until a start); its
 *     {@code nextRun} is null meanwhile
 */
public record ScheduleInfo(String cron, Instant nextRun, Instant lastRun, Duration lastRunDuration,
                           String lastRunExit, int missed, Instant lastMissed, boolean paused) {
}
