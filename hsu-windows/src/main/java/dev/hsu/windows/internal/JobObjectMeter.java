package dev.hsu.windows.internal;

import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.ptr.IntByReference;
import dev.hsu.spi.LaunchedProcess;
import dev.hsu.spi.ResourceMeter;
import dev.hsu.spi.ResourceUsage;

/**
 * Samples a unit from its Job Object, which accounts for every process that ever ran in it:
 *
 * <ul>
 *   <li>CPU time: {@code TotalUserTime + TotalKernelTime} (100 ns units), ended processes included;</li>
 *   <li>processes: {@code ActiveProcesses};</li>
 *   <li>I/O: {@code ReadTransferCount} and {@code WriteTransferCount}, every read and write of the
 *       job's processes (files, pipes, devices), not storage alone;</li>
 *   <li>memory: the sum of the working sets of the job's processes ({@code K32GetProcessMemoryInfo});
 *       its peak: the job's peak committed memory ({@code PeakJobMemoryUsed});</li>
 *   <li>open files: the sum of the handle counts;</li>
 *   <li>threads: {@link ResourceUsage#UNKNOWN} (only a system-wide snapshot would tell).</li>
 * </ul>
 *
 * <p>Thread-safety: stateless; safe from any thread. Cost: two job queries, then one
 * OpenProcess and two small queries per process of the unit.
 */
final class JobObjectMeter implements ResourceMeter {
    private final Kernel32 k32;

    JobObjectMeter(Kernel32 k32) {
        this.k32 = k32;
    }

    @Override
    public ResourceUsage sample(LaunchedProcess process) {
        if (!(process instanceof WindowsProcess p)) {
            throw new IllegalArgumentException("process " + process.pid() + " was not started by the Windows adapter's "
                    + "launcher; only processes it started can be measured");
        }
        if (!p.isAlive()) {
            return ResourceUsage.NONE;
        }
        WindowsConfinement job = p.job();
        JobObjectBasicAndIoAccountingInformation accounting = job.accounting();
        if (accounting == null) {
            return ResourceUsage.NONE; // released: the unit has ended
        }
        JobObjectExtendedLimitInformation limits = job.extendedLimits();
        long workingSets = 0;
        long handles = 0;
        boolean measured = false;
        for (int pid : job.processIds()) {
            HANDLE h = k32.OpenProcess(Win32.PROCESS_QUERY_LIMITED_INFORMATION | Win32.PROCESS_VM_READ, false, pid);
            if (h == null) {
                continue; // ended between the listing and now
            }
            try {
                ProcessMemoryCounters counters = new ProcessMemoryCounters();
                if (k32.K32GetProcessMemoryInfo(h, counters, counters.size())) {
                    workingSets += counters.WorkingSetSize;
                    measured = true;
                }
                IntByReference count = new IntByReference();
                if (k32.GetProcessHandleCount(h, count)) {
                    handles += Integer.toUnsignedLong(count.getValue());
                }
            } finally {
                k32.CloseHandle(h);
            }
        }
        JobObjectBasicAccountingInformation basic = accounting.BasicInfo;
        return new ResourceUsage(
                (basic.TotalUserTime + basic.TotalKernelTime) * 100,
                measured ? workingSets : ResourceUsage.UNKNOWN,
                limits != null ? limits.PeakJobMemoryUsed : ResourceUsage.UNKNOWN,
                basic.ActiveProcesses,
                ResourceUsage.UNKNOWN,
                measured ? handles : ResourceUsage.UNKNOWN,
                accounting.IoInfo.ReadTransferCount,
                accounting.IoInfo.WriteTransferCount);
    }
}
