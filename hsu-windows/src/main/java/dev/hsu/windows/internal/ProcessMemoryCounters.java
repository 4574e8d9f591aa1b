package dev.hsu.windows.internal;

import com.sun.jna.Structure.FieldOrder;

/** {@code PROCESS_MEMORY_COUNTERS} (psapi.h), 72 bytes on 64-bit. {@code cb} must be set to {@link #size()}. */
@FieldOrder({"cb", "PageFaultCount", "PeakWorkingSetSize", "WorkingSetSize", "QuotaPeakPagedPoolUsage",
        "QuotaPagedPoolUsage", "QuotaPeakNonPagedPoolUsage", "QuotaNonPagedPoolUsage", "PagefileUsage",
        "PeakPagefileUsage"})
public class ProcessMemoryCounters extends Win32Structure {
    public int cb;
    public int PageFaultCount;
    public long PeakWorkingSetSize;
    public long WorkingSetSize;
    public long QuotaPeakPagedPoolUsage;
    public long QuotaPagedPoolUsage;
    public long QuotaPeakNonPagedPoolUsage;
    public long QuotaNonPagedPoolUsage;
    public long PagefileUsage;
    public long PeakPagefileUsage;

    @SuppressWarnings("this-escape") // size() only lays out the declared fields
    public ProcessMemoryCounters() {
        cb = size();
    }
}
