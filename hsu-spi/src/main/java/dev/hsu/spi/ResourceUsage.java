package dev.hsu.spi;

/**
 * One sample of what a unit uses, including all its descendants where the platform accounts for
 * them. A value that this platform cannot measure is {@link #UNKNOWN} ({@code -1}).
 *
 * @param cpuTimeNanos user plus system CPU time since the unit started, in nanoseconds
 * @param memoryBytes resident memory now, in bytes
 * @param memoryPeakBytes highest resident memory seen by the OS, in bytes
 * @param processes processes in the unit
 * @param threads threads in the unit
 * @param openFiles open file descriptors in the unit
 * @param ioReadBytes bytes read from storage since the start
 * @param ioWriteBytes bytes written to storage since the start
 */
public record ResourceUsage(
        long cpuTimeNanos,
        long memoryBytes,
        long memoryPeakBytes,
        long processes,
        long threads,
        long openFiles,
        long ioReadBytes,
        long ioWriteBytes) {

    /** Sentinel of a value the platform does not measure. */
    public static final long UNKNOWN = -1;

    public static final ResourceUsage NONE =
            new ResourceUsage(UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN, UNKNOWN);
}
