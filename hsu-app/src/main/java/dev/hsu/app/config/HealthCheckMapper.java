package dev.hsu.app.config;

import dev.hsu.core.unit.HealthCheck;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Maps {@code health_check:} and {@code readiness_check:} (same shape). Defaults: initial_delay 0,
 * interval 10s, timeout 1s, retries 0, success_threshold 1, failure_threshold 3; http: method
 * GET, any 2xx healthy ({@code expect_status} for one code, {@code expect_body} for a text the
 * body must contain); tcp: address 127.0.0.1. A setting that belongs to another type of check is
 * an error (it would be silently ignored otherwise).
 */
final class HealthCheckMapper {
    static final List<String> KEYS = List.of("type", "url", "method", "headers", "address", "port", "command",
            "args", "initial_delay", "interval", "timeout", "retries", "success_threshold", "failure_threshold",
            "expect_status", "expect_body");
    private static final Map<String, HealthCheck.Type> OWNER = Map.of(
            "url", HealthCheck.Type.HTTP, "method", HealthCheck.Type.HTTP, "headers", HealthCheck.Type.HTTP,
            "expect_status", HealthCheck.Type.HTTP, "expect_body", HealthCheck.Type.HTTP,
            "address", HealthCheck.Type.TCP, "port", HealthCheck.Type.TCP,
            "command", HealthCheck.Type.EXEC, "args", HealthCheck.Type.EXEC);

    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);

    private HealthCheckMapper() {
    }

    /** @param key {@code health_check} or {@code readiness_check} */
    static HealthCheck map(Section unit, String key) {
        Section h = unit.section(key);
        if (h == null) {
            return null;
        }
        h.checkKeys(KEYS);
        HealthCheck.Type type = h.choice("type", Arrays.asList(HealthCheck.Type.values()),
                t -> t.name().toLowerCase(Locale.ROOT));
        if (type == null) {
            if (!h.has("type")) {
                h.scope().error(unit.at(key), key + ".type",
                        "is required: one of http, tcp, exec, process");
            }
            return null;
        }
        for (Map.Entry<String, HealthCheck.Type> e : OWNER.entrySet()) {
            if (h.has(e.getKey()) && e.getValue() != type) {
                h.error(e.getKey(), "applies to " + e.getValue().name().toLowerCase(Locale.ROOT)
                        + " checks only; this check's type is " + type.name().toLowerCase(Locale.ROOT));
            }
        }
        String url = null;
        String method = null;
        Map<String, String> headers = null;
        String address = null;
        Integer port = null;
        String command = null;
        List<String> args = null;
        Integer expectStatus = null;
        String expectBody = null;
        switch (type) {
            case HTTP -> {
                url = required(h, "url", "e.g. url: http://127.0.0.1:8080/health");
                if (url != null && !isHttpUrl(url)) {
                    h.error("url", "must be an http:// or https:// URL with a host (got '" + url + "')");
                }
                method = h.text("method");
                if (method != null && !method.matches("[A-Za-z]+")) {
                    h.error("method", "'" + method + "' is not an HTTP method; e.g. GET or HEAD");
                }
                method = method == null ? "GET" : method.toUpperCase(Locale.ROOT);
                headers = h.stringMap("headers");
                Long status = h.integer("expect_status", 100, 599);
                expectStatus = status == null ? null : status.intValue();
                expectBody = h.text("expect_body");
                if (expectBody != null && expectBody.isEmpty()) {
                    h.error("expect_body", "is empty; remove it to accept any body, or give the text to look for");
                    expectBody = null;
                }
            }
            case TCP -> {
                address = h.text("address");
                address = address == null ? "127.0.0.1" : address;
                Long p = h.integer("port", 1, 65_535);
                if (p == null && !h.has("port")) {
                    h.scope().error(unit.at(key), key + ".port", "is required for a tcp check, e.g. port: 5432");
                }
                port = p == null ? null : p.intValue();
            }
            case EXEC -> {
                command = required(h, "command", "e.g. command: /usr/local/bin/check-db");
                args = h.strings("args");
            }
            case PROCESS -> {
                // The process being alive is the check: nothing more to read.
            }
        }
        Duration initialDelay = or(h.duration("initial_delay", false), Duration.ZERO);
        Duration interval = or(h.duration("interval", true), DEFAULT_INTERVAL);
        Duration timeout = or(h.duration("timeout", true), DEFAULT_TIMEOUT);
        Long retries = h.integer("retries", 0, 100);
        Long success = h.integer("success_threshold", 1, 1000);
        Long failure = h.integer("failure_threshold", 1, 1000);
        return new HealthCheck(type, url, method, headers, address, port, command, args, initialDelay, interval,
                timeout, retries == null ? 0 : retries.intValue(), success == null ? 1 : success.intValue(),
                failure == null ? 3 : failure.intValue(), expectStatus, expectBody);
    }

    private static String required(Section h, String key, String example) {
        String v = h.text(key);
        if (v != null && !v.isBlank()) {
            return v;
        }
        // A map or list in its place was reported as a wrong type already.
        if (h.node(key) == null || h.node(key) instanceof dev.hsu.app.config.yaml.YamlScalar) {
            h.scope().error(h.has(key) ? h.at(key) : h.map().location(), h.field(key),
                    "is required for this type of check, " + example);
        }
        return null;
    }

    private static boolean isHttpUrl(String url) {
        try {
            URI u = new URI(url);
            return ("http".equalsIgnoreCase(u.getScheme()) || "https".equalsIgnoreCase(u.getScheme()))
                    && u.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static <T> T or(T value, T fallback) {
        return value == null ? fallback : value;
    }
}
