package dev.hsu.core;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
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
 */
public record MasterSettings(Map<String, String> baseEnvironment, Path logDirectory, boolean strictLimits,
                             ConsoleOutput console) {

    public MasterSettings {
        Objects.requireNonNull(baseEnvironment, "baseEnvironment");
        baseEnvironment = Collections.unmodifiableMap(new LinkedHashMap<>(baseEnvironment));
        baseEnvironment.forEach((k, v) -> {
            Objects.requireNonNull(k, "baseEnvironment key");
            Objects.requireNonNull(v, () -> "baseEnvironment value of " + k);
        });
        Objects.requireNonNull(logDirectory, "logDirectory");
        logDirectory = logDirectory.toAbsolutePath().normalize();
        Objects.requireNonNull(console, "console");
    }
}
