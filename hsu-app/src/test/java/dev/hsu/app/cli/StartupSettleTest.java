package dev.hsu.app.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsu.app.control.RealMaster;
import dev.hsu.core.Master;
import dev.hsu.core.UnitState;
import dev.hsu.core.UnitStatus;
import dev.hsu.core.unit.ManagedUnit;
import dev.hsu.core.unit.RestartPolicy;
import dev.hsu.core.unit.RestartSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StartupSettleTest {

    @TempDir
    Path logs;

    private Master master;

    @AfterEach
    void stopUnits() {
        if (master != null) {
            master.shutdown().join();
        }
    }

    @Test
    void firesOnceTheStartedUnitsAreRunningAndTheMasterIsQuiet() {
        master = RealMaster.create(logs);
        for (int i = 0; i < 5; i++) {
            master.register(ManagedUnit.builder("u" + i).executable("/bin/sleep").args("1000").build());
        }
        List<UnitState> seenAtFiring = new CopyOnWriteArrayList<>();
        AtomicInteger runs = new AtomicInteger();
        master.startAll();
        StartupSettle settle = StartupSettle.arm(master, () -> {
            runs.incrementAndGet();
            master.statuses().stream().map(UnitStatus::state).forEach(seenAtFiring::add);
        }, Duration.ofMillis(300), Duration.ofSeconds(30));

        await().atMost(Duration.ofSeconds(10)).until(settle::fired);
        await().atMost(Duration.ofSeconds(2)).until(() -> runs.get() == 1);
        assertEquals(List.of(UnitState.RUNNING, UnitState.RUNNING, UnitState.RUNNING, UnitState.RUNNING,
                UnitState.RUNNING), seenAtFiring);
    }

    @Test
    void firesAtTheLatestWhileAUnitCrashLoops() {
        master = RealMaster.create(logs);
        master.register(ManagedUnit.builder("loop").executable("/bin/false")
                .restart(RestartSpec.DEFAULT.withPolicy(RestartPolicy.ALWAYS).withMaxRetries(RestartSpec.UNLIMITED)
                        .withRetryDelay(Duration.ofMillis(20)).withBackoffRate(1.0).withJitter(0))
                .build());
        AtomicLong firedAfterNanos = new AtomicLong(-1);
        AtomicInteger restartsAtFiring = new AtomicInteger(-1);
        long armed = System.nanoTime();
        master.startAll();
        StartupSettle settle = StartupSettle.arm(master, () -> {
            firedAfterNanos.set(System.nanoTime() - armed);
            restartsAtFiring.set(master.status("loop").orElseThrow().restarts());
        }, Duration.ofMillis(500), Duration.ofMillis(1500));

        await().atMost(Duration.ofSeconds(10)).until(settle::fired);
        await().atMost(Duration.ofSeconds(2)).until(() -> firedAfterNanos.get() >= 0);
        // Never 500 ms without an event (a restart every ~20 ms): only the deadline fires it.
        assertTrue(firedAfterNanos.get() >= Duration.ofMillis(1500).toNanos(),
                "fired after " + firedAfterNanos.get() / 1_000_000 + " ms");
        assertTrue(restartsAtFiring.get() > 5, "restarts when it fired: " + restartsAtFiring.get());
    }
}
