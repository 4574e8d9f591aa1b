package dev.hsu.spi;

/**
 * Delivers signals to a launched process and its descendants.
 *
 * <p>Thread-safety: safe from any thread. Signalling a process that has already ended is not an
 * error (it is a no-op).
 *
 * <p>Platform note: on POSIX the tree is the process group plus, where the adapter has it, the
 * unit's cgroup; on Windows the tree is the Job Object, and a graceful signal is a console
 * CTRL_BREAK or WM_CLOSE.
 */
public interface ProcessSignaller {

    /**
     * Sends {@code signal} to the process itself.
     *
     * @throws UnsupportedCapabilityException if the platform cannot deliver that signal
     */
    void signal(LaunchedProcess process, Signal signal);

    /**
     * Sends {@code signal} to the process and every descendant the adapter can reach (its process
     * group, and its cgroup or job where it has one).
     *
     * @throws UnsupportedCapabilityException if the platform cannot deliver that signal
     */
    void signalTree(LaunchedProcess process, Signal signal);

    /**
     * Forcibly ends the process and <em>every</em> descendant, including ones that started a new
     * session or process group, as far as {@link PlatformCapabilities#treeKill()} allows. Also
     * used after the main process has exited, to end what it left behind.
     *
     * @return how many processes were sent a kill (0 if nothing was left)
     */
    int killTree(LaunchedProcess process);
}
