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

    /**
     * A health or readiness check changed its verdict (after its threshold was crossed), or the
     * verdict was reset to unknown by a new run.
     *
     * @param check {@code health_check} or {@code readiness_check}
     * @param detail the last result, e.g. {@code HTTP 500 from http://127.0.0.1:8080/health}
     */
    record HealthChanged(String unit, Instant at, String check, HealthState from, HealthState to, String detail)
            implements UnitEvent {
    }

    /**
     * The unit's schedule fired.
     *
     * @param scheduledFor the firing time the expression gave
     * @param action what the firing did
     */
    record ScheduleFired(String unit, Instant at, Instant scheduledFor, Action action) implements UnitEvent {
        /** What a firing did, by the schedule's {@code overlap} policy. */
        public enum Action {
            /** started a run */
            STARTED,
            /** the previous run still went on: dropped ({@code overlap: skip}, or a run already queued) */
            SKIPPED,
            /** the previous run still went on: a run will start when it ends ({@code overlap: queue}) */
            QUEUED,
            /** the previous run still went on: it is stopped and a new one starts ({@code overlap: replace}) */
            REPLACED,
            /** a missed firing run at the master's start ({@code catch_up: true}) */
            CAUGHT_UP
        }
    }

    /**
     * Firings of the unit's schedule passed while the master was down (found when it started).
     *
     * @param count how many firings were missed
     * @param first the first missed firing
     * @param last the last missed firing
     * @param catchingUp true if one run starts now for them ({@code catch_up: true})
     */
    record ScheduleMissed(String unit, Instant at, int count, Instant first, Instant last, boolean catchingUp)
            implements UnitEvent {
    }

    /**
     * A user paused the unit's schedule (a stop) or armed it again (a start).
     *
     * @param paused true: no firing runs the unit until a start; false: firing again
     */
    record SchedulePaused(String unit, Instant at, boolean paused) implements UnitEvent {
    }
}
