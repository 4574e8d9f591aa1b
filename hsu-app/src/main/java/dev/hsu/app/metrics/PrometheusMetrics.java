package dev.hsu.app.metrics;

import dev.hsu.app.control.UsageSampler;
import dev.hsu.core.ExitCause;
import dev.hsu.core.HealthState;
import dev.hsu.core.Master;
import dev.hsu.core.UnitState;
import dev.hsu.core.UnitStatus;
import dev.hsu.spi.ExitStatus;
import dev.hsu.spi.ResourceUsage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The master's metrics in the Prometheus text exposition format (version 0.0.4), served at
 * {@code GET /metrics} on the control socket, by {@code hsu metrics} and by the optional
 * {@code master.metrics_listen} listener.
 *
 * <p>Series are per instance: a unit, or each replica of a pool (the pool itself has no process).
 * Usage comes from {@link UsageSampler} (on demand, cached 1 s): a scrape of 500 units reads a few
 * small files per running unit and starts no thread.
 *
 * <pre>
 * hsu_master_uptime_seconds              gauge
 * hsu_units{state}                       gauge   instances in each state
 * hsu_unit_state{unit,state}             gauge   1 for the current state, 0 for the others
 * hsu_unit_restarts_total{unit}          counter automatic restarts since registration
 * hsu_unit_last_exit_code{unit}          gauge   exit code of the last process, when it exited with one
 * hsu_unit_last_exit_signal{unit,signal} gauge   1: the last process was ended by this signal
 * hsu_unit_last_exit_cause{unit,cause}   gauge   1: exited, killed, limit, stopped, unhealthy, launch_failed or unknown
 * hsu_unit_health{unit,health}           gauge   1 for the current verdict (units with a check only)
 * hsu_unit_cpu_seconds_total{unit}       counter CPU time of the process tree (resets with each new process)
 * hsu_unit_memory_bytes{unit}            gauge   resident memory of the process tree
 * hsu_unit_open_files{unit}              gauge   open file descriptors in the process tree
 * </pre>
 * Usage series are present only while the unit has a process and the platform measures the value.
 *
 * <p>Thread-safety: thread-safe.
 */
public final class PrometheusMetrics {
    /** The media type of the text format. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final Master master;
    private final UsageSampler sampler;
    private final Instant startedAt;
    private final Supplier<Instant> clock;

    /**
     * @param startedAt when the master started, for its uptime
     */
    public PrometheusMetrics(Master master, UsageSampler sampler, Instant startedAt) {
        this(master, sampler, startedAt, Instant::now);
    }

    PrometheusMetrics(Master master, UsageSampler sampler, Instant startedAt, Supplier<Instant> clock) {
        this.master = Objects.requireNonNull(master, "master");
        this.sampler = Objects.requireNonNull(sampler, "sampler");
        this.startedAt = Objects.requireNonNull(startedAt, "startedAt");
        this.clock = clock;
    }

    /** The whole exposition, ending with a newline. */
    public String render() {
        Instant now = clock.get();
        List<UnitStatus> instances = new ArrayList<>();
        for (UnitStatus s : master.statuses()) {
            if (s.replicas().isEmpty()) {
                instances.add(s);
            } else {
                instances.addAll(s.replicas());
            }
        }
        Map<String, ResourceUsage> usage = new java.util.HashMap<>();
        Set<String> names = new HashSet<>();
        for (UnitStatus s : instances) {
            names.add(s.name());
            long uptime = s.startedAt() == null ? 0 : Duration.between(s.startedAt(), now).toNanos();
            UsageSampler.Sample sample = sampler.sample(s.name(), s.pid(), uptime);
            if (sample != null) {
                usage.put(s.name(), sample.usage());
            }
        }
        sampler.retain(names);

        StringBuilder out = new StringBuilder(256 + instances.size() * 900);
        family(out, "hsu_master_uptime_seconds", "gauge", "Seconds since the master started.");
        out.append("hsu_master_uptime_seconds ")
                .append(number(Duration.between(startedAt, now).toMillis() / 1000.0)).append('\n');

        Map<UnitState, Integer> counts = new EnumMap<>(UnitState.class);
        for (UnitStatus s : instances) {
            counts.merge(s.state(), 1, Integer::sum);
        }
        family(out, "hsu_units", "gauge", "Units (each replica of a pool counted) in each state.");
        for (UnitState st : UnitState.values()) {
            out.append("hsu_units{state=\"").append(word(st)).append("\"} ").append(counts.getOrDefault(st, 0))
                    .append('\n');
        }

        family(out, "hsu_unit_state", "gauge", "1 for the unit's current state, 0 for the other states.");
        for (UnitStatus s : instances) {
            for (UnitState st : UnitState.values()) {
                out.append("hsu_unit_state{unit=\"").append(label(s.name())).append("\",state=\"").append(word(st))
                        .append("\"} ").append(s.state() == st ? 1 : 0).append('\n');
            }
        }

        family(out, "hsu_unit_restarts_total", "counter", "Automatic restarts of the unit since it was registered.");
        for (UnitStatus s : instances) {
            series(out, "hsu_unit_restarts_total", s.name(), s.restarts());
        }

        family(out, "hsu_unit_last_exit_code", "gauge",
                "Exit code of the unit's last process, when it exited with a code (not by a signal).");
        for (UnitStatus s : instances) {
            Integer code = exitCode(s.lastExit());
            if (code != null) {
                series(out, "hsu_unit_last_exit_code", s.name(), code);
            }
        }

        family(out, "hsu_unit_last_exit_signal", "gauge", "1 for the signal that ended the unit's last process.");
        for (UnitStatus s : instances) {
            String signal = exitSignal(s.lastExit());
            if (signal != null) {
                out.append("hsu_unit_last_exit_signal{unit=\"").append(label(s.name())).append("\",signal=\"")
                        .append(label(signal)).append("\"} 1\n");
            }
        }

        family(out, "hsu_unit_last_exit_cause", "gauge", "1 for how the unit's last process ended: exited, killed, "
                + "limit, stopped, unhealthy, launch_failed or unknown (an adopted process).");
        for (UnitStatus s : instances) {
            if (s.lastExit() != null) {
                out.append("hsu_unit_last_exit_cause{unit=\"").append(label(s.name())).append("\",cause=\"")
                        .append(cause(s.lastExit())).append("\"} 1\n");
            }
        }

        family(out, "hsu_unit_health", "gauge",
                "1 for the current verdict of the unit's readiness gate (units with a health or readiness check).");
        for (UnitStatus s : instances) {
            if (s.health() != null) {
                for (HealthState h : HealthState.values()) {
                    out.append("hsu_unit_health{unit=\"").append(label(s.name())).append("\",health=\"")
                            .append(h.word()).append("\"} ").append(s.health() == h ? 1 : 0).append('\n');
                }
            }
        }

        family(out, "hsu_unit_cpu_seconds_total", "counter",
                "CPU time (user + system) used by the unit's process tree since its process started.");
        for (UnitStatus s : instances) {
            ResourceUsage u = usage.get(s.name());
            if (u != null && u.cpuTimeNanos() >= 0) {
                out.append("hsu_unit_cpu_seconds_total{unit=\"").append(label(s.name())).append("\"} ")
                        .append(number(u.cpuTimeNanos() / 1e9)).append('\n');
            }
        }
        family(out, "hsu_unit_memory_bytes", "gauge", "Resident memory of the unit's process tree.");
        for (UnitStatus s : instances) {
            ResourceUsage u = usage.get(s.name());
            if (u != null && u.memoryBytes() >= 0) {
                series(out, "hsu_unit_memory_bytes", s.name(), u.memoryBytes());
            }
        }
        family(out, "hsu_unit_open_files", "gauge", "Open file descriptors in the unit's process tree.");
        for (UnitStatus s : instances) {
            ResourceUsage u = usage.get(s.name());
            if (u != null && u.openFiles() >= 0) {
                series(out, "hsu_unit_open_files", s.name(), u.openFiles());
            }
        }
        return out.toString();
    }

    static Integer exitCode(ExitCause c) {
        return switch (c) {
            case null -> null;
            case ExitCause.Exited e -> e.code();
            case ExitCause.Stopped s -> s.status() instanceof ExitStatus.Exited e ? e.code() : null;
            case ExitCause.Unhealthy u -> u.status() instanceof ExitStatus.Exited e ? e.code() : null;
            default -> null;
        };
    }

    static String exitSignal(ExitCause c) {
        return switch (c) {
            case null -> null;
            case ExitCause.Killed k -> k.signal();
            case ExitCause.Stopped s -> s.status() instanceof ExitStatus.Killed k ? k.signalName() : null;
            case ExitCause.Unhealthy u -> u.status() instanceof ExitStatus.Killed k ? k.signalName() : null;
            default -> null;
        };
    }

    static String cause(ExitCause c) {
        return switch (c) {
            case ExitCause.Exited e -> "exited";
            case ExitCause.Killed k -> "killed";
            case ExitCause.LimitExceeded l -> "limit";
            case ExitCause.Stopped s -> "stopped";
            case ExitCause.Unhealthy u -> "unhealthy";
            case ExitCause.LaunchFailed f -> "launch_failed";
            case ExitCause.Unknown x -> "unknown";
        };
    }

    private static void family(StringBuilder out, String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static void series(StringBuilder out, String name, String unit, long value) {
        out.append(name).append("{unit=\"").append(label(unit)).append("\"} ").append(value).append('\n');
    }

    private static String word(UnitState s) {
        return s.name().toLowerCase(Locale.ROOT);
    }

    /** A label value: backslash, double quote and newline escaped. */
    static String label(String v) {
        if (v.indexOf('\\') < 0 && v.indexOf('"') < 0 && v.indexOf('\n') < 0) {
            return v;
        }
        return v.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static String number(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        return Double.toString(d);
    }
}
