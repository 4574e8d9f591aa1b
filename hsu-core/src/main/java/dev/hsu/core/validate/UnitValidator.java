package dev.hsu.core.validate;

import dev.hsu.core.unit.Dependency;
import dev.hsu.core.unit.HealthCheck;
import dev.hsu.core.unit.LogConfig;
import dev.hsu.core.unit.ManagedUnit;
import dev.hsu.core.unit.OutputRedirect;
import dev.hsu.core.unit.RestartSpec;
import dev.hsu.core.unit.Schedule;
import dev.hsu.core.schedule.CronExpression;
import dev.hsu.spi.LimitKind;
import dev.hsu.spi.PlatformCapabilities;
import dev.hsu.spi.ResourceLimits;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Checks units before the master accepts them. Every message names the field (as a YAML key
 * path), what is wrong with the value, and what to write instead.
 *
 * <p>Thread-safety: stateless; safe from any thread.
 */
public final class UnitValidator {
    /** Letters, digits, {@code . _ -}; starts with a letter or digit; 1..64 characters. */
    public static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    /** The largest {@code max_open_files} accepted (the Linux kernel's {@code nr_open} ceiling). */
    public static final long MAX_OPEN_FILES_CEILING = 1L << 30;
    private static final long MIB = 1024 * 1024;
    private static final Pattern HTTP_METHOD = Pattern.compile("[A-Za-z]+");
    /** The most replicas of one unit. */
    public static final int MAX_REPLICAS = 1000;

    private UnitValidator() {
    }

    /**
     * Checks one unit on its own (not its dependencies' existence: see {@link #validateAll}).
     *
     * @param caps what the platform can enforce
     * @param strictLimits true: an unenforceable limit is an error; false: a warning
     * @return every problem found, in field order; empty if the unit is fine
     */
    public static List<Problem> validate(ManagedUnit unit, PlatformCapabilities caps, boolean strictLimits) {
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(caps, "caps");
        Checker c = new Checker(unit.name());
        name(c, unit.name());
        command(c, unit);
        environment(c, unit.environment());
        if (unit.workingDirectory() != null && unit.workingDirectory().toString().isEmpty()) {
            c.error("working_directory", "is empty; remove it to use the master's directory, or give a path");
        }
        restart(c, unit.restart());
        if (unit.priority() != null && (unit.priority() < -20 || unit.priority() > 19)) {
            c.error("priority", "must be a niceness from -20 (highest) to 19 (lowest), got " + unit.priority());
        }
        positive(c, "graceful_timeout", unit.gracefulTimeout(), "e.g. 30s");
        if (!caps.signals().isEmpty() && !caps.signals().contains(unit.stopSignal())) {
            c.error("stop_signal", unit.stopSignal().signalName() + " cannot be delivered on this platform; use one of "
                    + caps.signals().stream().map(s -> s.signalName()).sorted().collect(Collectors.joining(", ")));
        }
        resources(c, unit.resources(), caps, strictLimits);
        IdentityRules.check(unit, caps, c::error);
        log(c, unit.log());
        output(c, "stdout", unit.stdout());
        output(c, "stderr", unit.stderr());
        if (unit.healthCheck() != null) {
            healthCheck(c, "health_check", unit.healthCheck());
        }
        if (unit.readinessCheck() != null) {
            healthCheck(c, "readiness_check", unit.readinessCheck());
        }
        replicas(c, unit);
        positive(c, "start_timeout", unit.startTimeout(), "e.g. 2m");
        if (unit.schedule() != null) {
            schedule(c, unit.schedule());
        }
        dependencies(c, unit);
        return c.problems;
    }

    /**
     * Checks every unit on its own, then the set: unique names, {@code depends_on} names that
     * exist, and no dependency cycle (reported as {@code a → b → c → a}).
     *
     * @return every problem found; empty if all is fine
     */
    public static List<Problem> validateAll(Collection<ManagedUnit> units, PlatformCapabilities caps,
                                            boolean strictLimits) {
        List<Problem> problems = new ArrayList<>();
        Map<String, ManagedUnit> byName = new LinkedHashMap<>();
        for (ManagedUnit unit : units) {
            problems.addAll(validate(unit, caps, strictLimits));
            if (byName.putIfAbsent(unit.name(), unit) != null) {
                problems.add(new Problem(unit.name(), "name", "is used by more than one unit; give every unit a"
                        + " unique name", Severity.ERROR));
            }
        }
        for (ManagedUnit unit : byName.values()) {
            for (int i = 0; i < unit.dependsOn().size(); i++) {
                String target = unit.dependsOn().get(i).unit();
                if (!target.equals(unit.name()) && !byName.containsKey(target)) {
                    problems.add(new Problem(unit.name(), "depends_on[" + i + "]", "names unit '" + target
                            + "', which does not exist; known units: " + String.join(", ", byName.keySet()),
                            Severity.ERROR));
                } else if (unit.dependsOn().get(i).condition() == Dependency.Condition.HEALTHY
                        && byName.containsKey(target) && byName.get(target).readinessGate() == null) {
                    problems.add(new Problem(unit.name(), "depends_on[" + i + "]", "waits for unit '" + target
                            + "' to be healthy, but '" + target + "' has no health_check or readiness_check, so"
                            + " healthy means running for it; give it a check, or use condition started",
                            Severity.WARNING));
                }
            }
        }
        for (List<String> cycle : cycles(byName)) {
            problems.add(new Problem(cycle.get(0), "depends_on", "dependency cycle " + String.join(" → ", cycle)
                    + "; remove one of these dependencies", Severity.ERROR));
        }
        return problems;
    }

    // ---- per field -------------------------------------------------------------------------

    private static void name(Checker c, String name) {
        if (!NAME.matcher(name).matches()) {
            c.error("name", "'" + name + "' is not a valid unit name; use 1 to 64 letters, digits, '.', '_' or '-',"
                    + " starting with a letter or digit");
        }
    }

    private static void command(Checker c, ManagedUnit unit) {
        if (unit.executable().isBlank()) {
            c.error("executable", "is missing; give the program to run, e.g. executable: /usr/bin/python3");
        } else if (unit.executable().indexOf('\0') >= 0) {
            c.error("executable", "contains a NUL character, which no operating system accepts; remove it");
        }
        for (int i = 0; i < unit.args().size(); i++) {
            String arg = unit.args().get(i);
            if (arg == null) {
                c.error("args[" + i + "]", "is null; give a string (\"\" for an empty argument)");
            } else if (arg.indexOf('\0') >= 0) {
                c.error("args[" + i + "]", "contains a NUL character, which cannot be passed to a program; remove it");
            }
        }
    }

    private static void environment(Checker c, Map<String, String> env) {
        env.forEach((key, value) -> {
            if (key == null || key.isEmpty() || key.indexOf('=') >= 0 || key.indexOf('\0') >= 0) {
                c.error("environment", "variable name '" + key + "' is invalid; names must be non-empty and contain"
                        + " neither '=' nor NUL");
            } else if (value == null) {
                c.error("environment." + key, "has no value; give a string (\"\" for an empty value)");
            } else if (value.indexOf('\0') >= 0) {
                c.error("environment." + key, "contains a NUL character, which cannot be passed to a program;"
                        + " remove it");
            }
        });
    }

    private static void restart(Checker c, RestartSpec r) {
        if (r.maxRetries() < RestartSpec.UNLIMITED) {
            c.error("restart.max_retries", "must be -1 (unlimited) or a count of 0 or more, got " + r.maxRetries());
        }
        if (r.retryDelay().isNegative()) {
            c.error("restart.retry_delay", "must be 0 or more, got " + r.retryDelay() + "; e.g. 1s");
        }
        if (!(r.backoffRate() >= 1.0) || Double.isInfinite(r.backoffRate())) {
            c.error("restart.backoff_rate", "must be a number of 1.0 or more (1.0 = constant delay), got "
                    + r.backoffRate());
        }
        if (r.maxDelay().compareTo(r.retryDelay()) < 0) {
            c.error("restart.max_delay", "(" + r.maxDelay() + ") must be at least restart.retry_delay ("
                    + r.retryDelay() + "); raise it or lower retry_delay");
        }
        positive(c, "restart.reset_after", r.resetAfter(), "e.g. 1m");
        if (!(r.jitter() >= 0.0 && r.jitter() <= 1.0)) {
            c.error("restart.jitter", "must be a fraction from 0 to 1 (0.1 = ±10 %), got " + r.jitter());
        }
        if (r.hasWindow()) {
            if (r.windowRestarts() < 1) {
                c.error("restart.window_restarts", "must be 1 or more with restart.window (the restarts allowed "
                        + "within it), got " + r.windowRestarts() + "; e.g. 5, or remove restart.window");
            } else if (r.windowRestarts() > RestartSpec.MAX_WINDOW_RESTARTS) {
                c.error("restart.window_restarts", "must be at most " + RestartSpec.MAX_WINDOW_RESTARTS
                        + " (the time of each restart inside the window is kept), got " + r.windowRestarts()
                        + "; a few restarts per window, e.g. 5, is what stops a restart storm");
            }
            if (r.window().isNegative() || r.window().isZero()) {
                c.error("restart.window", "must be above 0 with restart.window_restarts (the span the restarts "
                        + "are counted in), got " + r.window() + "; e.g. 10m, or remove restart.window_restarts");
            }
        }
    }

    private static void resources(Checker c, ResourceLimits r, PlatformCapabilities caps, boolean strict) {
        if (r.cpu() != null && !(r.cpu() > 0 && r.cpu() <= 4096)) {
            c.error("resources.cpu", "must be a number of cores above 0 and at most 4096 (0.5 = half a core), got "
                    + r.cpu());
        }
        range(c, "resources.cpu_shares", r.cpuShares(), 1, 10_000, "a relative weight, 100 is the default");
        if (r.memory() != null && r.memory() < MIB) {
            c.error("resources.memory", "must be at least 1MiB, got " + r.memory() + " bytes; e.g. 512MiB");
        }
        if (r.memorySwap() != null) {
            if (r.memory() != null && r.memorySwap() < r.memory()) {
                c.error("resources.memory_swap", "(memory plus swap, " + r.memorySwap()
                        + " bytes) must be at least resources.memory (" + r.memory() + " bytes); raise it");
            } else if (r.memorySwap() < MIB) {
                c.error("resources.memory_swap", "must be at least 1MiB, got " + r.memorySwap() + " bytes");
            }
        }
        if (r.maxProcesses() != null && r.maxProcesses() < 1) {
            c.error("resources.max_processes", "must be 1 or more, got " + r.maxProcesses());
        }
        if (r.maxOpenFiles() != null && (r.maxOpenFiles() < 1 || r.maxOpenFiles() > MAX_OPEN_FILES_CEILING)) {
            c.error("resources.max_open_files", "must be from 1 to " + MAX_OPEN_FILES_CEILING + ", got "
                    + r.maxOpenFiles());
        }
        range(c, "resources.io_weight", r.ioWeight(), 1, 10_000, "a relative weight, 100 is the default");
        if (r.ioReadBps() != null && r.ioReadBps() <= 0) {
            c.error("resources.io_read_bps", "must be above 0 bytes per second, got " + r.ioReadBps()
                    + "; remove it for no limit");
        }
        if (r.ioWriteBps() != null && r.ioWriteBps() <= 0) {
            c.error("resources.io_write_bps", "must be above 0 bytes per second, got " + r.ioWriteBps()
                    + "; remove it for no limit");
        }
        for (LimitKind kind : LimitKind.values()) {
            if (r.requested().contains(kind) && !caps.enforceableLimits().contains(kind)) {
                String message = "this platform cannot enforce it (" + why(kind, caps) + "); "
                        + (strict ? "remove it or set master.strict_limits: false to run without it"
                                  : "the unit runs without it (master.strict_limits is false)");
                c.add("resources." + kind.configKey(), message, strict ? Severity.ERROR : Severity.WARNING);
            }
        }
    }

    private static String why(LimitKind kind, PlatformCapabilities caps) {
        String prefix = kind.configKey() + ":";
        for (String note : caps.notes()) {
            if (note.startsWith(prefix)) {
                return note.substring(prefix.length()).trim();
            }
        }
        String enforceable = caps.enforceableLimits().stream().map(LimitKind::configKey).sorted()
                .collect(Collectors.joining(", "));
        return enforceable.isEmpty() ? "it enforces no resource limit"
                : "it enforces only " + enforceable;
    }

    private static void log(Checker c, LogConfig log) {
        if (log.directory() != null && log.directory().toString().isEmpty()) {
            c.error("log.directory", "is empty; remove it to use the master's log directory, or give a path");
        }
        if (log.maxSize() != null && log.maxSize() <= 0) {
            c.error("log.max_size", "must be above 0 bytes, got " + log.maxSize() + "; e.g. 10MiB, or remove it");
        }
        if (log.maxFiles() != null && log.maxFiles() < 1) {
            c.error("log.max_files", "must be 1 or more, got " + log.maxFiles() + "; remove it to keep every file");
        }
        if (log.maxAge() != null && (log.maxAge().isNegative() || log.maxAge().isZero())) {
            c.error("log.max_age", "must be above 0, got " + log.maxAge() + "; e.g. 7d, or remove it");
        }
    }

    private static void output(Checker c, String field, OutputRedirect redirect) {
        java.nio.file.Path file = redirect instanceof OutputRedirect.File f ? f.path()
                : redirect instanceof OutputRedirect.Log l ? l.path() : null;
        if (file != null) {
            String path = file.toString();
            if (path.isEmpty()) {
                c.error(field, "file path is empty; give a file name (relative to the log directory) or use"
                        + " console / discard");
            } else if (path.indexOf('\0') >= 0) {
                c.error(field, "file path contains a NUL character; remove it");
            }
        }
    }

    private static void healthCheck(Checker c, String f, HealthCheck h) {
        switch (h.type()) {
            case HTTP -> {
                if (h.url() == null || h.url().isBlank()) {
                    c.error(f + ".url", "is required for an http check; e.g. http://127.0.0.1:8080/health");
                } else if (!validHttpUrl(h.url())) {
                    c.error(f + ".url", "'" + h.url() + "' is not an http:// or https:// URL with a host;"
                            + " e.g. http://127.0.0.1:8080/health");
                }
                if (h.method() != null && !HTTP_METHOD.matcher(h.method()).matches()) {
                    c.error(f + ".method", "'" + h.method() + "' is not an HTTP method; e.g. GET or HEAD");
                }
            }
            case TCP -> {
                if (h.port() == null) {
                    c.error(f + ".port", "is required for a tcp check; give a port from 1 to 65535");
                } else if (h.port() < 1 || h.port() > 65535) {
                    c.error(f + ".port", "must be from 1 to 65535, got " + h.port());
                }
                if (h.address() != null && h.address().isBlank()) {
                    c.error(f + ".address", "is empty; remove it for 127.0.0.1 or give a host");
                }
            }
            case EXEC -> {
                if (h.command() == null || h.command().isBlank()) {
                    c.error(f + ".command", "is required for an exec check; give the program to run");
                }
            }
            case PROCESS -> {
                // Needs nothing beyond the timings: the check is that the process is alive.
            }
        }
        if (h.type() != HealthCheck.Type.HTTP && (h.expectStatus() != null || h.expectBody() != null)) {
            c.error(f + "." + (h.expectStatus() != null ? "expect_status" : "expect_body"),
                    "applies to http checks only; remove it");
        }
        if (h.expectStatus() != null && (h.expectStatus() < 100 || h.expectStatus() > 599)) {
            c.error(f + ".expect_status", "must be an HTTP status code from 100 to 599, got " + h.expectStatus());
        }
        if (h.expectBody() != null && h.expectBody().isEmpty()) {
            c.error(f + ".expect_body", "is empty; remove it to accept any body, or give the text to look for");
        }
        if (h.initialDelay().isNegative()) {
            c.error(f + ".initial_delay", "must be 0 or more, got " + h.initialDelay());
        }
        positive(c, f + ".interval", h.interval(), "e.g. 10s");
        positive(c, f + ".timeout", h.timeout(), "e.g. 1s");
        if (h.retries() < 0) {
            c.error(f + ".retries", "must be 0 or more, got " + h.retries());
        }
        if (h.successThreshold() < 1) {
            c.error(f + ".success_threshold", "must be 1 or more, got " + h.successThreshold());
        }
        if (h.failureThreshold() < 1) {
            c.error(f + ".failure_threshold", "must be 1 or more, got " + h.failureThreshold());
        }
    }

    private static boolean validHttpUrl(String url) {
        try {
            URI uri = new URI(url);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            return (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null;
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static void schedule(Checker c, Schedule s) {
        try {
            CronExpression.parse(s.cron(), s.timezone());
        } catch (IllegalArgumentException e) {
            c.error("schedule.cron", e.getMessage());
        }
    }

    private static void replicas(Checker c, ManagedUnit unit) {
        if (unit.replicas() < 1 || unit.replicas() > MAX_REPLICAS) {
            c.error("replicas", "must be from 1 to " + MAX_REPLICAS + ", got " + unit.replicas());
            return;
        }
        if (unit.minReady() != null && (unit.minReady() < 1 || unit.minReady() > unit.replicas())) {
            c.error("min_ready", "must be from 1 to replicas (" + unit.replicas() + "), got " + unit.minReady());
        }
        String last = unit.name() + "-" + (unit.replicas() - 1);
        if (unit.isPool() && NAME.matcher(unit.name()).matches() && !NAME.matcher(last).matches()) {
            c.error("replicas", "the replica name '" + last + "' would be longer than 64 characters; shorten the"
                    + " unit name");
        }
    }

    private static void dependencies(Checker c, ManagedUnit unit) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < unit.dependsOn().size(); i++) {
            Dependency d = unit.dependsOn().get(i);
            if (d.unit().equals(unit.name())) {
                c.error("depends_on[" + i + "]", "a unit cannot depend on itself; remove '" + d.unit() + "'");
            } else if (!seen.add(d.unit())) {
                c.error("depends_on[" + i + "]", "names '" + d.unit() + "' twice; keep one entry");
            }
        }
    }

    private static void positive(Checker c, String field, Duration d, String example) {
        if (d.isNegative() || d.isZero()) {
            c.error(field, "must be above 0, got " + d + "; " + example);
        }
    }

    private static void range(Checker c, String field, Integer value, int min, int max, String hint) {
        if (value != null && (value < min || value > max)) {
            c.error(field, "must be from " + min + " to " + max + " (" + hint + "), got " + value);
        }
    }

    // ---- cycles ----------------------------------------------------------------------------

    /** Each elementary cycle found by a depth-first walk, as a closed path {@code a, b, a}. */
    private static List<List<String>> cycles(Map<String, ManagedUnit> byName) {
        Map<String, Integer> color = new HashMap<>(); // absent = unvisited, 1 = on the path, 2 = done
        List<List<String>> found = new ArrayList<>();
        for (String start : byName.keySet()) {
            if (!color.containsKey(start)) {
                walk(start, byName, color, new ArrayList<>(), found);
            }
        }
        return found;
    }

    private static void walk(String node, Map<String, ManagedUnit> byName, Map<String, Integer> color,
                             List<String> path, List<List<String>> found) {
        color.put(node, 1);
        path.add(node);
        for (Dependency d : byName.get(node).dependsOn()) {
            String next = d.unit();
            if (next.equals(node) || !byName.containsKey(next)) {
                continue; // self-dependencies and unknown names are reported on their own
            }
            Integer seen = color.get(next);
            if (seen == null) {
                walk(next, byName, color, path, found);
            } else if (seen == 1) {
                List<String> cycle = new ArrayList<>(path.subList(path.indexOf(next), path.size()));
                cycle.add(next);
                found.add(cycle);
            }
        }
        path.remove(path.size() - 1);
        color.put(node, 2);
    }

    /** Collects problems of one unit. */
    private static final class Checker {
        final String unit;
        final List<Problem> problems = new ArrayList<>();

        Checker(String unit) {
            this.unit = unit;
        }

        void error(String field, String message) {
            add(field, message, Severity.ERROR);
        }

        void add(String field, String message, Severity severity) {
            problems.add(new Problem(unit, field, message, severity));
        }
    }
}
