package dev.hsu.windows.internal;

import com.sun.jna.Pointer;
import com.sun.jna.Structure.FieldOrder;
import com.sun.jna.platform.win32.WinNT.HANDLE;

/**
 * {@code JOBOBJECT_ASSOCIATE_COMPLETION_PORT} (winnt.h), 16 bytes on 64-bit; information class 7.
 * The job then posts its messages (memory limit hit, process limit hit, ...) to the port with
 * {@code CompletionKey}.
 */
@FieldOrder({"CompletionKey", "CompletionPort"})
public class JobObjectAssociateCompletionPort extends Win32Structure {
    public long CompletionKey;
    public HANDLE CompletionPort;

    public JobObjectAssociateCompletionPort() {
    }

    public JobObjectAssociateCompletionPort(Pointer p) {
        super(p);
    }
}
