package dev.hsu.core;

/**
 * What a unit's health check says. A state changes only after the check's threshold of
 * consecutive results of the other kind (Kubernetes probe semantics).
 */
public enum HealthState {
    /** No verdict yet: the process just started, or not enough consecutive results. */
    UNKNOWN,
    /** {@code success_threshold} consecutive checks passed. */
    HEALTHY,
    /** {@code failure_threshold} consecutive checks failed (a timeout is a failure). */
    UNHEALTHY;

    /** The lower-case word used in the status table, the API and the events. */
    public String word() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
