package dev.hsu.linux.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsu.spi.ExitStatus;
import dev.hsu.spi.LaunchedProcess;
import dev.hsu.spi.OutputTarget;
import dev.hsu.spi.PreparedLaunch;
import dev.hsu.spi.Signal;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A prepared launch armed on a running process starts on the event thread at its exit. */
class RespawnOnExitTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private final Children children = new Children();

    @AfterEach
    void cleanUp() throws Exception {
        children.cleanUp();
    }

    private PreparedLaunch prepare(Specs spec) throws Exception {
        return children.launcher().prepare(spec.build()).orElseThrow(() -> new AssertionError(
                "posix_spawn_file_actions_addclosefrom_np is missing: the launcher cannot prepare launches"));
    }

    private ExitStatus exitOf(LaunchedProcess p) throws Exception {
        return p.onExit().get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void theReplacementStartsAtTheExitAndItsOutputIsCaptured() throws Exception {
        LaunchedProcess first = children.launch(Specs.run("/bin/sleep", "1000").build());
        CollectingSink out = new CollectingSink();
        PreparedLaunch next = prepare(Specs.sh("echo replaced $$; exec sleep 1000").stdout(new OutputTarget.Capture(out)));
        assertTrue(first.respawnOnExit(next, s -> true));

        children.signaller().signal(first, Signal.KILL);
        assertTrue(exitOf(first) instanceof ExitStatus.Killed);
        // The exit is told only after the replacement is known.
        LaunchedProcess replacement = children.track(first.replacement().orElseThrow());
        assertNotEquals(first.pid(), replacement.pid());
        assertTrue(replacement.isAlive());
        await().atMost(WAIT).until(() -> out.text().equals("replaced " + replacement.pid() + "\n"));
        assertTrue(Children.PROC.stat(replacement.pid()).isPresent(), "the replacement runs");
        assertEquals(replacement.pid(), Children.PROC.stat(replacement.pid()).orElseThrow().pgrp(),
                "the replacement leads a process group of its own");

        children.signaller().signal(replacement, Signal.KILL);
        assertTrue(exitOf(replacement) instanceof ExitStatus.Killed);
        assertTrue(replacement.replacement().isEmpty(), "nothing was armed on the replacement");
        next.close(); // used: no effect
    }

    @Test
    void anExitTheConditionRejectsStartsNothingAndLeavesTheLaunchToTheCaller() throws Exception {
        LaunchedProcess first = children.launch(Specs.run("/bin/sleep", "1000").build());
        PreparedLaunch next = prepare(Specs.run("/bin/sleep", "1000"));
        assertTrue(first.respawnOnExit(next, s -> s instanceof ExitStatus.Exited e && e.code() != 0));

        children.signaller().signal(first, Signal.TERM);
        assertEquals(new ExitStatus.Killed(15, Signal.TERM, false), exitOf(first));
        assertTrue(first.replacement().isEmpty());
        assertFalse(first.cancelRespawn(), "the exit took it");
        next.close();
    }

    @Test
    void aCancelledRespawnIsHandedBackAndNothingStarts() throws Exception {
        LaunchedProcess first = children.launch(Specs.run("/bin/sleep", "1000").build());
        PreparedLaunch next = prepare(Specs.run("/bin/sleep", "1000"));
        assertTrue(first.respawnOnExit(next, s -> true));
        PreparedLaunch other = prepare(Specs.run("/bin/sleep", "1000"));
        assertFalse(first.respawnOnExit(other, s -> true), "one at a time");
        other.close();

        assertTrue(first.cancelRespawn());
        assertFalse(first.cancelRespawn(), "nothing armed any more");
        children.signaller().signal(first, Signal.KILL);
        exitOf(first);
        assertTrue(first.replacement().isEmpty());
        next.close();
    }

    @Test
    void nothingIsArmedOnAProcessThatHasExited() throws Exception {
        LaunchedProcess done = children.launch(Specs.run("/bin/true").build());
        assertEquals(new ExitStatus.Exited(0), exitOf(done));
        PreparedLaunch next = prepare(Specs.run("/bin/sleep", "1000"));
        assertFalse(done.respawnOnExit(next, s -> true));
        next.close();
    }

    @Test
    void aPreparedLaunchThatFailsToStartLeavesNoReplacement() throws Exception {
        LaunchedProcess first = children.launch(Specs.run("/bin/sleep", "1000").build());
        java.nio.file.Path gone = java.nio.file.Files.createTempDirectory("hsu-respawn");
        java.nio.file.Path script = gone.resolve("run.sh");
        java.nio.file.Files.writeString(script, "#!/bin/sh\nexec sleep 1000\n");
        script.toFile().setExecutable(true);
        PreparedLaunch next = prepare(Specs.run(script.toString()));
        java.nio.file.Files.delete(script); // gone between the preparation and the exit
        java.nio.file.Files.delete(gone);
        assertTrue(first.respawnOnExit(next, s -> true));

        children.signaller().signal(first, Signal.KILL);
        exitOf(first);
        // Straight spawn: posix_spawn reports ENOENT and nothing starts. Through the exec
        // trampoline (a cgroup to join, as for root here): the shell starts and exits 127.
        if (first.replacement().isPresent()) {
            LaunchedProcess r = children.track(first.replacement().get());
            assertEquals(new ExitStatus.Exited(127), exitOf(r));
        }
        next.close();
    }
    @Test
    void aReplacementWithACgroupStartsInsideItAndTheLoopThreadComesBack() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(LinuxCgroups.shared() != null, "no cgroups HSU may use here");
        String loopBefore = loopThreadCgroups();
        LaunchedProcess first = children.launch(Specs.run("/bin/sleep", "1000").build());
        CollectingSink out = new CollectingSink();
        dev.hsu.spi.LaunchSpec spec = Specs.sh("cat /proc/self/cgroup; echo \"argv0=$0\"; exec sleep 1000")
                .stdout(new OutputTarget.Capture(out)).build();
        dev.hsu.linux.internal.cgroup.UnitCgroup cgroup = ((LinuxConfinement) spec.confinement()).cgroup();
        LinuxProcessLauncher launcher = (LinuxProcessLauncher) children.launcher();
        int heldBefore = launcher.joinFilesHeldAhead();
        PreparedLaunch next = launcher.prepare(spec).orElseThrow();
        assertTrue(first.respawnOnExit(next, s -> true));
        if (ThreadCgroupSwitch.canJoin(cgroup)) {
            assertEquals(heldBefore + cgroup.dirs().size(), launcher.joinFilesHeldAhead(),
                    "the armed launch holds one tasks file per cgroup directory");
        }

        children.signaller().signal(first, Signal.KILL);
        exitOf(first);
        LaunchedProcess r = children.track(first.replacement().orElseThrow());
        assertEquals(heldBefore, launcher.joinFilesHeldAhead(), "the spawn closed the tasks files it held");
        await().atMost(WAIT).until(() -> out.text().contains("argv0=sh"));
        for (dev.hsu.linux.internal.cgroup.UnitCgroup.Dir dir : cgroup.dirs()) {
            if (!dir.isV2()) {
                assertTrue(out.text().lines().anyMatch(l -> !l.startsWith("0::") && l.endsWith(":" + dir.cgroupPath())),
                        "the replacement did not start in " + dir.path() + ":\n" + out.text());
            }
        }
        assertEquals(loopBefore, loopThreadCgroups(), "the event loop thread is back in the master's cgroups");
        assertTrue(r.isAlive());
    }

    @Test
    void joinFilesHeldAheadStayWithinTheirBudgetAndAreClosedWithTheLaunch() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(LinuxCgroups.shared() != null, "no cgroups HSU may use here");
        dev.hsu.spi.LaunchSpec spec = Specs.run("/bin/sleep", "1000").build();
        dev.hsu.linux.internal.cgroup.UnitCgroup cgroup = ((LinuxConfinement) spec.confinement()).cgroup();
        org.junit.jupiter.api.Assumptions.assumeTrue(ThreadCgroupSwitch.canJoin(cgroup), "v2: the trampoline joins");
        ThreadCgroupSwitch cgroupSwitch = new ThreadCgroupSwitch();
        int dirs = cgroup.dirs().size();
        assertEquals(null, cgroupSwitch.openAhead(cgroup, dirs - 1), "over budget: nothing opened");
        assertEquals(0, cgroupSwitch.heldAhead());
        ThreadCgroupSwitch.Joins joins = cgroupSwitch.openAhead(cgroup, dirs);
        assertEquals(dirs, joins.size());
        assertEquals(dirs, cgroupSwitch.heldAhead());
        assertEquals(null, cgroupSwitch.openAhead(cgroup, dirs), "the budget counts what is held");
        long openBefore = openFds();
        joins.close();
        joins.close();
        assertEquals(0, cgroupSwitch.heldAhead());
        assertEquals(openBefore - dirs, openFds(), "each tasks file closed once");
    }

    private static long openFds() throws java.io.IOException {
        try (java.util.stream.Stream<java.nio.file.Path> fds = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    /** /proc/self/task/<tid>/cgroup of the event loop thread. */
    private static String loopThreadCgroups() throws Exception {
        try (java.util.stream.Stream<java.nio.file.Path> tasks = java.nio.file.Files.list(java.nio.file.Path.of("/proc/self/task"))) {
            for (java.nio.file.Path t : tasks.toList()) {
                if (java.nio.file.Files.readString(t.resolve("comm")).trim().equals(EventLoop.THREAD_NAME.substring(0, 15))) {
                    return java.nio.file.Files.readString(t.resolve("cgroup"));
                }
            }
        }
        throw new AssertionError("no event loop thread");
    }
}
