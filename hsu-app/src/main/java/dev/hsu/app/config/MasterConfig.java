package dev.hsu.app.config;

import java.nio.file.Path;
import java.util.Objects;

/**
 * The {@code master:} section of a configuration file.
 *
 * @param logDirectory absolute directory for unit log files ({@code log_directory}, default
 *     {@code ./logs} next to the configuration file)
 * @param strictLimits {@code strict_limits} (default true): a resource limit this platform cannot
 *     enforce is an error; when false it is a warning and the limit is not applied
 * @param startConcurrency {@code start_concurrency} (default 16): units launching at once when
 *     many start together
 * @param metricsListen {@code metrics_listen}: where a plain-HTTP {@code GET /metrics} listener
 *     binds; null (the default) for none (metrics are on the control socket either way)
 * @param controlTcp {@code control_tcp}: the opt-in TCP listener of the control API; null when off
 * @param keepUnitsOnCrash {@code on_crash: keep-units}: units outlive a master that dies without a
 *     graceful stop (crash, SIGKILL), for the next master to re-attach; false ({@code kill-units},
 *     the default): they die with it, descendants included
 */
public record MasterConfig(Path logDirectory, boolean strictLimits, int startConcurrency,
                           MetricsListen metricsListen, ControlTcpConfig controlTcp, boolean keepUnitsOnCrash) {

    public static final int DEFAULT_START_CONCURRENCY = dev.hsu.core.MasterSettings.DEFAULT_START_CONCURRENCY;

    /** With the default start concurrency. */
    public MasterConfig(Path logDirectory, boolean strictLimits) {
        this(logDirectory, strictLimits, DEFAULT_START_CONCURRENCY);
    }

    /** Without a metrics listener. */
    public MasterConfig(Path logDirectory, boolean strictLimits, int startConcurrency) {
        this(logDirectory, strictLimits, startConcurrency, null);
    }

    /** Without the TCP listener of the control API, killing units when the master dies. */
    public MasterConfig(Path logDirectory, boolean strictLimits, int startConcurrency, MetricsListen metricsListen) {
        this(logDirectory, strictLimits, startConcurrency, metricsListen, null, false);
    }

    public MasterConfig {
        Objects.requireNonNull(logDirectory, "logDirectory");
        if (!logDirectory.isAbsolute()) {
            throw new IllegalArgumentException("logDirectory must be absolute: " + logDirectory);
        }
    }

    /** The defaults for a file in {@code configDirectory}. */
    public static MasterConfig defaults(Path configDirectory) {
        return new MasterConfig(configDirectory.toAbsolutePath().resolve("logs").normalize(), true);
    }
}
