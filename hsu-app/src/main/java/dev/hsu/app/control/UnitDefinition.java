package dev.hsu.app.control;

import dev.hsu.core.unit.Dependency;
import dev.hsu.core.unit.HealthCheck;
import dev.hsu.core.unit.LogConfig;
import dev.hsu.core.unit.ManagedUnit;
import dev.hsu.core.unit.OutputRedirect;
import dev.hsu.core.unit.RestartSpec;
import dev.hsu.core.unit.Schedule;
import dev.hsu.spi.ResourceLimits;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A unit's definition as the control API shows it ({@code hsu describe}): the keys of the YAML
 * file, with defaults filled in, durations in the config's form ({@code 30s}), sizes in bytes and
 * paths absolute. Unset optional values are left out. Stateless.
 */
final class UnitDefinition {
    private UnitDefinition() {
    }

    static Map<String, Object> of(ManagedUnit u) {
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, "description", u.description().isEmpty() ? null : u.description());
        m.put("executable", u.executable());
        // Values from env files (and what was expanded from them) are never shown.
        m.put("args", u.args().stream().map(a -> u.secrets().redact(a)).toList());
        m.put("environment", u.maskedEnvironment());
        if (u.clearEnvironment()) {
            m.put("clear_environment", true);
        }
        put(m, "working_directory", u.workingDirectory() == null ? null
                : u.secrets().redact(u.workingDirectory().toString()));
        if (u.identity() != null) {
            m.put("user", u.identity().user());
            m.put("uid", u.identity().uid());
            m.put("gid", u.identity().gid());
            m.put("supplementary_groups", u.identity().supplementaryGroups());
        }
        put(m, "umask", u.umask() == null ? null : String.format("%03o", u.umask()));
        m.put("auto_start", u.autoStart());
        m.put("restart", restart(u.restart()));
        m.put("graceful_timeout", duration(u.gracefulTimeout()));
        m.put("stop_signal", u.stopSignal().signalName());
        put(m, "priority", u.priority());
        Map<String, Object> res = resources(u.resources());
        if (!res.isEmpty()) {
            m.put("resources", res);
        }
        m.put("stdout", output(u.stdout()));
        m.put("stderr", output(u.stderr()));
        m.put("log", log(u.log()));
        put(m, "health_check", check(u.healthCheck()));
        put(m, "readiness_check", check(u.readinessCheck()));
        if (!u.dependsOn().isEmpty()) {
            Map<String, Object> deps = new LinkedHashMap<>();
            for (Dependency d : u.dependsOn()) {
                deps.put(d.unit(), d.condition().name().toLowerCase());
            }
            m.put("depends_on", deps);
            m.put("start_timeout", duration(u.startTimeout()));
            m.put("restart_dependents", u.restartDependents());
        }
        put(m, "schedule", schedule(u.schedule()));
        if (u.isPool()) {
            m.put("replicas", u.replicas());
            put(m, "min_ready", u.minReady());
        }
        return m;
    }

    private static Map<String, Object> restart(RestartSpec r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("policy", r.policy().configName());
        m.put("max_retries", r.maxRetries());
        m.put("retry_delay", duration(r.retryDelay()));
        m.put("backoff_rate", r.backoffRate());
        m.put("max_delay", duration(r.maxDelay()));
        m.put("reset_after", duration(r.resetAfter()));
        m.put("jitter", r.jitter());
        if (r.hasWindow()) {
            m.put("window", duration(r.window()));
            m.put("window_restarts", r.windowRestarts());
        }
        return m;
    }

    private static Map<String, Object> resources(ResourceLimits l) {
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, "cpu", l.cpu());
        put(m, "cpu_shares", l.cpuShares());
        put(m, "memory", l.memory());
        put(m, "memory_swap", l.memorySwap());
        put(m, "max_processes", l.maxProcesses());
        put(m, "max_open_files", l.maxOpenFiles());
        put(m, "io_weight", l.ioWeight());
        put(m, "io_read_bps", l.ioReadBps());
        put(m, "io_write_bps", l.ioWriteBps());
        return m;
    }

    private static Object output(OutputRedirect r) {
        return switch (r) {
            case OutputRedirect.Console c -> "console";
            case OutputRedirect.Discard d -> "discard";
            case OutputRedirect.File f -> Map.of("file", f.path().toString(), "append", f.append());
            case OutputRedirect.Log l -> Map.of("log", l.path().toString());
        };
    }

    private static Map<String, Object> log(LogConfig l) {
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, "directory", l.directory());
        m.put("timestamps", l.timestamps());
        put(m, "max_size", l.maxSize());
        put(m, "max_files", l.maxFiles());
        m.put("compress", l.compress());
        put(m, "max_age", l.maxAge() == null ? null : duration(l.maxAge()));
        return m;
    }

    private static Map<String, Object> check(HealthCheck h) {
        if (h == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", h.type().name().toLowerCase());
        put(m, "url", h.url());
        put(m, "method", h.method());
        if (h.headers() != null && !h.headers().isEmpty()) {
            m.put("headers", h.headers());
        }
        put(m, "address", h.address());
        put(m, "port", h.port());
        put(m, "command", h.command());
        if (h.args() != null && !h.args().isEmpty()) {
            m.put("args", h.args());
        }
        m.put("initial_delay", duration(h.initialDelay()));
        m.put("interval", duration(h.interval()));
        m.put("timeout", duration(h.timeout()));
        m.put("retries", h.retries());
        m.put("success_threshold", h.successThreshold());
        m.put("failure_threshold", h.failureThreshold());
        put(m, "expect_status", h.expectStatus());
        put(m, "expect_body", h.expectBody());
        return m;
    }

    private static Map<String, Object> schedule(Schedule s) {
        if (s == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cron", s.cron());
        m.put("timezone", s.timezone().getId());
        m.put("overlap", s.overlap().name().toLowerCase());
        m.put("catch_up", s.catchUp());
        return m;
    }

    private static String duration(Duration d) {
        return dev.hsu.app.config.Durations.format(d);
    }

    private static void put(Map<String, Object> m, String key, Object value) {
        if (value != null) {
            m.put(key, value instanceof java.nio.file.Path p ? p.toString() : value);
        }
    }
}
