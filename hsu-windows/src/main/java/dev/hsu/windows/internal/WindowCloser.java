package dev.hsu.windows.internal;

import com.sun.jna.platform.win32.WinDef.HWND;
import com.sun.jna.ptr.IntByReference;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Asks GUI programs to close, the graceful stop of a program without a console: {@code WM_CLOSE}
 * is posted to the main windows of the given processes, found with {@code EnumWindows}. A main
 * window is a visible top-level window without an owner (what .NET's {@code CloseMainWindow} and a
 * click on the close box address); hidden helper windows (IME, message windows) are left alone.
 *
 * <p>Thread-safety: safe from any thread (EnumWindows calls back on the calling thread).
 */
final class WindowCloser {
    private final User32 user32;

    WindowCloser(User32 user32) {
        this.user32 = user32;
    }

    /** @return how many windows were asked to close */
    int close(Collection<Integer> processIds) {
        if (processIds.isEmpty()) {
            return 0;
        }
        List<HWND> targets = new ArrayList<>();
        User32.EnumWindowsProc visit = (window, data) -> {
            IntByReference owner = new IntByReference();
            user32.GetWindowThreadProcessId(window, owner);
            if (processIds.contains(owner.getValue()) && user32.IsWindowVisible(window)
                    && user32.GetWindow(window, Win32.GW_OWNER) == null) {
                targets.add(window);
            }
            return true;
        };
        user32.EnumWindows(visit, null);
        int posted = 0;
        for (HWND window : targets) {
            if (user32.PostMessageW(window, Win32.WM_CLOSE, 0, 0)) {
                posted++;
            }
        }
        return posted;
    }
}
