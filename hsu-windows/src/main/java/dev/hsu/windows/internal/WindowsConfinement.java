package dev.hsu.windows.internal;

import com.sun.jna.Memory;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import dev.hsu.spi.Confinement;
import dev.hsu.spi.ExitStatus;
import dev.hsu.spi.LimitKind;
import dev.hsu.spi.LimitViolation;
import dev.hsu.spi.ResourceLimits;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One run of a unit's Job Object: its handle, its limits, and the limit messages the job posted
 * to the {@link IocpLoop} (memory limit hit, process limit hit), which explain the unit's end.
 *
 * <p>Every use of the job handle holds this object's monitor and checks {@link #isReleased()}, so
 * a release cannot close the handle under a concurrent call (whose handle value could otherwise
 * have been reused by then). Each call is one short system call.
 *
 * <p>Platform note: Windows says job messages are notifications whose delivery is not guaranteed;
 * a limit hit whose message was lost leaves the end unexplained (a plain exit code).
 *
 * <p>Thread-safety: safe from any thread.
 */
final class WindowsConfinement implements Confinement, IocpLoop.Handler {
    private final String unitId;
    private final ResourceLimits limits;
    private final Kernel32 k32;
    private final HANDLE job;
    private final long key;
    private volatile boolean released;
    private volatile LimitViolation memoryHit;
    private volatile LimitViolation processesHit;

    WindowsConfinement(String unitId, ResourceLimits limits, Kernel32 k32, HANDLE job, long key) {
        this.unitId = unitId;
        this.limits = limits;
        this.k32 = k32;
        this.job = job;
        this.key = key;
    }

    @Override
    public String unitId() {
        return unitId;
    }

    @Override
    public ResourceLimits limits() {
        return limits;
    }

    long key() {
        return key;
    }

    boolean isReleased() {
        return released;
    }

    /** A Job Object message (loop thread). */
    @Override
    public void onCompletion(int message, Pointer processId, int error) {
        switch (message) {
            case Win32.JOB_OBJECT_MSG_JOB_MEMORY_LIMIT, Win32.JOB_OBJECT_MSG_PROCESS_MEMORY_LIMIT -> {
                if (memoryHit == null && limits.memory() != null) {
                    memoryHit = new LimitViolation(LimitKind.MEMORY, limits.memory(), "memory limit "
                            + Bytes.format(limits.memory()) + " reached: the Job Object refused an allocation of process "
                            + Pointer.nativeValue(processId));
                }
            }
            case Win32.JOB_OBJECT_MSG_ACTIVE_PROCESS_LIMIT -> {
                if (processesHit == null && limits.maxProcesses() != null) {
                    processesHit = new LimitViolation(LimitKind.MAX_PROCESSES, limits.maxProcesses(),
                            "process limit " + limits.maxProcesses() + " reached: the Job Object refused a new process");
                }
            }
            default -> {
                // other messages (a process started or ended) explain nothing
            }
        }
    }

    /** The limit behind an unsuccessful end, if the job reported hitting one. */
    Optional<LimitViolation> explain(ExitStatus status) {
        if (status.success()) {
            return Optional.empty();
        }
        return Optional.ofNullable(memoryHit != null ? memoryHit : processesHit);
    }

    /** Applies a limit structure; false with the error in {@link Kernel32#lastError()} on failure. */
    synchronized boolean set(int infoClass, Win32Structure info) {
        info.write();
        return !released && k32.SetInformationJobObject(job, infoClass, info.getPointer(), info.size());
    }

    /** @return false if the job is released or the call failed */
    synchronized boolean assign(HANDLE process) {
        return !released && k32.AssignProcessToJobObject(job, process);
    }

    /** Ends every process of the job; false if released or the call failed. */
    synchronized boolean terminate(int exitCode) {
        return !released && k32.TerminateJobObject(job, exitCode);
    }

    /** CPU, processes and I/O of the job; null if released or the query failed. */
    synchronized JobObjectBasicAndIoAccountingInformation accounting() {
        if (released) {
            return null;
        }
        JobObjectBasicAndIoAccountingInformation info = new JobObjectBasicAndIoAccountingInformation();
        if (!k32.QueryInformationJobObject(job, Win32.JOB_BASIC_AND_IO_ACCOUNTING, info.getPointer(), info.size(), null)) {
            return null;
        }
        info.read();
        return info;
    }

    /** The job's limits and peaks; null if released or the query failed. */
    synchronized JobObjectExtendedLimitInformation extendedLimits() {
        if (released) {
            return null;
        }
        JobObjectExtendedLimitInformation info = new JobObjectExtendedLimitInformation();
        if (!k32.QueryInformationJobObject(job, Win32.JOB_EXTENDED_LIMIT, info.getPointer(), info.size(), null)) {
            return null;
        }
        info.read();
        return info;
    }

    /** Processes in the job now (0 if released). */
    int activeProcesses() {
        JobObjectBasicAndIoAccountingInformation info = accounting();
        return info == null ? 0 : info.BasicInfo.ActiveProcesses;
    }

    /** The ids of the job's processes now (empty if released). */
    synchronized List<Integer> processIds() {
        int capacity = 64;
        while (!released) {
            try (Memory buffer = ProcessIdList.buffer(capacity)) {
                IntByReference returned = new IntByReference();
                boolean ok = k32.QueryInformationJobObject(job, Win32.JOB_BASIC_PROCESS_ID_LIST, buffer, (int) buffer.size(),
                        returned);
                if (ok || k32.lastError() == Win32Error.ERROR_MORE_DATA) {
                    int assigned = ProcessIdList.assigned(buffer);
                    if (ok || assigned <= capacity) {
                        return ProcessIdList.ids(buffer);
                    }
                    capacity = assigned + 16; // processes were added between two calls: grow and retry
                } else {
                    return List.of();
                }
            }
        }
        return new ArrayList<>();
    }

    /** Closes the job; with KILL_ON_JOB_CLOSE this ends whatever is left in it. Idempotent. */
    synchronized void release() {
        if (!released) {
            released = true;
            k32.CloseHandle(job);
        }
    }

    @Override
    public String toString() {
        return "Job Object of unit " + unitId;
    }
}
