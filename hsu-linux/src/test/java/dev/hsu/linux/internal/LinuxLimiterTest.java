package dev.hsu.linux.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsu.linux.internal.cgroup.CgroupHost;
import dev.hsu.spi.ExitStatus;
import dev.hsu.spi.ResourceLimits;
import dev.hsu.spi.UnsupportedCapabilityException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The limiter where HSU may not create cgroups: rlimits only, everything else refused with the reason. */
class LinuxLimiterTest {

    private final LinuxLimiter limiter = new LinuxLimiter(null,
            LinuxCapabilities.of(CgroupHost.none("the master's cgroup /user.slice is not writable by uid 1000")));

    @Test
    void noLimitsMeansNoPreExecStepsAndSoADirectSpawn() {
        LinuxConfinement c = (LinuxConfinement) limiter.confine("web", ResourceLimits.NONE);
        assertEquals("web", c.unitId());
        assertEquals(List.of(), c.preExecSteps());
        assertNull(c.cgroup());
    }

    @Test
    void openFilesAndProcessesBecomeRlimitSteps() {
        ResourceLimits limits = ResourceLimits.builder().maxOpenFiles(1024L).maxProcesses(64).build();
        LinuxConfinement c = (LinuxConfinement) limiter.confine("web", limits);
        assertEquals(limits, c.limits());
        assertEquals(List.of(new SetRlimit(Rlimit.NOFILE, 1024), new SetRlimit(Rlimit.NPROC, 64)), c.preExecSteps());
    }

    @Test
    void aCgroupLimitIsRefusedNamingTheLimitThePlatformAndWhy() {
        UnsupportedCapabilityException e = assertThrows(UnsupportedCapabilityException.class, () -> limiter.confine(
                "web", ResourceLimits.builder().memory(64L << 20).cpu(0.5).maxOpenFiles(10L).build()));
        assertEquals("limit cpu, memory", e.capability());
        assertEquals("linux (no cgroups, no cgroups usable)", e.platform());
        assertTrue(e.getMessage().contains("unit web asks for cpu, memory: HSU cannot create cgroups here (the "
                + "master's cgroup /user.slice is not writable by uid 1000)"), e.getMessage());
    }

    @Test
    void releaseAndExplainExitHaveNothingToDo() {
        LinuxConfinement c = (LinuxConfinement) limiter.confine("web", ResourceLimits.NONE);
        limiter.release(c);
        limiter.release(c);
        assertEquals(Optional.empty(), limiter.explainExit(c, new ExitStatus.Killed(9, null, false)));
    }
}
