package dev.hsu.app.cli;

import dev.hsu.core.Master;
import dev.hsu.core.UnitEvent;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * Runs an action once, when the start-up burst is over: when no unit event has come for
 * {@link #QUIET}, or {@link #LATEST} after {@link #arm} at the latest (a unit that crash-loops
 * never lets the master go quiet). Event-driven: it listens to the master's events and sets a
 * one-shot timer for the end of the quiet period; once it has fired it unsubscribes and never
 * wakes again.
 *
 * <p>Thread-safety: events arrive on units' event threads, checks on the common pool; the action
 * runs once, on the common pool.
 */
final class StartupSettle implements Consumer<UnitEvent> {
    /** How long the master must have seen no unit event. */
    static final Duration QUIET = Duration.ofSeconds(1);
    /** Fires this long after arming even if events keep coming. */
    static final Duration LATEST = Duration.ofSeconds(15);

    private final Runnable action;
    private final Duration quiet;
    private final Duration latest;
    private final long armedNanos = System.nanoTime();
    private final AtomicBoolean fired = new AtomicBoolean();
    private volatile long lastEventNanos = armedNanos;
    private volatile AutoCloseable subscription;

    private StartupSettle(Runnable action, Duration quiet, Duration latest) {
        this.action = action;
        this.quiet = quiet;
        this.latest = latest;
    }

    /** Arms the action with {@link #QUIET} and {@link #LATEST}; call right after the units were started. */
    static StartupSettle arm(Master master, Runnable action) {
        return arm(master, action, QUIET, LATEST);
    }

    static StartupSettle arm(Master master, Runnable action, Duration quiet, Duration latest) {
        StartupSettle settle = new StartupSettle(action, quiet, latest);
        settle.subscription = master.subscribe(settle);
        settle.checkAfter(quiet.toNanos());
        return settle;
    }

    /** True once the action has run (or is running). */
    boolean fired() {
        return fired.get();
    }

    @Override
    public void accept(UnitEvent event) {
        lastEventNanos = System.nanoTime();
    }

    private void checkAfter(long nanos) {
        CompletableFuture.delayedExecutor(Math.max(1, nanos), TimeUnit.NANOSECONDS).execute(this::check);
    }

    private void check() {
        long now = System.nanoTime();
        long quietFor = now - lastEventNanos;
        long armedFor = now - armedNanos;
        if (quietFor < quiet.toNanos() && armedFor < latest.toNanos()) {
            checkAfter(Math.min(quiet.toNanos() - quietFor, latest.toNanos() - armedFor));
            return;
        }
        if (!fired.compareAndSet(false, true)) {
            return;
        }
        try {
            AutoCloseable s = subscription;
            if (s != null) {
                s.close();
            }
        } catch (Exception e) {
            // Removing a listener does not fail; if it did, the listener only records a time.
        }
        action.run();
    }
}
