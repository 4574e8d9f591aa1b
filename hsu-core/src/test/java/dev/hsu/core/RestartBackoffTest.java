package dev.hsu.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsu.core.unit.RestartPolicy;
import dev.hsu.core.unit.RestartSpec;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RestartBackoffTest {

    private static RestartSpec spec(long retryMs, double rate, long maxMs, double jitter) {
        return new RestartSpec(RestartPolicy.ON_FAILURE, 5, Duration.ofMillis(retryMs), rate,
                Duration.ofMillis(maxMs), Duration.ofMinutes(1), jitter);
    }

    @ParameterizedTest(name = "retry {0}ms × {1}^{3}, cap {2}ms → {4}ms")
    @CsvSource({
            // retryMs, rate, maxMs, attempt, expectedMs
            "100, 2.0, 100000, 0, 100",
            "100, 2.0, 100000, 1, 200",
            "100, 2.0, 100000, 2, 400",
            "100, 2.0, 100000, 3, 800",
            "100, 2.0, 200000, 10, 102400",
            "100, 2.0, 1000, 4, 1000",      // 1600 capped
            "100, 2.0, 1000, 60, 1000",     // 2^60 capped, no overflow
            "100, 2.0, 1000, 5000, 1000",   // infinity capped
            "250, 1.0, 1000, 7, 250",       // rate 1 = constant
            "1000, 1.5, 300000, 2, 2250",
            "0, 2.0, 1000, 3, 0",           // zero stays zero
            "0, 2.0, 1000, 1100, 0",        // even when rate^n overflows to infinity
    })
    void delayFollowsRetryDelayTimesRatePowerCapped(long retryMs, double rate, long maxMs, int attempt,
                                                    long expectedMs) {
        Duration d = RestartBackoff.baseDelay(spec(retryMs, rate, maxMs, 0.0), attempt);
        assertEquals(Duration.ofMillis(expectedMs), d);
    }

    @ParameterizedTest(name = "jitter {0}, u {1} → factor {2}")
    @CsvSource({
            "0.1, 0.0, 0.9",
            "0.1, 0.5, 1.0",
            "0.1, 0.75, 1.05",
            "0.5, 0.0, 0.5",
            "1.0, 0.0, 0.0",    // never negative
            "1.0, 0.999999, 1.999998",
            "0.0, 0.0, 1.0",
    })
    void jitterSpreadsUniformlyAroundTheDelay(double jitter, double u, double factor) {
        RestartSpec s = spec(1000, 2.0, 100_000, jitter);
        Duration d = RestartBackoff.delay(s, 1, u); // base 2000 ms
        assertEquals(2000.0 * factor, d.toNanos() / 1e6, 1e-3);
    }

    @Test
    void jitterAppliesAfterTheCap() {
        RestartSpec s = spec(1000, 2.0, 3000, 0.2);
        assertEquals(Duration.ofMillis(3600), RestartBackoff.delay(s, 10, 1.0));
        assertEquals(Duration.ofMillis(2400), RestartBackoff.delay(s, 10, 0.0));
    }

    @Test
    void jitteredDelaysStayWithinTheBand() {
        RestartSpec s = spec(100, 2.0, 100_000, 0.25);
        java.util.Random random = new java.util.Random(42);
        for (int attempt = 0; attempt < 8; attempt++) {
            double base = 100 * Math.pow(2, attempt);
            for (int i = 0; i < 200; i++) {
                double ms = RestartBackoff.delay(s, attempt, random.nextDouble()).toNanos() / 1e6;
                assertTrue(ms >= base * 0.75 - 1e-6 && ms < base * 1.25, attempt + ": " + ms);
            }
        }
    }

    @Test
    void nextCountsAttemptsAndUsesTheRandomSource() {
        Deque<Double> us = new ArrayDeque<>(List.of(0.5, 0.0, 1.0));
        RestartBackoff b = new RestartBackoff(spec(100, 2.0, 100_000, 0.1), us::pop);
        assertEquals(0, b.attempts());
        assertEquals(Duration.ofMillis(100), b.next(0L));
        assertEquals(Duration.ofMillis(180), b.next(0L));
        assertEquals(Duration.ofMillis(440), b.next(0L));
        assertEquals(3, b.attempts());
    }

    @Test
    void exhaustedAfterMaxRetries() {
        RestartBackoff b = new RestartBackoff(spec(100, 2.0, 100_000, 0).withMaxRetries(2), () -> 0.5);
        assertFalse(b.exhausted());
        b.next(0L);
        assertFalse(b.exhausted());
        b.next(0L);
        assertTrue(b.exhausted());
    }

    @Test
    void zeroMaxRetriesIsExhaustedAtOnce() {
        assertTrue(new RestartBackoff(spec(100, 2.0, 1000, 0).withMaxRetries(0), () -> 0.5).exhausted());
    }

    @Test
    void anImmediateRestartStaysImmediateForever() {
        RestartBackoff b = new RestartBackoff(spec(0, 2.0, 60_000, 0.1).withMaxRetries(-1), () -> 0.9);
        for (int i = 0; i < 5000; i++) {
            assertEquals(Duration.ZERO, b.next(0L), "attempt " + i);
        }
    }

    @Test
    void unlimitedIsNeverExhausted() {
        RestartBackoff b = new RestartBackoff(spec(0, 2.0, 0, 0).withMaxRetries(RestartSpec.UNLIMITED), () -> 0.5);
        for (int i = 0; i < 10_000; i++) {
            b.next(0L);
        }
        assertFalse(b.exhausted());
    }

    @Test
    void aRunOfResetAfterOrLongerStartsANewSeries() {
        RestartSpec s = spec(100, 2.0, 100_000, 0).withResetAfter(Duration.ofSeconds(10));
        RestartBackoff b = new RestartBackoff(s, () -> 0.5);
        b.next(0L);
        b.next(0L);
        b.runEnded(Duration.ofMillis(9999));
        assertEquals(2, b.attempts());
        assertEquals(Duration.ofMillis(400), RestartBackoff.baseDelay(s, b.attempts()));
        b.runEnded(Duration.ofSeconds(10));
        assertEquals(0, b.attempts());
        assertEquals(Duration.ofMillis(100), b.next(0L));
    }

    @Test
    void resetStartsANewSeries() {
        RestartBackoff b = new RestartBackoff(spec(100, 2.0, 100_000, 0).withMaxRetries(1), () -> 0.5);
        b.next(0L);
        assertTrue(b.exhausted());
        b.reset();
        assertFalse(b.exhausted());
    }

    @Test
    void hugeDurationsDoNotOverflow() {
        RestartSpec s = new RestartSpec(RestartPolicy.ALWAYS, -1, Duration.ofDays(365L * 1000), 2.0,
                Duration.ofDays(365L * 2000), Duration.ofMinutes(1), 0.0);
        assertEquals(Duration.ofDays(365L * 2000).getSeconds(), RestartBackoff.delay(s, 3, 0.5).getSeconds(), 1);
    }

    @Test
    void negativeAttemptIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> RestartBackoff.delay(spec(1, 2, 3, 0), -1, 0.5));
    }

    private static final long SECOND = 1_000_000_000L;

    @Test
    void theWindowCountsRestartsOfTheLastSpanOnlyAndIsNotResetByAStableRun() {
        RestartSpec s = spec(0, 1.0, 1000, 0.0).withMaxRetries(RestartSpec.UNLIMITED)
                .withWindow(3, Duration.ofSeconds(10));
        RestartBackoff b = new RestartBackoff(s, () -> 0.5);
        long t = 1000 * SECOND;
        b.next(t);
        b.runEnded(Duration.ofMinutes(5)); // a stable run resets the series, not the window
        b.next(t + 2 * SECOND);
        b.runEnded(Duration.ofMinutes(5));
        assertFalse(b.windowFull(t + 3 * SECOND));
        b.next(t + 4 * SECOND);
        assertTrue(b.windowFull(t + 5 * SECOND), "3 restarts within 10 s");
        assertEquals(3, b.inWindow());
        assertFalse(b.nextIsImmediate(t + 5 * SECOND));
        assertTrue(b.windowFull(t + 10 * SECOND - 1), "the first restart is still inside");
        assertFalse(b.windowFull(t + 10 * SECOND), "the first restart has left the window");
        assertEquals(2, b.inWindow());
        assertTrue(b.nextIsImmediate(t + 10 * SECOND));
    }

    @Test
    void aUserStartClearsTheWindow() {
        RestartBackoff b = new RestartBackoff(spec(0, 1.0, 1000, 0.0).withWindow(1, Duration.ofHours(1)), () -> 0.5);
        b.next(0L);
        assertTrue(b.windowFull(SECOND));
        b.reset();
        assertFalse(b.windowFull(SECOND));
    }

    @Test
    void withoutAWindowNothingIsCounted() {
        RestartBackoff b = new RestartBackoff(spec(0, 1.0, 1000, 0.0).withMaxRetries(RestartSpec.UNLIMITED),
                () -> 0.5);
        for (int i = 0; i < 1000; i++) {
            b.next(i);
        }
        assertFalse(b.windowFull(1000));
        assertEquals(0, b.inWindow());
    }

    @Test
    void aSpecWithoutAWindowPrintsAsBeforeWindowsExisted() {
        // The state file's definition digests are made from this text.
        assertEquals("RestartSpec[policy=ON_FAILURE, maxRetries=5, retryDelay=PT1S, backoffRate=2.0, maxDelay=PT5M, "
                + "resetAfter=PT1M, jitter=0.1]", RestartSpec.DEFAULT.toString());
        assertEquals("RestartSpec[policy=ON_FAILURE, maxRetries=5, retryDelay=PT1S, backoffRate=2.0, maxDelay=PT5M, "
                + "resetAfter=PT1M, jitter=0.1, windowRestarts=5, window=PT10M]",
                RestartSpec.DEFAULT.withWindow(5, Duration.ofMinutes(10)).toString());
    }

    @Test
    void aSeriesCarriedToAnotherBackoffKeepsItsAttemptsAndTheRestartsStillInTheWindow() {
        RestartSpec s = spec(1000, 2.0, 100_000, 0.0).withMaxRetries(4).withWindow(3, Duration.ofSeconds(60));
        RestartBackoff old = new RestartBackoff(s, () -> 0.5);
        java.time.Instant wall = java.time.Instant.parse("2026-11-27T05:00:00Z");
        long t = 1000 * SECOND;
        old.next(t - 50 * SECOND); // has left the window by the time the next master restores it
        old.next(t - 30 * SECOND);
        old.next(t - 5 * SECOND);
        RestartSeries series = old.series(t, wall, null);
        assertEquals(3, series.attempts());
        assertEquals(List.of(wall.minusSeconds(50), wall.minusSeconds(30), wall.minusSeconds(5)), series.window(),
                "the restarts inside the window at the series' time");

        // Another master, another nanoTime origin, 10 s later on the wall clock.
        RestartBackoff next = new RestartBackoff(s, () -> 0.5);
        long u = 7 * SECOND;
        next.restore(series, u, wall.plusSeconds(10));
        assertEquals(3, next.attempts());
        assertEquals(Duration.ofSeconds(8), RestartBackoff.baseDelay(s, next.attempts()), "the 4th delay comes next");
        assertFalse(next.windowFull(u), "the restart of 50 s before the series is 60 s old now");
        assertEquals(2, next.inWindow());
        next.next(u);
        assertTrue(next.exhausted(), "4 of 4 restarts used, 3 of them by the previous master");
        assertTrue(next.windowFull(u + SECOND), "3 restarts within 60 s across the two masters");
        assertFalse(next.windowFull(u + 20 * SECOND), "the restart of 30 s before the series has left the window");
    }

    @Test
    void aRestoredRestartTimeAfterNowCountsAsNowAndWithoutAWindowOnlyTheAttemptsCarry() {
        java.time.Instant wall = java.time.Instant.parse("2026-11-27T05:00:00Z");
        RestartSeries fromTheFuture = new RestartSeries(2, List.of(wall.plusSeconds(3600)));
        RestartBackoff windowed = new RestartBackoff(spec(0, 1.0, 1000, 0.0).withWindow(1, Duration.ofSeconds(10)),
                () -> 0.5);
        windowed.restore(fromTheFuture, 50 * SECOND, wall);
        assertTrue(windowed.windowFull(50 * SECOND + 9 * SECOND), "counted from now: the clock was set back");
        assertFalse(windowed.windowFull(50 * SECOND + 10 * SECOND));

        RestartBackoff plain = new RestartBackoff(spec(0, 1.0, 1000, 0.0), () -> 0.5);
        plain.restore(fromTheFuture, 0L, wall);
        assertEquals(2, plain.attempts());
        assertEquals(0, plain.inWindow());
        assertEquals(new RestartSeries(2, List.of()), plain.series(0L, wall, null));
        plain.reset();
        assertEquals(RestartSeries.NONE, plain.series(0L, wall, null), "a user start begins a new series");
    }

    @Test
    void aRunThatHadLastedResetAfterByTheContinuationEndsTheSeriesButNotTheWindow() {
        RestartSpec s = spec(1000, 2.0, 100_000, 0.0).withMaxRetries(3).withResetAfter(Duration.ofMinutes(1))
                .withWindow(5, Duration.ofHours(1));
        java.time.Instant wall = java.time.Instant.parse("2026-11-27T05:00:00Z");
        List<java.time.Instant> window = List.of(wall.minusSeconds(300), wall.minusSeconds(200));

        RestartBackoff stable = new RestartBackoff(s, () -> 0.5);
        stable.restore(new RestartSeries(2, window, wall.minusSeconds(60)), 0L, wall);
        assertEquals(0, stable.attempts(), "running for reset_after when the master died (or now): a stable run");
        assertEquals(2, stable.inWindow());

        RestartBackoff young = new RestartBackoff(s, () -> 0.5);
        young.restore(new RestartSeries(2, window, wall.minusSeconds(59)), 0L, wall);
        assertEquals(2, young.attempts(), "a run of 59 s under a reset_after of 1 min: the series goes on");

        assertEquals(new RestartSeries(2, window, wall.minusSeconds(59)),
                young.series(0L, wall, wall.minusSeconds(59)));
    }

    @Test
    void changesCountsWhatASeriesSnapshotWouldShow() {
        RestartBackoff b = new RestartBackoff(spec(0, 1.0, 1000, 0.0).withMaxRetries(RestartSpec.UNLIMITED)
                .withResetAfter(Duration.ofSeconds(1)).withWindow(2, Duration.ofSeconds(10)), () -> 0.5);
        int c = b.changes();
        b.runEnded(Duration.ofMinutes(1));
        b.windowFull(0L);
        assertEquals(c, b.changes(), "nothing to reset or drop");
        b.next(0L);
        assertTrue(b.changes() != c);
        c = b.changes();
        assertFalse(b.windowFull(5 * SECOND));
        assertEquals(c, b.changes());
        b.windowFull(10 * SECOND);
        assertTrue(b.changes() != c, "a restart left the window");
        c = b.changes();
        b.runEnded(Duration.ofMinutes(1));
        assertTrue(b.changes() != c, "a stable run reset the attempts");
    }
}
