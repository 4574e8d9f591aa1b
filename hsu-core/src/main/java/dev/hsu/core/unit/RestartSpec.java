package dev.hsu.core.unit;

import java.time.Duration;
import java.util.Objects;

/**
 * How a unit is restarted. The delay before restart attempt {@code n} (0-based) is
 * {@code retryDelay × backoffRate^n}, capped at {@code maxDelay}, then spread by ±{@code jitter}.
 *
 * @param policy when to restart
 * @param maxRetries restarts allowed before the unit is {@code FAILED}; -1 for no limit
 * @param retryDelay the first delay, 0 or more
 * @param backoffRate factor per attempt, 1.0 or more
 * @param maxDelay the cap of any single delay
 * @param resetAfter a run that lasts this long resets the attempt counter
 * @param jitter fraction 0..1 by which a delay is spread at random (0.1 = ±10 %)
 */
public record RestartSpec(
        RestartPolicy policy,
        int maxRetries,
        Duration retryDelay,
        double backoffRate,
        Duration maxDelay,
        Duration resetAfter,
        double jitter) {

    public static final int UNLIMITED = -1;

    /** on-failure, 5 retries, 1 s × 2^n up to 5 min, reset after 1 min up, ±10 % jitter. */
    public static final RestartSpec DEFAULT = new RestartSpec(RestartPolicy.ON_FAILURE, 5,
            Duration.ofSeconds(1), 2.0, Duration.ofMinutes(5), Duration.ofMinutes(1), 0.1);

    public RestartSpec {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(retryDelay, "retryDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        Objects.requireNonNull(resetAfter, "resetAfter");
    }

    public RestartSpec withPolicy(RestartPolicy p) {
        return new RestartSpec(p, maxRetries, retryDelay, backoffRate, maxDelay, resetAfter, jitter);
    }

    public RestartSpec withMaxRetries(int n) {
        return new RestartSpec(policy, n, retryDelay, backoffRate, maxDelay, resetAfter, jitter);
    }

    public RestartSpec withRetryDelay(Duration d) {
        return new RestartSpec(policy, maxRetries, d, backoffRate, maxDelay, resetAfter, jitter);
    }

    public RestartSpec withBackoffRate(double r) {
        return new RestartSpec(policy, maxRetries, retryDelay, r, maxDelay, resetAfter, jitter);
    }

    public RestartSpec withMaxDelay(Duration d) {
        return new RestartSpec(policy, maxRetries, retryDelay, backoffRate, d, resetAfter, jitter);
    }

    public RestartSpec withResetAfter(Duration d) {
        return new RestartSpec(policy, maxRetries, retryDelay, backoffRate, maxDelay, d, jitter);
    }

    public RestartSpec withJitter(double j) {
        return new RestartSpec(policy, maxRetries, retryDelay, backoffRate, maxDelay, resetAfter, j);
    }
}
