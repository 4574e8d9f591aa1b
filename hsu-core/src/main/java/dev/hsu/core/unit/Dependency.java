package dev.hsu.core.unit;

import java.util.Objects;

/**
 * One entry of {@code depends_on}: the dependent starts only when {@code condition} holds for
 * {@code unit} (for a worker pool: for all its replicas, or {@code min_ready} of them).
 *
 * @param unit the unit depended on
 * @param condition what must hold for it before the dependent starts
 */
public record Dependency(String unit, Condition condition) {

    /** What must hold for the dependency. */
    public enum Condition {
        /** it is running (or ran and completed) */
        STARTED,
        /** it is running and its readiness check ({@code readiness_check}, else {@code health_check}) passed */
        HEALTHY,
        /** it exited with code 0 (a one-shot setup job) */
        COMPLETED
    }

    public Dependency {
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(condition, "condition");
    }
}
