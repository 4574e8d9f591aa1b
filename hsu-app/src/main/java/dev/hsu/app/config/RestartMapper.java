package dev.hsu.app.config;

import dev.hsu.app.config.yaml.YamlScalar;
import dev.hsu.core.unit.RestartPolicy;
import dev.hsu.core.unit.RestartSpec;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * Maps {@code restart:}. A map of settings, or just the policy ({@code restart: always}).
 * Unset settings keep {@link RestartSpec#DEFAULT}. {@code policy: no} (a YAML false) means never,
 * as in Docker Compose.
 */
final class RestartMapper {
    static final List<String> KEYS = List.of("policy", "max_retries", "retry_delay", "backoff_rate", "max_delay",
            "reset_after", "jitter", "window", "window_restarts");
    private static final List<RestartPolicy> POLICIES = Arrays.asList(RestartPolicy.values());

    private RestartMapper() {
    }

    static RestartSpec map(Section unit) {
        if (unit.node("restart") instanceof YamlScalar) {
            RestartPolicy p = policy(unit, "restart");
            return p == null ? RestartSpec.DEFAULT : RestartSpec.DEFAULT.withPolicy(p);
        }
        Section r = unit.section("restart");
        if (r == null) {
            return RestartSpec.DEFAULT;
        }
        r.checkKeys(KEYS);
        RestartSpec spec = RestartSpec.DEFAULT;
        RestartPolicy policy = policy(r, "policy");
        if (policy != null) {
            spec = spec.withPolicy(policy);
        }
        Long maxRetries = r.integer("max_retries", -1, Integer.MAX_VALUE);
        if (maxRetries != null) {
            spec = spec.withMaxRetries(maxRetries.intValue());
        }
        Duration retryDelay = r.duration("retry_delay", false);
        if (retryDelay != null) {
            spec = spec.withRetryDelay(retryDelay);
        }
        Double backoff = r.number("backoff_rate", 1.0, false, 1000.0);
        if (backoff != null) {
            spec = spec.withBackoffRate(backoff);
        }
        Duration maxDelay = r.duration("max_delay", false);
        if (maxDelay != null) {
            spec = spec.withMaxDelay(maxDelay);
        }
        Duration resetAfter = r.duration("reset_after", false);
        if (resetAfter != null) {
            spec = spec.withResetAfter(resetAfter);
        }
        Double jitter = r.number("jitter", 0.0, false, 1.0);
        if (jitter != null) {
            spec = spec.withJitter(jitter);
        }
        Duration window = r.duration("window", true);
        Long windowRestarts = r.integer("window_restarts", 1, RestartSpec.MAX_WINDOW_RESTARTS);
        if (window != null && windowRestarts != null) {
            spec = spec.withWindow(windowRestarts.intValue(), window);
        } else if (window != null && r.node("window_restarts") == null) {
            r.error("window", "needs restart.window_restarts too: the restarts allowed within "
                    + Durations.format(window) + " before the unit is FAILED, e.g. window_restarts: 5");
        } else if (windowRestarts != null && r.node("window") == null) {
            r.error("window_restarts", "needs restart.window too: the span the " + windowRestarts
                    + " restarts are counted in, e.g. window: 10m");
        }
        if (retryDelay != null && maxDelay != null && maxDelay.compareTo(retryDelay) < 0) {
            r.error("max_delay", "must be >= retry_delay (" + Durations.format(retryDelay) + "), got "
                    + Durations.format(maxDelay));
        }
        return spec;
    }

    private static RestartPolicy policy(Section s, String key) {
        if (s.node(key) instanceof YamlScalar b && b.kind() == YamlScalar.Kind.BOOLEAN && !b.bool()) {
            return RestartPolicy.NEVER;
        }
        return s.choice(key, POLICIES, RestartPolicy::configName);
    }
}
