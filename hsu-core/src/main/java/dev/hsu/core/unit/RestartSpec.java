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
 * @param windowRestarts with {@code window}: automatic restarts allowed within any span of
 *     {@code window}; one more makes the unit {@code FAILED}. 0: no such limit. Unlike
 *     {@code maxRetries} it is not reset by a run that lasted {@code resetAfter}, so it also stops
 *     a unit that crashes just after each reset; only a user start clears it.
 * @param window the span of {@code windowRestarts}; {@link Duration#ZERO} when there is no such limit
 */
public record RestartSpec(
        RestartPolicy policy,
        int maxRetries,
        Duration retryDelay,
        double backoffRate,
        Duration maxDelay,
        Duration resetAfter,
        double jitter,
        int windowRestarts,
        Duration window) {

    public static final int UNLIMITED = -1;

    /**
     * The most restarts a window may allow. The master remembers the time of each restart inside
     * the window (and hands them to the next master), and a budget larger than this stops no storm.
     */
    public static final int MAX_WINDOW_RESTARTS = 1000;

    /** on-failure, 5 retries, 1 s × 2^n up to 5 min, reset after 1 min up, ±10 % jitter, no window. */
    public static final RestartSpec DEFAULT = new RestartSpec(RestartPolicy.ON_FAILURE, 5,
            Duration.ofSeconds(1), 2.0, Duration.ofMinutes(5), Duration.ofMinutes(1), 0.1);

    public RestartSpec {
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(retryDelay, "retryDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        Objects.requireNonNull(resetAfter, "resetAfter");
        Objects.requireNonNull(window, "window");
    }

    /** Without a restart window. */
    public RestartSpec(RestartPolicy policy, int maxRetries, Duration retryDelay, double backoffRate,
                       Duration maxDelay, Duration resetAfter, double jitter) {
        this(policy, maxRetries, retryDelay, backoffRate, maxDelay, resetAfter, jitter, 0, Duration.ZERO);
    }

    /** Whether a restart window is set. */
    public boolean hasWindow() {
        return windowRestarts != 0 || !window.isZero();
    }

    /**
     * The components, the window only when set: a unit's definition digest (in the state file)
     * is made from this text, and a definition written before windows existed must keep its
     * digest, or the next master would restart every kept unit as changed.
     */
    @Override
    public String toString() {
        return "RestartSpec[policy=" + policy + ", maxRetries=" + maxRetries + ", retryDelay=" + retryDelay
                + ", backoffRate=" + backoffRate + ", maxDelay=" + maxDelay + ", resetAfter=" + resetAfter
                + ", jitter=" + jitter
                + (hasWindow() ? ", windowRestarts=" + windowRestarts + ", window=" + window : "") + "]";
    }

    public RestartSpec withPolicy(RestartPolicy p) {
        return new RestartSpec(p, maxRetries, retryDelay, backoffRate, maxDelay, resetAfter,
                jitter, windowRestarts, window);
    }

    public RestartSpec withMaxRetries(int n) {
        return new RestartSpec(policy, n, retryDelay, backoffRate, maxDelay, resetAfter,
                jitter, windowRestarts, window);
    }

    public RestartSpec withRetryDelay(Duration d) {
        return new RestartSpec(policy, maxRetries, d, backoffRate, maxDelay, resetAfter,
                jitter, windowRestarts, window);
    }

    public RestartSpec withBackoffRate(double r) {
        return new RestartSpec(policy, maxRetries, retryDelay, r, maxDelay, resetAfter,
                jitter, windowRestarts, window);
    }

    public RestartSpec withMaxDelay(Duration d) {
        return new RestartSpec(policy, maxRetries, retryDelay, backoffRate, d, resetAfter,
                jitter, windowRestarts, window);
    }

    public RestartSpec withResetAfter(Duration d) {
        return new RestartSpec(policy, maxRetries, retryDelay, backoffRate, maxDelay, d,
                jitter, windowRestarts, window);
    }

    public RestartSpec withJitter(double j) {
        return new RestartSpec(policy, maxRetries, retryDelay, backoffRate, maxDelay, resetAfter,
                j, windowRestarts, window);
    }

    /** At most {@code restarts} automatic restarts within any {@code span} (0 and ZERO: no such limit). */
    public RestartSpec withWindow(int restarts, Duration span) {
        return new RestartSpec(policy, maxRetries, retryDelay, backoffRate, maxDelay, resetAfter,
                jitter, restarts, span);
    }
}
