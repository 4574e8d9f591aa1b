package dev.hsu.linux.internal.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Detection on fixture trees of the host shapes in the field. */
class CgroupDetectorTest {

    @TempDir
    Path root;

    @Test
    void pureV2WithTheMasterInTheRootHandsOnEveryControllerWithoutMoving() {
        CgroupHost host = Fixture.pureV2Root(root).detect();
        assertEquals(CgroupLayout.UNIFIED, host.layout());
        Hierarchy v2 = host.unified().orElseThrow();
        assertEquals(root.resolve("sys/fs/cgroup"), v2.ownDir());
        assertTrue(v2.writable());
        assertEquals(EnumSet.of(Controller.CPU, Controller.MEMORY, Controller.PIDS, Controller.IO), host.v2Controllers());
        assertFalse(host.v2MoveToLeaf());
        assertEquals(Optional.of(v2), host.tracking());
        assertEquals(List.of(v2), host.usedHierarchies());
        assertEquals(Optional.of(v2), host.hierarchyFor(Controller.MEMORY));
        assertEquals(Optional.empty(), host.hierarchyFor(Controller.FREEZER), "v2 freezes without a controller");
        assertTrue(host.memorySwap());
        assertTrue(host.io().throttle());
        assertEquals(List.of("io.weight"), host.io().weightFiles());
        assertEquals(List.of(), host.problems());
        assertEquals("cgroup v2 (uid 0); units get cgroups in v2 at " + root.resolve("sys/fs/cgroup")
                + " (cpu memory pids io)", host.summary());
    }

    @Test
    void aDelegatedV2CgroupWhereTheMasterIsAloneIsUsableAfterAMoveToALeaf() {
        String own = "/user.slice/user-1000.slice/user@1000.service/app.slice/hsu.service";
        String dir = "sys/fs/cgroup" + own;
        CgroupHost host = new Fixture(root).uid(1000)
                .mount("/sys/fs/cgroup", "/", "cgroup2", "rw,nsdelegate")
                .member("0::" + own)
                .file(dir + "/cgroup.controllers", "cpu io memory pids\n")
                .file(dir + "/cgroup.subtree_control", "\n")
                .file(dir + "/cgroup.procs", Fixture.PID + "\n")
                .file(dir + "/memory.swap.max", "max\n")
                .file(dir + "/io.max", "")
                .readOnly("sys/fs/cgroup")
                .detect();
        assertEquals(CgroupLayout.UNIFIED, host.layout());
        assertEquals(own, host.unified().orElseThrow().ownPath());
        assertEquals(EnumSet.of(Controller.CPU, Controller.MEMORY, Controller.PIDS, Controller.IO), host.v2Controllers());
        assertTrue(host.v2MoveToLeaf());
        assertTrue(host.usable());
        assertTrue(host.memorySwap());
        assertTrue(host.summary().endsWith("(cpu memory pids io) below " + own), host.summary());
    }

    @Test
    void aV2CgroupSharedWithOtherProcessesGivesTrackingButNoControllersAndSaysHowToGetThem() {
        String own = "/user.slice/user-1000.slice/session-3.scope";
        String dir = "sys/fs/cgroup" + own;
        CgroupHost host = new Fixture(root).uid(1000)
                .mount("/sys/fs/cgroup", "/", "cgroup2", "rw")
                .member("0::" + own)
                .file(dir + "/cgroup.controllers", "cpu memory pids\n")
                .file(dir + "/cgroup.subtree_control", "\n")
                .file(dir + "/cgroup.procs", "1200\n1201\n" + Fixture.PID + "\n")
                .detect();
        assertEquals(Set.of(), host.v2Controllers());
        assertTrue(host.usable(), "a child cgroup without controllers still tracks the unit");
        assertEquals(Set.of(), host.usableControllers());
        assertEquals(List.of("cgroup v2: controllers cpu memory pids cannot be handed to unit cgroups: the master's cgroup "
                + root.resolve(dir) + " also holds other processes (pids 1200, 1201), and a v2 cgroup with processes "
                + "cannot hand controllers to child cgroups", CgroupDetector.DELEGATION_HINT), host.problems());
    }

    @Test
    void aV2CgroupNotWritableByTheMastersUserIsNotUsableAndSaysHowToGetDelegation() {
        String own = "/user.slice/user-1000.slice/session-3.scope";
        String dir = "sys/fs/cgroup" + own;
        CgroupHost host = new Fixture(root).uid(1000)
                .mount("/sys/fs/cgroup", "/", "cgroup2", "rw")
                .member("0::" + own)
                .file(dir + "/cgroup.controllers", "cpu memory pids\n")
                .readOnly(dir)
                .detect();
        assertFalse(host.usable());
        assertEquals(Set.of(), host.usableControllers());
        assertEquals(List.of("cgroup v2: the master's cgroup " + root.resolve(dir) + " is not writable by uid 1000",
                CgroupDetector.DELEGATION_HINT), host.problems());
        assertTrue(CgroupDetector.DELEGATION_HINT.contains("Delegate=yes") && CgroupDetector.DELEGATION_HINT
                .contains("systemd-run"));
        assertEquals("cgroup v2; units get no cgroups: " + String.join("; ", host.problems()), host.summary());
    }

    @Test
    void unwritableV1HierarchiesAreNamedTogetherOnce() {
        CgroupHost host = Fixture.hybrid(root).uid(1000).readOnly("sys/fs/cgroup/unified")
                .readOnly("sys/fs/cgroup/cpu").readOnly("sys/fs/cgroup/pids").detect();
        assertTrue(host.usable(), "memory, blkio, freezer are still writable");
        assertEquals(List.of("cgroup v2: the master's cgroup " + root.resolve("sys/fs/cgroup/unified")
                + " is not writable by uid 1000", "cgroup v1 cpu, pids: the master's cgroups (e.g. "
                + root.resolve("sys/fs/cgroup/cpu") + ") are not writable by uid 1000", CgroupDetector.DELEGATION_HINT),
                host.problems());
        assertEquals(Set.of(Controller.FREEZER), host.tracking().orElseThrow().controllers());
    }

    @Test
    void theHybridOfThisBuildMachineTracksInTheV1FreezerAndLimitsInV1() {
        CgroupHost host = Fixture.hybrid(root).detect();
        assertEquals(CgroupLayout.HYBRID, host.layout());
        Hierarchy v2 = host.unified().orElseThrow();
        assertEquals(root.resolve("sys/fs/cgroup/unified"), v2.mountPoint());
        assertEquals(Set.of(), host.v2Controllers(), "hugetlb is not one HSU uses");
        assertEquals(Set.of(Controller.FREEZER), host.tracking().orElseThrow().controllers(),
                "a v2 mount without controllers only tracks, and its joins take the kernel's global lock");
        Hierarchy memory = host.hierarchyFor(Controller.MEMORY).orElseThrow();
        assertEquals(CgroupVersion.V1, memory.version());
        assertEquals("/process_api/x", memory.ownPath());
        assertEquals(root.resolve("sys/fs/cgroup/memory/process_api/x"), memory.ownDir());
        assertEquals(List.of("freezer", "cpu", "memory", "pids", "blkio", "cpuacct"), host.usedHierarchies().stream()
                .map(h -> h.mountPoint().getFileName().toString()).toList());
        assertEquals(EnumSet.of(Controller.CPU, Controller.CPUACCT, Controller.MEMORY, Controller.PIDS, Controller.IO,
                Controller.FREEZER), host.usableControllers());
        assertTrue(host.memorySwap(), "memory.memsw.limit_in_bytes exists");
        assertTrue(host.io().throttle());
        assertEquals(List.of("blkio.bfq.weight"), host.io().weightFiles());
        assertEquals(List.of(new BlockScheduler("vda", "mq-deadline")), host.io().devices());
        assertFalse(host.io().weightActsSomewhere(), "vda does not use bfq");
        assertTrue(host.summary().contains("memory at " + root.resolve("sys/fs/cgroup/memory") + " below /process_api/x"),
                host.summary());
    }

    @Test
    void withoutItsV2MountTheHybridTracksInTheV1FreezerAndCountsCpuInCpuacct() {
        CgroupHost host = Fixture.hybrid(root).detect().withoutUnified();
        assertEquals(CgroupLayout.LEGACY, host.layout());
        Hierarchy tracking = host.tracking().orElseThrow();
        assertEquals(Set.of(Controller.FREEZER), tracking.controllers());
        assertEquals(List.of("freezer", "cpu", "memory", "pids", "blkio", "cpuacct"), host.usedHierarchies().stream()
                .map(h -> h.mountPoint().getFileName().toString()).toList());
    }

    @Test
    void coMountedV1ControllersAreOneHierarchy() {
        CgroupHost host = new Fixture(root)
                .mount("/sys/fs/cgroup/cpu,cpuacct", "/", "cgroup", "rw,cpu,cpuacct").dir("sys/fs/cgroup/cpu,cpuacct")
                .mount("/sys/fs/cgroup/memory", "/", "cgroup", "rw,memory").dir("sys/fs/cgroup/memory/system.slice/hsu.service")
                .member("3:memory:/system.slice/hsu.service").member("2:cpu,cpuacct:/system.slice/hsu.service")
                .dir("sys/fs/cgroup/cpu,cpuacct/system.slice/hsu.service")
                .detect();
        assertEquals(CgroupLayout.LEGACY, host.layout());
        assertEquals(2, host.legacy().size());
        Hierarchy cpu = host.hierarchyFor(Controller.CPU).orElseThrow();
        assertEquals(cpu, host.hierarchyFor(Controller.CPUACCT).orElseThrow());
        assertEquals(EnumSet.of(Controller.CPU, Controller.CPUACCT), cpu.controllers());
        assertEquals("/system.slice/hsu.service", cpu.ownPath());
        assertEquals(Optional.empty(), host.hierarchyFor(Controller.FREEZER));
        assertEquals(Optional.of(cpu), host.tracking(), "no freezer: the first writable hierarchy tracks");
        assertFalse(host.memorySwap(), "no memory.memsw files: the kernel does not account swap");
    }

    @Test
    void noCgroupMountMeansNoneWithTheReason() {
        CgroupHost host = new Fixture(root).mount("/proc", "/", "proc", "rw").member("0::/").detect();
        assertEquals(CgroupLayout.NONE, host.layout());
        assertFalse(host.usable());
        assertTrue(host.problems().get(0).startsWith("no cgroup file system is mounted"), host.problems().toString());
    }

    @Test
    void aV2MountShowingAnotherSubtreeDoesNotContainTheMaster() {
        CgroupHost host = new Fixture(root)
                .mount("/sys/fs/cgroup", "/other.slice", "cgroup2", "rw")
                .member("0::/system.slice/hsu.service")
                .detect();
        assertEquals(Optional.empty(), host.unified());
        assertTrue(host.problems().get(0).contains("does not contain the master's cgroup /system.slice/hsu.service"),
                host.problems().toString());
    }

    @Test
    void aBindMountedSubtreeShowsTheMastersCgroupRelativeToIt() {
        CgroupHost host = new Fixture(root)
                .mount("/sys/fs/cgroup", "/system.slice/hsu.service", "cgroup2", "rw")
                .member("0::/system.slice/hsu.service/main")
                .file("sys/fs/cgroup/main/cgroup.controllers", "memory pids\n")
                .file("sys/fs/cgroup/main/cgroup.procs", Fixture.PID + "\n")
                .file("sys/fs/cgroup/main/cgroup.subtree_control", "")
                .detect();
        Hierarchy v2 = host.unified().orElseThrow();
        assertEquals("/main", v2.ownPath());
        assertEquals(root.resolve("sys/fs/cgroup/main"), v2.ownDir());
        assertEquals(EnumSet.of(Controller.MEMORY, Controller.PIDS), host.v2Controllers());
    }

    @Test
    void ioWeightActsWhenADiskRunsBfqOrIocostIsOn() {
        CgroupHost bfq = Fixture.hybrid(root).disk("sdb", "mq-deadline kyber [bfq] none").detect();
        assertTrue(bfq.io().weightActsSomewhere());
        assertEquals(List.of(new BlockScheduler("sdb", "bfq"), new BlockScheduler("vda", "mq-deadline")),
                bfq.io().devices());
    }

    @Test
    void escapedMountPointsAreDecoded() {
        List<MountInfo.Mount> mounts = MountInfo.parse(
                "41 31 0:38 / /mnt/my\\040cgroups rw,relatime - cgroup2 cgroup2 rw\n"
                        + "42 31 0:39 / /x rw shared:1 master:2 - cgroup cgroup rw,cpu,cpuacct\n"
                        + "malformed line\n");
        assertEquals(2, mounts.size());
        assertEquals("/mnt/my cgroups", mounts.get(0).mountPoint());
        assertEquals("cgroup2", mounts.get(0).fsType());
        assertEquals(List.of("rw", "cpu", "cpuacct"), mounts.get(1).superOptions());
    }

    @Test
    void membershipLinesOfBothVersionsAreParsed() {
        List<Membership> lines = Membership.parse("12:cpu,cpuacct:/a/b\n1:name=systemd:/\n0::/c\nnonsense\n");
        assertEquals(3, lines.size());
        assertEquals(Set.of("cpu", "cpuacct"), lines.get(0).controllers());
        assertEquals("/a/b", lines.get(0).path());
        assertTrue(lines.get(2).isUnified());
        assertEquals("/c", lines.get(2).path());
    }
}
