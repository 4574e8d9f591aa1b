package dev.hsu.core;

import java.util.ArrayDeque;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Caps how many launches run at once ({@code master.start_concurrency}): a launch takes a slot
 * until its start completes (the unit is {@code RUNNING}, or failed to launch); the rest wait in
 * order. Non-blocking: a waiting launch holds no thread.
 *
 * <p>Thread-safety: thread-safe.
 */
final class StartSlots {
    private final int capacity;
    private final Queue<Runnable> waiting = new ArrayDeque<>();
    private int used;

    StartSlots(int capacity) {
        this.capacity = capacity;
    }

    /** Runs {@code launch} when a slot is free; its future's completion frees the slot. */
    <T> CompletableFuture<T> submit(Supplier<CompletableFuture<T>> launch) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Runnable task = () -> {
            CompletableFuture<T> f;
            try {
                f = launch.get();
            } catch (RuntimeException e) {
                f = CompletableFuture.failedFuture(e);
            }
            f.whenComplete((v, e) -> {
                release();
                if (e != null) {
                    result.completeExceptionally(e);
                } else {
                    result.complete(v);
                }
            });
        };
        boolean now;
        synchronized (this) {
            now = used < capacity;
            if (now) {
                used++;
            } else {
                waiting.add(task);
            }
        }
        if (now) {
            task.run();
        }
        return result;
    }

    private void release() {
        Runnable next;
        synchronized (this) {
            next = waiting.poll();
            if (next == null) {
                used--;
            }
        }
        if (next != null) {
            next.run();
        }
    }
}
