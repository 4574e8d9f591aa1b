package dev.hsu.core;

import java.time.Instant;
import java.util.Objects;

/**
 * A snapshot of one unit. Immutable.
 *
 * @param name the unit name
 * @param state its state
 * @param pid the main process id, -1 when no process runs
 * @param since when it entered {@code state}
 * @param startedAt when its current (or last) process started; null if it never started
 * @param restarts automatic restarts done since registration (user starts and restarts are not
 *     counted)
 * @param lastExit how its last process ended (or why it failed to launch); null if none ended yet
 * @param reason why it is in {@code state}, for people; null when there is nothing to say
 */
public record UnitStatus(String name, UnitState state, long pid, Instant since, Instant startedAt,
                         int restarts, ExitCause lastExit, String reason) {

    public UnitStatus {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(since, "since");
    }
}
