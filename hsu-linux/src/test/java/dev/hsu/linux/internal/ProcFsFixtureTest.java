package dev.hsu.linux.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsu.spi.Confinement;
import dev.hsu.spi.ExitStatus;
import dev.hsu.spi.LaunchedProcess;
import dev.hsu.spi.ResourceUsage;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The /proc parsers and the meter, on the fixture tree under src/test/resources/proc-fixture. */
class ProcFsFixtureTest {

    private final ProcFs proc = new ProcFs(fixture());

    static Path fixture() {
        try {
            return Path.of(ProcFsFixtureTest.class.getResource("/proc-fixture").toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void parsesAStatLineWhoseCommandNameHasSpacesAndParentheses() {
        ProcStat s = proc.stat(100).orElseThrow();
        assertEquals(new ProcStat(100, "my (weird) proc", 'S', 1, 100, 250, 50, 10, 5, 0, 2, 12345), s);
        assertFalse(s.isDead());
    }

    @Test
    void recognisesZombiesAndRejectsGarbage() {
        ProcStat z = ProcStat.parse("200 (zombie) Z 1 100 100 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 13000 0 0");
        assertTrue(z.isDead());
        assertThrows(IllegalArgumentException.class, () -> ProcStat.parse("garbage"));
        assertThrows(IllegalArgumentException.class, () -> ProcStat.parse("1 (x) S 1 2"));
    }

    @Test
    void parsesStatusIoAndCountsFds() {
        assertEquals(new ProcStatus(10240L * 1024, 20480L * 1024, 2, 0x800000), proc.status("100").orElseThrow());
        assertTrue(proc.status("100").orElseThrow().hasCapability(ProcStatus.CAP_SYS_NICE));
        assertFalse(proc.status("100").orElseThrow().hasCapability(ProcStatus.CAP_SYS_RESOURCE));
        assertEquals(new ProcStatus(1024L * 1024, -1, 1, 0), proc.status("104").orElseThrow());
        assertEquals(new ProcIo(4096, 8192), proc.io(100).orElseThrow());
        assertEquals(Optional.empty(), proc.io(104));
        assertEquals(4, proc.countFds(100));
        assertEquals(-1, proc.countFds(104));
    }

    @Test
    void listsChildrenOverAllThreadsAndEveryPid() {
        assertEquals(List.of(101, 102), proc.children(100).stream().sorted().toList());
        assertEquals(List.of(104), proc.children(101));
        assertEquals(List.of(), proc.children(999));
        assertEquals(List.of(100, 101, 104), proc.allPids().stream().sorted().toList());
    }

    @Test
    void readsBootTimeAndNumbersAndConvertsStartTimes() {
        assertEquals(Optional.of(1_700_000_000L), proc.bootTimeSeconds());
        assertEquals(Optional.of(1_048_576L), proc.number("sys/fs/nr_open"));
        assertEquals(Optional.empty(), proc.number("sys/fs/missing"));
        StartTimes times = new StartTimes(proc, 1_700_000_000L, 100);
        assertEquals(Optional.of(Instant.ofEpochSecond(1_700_000_123L, 450_000_000L)), times.of(100));
        assertEquals(Optional.empty(), times.of(102));
    }

    @Test
    void theMeterSumsTheTreeAndSkipsWhatVanished() {
        ResourceUsage u = new ProcFsMeter(proc, 100).sample(running(100));
        long cpuTicks = (250 + 50 + 10 + 5) + 100 + (30 + 20);
        assertEquals(cpuTicks * 10_000_000L, u.cpuTimeNanos());
        assertEquals((10240L + 2048 + 1024) * 1024, u.memoryBytes());
        assertEquals(20480L * 1024, u.memoryPeakBytes());
        assertEquals(3, u.processes()); // 102 is listed as a child but gone
        assertEquals(4, u.threads());
        assertEquals(4 + 3, u.openFiles()); // 104's fd directory is unreadable
        assertEquals(4096 + 100, u.ioReadBytes());
        assertEquals(8192, u.ioWriteBytes());
    }

    @Test
    void theMeterReportsUnknownWhereTheMainProcessIsUnreadable() {
        ResourceUsage u = new ProcFsMeter(proc, 100).sample(running(104));
        assertEquals(ResourceUsage.UNKNOWN, u.ioReadBytes());
        assertEquals(ResourceUsage.UNKNOWN, u.openFiles());
        assertEquals(ResourceUsage.UNKNOWN, u.memoryPeakBytes());
        assertEquals(1024L * 1024, u.memoryBytes());
        assertEquals(50 * 10_000_000L, u.cpuTimeNanos());
    }

    @Test
    void theMeterGivesNoneForAnEndedOrMissingProcess() {
        assertEquals(ResourceUsage.NONE, new ProcFsMeter(proc, 100).sample(running(102)));
        LaunchedProcess ended = running(100);
        ended.onExit().complete(new ExitStatus.Exited(0));
        assertEquals(ResourceUsage.NONE, new ProcFsMeter(proc, 100).sample(ended));
    }

    private static LaunchedProcess running(long pid) {
        CompletableFuture<ExitStatus> exit = new CompletableFuture<>();
        return new LaunchedProcess() {
            @Override
            public long pid() {
                return pid;
            }

            @Override
            public Instant startTime() {
                return Instant.EPOCH;
            }

            @Override
            public CompletableFuture<ExitStatus> onExit() {
                return exit;
            }

            @Override
            public Confinement confinement() {
                return null;
            }
        };
    }
}
