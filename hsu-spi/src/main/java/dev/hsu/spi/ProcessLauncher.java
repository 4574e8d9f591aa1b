package dev.hsu.spi;

import java.util.Optional;

/**
 * Starts processes.
 *
 * <p>Contract: the child runs in a new process group (job) of its own, with exactly the
 * environment, working directory, standard streams and niceness of the spec, stdin from the null
 * device, no file descriptor of the master except its three standard streams, and inside its
 * {@link Confinement} before its program's first instruction. Errors that can be known before
 * the start (missing executable, not executable, missing working directory) are reported as a
 * {@link LaunchException} naming the path, not as an exit code.
 *
 * <p>Thread-safety: safe to call from any number of threads at once.
 *
 * <p>Platform note: on Linux the child is placed by the launch mechanism itself (posix_spawn
 * attributes and, where limits apply, an exec trampoline); on Windows the process is created
 * suspended, assigned to its Job Object and resumed.
 */
public interface ProcessLauncher {

    /**
     * Starts the process described by {@code spec}.
     *
     * @return the running process; never null
     * @throws LaunchException if it could not be started; the message names the cause
     */
    LaunchedProcess launch(LaunchSpec spec) throws LaunchException;

    /**
     * Prepares {@code spec} for a start later in one step, for
     * {@link LaunchedProcess#respawnOnExit}: everything {@link #launch} checks is checked now,
     * and reported now as the same {@link LaunchException}s.
     *
     * @return the prepared launch, or empty where the platform cannot prepare launches (the
     *     default); the caller then launches as usual when the time comes
     */
    default Optional<PreparedLaunch> prepare(LaunchSpec spec) throws LaunchException {
        return Optional.empty();
    }

    /**
     * Takes over a process that a previous master started and left running, from what
     * {@link LaunchedProcess#adoptionRecord()} gave it: the process is checked to be the very one
     * (same pid <em>and</em> start time; a recycled pid is never mistaken for it), its exit is
     * watched as a launched process's is (event-driven), and its confinement is bound again, so
     * signals, tree kills, limits and accounting work as before.
     *
     * <p>Exit status: an adopted process is not a child of this master, so its exit status
     * usually cannot be collected; {@link LaunchedProcess#onExit()} then completes with
     * {@link ExitStatus.Unknown}.
     *
     * @return the process, or empty if it is no longer running (or the pid now belongs to another
     *     process)
     * @throws UnsupportedCapabilityException if this platform cannot adopt processes (the default)
     * @throws LaunchException if the process runs but cannot be watched (names why)
     */
    default Optional<LaunchedProcess> adopt(AdoptionRecord record) throws LaunchException {
        throw new UnsupportedCapabilityException("adopting processes of a previous master", "this platform",
                "the adapter does not implement it");
    }

    /**
     * Whether the processes of this launcher die with the master process. When {@code bound} is
     * true, every process launched or adopted through this launcher, with all its descendants, is
     * killed as soon as the master process ends, however it ends (a crash or SIGKILL included);
     * when false (the default), they keep running, for a later master to {@link #adopt}.
     * Applies to processes already running as well as later ones. Idempotent.
     *
     * <p>Platform note: on Linux a small watchdog process holds a pipe from the master and kills
     * the units' cgroups (or process groups) when the pipe closes; on Windows a Job Object with
     * KILL_ON_JOB_CLOSE does the same.
     *
     * @throws UnsupportedCapabilityException if {@code bound} is true and this platform cannot
     *     tie processes to the master (the default)
     */
    default void bindToMaster(boolean bound) {
        if (bound) {
            throw new UnsupportedCapabilityException("units dying with the master", "this platform",
                    "the adapter does not implement it");
        }
    }
}
