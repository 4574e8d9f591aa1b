package dev.hsu.core;

import dev.hsu.core.unit.RestartSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.DoubleSupplier;

/**
 * The restart arithmetic of one unit: how long to wait before the next restart, when the series
 * resets and when the budget is spent. Pure apart from the random source.
 *
 * <p>The delay before restart attempt {@code n} (0-based) is
 * {@code min(retryDelay × backoffRate^n, maxDelay)}, then multiplied by a uniform factor in
 * {@code [1 − jitter, 1 + jitter)}, never negative. A jittered delay may therefore exceed
 * {@code maxDelay} by up to {@code jitter × maxDelay}, as {@link RestartSpec} documents.
 *
 * <p>The restart window ({@link RestartSpec#windowRestarts()} within {@link RestartSpec#window()})
 * slides: it counts the restarts of the last {@code window} before now. Times are
 * {@link System#nanoTime()} values, passed in by the caller.
 *
 * <p>Thread-safety: not thread-safe; one instance belongs to one unit's actor.
 */
public final class RestartBackoff {
    private final RestartSpec spec;
    private final DoubleSupplier uniform;
    private int attempts;
    /** When the restarts still inside the window were counted, oldest first; empty without a window. */
    private final ArrayDeque<Long> inWindow = new ArrayDeque<>();
    /** Changes whenever the attempts or the window's restarts do: see {@link #changes()}. */
    private int changes;

    /**
     * @param spec the unit's restart settings
     * @param uniform values uniform in {@code [0, 1)}; called once per delay
     */
    public RestartBackoff(RestartSpec spec, DoubleSupplier uniform) {
        this.spec = Objects.requireNonNull(spec, "spec");
        this.uniform = Objects.requireNonNull(uniform, "uniform");
    }

    /**
     * The delay for attempt {@code n} (0-based) with jitter factor drawn from {@code u}.
     *
     * @param u a value in {@code [0, 1)}: 0 gives {@code 1 − jitter}, 0.5 gives the plain delay
     */
    public static Duration delay(RestartSpec spec, int attempt, double u) {
        if (attempt < 0) {
            throw new IllegalArgumentException("attempt must be 0 or more, got " + attempt);
        }
        double first = seconds(spec.retryDelay());
        double cap = seconds(spec.maxDelay());
        // rate^n overflows to infinity after about 1000 attempts; 0 × infinity would be NaN.
        double base = first == 0.0 ? 0.0 : first * Math.pow(spec.backoffRate(), attempt);
        if (!(base <= cap)) { // infinity (and NaN from a NaN rate) is capped
            base = cap;
        }
        double jittered = base * (1.0 + spec.jitter() * (2.0 * u - 1.0));
        return ofSeconds(Math.max(0.0, jittered));
    }

    /** The delay for attempt {@code n} without jitter. */
    public static Duration baseDelay(RestartSpec spec, int attempt) {
        return delay(spec.withJitter(0.0), attempt, 0.5);
    }

    /** Restarts done in the current series. */
    public int attempts() {
        return attempts;
    }

    /** Starts a new series (a user start, or a run that lasted {@code resetAfter}). */
    public void reset() {
        attempts = 0;
        inWindow.clear();
        changes++;
    }

    /**
     * A number that changes whenever {@link #series} would (apart from the time it is asked at):
     * a caller that keeps a snapshot makes a new one only then.
     */
    public int changes() {
        return changes;
    }

    /** Notes that a run lasted {@code ranFor}; a run of at least {@code resetAfter} resets the series. */
    public void runEnded(Duration ranFor) {
        if (ranFor.compareTo(spec.resetAfter()) >= 0 && attempts != 0) {
            attempts = 0;
            changes++;
        }
    }

    /** True when {@code maxRetries} restarts have been used (never with {@link RestartSpec#UNLIMITED}). */
    public boolean exhausted() {
        return spec.maxRetries() != RestartSpec.UNLIMITED && attempts >= spec.maxRetries();
    }

    /**
     * True when the next restart, if the current run ended now or later, would come at once:
     * budget left and a zero delay whatever the jitter. A run long enough to reset the series
     * only keeps it so.
     */
    public boolean nextIsImmediate(long nowNanos) {
        return !exhausted() && !windowFull(nowNanos) && baseDelay(spec, attempts).isZero();
    }

    /**
     * True when the restart window allows no restart at {@code nowNanos}: {@code windowRestarts}
     * restarts were counted within the {@code window} before it. Never without a window.
     */
    public boolean windowFull(long nowNanos) {
        if (spec.windowRestarts() <= 0) {
            return false;
        }
        long span = spec.window().toNanos();
        while (!inWindow.isEmpty() && nowNanos - inWindow.peekFirst() >= span) {
            inWindow.removeFirst();
            changes++;
        }
        return inWindow.size() >= spec.windowRestarts();
    }

    /** Restarts counted in the window at the last {@link #windowFull} or {@link #next}. */
    public int inWindow() {
        return inWindow.size();
    }

    /** The delay before the next restart, which happens at {@code nowNanos}; counts it as used. */
    public Duration next(long nowNanos) {
        Duration d = delay(spec, attempts, uniform.getAsDouble());
        attempts++;
        changes++;
        if (spec.windowRestarts() > 0) {
            windowFull(nowNanos); // drops what has left the window
            inWindow.addLast(nowNanos);
        }
        return d;
    }

    /**
     * The series as it stands at {@code nowNanos}, with the window's times on the wall clock:
     * {@code wallNow} is the wall-clock time of {@code nowNanos}.
     *
     * @param runningSince when the unit's run under way began, or null if it is not running
     */
    public RestartSeries series(long nowNanos, Instant wallNow, Instant runningSince) {
        if (attempts == 0 && inWindow.isEmpty()) {
            return RestartSeries.NONE;
        }
        List<Instant> window = new ArrayList<>(inWindow.size());
        for (long t : inWindow) {
            window.add(wallNow.minusNanos(nowNanos - t));
        }
        return new RestartSeries(attempts, window, runningSince);
    }

    /**
     * Continues a series a previous master began (see {@link #series}): its attempts count, and
     * its window restarts that are still within the window at {@code wallNow} (the wall-clock
     * time of {@code nowNanos}) count too. A time after {@code wallNow} (the clock was set back)
     * counts as now. Without a window here, only the attempts carry over. A run that began
     * {@code resetAfter} or longer before {@code wallNow} ends the series (the window stays), as
     * {@link #runEnded} would have: the time no master ran counts as run time, so a master that
     * comes back late gives a fresh budget rather than too small a one.
     */
    public void restore(RestartSeries series, long nowNanos, Instant wallNow) {
        Instant since = series.runningSince();
        boolean stable = since != null && Duration.between(since, wallNow).compareTo(spec.resetAfter()) >= 0;
        attempts = stable ? 0 : series.attempts();
        inWindow.clear();
        changes++;
        if (spec.windowRestarts() <= 0) {
            return;
        }
        for (Instant t : series.window()) {
            Duration ago = Duration.between(t, wallNow);
            if (ago.compareTo(spec.window()) < 0) {
                inWindow.addLast(ago.isNegative() ? nowNanos : nowNanos - ago.toNanos());
            }
        }
    }

    private static double seconds(Duration d) {
        return d.getSeconds() + d.getNano() / 1e9;
    }

    private static Duration ofSeconds(double s) {
        if (s >= Long.MAX_VALUE / 1e9) {
            return Duration.ofSeconds((long) Math.min(s, Long.MAX_VALUE));
        }
        return Duration.ofNanos(Math.round(s * 1e9));
    }
}
