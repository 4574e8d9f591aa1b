package dev.hsu.core;

import dev.hsu.core.output.LogFiles;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;

/**
 * What every unit actor of one {@link Master} shares: the platform, the settings, the executor
 * actors run on, the one timer thread, the listeners, the jitter source and the closing flag.
 *
 * <p>Threads: actors run on virtual threads, one started per burst of work of a unit (none is held
 * while a unit is idle). Timers run on one daemon platform thread, created at the first timer, and
 * only post into actors' mailboxes.
 *
 * <p>Thread-safety: thread-safe.
 */
final class Supervision {
    private static final System.Logger LOG = System.getLogger(Supervision.class.getName());

    final Platform platform;
    final MasterSettings settings;
    final DoubleSupplier jitter;
    final Executor actorThreads;
    /** The log files of units whose output goes to {@code log}; one writer per file. */
    final LogFiles logFiles = new LogFiles();
    private final ScheduledThreadPoolExecutor timers;
    private final List<Consumer<UnitEvent>> listeners = new CopyOnWriteArrayList<>();
    private volatile boolean closing;
    /** Created at the first http check; guarded by this. */
    private HttpClient http;

    Supervision(Platform platform, MasterSettings settings, DoubleSupplier jitter) {
        this.platform = platform;
        this.settings = settings;
        this.jitter = jitter;
        ThreadFactory virtual = Thread.ofVirtual().name("hsu-unit-", 0).factory();
        this.actorThreads = task -> virtual.newThread(task).start();
        this.timers = new ScheduledThreadPoolExecutor(1, task -> {
            Thread t = new Thread(task, "hsu-timer");
            t.setDaemon(true);
            return t;
        });
        timers.setRemoveOnCancelPolicy(true); // cancelled graceful timeouts must not pile up
        timers.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /** Runs {@code task} on the timer thread after {@code delay}; the task must only post work. */
    ScheduledFuture<?> schedule(Duration delay, Runnable task) {
        long nanos;
        try {
            nanos = delay.toNanos();
        } catch (ArithmeticException tooLong) {
            nanos = Long.MAX_VALUE; // about 292 years: as good as never
        }
        return timers.schedule(task, nanos, TimeUnit.NANOSECONDS);
    }

    Instant now() {
        return Instant.now();
    }

    boolean closing() {
        return closing;
    }

    void beginClosing() {
        closing = true;
    }

    void stopTimers() {
        timers.shutdownNow();
        HttpClient client;
        synchronized (this) {
            client = http;
            http = null;
        }
        if (client != null) {
            client.shutdownNow();
        }
    }

    /**
     * The one HTTP client of every http check: one selector thread for all units, requests on
     * virtual threads, connections kept alive between checks.
     */
    synchronized HttpClient httpClient() {
        if (http == null) {
            http = HttpClient.newBuilder()
                    .executor(task -> Thread.ofVirtual().name("hsu-http-check").start(task))
                    .followRedirects(HttpClient.Redirect.NORMAL)
                    .build();
        }
        return http;
    }

    AutoCloseable addListener(Consumer<UnitEvent> listener) {
        listeners.add(listener);
        return () -> listeners.remove(listener);
    }

    /** Hands {@code event} to every listener; a throwing listener is logged and skipped. */
    void deliver(UnitEvent event) {
        for (Consumer<UnitEvent> listener : listeners) {
            try {
                listener.accept(event);
            } catch (Throwable t) {
                LOG.log(System.Logger.Level.WARNING, "an event listener failed on " + event, t);
            }
        }
    }
}
