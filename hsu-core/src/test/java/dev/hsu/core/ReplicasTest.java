package dev.hsu.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsu.core.unit.ManagedUnit;
import dev.hsu.core.unit.OutputRedirect;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ReplicasTest {

    @Test
    void replicasHaveNamesEnvironmentAndFilesOfTheirOwn() {
        ManagedUnit pool = ManagedUnit.builder("worker").executable("/bin/w").env("A", "1").replicas(3)
                .stdout(OutputRedirect.file(Path.of("/logs/worker.out.log"))).stderr(OutputRedirect.file(Path.of("err")))
                .build();
        List<ManagedUnit> rs = Replicas.of(pool);
        assertEquals(List.of("worker-0", "worker-1", "worker-2"), rs.stream().map(ManagedUnit::name).toList());
        assertEquals("1", rs.get(1).environment().get("HSU_REPLICA"));
        assertEquals("worker", rs.get(1).environment().get("HSU_UNIT"));
        assertEquals("1", rs.get(1).environment().get("A"));
        assertEquals(OutputRedirect.file(Path.of("/logs/worker-1.out.log")), rs.get(1).stdout());
        assertEquals(OutputRedirect.file(Path.of("err-1")), rs.get(1).stderr());
        assertEquals(1, rs.get(0).replicas());
        ManagedUnit single = ManagedUnit.builder("one").executable("/bin/x").build();
        assertEquals(List.of(single), Replicas.of(single));
    }

    @Test
    void replicasOfALogOutputWriteLogFilesOfTheirOwn() {
        ManagedUnit pool = ManagedUnit.builder("worker").executable("/bin/w").replicas(2)
                .stdout(new OutputRedirect.Log(Path.of("/logs/worker.out.log"))).build();
        List<ManagedUnit> replicas = Replicas.of(pool);
        assertEquals(new OutputRedirect.Log(Path.of("/logs/worker-0.out.log")), replicas.get(0).stdout());
        assertEquals(new OutputRedirect.Log(Path.of("/logs/worker-1.out.log")), replicas.get(1).stdout());
    }

    @Test
    void onlyAChangeOfPoolSizeBetweenTwoPoolsIsARescale() {
        ManagedUnit three = ManagedUnit.builder("worker").executable("/bin/w").args("-v").replicas(3).build();
        assertTrue(three.toBuilder().replicas(5).build().isRescaleOf(three));
        assertTrue(three.toBuilder().replicas(2).minReady(1).build().isRescaleOf(three));
        assertTrue(three.toBuilder().minReady(2).build().isRescaleOf(three));
        assertFalse(three.isRescaleOf(three), "nothing changed");
        assertFalse(three.toBuilder().replicas(4).args("-q").build().isRescaleOf(three), "the args changed too");
        assertFalse(three.toBuilder().replicas(1).build().isRescaleOf(three), "worker-0.. would become worker");
        assertFalse(three.isRescaleOf(three.toBuilder().replicas(1).build()), "worker would become worker-0..");
        assertFalse(three.isRescaleOf(null));
        // The replicas both sizes have are the same instances: that is what lets them keep running.
        ManagedUnit five = three.toBuilder().replicas(5).build();
        assertEquals(Replicas.of(three), Replicas.of(five).subList(0, 3));
    }

    @Test
    void startSlotsCapConcurrentLaunches() {
        StartSlots slots = new StartSlots(2);
        AtomicInteger running = new AtomicInteger();
        CompletableFuture<String> a = new CompletableFuture<>();
        CompletableFuture<String> b = new CompletableFuture<>();
        CompletableFuture<String> c = new CompletableFuture<>();
        slots.submit(() -> { running.incrementAndGet(); return a; });
        slots.submit(() -> { running.incrementAndGet(); return b; });
        CompletableFuture<String> third = slots.submit(() -> { running.incrementAndGet(); return c; });
        assertEquals(2, running.get(), "the third launch started before a slot was free");
        a.complete("a");
        assertEquals(3, running.get());
        c.complete("c");
        assertEquals("c", third.join());
    }
}
