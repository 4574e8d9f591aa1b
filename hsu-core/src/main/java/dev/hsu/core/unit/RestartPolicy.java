package dev.hsu.core.unit;

import java.util.Locale;
import java.util.Optional;

/** When a unit whose process ended is started again. A stop asked for by the user never restarts. */
public enum RestartPolicy {
    /** Never restart. */
    NEVER,
    /** Restart after a non-zero exit code or a death by signal; not after exit code 0. */
    ON_FAILURE,
    /** Restart after every exit, exit code 0 included. */
    ALWAYS,
    /**
     * As {@link #ALWAYS}; in addition a unit the user stopped stays stopped when the master
     * itself is restarted (with state kept, see the daemon documentation).
     */
    UNLESS_STOPPED;

    /** The YAML spelling: {@code on-failure}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Parses {@code on-failure}, {@code on_failure} or {@code ON_FAILURE}. */
    public static Optional<RestartPolicy> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String key = text.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (RestartPolicy p : values()) {
            if (p.name().equals(key)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
