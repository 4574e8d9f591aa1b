package dev.hsu.windows.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockito.Mockito.mock;

import dev.hsu.spi.LaunchedProcess;
import dev.hsu.spi.ResourceUsage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JobObjectMeterTest {
    private final Harness h = new Harness();
    private final Win32Mocks win = h.win;

    JobObjectMeterTest() throws Exception {
    }

    @AfterEach
    void close() {
        h.close();
    }

    @Test
    void aSampleIsTheJobsAccountingAndTheSumOfItsProcesses() throws Exception {
        WindowsProcess p = h.spec("server").launch();
        Win32Mocks.FakeProcess main = win.processes.get((int) p.pid());
        Win32Mocks.FakeJob job = main.job;
        Win32Mocks.FakeProcess child = job.spawnDescendant();
        main.workingSet = 30L << 20;
        child.workingSet = 12L << 20;
        main.handleCount = 40;
        child.handleCount = 25;
        job.userTime = 15_000_000; // 1.5 s in 100 ns
        job.kernelTime = 5_000_000;
        job.readBytes = 4096;
        job.writeBytes = 8192;
        job.peakCommit = 90L << 20;
        ResourceUsage u = h.meter.sample(p);
        assertEquals(new ResourceUsage(2_000_000_000L, 42L << 20, 90L << 20, 2, ResourceUsage.UNKNOWN, 65, 4096, 8192), u);
    }

    @Test
    void aProcessThatEndedBetweenListingAndOpeningIsSkipped() throws Exception {
        WindowsProcess p = h.spec("server").launch();
        Win32Mocks.FakeProcess main = win.processes.get((int) p.pid());
        win.quietly(() -> org.mockito.Mockito.doReturn(null).when(win.k32).OpenProcess(org.mockito.ArgumentMatchers.anyInt(),
                    org.mockito.ArgumentMatchers.anyBoolean(), org.mockito.ArgumentMatchers.eq(main.pid)));
        ResourceUsage u = h.meter.sample(p);
        assertEquals(ResourceUsage.UNKNOWN, u.memoryBytes());
        assertEquals(1, u.processes());
    }

    @Test
    void anEndedUnitSamplesAsNone() throws Exception {
        WindowsProcess p = h.spec("server").launch();
        win.processes.get((int) p.pid()).end(0);
        p.onExit().get(5, TimeUnit.SECONDS);
        assertEquals(ResourceUsage.NONE, h.meter.sample(p));
    }

    @Test
    void aReleasedJobSamplesAsNone() throws Exception {
        WindowsProcess p = h.spec("server").launch();
        h.limiter.release(p.job());
        assertEquals(ResourceUsage.NONE, h.meter.sample(p));
    }

    @Test
    void aForeignProcessIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> h.meter.sample(mock(LaunchedProcess.class)));
    }
}
