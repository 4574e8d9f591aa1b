package dev.hsu.core;

import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs submitted tasks one at a time, in submission order, on a shared backing executor: the
 * mailbox of one unit's actor. Costs a queue and a flag when idle; no thread is held between
 * bursts of work.
 *
 * <p>Thread-safety: {@link #execute} may be called from any thread and never blocks. A task that
 * throws is logged and the next one runs.
 */
final class SerialExecutor implements Executor {
    private static final System.Logger LOG = System.getLogger(SerialExecutor.class.getName());

    private final Executor backing;
    private final String name;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean scheduled = new AtomicBoolean();

    SerialExecutor(Executor backing, String name) {
        this.backing = Objects.requireNonNull(backing, "backing");
        this.name = name;
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(Objects.requireNonNull(task, "task"));
        if (scheduled.compareAndSet(false, true)) {
            backing.execute(this::drain);
        }
    }

    private void drain() {
        do {
            Runnable task;
            while ((task = tasks.poll()) != null) {
                try {
                    task.run();
                } catch (Throwable t) {
                    LOG.log(System.Logger.Level.ERROR, "task of " + name + " failed", t);
                }
            }
            scheduled.set(false);
            // A task added between the last poll and the reset would otherwise wait forever.
        } while (!tasks.isEmpty() && scheduled.compareAndSet(false, true));
    }
}
