package dev.hsu.spi;

/**
 * A launch made ready in advance by {@link ProcessLauncher#prepare}: the checks are done and what
 * can exist before the process does (resolved program, standard-stream pipes and files, the
 * native argument vectors) is held, so that starting it is one system call away. Used to restart
 * a crashed process on the platform's event thread the moment its predecessor exits
 * ({@link LaunchedProcess#respawnOnExit}).
 *
 * <p>Ownership: whoever prepared it closes it unless a process was started from it; closing
 * frees what it holds (pipes, open files, native memory) and is idempotent. Its confinement stays
 * the caller's to release.
 *
 * <p>Thread-safety: safe from any thread.
 */
public interface PreparedLaunch extends AutoCloseable {

    /** The unit the launch belongs to. */
    String unitId();

    /** Frees what the preparation holds; no effect after a start from it or an earlier close. */
    @Override
    void close();
}
