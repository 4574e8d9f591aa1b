package dev.hsu.core.health;

import dev.hsu.core.HealthState;
import dev.hsu.core.unit.HealthCheck;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledFuture;

/**
 * Runs one check of one run of a unit, with Kubernetes probe semantics:
 * <ul>
 *   <li>the first check runs {@code initial_delay} after {@link #start()}, then one every
 *       {@code interval} (measured start to start; a check never overlaps the previous one);</li>
 *   <li>a check is up to {@code 1 + retries} attempts, each bounded by {@code timeout}; it
 *       passes if one attempt passes, and a timeout is a failed attempt;</li>
 *   <li>the verdict starts {@link HealthState#UNKNOWN} and becomes {@link HealthState#HEALTHY}
 *       after {@code success_threshold} consecutive passed checks, {@link HealthState#UNHEALTHY}
 *       after {@code failure_threshold} consecutive failed ones; a result of the other kind resets
 *       the count. Only a change of verdict is reported.</li>
 * </ul>
 *
 * <p>Threads: checks run on virtual threads, timers on the master's timer thread.
 * Thread-safety: {@link #start()} and {@link #cancel()} may be called from any thread; the
 * listener is called from the probe's virtual thread, one call at a time, never after
 * {@link #cancel()} returned... except for a call already under way.
 */
public final class Probe {

    /** Schedules a task after a delay; the task must only hand work over (the timer thread is shared). */
    @FunctionalInterface
    public interface Timer {
        ScheduledFuture<?> schedule(Duration delay, Runnable task);
    }

    /** Receives verdict changes. */
    @FunctionalInterface
    public interface Listener {
        /**
         * @param detail the result of the check that crossed the threshold
         * @param checks how many consecutive checks of that kind led to it
         */
        void changed(HealthState from, HealthState to, String detail, int checks);
    }

    private final HealthCheck check;
    private final CheckAttempt attempt;
    private final Timer timer;
    private final Listener listener;

    // Guarded by this.
    private HealthState verdict = HealthState.UNKNOWN;
    private Boolean lastPassed;
    private int run;
    private ScheduledFuture<?> next;
    private Thread running;
    private boolean cancelled;

    public Probe(HealthCheck check, CheckAttempt attempt, Timer timer, Listener listener) {
        this.check = Objects.requireNonNull(check, "check");
        this.attempt = Objects.requireNonNull(attempt, "attempt");
        this.timer = Objects.requireNonNull(timer, "timer");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** Schedules the first check after the initial delay. */
    public synchronized void start() {
        scheduleIn(check.initialDelay());
    }

    /** Stops checking; a check under way is interrupted and its result dropped. Idempotent. */
    public synchronized void cancel() {
        cancelled = true;
        if (next != null) {
            next.cancel(false);
        }
        if (running != null) {
            running.interrupt();
        }
    }

    public synchronized HealthState verdict() {
        return verdict;
    }

    private synchronized void scheduleIn(Duration delay) {
        if (!cancelled) {
            next = timer.schedule(delay, () -> Thread.ofVirtual().name("hsu-check").start(this::tick));
        }
    }

    private void tick() {
        synchronized (this) {
            if (cancelled) {
                return;
            }
            running = Thread.currentThread();
        }
        long started = System.nanoTime();
        CheckResult result;
        try {
            result = check();
        } catch (InterruptedException e) {
            return; // cancelled
        } finally {
            synchronized (this) {
                running = null;
            }
            Thread.interrupted(); // a cancel that came after the check must not leak into the listener
        }
        HealthState from;
        HealthState to;
        int count;
        synchronized (this) {
            if (cancelled) {
                return;
            }
            if (lastPassed != null && lastPassed == result.healthy()) {
                run++;
            } else {
                lastPassed = result.healthy();
                run = 1;
            }
            from = verdict;
            if (result.healthy() && run >= check.successThreshold()) {
                verdict = HealthState.HEALTHY;
            } else if (!result.healthy() && run >= check.failureThreshold()) {
                verdict = HealthState.UNHEALTHY;
            }
            to = verdict;
            count = run;
        }
        if (from != to) {
            listener.changed(from, to, result.detail(), count);
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        Duration wait = check.interval().minus(elapsed);
        scheduleIn(wait.isNegative() ? Duration.ZERO : wait);
    }

    /** One check: up to 1 + retries attempts, the first pass wins. */
    private CheckResult check() throws InterruptedException {
        CheckResult last = null;
        for (int i = 0; i <= check.retries(); i++) {
            try {
                last = attempt.run();
            } catch (RuntimeException e) {
                last = CheckResult.failed("the check failed: " + e);
            }
            if (last.healthy()) {
                return last;
            }
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedException();
            }
        }
        return last;
    }
}
