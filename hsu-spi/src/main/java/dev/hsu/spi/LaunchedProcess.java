package dev.hsu.spi;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * A process started by a {@link ProcessLauncher}. It leads its own process group (POSIX) or job
 * (Windows), so the whole tree can be signalled.
 *
 * <p>Thread-safety: all methods are safe to call from any thread.
 */
public interface LaunchedProcess {

    /** The operating system's process id. */
    long pid();

    /**
     * When the process started, as the OS records it (used to tell a recycled pid apart).
     * Precision is the OS's (clock ticks on Linux).
     */
    Instant startTime();

    /**
     * Completes once, when the process has ended and been reaped, on the adapter's event thread;
     * dependants must not block in it. Event-driven: no polling happens behind it. Each call
     * returns a future of its own (as {@link Process#onExit()} does), so one caller completing
     * or cancelling it cannot affect another.
     */
    CompletableFuture<ExitStatus> onExit();

    /** The confinement it was started in. */
    Confinement confinement();

    /** True until {@link #onExit()} completes. */
    default boolean isAlive() {
        return !onExit().isDone();
    }

    /**
     * What a later master needs to re-attach to this process if it outlives this one (see
     * {@link ProcessLauncher#adopt}); empty where the platform cannot adopt processes. Cheap: no
     * system call beyond one small read.
     */
    default Optional<AdoptionRecord> adoptionRecord() {
        return Optional.empty();
    }
    /**
     * Arms an immediate replacement: when this process exits with a status {@code when} accepts,
     * the platform starts {@code next} on its event thread before it completes {@link #onExit()},
     * and {@link #replacement()} returns the new process from then on. This takes the restart of
     * a crashed process off every thread hop and timer of the caller: the replacement runs within
     * a system call of the exit.
     *
     * <p>At most one replacement is armed at a time. The caller keeps owning {@code next} until
     * a process was started from it: when {@link #replacement()} is empty after the exit, or
     * {@link #cancelRespawn()} returned true, the caller closes it. A replacement that fails to
     * start is not retried; the exit is then reported as if nothing had been armed.
     *
     * @param next a launch prepared by the same platform's {@link ProcessLauncher#prepare}
     * @param when decides on the event thread from the exit status; must be fast and must not block
     * @return false if nothing was armed: the platform cannot respawn (the default), {@code next}
     *     is not its own, another is armed, or the process has already exited
     */
    default boolean respawnOnExit(PreparedLaunch next, Predicate<ExitStatus> when) {
        return false;
    }

    /**
     * Disarms {@link #respawnOnExit}.
     *
     * @return true if the armed launch was taken back unused (the caller closes it); false if none
     *     was armed or the exit has already taken it (then {@link #replacement()} tells, once
     *     {@link #onExit()} has completed, whether a process was started from it)
     */
    default boolean cancelRespawn() {
        return false;
    }

    /**
     * The process started in this one's place at its exit by {@link #respawnOnExit}; empty if
     * none was (or before {@link #onExit()} completes).
     */
    default Optional<LaunchedProcess> replacement() {
        return Optional.empty();
    }
}
