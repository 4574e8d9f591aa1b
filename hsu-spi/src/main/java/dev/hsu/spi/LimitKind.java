package dev.hsu.spi;

/**
 * One kind of resource limit, as named in the configuration. Adapters declare the kinds they can
 * enforce in {@link PlatformCapabilities#enforceableLimits()}.
 */
public enum LimitKind {
    /** CPU bandwidth in cores (0.5 = half a core), a hard cap. */
    CPU("cpu"),
    /** Relative CPU weight against other units. */
    CPU_SHARES("cpu_shares"),
    /** Memory in bytes; exceeding it ends the unit (OOM). */
    MEMORY("memory"),
    /** Memory plus swap in bytes. */
    MEMORY_SWAP("memory_swap"),
    /** Number of processes (and threads on Linux) the unit may have. */
    MAX_PROCESSES("max_processes"),
    /** Number of open file descriptors per process. */
    MAX_OPEN_FILES("max_open_files"),
    /** Relative I/O weight. */
    IO_WEIGHT("io_weight"),
    /** Read bandwidth in bytes per second. */
    IO_READ_BPS("io_read_bps"),
    /** Write bandwidth in bytes per second. */
    IO_WRITE_BPS("io_write_bps");

    private final String configKey;

    LimitKind(String configKey) {
        this.configKey = configKey;
    }

    /** The key under {@code resources:} in the YAML file. */
    public String configKey() {
        return configKey;
    }
}
