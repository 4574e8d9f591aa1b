package dev.hsu.core.unit;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A unit's health check (as {@code health_check}, liveness and readiness at once) or readiness
 * check ({@code readiness_check}, readiness only). Immutable. Probe semantics are Kubernetes':
 * the first check runs {@code initialDelay} after the process started, then one every
 * {@code interval}; the state changes only after {@code successThreshold} (or
 * {@code failureThreshold}) consecutive results of the other kind; a check that times out
 * counts as a failure.
 *
 * @param type http, tcp, exec or process
 * @param url http: the URL to request
 * @param method http: the method, default GET
 * @param headers http: extra request headers
 * @param address tcp: host to connect to, default 127.0.0.1
 * @param port tcp: port, 1..65535
 * @param command exec: the program to run
 * @param args exec: its arguments
 * @param initialDelay wait before the first check
 * @param interval time between checks
 * @param timeout one check's deadline; a timeout counts as a failure
 * @param retries extra attempts within one check before it counts as failed
 * @param successThreshold consecutive successes to become healthy
 * @param failureThreshold consecutive failures to become unhealthy
 * @param expectStatus http: the one status code that is healthy; null means any 2xx
 * @param expectBody http: a substring the response body must contain; null means any body
 */
public record HealthCheck(
        Type type,
        String url,
        String method,
        Map<String, String> headers,
        String address,
        Integer port,
        String command,
        List<String> args,
        Duration initialDelay,
        Duration interval,
        Duration timeout,
        int retries,
        int successThreshold,
        int failureThreshold,
        Integer expectStatus,
        String expectBody) {

    /** The kinds of health check. */
    public enum Type { HTTP, TCP, EXEC, PROCESS }

    public HealthCheck {
        Objects.requireNonNull(type, "type");
        headers = headers == null ? Map.of() : Map.copyOf(headers);
        args = args == null ? List.of() : List.copyOf(args);
        Objects.requireNonNull(initialDelay, "initialDelay");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(timeout, "timeout");
    }

    /** A check without http expectations (any 2xx, any body). */
    public HealthCheck(Type type, String url, String method, Map<String, String> headers, String address,
                       Integer port, String command, List<String> args, Duration initialDelay, Duration interval,
                       Duration timeout, int retries, int successThreshold, int failureThreshold) {
        this(type, url, method, headers, address, port, command, args, initialDelay, interval, timeout, retries,
                successThreshold, failureThreshold, null, null);
    }

    /** An http check of {@code url} with the given timings and the defaults of the rest. */
    public static HealthCheck http(String url, Duration interval, Duration timeout, int successThreshold,
                                   int failureThreshold) {
        return new HealthCheck(Type.HTTP, url, "GET", Map.of(), null, null, null, List.of(), Duration.ZERO, interval,
                timeout, 0, successThreshold, failureThreshold);
    }

    /** A tcp check of {@code address:port} every {@code interval}, thresholds 1. */
    public static HealthCheck tcp(String address, int port, Duration interval, Duration timeout) {
        return new HealthCheck(Type.TCP, null, null, Map.of(), address, port, null, List.of(), Duration.ZERO,
                interval, timeout, 0, 1, 1);
    }

    /** An exec check running {@code command args...}, thresholds 1. */
    public static HealthCheck exec(Duration interval, Duration timeout, String command, String... args) {
        return new HealthCheck(Type.EXEC, null, null, Map.of(), null, null, command, List.of(args), Duration.ZERO,
                interval, timeout, 0, 1, 1);
    }

    /** The same check with another initial delay. */
    public HealthCheck withInitialDelay(Duration d) {
        return new HealthCheck(type, url, method, headers, address, port, command, args, d, interval, timeout,
                retries, successThreshold, failureThreshold, expectStatus, expectBody);
    }

    /** The same check with other retries and thresholds. */
    public HealthCheck withThresholds(int retries, int successThreshold, int failureThreshold) {
        return new HealthCheck(type, url, method, headers, address, port, command, args, initialDelay, interval,
                timeout, retries, successThreshold, failureThreshold, expectStatus, expectBody);
    }

    /** The same check with http expectations. */
    public HealthCheck withExpect(Integer status, String body) {
        return new HealthCheck(type, url, method, headers, address, port, command, args, initialDelay, interval,
                timeout, retries, successThreshold, failureThreshold, status, body);
    }
}
