package dev.hsu.app.control;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.hsu.core.UnitStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * One unit's status as the control API shows it: the JSON object of {@code GET /v1/units}, and
 * what the CLI reads back. Immutable.
 *
 * @param name the unit name
 * @param state the state, e.g. {@code RUNNING}
 * @param pid the main process id, -1 when no process runs
 * @param since when the unit entered {@code state}, ISO-8601 UTC
 * @param startedAt when its current or last process started, ISO-8601 UTC; null if never
 * @param uptimeMs how long the current process has run, in milliseconds; 0 when none runs
 * @param restarts automatic restarts since registration
 * @param lastExit how the last process ended, e.g. {@code exit code 1}; null if none ended
 * @param reason why the unit is in its state; null when there is nothing to say
 * @param error set only in answers to start/stop/restart: why the operation did not reach its
 *     goal for this unit (then the HTTP status is 409 or 504); omitted from the JSON when null
 */
@JsonPropertyOrder({"name", "state", "pid", "since", "started_at", "uptime_ms", "restarts", "last_exit", "reason",
        "error"})
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
        @JsonProperty("error") @JsonInclude(JsonInclude.Include.NON_NULL) String error) {

    /**
     * @param now the instant uptime is measured to
     */
    public static UnitView of(UnitStatus status, Instant now) {
        long uptime = status.pid() >= 0 && status.startedAt() != null
                ? Math.max(0, Duration.between(status.startedAt(), now).toMillis())
                : 0;
        return new UnitView(status.name(), status.state().name(), status.pid(), iso(status.since()),
                iso(status.startedAt()), uptime, status.restarts(),
                status.lastExit() == null ? null : status.lastExit().describe(), status.reason(), null);
    }

    /** A unit that vanished (was unregistered) while an operation on it was under way. */
    static UnitView vanished(String name, Instant now) {
        return new UnitView(name, "UNKNOWN", -1, iso(now), null, 0, 0, null, "no longer registered", null);
    }

    /** The same view with an operation error attached. */
    public UnitView withError(String message) {
        return new UnitView(name, state, pid, since, startedAt, uptimeMs, restarts, lastExit, reason, message);
    }

    private static String iso(Instant instant) {
        return instant == null ? null : instant.truncatedTo(ChronoUnit.MILLIS).toString();
    }
}
