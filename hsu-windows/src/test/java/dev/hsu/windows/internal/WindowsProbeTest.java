package dev.hsu.windows.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyShort;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.verify;

import com.sun.jna.platform.win32.WinNT.HANDLE;
import org.junit.jupiter.api.Test;

class WindowsProbeTest {
    private final Win32Mocks win = new Win32Mocks();

    private WindowsProbe.Outcome probe() {
        return WindowsProbe.probe("Windows 11", "amd64", () -> new WindowsNatives(win.k32, win.user32));
    }

    @Test
    void aWorkingHostIsAvailableWithItsProcessorsAndIoRateControl() {
        WindowsProbe.Outcome outcome = probe();
        assertTrue(outcome.available());
        assertEquals(4, outcome.processors());
        assertTrue(outcome.ioRateControl());
        HANDLE job = win.jobs.keySet().iterator().next();
        assertTrue(win.jobs.get(job).closed, "the probe's job is closed");
        JobObjectExtendedLimitInformation limits = win.jobs.get(job).setting(Win32.JOB_EXTENDED_LIMIT,
                JobObjectExtendedLimitInformation::new);
        assertEquals(JobLimits.ALWAYS, limits.BasicLimitInformation.LimitFlags);
        verify(win.k32).CloseHandle(win.port);
    }

    @Test
    void withoutIoRateControlTheHostIsAvailableWithoutBandwidthLimits() {
        win.ioRateControl = false;
        assertFalse(probe().ioRateControl());
    }

    @Test
    void aMissingIoRateControlFunctionMeansNoBandwidthLimits() {
        doThrow(new UnsatisfiedLinkError("no such function")).when(win.k32).SetIoRateControlInformationJobObject(any(), any());
        WindowsProbe.Outcome outcome = probe();
        assertTrue(outcome.available());
        assertFalse(outcome.ioRateControl());
    }

    @Test
    void noJobObjectsMeansUnavailableNamingTheCall() {
        doAnswer(inv -> {
            win.fail(Win32Error.ERROR_ACCESS_DENIED);
            return null;
        }).when(win.k32).CreateJobObjectW(any(), any());
        WindowsProbe.Outcome outcome = probe();
        assertFalse(outcome.available());
        assertEquals("CreateJobObjectW failed (ERROR_ACCESS_DENIED (5)); the Windows adapter confines every unit in a "
                + "Job Object", outcome.cause().getMessage());
    }

    @Test
    void aJobRefusingTheBasicLimitsMeansUnavailable() {
        win.failingJobClasses.add(Win32.JOB_EXTENDED_LIMIT);
        WindowsProbe.Outcome outcome = probe();
        assertFalse(outcome.available());
        assertTrue(outcome.cause().getMessage().contains("refuses the adapter's basic limits"));
        assertTrue(win.jobs.values().iterator().next().closed);
    }

    @Test
    void anUnknownProcessorCountFallsBackToTheJvms() {
        doReturn(0).when(win.k32).GetActiveProcessorCount(anyShort());
        assertEquals(Runtime.getRuntime().availableProcessors(), probe().processors());
    }

    @Test
    void aLoaderFailureIsTheCause() {
        WindowsProbe.Outcome outcome = WindowsProbe.probe("Windows 10", "aarch64", () -> {
            throw new UnsatisfiedLinkError("Unable to load library 'kernel32'");
        });
        assertFalse(outcome.available());
        assertTrue(outcome.cause().getMessage().contains("Unable to load library 'kernel32'"));
    }

    @Test
    void thePortsAreBuiltFromTheOutcomeAndLaunchThroughOneLoop() throws Exception {
        WindowsProbe.Outcome outcome = probe();
        WindowsPorts ports = new WindowsPorts(outcome);
        assertTrue(WindowsPorts.capabilities(outcome).treeKill());
        dev.hsu.spi.Confinement c = ports.limiter().confine("web", dev.hsu.spi.ResourceLimits.builder().cpu(1.0).build());
        JobObjectCpuRateControlInformation cpu = win.jobs.values().stream().filter(j -> !j.closed).findFirst().orElseThrow()
                .setting(Win32.JOB_CPU_RATE_CONTROL, JobObjectCpuRateControlInformation::new);
        assertEquals(2500, cpu.Value, "the probe's 4 processors reach the limiter");
        ports.limiter().release(c);
        assertEquals(WindowsCapabilities.UNAVAILABLE, WindowsPorts.capabilities(
                WindowsProbe.probe("Linux", "amd64", () -> new WindowsNatives(win.k32, win.user32))));
        org.junit.jupiter.api.Assertions.assertNotNull(ports.launcher());
        org.junit.jupiter.api.Assertions.assertNotNull(ports.signaller());
        org.junit.jupiter.api.Assertions.assertNotNull(ports.meter());
    }

    @Test
    void aLoopThatCannotStartIsNamedWhenThePortsAreBuilt() {
        WindowsProbe.Outcome outcome = probe();
        doAnswer(inv -> {
            win.fail(Win32Error.ERROR_NOT_ENOUGH_MEMORY);
            return null;
        }).when(win.k32).CreateIoCompletionPort(org.mockito.ArgumentMatchers.any(), org.mockito.ArgumentMatchers.any(),
                org.mockito.ArgumentMatchers.anyLong(), org.mockito.ArgumentMatchers.eq(1));
        IllegalStateException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> new WindowsPorts(outcome));
        assertTrue(e.getMessage().startsWith("the Windows adapter cannot start its event loop: CreateIoCompletionPort"),
                e.getMessage());
    }
}
