package dev.hsu.core;

import java.time.Duration;
import java.time.Instant;

/**
 * Something that happened to a unit. Delivered to {@link Master#subscribe} listeners in the
 * order it happened for each unit (no order is promised between different units).
 */
public sealed interface UnitEvent {

    /** The unit's name. */
    String unit();

    /** When it happened (wall clock). */
    Instant at();

    /**
     * The unit moved from one state to another.
     *
     * @param reason why, for people; null when there is nothing to add
     */
    record StateChanged(String unit, Instant at, UnitState from, UnitState to, String reason) implements UnitEvent {
    }

    /** A process of the unit was launched. */
    record ProcessStarted(String unit, Instant at, long pid) implements UnitEvent {
    }

    /**
     * A process of the unit ended and was reaped.
     *
     * @param ranFor how long it ran
     */
    record ProcessExited(String unit, Instant at, long pid, ExitCause cause, Duration ranFor) implements UnitEvent {
    }

    /**
     * A restart will happen after {@code delay}.
     *
     * @param attempt the restart's number in the current series, from 1 (the series resets after a
     *     run that lasted {@code restart.reset_after}, and on a user start)
     * @param delay the wait before it; zero for an immediate restart
     */
    record RestartScheduled(String unit, Instant at, int attempt, Duration delay) implements UnitEvent {
    }
}
