package dev.hsu.windows.internal;

import com.sun.jna.Structure.FieldOrder;

/**
 * {@code JOBOBJECT_BASIC_ACCOUNTING_INFORMATION} (winnt.h), 48 bytes; information class 1. Times
 * in 100 ns, including processes of the job that have ended.
 */
@FieldOrder({"TotalUserTime", "TotalKernelTime", "ThisPeriodTotalUserTime", "ThisPeriodTotalKernelTime",
        "TotalPageFaultCount", "TotalProcesses", "ActiveProcesses", "TotalTerminatedProcesses"})
public class JobObjectBasicAccountingInformation extends Win32Structure {
    public long TotalUserTime;
    public long TotalKernelTime;
    public long ThisPeriodTotalUserTime;
    public long ThisPeriodTotalKernelTime;
    public int TotalPageFaultCount;
    public int TotalProcesses;
    public int ActiveProcesses;
    public int TotalTerminatedProcesses;
}
