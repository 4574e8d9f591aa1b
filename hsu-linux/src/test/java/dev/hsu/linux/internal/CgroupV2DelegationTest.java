package dev.hsu.linux.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hsu.linux.internal.cgroup.CgroupDetector;
import dev.hsu.linux.internal.cgroup.CgroupFs;
import dev.hsu.linux.internal.cgroup.CgroupHost;
import dev.hsu.linux.internal.cgroup.CgroupTree;
import dev.hsu.linux.internal.cgroup.Controller;
import dev.hsu.linux.internal.cgroup.Hierarchy;
import dev.hsu.linux.internal.cgroup.UnitCgroup;
import dev.hsu.spi.ExitStatus;
import dev.hsu.spi.LaunchSpec;
import dev.hsu.spi.LaunchedProcess;
import dev.hsu.spi.OutputTarget;
import dev.hsu.spi.ResourceLimits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A master in a non-root v2 cgroup (a delegated one, as systemd's {@code Delegate=yes} gives):
 * it moves itself into a leaf and hands the controllers on (no-internal-processes rule). Made real
 * on a v2 host where this JVM runs as root in the root cgroup (the test VM): the test moves the
 * JVM into {@code /hsu-delegation-test} first, as if that were its delegated cgroup, and back at
 * the end. Skipped elsewhere, with the reason.
 */
class CgroupV2DelegationTest {

    @Test
    void aMasterAloneInANonRootCgroupMovesIntoALeafAndGivesItsUnitsTheControllers() throws Exception {
        CgroupHost system = LinuxCgroups.host(); // pins this JVM's detection before the move
        String why = CgroupV2EnforcementTest.v2Missing(system);
        assumeTrue(why == null, why);
        Hierarchy root = system.unified().orElseThrow();
        assumeTrue(root.ownIsRoot() && system.uid() == 0, "needs root in the root v2 cgroup (the test VM); here "
                + system.summary());

        long pid = ProcessHandle.current().pid();
        Path delegated = root.mountPoint().resolve("hsu-delegation-test");
        CgroupFs.mkdir(delegated);
        CgroupTree tree = null;
        try {
            CgroupFs.write(delegated.resolve("cgroup.procs"), Long.toString(pid));
            CgroupHost host = CgroupDetector.system().detect();
            assertEquals("/hsu-delegation-test", host.unified().orElseThrow().ownPath());
            assertTrue(host.v2MoveToLeaf(), host.toString());
            assertTrue(host.v2Controllers().containsAll(List.of(Controller.MEMORY, Controller.PIDS, Controller.CPU)));

            CgroupTree made = LinuxCgroups.newTree(host, "deleg", null, true);
            tree = made;
            made.start();
            assertTrue(made.failure().isEmpty(), () -> made.failure().get());
            Path parent = tree.parents().values().iterator().next();
            Path leaf = delegated.resolve(parent.getFileName() + ".master");
            assertEquals(List.of((int) pid), CgroupFs.readIds(leaf.resolve("cgroup.procs")), "the master moved");
            assertEquals(List.of(), CgroupFs.readIds(delegated.resolve("cgroup.procs")));
            String handed = CgroupFs.read(delegated.resolve("cgroup.subtree_control")).orElseThrow();
            assertTrue(handed.contains("memory") && handed.contains("pids"), handed);

            LinuxPorts ports = new LinuxPorts(Path.of("/proc"), tree);
            var confinement = ports.limiter().confine("delegated", ResourceLimits.builder().memory(64L << 20)
                    .maxProcesses(10).build());
            CollectingSink out = new CollectingSink();
            LaunchedProcess p = ports.launcher().launch(new LaunchSpec("delegated", "cat", List.of("/proc/self/cgroup"),
                    Children.baseEnvironment(), null, new OutputTarget.Capture(out), OutputTarget.discard(), null,
                    confinement));
            assertEquals(new ExitStatus.Exited(0), p.onExit().get(30, TimeUnit.SECONDS));
            await().atMost(Duration.ofSeconds(30)).until(out::isClosed);
            UnitCgroup cg = ((LinuxConfinement) confinement).cgroup();
            assertEquals("0::/hsu-delegation-test/" + parent.getFileName() + "/" + cg.name(), out.text().trim());
            assertEquals(Long.toString(64L << 20), Files.readString(cg.tracking().path().resolve("memory.max")).trim());
            assertEquals("10", Files.readString(cg.tracking().path().resolve("pids.max")).trim());

            ports.limiter().release(confinement);
            await().atMost(Duration.ofSeconds(30)).until(() -> made.pendingRemovals() == 0);
            made.close();
            assertFalse(Files.exists(parent));
            assertTrue(Files.exists(leaf), "the master stays in its leaf until it exits");
        } finally {
            if (tree != null) {
                tree.close();
            }
            // Back to the root, as the JVM came; then remove what the test made.
            CgroupFs.write(root.mountPoint().resolve("cgroup.procs"), Long.toString(pid));
            for (Path child : CgroupFs.childDirs(delegated)) {
                CgroupFs.rmdir(child);
            }
            assertTrue(CgroupFs.rmdir(delegated), delegated + " could not be removed");
        }
    }
}
