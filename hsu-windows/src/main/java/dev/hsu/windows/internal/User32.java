package dev.hsu.windows.internal;

import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.WinDef.HWND;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.win32.StdCallLibrary;

/**
 * The user32 functions the adapter calls to close a GUI program's windows (its graceful stop).
 * Interface mapping, so that tests can hand the adapter a mock.
 *
 * <p>Thread-safety: the functions are thread-safe.
 */
public interface User32 extends StdCallLibrary {

    boolean EnumWindows(EnumWindowsProc callback, Pointer data);

    /** @return the id of the thread that created the window; the process id goes into {@code processId} */
    int GetWindowThreadProcessId(HWND window, IntByReference processId);

    boolean IsWindowVisible(HWND window);

    HWND GetWindow(HWND window, int command);

    boolean PostMessageW(HWND window, int message, long wParam, long lParam);

    /** {@code WNDENUMPROC}: return true to go on enumerating. */
    interface EnumWindowsProc extends StdCallCallback {
        boolean callback(HWND window, Pointer data);
    }
}
