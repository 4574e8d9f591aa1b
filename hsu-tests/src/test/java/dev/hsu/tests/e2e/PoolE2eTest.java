package dev.hsu.tests.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.hsu.core.UnitState;
import dev.hsu.core.UnitStatus;
import dev.hsu.core.unit.Dependency;
import dev.hsu.core.unit.RestartSpec;
import dev.hsu.spi.Signal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
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
