package dev.hsu.windows.internal;

import com.sun.jna.Structure.FieldOrder;
import com.sun.jna.platform.win32.WinNT.HANDLE;

/** {@code PROCESS_INFORMATION} (processthreadsapi.h), 24 bytes on 64-bit. */
@FieldOrder({"hProcess", "hThread", "dwProcessId", "dwThreadId"})
public class ProcessInformation extends Win32Structure {
    public HANDLE hProcess;
    public HANDLE hThread;
    public int dwProcessId;
    public int dwThreadId;
}
