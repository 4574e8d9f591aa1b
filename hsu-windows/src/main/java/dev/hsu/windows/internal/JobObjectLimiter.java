package dev.hsu.windows.internal;

import com.sun.jna.platform.win32.WinNT.HANDLE;
import dev.hsu.spi.Confinement;
import dev.hsu.spi.ExitStatus;
import dev.hsu.spi.LimitKind;
import dev.hsu.spi.LimitViolation;
import dev.hsu.spi.ResourceLimiter;
import dev.hsu.spi.ResourceLimits;
import dev.hsu.spi.UnsupportedCapabilityException;
import java.util.Optional;
import java.util.Set;

/**
 * One Job Object per run of a unit, limits or not: the job is also what ends the whole tree
 * ({@code TerminateJobObject}) and what accounts for it. Its settings come from {@link JobLimits};
 * it is associated with the {@link IocpLoop}'s port, so its limit messages explain the unit's end.
 *
 * <p>Thread-safety: safe from any thread.
 */
final class JobObjectLimiter implements ResourceLimiter {
    private final Kernel32 k32;
    private final IocpLoop loop;
    private final Set<LimitKind> enforceable;
    private final int processors;

    JobObjectLimiter(Kernel32 k32, IocpLoop loop, Set<LimitKind> enforceable, int processors) {
        this.k32 = k32;
        this.loop = loop;
        this.enforceable = Set.copyOf(enforceable);
        this.processors = processors;
    }

    /**
     * @throws UnsupportedCapabilityException for a limit this host cannot enforce
     * @throws IllegalStateException if a Job Object call fails (names the call and error)
     */
    @Override
    public WindowsConfinement confine(String unitId, ResourceLimits limits) {
        JobLimits settings = JobLimits.of(unitId, limits, enforceable, processors);
        HANDLE job = k32.CreateJobObjectW(null, null);
        if (job == null) {
            throw new IllegalStateException("unit " + unitId + ": CreateJobObjectW failed ("
                    + Win32Error.describe(k32.lastError()) + "); the unit cannot be confined or started");
        }
        long key = loop.newKey();
        WindowsConfinement confinement = new WindowsConfinement(unitId, limits, k32, job, key);
        boolean done = false;
        try {
            loop.register(key, confinement);
            check(unitId, "JobObjectExtendedLimitInformation", confinement.set(Win32.JOB_EXTENDED_LIMIT,
                    settings.extendedLimits()));
            JobObjectCpuRateControlInformation cpu = settings.cpuRateControl();
            if (cpu != null && !confinement.set(Win32.JOB_CPU_RATE_CONTROL, cpu)) {
                int error = k32.lastError();
                throw new UnsupportedCapabilityException("limit " + (limits.cpu() != null ? "cpu" : "cpu_shares"),
                        WindowsCapabilities.PLATFORM, "unit " + unitId + ": Job Object CPU rate control was refused ("
                        + Win32Error.describe(error) + "); it needs Windows 8 / Server 2012 or newer");
            }
            JobObjectIoRateControlInformation io = settings.ioRateControl();
            if (io != null) {
                io.write();
                if (k32.SetIoRateControlInformationJobObject(job, io.getPointer()) == 0) {
                    int error = k32.lastError();
                    throw new UnsupportedCapabilityException("limit io_read_bps/io_write_bps", WindowsCapabilities.PLATFORM,
                            "unit " + unitId + ": Job Object I/O rate control was refused (" + Win32Error.describe(error)
                                    + "); remove the unit's I/O bandwidth limits");
                }
            }
            JobObjectAssociateCompletionPort port = new JobObjectAssociateCompletionPort();
            port.CompletionKey = key;
            port.CompletionPort = loop.port();
            check(unitId, "JobObjectAssociateCompletionPortInformation",
                    confinement.set(Win32.JOB_ASSOCIATE_COMPLETION_PORT, port));
            done = true;
            return confinement;
        } finally {
            if (!done) {
                loop.unregister(key);
                confinement.release();
            }
        }
    }

    /** Closes the job (ending anything left in it). Idempotent; a confinement of another adapter is ignored. */
    @Override
    public void release(Confinement confinement) {
        if (confinement instanceof WindowsConfinement w) {
            loop.unregister(w.key());
            w.release();
        }
    }

    /**
     * The memory or process limit whose message the job posted before an unsuccessful end. Windows
     * does not kill a process at its memory limit: the allocation fails and the program decides,
     * so the end is usually a plain exit code, explained here.
     */
    @Override
    public Optional<LimitViolation> explainExit(Confinement confinement, ExitStatus status) {
        return confinement instanceof WindowsConfinement w ? w.explain(status) : Optional.empty();
    }

    private void check(String unitId, String what, boolean ok) {
        if (!ok) {
            throw new IllegalStateException("unit " + unitId + ": SetInformationJobObject(" + what + ") failed ("
                    + Win32Error.describe(k32.lastError()) + "); the unit cannot be confined");
        }
    }
}
