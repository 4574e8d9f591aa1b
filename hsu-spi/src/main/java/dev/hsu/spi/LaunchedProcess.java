package dev.hsu.spi;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

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
}
