package dev.hsu.linux.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsu.spi.ExitStatus;
import dev.hsu.spi.LaunchedProcess;
import dev.hsu.spi.OutputTarget;
import dev.hsu.spi.Signal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Signals to real process trees: the process, its group, descendants that left the group. */
class LinuxProcessSignallerTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final Children children = new Children();

    @AfterEach
    void cleanUp() throws Exception {
        children.cleanUp();
    }

    @Test
    void deliversASignalTheChildTraps() throws Exception {
        CollectingSink out = new CollectingSink();
        LaunchedProcess p = children.launch(Specs.sh("trap 'echo got-term; exit 3' TERM; echo ready; "
                + "sleep 1000 & wait").stdout(new OutputTarget.Capture(out)).build());
        await().atMost(WAIT).until(() -> out.text().contains("ready"));
        children.signaller().signal(p, Signal.TERM);
        assertEquals(new ExitStatus.Exited(3), p.onExit().get(10, TimeUnit.SECONDS));
        await().atMost(WAIT).until(() -> out.text().contains("got-term"));
    }

    @Test
    void signallingAnEndedProcessIsANoOp() throws Exception {
        LaunchedProcess p = children.launch(Specs.run("/bin/true").build());
        p.onExit().get(10, TimeUnit.SECONDS);
        children.signaller().signal(p, Signal.KILL);
        children.signaller().signalTree(p, Signal.TERM);
        assertEquals(0, children.signaller().killTree(p));
    }

    @Test
    void killTreeEndsTheProcessAndEveryChildInItsGroup() throws Exception {
        LaunchedProcess p = children.launch(Specs.sh("sleep 1000 & sleep 1000 & wait").build());
        List<Proc> kids = awaitChildren(p.pid(), 2, "sleep");
        assertEquals(3, children.signaller().killTree(p));
        assertEquals(new ExitStatus.Killed(9, Signal.KILL, false), p.onExit().get(10, TimeUnit.SECONDS));
        awaitAllGone(kids);
    }

    @Test
    void signalTreeReachesTheWholeGroup() throws Exception {
        LaunchedProcess p = children.launch(Specs.sh("sleep 1000 & sleep 1000 & wait").build());
        List<Proc> kids = awaitChildren(p.pid(), 2, "sleep");
        children.signaller().signalTree(p, Signal.TERM);
        assertEquals(new ExitStatus.Killed(15, Signal.TERM, false), p.onExit().get(10, TimeUnit.SECONDS));
        awaitAllGone(kids);
    }

    @Test
    void killTreeReachesADescendantThatLeftTheGroupThroughItsParentLink() throws Exception {
        LaunchedProcess p = children.launch(Specs.sh("setsid sleep 1000 & sleep 1000 & wait").build());
        List<Proc> kids = awaitChildren(p.pid(), 2, "sleep");
        await().atMost(WAIT).until(() -> kids.stream().anyMatch(k -> k.pgrp() == k.pid()));
        assertEquals(3, children.signaller().killTree(p));
        p.onExit().get(10, TimeUnit.SECONDS);
        awaitAllGone(kids);
    }

    @Test
    void killTreeReachesGrandchildren() throws Exception {
        LaunchedProcess p = children.launch(Specs.sh("sh -c 'setsid sleep 1000 & wait' & wait").build());
        List<Proc> kids = awaitChildren(p.pid(), 1, "sh -c");
        List<Proc> grandkids = awaitChildren(kids.get(0).pid(), 1, "sleep");
        await().atMost(WAIT).until(() -> grandkids.get(0).pgrp() == grandkids.get(0).pid());
        assertEquals(3, children.signaller().killTree(p));
        p.onExit().get(10, TimeUnit.SECONDS);
        awaitAllGone(kids);
        awaitAllGone(grandkids);
    }

    @Test
    void killTreeAfterTheMainProcessExitedEndsWhatItLeftInItsGroup() throws Exception {
        CollectingSink out = new CollectingSink();
        LaunchedProcess p = children.launch(Specs.sh("sleep 1000 & echo $!").stdout(new OutputTarget.Capture(out)).build());
        assertEquals(new ExitStatus.Exited(0), p.onExit().get(10, TimeUnit.SECONDS));
        await().atMost(WAIT).until(() -> out.text().endsWith("\n"));
        int orphanPid = Integer.parseInt(out.text().trim());
        children.remember(orphanPid);
        Proc orphan = new Proc(orphanPid, Children.PROC.stat(orphanPid).orElseThrow().startTicks());
        assertTrue(orphan.isRunning(), "the orphan runs on in the group");
        assertEquals(p.pid(), orphan.pgrp());

        assertEquals(1, children.signaller().killTree(p));
        awaitAllGone(List.of(orphan));
        assertEquals(0, children.signaller().killTree(p));
    }

    @Test
    void aProcessNotStartedByTheLauncherIsRefused() {
        LaunchedProcess foreign = new LaunchedProcess() {
            @Override
            public long pid() {
                return ProcessHandle.current().pid();
            }

            @Override
            public Instant startTime() {
                return Instant.now();
            }

            @Override
            public CompletableFuture<ExitStatus> onExit() {
                return new CompletableFuture<>();
            }

            @Override
            public dev.hsu.spi.Confinement confinement() {
                return null;
            }
        };
        assertThrows(IllegalArgumentException.class, () -> children.signaller().killTree(foreign));
        assertThrows(IllegalArgumentException.class, () -> children.signaller().signal(foreign, Signal.TERM));
    }

    /** A process identified by pid and start time, so a recycled pid is not mistaken for it. */
    record Proc(int pid, long startTicks) {
        boolean isRunning() {
            return Children.PROC.stat(pid).map(stat -> stat.startTicks() == startTicks && !stat.isDead()).orElse(false);
        }

        int pgrp() {
            return Children.PROC.stat(pid).map(ProcStat::pgrp).orElse(-1);
        }
    }

    /** Waits for {@code count} children of {@code pid} whose program (after exec) starts with {@code program}. */
    private List<Proc> awaitChildren(long pid, int count, String program) {
        List<Proc> kids = new ArrayList<>();
        await().atMost(WAIT).until(() -> {
            kids.clear();
            for (int k : Children.PROC.children(pid)) {
                ProcStat stat = Children.PROC.stat(k).orElse(null);
                if (stat != null && LinuxProcessLauncherTest.cmdline(k).startsWith(program)) {
                    kids.add(new Proc(k, stat.startTicks()));
                }
            }
            return kids.size() >= count;
        });
        kids.forEach(k -> children.remember(k.pid()));
        return List.copyOf(kids);
    }

    /** Gone, or a zombie left for init to reap (a container's init may never do it). */
    private static void awaitAllGone(List<Proc> procs) {
        await().atMost(WAIT).until(() -> procs.stream().noneMatch(Proc::isRunning));
        assertFalse(procs.stream().anyMatch(Proc::isRunning));
    }
}
