package dev.hsu.app.cli;

import com.sun.jna.Function;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives back the memory the start-up burst used and the master no longer needs, once (see
 * {@link StartupSettle}): a full GC, which lets the heap shrink to what is live (the garbage of
 * reading the file, wiring and launching hundreds of units), then {@code malloc_trim(0)}, which
 * returns the free pages of the C heap's arenas (the JVM's and JNA's native allocations of the
 * burst) to the kernel.
 *
 * <p>The trim runs twice: at once, and {@link #SECOND_TRIM_SECONDS} s later. HotSpot keeps the
 * arena chunks its JIT compiler used in a pool that a periodic task frees every 5 s; the last
 * compilations of the burst end about when the burst does, so their chunks reach the C heap
 * only after the first trim (measured: the second trim returns another 6 MB).
 *
 * <p>Measured with 500 idle units (JDK 25, SerialGC, 2 cores): see the commit that added it.
 * Costs one full GC (tens of ms, with every unit idle) and two one-shot timers; nothing after.
 *
 * <p>Platform note: the trim is for Linux with glibc; on another C library (musl has no
 * {@code malloc_trim}) or OS only the GC runs.
 */
final class MemoryRelease {
    private static final Logger LOG = LoggerFactory.getLogger(MemoryRelease.class);

    /** After the pool of HotSpot's arena chunks was freed (its cleaner runs every 5 s). */
    static final long SECOND_TRIM_SECONDS = 6;

    /**
     * {@code malloc_trim}, looked up by the first trim. The second trim runs on an idle master, where
     * a fresh lookup (JNA's library map, symbol search, a new {@code Function}, all interpreted by
     * then) cost 20-30 ms of CPU per call against well under 1 ms for the call itself.
     */
    private static volatile Function mallocTrim;

    private MemoryRelease() {
    }

    /** Runs the GC and the first trim, and schedules the second; never throws. */
    static void run() {
        long before = used();
        System.gc();
        boolean trimmed = trimNativeHeap();
        LOG.debug("memory released after start-up: heap used {} -> {} KiB, committed {} KiB; C heap trimmed: {}",
                before / 1024, used() / 1024, Runtime.getRuntime().totalMemory() / 1024, trimmed);
        CompletableFuture.delayedExecutor(SECOND_TRIM_SECONDS, TimeUnit.SECONDS).execute(() ->
                LOG.debug("C heap trimmed again: {}", trimNativeHeap()));
    }

    /**
     * {@code malloc_trim(0)}.
     *
     * @return true if memory was returned to the kernel; false if none was, or on a platform
     *     without it
     */
    static boolean trimNativeHeap() {
        if (!System.getProperty("os.name", "").startsWith("Linux")) {
            return false;
        }
        Function trim = mallocTrim;
        if (trim == null) {
            trim = CLibrary.function("malloc_trim").orElse(null);
            if (trim == null) {
                return false; // the C heap keeps its free pages
            }
            mallocTrim = trim;
        }
        try {
            return trim.invokeInt(new Object[] {0}) == 1;
        } catch (RuntimeException e) {
            LOG.debug("malloc_trim failed ({}); the C heap keeps its free pages", e.toString());
            return false;
        }
    }

    private static long used() {
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }
}
