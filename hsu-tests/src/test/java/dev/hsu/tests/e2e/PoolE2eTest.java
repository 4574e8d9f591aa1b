package dev.hsu.tests.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsu.core.UnitEvent;
import dev.hsu.core.UnitState;
import dev.hsu.core.UnitStatus;
import dev.hsu.core.unit.Dependency;
import dev.hsu.core.unit.ManagedUnit;
import dev.hsu.core.unit.RestartSpec;
import dev.hsu.spi.Signal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Worker pools (replicas) with real processes. */
class PoolE2eTest extends E2eSupport {

    @Test
    void aPoolOfFourRunsFourReplicasAndKillingOneRestartsOnlyThatOne() throws Exception {
        Path out = dir.resolve("out");
        Files.createDirectories(out);
        master.register(sh("worker", "echo \"$HSU_REPLICA $HSU_UNIT\" > " + q(out) + "/$HSU_REPLICA.$$; "
                + "exec sleep 1000").replicas(4).restart(RestartSpec.DEFAULT.withRetryDelay(Duration.ZERO)).build());
        master.startAll();
        await().atMost(WAIT).until(() -> status("worker").replicas().stream()
                .allMatch(r -> r.state() == UnitState.RUNNING));
        UnitStatus pool = status("worker");
        assertEquals(UnitState.RUNNING, pool.state());
        assertEquals(List.of("worker-0", "worker-1", "worker-2", "worker-3"),
                pool.replicas().stream().map(UnitStatus::name).toList());
        pool.replicas().forEach(r -> assertEquals("worker", r.pool()));
        await().atMost(WAIT).until(() -> {
            try (var files = Files.list(out)) {
                return files.count() == 4;
            }
        });
        Set<String> seen = new TreeSet<>();
        try (var files = Files.list(out)) {
            for (Path f : files.toList()) {
                seen.add(Files.readString(f).trim());
            }
        }
        assertEquals(Set.of("0 worker", "1 worker", "2 worker", "3 worker"), seen);

        Map<String, Long> pids = pool.replicas().stream().collect(Collectors.toMap(UnitStatus::name, UnitStatus::pid));
        master.signal("worker-2", Signal.KILL);
        await().atMost(WAIT).until(() -> status("worker-2").state() == UnitState.RUNNING
                && status("worker-2").pid() != pids.get("worker-2"));
        assertEquals(1, status("worker-2").restarts());
        for (String other : List.of("worker-0", "worker-1", "worker-3")) {
            assertEquals(pids.get(other), status(other).pid(), other + " was restarted too");
            assertEquals(0, status(other).restarts(), other);
        }
        assertEquals(1, status("worker").restarts());
    }

    @Test
    void rescalingAPoolLeavesTheReplicasItKeepsAloneStartsTheNewAndEndsTheRest() throws Exception {
        Path out = dir.resolve("out");
        Files.createDirectories(out);
        ManagedUnit three = sh("worker", "echo $HSU_REPLICA > " + q(out) + "/$HSU_REPLICA.$$; exec sleep 1000")
                .replicas(3).build();
        master.register(three);
        master.startAll();
        await().atMost(WAIT).until(() -> allRunning("worker", 3));
        Map<String, Long> before = pids("worker");

        master.rescale(three.toBuilder().replicas(5).build()).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> allRunning("worker", 5));
        Map<String, Long> grown = pids("worker");
        assertEquals(List.of("worker-0", "worker-1", "worker-2", "worker-3", "worker-4"), List.copyOf(grown.keySet()));
        before.forEach((name, pid) -> assertEquals(pid, grown.get(name), name + " was restarted"));
        assertEquals(0, status("worker").restarts());
        await().atMost(WAIT).until(() -> {
            try (var files = Files.list(out)) {
                return files.count() == 5; // the new replicas got HSU_REPLICA 3 and 4
            }
        });
        assertEquals(5, status("worker").replicas().size());

        master.rescale(three.toBuilder().replicas(2).build()).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        Map<String, Long> shrunk = pids("worker");
        assertEquals(Map.of("worker-0", grown.get("worker-0"), "worker-1", grown.get("worker-1")), shrunk);
        for (String gone : List.of("worker-2", "worker-3", "worker-4")) {
            assertFalse(ProcessHandle.of(grown.get(gone)).map(ProcessHandle::isAlive).orElse(false),
                    gone + "'s process is still alive");
            assertTrue(master.status(gone).isEmpty(), gone + " is still known");
        }
        await().atMost(WAIT).until(() -> events("worker-4", UnitEvent.StateChanged.class).stream()
                .map(c -> c.to() + " " + c.reason()).toList().containsAll(List.of("STOPPING unregistered",
                        "STOPPED stopped gracefully (killed by SIGTERM)")));
        assertEquals(2, master.unit("worker").orElseThrow().replicas());
        assertEquals(UnitState.RUNNING, status("worker").state());
    }

    @Test
    void aStoppedPoolGrowsWithoutStartingAndOnlyASizeChangeIsARescale() {
        ManagedUnit two = sh("idle", "exec sleep 1000").replicas(2).build();
        master.register(two);
        master.rescale(two.toBuilder().replicas(3).build()).join();
        assertEquals(List.of(UnitState.REGISTERED, UnitState.REGISTERED, UnitState.REGISTERED),
                status("idle").replicas().stream().map(UnitStatus::state).toList());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> master.rescale(two.toBuilder().replicas(4).gracefulTimeout(Duration.ofSeconds(1)).build()));
        assertTrue(e.getMessage().contains("only a change of replicas or min_ready"), e.getMessage());
        assertEquals(3, status("idle").replicas().size(), "a refused rescale changes nothing");
    }

    private Map<String, Long> pids(String pool) {
        Map<String, Long> out = new java.util.LinkedHashMap<>();
        status(pool).replicas().forEach(r -> out.put(r.name(), r.pid()));
        return out;
    }

    private boolean allRunning(String pool, int replicas) {
        List<UnitStatus> rs = status(pool).replicas();
        return rs.size() == replicas && rs.stream().allMatch(r -> r.state() == UnitState.RUNNING);
    }

    @Test
    void aDependentWaitsForMinReadyReplicas() {
        // Two of three replicas start; the third fails at once (no restart): min_ready 2 still holds.
        master.register(sh("pool", "if [ \"$HSU_REPLICA\" = 2 ]; then exit 3; fi; exec sleep 1000")
                .replicas(3).minReady(2).build());
        master.register(sh("user", "exec sleep 1000").dependsOn("pool", Dependency.Condition.STARTED).build());
        master.startAll();
        awaitState("user", UnitState.RUNNING);
        await().atMost(WAIT).until(() -> status("pool-2").state() == UnitState.FAILED);
        assertEquals(UnitState.RUNNING, status("pool").state());
        assertEquals("2 of 3 replicas running; pool-2 FAILED (exit code 3; restart policy never does not restart it)",
                status("pool").reason());
    }
}
