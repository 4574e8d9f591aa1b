package dev.hsu.app.control;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.hsu.core.ScheduleInfo;
import dev.hsu.core.UnitStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * One unit's status as the control API shows it: the JSON object of {@code GET /v1/units}, and
 * what the CLI reads back. Immutable.
 *
 * @param name the unit name
 * @param state the state, e.g. {@code RUNNING}
 * @param pid the main process id, -1 when no process runs (always for a pool)
 * @param since when the unit entered {@code state}, ISO-8601 UTC
 * @param startedAt when its current or last process started, ISO-8601 UTC; null if never
 * @param uptimeMs how long the current process has run, in milliseconds; 0 when none runs
 * @param restarts automatic restarts since registration (a pool: of all its replicas)
 * @param lastExit how the last process ended, e.g. {@code exit code 1}; null if none ended
 * @param reason why the unit is in its state; null when there is nothing to say
 * @param error set only in answers to start/stop/restart: why the operation did not reach its
 *     goal for this unit (then the HTTP status is 409 or 504); omitted from the JSON when null
 * @param health {@code unknown}, {@code healthy} or {@code unhealthy}: what its readiness gate
 *     ({@code readiness_check}, else {@code health_check}) says; omitted when it has no check
 * @param schedule last and next run of a scheduled unit; omitted when it has no schedule
 * @param replicas a worker pool's replicas, each as a unit object; omitted when not a pool
 * @param pool for a replica, its pool's name; omitted otherwise
 * @param usage what its process tree uses (a pool: the sum of its replicas'); omitted when no
 *     process runs or when not asked for
 */
@JsonPropertyOrder({"name", "state", "health", "pid", "since", "started_at", "uptime_ms", "restarts", "last_exit",
        "reason", "usage", "schedule", "pool", "replicas", "error"})
@JsonIgnoreProperties(ignoreUnknown = true)
public record UnitView(
        @JsonProperty("name") String name,
        @JsonProperty("state") String state,
        @JsonProperty("pid") long pid,
        @JsonProperty("since") String since,
        @JsonProperty("started_at") String startedAt,
        @JsonProperty("uptime_ms") long uptimeMs,
        @JsonProperty("restarts") int restarts,
        @JsonProperty("last_exit") String lastExit,
        @JsonProperty("reason") String reason,
        @JsonProperty("error") @JsonInclude(JsonInclude.Include.NON_NULL) String error,
        @JsonProperty("health") @JsonInclude(JsonInclude.Include.NON_NULL) String health,
        @JsonProperty("schedule") @JsonInclude(JsonInclude.Include.NON_NULL) ScheduleView schedule,
        @JsonProperty("replicas") @JsonInclude(JsonInclude.Include.NON_EMPTY) List<UnitView> replicas,
        @JsonProperty("pool") @JsonInclude(JsonInclude.Include.NON_NULL) String pool,
        @JsonProperty("usage") @JsonInclude(JsonInclude.Include.NON_NULL) UsageView usage) {

    public UnitView {
        replicas = replicas == null ? List.of() : List.copyOf(replicas);
    }

    /** A view without health, schedule or pool. */
    public UnitView(String name, String state, long pid, String since, String startedAt, long uptimeMs, int restarts,
                    String lastExit, String reason, String error) {
        this(name, state, pid, since, startedAt, uptimeMs, restarts, lastExit, reason, error, null, null, List.of(),
                null, null);
    }

    /**
     * A scheduled unit's runs.
     *
     * @param cron the expression
     * @param nextRun the next firing, ISO-8601 UTC; null when none is armed
     * @param lastRun when the last run started, ISO-8601 UTC; null if none is known
     * @param lastRunDurationMs how long it took; null while it runs or if unknown
     * @param lastRunExit how it ended, e.g. {@code exit code 0}; null while it runs or if unknown
     * @param missed firings missed while the master was down, found at its start
     * @param lastMissed the latest of them, ISO-8601 UTC; null if none
     * @param paused true while a user's stop holds the schedule (until a start)
     */
    @JsonPropertyOrder({"cron", "next_run", "last_run", "last_run_duration_ms", "last_run_exit", "missed",
            "last_missed", "paused"})
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record ScheduleView(
            @JsonProperty("cron") String cron,
            @JsonProperty("next_run") String nextRun,
            @JsonProperty("last_run") String lastRun,
            @JsonProperty("last_run_duration_ms") Long lastRunDurationMs,
            @JsonProperty("last_run_exit") String lastRunExit,
            @JsonProperty("missed") int missed,
            @JsonProperty("last_missed") String lastMissed,
            @JsonProperty("paused") boolean paused) {

        static ScheduleView of(ScheduleInfo s) {
            return new ScheduleView(s.cron(), iso(s.nextRun()), iso(s.lastRun()),
                    s.lastRunDuration() == null ? null : s.lastRunDuration().toMillis(), s.lastRunExit(), s.missed(),
                    iso(s.lastMissed()), s.paused());
        }
    }

    /**
     * @param now the instant uptime is measured to
     */
    public static UnitView of(UnitStatus status, Instant now) {
        return of(status, now, null);
    }

    /**
     * @param sampler samples the usage of each instance with a process; null leaves usage out
     */
    public static UnitView of(UnitStatus status, Instant now, UsageSampler sampler) {
        long uptime = status.pid() >= 0 && status.startedAt() != null
                ? Math.max(0, Duration.between(status.startedAt(), now).toMillis())
                : 0;
        UnitView view = new UnitView(status.name(), status.state().name(), status.pid(), iso(status.since()),
                iso(status.startedAt()), uptime, status.restarts(),
                status.lastExit() == null ? null : status.lastExit().describe(), status.reason(), null,
                status.health() == null ? null : status.health().word(),
                status.schedule() == null ? null : ScheduleView.of(status.schedule()),
                replicas(status, now, sampler), status.pool(), null);
        if (sampler == null) {
            return view;
        }
        UsageView usage = status.replicas().isEmpty()
                ? UsageView.of(sampler.sample(status.name(), status.pid(), uptime * 1_000_000L))
                : UsageView.sum(view.replicas().stream().map(UnitView::usage).toList());
        return view.withUsage(usage);
    }

    private static List<UnitView> replicas(UnitStatus status, Instant now, UsageSampler sampler) {
        return status.replicas().stream().map(r -> of(r, now, sampler)).toList();
    }

    /** The same view with a usage. */
    public UnitView withUsage(UsageView u) {
        return new UnitView(name, state, pid, since, startedAt, uptimeMs, restarts, lastExit, reason, error, health,
                schedule, replicas, pool, u);
    }

    /** A unit that vanished (was unregistered) while an operation on it was under way. */
    static UnitView vanished(String name, Instant now) {
        return new UnitView(name, "UNKNOWN", -1, iso(now), null, 0, 0, null, "no longer registered", null);
    }

    /** The same view with an operation error attached. */
    public UnitView withError(String message) {
        return new UnitView(name, state, pid, since, startedAt, uptimeMs, restarts, lastExit, reason, message, health,
                schedule, replicas, pool, usage);
    }

    private static String iso(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MILLIS).toString();
    }
}
