package dev.hsu.tests.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsu.core.ExitCause;
import dev.hsu.core.HealthState;
import dev.hsu.core.UnitEvent;
import dev.hsu.core.UnitState;
import dev.hsu.core.unit.HealthCheck;
import dev.hsu.core.unit.RestartPolicy;
import dev.hsu.core.unit.RestartSpec;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Health checks against real servers and real check commands. */
class HealthE2eTest extends E2eSupport {

    private List<UnitEvent.HealthChanged> health(String unit) {
        return events(unit, UnitEvent.HealthChanged.class);
    }

    @Test
    void httpCheckRestartsAfterExactlyFailureThresholdFailuresAndNeedsSuccessThresholdToRecover() throws Exception {
        try (HealthServer server = new HealthServer()) {
            AtomicInteger failuresAtExit = new AtomicInteger(-1);
            AtomicInteger okAtFlip = new AtomicInteger(-1);
            AtomicInteger okAtRecovery = new AtomicInteger(-1);
            master.subscribe(e -> {
                // Synchronously, in event order: count what the server had answered at that moment.
                if (e instanceof UnitEvent.ProcessExited x && x.cause() instanceof ExitCause.Unhealthy
                        && failuresAtExit.get() < 0) {
                    failuresAtExit.set(server.failed.get());
                    okAtFlip.set(server.ok.get());
                    server.healthy.set(true);
                } else if (e instanceof UnitEvent.HealthChanged h && h.to() == HealthState.HEALTHY
                        && failuresAtExit.get() >= 0 && okAtRecovery.get() < 0) {
                    okAtRecovery.set(server.ok.get());
                }
            });
            HealthCheck check = HealthCheck.http(server.url(), Duration.ofMillis(100), Duration.ofMillis(500), 2, 3)
                    .withInitialDelay(Duration.ofMillis(300));
            master.register(sh("web", "exec sleep 1000").healthCheck(check)
                    .restart(RestartSpec.DEFAULT.withPolicy(RestartPolicy.ALWAYS).withRetryDelay(Duration.ZERO))
                    .build());
            long firstPid = join(master.start("web")).pid();
            await().atMost(WAIT).until(() -> status("web").health() == HealthState.HEALTHY);
            assertTrue(server.ok.get() >= 2, "healthy before success_threshold (2) passed checks");

            server.healthy.set(false);
            await().atMost(WAIT).until(() -> okAtRecovery.get() >= 0);

            assertEquals(3, failuresAtExit.get(), "failed checks before the restart (failure_threshold 3)");
            assertEquals(2, okAtRecovery.get() - okAtFlip.get(), "passed checks to recover (success_threshold 2)");
            UnitEvent.ProcessExited exit = events("web", UnitEvent.ProcessExited.class).get(0);
            assertEquals(firstPid, exit.pid());
            ExitCause.Unhealthy cause = assertInstanceOf(ExitCause.Unhealthy.class, exit.cause());
            assertTrue(cause.detail().startsWith("HTTP 500 from " + server.url()), cause.detail());
            assertTrue(cause.isFailure());
            assertEquals(1, status("web").restarts());
            assertEquals(UnitState.RUNNING, status("web").state());
            // No check failed after the one that crossed the threshold (the probe of the old run stopped).
            assertEquals(3, server.failed.get());
            List<HealthState> states = health("web").stream().map(UnitEvent.HealthChanged::to).toList();
            assertEquals(List.of(HealthState.HEALTHY, HealthState.UNHEALTHY, HealthState.UNKNOWN, HealthState.HEALTHY),
                    states);
        }
    }

    @Test
    void readinessCheckNeverRestartsAndTurnsUnhealthyAfterItsThreshold() throws Exception {
        try (HealthServer server = new HealthServer()) {
            server.healthy.set(false);
            master.register(sh("api", "exec sleep 1000")
                    .readinessCheck(HealthCheck.http(server.url(), Duration.ofMillis(50), Duration.ofMillis(500), 1, 4))
                    .build());
            long pid = join(master.start("api")).pid();
            await().atMost(WAIT).until(() -> status("api").health() == HealthState.UNHEALTHY);
            assertTrue(server.failed.get() >= 4);
            assertEquals(UnitState.RUNNING, status("api").state());
            assertEquals(pid, status("api").pid());
            server.healthy.set(true);
            await().atMost(WAIT).until(() -> status("api").health() == HealthState.HEALTHY);
            assertEquals(pid, status("api").pid(), "a readiness check never restarts");
            assertEquals("readiness_check", health("api").get(0).check());
        }
    }

    @Test
    void expectedStatusAndBodyAreHonoured() throws Exception {
        try (HealthServer server = new HealthServer()) {
            master.register(sh("wrong-body", "exec sleep 1000").readinessCheck(HealthCheck.http(server.url(),
                    Duration.ofMillis(50), Duration.ofMillis(500), 1, 1).withExpect(null, "ready")).build());
            master.register(sh("right", "exec sleep 1000").readinessCheck(HealthCheck.http(server.url(),
                    Duration.ofMillis(50), Duration.ofMillis(500), 1, 1).withExpect(200, "ok")).build());
            master.startAll();
            await().atMost(WAIT).until(() -> status("wrong-body").health() == HealthState.UNHEALTHY
                    && status("right").health() == HealthState.HEALTHY);
            assertTrue(health("wrong-body").get(0).detail().contains("without 'ready' in its body"),
                    health("wrong-body").get(0).detail());
        }
    }

    @Test
    void execCheckThatTimesOutHasItsProcessTreeKilled() throws Exception {
        Path pidFile = dir.resolve("check-child.pid");
        HealthCheck check = HealthCheck.exec(Duration.ofSeconds(30), Duration.ofMillis(500), "/bin/sh", "-c",
                "sleep 300 & echo $! > " + q(pidFile) + "; wait");
        master.register(sh("slow-check", "exec sleep 1000").readinessCheck(check).build());
        join(master.start("slow-check"));
        await().atMost(WAIT).until(() -> Files.exists(pidFile) && !Files.readString(pidFile).isBlank());
        long grandchild = Long.parseLong(Files.readString(pidFile).trim());
        track(grandchild);
        await().atMost(WAIT).until(() -> status("slow-check").health() == HealthState.UNHEALTHY);
        assertTrue(health("slow-check").get(0).detail().contains("did not finish within 500ms"),
                health("slow-check").get(0).detail());
        await().atMost(WAIT).until(() -> ProcessHandle.of(grandchild).map(h -> !h.isAlive()).orElse(true));
        assertEquals(UnitState.RUNNING, status("slow-check").state());
    }

    @Test
    void execAndTcpAndProcessChecksPass() throws Exception {
        Path marker = dir.resolve("ready");
        master.register(sh("exec-ok", "touch " + q(marker) + "; exec sleep 1000").readinessCheck(
                HealthCheck.exec(Duration.ofMillis(100), Duration.ofSeconds(2), "/bin/sh", "-c",
                        "test -f " + q(marker) + " && test \"$HSU_CHECK_ME\" = yes"))
                .env("HSU_CHECK_ME", "yes").build());
        master.register(sh("proc", "exec sleep 1000").healthCheck(new HealthCheck(HealthCheck.Type.PROCESS, null,
                null, null, null, null, null, null, Duration.ZERO, Duration.ofMillis(100), Duration.ofMillis(100), 0,
                1, 1)).build());
        master.startAll();
        await().atMost(WAIT).until(() -> status("exec-ok").health() == HealthState.HEALTHY
                && status("proc").health() == HealthState.HEALTHY);
    }

    @Test
    void manyUnitsWithHttpChecksNeedNoThreadEach() throws Exception {
        try (HealthServer server = new HealthServer()) {
            int before = ManagementFactory.getThreadMXBean().getThreadCount();
            int units = 100;
            for (int i = 0; i < units; i++) {
                master.register(sh("u" + i, "exec sleep 1000").healthCheck(HealthCheck.http(server.url(),
                        Duration.ofMillis(200), Duration.ofSeconds(2), 1, 3)).build());
            }
            master.startAll();
            await().atMost(Duration.ofSeconds(30)).until(() -> master.statuses().stream()
                    .allMatch(s -> s.health() == HealthState.HEALTHY));
            int okBefore = server.ok.get();
            await().atMost(WAIT).until(() -> server.ok.get() >= okBefore + 2 * units);
            int after = ManagementFactory.getThreadMXBean().getThreadCount();
            assertTrue(after - before < 40, "platform threads grew from " + before + " to " + after + " for "
                    + units + " units with http checks");
            assertFalse(master.statuses().stream().anyMatch(s -> s.restarts() > 0));
        }
    }
}
