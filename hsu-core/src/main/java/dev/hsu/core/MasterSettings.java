package dev.hsu.core;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Settings of a {@link Master} that are not per unit. Immutable.
 *
 * @param baseEnvironment the master's environment; a unit's {@code environment} is merged over it
 *     (so {@code PATH} comes from here unless the unit sets it). Copied; no null keys or values.
 * @param logDirectory where relative stdout/stderr file paths and default log files live; made
 *     absolute against the current directory if given relative. Non-null.
 * @param strictLimits true: a limit the platform cannot enforce is an error; false: a warning and
 *     the unit runs without it
 * @param console receives console-redirected output lines; non-null (use
 *     {@link ConsoleOutput#DISCARD} to drop them)
 * @param startConcurrency how many units may be launching at once when many start together (1
 *     or more; {@link #DEFAULT_START_CONCURRENCY} by default)
 * @param stateDirectory where the master keeps what must outlive it (each scheduled unit's last
 *     firing, to report firings missed while it was down); null keeps nothing
 */
public record MasterSettings(Map<String, String> baseEnvironment, Path logDirectory, boolean strictLimits,
                             ConsoleOutput console, int startConcurrency, Path stateDirectory) {

    public static final int DEFAULT_START_CONCURRENCY = 16;

    public MasterSettings {
        Objects.requireNonNull(baseEnvironment, "baseEnvironment");
        baseEnvironment.forEach((k, v) -> {
            Objects.requireNonNull(k, "baseEnvironment key");
            Objects.requireNonNull(v, () -> "baseEnvironment value of " + k);
        });
        // Immutable, so that a unit without variables of its own shares this map in its launch
        // spec (LaunchSpec's Map.copyOf keeps it) instead of holding a copy per unit.
        baseEnvironment = Map.copyOf(baseEnvironment);
        Objects.requireNonNull(logDirectory, "logDirectory");
        logDirectory = logDirectory.toAbsolutePath().normalize();
        Objects.requireNonNull(console, "console");
        if (startConcurrency < 1) {
            throw new IllegalArgumentException("startConcurrency must be 1 or more, got " + startConcurrency);
        }
        stateDirectory = stateDirectory == null ? null : stateDirectory.toAbsolutePath().normalize();
    }

    /** Settings with the default start concurrency and no state directory. */
    public MasterSettings(Map<String, String> baseEnvironment, Path logDirectory, boolean strictLimits,
                          ConsoleOutput console) {
        this(baseEnvironment, logDirectory, strictLimits, console, DEFAULT_START_CONCURRENCY, null);
    }

    public MasterSettings withStartConcurrency(int n) {
        return new MasterSettings(baseEnvironment, logDirectory, strictLimits, console, n, stateDirectory);
    }

    public MasterSettings withStateDirectory(Path dir) {
        return new MasterSettings(baseEnvironment, logDirectory, strictLimits, console, startConcurrency, dir);
    }
}
