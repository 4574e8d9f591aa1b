package dev.hsu.core.health;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hsu.core.HealthState;
import dev.hsu.core.unit.HealthCheck;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Kubernetes probe semantics on a scripted sequence of attempt results. */
class ProbeTest {
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final List<String> changes = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    private Probe probe(HealthCheck check, Queue<Boolean> script, AtomicInteger attempts) {
        CheckAttempt attempt = () -> {
            attempts.incrementAndGet();
            Boolean ok = script.poll();
            return ok == null || ok ? CheckResult.ok("fine") : CheckResult.failed("bad");
        };
        return new Probe(check, attempt, (d, task) -> timer.schedule(task, d.toNanos(), TimeUnit.NANOSECONDS),
                (from, to, detail, n) -> changes.add(from + "->" + to + " after " + n + " (" + detail + ")"));
    }

    private static HealthCheck check(int retries, int success, int failure) {
        return HealthCheck.http("http://h/", Duration.ofMillis(5), Duration.ofMillis(100), success, failure)
                .withThresholds(retries, success, failure);
    }

    @Test
    void everyThresholdIsHonouredAndResultsOfTheOtherKindResetTheCount() {
        // F F S F F F -> unhealthy after the 3rd consecutive failure; S S -> healthy after 2.
        Queue<Boolean> script = new ConcurrentLinkedQueue<>(List.of(false, false, true, false, false, false, true,
                false, true, true));
        AtomicInteger attempts = new AtomicInteger();
        Probe p = probe(check(0, 2, 3), script, attempts);
        p.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> changes.size() == 2);
        p.cancel();
        assertEquals(List.of("UNKNOWN->UNHEALTHY after 3 (bad)", "UNHEALTHY->HEALTHY after 2 (fine)"), changes);
    }

    @Test
    void retriesMakeOneCheckOfSeveralAttempts() {
        // Each check may take 2 attempts; F S counts as a pass, F F as a failure.
        Queue<Boolean> script = new ConcurrentLinkedQueue<>(List.of(false, true, false, false));
        AtomicInteger attempts = new AtomicInteger();
        Probe p = probe(check(1, 1, 1), script, attempts);
        p.start();
        // After the script, every attempt passes: a third change (back to healthy) follows.
        await().atMost(Duration.ofSeconds(5)).until(() -> changes.size() >= 3);
        p.cancel();
        assertEquals(List.of("UNKNOWN->HEALTHY after 1 (fine)", "HEALTHY->UNHEALTHY after 1 (bad)",
                "UNHEALTHY->HEALTHY after 1 (fine)"), changes.subList(0, 3));
        assertEquals(HealthState.HEALTHY, p.verdict());
    }

    @Test
    void aCancelledProbeChecksNoMore() {
        AtomicInteger attempts = new AtomicInteger();
        Probe p = probe(check(0, 1, 1).withInitialDelay(Duration.ofSeconds(30)), new ConcurrentLinkedQueue<>(),
                attempts);
        p.start();
        p.cancel();
        await().during(Duration.ofMillis(100)).atMost(Duration.ofSeconds(1)).until(() -> attempts.get() == 0);
    }
}
