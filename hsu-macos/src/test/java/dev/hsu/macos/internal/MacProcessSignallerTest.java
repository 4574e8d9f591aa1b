package dev.hsu.macos.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;

import dev.hsu.spi.ExitStatus;
import dev.hsu.spi.LaunchedProcess;
import dev.hsu.spi.Signal;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Signals with macOS numbers to fake process trees: the process, its group, descendants outside it. */
class MacProcessSignallerTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final MacHarness h = new MacHarness();
    private final DarwinMocks mac = h.mac;

    MacProcessSignallerTest() throws Exception {
    }

    @AfterEach
    void close() {
        h.close();
    }

    private static ExitStatus exitOf(MacProcess p) throws Exception {
        return p.onExit().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void everyPortableSignalIsSentWithItsMacOsNumber() throws Exception {
        MacProcess p = h.spec("sleep").launch();
        DarwinMocks.Proc child = h.fake(p);
        List<Integer> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int n = 1; n < 32; n++) {
            child.traps.put(n, seen::add);
        }
        for (Signal s : Signal.values()) {
            h.signaller.signal(p, s);
        }
        assertEquals(List.of(1, 2, 3, 6, 9, 30, 31, 13, 14, 15, 19, 17, 18, 21, 22, 28), seen);
    }

    @Test
    void aTermTheProgramDoesNotCatchEndsIt() throws Exception {
        MacProcess p = h.spec("sleep").launch();
        h.signaller.signal(p, Signal.TERM);
        assertEquals(new ExitStatus.Killed(15, Signal.TERM, false), exitOf(p));
    }

    @Test
    void killTreeReachesTheGroupAndADescendantThatLeftIt() throws Exception {
        MacProcess p = h.spec("sleep").launch();
        DarwinMocks.Proc main = h.fake(p);
        DarwinMocks.Proc inGroup = main.spawn(false);
        DarwinMocks.Proc left = main.spawn(true);
        DarwinMocks.Proc grandchild = left.spawn(false);
        assertEquals(4, h.signaller.killTree(p));
        assertTrue(mac.kills.contains("-" + main.pid + " 9"), mac.kills.toString());
        assertTrue(mac.kills.contains(left.pid + " 9"));
        assertTrue(mac.kills.contains(grandchild.pid + " 9"));
        assertFalse(mac.kills.contains(inGroup.pid + " 9"), "reached through the group");
        assertEquals(new ExitStatus.Killed(9, Signal.KILL, false), exitOf(p));
        assertTrue(inGroup.exited && left.exited && grandchild.exited);
    }

    @Test
    void signalTreeSendsTheSignalToTheWholeTree() throws Exception {
        MacProcess p = h.spec("sleep").launch();
        DarwinMocks.Proc main = h.fake(p);
        DarwinMocks.Proc left = main.spawn(true);
        h.signaller.signalTree(p, Signal.USR1);
        assertTrue(mac.kills.contains("-" + main.pid + " 30"));
        assertTrue(mac.kills.contains(left.pid + " 30"));
    }

    @Test
    void aDescendantWhosePidWasRecycledIsNotSignalled() throws Exception {
        MacProcess p = h.spec("sleep").launch();
        DarwinMocks.Proc main = h.fake(p);
        DarwinMocks.Proc left = main.spawn(true);
        List<ProcessTree.Member> tree = ProcessTree.descendants(h.proc, main.pid);
        assertEquals(1, tree.size());
        ProcessTree.Member stale = new ProcessTree.Member(left.pid, left.pgid, left.startMicros - 1);
        assertFalse(ProcessTree.stillSame(h.proc, stale), "another process now has that pid");
        assertTrue(ProcessTree.stillSame(h.proc, tree.get(0)));
    }

    @Test
    void afterTheMainProcessExitedKillTreeEndsWhatItLeftInItsGroup() throws Exception {
        MacProcess p = h.spec("sleep").launch();
        DarwinMocks.Proc main = h.fake(p);
        DarwinMocks.Proc left = main.spawn(false);
        main.exit(0);
        assertEquals(new ExitStatus.Exited(0), exitOf(p));
        mac.orphan(left);
        assertEquals(1, h.signaller.killTree(p));
        assertTrue(left.exited);
        assertEquals(0, h.signaller.killTree(p), "nothing is left the second time");
    }

    @Test
    void aGroupNumberNowLedBySomeoneElseIsLeftAlone() throws Exception {
        MacProcess p = h.spec("sleep").launch();
        DarwinMocks.Proc main = h.fake(p);
        main.exit(0);
        exitOf(p);
        DarwinMocks.Proc stranger = mac.new Proc(main.pid, 1, main.pid); // the pid, recycled, leads a new group
        mac.procs.put(stranger.pid, stranger);
        assertEquals(0, h.signaller.killTree(p));
        assertFalse(stranger.exited);
        assertFalse(mac.kills.contains("-" + main.pid + " 9"));
    }

    @Test
    void signallingAnEndedProcessIsANoOp() throws Exception {
        MacProcess p = h.spec("sleep").launch();
        h.fake(p).exit(0);
        exitOf(p);
        assertDoesNotThrow(() -> h.signaller.signal(p, Signal.TERM));
        assertDoesNotThrow(() -> h.signaller.signalTree(p, Signal.HUP));
        assertEquals(0, h.signaller.killTree(p));
    }

    @Test
    void stopAndContinueAreDelivered() throws Exception {
        MacProcess p = h.spec("sleep").launch();
        DarwinMocks.Proc main = h.fake(p);
        h.signaller.signal(p, Signal.STOP);
        assertTrue(main.stopped);
        h.signaller.signal(p, Signal.CONT);
        assertFalse(main.stopped);
    }

    @Test
    void aForeignProcessIsRefused() {
        LaunchedProcess foreign = mock(LaunchedProcess.class);
        assertThrows(IllegalArgumentException.class, () -> h.signaller.killTree(foreign));
        assertThrows(IllegalArgumentException.class, () -> h.signaller.signal(foreign, Signal.TERM));
    }

    @Test
    void exitsAreReportedFromTheLoopEvenWhenKilledConcurrently() throws Exception {
        MacProcess p = h.spec("sleep").launch();
        Thread a = Thread.ofPlatform().start(() -> h.signaller.killTree(p));
        Thread b = Thread.ofPlatform().start(() -> h.signaller.killTree(p));
        a.join(5000);
        b.join(5000);
        await().atMost(WAIT).until(() -> !p.isAlive());
    }
}
