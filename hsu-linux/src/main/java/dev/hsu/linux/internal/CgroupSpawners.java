package dev.hsu.linux.internal;

import dev.hsu.linux.internal.cgroup.UnitCgroup;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Platform threads that spawn children into v1 cgroups by joining them themselves
 * ({@link ThreadCgroupSwitch}), for launches made on other threads: a virtual thread cannot move
 * its carrier into a cgroup (it may be unmounted between the join and the spawn), and the event
 * loop must not be held by start-up bursts. Two threads, as many as launches that run at once
 * usually need on a small host; they wait on an untimed queue when idle (no wake-ups).
 *
 * <p>Thread-safety: safe from any thread.
 */
final class CgroupSpawners {
    private static final int THREADS = 2;
    private static volatile CgroupSpawners shared;

    private final ExecutorService threads;

    private CgroupSpawners() {
        AtomicInteger n = new AtomicInteger();
        this.threads = Executors.newFixedThreadPool(THREADS, r -> {
            Thread t = new Thread(r, "hsu-linux-spawner-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** The spawners of this JVM, started on first use. */
    static CgroupSpawners shared() {
        CgroupSpawners s = shared;
        if (s == null) {
            synchronized (CgroupSpawners.class) {
                if (shared == null) {
                    shared = new CgroupSpawners();
                }
                s = shared;
            }
        }
        return s;
    }

    /**
     * Spawns on a spawner thread inside {@code cgroup}, waiting for the result.
     *
     * @return the child's pid
     * @throws NativeCallException as {@link ThreadCgroupSwitch#spawnInside}
     */
    int spawnInside(ThreadCgroupSwitch cgroupSwitch, UnitCgroup cgroup, ThreadCgroupSwitch.Joins joins,
            Spawner.Prepared call) throws NativeCallException {
        Future<Integer> pid = threads.submit(() -> cgroupSwitch.spawnInside(cgroup, joins, call));
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return pid.get();
                } catch (InterruptedException e) {
                    interrupted = true; // the spawn is under way: its child must be tracked, so wait
                }
            }
        } catch (ExecutionException e) {
            if (e.getCause() instanceof NativeCallException n) {
                throw n;
            }
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
