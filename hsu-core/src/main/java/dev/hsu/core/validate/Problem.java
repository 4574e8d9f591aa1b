package dev.hsu.core.validate;

import java.util.Objects;

/**
 * One thing wrong with a unit's configuration.
 *
 * @param unit the unit's name (as written, even if invalid)
 * @param field the YAML key path, e.g. {@code executable}, {@code restart.max_retries},
 *     {@code resources.memory}
 * @param message what is wrong and how to fix it, without the unit and field (see {@link #describe()})
 * @param severity error or warning
 */
public record Problem(String unit, String field, String message, Severity severity) {

    public Problem {
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(severity, "severity");
    }

    /** True for {@link Severity#ERROR}. */
    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** The full sentence: {@code unit 'web': restart.max_retries: must be -1 or more (got -2); ...}. */
    public String describe() {
        return "unit '" + unit + "': " + field + ": " + message;
    }

    @Override
    public String toString() {
        return severity + " " + describe();
    }
}
