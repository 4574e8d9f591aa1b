package dev.hsu.app.control;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import dev.hsu.spi.ResourceUsage;

/**
 * What a unit's process tree uses, as the control API shows it (the {@code usage} object of a unit).
 * A value the platform does not measure is omitted. Immutable.
 *
 * @param cpuPercent CPU use in percent of one core, over the interval since the master's previous
 *     sample of this process, or since it started at the first sample
 * @param cpuSeconds CPU time (user + system) since the process started, in seconds
 * @param memoryBytes resident memory now, in bytes
 * @param memoryPeakBytes highest resident memory seen, in bytes
 * @param processes processes in the unit
 * @param threads threads in the unit
 * @param openFiles open file descriptors in the unit
 * @param ioReadBytes bytes read from storage since the start
 * @param ioWriteBytes bytes written to storage since the start
 */
@JsonPropertyOrder({"cpu_percent", "cpu_seconds", "memory_bytes", "memory_peak_bytes", "processes", "threads",
        "open_files", "io_read_bytes", "io_write_bytes"})
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record UsageView(
        @JsonProperty("cpu_percent") Double cpuPercent,
        @JsonProperty("cpu_seconds") Double cpuSeconds,
        @JsonProperty("memory_bytes") Long memoryBytes,
        @JsonProperty("memory_peak_bytes") Long memoryPeakBytes,
        @JsonProperty("processes") Long processes,
        @JsonProperty("threads") Long threads,
        @JsonProperty("open_files") Long openFiles,
        @JsonProperty("io_read_bytes") Long ioReadBytes,
        @JsonProperty("io_write_bytes") Long ioWriteBytes) {

    /** The view of a sample; null for null. */
    public static UsageView of(UsageSampler.Sample s) {
        if (s == null) {
            return null;
        }
        ResourceUsage u = s.usage();
        return new UsageView(s.cpuPercent() < 0 ? null : Math.round(s.cpuPercent() * 10) / 10.0,
                u.cpuTimeNanos() < 0 ? null : u.cpuTimeNanos() / 1e9, known(u.memoryBytes()),
                known(u.memoryPeakBytes()), known(u.processes()), known(u.threads()), known(u.openFiles()),
                known(u.ioReadBytes()), known(u.ioWriteBytes()));
    }

    /** The sum of several views (a pool's replicas); null when all are null. */
    public static UsageView sum(Iterable<UsageView> views) {
        UsageView total = null;
        for (UsageView v : views) {
            if (v == null) {
                continue;
            }
            total = total == null ? v : new UsageView(add(total.cpuPercent, v.cpuPercent),
                    add(total.cpuSeconds, v.cpuSeconds), add(total.memoryBytes, v.memoryBytes),
                    add(total.memoryPeakBytes, v.memoryPeakBytes), add(total.processes, v.processes),
                    add(total.threads, v.threads), add(total.openFiles, v.openFiles),
                    add(total.ioReadBytes, v.ioReadBytes), add(total.ioWriteBytes, v.ioWriteBytes));
        }
        return total;
    }

    private static Long known(long v) {
        return v < 0 ? null : v;
    }

    private static Long add(Long a, Long b) {
        return a == null || b == null ? (a == null ? b : a) : Long.valueOf(a + b);
    }

    private static Double add(Double a, Double b) {
        return a == null || b == null ? (a == null ? b : a) : Double.valueOf(a + b);
    }
}
