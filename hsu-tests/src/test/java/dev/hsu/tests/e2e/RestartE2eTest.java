package dev.hsu.tests.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsu.core.ExitCause;
import dev.hsu.core.UnitEvent;
import dev.hsu.core.UnitState;
import dev.hsu.core.UnitStatus;
import dev.hsu.core.unit.RestartPolicy;
import dev.hsu.core.unit.RestartSpec;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Restart policies and backoff with real processes. */
class RestartE2eTest extends E2eSupport {

    @Test
    void onFailureBacksOffThenGivesUp() {
        RestartSpec spec = new RestartSpec(RestartPolicy.ON_FAILURE, 3, Duration.ofMillis(100), 2.0,
                Duration.ofSeconds(10), Duration.ofMinutes(1), 0.1);
        master.register(sh("flaky", "exit 1").restart(spec).build());
        join(master.start("flaky"));

        UnitStatus s = awaitState("flaky", UnitState.FAILED);

        assertEquals("gave up after 3 restarts (restart.max_retries 3); last exit: exit code 1", s.reason());
        List<UnitEvent.ProcessStarted> starts = events("flaky", UnitEvent.ProcessStarted.class);
        List<UnitEvent.ProcessExited> exits = events("flaky", UnitEvent.ProcessExited.class);
        assertEquals(4, starts.size());
        assertEquals(4, exits.size());
        exits.forEach(e -> assertEquals(new ExitCause.Exited(1), e.cause()));
        long[] expected = {100, 200, 400};
        for (int i = 0; i < 3; i++) {
            // From the exit to the next start: the delay ± 10 % jitter, plus scheduling slack.
            long gapMs = Duration.between(exits.get(i).at(), starts.get(i + 1).at()).toMillis();
            assertTrue(gapMs >= expected[i] * 0.9 - 2 && gapMs <= expected[i] * 1.1 + 150,
                    "restart " + (i + 1) + " came " + gapMs + " ms after the exit, expected ~" + expected[i]);
        }
        assertEquals(List.of(1, 2, 3), events("flaky", UnitEvent.RestartScheduled.class).stream()
                .map(UnitEvent.RestartScheduled::attempt).toList());
    }

    @Test
    void aRestartWindowStopsAUnitThatCrashesJustAfterEachReset() {
        // Each run outlasts reset_after, so max_retries alone would restart it forever.
        RestartSpec spec = new RestartSpec(RestartPolicy.ON_FAILURE, 1, Duration.ofMillis(20), 2.0,
                Duration.ofSeconds(10), Duration.ofMillis(100), 0.0).withWindow(3, Duration.ofMinutes(10));
        master.register(sh("flapper", "sleep 0.3; exit 1").restart(spec).build());
        join(master.start("flapper"));

        UnitStatus s = awaitState("flapper", UnitState.FAILED);
        assertEquals("gave up: 3 restarts within the last 10m (restart.window_restarts 3, restart.window 10m); "
                + "last exit: exit code 1", s.reason());
        assertEquals(4, events("flapper", UnitEvent.ProcessStarted.class).size());
        assertEquals(List.of(1, 1, 1), events("flapper", UnitEvent.RestartScheduled.class).stream()
                .map(UnitEvent.RestartScheduled::attempt).toList(), "every run reset the backoff series");

        // A user start clears the window: the unit gets its three restarts again.
        join(master.start("flapper"));
        awaitState("flapper", UnitState.FAILED);
        org.awaitility.Awaitility.await().atMost(WAIT).until(() ->
                events("flapper", UnitEvent.ProcessStarted.class).size() == 8);
    }

    @Test
    void neverDoesNotRestart() {
        master.register(sh("once", "exit 1").build());
        join(master.start("once"));
        awaitState("once", UnitState.FAILED);
        org.awaitility.Awaitility.await().during(Duration.ofMillis(300)).atMost(WAIT).until(() ->
                events("once", UnitEvent.ProcessStarted.class).size() == 1);
        assertEquals(new ExitCause.Exited(1), status("once").lastExit());
    }

    @Test
    void alwaysRestartsAfterExitZero() {
        master.register(sh("job", "exit 0").restart(RestartSpec.DEFAULT.withPolicy(RestartPolicy.ALWAYS)
                .withMaxRetries(2).withRetryDelay(Duration.ofMillis(20)).withJitter(0)).build());
        join(master.start("job"));
        UnitStatus s = awaitState("job", UnitState.FAILED);
        assertEquals(3, events("job", UnitEvent.ProcessStarted.class).size());
        assertEquals(2, s.restarts());
        assertEquals(new ExitCause.Exited(0), s.lastExit());
    }

    @Test
    void onFailureRestartsAProcessKilledBySignal() {
        master.register(sh("victim", "exec sleep 1000").restart(RestartSpec.DEFAULT.withRetryDelay(Duration.ZERO))
                .build());
        long pid = join(master.start("victim")).pid();
        master.signal("victim", dev.hsu.spi.Signal.KILL);
        awaitReplaced("victim", pid);
        assertEquals(new ExitCause.Killed("SIGKILL"), events("victim", UnitEvent.ProcessExited.class).get(0).cause());
        assertEquals(1, status("victim").restarts());
    }
}
