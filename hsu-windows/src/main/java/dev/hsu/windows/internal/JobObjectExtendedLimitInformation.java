package dev.hsu.windows.internal;

import com.sun.jna.Pointer;
import com.sun.jna.Structure.FieldOrder;

/**
 * {@code JOBOBJECT_EXTENDED_LIMIT_INFORMATION} (winnt.h), 144 bytes on 64-bit; information class 9.
 * Memory values are committed bytes.
 */
@FieldOrder({"BasicLimitInformation", "IoInfo", "ProcessMemoryLimit", "JobMemoryLimit", "PeakProcessMemoryUsed",
        "PeakJobMemoryUsed"})
public class JobObjectExtendedLimitInformation extends Win32Structure {
    public JobObjectBasicLimitInformation BasicLimitInformation;
    public IoCounters IoInfo;
    public long ProcessMemoryLimit;
    public long JobMemoryLimit;
    public long PeakProcessMemoryUsed;
    public long PeakJobMemoryUsed;

    public JobObjectExtendedLimitInformation() {
    }

    public JobObjectExtendedLimitInformation(Pointer p) {
        super(p);
    }
}
