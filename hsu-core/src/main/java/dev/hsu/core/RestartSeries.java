package dev.hsu.core;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Where a unit's restart series stands, in a form that outlives the master: a master that
 * restarts (crash, upgrade, {@code shutdown --keep-units}) hands it to the next one, so that a
 * unit in a crash loop does not get a fresh restart budget from every master restart. Immutable.
 *
 * @param attempts restarts used in the current series (what {@code restart.max_retries} counts);
 *     0 or more
 * @param window when the restarts that still count against {@code restart.window_restarts} were
 *     made, wall-clock time, oldest first; empty without a restart window
 * @param runningSince when the run under way began (wall clock), or null when the unit was not
 *     running: a run that has lasted {@code restart.reset_after} by the time the series is
 *     continued ends the series, as it would have at its exit
 */
public record RestartSeries(int attempts, List<Instant> window, Instant runningSince) {

    /** A series that has not begun. */
    public static final RestartSeries NONE = new RestartSeries(0, List.of(), null);

    public RestartSeries {
        if (attempts < 0) {
            throw new IllegalArgumentException("attempts must be 0 or more, got " + attempts);
        }
        window = List.copyOf(Objects.requireNonNull(window, "window"));
    }

    /** Of a unit that was not running. */
    public RestartSeries(int attempts, List<Instant> window) {
        this(attempts, window, null);
    }

    /** True when there is nothing to carry over. */
    public boolean isEmpty() {
        return attempts == 0 && window.isEmpty();
    }
}
