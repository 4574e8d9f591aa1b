package dev.hsu.tests.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hsu.spi.ExitStatus;
import dev.hsu.spi.LaunchedProcess;
import dev.hsu.spi.Signal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Stopping a unit: the graceful signal to the tree, the forced kill of the tree, and the reach of
 * that kill (children, grandchildren, descendants that left the process group, what the main
 * process left behind, and, where {@code treeKill} is claimed, daemons no parent link leads to).
 */
public abstract class StopConformance extends ConformanceBase {

    @Test
    void aGracefulStopLetsTheProgramRunItsHandler() throws Exception {
        TckSink out = new TckSink();
        LaunchedProcess p = children.spec(commands.trap(Signal.TERM, 3).orElseThrow()).capture(out).launch();
        await().until(() -> out.text().contains("ready\n"));
        provider.signaller().signalTree(p, Signal.TERM);
        assertEquals(new ExitStatus.Exited(3), exitOf(p));
        await().until(() -> out.text().contains("got-TERM\n"));
    }

    @Test
    void aProgramWithoutHandlerEndsByTheGracefulSignal() throws Exception {
        LaunchedProcess p = children.start(commands.sleeper());
        provider.signaller().signalTree(p, Signal.TERM);
        ExitStatus status = exitOf(p);
        assertTrue(status instanceof ExitStatus.Killed k && k.signal() == Signal.TERM,
                "a program that does not handle TERM is reported as killed by TERM, not " + status);
    }

    @Test
    void theGracefulSignalReachesTheWholeTree() throws Exception {
        TckSink out = new TckSink();
        LaunchedProcess p = children.spec(commands.tree(2)).capture(out).launch();
        List<ProcessHandle> kids = awaitPids(out, 2);
        provider.signaller().signalTree(p, Signal.TERM);
        exitOf(p);
        awaitAllGone(kids);
    }

    @Test
    void aForcedStopEndsAProgramThatIgnoresTheGracefulOne() throws Exception {
        TckSink out = new TckSink();
        LaunchedProcess p = children.spec(commands.ignoreTerm()).capture(out).launch();
        await().until(() -> out.text().contains("ready\n"));
        provider.signaller().signalTree(p, Signal.TERM);
        assertTrue(p.isAlive(), "TERM is ignored");
        assertTrue(provider.signaller().killTree(p) >= 1);
        ExitStatus status = exitOf(p);
        assertTrue(status instanceof ExitStatus.Killed k && k.signal() == Signal.KILL, "status " + status);
    }

    @Test
    void killTreeEndsTheProcessAndEveryChild() throws Exception {
        TckSink out = new TckSink();
        LaunchedProcess p = children.spec(commands.tree(3)).capture(out).launch();
        List<ProcessHandle> kids = awaitPids(out, 3);
        int killed = provider.signaller().killTree(p);
        assertTrue(killed >= 4, "killTree reported " + killed + " processes, the tree has 4");
        ExitStatus status = exitOf(p);
        assertTrue(status instanceof ExitStatus.Killed k && k.signal() == Signal.KILL, "status " + status);
        awaitAllGone(kids);
    }

    @Test
    void killTreeEndsGrandchildren() throws Exception {
        TckSink out = new TckSink();
        LaunchedProcess p = children.spec(commands.nestedTree()).capture(out).launch();
        List<ProcessHandle> descendants = awaitPids(out, 2);
        assertTrue(provider.signaller().killTree(p) >= 3);
        exitOf(p);
        awaitAllGone(descendants);
    }

    @Test
    void killTreeEndsADescendantThatLeftTheProcessGroup() throws Exception {
        Optional<TckCommand> escaping = commands.escapingTree();
        assumeTrue(escaping.isPresent(), "this OS's commands cannot leave a process group");
        TckSink out = new TckSink();
        LaunchedProcess p = children.spec(escaping.get()).capture(out).launch();
        List<ProcessHandle> kids = awaitPids(out, 2);
        assertTrue(provider.signaller().killTree(p) >= 3);
        exitOf(p);
        awaitAllGone(kids);
    }

    @Test
    void killTreeAfterTheMainProcessExitedEndsWhatItLeftBehind() throws Exception {
        TckSink out = new TckSink();
        LaunchedProcess p = children.spec(commands.leaveBehind()).capture(out).launch();
        assertEquals(new ExitStatus.Exited(0), exitOf(p));
        List<ProcessHandle> left = awaitPids(out, 1);
        assertTrue(commands.isRunning(left.get(0)), "the descendant runs on after the main process");

        assertEquals(1, provider.signaller().killTree(p));
        awaitAllGone(left);
        assertEquals(0, provider.signaller().killTree(p), "nothing is left the second time");
    }

    @Test
    void whereTreeKillIsClaimedEvenADaemonWithoutParentLinkIsEnded() throws Exception {
        assumeTrue(capabilities.treeKill(), "the adapter does not claim treeKill");
        Optional<TckCommand> daemon = commands.daemon();
        assumeTrue(daemon.isPresent(), "this OS's commands cannot start a daemon");
        TckSink out = new TckSink();
        LaunchedProcess p = children.spec(daemon.get()).capture(out).launch();
        List<ProcessHandle> daemons = awaitPids(out, 1);
        await().until(() -> out.text().contains("ready\n"));
        ProcessHandle main = ProcessHandle.of(p.pid()).orElseThrow();
        await().until(() -> main.descendants().noneMatch(d -> d.equals(daemons.get(0))));
        assertTrue(commands.isRunning(daemons.get(0)), "the daemon runs, no longer a descendant");

        assertTrue(provider.signaller().killTree(p) >= 2);
        exitOf(p);
        awaitAllGone(daemons);
    }

    @Test
    void killTreeOfAnEndedTreeKillsNothing() throws Exception {
        LaunchedProcess p = children.start(commands.exit(0));
        exitOf(p);
        assertEquals(0, provider.signaller().killTree(p));
    }

    @Test
    void killTreeIsSafeFromManyThreadsAtOnce() throws Exception {
        TckSink out = new TckSink();
        LaunchedProcess p = children.spec(commands.tree(2)).capture(out).launch();
        List<ProcessHandle> kids = awaitPids(out, 2);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            threads.add(Thread.ofPlatform().start(() -> provider.signaller().killTree(p)));
        }
        for (Thread t : threads) {
            t.join(WAIT.toMillis());
        }
        exitOf(p);
        awaitAllGone(kids);
    }
}
