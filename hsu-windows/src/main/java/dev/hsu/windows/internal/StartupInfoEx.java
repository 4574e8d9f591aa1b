package dev.hsu.windows.internal;

import com.sun.jna.Pointer;
import com.sun.jna.Structure.FieldOrder;
import com.sun.jna.platform.win32.WinNT.HANDLE;

/**
 * {@code STARTUPINFOEXW} (winbase.h): {@code STARTUPINFOW} (104 bytes on 64-bit) followed by the
 * attribute list pointer, 112 bytes in all. {@code cb} must be set to {@link #size()}.
 */
@FieldOrder({"cb", "lpReserved", "lpDesktop", "lpTitle", "dwX", "dwY", "dwXSize", "dwYSize", "dwXCountChars",
        "dwYCountChars", "dwFillAttribute", "dwFlags", "wShowWindow", "cbReserved2", "lpReserved2", "hStdInput",
        "hStdOutput", "hStdError", "lpAttributeList"})
public class StartupInfoEx extends Win32Structure {
    public int cb;
    public Pointer lpReserved;
    public Pointer lpDesktop;
    public Pointer lpTitle;
    public int dwX;
    public int dwY;
    public int dwXSize;
    public int dwYSize;
    public int dwXCountChars;
    public int dwYCountChars;
    public int dwFillAttribute;
    public int dwFlags;
    public short wShowWindow;
    public short cbReserved2;
    public Pointer lpReserved2;
    public HANDLE hStdInput;
    public HANDLE hStdOutput;
    public HANDLE hStdError;
    public Pointer lpAttributeList;

    @SuppressWarnings("this-escape") // size() only lays out the declared fields
    public StartupInfoEx() {
        cb = size();
    }
}
