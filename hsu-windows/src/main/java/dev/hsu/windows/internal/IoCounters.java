package dev.hsu.windows.internal;

import com.sun.jna.Structure.FieldOrder;

/**
 * {@code IO_COUNTERS} (winnt.h), 48 bytes. Counts every I/O operation of the processes (files,
 * pipes, devices), not only storage.
 */
@FieldOrder({"ReadOperationCount", "WriteOperationCount", "OtherOperationCount", "ReadTransferCount",
        "WriteTransferCount", "OtherTransferCount"})
public class IoCounters extends Win32Structure {
    public long ReadOperationCount;
    public long WriteOperationCount;
    public long OtherOperationCount;
    public long ReadTransferCount;
    public long WriteTransferCount;
    public long OtherTransferCount;
}
