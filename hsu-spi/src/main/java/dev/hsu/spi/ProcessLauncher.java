package dev.hsu.spi;

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
}
