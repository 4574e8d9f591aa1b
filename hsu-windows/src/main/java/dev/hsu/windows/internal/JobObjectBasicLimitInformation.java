package dev.hsu.windows.internal;

import com.sun.jna.Structure.FieldOrder;

/** {@code JOBOBJECT_BASIC_LIMIT_INFORMATION} (winnt.h), 64 bytes on 64-bit. Times in 100 ns. */
@FieldOrder({"PerProcessUserTimeLimit", "PerJobUserTimeLimit", "LimitFlags", "MinimumWorkingSetSize",
        "MaximumWorkingSetSize", "ActiveProcessLimit", "Affinity", "PriorityClass", "SchedulingClass"})
public class JobObjectBasicLimitInformation extends Win32Structure {
    public long PerProcessUserTimeLimit;
    public long PerJobUserTimeLimit;
    public int LimitFlags;
    public long MinimumWorkingSetSize;
    public long MaximumWorkingSetSize;
    public int ActiveProcessLimit;
    public long Affinity;
    public int PriorityClass;
    public int SchedulingClass;
}
