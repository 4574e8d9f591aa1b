package dev.hsu.core.unit;

import java.util.Objects;

/**
 * One entry of {@code depends_on}. Parsed and validated; ordering is not yet active (the
 * dependency issue).
 *
 * @param unit the unit depended on
 * @param condition what must hold for it before the dependent starts
 */
public record Dependency(String unit, Condition condition) {

    /** What must hold for the dependency. */
    public enum Condition {
        /** it is running */
        STARTED,
        /** its readiness check passed */
        HEALTHY,
        /** it exited with code 0 */
        COMPLETED
    }

    public Dependency {
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(condition, "condition");
    }
}
