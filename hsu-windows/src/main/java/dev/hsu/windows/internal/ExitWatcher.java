package dev.hsu.windows.internal;

import com.sun.jna.CallbackThreadInitializer;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.WinNT.HANDLE;
import com.sun.jna.platform.win32.WinNT.HANDLEByReference;

/**
 * Learns of process exits without a thread per process: {@code RegisterWaitForSingleObject} hands
 * each process handle to the Windows thread pool, whose wait threads each wait for up to 63
 * handles at once; when a process ends, its wait thread calls {@link #callback}, which only posts
 * the process's key to the {@link IocpLoop}. The exit itself is handled on the loop thread.
 *
 * <p>The callback is one object for all processes (the context is the key), attached to the JVM
 * once per wait thread and kept attached ({@link CallbackThreadInitializer}), so an exit costs no
 * thread creation or JVM attach.
 *
 * <p>Thread-safety: safe from any thread.
 */
final class ExitWatcher {
    private final Kernel32 k32;
    private final Kernel32.WaitCallback callback;

    ExitWatcher(Kernel32 k32, IocpLoop loop) {
        this.k32 = k32;
        this.callback = (context, timedOut) -> loop.post(Pointer.nativeValue(context));
        Native.setCallbackThreadInitializer(callback, new CallbackThreadInitializer(true, false, "hsu-windows-wait"));
    }

    /** The callback given to Windows (for tests: calling it is what a wait thread does). */
    Kernel32.WaitCallback callback() {
        return callback;
    }

    /**
     * Starts waiting for {@code process}; its exit posts {@code key}. Fires at once if it has
     * already ended.
     *
     * @return the wait handle, for {@link #unwatch}
     */
    HANDLE watch(HANDLE process, long key) throws Win32CallException {
        HANDLEByReference wait = new HANDLEByReference();
        if (!k32.RegisterWaitForSingleObject(wait, process, callback, new Pointer(key), Win32.INFINITE,
                Win32.WT_EXECUTEONLYONCE | Win32.WT_EXECUTEINWAITTHREAD)) {
            throw new Win32CallException("RegisterWaitForSingleObject", k32.lastError());
        }
        return wait.getValue();
    }

    /**
     * Frees the wait. After the callback has run this cannot block; an ERROR_IO_PENDING failure
     * (callback still returning) still frees it.
     */
    void unwatch(HANDLE wait) {
        if (wait != null) {
            k32.UnregisterWait(wait);
        }
    }
}
