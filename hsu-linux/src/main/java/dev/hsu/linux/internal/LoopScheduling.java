package dev.hsu.linux.internal;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The event loop thread runs {@code SCHED_BATCH}, so that its wake-ups do not preempt the task
 * running on its CPU (CFS/EEVDF: batch tasks never preempt on wake-up).
 *
 * <p>Why: a unit process wakes the loop twice while it dies. Its pipes reach end of file in
 * {@code exit_files}, before {@code exit_notify} makes it reapable; and a prepared replacement
 * wakes it from the vfork wait in the middle of its {@code execve}. A normal loop thread woken on
 * the same CPU took the CPU from the dying process (its exit notification then came 1-4 ms after
 * the kill instead of 0.1-0.3 ms: bench s2 with a sched trace, 2-core VM) and from the exec'ing
 * replacement. As a batch thread it runs when they stop or their slice ends, or at once on an
 * idle CPU.
 *
 * <p>Children must not inherit the policy: every spawn sets {@code SCHED_OTHER}
 * ({@code POSIX_SPAWN_SETSCHEDULER}; it keeps the nice value). Both only when the master itself
 * runs {@code SCHED_OTHER} (a master started with {@code chrt} keeps its policy for itself and its
 * children) and {@code -Dhsu.linux.loopBatch=false} is not given.
 *
 * <p>Thread-safety: decided once per JVM.
 */
final class LoopScheduling {
    private static final Logger LOG = LoggerFactory.getLogger(LoopScheduling.class);
    static final String PROPERTY = "hsu.linux.loopBatch";

    private LoopScheduling() {
    }

    /** Whether the loop asks for SCHED_BATCH and children are set back to SCHED_OTHER. */
    static boolean enabled() {
        return Decision.ENABLED;
    }

    /** Makes the calling thread (the event loop) SCHED_BATCH, if {@link #enabled()}; never throws. */
    static void applyToCurrentThread() {
        if (!enabled()) {
            return;
        }
        try (NativeBlock param = new NativeBlock(4)) {
            param.setInt(0, 0);
            if (Libc.sched_setscheduler(0, Sys.SCHED_BATCH, param) != 0) {
                LOG.debug("the event loop stays SCHED_OTHER: sched_setscheduler: {}", Errno.describe(Errno.last()));
            }
        }
    }

    private static final class Decision {
        /** Read before the loop changes its own policy: the policy its creator, the master, has. */
        static final boolean ENABLED = Boolean.parseBoolean(System.getProperty(PROPERTY, "true"))
                && Libc.sched_getscheduler(0) == Sys.SCHED_OTHER;
    }
}
