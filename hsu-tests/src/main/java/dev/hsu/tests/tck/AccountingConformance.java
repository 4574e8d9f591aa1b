package dev.hsu.tests.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsu.spi.LaunchedProcess;
import dev.hsu.spi.ResourceUsage;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The meter: a sample covers the process and its descendants, every value is either measured (at
 * least 0) or {@link ResourceUsage#UNKNOWN}, and an ended unit samples as {@link ResourceUsage#NONE}.
 * CPU time, memory and the process count are measured on every platform.
 */
public abstract class AccountingConformance extends ConformanceBase {

    @Test
    void aSampleCountsTheProcessAndItsDescendants() throws Exception {
        TckSink out = new TckSink();
        LaunchedProcess p = children.spec(commands.tree(2)).capture(out).launch();
        awaitPids(out, 2);
        AtomicReference<ResourceUsage> last = new AtomicReference<>();
        await().until(() -> {
            last.set(provider.meter().sample(p));
            return last.get().processes() == 3;
        });
        ResourceUsage u = last.get();
        assertPlausible(u);
        assertTrue(u.memoryBytes() > 0, "memory of a running unit: " + u);
        assertTrue(u.cpuTimeNanos() >= 0, "CPU time of a running unit: " + u);
        assertTrue(u.threads() == ResourceUsage.UNKNOWN || u.threads() >= 3, "threads: " + u);
        assertTrue(u.openFiles() == ResourceUsage.UNKNOWN || u.openFiles() >= 3, "open files: " + u);
        assertTrue(u.memoryPeakBytes() == ResourceUsage.UNKNOWN || u.memoryPeakBytes() > 0, "peak: " + u);
    }

    @Test
    void cpuTimeOfABusyDescendantIsCounted() throws Exception {
        LaunchedProcess p = children.start(commands.busyTree());
        AtomicReference<ResourceUsage> last = new AtomicReference<>();
        await().until(() -> {
            last.set(provider.meter().sample(p));
            return last.get().cpuTimeNanos() >= 200_000_000L;
        });
        assertPlausible(last.get());
        assertTrue(last.get().processes() >= 2, "the main process and its busy child: " + last.get());
    }

    @Test
    void cpuTimeNeverGoesBackwards() throws Exception {
        LaunchedProcess p = children.start(commands.busyTree());
        long previous = 0;
        for (int i = 0; i < 20; i++) {
            ResourceUsage u = provider.meter().sample(p);
            assertPlausible(u);
            assertTrue(u.cpuTimeNanos() >= previous, "CPU time went from " + previous + " to " + u.cpuTimeNanos());
            previous = u.cpuTimeNanos();
        }
    }

    @Test
    void anEndedUnitSamplesAsNone() throws Exception {
        LaunchedProcess p = children.start(commands.sleeper());
        assertNotEquals(ResourceUsage.NONE, provider.meter().sample(p));
        provider.signaller().killTree(p);
        exitOf(p);
        assertEquals(ResourceUsage.NONE, provider.meter().sample(p));
    }

    @Test
    void samplingManyUnitsIsCheap() throws Exception {
        List<LaunchedProcess> units = new java.util.ArrayList<>();
        for (int i = 0; i < 20; i++) {
            units.add(children.start(commands.sleeper()));
        }
        long start = System.nanoTime();
        for (LaunchedProcess p : units) {
            assertPlausible(provider.meter().sample(p));
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        // A budget, not a benchmark: a meter that walks every process of the host per sample fails it on busy hosts.
        assertTrue(millis < 2_000, "sampling 20 units took " + millis + " ms");
    }

    private static void assertPlausible(ResourceUsage u) {
        for (long v : new long[] {u.cpuTimeNanos(), u.memoryBytes(), u.memoryPeakBytes(), u.processes(), u.threads(),
                u.openFiles(), u.ioReadBytes(), u.ioWriteBytes()}) {
            assertTrue(v == ResourceUsage.UNKNOWN || v >= 0, "a value is neither measured nor UNKNOWN: " + u);
        }
        assertNotEquals(ResourceUsage.UNKNOWN, u.cpuTimeNanos(), "CPU time is measured on every platform: " + u);
        assertNotEquals(ResourceUsage.UNKNOWN, u.memoryBytes(), "memory is measured on every platform: " + u);
        assertNotEquals(ResourceUsage.UNKNOWN, u.processes(), "the process count is measured on every platform: " + u);
    }
}
