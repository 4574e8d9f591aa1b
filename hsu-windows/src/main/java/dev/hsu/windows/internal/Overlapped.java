package dev.hsu.windows.internal;

import com.sun.jna.Pointer;
import com.sun.jna.Structure.FieldOrder;

/**
 * {@code OVERLAPPED} (minwinbase.h), 32 bytes on 64-bit. {@code Internal} holds the NTSTATUS of
 * the I/O: {@link Win32#STATUS_PENDING} while it runs ({@code HasOverlappedIoCompleted} reads it).
 * Its memory must stay put while an I/O is pending: the adapter keeps one per pipe for the pipe's life.
 */
@FieldOrder({"Internal", "InternalHigh", "Offset", "OffsetHigh", "hEvent"})
public class Overlapped extends Win32Structure {
    public long Internal;
    public long InternalHigh;
    public int Offset;
    public int OffsetHigh;
    public Pointer hEvent;

    /** Reads {@code Internal} straight from native memory, where the kernel writes it. */
    boolean completed() {
        return getPointer().getLong(offsetOf("Internal")) != Win32.STATUS_PENDING;
    }
}
