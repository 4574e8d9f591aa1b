package dev.hsu.app.config;

import dev.hsu.app.config.yaml.Location;
import java.util.Objects;

/**
 * One thing wrong (or worth a warning) in a configuration file, located precisely enough for an
 * editor to jump to it.
 *
 * <p>Formatted by {@link #toString()} as {@code FILE:LINE:COL: unit 'web': restart.max_retries:
 * must be >= -1 (got -3)}; warnings carry {@code warning: } after the position.
 *
 * @param file the file as the user named it
 * @param location where in the file; null when the problem concerns the whole file (unreadable)
 * @param unit the unit concerned, or null for the master section and the file's structure
 * @param field the key path inside the unit ({@code restart.max_retries}, {@code args[2]}), or a
 *     top-level path ({@code master.log_directory}); null when the problem is about the unit or
 *     file as a whole
 * @param message what is wrong and, where there is one, how to fix it
 * @param severity error (the file is rejected) or warning (reported, file accepted)
 */
public record ConfigProblem(String file, Location location, String unit, String field, String message,
                            Severity severity) {

    /** Whether the problem rejects the file. */
    public enum Severity { ERROR, WARNING }

    public ConfigProblem {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(severity, "severity");
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(file);
        if (location != null) {
            sb.append(':').append(location.line()).append(':').append(location.column());
        }
        sb.append(": ");
        if (severity == Severity.WARNING) {
            sb.append("warning: ");
        }
        if (unit != null) {
            sb.append("unit '").append(unit).append("': ");
        }
        if (field != null && !field.isEmpty()) {
            sb.append(field).append(": ");
        }
        return sb.append(message).toString();
    }
}
