package dev.hsu.core;

import java.time.Instant;
import java.util.List;
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
 * @param health what its readiness gate ({@code readiness_check}, else {@code health_check})
 *     says; null when it has no check. For a pool: healthy when enough replicas are.
 * @param schedule last and next run of a scheduled unit; null for an unscheduled one
 * @param replicas for a worker pool, each replica's status (named {@code name-i}); empty otherwise
 * @param pool for a replica, the pool's name; null otherwise
 */
public record UnitStatus(String name, UnitState state, long pid, Instant since, Instant startedAt,
                         int restarts, ExitCause lastExit, String reason, HealthState health,
                         ScheduleInfo schedule, List<UnitStatus> replicas, String pool) {

    public UnitStatus {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(since, "since");
        replicas = replicas == null ? List.of() : List.copyOf(replicas);
    }

    /** A status without health, schedule or pool. */
    public UnitStatus(String name, UnitState state, long pid, Instant since, Instant startedAt, int restarts,
                      ExitCause lastExit, String reason) {
        this(name, state, pid, since, startedAt, restarts, lastExit, reason, null, null, List.of(), null);
    }

    /** The same status with other schedule information. */
    public UnitStatus withSchedule(ScheduleInfo info) {
        return new UnitStatus(name, state, pid, since, startedAt, restarts, lastExit, reason, health, info,
                replicas, pool);
    }
}
