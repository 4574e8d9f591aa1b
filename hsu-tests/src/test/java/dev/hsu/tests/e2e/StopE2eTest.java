package dev.hsu.tests.e2e;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsu.core.ExitCause;
import dev.hsu.core.UnitEvent;
import dev.hsu.core.UnitState;
import dev.hsu.core.UnitStatus;
import dev.hsu.core.unit.RestartPolicy;
import dev.hsu.spi.ExitStatus;
import dev.hsu.spi.Signal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Stopping real processes: graceful, forced, and whole trees. */
class StopE2eTest extends E2eSupport {

    @Test
    void aChildThatTrapsSigtermStopsGracefully() throws Exception {
        Path ready = dir.resolve("ready");
        Path marker = dir.resolve("marker");
        master.register(sh("trap", "trap 'echo bye > " + q(marker) + "; exit 0' TERM; touch " + q(ready)
                + "; sleep 1000 & wait").build());
        join(master.start("trap"));
        await().atMost(WAIT).until(() -> Files.exists(ready));

        UnitStatus s = join(master.stop("trap"));

        assertEquals(UnitState.STOPPED, s.state());
        assertEquals("bye", Files.readString(marker).trim());
        ExitCause.Stopped cause = assertInstanceOf(ExitCause.Stopped.class, s.lastExit());
        assertFalse(cause.forced(), cause.describe());
        assertEquals(new ExitStatus.Exited(0), cause.status());
    }

    @Test
    void aChildThatIgnoresSigtermIsKilledAfterTheGracefulTimeout() {
        Path ready = dir.resolve("ready");
        master.register(sh("deaf", "trap '' TERM; touch " + q(ready) + "; exec sleep 1000")
                .gracefulTimeout(Duration.ofMillis(500)).build());
        long pid = join(master.start("deaf")).pid();
        await().atMost(WAIT).until(() -> Files.exists(ready));

        long t0 = System.nanoTime();
        UnitStatus s = join(master.stop("deaf"));
        long tookMs = (System.nanoTime() - t0) / 1_000_000;

        assertEquals(UnitState.STOPPED, s.state());
        ExitCause.Stopped cause = assertInstanceOf(ExitCause.Stopped.class, s.lastExit());
        assertTrue(cause.forced(), cause.describe());
        assertEquals(Signal.KILL, assertInstanceOf(ExitStatus.Killed.class, cause.status()).signal());
        assertTrue(tookMs >= 450, "the graceful timeout was honoured, stop took " + tookMs + " ms");
        assertFalse(proc.running(pid), "pid " + pid + " is gone");
    }

    @Test
    void stopLeavesNoProcessOfTheTree() {
        master.register(sh("tree", "sleep 1000 & sleep 1000 & wait").build());
        long pid = join(master.start("tree")).pid();
        await().atMost(WAIT).until(() -> proc.descendants(pid).size() >= 2);
        List<Long> tree = proc.descendants(pid);
        tree.forEach(this::track);

        join(master.stop("tree"));

        await().atMost(WAIT).until(() -> tree.stream().noneMatch(proc::running) && !proc.running(pid));
    }

    @Test
    void descendantsLeftBehindByAnExitAreKilled() {
        // The main process exits at once, leaving a background sleep in its process group:
        // KillMode=control-group ends it with the unit's run.
        Path pidFile = dir.resolve("bg.pid");
        master.register(sh("leaver", "sleep 1000 & echo $! > " + q(pidFile) + "; exit 0").build());
        join(master.start("leaver"));
        awaitState("leaver", UnitState.EXITED);
        await().atMost(WAIT).until(() -> Files.exists(pidFile) && Files.size(pidFile) > 0);
        long bg = Long.parseLong(readTrimmed(pidFile));
        track(bg);
        await().atMost(WAIT).until(() -> !proc.running(bg));
    }

    @Test
    void aUserStopNeverRestarts() {
        master.register(sh("loop", "exec sleep 1000").restartPolicy(RestartPolicy.ALWAYS)
                .retryDelay(Duration.ZERO).build());
        join(master.start("loop"));

        join(master.stop("loop"));

        await().during(Duration.ofMillis(500)).atMost(WAIT).until(() ->
                status("loop").state() == UnitState.STOPPED
                        && events("loop", UnitEvent.ProcessStarted.class).size() == 1);
    }

    private static String readTrimmed(Path p) {
        try {
            return Files.readString(p).trim();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
