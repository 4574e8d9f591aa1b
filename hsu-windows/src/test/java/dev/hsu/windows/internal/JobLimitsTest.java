package dev.hsu.windows.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hsu.spi.LimitKind;
import dev.hsu.spi.ResourceLimits;
import dev.hsu.spi.UnsupportedCapabilityException;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class JobLimitsTest {
    private static final Set<LimitKind> ALL_HERE = WindowsCapabilities.enforceable(true);

    @Test
    void everyJobDiesWithItsHandleAndOnUnhandledExceptions() {
        JobLimits none = JobLimits.of("u", ResourceLimits.NONE, ALL_HERE, 4);
        assertEquals(Win32.JOB_OBJECT_LIMIT_KILL_ON_JOB_CLOSE | Win32.JOB_OBJECT_LIMIT_DIE_ON_UNHANDLED_EXCEPTION,
                none.limitFlags());
        assertNull(none.cpuRateControl());
        assertNull(none.ioRateControl());
        JobObjectExtendedLimitInformation info = none.extendedLimits();
        assertEquals(none.limitFlags(), info.BasicLimitInformation.LimitFlags);
        assertEquals(0, info.JobMemoryLimit);
    }

    @Test
    void memoryAndProcessesBecomeJobLimits() {
        JobLimits l = JobLimits.of("u", ResourceLimits.builder().memory(64L << 20).maxProcesses(5).build(), ALL_HERE, 4);
        JobObjectExtendedLimitInformation info = l.extendedLimits();
        assertEquals(JobLimits.ALWAYS | Win32.JOB_OBJECT_LIMIT_JOB_MEMORY | Win32.JOB_OBJECT_LIMIT_ACTIVE_PROCESS,
                info.BasicLimitInformation.LimitFlags);
        assertEquals(64L << 20, info.JobMemoryLimit);
        assertEquals(5, info.BasicLimitInformation.ActiveProcessLimit);
        assertEquals(0, info.ProcessMemoryLimit);
    }

    @ParameterizedTest
    @CsvSource({"0.5, 4, 1250", "1, 1, 10000", "2, 1, 10000", "0.0001, 64, 1", "1.5, 8, 1875", "3, 4, 7500"})
    void aCpuCapIsAShareOfAllProcessors(double cores, int processors, int rate) {
        assertEquals(rate, JobLimits.cpuRate(cores, processors));
        JobObjectCpuRateControlInformation info = JobLimits.of("u", ResourceLimits.builder().cpu(cores).build(),
                ALL_HERE, processors).cpuRateControl();
        assertEquals(Win32.JOB_OBJECT_CPU_RATE_CONTROL_ENABLE | Win32.JOB_OBJECT_CPU_RATE_CONTROL_HARD_CAP,
                info.ControlFlags);
        assertEquals(rate, info.Value);
    }

    @ParameterizedTest
    @CsvSource({"1, 1", "10, 3", "50, 4", "100, 5", "200, 6", "1000, 7", "5000, 8", "10000, 9"})
    void cpuSharesMapOntoWeightsOnALogScale(int shares, int weight) {
        assertEquals(weight, JobLimits.cpuWeight(shares));
        JobObjectCpuRateControlInformation info = JobLimits.of("u", ResourceLimits.builder().cpuShares(shares).build(),
                ALL_HERE, 4).cpuRateControl();
        assertEquals(Win32.JOB_OBJECT_CPU_RATE_CONTROL_ENABLE | Win32.JOB_OBJECT_CPU_RATE_CONTROL_WEIGHT_BASED,
                info.ControlFlags);
        assertEquals(weight, info.Value);
    }

    @Test
    void cpuAndCpuSharesTogetherAreRefused() {
        UnsupportedCapabilityException e = assertThrows(UnsupportedCapabilityException.class,
                () -> JobLimits.of("web", ResourceLimits.builder().cpu(1.0).cpuShares(200).build(), ALL_HERE, 4));
        assertTrue(e.getMessage().contains("unit web asks for both cpu and cpu_shares"), e.getMessage());
    }

    @Test
    void ioBandwidthIsTheLowerOfReadAndWrite() {
        JobObjectIoRateControlInformation io = JobLimits.of("u",
                ResourceLimits.builder().ioReadBps(10L << 20).ioWriteBps(4L << 20).build(), ALL_HERE, 4).ioRateControl();
        assertEquals(Win32.JOB_OBJECT_IO_RATE_CONTROL_ENABLE, io.ControlFlags);
        assertEquals(4L << 20, io.MaxBandwidth);
        assertNull(io.VolumeName);
        assertEquals(7L << 20, JobLimits.of("u", ResourceLimits.builder().ioWriteBps(7L << 20).build(), ALL_HERE, 4)
                .ioRateControl().MaxBandwidth);
    }

    @Test
    void limitsWindowsCannotEnforceAreRefusedByName() {
        UnsupportedCapabilityException e = assertThrows(UnsupportedCapabilityException.class, () -> JobLimits.of("db",
                ResourceLimits.builder().maxOpenFiles(100L).ioWeight(10).memory(1L << 30).build(), ALL_HERE, 4));
        assertEquals("limit max_open_files, io_weight", e.capability());
        assertEquals("windows", e.platform());
        assertTrue(e.getMessage().contains("unit db asks for max_open_files, io_weight"), e.getMessage());
    }

    @Test
    void ioBandwidthIsRefusedWithoutIoRateControl() {
        assertThrows(UnsupportedCapabilityException.class, () -> JobLimits.of("u",
                ResourceLimits.builder().ioReadBps(1L << 20).build(), WindowsCapabilities.enforceable(false), 4));
    }
}
