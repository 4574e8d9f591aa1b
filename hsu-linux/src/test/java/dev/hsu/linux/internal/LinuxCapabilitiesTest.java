package dev.hsu.linux.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsu.linux.internal.cgroup.CgroupHost;
import dev.hsu.linux.internal.cgroup.Fixture;
import dev.hsu.spi.LimitKind;
import dev.hsu.spi.PlatformCapabilities;
import java.nio.file.Path;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What validation is told, for host shapes on fixture trees. */
class LinuxCapabilitiesTest {

    @TempDir
    Path root;

    @Test
    void pureV2EnforcesEveryLimitButWeightsWithoutADiskThatHonoursThem() {
        LinuxCapabilities caps = LinuxCapabilities.of(Fixture.pureV2Root(root).detect());
        assertEquals(EnumSet.complementOf(EnumSet.of(LimitKind.IO_WEIGHT)), caps.enforceable());
        assertEquals("this host has no block device", caps.why(LimitKind.IO_WEIGHT));
        assertTrue(caps.treeKill());
        PlatformCapabilities spi = caps.toSpi();
        assertTrue(spi.notes().get(0).startsWith("cgroups: cgroup v2 (uid 0); units get cgroups in v2 at "), spi.notes().get(0));
        assertTrue(spi.notes().contains("io_weight: this host has no block device"), spi.notes().toString());
        assertTrue(spi.notes().contains("max_processes: pids.max of the unit's cgroup (processes and threads of the unit)"));
    }

    @Test
    void theHybridNamesTheSchedulerThatIgnoresWeightsAndLeavesLoopDevicesOut() {
        CgroupHost host = Fixture.hybrid(root).disk("loop0", "[none] mq-deadline").detect();
        LinuxCapabilities caps = LinuxCapabilities.of(host);
        assertTrue(caps.enforceable().containsAll(EnumSet.of(LimitKind.CPU, LimitKind.MEMORY, LimitKind.MEMORY_SWAP,
                LimitKind.MAX_PROCESSES, LimitKind.IO_READ_BPS)));
        assertFalse(caps.enforceable().contains(LimitKind.IO_WEIGHT));
        assertEquals("no block device uses an I/O scheduler that honours weights (vda: mq-deadline); select bfq, e.g. "
                + "echo bfq > /sys/block/vda/queue/scheduler", caps.why(LimitKind.IO_WEIGHT));
    }

    @Test
    void withoutPermissionOnlyRlimitsAreEnforcedAndEveryOtherLimitSaysHowToGetDelegation() {
        CgroupHost host = Fixture.hybrid(root).uid(1000).readOnly("sys/fs/cgroup/unified")
                .readOnly("sys/fs/cgroup/cpu").readOnly("sys/fs/cgroup/cpuacct").readOnly("sys/fs/cgroup/pids")
                .readOnly("sys/fs/cgroup/blkio").readOnly("sys/fs/cgroup/freezer")
                .readOnly("sys/fs/cgroup/memory/process_api/x").detect();
        LinuxCapabilities caps = LinuxCapabilities.of(host);
        assertEquals(EnumSet.of(LimitKind.MAX_OPEN_FILES, LimitKind.MAX_PROCESSES), caps.enforceable());
        assertFalse(caps.treeKill());
        String why = caps.why(LimitKind.MEMORY);
        assertTrue(why.startsWith("HSU cannot create cgroups here (cgroup v2: the master's cgroup ") && why.endsWith(
                "is not writable by uid 1000); run HSU as root or in a cgroup of its own delegated to it (systemd Delegate=yes)"), why);
        assertTrue(caps.toSpi().notes().stream().anyMatch(n -> n.startsWith("max_processes: RLIMIT_NPROC")));
        assertEquals("linux (cgroup v1+v2 hybrid, no cgroups usable)", caps.platform());
    }
}
