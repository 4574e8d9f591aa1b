package dev.hsu.spi;

/**
 * Measures what a unit uses, descendants included.
 *
 * <p>Thread-safety: safe from any thread. Cost: meant to be sampled for every unit every few
 * seconds; one call reads a handful of small kernel files, it never walks all of {@code /proc}
 * when a cgroup or job accounts for the unit.
 *
 * <p>Platform note: on Linux with a cgroup, CPU, memory, pids and I/O come from the cgroup's
 * files; without one, from {@code /proc} for the process tree. Values a platform lacks are
 * {@link ResourceUsage#UNKNOWN}.
 */
public interface ResourceMeter {

    /** A sample for the running process and its descendants; {@link ResourceUsage#NONE} if it has ended. */
    ResourceUsage sample(LaunchedProcess process);
}
