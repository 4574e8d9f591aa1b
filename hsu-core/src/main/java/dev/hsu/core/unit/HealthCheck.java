package dev.hsu.core.unit;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A unit's health check. Parsed and validated; not yet active (the health check issue).
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
        int failureThreshold) {

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
}
