package dev.hsu.core.health;

import java.util.Objects;

/**
 * The outcome of one check attempt.
 *
 * @param healthy whether it passed
 * @param detail what was seen, for people, e.g. {@code HTTP 200} or {@code connection refused}
 */
public record CheckResult(boolean healthy, String detail) {

    public CheckResult {
        Objects.requireNonNull(detail, "detail");
    }

    public static CheckResult ok(String detail) {
        return new CheckResult(true, detail);
    }

    public static CheckResult failed(String detail) {
        return new CheckResult(false, detail);
    }
}
