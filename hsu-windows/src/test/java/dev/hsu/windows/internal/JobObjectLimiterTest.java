package dev.hsu.windows.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.doAnswer;

import com.sun.jna.Pointer;
import dev.hsu.spi.Confinement;
import dev.hsu.spi.ExitStatus;
import dev.hsu.spi.LimitKind;
import dev.hsu.spi.LimitViolation;
import dev.hsu.spi.ResourceLimits;
import dev.hsu.spi.Signal;
import dev.hsu.spi.UnsupportedCapabilityException;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JobObjectLimiterTest {
    private static final Duration WAIT = Duration.ofSeconds(5);

    private final Harness h = new Harness();
    private final Win32Mocks win = h.win;

    JobObjectLimiterTest() throws Exception {
    }

    @AfterEach
    void close() {
        h.close();
    }

    private Win32Mocks.FakeJob jobOf(WindowsConfinement c) {
        return win.jobs.values().stream().filter(j -> j.key == c.key()).findFirst().orElseThrow();
    }

    @Test
    void everyRunGetsAJobWithTheBasicLimitsAssociatedWithTheLoopsPort() {
        WindowsConfinement c = h.limiter.confine("web", ResourceLimits.NONE);
        Win32Mocks.FakeJob job = jobOf(c);
        JobObjectExtendedLimitInformation limits = job.setting(Win32.JOB_EXTENDED_LIMIT, JobObjectExtendedLimitInformation::new);
        assertEquals(JobLimits.ALWAYS, limits.BasicLimitInformation.LimitFlags);
        JobObjectAssociateCompletionPort port = job.setting(Win32.JOB_ASSOCIATE_COMPLETION_PORT,
                JobObjectAssociateCompletionPort::new);
        assertEquals(c.key(), port.CompletionKey);
        assertEquals(win.port, port.CompletionPort);
        assertFalse(job.settings.containsKey(Win32.JOB_CPU_RATE_CONTROL));
        assertEquals("web", c.unitId());
        assertEquals(ResourceLimits.NONE, c.limits());
    }

    @Test
    void limitsReachTheJob() {
        ResourceLimits limits = ResourceLimits.builder().memory(128L << 20).maxProcesses(7).cpu(1.0)
                .ioReadBps(8L << 20).build();
        WindowsConfinement c = h.limiter.confine("web", limits);
        Win32Mocks.FakeJob job = jobOf(c);
        JobObjectExtendedLimitInformation ext = job.setting(Win32.JOB_EXTENDED_LIMIT, JobObjectExtendedLimitInformation::new);
        assertEquals(128L << 20, ext.JobMemoryLimit);
        assertEquals(7, ext.BasicLimitInformation.ActiveProcessLimit);
        JobObjectCpuRateControlInformation cpu = job.setting(Win32.JOB_CPU_RATE_CONTROL,
                JobObjectCpuRateControlInformation::new);
        assertEquals(2500, cpu.Value, "1 core of 4");
        JobObjectIoRateControlInformation io = job.setting(-1, JobObjectIoRateControlInformation::new);
        assertEquals(8L << 20, io.MaxBandwidth);
        assertEquals(limits, c.limits());
    }

    @Test
    void anUnsupportedLimitIsRefusedBeforeAnyJobIsMade() {
        assertThrows(UnsupportedCapabilityException.class,
                () -> h.limiter.confine("web", ResourceLimits.builder().maxOpenFiles(10L).build()));
        assertTrue(win.jobs.isEmpty());
    }

    @Test
    void aRefusedCpuRateControlIsUnsupportedAndTheJobIsClosed() {
        win.failingJobClasses.add(Win32.JOB_CPU_RATE_CONTROL);
        UnsupportedCapabilityException e = assertThrows(UnsupportedCapabilityException.class,
                () -> h.limiter.confine("web", ResourceLimits.builder().cpuShares(500).build()));
        assertTrue(e.getMessage().contains("unit web: Job Object CPU rate control was refused (ERROR_INVALID_PARAMETER (87))"),
                e.getMessage());
        assertTrue(win.jobs.values().iterator().next().closed);
        assertEquals(0, h.loop.registrations());
    }

    @Test
    void aRefusedIoRateControlIsUnsupported() {
        win.ioRateControl = false;
        assertThrows(UnsupportedCapabilityException.class,
                () -> h.limiter.confine("web", ResourceLimits.builder().ioWriteBps(1L << 20).build()));
        assertTrue(win.jobs.values().iterator().next().closed);
    }

    @Test
    void aJobThatCannotBeCreatedNamesTheUnitAndTheError() {
        win.quietly(() -> doAnswer(inv -> {
                win.fail(Win32Error.ERROR_NOT_ENOUGH_QUOTA);
                return null;
            }).when(win.k32).CreateJobObjectW(any(), any()));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> h.limiter.confine("web", ResourceLimits.NONE));
        assertEquals("unit web: CreateJobObjectW failed (ERROR_NOT_ENOUGH_QUOTA (1816)); the unit cannot be confined or "
                + "started", e.getMessage());
    }

    @Test
    void aFailedAssociationClosesTheJob() {
        win.failingJobClasses.add(Win32.JOB_ASSOCIATE_COMPLETION_PORT);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> h.limiter.confine("web", ResourceLimits.NONE));
        assertTrue(e.getMessage().contains("JobObjectAssociateCompletionPortInformation"), e.getMessage());
        assertTrue(win.jobs.values().iterator().next().closed);
    }

    @Test
    void releaseClosesTheJobOnceAndIgnoresForeignConfinements() {
        WindowsConfinement c = h.limiter.confine("web", ResourceLimits.NONE);
        Win32Mocks.FakeJob job = jobOf(c);
        h.limiter.release(c);
        h.limiter.release(c);
        assertTrue(job.closed);
        assertTrue(c.isReleased());
        assertEquals(1, win.closedHandles().stream().filter(x -> x.equals(job.handle)).count());
        h.limiter.release(new Confinement() {
            @Override
            public String unitId() {
                return "x";
            }

            @Override
            public ResourceLimits limits() {
                return ResourceLimits.NONE;
            }
        });
        assertEquals(0, c.activeProcesses(), "a released job has nothing");
        assertTrue(c.processIds().isEmpty());
        assertFalse(c.terminate(1));
    }

    @Test
    void aMemoryLimitMessageExplainsAnUnsuccessfulEnd() throws Exception {
        ResourceLimits limits = ResourceLimits.builder().memory(64L << 20).maxProcesses(3).build();
        WindowsProcess p = h.spec("server").limits(limits).launch();
        Win32Mocks.FakeProcess child = win.processes.get((int) p.pid());
        WindowsConfinement c = (WindowsConfinement) p.confinement();
        win.jobMessage(child.job, Win32.JOB_OBJECT_MSG_ACTIVE_PROCESS_LIMIT, child.pid);
        win.jobMessage(child.job, Win32.JOB_OBJECT_MSG_JOB_MEMORY_LIMIT, child.pid);
        child.end(3); // an out-of-memory exit of the program's own
        ExitStatus status = p.onExit().get(WAIT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
        Optional<LimitViolation> v = h.limiter.explainExit(c, status);
        assertEquals(LimitKind.MEMORY, v.orElseThrow().kind());
        assertEquals(64L << 20, v.get().limit());
        assertEquals("memory limit 64MiB reached: the Job Object refused an allocation of process " + child.pid,
                v.get().description());
        assertEquals(Optional.empty(), h.limiter.explainExit(c, new ExitStatus.Exited(0)), "a success is never a limit");
    }

    @Test
    void aProcessLimitMessageExplainsAnEndWhenNoMemoryLimitWasHit() {
        WindowsConfinement c = h.limiter.confine("web", ResourceLimits.builder().maxProcesses(2).build());
        c.onCompletion(Win32.JOB_OBJECT_MSG_ACTIVE_PROCESS_LIMIT, new Pointer(5), 0);
        c.onCompletion(Win32.JOB_OBJECT_MSG_ACTIVE_PROCESS_ZERO, null, 0);
        LimitViolation v = h.limiter.explainExit(c, new ExitStatus.Exited(1)).orElseThrow();
        assertEquals(LimitKind.MAX_PROCESSES, v.kind());
        assertEquals(2, v.limit());
    }

    @Test
    void withoutMessagesNothingIsExplained() {
        WindowsConfinement c = h.limiter.confine("web", ResourceLimits.builder().memory(1L << 30).build());
        assertEquals(Optional.empty(), h.limiter.explainExit(c, new ExitStatus.Killed(9, Signal.KILL, false)));
        assertEquals(Optional.empty(), h.limiter.explainExit(new Confinement() {
            @Override
            public String unitId() {
                return "x";
            }

            @Override
            public ResourceLimits limits() {
                return ResourceLimits.NONE;
            }
        }, new ExitStatus.Exited(1)));
    }

    @Test
    void theProcessIdListGrowsWhenTheJobHasMoreProcessesThanTheBuffer() throws Exception {
        WindowsProcess p = h.spec("server").launch();
        Win32Mocks.FakeJob job = win.processes.get((int) p.pid()).job;
        for (int i = 0; i < 100; i++) {
            job.spawnDescendant();
        }
        WindowsConfinement c = (WindowsConfinement) p.confinement();
        assertEquals(101, c.processIds().size());
        assertEquals(101, c.activeProcesses());
    }
}
