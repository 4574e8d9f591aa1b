package dev.hsu.tests.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsu.core.ExitCause;
import dev.hsu.core.UnitEvent;
import dev.hsu.core.UnitState;
import dev.hsu.core.UnitStatus;
import dev.hsu.core.unit.RestartPolicy;
import dev.hsu.core.unit.RestartSpec;
import dev.hsu.spi.Signal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Restarts without delay go through the prepared launch armed on the running process (started by
 * the platform at the exit): same events, same accounting, one process at a time, and a stop
 * never meets a replacement. Runs are prepared at once here ({@code hsu.restart.prepareAfterMillis=0}),
 * so every restart below takes that path, which the state change's reason shows.
 */
class ImmediateRestartE2eTest extends E2eSupport {
    private static final String PROPERTY = "hsu.restart.prepareAfterMillis";
    private static final String PREPARED = "(prepared: started at the exit)";

    @BeforeEach
    void prepareAtOnce() {
        System.setProperty(PROPERTY, "0");
    }

    @AfterEach
    void restoreDefault() {
        System.clearProperty(PROPERTY);
    }

    private static RestartSpec immediately(RestartPolicy policy) {
        return RestartSpec.DEFAULT.withPolicy(policy).withRetryDelay(Duration.ZERO).withJitter(0).withMaxRetries(-1);
    }

    private List<Long> livePids(String unit) {
        List<Long> live = new ArrayList<>();
        for (UnitEvent.ProcessStarted s : events(unit, UnitEvent.ProcessStarted.class)) {
            if (ProcFs.system().running(s.pid())) {
                live.add(s.pid());
            }
        }
        return live;
    }

    @Test
    void aFullRestartWindowStopsThePreparedRestartsAndLeavesNoReplacement() {
        master.register(sh("svc", "exec sleep 1000").restart(immediately(RestartPolicy.ALWAYS)
                .withWindow(3, Duration.ofMinutes(10))).build());
        long pid = join(master.start("svc")).pid();
        for (int i = 1; i <= 3; i++) {
            long before = pid;
            master.signal("svc", Signal.KILL);
            pid = awaitReplaced("svc", before);
        }
        master.signal("svc", Signal.KILL);

        UnitStatus s = awaitState("svc", UnitState.FAILED);
        assertEquals("gave up: 3 restarts within the last 10m (restart.window_restarts 3, restart.window 10m); "
                + "last exit: killed by SIGKILL", s.reason());
        assertEquals(3, s.restarts());
        assertEquals(4, events("svc", UnitEvent.ProcessStarted.class).size());
        assertEquals(List.of(), livePids("svc"), "no replacement was started for the fourth exit");
    }

    @Test
    void aKilledProcessIsReplacedByThePreparedLaunchEveryTime() {
        master.register(sh("svc", "echo up $$; exec sleep 1000").restart(immediately(RestartPolicy.ALWAYS)).build());
        long pid = join(master.start("svc")).pid();
        for (int i = 1; i <= 5; i++) {
            long before = pid;
            master.signal("svc", Signal.KILL);
            pid = awaitReplaced("svc", before);
            assertEquals(List.of(pid), livePids("svc"), "exactly one process of the unit runs");
        }
        UnitStatus s = status("svc");
        assertEquals(5, s.restarts());
        List<UnitEvent.ProcessExited> exits = events("svc", UnitEvent.ProcessExited.class);
        assertEquals(5, exits.size());
        exits.forEach(e -> assertEquals(new ExitCause.Killed("SIGKILL"), e.cause()));
        List<UnitEvent.StateChanged> starting = events("svc", UnitEvent.StateChanged.class).stream()
                .filter(c -> c.to() == UnitState.STARTING).toList();
        assertEquals(6, starting.size());
        for (int i = 1; i <= 5; i++) {
            assertEquals("restart " + i + " after killed by SIGKILL " + PREPARED, starting.get(i).reason());
            assertEquals(UnitState.RUNNING, starting.get(i).from());
        }
        final long last = pid;
        await().atMost(WAIT).until(() -> console.contains("svc STDOUT up " + last));

        UnitStatus stopped = join(master.stop("svc"));
        assertEquals(UnitState.STOPPED, stopped.state());
        await().atMost(WAIT).until(() -> livePids("svc").isEmpty());
        assertEquals(6, events("svc", UnitEvent.ProcessStarted.class).size(), "the stop started nothing");
    }

    @Test
    void onFailureDoesNotReplaceACleanExit() {
        master.register(sh("job", "trap 'exit 0' TERM; echo ready; sleep 1000 & wait")
                .restart(immediately(RestartPolicy.ON_FAILURE)).build());
        join(master.start("job"));
        await().atMost(WAIT).until(() -> console.contains("job STDOUT ready"));
        // A SIGTERM that is not a stop: the trap exits 0, which on-failure does not restart.
        master.signal("job", Signal.TERM);
        UnitStatus s = awaitState("job", UnitState.EXITED);
        assertEquals(new ExitCause.Exited(0), s.lastExit());
        assertEquals(1, events("job", UnitEvent.ProcessStarted.class).size());
        await().atMost(WAIT).until(() -> livePids("job").isEmpty());
    }

    @Test
    void aStopDisarmsThePreparedRestartEvenWhenTheProcessHasToBeKilled() {
        master.register(sh("svc", "trap '' TERM; exec sleep 1000").restart(immediately(RestartPolicy.ALWAYS))
                .gracefulTimeout(Duration.ofMillis(300)).build());
        join(master.start("svc"));
        master.shutdown().orTimeout(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS).join();
        assertEquals(UnitState.STOPPED, status("svc").state());
        assertEquals(1, events("svc", UnitEvent.ProcessStarted.class).size());
        assertTrue(livePids("svc").isEmpty());
    }
}
